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
from itertools import pairwise
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
    comments: int = 0  # open 审核意见 (projects only)


@dataclass(frozen=True)
class Overview:
    """The workspace as its overview shows it."""

    title: str
    department: str
    year: int | None
    sums: dict[str, Decimal | None]  # 合计 per funding column (None: cannot be computed)
    counts: tuple[int, int, int]  # units, projects, indicators
    diagnostics: list[Diagnostic]  # every diagnostic of the workspace


# a dropped prefix never ends inside a year or a number ("…中心2023年" drops "…中心")
_NUMBERISH = frozenset("0123456789０１２３４５６７８９-－—~～至年月日")
MIN_PREFIX = 4  # shorter shared beginnings are words, not an organisation's name
MIN_REST = 4  # what is left after the prefix is dropped


def short_names(unit_name: str, names: list[str]) -> list[str]:
    """The part of each project name that tells it from its siblings: the unit's name at its
    start dropped, or a beginning it shares with at least two siblings (the office's name
    written the same way: "市人社数据服务中心购置经费" → "购置经费"), cut back so that a year
    stays whole. A name that would keep fewer than ``MIN_REST`` characters stays whole."""
    counts: dict[str, int] = {}
    for name in set(names):
        for i in range(MIN_PREFIX, len(name)):
            counts[name[:i]] = counts.get(name[:i], 0) + 1
    out = []
    for name in names:
        cut = len(unit_name) if unit_name and name.startswith(unit_name) else 0
        if not cut:
            for i in range(len(name) - 1, MIN_PREFIX - 1, -1):
                if counts.get(name[:i], 0) >= 3:
                    cut = i
                    break
        while cut and name[cut - 1] in _NUMBERISH:
            cut -= 1
        out.append(name[cut:] if cut >= MIN_PREFIX and len(name) - cut >= MIN_REST else name)
    return out


def differs_at(names: list[str]) -> list[tuple[int, int]]:
    """For each name, where it first differs from the sibling most like it (the character a
    shortened label must keep to tell them apart), and where it differs from the next most like
    ones (a shortened label's head must reach past it). In sorted order the likeness of two
    names is the least of the likenesses of the neighbours between them, so this walks only as
    far as the closest group reaches."""
    order = sorted(range(len(names)), key=names.__getitem__)
    adjacent = [_common(names[a], names[b]) for a, b in pairwise(order)]  # adjacent[k]: k and k+1
    out = [(0, 0)] * len(names)
    for k, i in enumerate(order):
        left = adjacent[k - 1] if k else -1
        right = adjacent[k] if k < len(adjacent) else -1
        first = max(left, right, 0)
        second = 0
        for step, start in ((-1, k - 1), (1, k)):  # walk out while the likeness stays ``first``
            j, low = start, first
            while 0 <= j < len(adjacent):
                low = min(low, adjacent[j])
                if low < first:
                    second = max(second, low)
                    break
                j += step
        last = max(len(names[i]) - 1, 0)
        out[i] = (min(first, last), min(second, last))
    return out


def _common(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _info(name: str, diags: list[Diagnostic], dirty: bool, comments: int = 0) -> NodeInfo:
    errors = sum(1 for d in diags if d.severity == "error")
    return NodeInfo(name, errors, len(diags) - errors, dirty, comments)


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

    def project_names(self, uid: str) -> list[str]:
        u = self.session.unit(uid)
        return [] if u is None else [p.name for p in u.projects]

    def project(self, uid: str, pid: str) -> NodeInfo | None:
        found = self.session.project(uid, pid)
        if found is None:
            return None
        u, p = found
        return _info(p.name, self.session.project_diagnostics(u, p), self.session.is_dirty(project_key(uid, pid)),
                     sum(1 for c in p.comments if not c.resolved))

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

    def project_names(self, uid: str) -> list[str]:
        return [info.name for info in self.projects.get(uid, {}).values()]

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
