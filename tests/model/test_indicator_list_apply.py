"""An indicator list read back put into a workspace: which project, and what is kept."""

from model.indicator_list.apply import apply_to_workspace, new_workspace
from model.indicator_list.rows import ListEntry
from model.workspace import Indicator, Project, Unit, Workspace

OLD = Indicator(level1="1-产出指标", level2="13-时效指标", name="完成率", period="（完成数÷计划数）×100%>=98%",
                annual="90%或以上")


def workspace():
    return Workspace(year=2025, units=[
        Unit(id="u1", name="甲单位", projects=[Project(id="p1", name="运维", total="5.00", indicators=[OLD])]),
        Unit(id="u2", name="乙单位", projects=[Project(id="p1", name="运维", indicators=[OLD])])])


def entry(unit, project, ind, missing=()):
    return ListEntry("第2行第1列", unit, project, ind, frozenset(missing), {"项目名称": "第2行第2列"})


def test_the_unit_names_the_project_and_nothing_else_changes():
    ws = workspace()
    new = Indicator(level1="产出指标", level2="时效指标", name="完成率", period="≥98%", annual="≥95%")
    result = apply_to_workspace(ws, [entry("乙 单位", "运维", new, {"period.definition", "annual.definition"})])
    assert [c.summary() for c in result.changes] == ["「运维」：1 个指标（修改 1）"]
    # same reading without the definition the list has no column for: the typed text stays
    assert ws.units[1].projects[0].indicators == [OLD.model_copy(update={"annual": "≥95%"})]
    assert ws.units[0].projects[0].indicators == [OLD] and ws.units[0].projects[0].total is not None
    assert [(u.name, p.name) for u, p in result.untouched] == [("甲单位", "运维")]


def test_a_value_the_list_does_not_have_is_kept():
    ws = workspace()
    new = Indicator(level1="1-产出指标", level2="13-时效指标", name="完成率", period="", annual="≥95%")
    apply_to_workspace(ws, [entry("甲单位", "运维", new, {"period"})])
    assert ws.units[0].projects[0].indicators[0].period == OLD.period


def test_an_unknown_unit_or_a_name_two_units_share_refuses_and_changes_nothing():
    ws = workspace()
    new = Indicator(level1="1-产出指标", level2="11-数量指标", name="新指标", period="1个", annual="1个")
    result = apply_to_workspace(ws, [entry("甲单位", "运维", new), entry("丙单位", "运维", new), entry("", "运维", new)])
    assert [(p.where, p.message) for p in result.errors] == [
        ("第2行第2列", "工作区中没有单位「丙单位」（有：甲单位、乙单位）"),
        ("第2行第2列", "项目「运维」有 2 个（甲单位、乙单位）：清单需要单位名称列来区分"),
    ]
    assert ws == workspace()


def test_a_new_workspace_has_the_projects_without_amounts():
    ws = new_workspace([entry("甲单位", "运维", OLD), entry("甲单位", "运维", OLD), entry("甲单位", "开发", OLD)], Workspace().codes, 2025)
    assert ws.department == "甲单位" and ws.year == 2025
    assert [(p.name, len(p.indicators), p.total, p.goal) for p in ws.units[0].projects] == [("运维", 2, None, ""), ("开发", 1, None, "")]
