"""Compound edits for bulk entry: each is one undo step, with the same diagnostics as a full check."""

from __future__ import annotations

from decimal import Decimal

import pytest

from model.codes import default_codes
from model.history import EditError, project_key
from model.paste import parse_paste
from model.replace import plan_canonical_values, plan_replace
from model.validate import validate_workspace
from model.workspace import Indicator
from tests.model.history.helpers import file_of, session


def names(p) -> list[str]:
    return [i.name for i in p.indicators]


def same_as_full_check(s) -> None:
    assert s.diagnostics() == validate_workspace(s.ws, file_of)


def test_insert_pasted_indicators_is_one_step():
    s = session()
    u = s.ws.units[0]
    p = u.projects[0]
    pasted = parse_paste("11\t巡检次数\t≥12次\t≥12次\n12\t验收合格率\t100%\t100%\n", default_codes())
    ch = s.insert_indicators(u, p, 1, pasted.indicators)
    assert names(p) == ["数量", "巡检次数", "验收合格率", "效益"]
    assert ch.label == "粘贴 2 个指标" and ch.where.indicator == 1
    assert s.dirty == {project_key("u01", "p01")}
    same_as_full_check(s)
    s.undo()
    assert names(p) == ["数量", "效益"] and not s.is_dirty()
    s.redo()
    assert names(p) == ["数量", "巡检次数", "验收合格率", "效益"]
    assert s.insert_indicators(u, p, 0, []) is None


def test_fill_down_copies_the_cell_above_and_both_category_levels():
    s = session()
    u = s.ws.units[0]
    p = u.projects[0]
    s.fill_down(u, p, 1, "level2")
    assert (p.indicators[1].level1, p.indicators[1].level2) == ("1-产出指标", "11-数量指标")
    s.fill_down(u, p, 1, "name")
    assert p.indicators[1].name == "数量"
    assert "I6" in [d.rule for d in s.diagnostics()]  # now a duplicate indicator
    same_as_full_check(s)
    s.undo()
    s.undo()
    assert (p.indicators[1].level2, p.indicators[1].name) == ("22-社会效益", "效益")
    assert s.fill_down(u, p, 1, "period") is None  # the same value: no change
    with pytest.raises(EditError, match="第一行"):
        s.fill_down(u, p, 0, "name")


def test_copy_values_between_period_and_annual_for_many_rows():
    s = session()
    u = s.ws.units[0]
    p = u.projects[0]
    s.set_indicator_field(u, p, 0, "annual", "≥95%")
    s.set_indicator_field(u, p, 1, "annual", "100人")
    ch = s.copy_values(u, p, [0, 1], "annual", "period")
    assert [(i.period, i.annual) for i in p.indicators] == [("≥95%", "≥95%"), ("100人", "100人")]
    assert ch.label == "2 个指标：年度指标值复制到实施周期指标值"
    s.undo()
    assert [i.period for i in p.indicators] == ["≥90%", "≥90%"]
    with pytest.raises(EditError):
        s.copy_values(u, p, [0], "name", "period")


def test_add_indicator_to_many_projects_is_one_step():
    s = session()
    u = s.ws.units[0]
    p1, p2 = u.projects
    ind = Indicator(level1="3-满意度指标", level2="31-服务对象满意度", name="满意度", period="≥90%", annual="≥90%")
    s.add_indicator_to_many([(u, p1), (u, p2)], ind)
    assert names(p1)[-1] == names(p2)[-1] == "满意度"
    assert p1.indicators[-1] is not p2.indicators[-1]  # each project its own copy
    assert s.dirty == {project_key("u01", "p01"), project_key("u01", "p02")}
    same_as_full_check(s)
    s.undo()
    assert names(p1) == ["数量", "效益"] and names(p2) == ["质量", "效益"] and not s.is_dirty()


def test_set_field_many_changes_only_differing_projects():
    s = session()
    u = s.ws.units[0]
    p1, p2 = u.projects
    ch = s.set_field_many([(u, p1), (u, p2)], "total", "5.00")
    assert ch.label == "1 个项目：修改总计"  # p02 already had 5.00
    assert p1.total == Decimal("5.00") and s.dirty == {project_key("u01", "p01")}
    assert "F1" in [d.rule for d in s.diagnostics()]
    s.set_field_many([(u, p1), (u, p2)], "goal", "新目标。")
    assert p1.goal == p2.goal == "新目标。"
    same_as_full_check(s)
    s.undo()
    s.undo()
    assert (p1.total, p1.goal, p2.goal) == (Decimal("10.00"), "目标。", "目标。") and not s.is_dirty()
    with pytest.raises(EditError):
        s.set_field_many([(u, p1)], "indicators", "x")


def test_apply_replace_plan_as_one_step_and_refuse_stale_plans():
    s = session()
    u = s.ws.units[0]
    p1, p2 = u.projects
    s.set_indicator_field(u, p1, 0, "period", "90%或以上")
    plan = plan_replace(s.ws, "项目", "工程")
    plan += plan_canonical_values(s.ws)
    ch = s.apply_edits("查找替换", plan)
    assert (p1.name, p2.name, p1.indicators[0].period) == ("甲工程", "乙工程", "≥90%")
    assert ch.files == (project_key("u01", "p01"), project_key("u01", "p02"))
    s.undo()
    assert (p1.name, p2.name, p1.indicators[0].period) == ("甲项目", "乙项目", "90%或以上")
    stale = plan_replace(s.ws, "甲", "丙")
    s.set_project_field(u, p1, "name", "甲项目（改）")
    with pytest.raises(EditError, match="请重新预览"):
        s.apply_edits("查找替换", stale)
    assert p1.name == "甲项目（改）"  # nothing applied
