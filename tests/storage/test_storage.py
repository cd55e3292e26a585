import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.workspace import Funding, Indicator, Project, Unit, Workspace
from storage.toml.canonical import emit_string
from storage.workspace.store import ConflictError, StorageError, Store, write_new_workspace
from tests.paths import SAMPLE, SAMPLE_REVIEW


def test_sample_loads():
    store = Store.open(SAMPLE)
    ws = store.workspace
    assert store.problems == []
    assert (ws.title, ws.department, ws.year) == ("项目支出绩效目标表（含转移支付项目）", "广州市人力资源和社会保障数据服务中心", 2025)
    assert ws.counts() == (1, 19, 81)
    assert ws.sums()["total"] == Decimal("4402.83")
    assert [p.id for p in ws.units[0].projects][:3] == ["p01", "p02", "p03"]


def test_editing_one_amount_changes_exactly_that_line(sample_copy):
    path = sample_copy / "u01" / "p02.toml"
    text = path.read_text("utf-8")
    # a person annotated the file by hand
    text = text.replace("fiscal = 144.33\n", "fiscal = 144.33  # 以财政局批复为准\n")
    text = "# 2025 年第二轮评审后修改\n\n" + text
    path.write_text(text, "utf-8")
    other = (sample_copy / "u01" / "p03.toml").read_bytes()
    unit_file = (sample_copy / "u01" / "unit.toml").read_bytes()

    store = Store.open(sample_copy)
    unit = store.workspace.units[0]
    p = unit.projects[1]
    p.fiscal = Decimal("150.00")
    assert store.save_project(unit, p) is True

    before, after = text.splitlines(), path.read_text("utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after)
    assert changed == [("fiscal = 144.33  # 以财政局批复为准", "fiscal = 150.00  # 以财政局批复为准")]
    assert (sample_copy / "u01" / "p03.toml").read_bytes() == other
    assert (sample_copy / "u01" / "unit.toml").read_bytes() == unit_file
    assert Store.open(sample_copy).workspace.units[0].projects[1].fiscal == Decimal("150.00")


def test_saving_unchanged_project_writes_nothing(sample_copy):
    store = Store.open(sample_copy)
    unit = store.workspace.units[0]
    path = sample_copy / "u01" / "p01.toml"
    mtime = path.stat().st_mtime_ns
    assert store.save_project(unit, unit.projects[0]) is False
    assert path.stat().st_mtime_ns == mtime


def test_indicator_edits_keep_comments(sample_copy):
    path = sample_copy / "u01" / "p01.toml"
    text = path.read_text("utf-8").replace('name = "物品验收率"', 'name = "物品验收率"  # 见验收单')
    path.write_text(text, "utf-8")
    store = Store.open(sample_copy)
    unit = store.workspace.units[0]
    p = unit.projects[0]
    p.indicators[1].annual = "100%"
    p.indicators.append(Indicator(level1="3-满意度指标", level2="31-服务对象满意度", name="使用人员满意度", period="≥90%", annual="≥90%"))
    store.save_project(unit, p)
    saved = path.read_text("utf-8")
    assert 'name = "物品验收率"  # 见验收单\nperiod = "≥98%"\nannual = "100%"\n' in saved
    assert saved.endswith('[[indicators]]\nlevel1 = "3-满意度指标"\nlevel2 = "31-服务对象满意度"\nname = "使用人员满意度"\nperiod = "≥90%"\nannual = "≥90%"\n')
    del p.indicators[0]
    store.save_project(unit, p)
    again = Store.open(sample_copy).workspace.units[0].projects[0]
    assert [i.name for i in again.indicators] == ["物品验收率", "新购置设备使用率（%）", "使用人员满意度"]


def test_blank_amount_removes_the_key(sample_copy):
    store = Store.open(sample_copy)
    unit = store.workspace.units[0]
    p = unit.projects[0]
    p.other = Decimal("0.00")
    store.save_project(unit, p)
    assert "other = 0.00\n" in (sample_copy / "u01" / "p01.toml").read_text("utf-8")
    p.other = None
    store.save_project(unit, p)
    assert "other" not in (sample_copy / "u01" / "p01.toml").read_text("utf-8")


def test_refuses_to_overwrite_a_file_changed_on_disk(sample_copy):
    store = Store.open(sample_copy)
    unit = store.workspace.units[0]
    path = sample_copy / "u01" / "p01.toml"
    theirs = path.read_text("utf-8").replace("total = 17.60", "total = 18.60")
    path.write_text(theirs, "utf-8")
    assert store.changed_on_disk() == ["u01/p01.toml"]
    unit.projects[0].goal = "新的目标"
    with pytest.raises(ConflictError) as e:
        store.save_project(unit, unit.projects[0])
    assert "u01/p01.toml 已在磁盘上被修改" in str(e.value)
    assert path.read_text("utf-8") == theirs
    store.save_project(unit, unit.projects[0], force=True)
    assert "新的目标" in path.read_text("utf-8")


def test_unparseable_file_is_reported_and_the_rest_loads(sample_copy):
    bad = sample_copy / "u01" / "p03.toml"
    lines = bad.read_text("utf-8").splitlines()
    lines[2] = "fiscal = 315.00.00"
    bad.write_text("\n".join(lines) + "\n", "utf-8")
    store = Store.open(sample_copy)
    [d] = store.problems
    assert (d.rule, d.file, d.line, d.severity) == ("S1", "u01/p03.toml", 3, "error")
    assert d.message.startswith("TOML 语法错误")
    assert len(store.workspace.units[0].projects) == 18
    assert "u01/p03.toml" in store.broken
    with pytest.raises(StorageError):  # never overwrite what we could not read
        store.write_text("u01/p03.toml", "x = 1\n")


def test_unknown_key_and_wrong_type_are_reported(sample_copy):
    p = sample_copy / "u01" / "p04.toml"
    p.write_text(p.read_text("utf-8").replace("goal =", "colour = \"red\"\ngoal ="), "utf-8")
    q = sample_copy / "u01" / "p05.toml"
    q.write_text(q.read_text("utf-8").replace('name = "市人社', 'name = 5\nxname = "市人社'), "utf-8")
    store = Store.open(sample_copy)
    msgs = {d.file: d.message for d in store.problems}
    assert msgs["u01/p04.toml"] == "未知字段 colour"
    assert "name 应为文本" in msgs["u01/p05.toml"]


def test_amount_text_is_kept_and_flagged(sample_copy):
    p = sample_copy / "u01" / "p01.toml"
    p.write_text(p.read_text("utf-8").replace("fiscal = 17.60", 'fiscal = "十七点六"'), "utf-8")
    store = Store.open(sample_copy)
    proj = store.workspace.units[0].projects[0]
    assert proj.fiscal == "十七点六"
    assert [d.rule for d in store.diagnostics()] == ["F2", *SAMPLE_REVIEW]


def test_missing_workspace_file():
    with pytest.raises(StorageError, match="缺少 jixiao.toml"):
        Store.open(Path(__file__).parent)


def test_project_file_not_in_order_list_is_appended(sample_copy):
    (sample_copy / "u01" / "p99.toml").write_text('name = "新项目"\ntotal = 1.00\nfiscal = 1.00\ngoal = "目标"\n', "utf-8")
    store = Store.open(sample_copy)
    assert store.workspace.units[0].projects[-1].name == "新项目"
    assert [d.rule for d in store.problems] == ["S2"]


def test_write_new_workspace_refuses_non_empty(tmp_path):
    (tmp_path / "x.txt").write_text("keep me")
    with pytest.raises(StorageError, match="不是空文件夹"):
        write_new_workspace(Workspace(), tmp_path)
    assert (tmp_path / "x.txt").read_text() == "keep me"


def test_atomic_save_leaves_no_temp_files(sample_copy):
    store = Store.open(sample_copy)
    unit = store.workspace.units[0]
    unit.projects[0].total = Decimal("1.00")
    store.save_project(unit, unit.projects[0])
    assert not [p for p in (sample_copy / "u01").iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("text", ["短文本", 'a "quoted" \\ back', "多行\n第二行", "通过项目实施：1.完成。 2.按照。" * 5, "tab\there", " 首尾空格 " * 10, '结尾引号"' * 9])
def test_emit_string_round_trips(text):
    assert tomllib.loads(f"x = {emit_string(text)}\n")["x"] == text


# -- model -> TOML -> model ------------------------------------------------------------------

text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=80)
amount = st.one_of(
    st.none(),
    st.decimals(min_value=0, max_value=10**8, places=2, allow_nan=False, allow_infinity=False),
)
indicator = st.builds(Indicator, level1=text, level2=text, name=text, period=text, annual=text)
project = st.builds(Project, name=text, goal=text, total=amount, fiscal=amount, special=amount, other=amount,
                    indicators=st.lists(indicator, max_size=4))
unit = st.builds(Unit, name=text, control=st.builds(Funding, total=amount, fiscal=amount), projects=st.lists(project, max_size=3))
workspace = st.builds(Workspace, title=text, department=text, year=st.none() | st.integers(2000, 2100), units=st.lists(unit, max_size=3))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(workspace)
def test_model_toml_model_round_trip(tmp_path_factory, ws):
    from storage.published.rows import assign_ids

    assign_ids(ws)
    target = tmp_path_factory.mktemp("ws")
    write_new_workspace(ws, target)
    back = Store.open(target)
    assert back.problems == []
    assert back.workspace.model_dump() == ws.model_dump()


def test_workspace_code_table_file(sample_copy):
    (sample_copy / "codes.toml").write_text(
        "# 财预〔2021〕101号：成本指标为一级指标\n"
        '[[level1]]\ncode = "1"\nname = "产出指标"\nrequired = true\n'
        '[[level1]]\ncode = "2"\nname = "效益指标"\nrequired = true\n'
        '[[level1]]\ncode = "3"\nname = "满意度指标"\n'
        '[[level1]]\ncode = "4"\nname = "成本指标"\n'
        '[[level2]]\ncode = "11"\nname = "数量指标"\n'
        '[[level2]]\ncode = "12"\nname = "质量指标"\n'
        '[[level2]]\ncode = "13"\nname = "时效指标"\n'
        '[[level2]]\ncode = "21"\nname = "经济效益"\n'
        '[[level2]]\ncode = "22"\nname = "社会效益"\n'
        '[[level2]]\ncode = "31"\nname = "服务对象满意度"\n'
        '[[level2]]\ncode = "41"\nname = "经济成本"\naliases = ["经济成本指标"]\n',
        "utf-8",
    )
    store = Store.open(sample_copy)
    assert store.problems == []
    assert store.workspace.codes.resolve("41-经济成本", 2).category.parent == "4"
    assert [d.rule for d in store.diagnostics()] == SAMPLE_REVIEW  # R7 finds 4-成本指标 by its name
    unit = store.workspace.units[0]
    unit.projects[0].indicators[0].level1 = "4-成本指标"
    unit.projects[0].indicators[0].level2 = "41-经济成本"
    assert [d.rule for d in store.diagnostics()] == SAMPLE_REVIEW
    unit.projects[0].indicators[0].level2 = "14-成本指标"  # in the default table, not in this one
    assert [d.rule for d in store.diagnostics()] == ["I1", "R1", "R7"]  # R6 waits for the I1 in p01


def test_invalid_code_table_falls_back_to_default(sample_copy):
    (sample_copy / "codes.toml").write_text('[[level1]]\ncode = "1"\nname = "产出指标"\n[[level2]]\ncode = "21"\nname = "经济效益"\n', "utf-8")
    store = Store.open(sample_copy)
    [d] = store.problems
    assert (d.rule, d.file) == ("S1", "codes.toml")
    assert "二级指标 21-经济效益 的上级代码 '2' 不在一级指标中" in d.message
    assert store.workspace.codes.resolve("22-社会效益", 2).problem is None


def test_edits_to_a_canonical_file_keep_it_canonical(sample_copy, tmp_path):
    """Adding, changing and removing through tomlkit gives the bytes a fresh write would."""
    store = Store.open(sample_copy)
    unit = store.workspace.units[0]
    p = unit.projects[0]
    p.indicators.append(Indicator(level1="1-产出指标", level2="13-时效指标", name="采购完成及时率", period="≥95%", annual="≥95%"))
    p.indicators.append(Indicator(level1="3-满意度指标", level2="31-服务对象满意度", name="使用人员满意度", period="≥90%", annual="≥90%"))
    p.other = Decimal("1.00")
    p.total = Decimal("18.60")
    store.save_project(unit, p)
    write_new_workspace(store.workspace, tmp_path / "fresh")
    assert (sample_copy / "u01" / "p01.toml").read_bytes() == (tmp_path / "fresh" / "u01" / "p01.toml").read_bytes()
    del p.indicators[1:3]
    p.other = None
    store.save_project(unit, p)
    write_new_workspace(store.workspace, tmp_path / "fresh2")
    assert (sample_copy / "u01" / "p01.toml").read_bytes() == (tmp_path / "fresh2" / "u01" / "p01.toml").read_bytes()


def test_no_control_figure_check_while_a_project_is_unreadable(sample_copy):
    bad = sample_copy / "u01" / "p06.toml"
    good = bad.read_text("utf-8")
    bad.write_text(good.replace("total = 13.25", "total = 13.25.0"), "utf-8")
    store = Store.open(sample_copy)
    assert store.workspace.units[0].unreadable == ["p06"]
    # the unit's sum lacks p06's 13.25, but that is not a budget error: S1 alone says why
    assert [d.rule for d in store.diagnostics()] == ["S1", *SAMPLE_REVIEW]
    bad.write_text(good, "utf-8")
    store = Store.open(sample_copy)
    assert store.workspace.units[0].unreadable == []
    store.workspace.units[0].projects[5].total = store.workspace.units[0].projects[5].fiscal = Decimal("14.25")
    assert [d.rule for d in store.diagnostics()] == [*SAMPLE_REVIEW, "F3", "F3"]
