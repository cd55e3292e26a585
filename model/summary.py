"""What the editor's tree, workspace overview and title show: each node's name, problem counts
and unsaved mark, and the workspace's totals.

``LiveSummary`` answers from an edit session, on demand. ``freeze`` copies all its answers into
a ``FrozenSummary`` of plain data, which a child process can compute and pickle at start-up:
the editor paints its first screen from that copy while it is still loading the models, then
switches to the live summary. Both answer the same questions, so the screen is drawn by one
path. This module itself never imports pydantic (the first screen must not wait for it).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Union

from model.diagnostic import Diagnostic
from model.filekey import project_key

if TYPE_CHECKING:
    from model.history import EditSession


@dataclass(frozen=True, slots=True)
class NodeInfo:
    name: str
    errors: int = 0
    warnings: int = 0
    dirty: bool = False


@dataclass(frozen=True)
class Overview:
    """The workspace as its overview shows it."""

    title: str
    department: str
    year: int | None
    sums: dict[str, Decimal | None]  # 合计 per funding column (None: cannot be computed)
    counts: tuple[int, int, int]  # units, projects, indicators
    diagnostics: list[Diagnostic]  # every diagnostic of the workspace


def _info(name: str, diags: list[Diagnostic], dirty: bool) -> NodeInfo:
    errors = sum(1 for d in diags if d.severity == "error")
    return NodeInfo(name, errors, len(diags) - errors, dirty)


class LiveSummary:
    """The summary of an edit session; ``extra``: problems found while reading (unreadable
    files, structure), counted on the workspace."""

    def __init__(self, session: EditSession, extra: list[Diagnostic]) -> None:
        self.session = session
        self.extra = extra

    def root(self) -> NodeInfo:
        return _info(self.session.ws.title, self.diagnostics(), self.session.is_dirty())

    def year(self) -> int | None:
        return self.session.ws.year

    def department(self) -> str:
        return self.session.ws.department

    def unit_ids(self) -> list[str]:
        return [u.id for u in self.session.ws.units]

    def unit(self, uid: str) -> NodeInfo | None:
        u = self.session.unit(uid)
        if u is None:
            return None
        return _info(u.name, self.session.unit_diagnostics(u), self.session.unit_dirty(uid))

    def project_ids(self, uid: str) -> list[str]:
        u = self.session.unit(uid)
        return [] if u is None else [p.id for p in u.projects]

    def project(self, uid: str, pid: str) -> NodeInfo | None:
        found = self.session.project(uid, pid)
        if found is None:
            return None
        u, p = found
        return _info(p.name, self.session.project_diagnostics(u, p), self.session.is_dirty(project_key(uid, pid)))

    def diagnostics(self) -> list[Diagnostic]:
        return [*self.extra, *self.session.diagnostics()]

    def dirty_count(self) -> int:
        return len(self.session.dirty)

    def overview(self) -> Overview:
        ws = self.session.ws
        return Overview(ws.title, ws.department, ws.year, ws.sums(), ws.counts(), self.diagnostics())


@dataclass(frozen=True)
class FrozenSummary:
    """Every answer of a summary at one moment, as plain data (picklable)."""

    root_info: NodeInfo
    units: dict[str, NodeInfo]  # in workspace order
    projects: dict[str, dict[str, NodeInfo]]  # unit id -> project id -> info, in order
    view: Overview
    dirty: int

    def root(self) -> NodeInfo:
        return self.root_info

    def year(self) -> int | None:
        return self.view.year

    def department(self) -> str:
        return self.view.department

    def unit_ids(self) -> list[str]:
        return list(self.units)

    def unit(self, uid: str) -> NodeInfo | None:
        return self.units.get(uid)

    def project_ids(self, uid: str) -> list[str]:
        return list(self.projects.get(uid, ()))

    def project(self, uid: str, pid: str) -> NodeInfo | None:
        return self.projects.get(uid, {}).get(pid)

    def diagnostics(self) -> list[Diagnostic]:
        return self.view.diagnostics

    def dirty_count(self) -> int:
        return self.dirty

    def overview(self) -> Overview:
        return self.view


# what the editor reads names and marks from: both classes answer the same methods
Summary = Union[LiveSummary, FrozenSummary]


def freeze(summary: Summary) -> FrozenSummary:
    units = {uid: summary.unit(uid) for uid in summary.unit_ids()}
    projects = {uid: {pid: summary.project(uid, pid) for pid in summary.project_ids(uid)} for uid in units}
    return FrozenSummary(summary.root(), units, projects, summary.overview(), summary.dirty_count())
