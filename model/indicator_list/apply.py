"""An indicator list read back (``model.indicator_list.rows``) put into a workspace.

An indicator list has no amounts and no goals, so:

- into an **existing workspace** it replaces the indicators of the projects it names, matched by
  单位名称 + 项目名称 (by 项目名称 alone when the list has no unit, if the name is unique), and
  touches nothing else: amounts, goals, the other projects and their files stay as they are. A
  project the list names but the workspace lacks refuses the whole import (nothing is written):
  its indicators would otherwise be lost. An indicator that reads the same as before keeps its
  text as typed (``>=98%`` stays ``>=98%`` when the list says ≥ 98 %), so an unchanged project's
  file is not rewritten; a value column the list does not have keeps the workspace's value.
- into a **new folder** it makes a workspace of the units and projects it names, with their
  indicators and no amounts or goals (filled in the editor).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from model.codes import CodeTable
from model.indicator_list.rows import ListEntry, RowProblem
from model.values import parse_value
from model.workspace import Indicator, Project, Unit, Workspace


def _key(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


@dataclass
class ProjectChange:
    unit: Unit
    project: Project
    added: int = 0
    changed: int = 0
    removed: int = 0

    def summary(self) -> str:
        parts = [f"{what} {n}" for what, n in (("新增", self.added), ("修改", self.changed), ("删除", self.removed)) if n]
        return f"「{self.project.name}」：{len(self.project.indicators)} 个指标（{'、'.join(parts) or '顺序调整'}）"


@dataclass
class ApplyResult:
    changes: list[ProjectChange] = field(default_factory=list)
    same: list[Project] = field(default_factory=list)  # named by the list, indicators unchanged
    untouched: list[tuple[Unit, Project]] = field(default_factory=list)  # not in the list
    errors: list[RowProblem] = field(default_factory=list)


def _group(entries: list[ListEntry]) -> dict[tuple[str, str], list[ListEntry]]:
    groups: dict[tuple[str, str], list[ListEntry]] = {}
    for e in entries:
        groups.setdefault((_key(e.unit), _key(e.project)), []).append(e)
    return groups


class _Index:
    """The workspace's projects by unit name + project name and by project name alone (each
    name normalised once: a 10,000-project workspace is looked up 10,000 times)."""

    def __init__(self, ws: Workspace):
        self.units = {_key(u.name): u for u in reversed(ws.units)}
        self.names = "、".join(u.name for u in ws.units)
        self.by_unit: dict[tuple[str, str], list[tuple[Unit, Project]]] = {}
        self.by_name: dict[str, list[tuple[Unit, Project]]] = {}
        for u in ws.units:
            uk = _key(u.name)
            for p in u.projects:
                pk = _key(p.name)
                self.by_unit.setdefault((uk, pk), []).append((u, p))
                self.by_name.setdefault(pk, []).append((u, p))

    def find(self, unit: str, project: str, shown: ListEntry) -> tuple[tuple[Unit, Project] | None, str]:
        """The project a list row names, or None and why."""
        if unit and unit not in self.units:
            return None, f"工作区中没有单位「{shown.unit.strip()}」（有：{self.names[:80]}）"
        hits = self.by_unit.get((unit, project), []) if unit else self.by_name.get(project, [])
        name = shown.project.strip()
        if not hits:
            inside = f"单位「{self.units[unit].name}」" if unit else "工作区"
            return None, (f"{inside}中没有项目「{name}」：清单中的指标无处可放，未导入任何内容；"
                          "请改正清单中的项目名称，或先在编辑器中新增该项目")
        if len(hits) > 1:
            where = "、".join(u.name for u, _ in hits)
            return None, f"项目「{name}」有 {len(hits)} 个（{where[:60]}）{'' if unit else '：清单需要单位名称列来区分'}"
        return hits[0], ""


def apply_to_workspace(ws: Workspace, entries: list[ListEntry]) -> ApplyResult:
    """Replace the indicators of the projects the list names (see the module docstring); with
    ``errors`` nothing in ``ws`` has changed."""
    result = ApplyResult()
    planned: list[tuple[Unit, Project, list[Indicator], ProjectChange]] = []
    named: set[int] = set()
    index = _Index(ws)
    for (unit, project), group in _group(entries).items():
        found, why = index.find(unit, project, group[0])
        if found is None:
            result.errors.append(RowProblem(group[0].places.get("项目名称", group[0].where), why))
            continue
        u, p = found
        named.add(id(p))
        new, change = _merge(p.indicators, group, ws.codes, ws.year)
        change.unit, change.project = u, p
        planned.append((u, p, new, change))
    if result.errors:
        return result
    for u, p, new, change in planned:
        if new == p.indicators:
            result.same.append(p)
        else:
            p.indicators = new
            result.changes.append(change)
    result.untouched = [(u, p) for u, p in ws.projects() if id(p) not in named]
    return result


def _same_category(a: str, b: str, codes: CodeTable, level: int) -> bool:
    ra, rb = codes.resolve(a, level), codes.resolve(b, level)
    if ra.category is not None and rb.category is not None:
        return ra.category.code == rb.category.code
    return _key(a) == _key(b)


def _merge(old: list[Indicator], group: list[ListEntry], codes: CodeTable,
           year: int | None) -> tuple[list[Indicator], ProjectChange]:
    change = ProjectChange(Unit(), Project())
    unused = list(old)
    new: list[Indicator] = []
    for e in group:
        ind = e.indicator
        match = next((o for o in unused if _key(o.name) == _key(ind.name)
                      and _same_category(o.level1, ind.level1, codes, 1)
                      and _same_category(o.level2, ind.level2, codes, 2)), None)
        if match is None:
            change.added += 1
            new.append(ind)
            continue
        unused.remove(match)
        kept = Indicator(level1=match.level1, level2=match.level2, name=match.name,
                         period=_value(match.period, ind.period, "period", e.missing, year),
                         annual=_value(match.annual, ind.annual, "annual", e.missing, year))
        change.changed += kept != match
        new.append(kept)
    change.removed = len(unused)
    return new, change


def _value(old: str, new: str, which: str, missing: frozenset[str], year: int | None) -> str:
    """The value to keep: the workspace's when the list does not have it or says the same
    (ignoring the calculation definition when the list has no column for it)."""
    if which in missing or old == new:
        return old
    a, b = parse_value(old, year), parse_value(new, year)
    if b.kind == "empty":
        return new
    ra, rb = a.reading(), b.reading()
    if f"{which}.definition" in missing and a.kind == b.kind == "quantitative":
        ra, rb = ra[:4] + ra[5:], rb[:4] + rb[5:]
    return old if ra == rb else new


def new_workspace(entries: list[ListEntry], codes: CodeTable, year: int | None) -> Workspace:
    """A workspace of the units and projects the list names, with no amounts or goals."""
    ws = Workspace(codes=codes, year=year)
    units: dict[str, Unit] = {}
    projects: dict[tuple[str, str], Project] = {}
    for e in entries:
        uk = _key(e.unit)
        if uk not in units:
            units[uk] = Unit(name=e.unit.strip())
            ws.units.append(units[uk])
        pk = (uk, _key(e.project))
        if pk not in projects:
            projects[pk] = Project(name=e.project.strip())
            units[uk].projects.append(projects[pk])
        projects[pk].indicators.append(e.indicator)
    if len(ws.units) == 1:
        ws.department = ws.units[0].name
    return ws
