"""The semantic diff (model/diff/compare.py) and its text (tui/text/diff_text.py), on the sample workspace."""

from decimal import Decimal

import pytest

from model.diff import diff_workspaces, project_field_differences
from model.workspace import Indicator, Project, Unit, Workspace
from storage.workspace.store import Store
from tests.paths import SAMPLE
from tui.text.diff_text import plain, render_diff


@pytest.fixture(scope="module")
def base() -> Workspace:
    return Store.open(SAMPLE).workspace


def copy(ws: Workspace) -> Workspace:
    new = ws.model_copy(deep=True)
    new.codes = ws.codes
    return new


def proj(ws: Workspace, pid: str) -> Project:
    return next(p for p in ws.units[0].projects if p.id == pid)


def test_identical_workspaces_have_no_diff(base):
    d = diff_workspaces(base, copy(base))
    assert d.is_empty()
    assert render_diff(d, "HEAD", "工作区", plain)[1:] == ["没有变化"]


def test_funding_change_names_project_with_exact_difference_and_totals(base):
    new = copy(base)
    p = proj(new, "p02")
    p.total, p.fiscal = "150.00", "150.00"
    d = diff_workspaces(base, new)
    [u] = d.units
    [pd] = u.projects
    assert (pd.unit_id, pd.project_id, pd.status, pd.name) == ("u01", "p02", "changed", "市人社数据服务中心业务运行工作经费")
    fiscal = next(c for c in pd.changes if c.field == "fiscal")
    assert (fiscal.old, fiscal.new, fiscal.delta) == (Decimal("144.33"), Decimal("150.00"), Decimal("5.67"))
    assert [(c.field, c.old, c.new) for c in u.sums] == [
        ("total", Decimal("4402.83"), Decimal("4408.50")), ("fiscal", Decimal("4402.83"), Decimal("4408.50"))]
    assert [c.delta for c in d.sums] == [Decimal("5.67"), Decimal("5.67")]
    lines = render_diff(d, "HEAD", "工作区（未提交）", plain)
    assert lines == [
        "比较：HEAD → 工作区（未提交）",
        "~ 单位 u01 广州市人力资源和社会保障数据服务中心",
        "  ~ p02 市人社数据服务中心业务运行工作经费",
        "      总计：144.33 → 150.00（+5.67）",
        "      财政拨款：144.33 → 150.00（+5.67）",
        "  单位合计：",
        "      总计：4,402.83 → 4,408.50（+5.67）",
        "      财政拨款：4,402.83 → 4,408.50（+5.67）",
        "合计：",
        "    总计：4,402.83 → 4,408.50（+5.67）",
        "    财政拨款：4,402.83 → 4,408.50（+5.67）",
    ]


def test_blank_and_invalid_amounts(base):
    new = copy(base)
    p = proj(new, "p01")
    p.other = "1.5"  # blank -> 1.50: difference counted from zero
    p.special = "一百"  # not a number: no difference, sums cannot be computed
    d = diff_workspaces(base, new)
    changes = {c.field: c for c in d.units[0].projects[0].changes}
    assert changes["other"].old is None and changes["other"].delta == Decimal("1.50")
    assert changes["special"].new == "一百" and changes["special"].delta is None
    text = "\n".join(render_diff(d, "a", "b"))
    assert "其他资金：空 → 1.50（+1.50）" in text
    assert "财政专户拨款：空 → 「一百」" in text
    assert "财政专户拨款：0.00 → 无法计算" in text


def test_rename_is_the_same_project(base):
    new = copy(base)
    proj(new, "p03").name = "新名称的项目"
    [pd] = diff_workspaces(base, new).units[0].projects
    assert pd.status == "changed" and pd.renamed
    assert [(c.field, c.old, c.new) for c in pd.changes] == [("name", proj(base, "p03").name, "新名称的项目")]


