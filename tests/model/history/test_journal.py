"""The recovery journal's side of a session: file states as plain data, and a journal restored
as one undoable change (model/history/journal.py)."""

from __future__ import annotations

from decimal import Decimal

from model.history import project_key, unit_key
from model.history.journal import RESTORE_LABEL, file_state, plan_restore, states_of
from tests.model.history.helpers import make_ws, session


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


def test_states_are_plain_data_by_file():
    ws = make_ws()
    st = states_of(ws, [project_key("u01", "p02"), unit_key("u01"), project_key("u01", "p09")])
    assert st["workspace"] is None and list(st["units"]) == ["u01"]
    assert st["units"]["u01"]["projects"] == ["p01", "p02"]
    assert st["projects"]["u01/p02"]["total"] == "5.00" and "id" not in st["projects"]["u01/p02"]
    assert st["projects"]["u01/p09"] is None  # no such file in the model
    assert file_state(ws, unit_key("u09")) is None


def test_a_restore_is_planned_without_touching_the_workspace():
    s = session()
    u = s.ws.units[0]
    s.set_project_field(u, u.projects[0], "name", "改名")
    s.delete_project(u, u.projects[1])
    journal = s.dirty_states()

    ws = make_ws()
    before = ws.model_dump()
    plan = plan_restore(ws, journal)
    assert ws.model_dump() == before
    assert plan is not None and plan.change.label == RESTORE_LABEL
    assert plan.change.files == (project_key("u01", "p01"), project_key("u01", "p02"), unit_key("u01"))
    assert plan.project_ids == [("u01", "p01"), ("u01", "p02")] and plan.unit_ids == []
    for op in plan.change.ops:
        op.apply()
    assert [(p.id, p.name) for p in ws.units[0].projects] == [("p01", "改名")]
    assert plan_restore(ws, {"workspace": None, "units": {}, "projects": {}}) is None
