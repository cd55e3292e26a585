"""The edit session: undo/redo, dirty files, field and structure edits, reloading from disk."""

from __future__ import annotations

from decimal import Decimal

import pytest

from model.history import WORKSPACE_KEY, EditError, project_key, unit_key
from tests.model.history.helpers import rules, session


def test_amount_edit_brings_f1_and_undo_removes_it():
    s = session()
    u = s.ws.units[0]
    p = u.projects[0]
    assert rules(s) == []
    s.set_project_field(u, p, "total", "12.00")
    assert p.total == Decimal("12.00")
    assert "F1" in rules(s) and "F3" in rules(s)
    f1 = next(d for d in s.diagnostics() if d.rule == "F1")
    assert f1.project_id == "p01" and f1.field == "total" and "多 2.00 万元" in f1.message
    assert s.dirty == {project_key("u01", "p01")}
    s.undo()
    assert p.total == Decimal("10.00")
    assert rules(s) == [] and s.dirty == set()
    s.redo()
    assert p.total == Decimal("12.00") and s.is_dirty()


def test_typing_merges_into_one_undo_step_and_bad_text_is_kept():
    s = session()
    u, p = s.ws.units[0], s.ws.units[0].projects[0]
    for text in ("1", "1x", "1"):
        s.set_project_field(u, p, "other", text, typing=True)
    s.set_project_field(u, p, "other", "1x", typing=True)
    assert p.other == "1x"
    assert any(d.rule == "F2" and d.field == "other" for d in s.diagnostics())
    assert len(s.undo_stack) == 1
    s.close_merge()
    s.set_project_field(u, p, "other", "2", typing=True)
    assert len(s.undo_stack) == 2
    s.undo()
    assert p.other == "1x"
    s.undo()
    assert p.other is None and not s.is_dirty()


def test_saving_then_undo_makes_dirty_again():
    s = session()
    u, p = s.ws.units[0], s.ws.units[0].projects[0]
    s.set_project_field(u, p, "name", "新名称")
    s.mark_all_saved()
    assert not s.is_dirty()
    s.undo()
    assert p.name == "甲项目" and s.dirty == {project_key("u01", "p01")}
    s.redo()
    assert not s.is_dirty()


def test_category_pick_from_code_table_sets_level1_and_refuses_free_text():
    s = session()
    u, p = s.ws.units[0], s.ws.units[0].projects[0]
    s.set_category(u, p, 0, 2, "社会")
    assert p.indicators[0].level2 == "22-社会效益" and p.indicators[0].level1 == "2-效益指标"
    assert "P1" in rules(s)  # no 产出 left in p01
    with pytest.raises(EditError):
        s.set_category(u, p, 0, 2, "随便写")
    s.set_category(u, p, 0, 1, "1")
    assert p.indicators[0].level1 == "1-产出指标" and p.indicators[0].level2 == ""
    s.undo()
    s.undo()
    assert p.indicators[0].level1 == "1-产出指标" and p.indicators[0].level2 == "11-数量指标"
    assert rules(s) == []


def test_indicator_add_duplicate_move_delete_round_trip():
    s = session()
    u, p = s.ws.units[0], s.ws.units[0].projects[0]
    names = lambda: [i.name for i in p.indicators]  # noqa: E731
    s.add_indicator(u, p)
    assert len(p.indicators) == 3 and "I3" in rules(s)
    s.set_indicator_field(u, p, 2, "name", "新增")
    s.duplicate_indicator(u, p, 0)
    assert names() == ["数量", "数量", "效益", "新增"]
    assert "I6" in rules(s)
    s.move_indicator(u, p, 3, -3)
    assert names() == ["新增", "数量", "数量", "效益"]
    s.delete_indicator(u, p, 1)
    assert names() == ["新增", "数量", "效益"]
    for _ in range(5):
        s.undo()
    assert names() == ["数量", "效益"] and not s.is_dirty() and rules(s) == []
    for _ in range(5):
        s.redo()
    assert names() == ["新增", "数量", "效益"]


def test_projects_and_units_add_delete_move_dirty_the_right_files():
    s = session()
    u = s.ws.units[0]
    ch = s.add_project(u)
    p = u.projects[-1]
    assert p.id == "p03" and set(ch.files) == {unit_key("u01"), project_key("u01", "p03")}
    assert s.dirty == {unit_key("u01"), project_key("u01", "p03")}
    assert "P2" in rules(s)  # empty name
    s.undo()
    assert s.dirty == set() and len(u.projects) == 2
    s.redo()
    assert u.projects[-1] is p
    s.delete_project(u, u.projects[0])
    assert [x.id for x in u.projects] == ["p02", "p03"]
    assert s.state(project_key("u01", "p01")) is None
    assert project_key("u01", "p01") in s.dirty
    # a deleted id is never reused in the session (its file may still be on disk)
    s.add_project(u)
    assert u.projects[-1].id == "p04"
    s.move_project(u, u.projects[-1], -2)
    assert [x.id for x in u.projects] == ["p04", "p02", "p03"]
    s.add_unit()
    nu = s.ws.units[-1]
    assert nu.id == "u02" and WORKSPACE_KEY in s.dirty and unit_key("u02") in s.dirty
    assert "U1" in rules(s)
    s.duplicate_unit(u)
    dup = s.ws.units[1]
    assert dup.name == "某单位（副本）" and [x.id for x in dup.projects] == ["p04", "p02", "p03"]
    assert dup.projects[0] is not u.projects[0]
    assert project_key(dup.id, "p02") in s.dirty
    s.delete_unit(dup)
    assert project_key(dup.id, "p02") not in s.dirty  # created and deleted: nothing to save
    while s.undo():
        pass
    assert not s.is_dirty() and [x.id for x in u.projects] == ["p01", "p02"] and len(s.ws.units) == 1


def test_duplicate_names_p2_follow_renames():
    s = session()
    u = s.ws.units[0]
    s.set_project_field(u, u.projects[1], "name", "甲项目")
    p2 = [d for d in s.diagnostics() if d.rule == "P2"]
    assert len(p2) == 1 and p2[0].project_id == "p02"
    assert s.project_diagnostics(u, u.projects[1])[0].rule == "P2"
    s.set_project_field(u, u.projects[0], "name", "丙项目")
    assert "P2" not in rules(s)


def test_reload_project_from_disk_is_clean_and_undoable():
    s = session()
    u, p = s.ws.units[0], s.ws.units[0].projects[0]
    disk = p.model_copy(deep=True)
    disk.name = "磁盘上的名称"
    disk.indicators.pop()
    s.reload_project(u, p, disk)
    assert p.name == "磁盘上的名称" and len(p.indicators) == 1 and not s.is_dirty()
    assert "P1" in rules(s)
    s.undo()
    assert p.name == "甲项目" and s.is_dirty(project_key("u01", "p01"))


def test_year_must_be_a_number():
    s = session()
    with pytest.raises(EditError, match="年度"):
        s.set_workspace_field("year", "二〇二五")
    s.set_workspace_field("year", "")
    assert s.ws.year is None