def test_added_removed_and_moved_projects(base):
    new = copy(base)
    unit = new.units[0]
    removed = unit.projects.pop(6)  # p07
    unit.projects.insert(0, unit.projects.pop(9))  # p11 to the front
    unit.projects.append(Project(id="p20", name="新增项目", total="20", fiscal="20",
                                 indicators=[Indicator(level1="1", level2="11", name="数量", period="1个", annual="1个")]))
    d = diff_workspaces(base, new)
    by_id = {p.project_id: p for p in d.units[0].projects}
    assert set(by_id) == {"p07", "p11", "p20"}
    assert by_id["p07"].status == "removed" and by_id["p07"].old.name == removed.name
    assert by_id["p20"].status == "added"
    assert by_id["p11"].status == "moved" and (by_id["p11"].old_index, by_id["p11"].new_index) == (11, 1)
    total = [c for c in d.sums if c.field == "total"][0]
    assert total.delta == Decimal("20.00") - removed.total
    text = "\n".join(render_diff(d, "a", "b"))
    assert "+ p20 新增项目（新增）：总计 20.00，财政拨款 20.00；1 个指标" in text
    assert f"- p07 {removed.name}（删除）：总计 {removed.total}，财政拨款 {removed.fiscal}；2 个指标" in text
    assert "在单位中的顺序：第 11 项 → 第 1 项" in text


def test_indicator_reorder_is_not_a_rewrite(base):
    new = copy(base)
    inds = proj(new, "p05").indicators
    inds.insert(0, inds.pop(2))  # 保障机房安全 to the front
    [pd] = diff_workspaces(base, new).units[0].projects
    assert [(i.status, i.name, i.old_index, i.new_index) for i in pd.indicators] == [("moved", "保障机房安全", 3, 1)]
    assert pd.changes == ()
    text = render_diff(diff_workspaces(base, new), "a", "b")
    assert "      ↕ 指标「保障机房安全」顺序：第 3 项 → 第 1 项" in text


def test_indicators_matched_by_name_and_category(base):
    new = copy(base)
    inds = proj(new, "p05").indicators
    inds[0].level2 = "12-质量指标"  # same name, category changed
    inds[1].name = "机架翻新检测合格率"  # same category and values: renamed
    inds[2].annual = "（无事故发生天数÷运维天数）×100%≥99.5%"
    inds.reverse()
    inds.append(Indicator(level1="3-满意度指标", level2="31-服务对象满意度", name="满意度", period="≥90%", annual="≥90%"))
    [pd] = diff_workspaces(base, new).units[0].projects
    got = {(i.status, i.name): [(c.field, c.old, c.new) for c in i.changes] for i in pd.indicators}
    assert got == {
        ("changed", "维修维护覆盖率"): [("level2", "11-数量指标", "12-质量指标")],
        ("changed", "机架翻新检测合格率"): [("name", "机架翻新检测通过率", "机架翻新检测合格率")],
        ("changed", "保障机房安全"): [("annual", "（无事故发生天数÷运维天数）×100%≥99%", "（无事故发生天数÷运维天数）×100%≥99.5%")],
        ("added", "满意度"): [],
    }
    assert pd.indicators_reordered


def test_rewritten_indicator_is_removed_and_added(base):
    new = copy(base)
    ind = proj(new, "p05").indicators[0]
    ind.name, ind.annual = "完全不同的指标", "5次"
    [pd] = diff_workspaces(base, new).units[0].projects
    assert sorted((i.status, i.name) for i in pd.indicators) == [("added", "完全不同的指标"), ("removed", "维修维护覆盖率")]


def test_goal_changes_by_sentence_and_character(base):
    new = copy(base)
    p = proj(new, "p01")
    p.goal = p.goal.replace("保障中心日常办公需要。", "保障中心日常工作需要。") + "3.新增一个句子。"
    [pd] = diff_workspaces(base, new).units[0].projects
    [goal] = pd.changes
    assert goal.kind == "long_text"
    changed, added = goal.edits
    assert changed.kind == "changed" and changed.old.startswith("保障中心日常办公需要。")
    assert [(s.op, s.text) for s in changed.segments if s.op != "="] == [("-", "办公"), ("+", "工作")]
    assert added.kind == "added" and added.new == "3.新增一个句子。"
    text = render_diff(diff_workspaces(base, new), "a", "b")
    assert "        保障中心日常[-办公-]{+工作+}需要。 " in text
    assert "        {+3.新增一个句子。+}" in text


