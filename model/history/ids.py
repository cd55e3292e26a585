"""The ids a session gives new projects and units (``p03``, ``u02``): never one used during the
session, nor one a file holds that the model could not read, since a file of that name may still
be on disk."""

from __future__ import annotations

from typing import Iterable

from model.workspace import Unit, Workspace


class Ids:
    def __init__(self, ws: Workspace, reserved: dict[str, Iterable[str]] | None = None,
                 reserved_units: Iterable[str] = ()) -> None:
        """``reserved`` maps a unit id to project ids that exist on disk but not in the model;
        ``reserved_units``: unit ids likewise."""
        self._projects: dict[str, set[str]] = {u.id: {p.id for p in u.projects} for u in ws.units}
        for uid, ids in (reserved or {}).items():
            self._projects.setdefault(uid, set()).update(ids)
        self._units: set[str] = {u.id for u in ws.units} | set(reserved_units)

    def new_project_id(self, unit: Unit) -> str:
        """A project id free in this unit (not yet taken: see :meth:`use_project`)."""
        taken = self._projects.setdefault(unit.id, set()) | {p.id for p in unit.projects}
        return next_id("p", taken)

    def new_unit_id(self, ws: Workspace) -> str:
        """A unit id free in the workspace (not yet taken: see :meth:`use_unit`)."""
        return next_id("u", self._units | {u.id for u in ws.units})

    def use_projects(self, uid: str, pids: Iterable[str]) -> None:
        """These project ids of unit ``uid`` are taken."""
        self._projects.setdefault(uid, set()).update(pids)

    def use_unit(self, uid: str, pids: Iterable[str] = ()) -> None:
        """This unit id is taken, and these project ids within it."""
        self._units.add(uid)
        self.use_projects(uid, pids)


def next_id(prefix: str, taken: set[str]) -> str:
    """The first free id with at least two digits, and enough for one more than are taken."""
    width = max(2, len(str(len(taken) + 1)))
    n = 1
    while True:
        cand = f"{prefix}{n:0{width}d}"
        if cand not in taken:
            return cand
        n += 1
