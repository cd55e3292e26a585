"""Files as plain data, for dirtiness and the recovery journal, and restoring a journal.

A file's *state* is what it holds, JSON-able: the workspace file its title, department, year and
unit order; a unit file its name, control figures and project order; a project file the project
without its id; None for a file that does not exist. The session compares states to decide what
is dirty; the recovery journal stores the states of the dirty files (:func:`states_of`), and
:func:`plan_restore` turns a journal back into one change, which the session applies (so the
restore is undoable).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from model.filekey import WORKSPACE_KEY, FileKey, project_key, unit_key
from model.history.editable import WORKSPACE_FIELDS
from model.history.operations import Change, Insert, Op, Reorder, SetAttr, Target, replace_project_ops
from model.workspace import Funding, Project, Unit, Workspace

RESTORE_LABEL = "恢复未保存的修改"


def file_state(ws: Workspace, key: FileKey) -> Any:
    """The plain data a file holds in the model now (None when it does not exist)."""
    if key.kind == "workspace":
        return {"title": ws.title, "department": ws.department, "year": ws.year,
                "units": [u.id for u in ws.units]}
    if key.kind == "unit":
        u = ws.find_unit(key.unit_id)
        if u is None:
            return None
        return {"name": u.name, "control": u.control.model_dump(mode="json"),
                "projects": [p.id for p in u.projects]}
    found = ws.find_project(key.unit_id, key.project_id)
    if found is None:
        return None
    return found[1].model_dump(mode="json", exclude={"id"})


def states_of(ws: Workspace, keys: Iterable[FileKey]) -> dict[str, Any]:
    """The files' current states, JSON-able, as the recovery journal stores them:
    ``{"workspace": state, "units": {uid: state}, "projects": {"uid/pid": state}}``."""
    out: dict[str, Any] = {"workspace": None, "units": {}, "projects": {}}
    for k in sorted(keys):
        if k.kind == "workspace":
            out["workspace"] = file_state(ws, k)
        elif k.kind == "unit":
            out["units"][k.unit_id] = file_state(ws, k)
        else:
            out["projects"][f"{k.unit_id}/{k.project_id}"] = file_state(ws, k)
    return out


@dataclass
class Restore:
    """A journal planned as one change (not applied yet), and the ids it uses."""

    change: Change
    unit_ids: list[str]  # the units it creates
    project_ids: list[tuple[str, str]]  # every project it names, deleted ones included


@dataclass
class _Plan:
    ops: list[Op] = field(default_factory=list)
    files: list[FileKey] = field(default_factory=list)


def plan_restore(ws: Workspace, states: dict[str, Any]) -> Restore | None:
    """The change that gives ``ws`` the states of a journal written by :func:`states_of`
    (None when the journal holds nothing). Projects are restored first, then units (their
    project order deletes the projects that are gone), then the workspace file."""
    projects: dict[str, Any] = states.get("projects") or {}
    units: dict[str, Any] = states.get("units") or {}
    new_units = _new_units(ws, units)
    all_units = {**{u.id: u for u in ws.units}, **new_units}
    plan = _Plan()
    _restore_projects(plan, all_units, projects)
    _restore_units(plan, all_units, units)
    _restore_workspace(plan, ws, states.get("workspace"), new_units)
    if not plan.ops and not plan.files:
        return None
    change = Change(RESTORE_LABEL, plan.ops, tuple(plan.files), Target())
    project_ids = [(uid, pid) for uid, pid in (rel.split("/", 1) for rel in projects)]
    return Restore(change, list(new_units), project_ids)


def _new_units(ws: Workspace, units: dict[str, Any]) -> dict[str, Unit]:
    """The units the journal has and the workspace has not, still empty."""
    present = {u.id for u in ws.units}
    return {uid: Unit(id=uid, name=st.get("name", "")) for uid, st in units.items()
            if st is not None and uid not in present}


def _restore_projects(plan: _Plan, units: dict[str, Unit], projects: dict[str, Any]) -> None:
    """An existing project gets the journal's fields and indicators; a new one is appended to its
    unit (whose state then puts it in place). A deleted project (state None) only names its file:
    its unit's project list removes it."""
    appended: dict[str, int] = {}
    for rel, st in projects.items():
        uid, pid = rel.split("/", 1)
        u = units.get(uid)
        if u is None:
            continue
        plan.files.append(project_key(uid, pid))
        if st is None:
            continue
        fresh = Project.model_validate({**st, "id": pid})
        existing = next((p for p in u.projects if p.id == pid), None)
        if existing is not None:
            plan.ops.extend(replace_project_ops(existing, fresh))
        else:
            n = appended.get(uid, 0)
            plan.ops.append(Insert(u, "projects", len(u.projects) + n, fresh))
            appended[uid] = n + 1


def _restore_units(plan: _Plan, units: dict[str, Unit], states: dict[str, Any]) -> None:
    """Each unit gets the journal's name, control figures and project order."""
    for uid, st in states.items():
        plan.files.append(unit_key(uid))
        u = units.get(uid)
        if u is None or st is None:
            continue
        plan.ops.append(SetAttr(u, "name", u.name, st.get("name", "")))
        plan.ops.append(SetAttr(u, "control", u.control, Funding.model_validate(st.get("control") or {})))
        plan.ops.append(Reorder(u, "projects", [p.id for p in u.projects], list(st.get("projects", []))))


def _restore_workspace(plan: _Plan, ws: Workspace, state: dict[str, Any] | None, new_units: dict[str, Unit]) -> None:
    """The workspace gets the journal's fields, the new units, and the journal's unit order
    (which deletes the units that are gone)."""
    if state is not None or new_units:
        plan.files.append(WORKSPACE_KEY)
    if state is not None:
        plan.ops.extend(SetAttr(ws, f, getattr(ws, f), state[f]) for f in WORKSPACE_FIELDS if f in state)
    for uid, u in new_units.items():
        plan.ops.append(Insert(ws, "units", len(ws.units), u))
        plan.files.append(unit_key(uid))
    if state is not None:
        plan.ops.append(Reorder(ws, "units", None, list(state.get("units", []))))