def test_units_added_removed_and_renamed(base):
    new = copy(base)
    new.units[0].name = "改名后的单位"
    new.units[0].control.total = Decimal("5000.00")
    new.units.append(Unit(id="u02", name="二级单位", projects=[Project(id="p01", name="甲", total="1", fiscal="1")]))
    d = diff_workspaces(base, new)
    u1, u2 = d.units
    assert [(c.field, c.new) for c in u1.changes] == [("name", "改名后的单位"), ("control.total", Decimal("5000.00"))]
    assert u2.status == "added" and [p.status for p in u2.projects] == ["added"]
    assert [(c.field, c.delta) for c in u2.sums] == [("total", Decimal("1.00")), ("fiscal", Decimal("1.00"))]
    back = diff_workspaces(new, base)
    assert [u.status for u in back.units] == ["changed", "removed"]
    text = render_diff(d, "a", "b")
    assert "    总计控制数：4,402.83 → 5,000.00（+597.17）" in text
    assert "+ 单位 u02 二级单位（新增）" in text


def test_no_workspace_on_one_side(base):
    d = diff_workspaces(None, base)
    assert d.created and len(d.units[0].projects) == 19
    assert all(p.status == "added" for p in d.units[0].projects)


def test_field_differences_for_a_conflict(base):
    a = proj(base, "p05")
    b = a.model_copy(deep=True)
    b.fiscal = b.total = Decimal("40.00")
    b.indicators[2].annual = "≥99%"
    b.indicators.pop(0)
    b.indicators.append(Indicator(level1="3", level2="31", name="满意度", period="≥90%", annual="≥90%"))
    fields = [c.field for c in project_field_differences(a, b, base.codes)]
    assert fields == ["total", "fiscal", "indicators[2].annual", "indicators+[3]", "indicators-[1]"]


def test_json_form_is_plain_data(base):
    import json

    new = copy(base)
    proj(new, "p02").fiscal = "150.00"
    data = json.loads(json.dumps(diff_workspaces(base, new).to_dict(), ensure_ascii=False))
    change = data["units"][0]["projects"][0]["changes"][0]
    assert change == {"field": "fiscal", "label": "财政拨款", "old": "144.33", "new": "150.00", "kind": "amount",
                      "delta": "5.67", "edits": []}


def test_a_value_rewritten_without_changing_its_reading_is_marked_so(base):
    # p01 物品入库率 ≥98% / ≥98% (seed): >=98% reads the same, ≥99% does not
    new = copy(base)
    ind = proj(new, "p01").indicators[0]
    ind.period, ind.annual = ">=98%", "≥99%"
    [pd] = diff_workspaces(base, new).units[0].projects
    [ic] = pd.indicators
    assert [(c.field, c.old, c.new, c.kind) for c in ic.changes] == [
        ("period", "≥98%", ">=98%", "value_form"), ("annual", "≥98%", "≥99%", "value")]
    text = render_diff(diff_workspaces(base, new), "a", "b", plain)
    assert "      ~ 指标1「物品入库率」实施周期指标值：≥98% → >=98%（只改了写法，读作相同）" in text
    assert "      ~ 指标1「物品入库率」年度指标值：≥98% → ≥99%" in text


def test_deadlines_compare_by_day(base):
    new, newer = copy(base), copy(base)
    proj(new, "p01").indicators[0].annual = "2026年12月底前"
    proj(newer, "p01").indicators[0].annual = "2026年12月31日前完成"
    [ic] = diff_workspaces(new, newer).units[0].projects[0].indicators
    assert [c.kind for c in ic.changes] == ["value_form"]
    proj(newer, "p01").indicators[0].annual = "2026年6月30日前"
    [ic] = diff_workspaces(new, newer).units[0].projects[0].indicators
    assert [c.kind for c in ic.changes] == ["value"]
