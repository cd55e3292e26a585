"""Last year beside this year (pure): two workspaces of different years compared, and which of
last year's projects have ended.

A new year's workspace made with ``jixiao init --from`` keeps last year's ids, so units and
projects match by id. One made otherwise (imported, typed afresh) matches by name with the
years left out: ``2024-2025年运维项目`` is ``2025-2026年运维项目`` a year on.
"""

from __future__ import annotations

import re

from model.diff.changes import WorkspaceDiff
from model.diff.compare import diff_workspaces
from model.workspace import FUNDING, Project, Unit, Workspace

_DASH = r"\s*[-－—–~～至到]\s*"
# a year or a span of years, with its 年/年度: 2024年, 2024-2025年, 2024年-2025年, 2023年度
_YEARS = re.compile(rf"(?<!\d)(?:19|20)\d\d(?:\s*年度?)?(?:{_DASH}(?:19|20)\d\d(?:\s*年度?)?)?(?!\d)")
# a multi-year span in a name: its last year is the second number
_SPAN = re.compile(rf"(?<!\d)((?:19|20)\d\d)(?:\s*年度?)?{_DASH}((?:19|20)\d\d)\s*年(?!\d)")


def without_years(name: str) -> str:
    """The name with its years and spaces left out: the key two years' names match on."""
    return re.sub(r"\s+", "", _YEARS.sub("", name))


def last_year(name: str) -> int | None:
    """The last year of a multi-year project's name (``2024年-2025年运维项目`` → 2025), or None."""
    years = [int(m.group(2)) for m in _SPAN.finditer(name) if int(m.group(2)) > int(m.group(1))]
    return max(years) if years else None


def has_ended(name: str, year: int) -> bool:
    """Whether a project named ``name`` ended before budget year ``year`` (a span whose last year
    has passed). A single year (``2025年…建设项目``) says nothing certain: it may go on."""
    end = last_year(name)
    return end is not None and end < year


def ended_projects(ws: Workspace, year: int) -> list[tuple[Unit, Project]]:
    """The projects of ``ws`` whose names say they ended before ``year``."""
    return [(u, p) for u, p in ws.projects() if has_ended(p.name, year)]


def _match(old_items: list, new_items: list) -> dict[str, str]:
    """{old id: new id} for items without a partner of the same id, matched by name with years
    left out (the first free one of that name, in order)."""
    new_ids = {x.id for x in new_items}
    old_ids = {x.id for x in old_items}
    free: dict[str, list[str]] = {}
    for x in new_items:
        if x.id not in old_ids:
            free.setdefault(without_years(x.name), []).append(x.id)
    out = {}
    for x in old_items:
        if x.id in new_ids:
            continue
        ids = free.get(without_years(x.name))
        if ids:
            out[x.id] = ids.pop(0)
    return out


# what a year hands to the next and what two years are compared on: the table's own content
# (notes kept beside it, such as review comments, stay with their year)
TABLE_FIELDS = ("id", "name", *(k for k, _ in FUNDING), "goal", "indicators")


def table_only(ws: Workspace) -> Workspace:
    """``ws`` with projects that hold only ``TABLE_FIELDS``: a project with anything else (a
    field not of the table, not empty) is replaced by a copy without it (the indicator lists
    shared); ``ws`` itself is returned when no project has anything else."""
    extra = [k for k in Project.model_fields if k not in TABLE_FIELDS]

    def bare(p: Project) -> Project:
        if not any(getattr(p, k) for k in extra):
            return p
        return Project.model_construct(**{k: getattr(p, k) for k in TABLE_FIELDS})

    if not extra or not any(getattr(p, k) for _, p in ws.projects() for k in extra):
        return ws
    units = [u.model_copy(update={"projects": [bare(p) for p in u.projects]}) for u in ws.units]
    return ws.model_copy(update={"units": units})


def align(old: Workspace, new: Workspace) -> Workspace:
    """A copy of ``old`` whose units and projects carry the ids of their counterparts in ``new``
    (matched by id, else by name with years left out), and ``new``'s year: compared with
    ``new``, it shows what changed in budget terms, not that a year went by. ``old`` is not
    changed (the copy shares the projects themselves)."""
    unit_ids = _match(old.units, new.units)
    new_units = {u.id: u for u in new.units}
    units = []
    for u in old.units:
        uid = unit_ids.get(u.id, u.id)
        partner = new_units.get(uid)
        projects = u.projects
        if partner is not None:
            ids = _match(u.projects, partner.projects)
            projects = [p.model_copy(update={"id": ids[p.id]}) if p.id in ids else p for p in u.projects]
        units.append(u.model_copy(update={"id": uid, "projects": projects}))
    return old.model_copy(update={"units": units, "year": new.year})


def diff_years(old: Workspace, new: Workspace) -> WorkspaceDiff:
    """Last year's workspace against this year's, in budget terms (``TABLE_FIELDS``)."""
    new = table_only(new)
    return diff_workspaces(align(table_only(old), new), new)


def counterpart_unit(old: Workspace, unit: Unit, new: Workspace | None = None) -> Unit | None:
    """Last year's unit for this year's ``unit``: same id, else same name with years left out
    (among last year's units whose id ``new`` does not use)."""
    found = old.find_unit(unit.id)
    if found is not None:
        return found
    taken = {u.id for u in new.units} if new is not None else {unit.id}
    key = without_years(unit.name)
    return next((u for u in old.units if u.id not in taken and without_years(u.name) == key), None)


def counterpart(old: Workspace, unit: Unit, project: Project, new: Workspace | None = None) -> Project | None:
    """Last year's project for this year's ``project`` of ``unit``: matched as ``align`` does
    (same id, else same name with years left out among last year's projects whose id this
    year's unit does not use)."""
    old_unit = counterpart_unit(old, unit, new)
    if old_unit is None:
        return None
    for p in old_unit.projects:
        if p.id == project.id:
            return p
    taken = {p.id for p in unit.projects}
    key = without_years(project.name)
    return next((p for p in old_unit.projects if p.id not in taken and without_years(p.name) == key), None)
