"""The ids new projects and units get (model/history/ids.py)."""

from __future__ import annotations

from model.history import EditSession
from model.history.ids import Ids
from model.workspace import Unit
from tests.model.history.helpers import file_of, make_ws


def test_new_ids_skip_ids_on_disk_and_ids_used_before():
    ws = make_ws()  # u01 with p01 and p02
    u = ws.units[0]
    ids = Ids(ws, reserved={"u01": ["p03"]}, reserved_units=["u02"])
    assert ids.new_project_id(u) == "p04"
    assert ids.new_unit_id(ws) == "u03"
    ids.use_projects("u01", ["p04"])
    assert ids.new_project_id(u) == "p05"
    ids.use_unit("u03", ["p01"])
    assert ids.new_unit_id(ws) == "u04"
    assert ids.new_project_id(Unit(id="u03")) == "p02"


def test_a_session_never_reuses_the_id_of_an_unreadable_file():
    s = EditSession(make_ws(), file_of, reserved={"u01": ["p03"]}, reserved_units=["u02"])
    s.add_project(s.ws.units[0])
    s.add_unit()
    assert [p.id for p in s.ws.units[0].projects] == ["p01", "p02", "p04"]
    assert [u.id for u in s.ws.units] == ["u01", "u03"]
