"""The edit session: undo/redo, dirty files, incremental validation equal to the full one."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest

from model.history import WORKSPACE_KEY, EditError, EditSession, project_key, unit_key
from model.validate import validate_workspace
from model.workspace import Indicator, Project, Unit, Workspace

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "guangzhou-hrss-2025"


def file_of(u, p):
    return f"{u.id}/unit.toml" if p is None else f"{u.id}/{p.id}.toml"


def make_ws() -> Workspace:
    def ind(l1, l2, name, v="≥90%"):
        return Indicator(level1=l1, level2=l2, name=name, period=v, annual=v)

    p1 = Project(id="p01", name="甲项目", total="10.00", fiscal="10.00", goal="目标。",
                 indicators=[ind("1-产出指标", "11-数量指标", "数量"), ind("2-效益指标", "22-社会效益", "效益")])
    p2 = Project(id="p02", name="乙项目", total="5.00", fiscal="5.00", goal="目标。",
                 indicators=[ind("1-产出指标", "12-质量指标", "质量"), ind("2-效益指标", "22-社会效益", "效益")])
    u = Unit(id="u01", name="某单位", projects=[p1, p2])
    u.control.total = "15.00"
    return Workspace(year=2025, department="某部门", units=[u])


def session(ws=None) -> EditSession:
    return EditSession(ws or make_ws(), file_of)


def rules(s: EditSession) -> list[str]:
    return [d.rule for d in s.diagnostics()]


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


def test_journal_states_restore_into_a_fresh_session():
    s = session()
    u = s.ws.units[0]
    s.set_project_field(u, u.projects[0], "total", "11.00")
    s.delete_project(u, u.projects[1])
    s.add_project(u)
    s.set_project_field(u, u.projects[-1], "name", "新项目")
    s.add_unit()
    s.set_unit_field(s.ws.units[-1], "name", "新单位")
    s.set_workspace_field("year", "2026")
    journal = s.dirty_states()

    fresh = session()
    fresh.restore_states(journal)
    assert fresh.ws.year == 2026
    assert [x.id for x in fresh.ws.units[0].projects] == ["p01", "p03"]
    assert fresh.ws.units[0].projects[0].total == Decimal("11.00")
    assert fresh.ws.units[0].projects[1].name == "新项目"
    assert [x.name for x in fresh.ws.units] == ["某单位", "新单位"]
    assert fresh.dirty == s.dirty
    assert [d.message for d in fresh.diagnostics()] == [d.message for d in s.diagnostics()]
    fresh.undo()
    assert not fresh.is_dirty() and len(fresh.ws.units) == 1


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


def test_random_edits_keep_incremental_validation_equal_to_full_validation():
    from storage.workspace.store import Store

    store = Store.open(SAMPLE)
    s = EditSession(store.workspace, file_of)
    rng = random.Random(7)
    texts = ["", "1", "2.5", "abc", "-1", "4402.83", "0.001"]
    values = ["≥98%", "", "很好", "90%或以上", "≤5秒", "1-2天"]
    for step in range(400):
        ws = s.ws
        u = rng.choice(ws.units)
        if not u.projects:
            s.add_project(u)
            continue
        p = rng.choice(u.projects)
        r = rng.random()
        if r < 0.3:
            s.set_project_field(u, p, rng.choice(["total", "fiscal", "special", "other"]), rng.choice(texts),
                                typing=rng.random() < 0.5)
        elif r < 0.45 and p.indicators:
            s.set_indicator_field(u, p, rng.randrange(len(p.indicators)), rng.choice(["period", "annual", "name"]),
                                  rng.choice(values))
        elif r < 0.55:
            s.set_project_field(u, p, "name", rng.choice(["", "甲", "乙", p.name]))
        elif r < 0.6:
            s.add_indicator(u, p)
        elif r < 0.65 and p.indicators:
            s.delete_indicator(u, p, rng.randrange(len(p.indicators)))
        elif r < 0.7:
            s.duplicate_project(u, p)
        elif r < 0.73:
            s.delete_project(u, p)
        elif r < 0.76:
            s.set_unit_field(u, rng.choice(["name", "control.total"]), rng.choice(["", "1", "某单位"]))
        elif r < 0.78:
            s.add_unit()
        elif r < 0.9:
            s.undo()
        else:
            s.redo()
        if step % 20 == 0:
            full = validate_workspace(s.ws, file_of)
            assert s.diagnostics() == full, step
    while s.undo():
        pass
    assert not s.is_dirty()
    assert s.diagnostics() == validate_workspace(s.ws, file_of)
