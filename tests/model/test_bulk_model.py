"""Pure parts of bulk entry: pasted rows, completion, find-and-replace plans."""

import pytest

from model.codes import default_codes
from model.completion import IndicatorIndex, TextIndex
from model.paste import parse_paste
from model.replace import (
    fullwidth_punctuation,
    halfwidth_punctuation,
    plan_canonical_values,
    plan_punctuation,
    plan_replace,
)
from storage.workspace.store import Store
from tests.paths import SAMPLE

CODES = default_codes()


@pytest.fixture
def ws():
    return Store.open(SAMPLE).workspace


def test_paste_tab_separated_rows_from_a_spreadsheet():
    text = "12\t设备完好率\t≥95%\t≥95%\n质量指标\t验收合格率\t100%\t100%\r\n2-效益指标\t22-社会效益\t系统可用率\t≥99%\t≥99%\n"
    r = parse_paste(text, CODES)
    assert r.skipped == []
    assert [(i.level1, i.level2, i.name, i.period, i.annual) for i in r.indicators] == [
        ("1-产出指标", "12-质量指标", "设备完好率", "≥95%", "≥95%"),
        ("1-产出指标", "12-质量指标", "验收合格率", "100%", "100%"),
        ("2-效益指标", "22-社会效益", "系统可用率", "≥99%", "≥99%"),
    ]


def test_paste_with_serial_column_and_header_and_bad_rows():
    text = (
        "序号\t一级指标\t二级指标\t三级指标\t实施周期指标值\t年度指标值\n"
        "1\t产出指标\t数量指标\t巡检次数\t≥12次\t≥12次\n"
        "2\t产出指标\t社会效益\t群众知晓率\t≥80%\t≥80%\n"
        "3\t效益指标\t99-未知\t某指标\t1\t1\n"
        "只有一列\n"
        "\n"
        "4\t效益指标\t社会效益\t群众知晓率\t≥80%\t≥80%\n"
    )
    r = parse_paste(text, CODES)
    assert [i.name for i in r.indicators] == ["巡检次数", "群众知晓率"]
    assert [(s.row, s.reason) for s in r.skipped] == [
        (1, "表头行"),
        (3, "二级指标 22-社会效益 不属于一级指标 1-产出指标"),
        (4, r.skipped[2].reason),
        (5, "有 1 列，应为 4 列（二级指标、三级指标、实施周期指标值、年度指标值）或 5 列（前加一级指标），用 Tab 分隔"),
    ]
    assert r.skipped[2].reason.startswith("二级指标代码 99 不在代码表中")


def test_paste_packed_text_of_a_published_table():
    text = "1、1-产出指标;11-数量指标;巡检完成率(%) ;实施周期指标值:98%或以上;年度指标值:98%或以上。2、2-效益；社会效益指标；全年网络系统可用率；实施周期指标值：98%或以上；年度指标值：98%或以上。"
    r = parse_paste(text, CODES)
    assert [(i.level1, i.level2, i.name) for i in r.indicators] == [
        ("1-产出指标", "11-数量指标", "巡检完成率(%)"), ("2-效益指标", "22-社会效益", "全年网络系统可用率"),
    ]


def test_completion_offers_names_with_their_usual_category_and_values(ws):
    index = IndicatorIndex(ws)
    [first, *rest] = index.suggest("巡检")
    assert first.name == "巡检完成率（%）"
    assert (first.level1, first.level2, first.uses) == ("1-产出指标", "11-数量指标", 4)
    assert first.period == "90%或以上"  # the most common of its values
    assert "本年度巡检完成率" in [s.name for s in rest]
    assert index.suggest("") == []
    # a prefix match comes first, then shorter names
    assert [s.name for s in index.suggest("满意", limit=3)] == ["满意度（%）", "场景满意度", "系统用户满意度"]


def test_text_completion_for_goals_and_project_names(ws):
    names = TextIndex.project_names(ws).suggest("软件运维")
    assert names == ["广州市人社数据中心2023年-2024年软件运维项目", "广州市人力资源和社会保障数据服务中心2025-2026年软件运维项目"]
    assert TextIndex.goals(ws).suggest("通过项目实施，开展辅助")[0].startswith("通过项目实施，开展辅助服务工作")


def test_replace_plan_and_preview(ws):
    edits = plan_replace(ws, "巡检完成率", "巡查完成率", fields=("indicator_name",))
    assert len(edits) == 6
    assert edits[0].location() == "市人社数据服务中心业务用房物业管理费项目 › 指标1 › 三级指标"
    assert (edits[0].old, edits[0].new) == ("巡检完成率（%）", "巡查完成率（%）")
    assert plan_replace(ws, "巡检完成率", "x", fields=("goal",)) == []


def test_replace_regex_and_errors(ws):
    edits = plan_replace(ws, r"(\d+)%或以上", r"≥\1%", fields=("value",), regex=True)
    assert {e.new for e in edits} >= {"≥90%", "≥99%"}
    with pytest.raises(ValueError, match="查找内容为空"):
        plan_replace(ws, "", "x")
    with pytest.raises(ValueError, match="正则表达式有误"):
        plan_replace(ws, "(", "x", regex=True)


def test_values_to_comparison_number_unit(ws):
    edits = plan_canonical_values(ws)
    assert {(e.old, e.new) for e in edits} >= {("90%或以上", "≥90%"), ("10万条或以上", "≥10万条"), ("1000个或以上", "≥1000个")}
    assert all(e.field in ("period", "annual") for e in edits)
    assert not [e for e in edits if e.old in ("≥98%", "100%", "（无事故发生天数÷运维天数）×100%≥99%")]


def test_punctuation_style(ws):
    assert fullwidth_punctuation("通过项目实施,投入1,000万元;(市民)卡") == "通过项目实施，投入1,000万元；（市民）卡"
    assert halfwidth_punctuation("巡检完成率（%）") == "巡检完成率(%)"
    edits = plan_punctuation(ws, "full")
    assert len(edits) == 10
    assert {e.project for e in edits} == {
        "广州市人社数据中心2023年广州市社会保障(市民)卡管理系统升级改造项",
        "广州市人力资源和社会保障数据服务中心2024-2025年积分制系统运维项目",
        "广州市人力资源和社会保障数据服务中心2024年广州市事业单位工资信息管理系统建设项目",
        "广州市人力资源和社会保障数据服务中心2025-2026年网络租赁和安全运维项目",
        "广州市人社数据中心2025年人工智能大模型创新应用建设项目",
        "广州市人力资源和社会保障数据服务中心2025-2026年软件运维项目",
    }
