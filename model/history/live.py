"""Diagnostics kept up to date edit by edit: after a change only the files it touched are
revalidated, and the answers equal a full ``validate_workspace`` (same diagnostics, same order).

Four caches: each project's own diagnostics; each unit's (U1 empty name, then the unit rules: P2
duplicates, control figures); the U1 duplicate-name diagnostics, by unit; and each unit's list in
workspace order, rebuilt on demand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from model.codes import CodeTable
from model.diagnostic import Diagnostic
from model.filekey import FileKey
from model.validate import (
    FileOf,
    check_unit_name,
    check_workspace_text,
    duplicate_unit_names,
    no_files,
    validate_project,
    validate_unit_rules,
)
from model.workspace import Project, Unit, Workspace


@dataclass
class _Scope:
    """What a change to some files asks to revalidate."""

    workspace: bool = False  # the unit list or names may have changed
    units: set[str] = field(default_factory=set)  # the unit and all its projects
    projects: set[tuple[str, str]] = field(default_factory=set)  # the project alone
    unit_rules: set[str] = field(default_factory=set)  # the unit's rules, not its projects

    @classmethod
    def of(cls, files: Iterable[FileKey]) -> _Scope:
        scope = cls()
        for k in files:
            if k.kind == "workspace":
                scope.workspace = True
            elif k.kind == "unit":
                scope.units.add(k.unit_id)
            else:
                scope.projects.add((k.unit_id, k.project_id))
                scope.unit_rules.add(k.unit_id)
        return scope


class LiveDiagnostics:
    """The diagnostics of a workspace that edits change in place; tell it which files each
    change touched (:meth:`revalidate`)."""

    def __init__(self, ws: Workspace, codes: CodeTable, file_of: FileOf = no_files) -> None:
        self.ws = ws
        self.codes = codes
        self.rules = ws.rules  # severities and parameters (rules.toml), read with the workspace
        self.file_of = file_of
        self._project: dict[tuple[str, str], list[Diagnostic]] = {}
        self._unit: dict[str, list[Diagnostic]] = {}  # U1 empty name + unit rules
        self._duplicate: dict[str, list[Diagnostic]] = {}  # U1 duplicate names, by unit id
        self._flat: dict[str, list[Diagnostic]] = {}  # per unit, in workspace order
        self._all: list[Diagnostic] | None = None
        self._year = ws.year  # what month-day deadlines were read in (I5)
        self.revalidate_all()

    # -- answers ------------------------------------------------------------------------------

    def diagnostics(self) -> list[Diagnostic]:
        """Every diagnostic of the workspace, as ``validate_workspace`` lists them."""
        if self._all is None:
            out: list[Diagnostic] = self.rules.apply(check_workspace_text(self.ws))
            for u in self.ws.units:
                out.extend(self.unit_diagnostics(u))
            self._all = out
        return self._all

    def unit_diagnostics(self, u: Unit) -> list[Diagnostic]:
        """The unit's diagnostics in workspace order (as ``validate_workspace`` lists them)."""
        flat = self._flat.get(u.id)
        if flat is None:
            flat = list(self._duplicate.get(u.id, ()))
            own = self._unit.get(u.id, [])
            flat.extend(d for d in own if d.rule == "U1")
            for p in u.projects:
                flat.extend(self._project.get((u.id, p.id), ()))
            flat.extend(d for d in own if d.rule != "U1")
            self._flat[u.id] = flat
        return flat

    def project_diagnostics(self, u: Unit, p: Project) -> list[Diagnostic]:
        """The project's own diagnostics plus unit-level ones that name it (P2 duplicates)."""
        own = list(self._project.get((u.id, p.id), ()))
        own.extend(d for d in self._unit.get(u.id, ()) if d.project_id == p.id)
        return own

    # -- revalidating -------------------------------------------------------------------------

    def revalidate_all(self) -> None:
        """Validate the whole workspace again."""
        self._year = self.ws.year
        self._project.clear()
        self._unit.clear()
        for u in self.ws.units:
            self._validate_unit(u, all_projects=True)
        self._validate_unit_names()
        self._flat.clear()
        self._all = None

    def revalidate(self, files: Iterable[FileKey]) -> None:
        """Bring the caches up to date after a change (or its undo) to these files."""
        if self.ws.year != self._year:  # every 12月31日前 is a day of another year now
            self.revalidate_all()
            return
        scope = _Scope.of(files)
        if scope.workspace:
            self._forget_removed_units()
            scope.units.update(u.id for u in self.ws.units if u.id not in self._unit)
        whole = [u for u in map(self.ws.find_unit, scope.units) if u is not None]
        for u in whole:
            self._validate_unit(u, all_projects=True)
        if scope.workspace or whole:
            self._validate_unit_names()
        for uid, pid in scope.projects:
            if uid not in scope.units:
                self._revalidate_project(uid, pid)
        for uid in scope.unit_rules - scope.units:
            u = self.ws.find_unit(uid)
            if u is not None:
                self._validate_unit(u, all_projects=False)
        self._all = None

    def _forget_removed_units(self) -> None:
        present = {u.id for u in self.ws.units}
        for uid in [uid for uid in self._unit if uid not in present]:
            del self._unit[uid]
            self._flat.pop(uid, None)
            self._forget_projects(uid)

    def _forget_projects(self, uid: str) -> None:
        for k in [k for k in self._project if k[0] == uid]:
            del self._project[k]

    def _revalidate_project(self, uid: str, pid: str) -> None:
        found = self.ws.find_project(uid, pid)
        if found is None:
            self._project.pop((uid, pid), None)
        else:
            self._validate_project(*found)

    def _validate_project(self, u: Unit, p: Project) -> None:
        self._project[(u.id, p.id)] = validate_project(p, self.codes, u.name, self.file_of(u, p), u.id,
                                                       self.ws.year, self.rules)

    def _validate_unit(self, u: Unit, all_projects: bool) -> None:
        if all_projects:
            self._forget_projects(u.id)
            for p in u.projects:
                self._validate_project(u, p)
        self._unit[u.id] = [*self.rules.apply(check_unit_name(u, self.file_of)),
                            *validate_unit_rules(u, self.file_of, self.rules)]
        self._flat.pop(u.id, None)

    def _validate_unit_names(self) -> None:
        self._duplicate = {u.id: self.rules.apply([d]) for u, d in duplicate_unit_names(self.ws.units, self.file_of)}
        self._flat.clear()
