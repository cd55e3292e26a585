"""Changes to the structure of a workspace: adding, deleting and moving indicators, projects and
units.

Each function plans a change (not applied yet), or returns None when nothing would move;
``EditSession`` applies it, after giving a new project or unit its id.
"""

from __future__ import annotations

from typing import Any

from model.filekey import WORKSPACE_KEY, project_key, unit_key
from model.history.editable import EditError
from model.history.operations import Change, Insert, Move, Remove, Target
from model.workspace import Indicator, Project, Unit, Workspace


def add_indicator(unit: Unit, project: Project, index: int | None = None, indicator: Indicator | None = None,
                  label: str = "新增指标") -> Change:
    """Insert an indicator (an empty one by default) at ``index`` (the end when None)."""
    index = _clamp(index, len(project.indicators))
    ind = indicator if indicator is not None else Indicator()
    return Change(label, [Insert(project, "indicators", index, ind)], (project_key(unit.id, project.id),),
                  Target(unit.id, project.id, index, "level1"))


def delete_indicator(unit: Unit, project: Project, index: int) -> Change:
    ind = project.indicators[index]
    after = min(index, len(project.indicators) - 2)
    return Change(f"删除指标{index + 1}", [Remove(project, "indicators", index, ind)],
                  (project_key(unit.id, project.id),), Target(unit.id, project.id, after if after >= 0 else None))


def move_indicator(unit: Unit, project: Project, index: int, delta: int) -> Change | None:
    dst = index + delta
    if not (0 <= dst < len(project.indicators)) or dst == index:
        return None
    return Change(f"移动指标{index + 1}", [Move(project, "indicators", index, dst)],
                  (project_key(unit.id, project.id),), Target(unit.id, project.id, dst))


def add_project(unit: Unit, index: int | None, project: Project, label: str) -> Change:
    """Insert ``project`` (its id already given) at ``index`` (the end when None)."""
    index = _clamp(index, len(unit.projects))
    return Change(label, [Insert(unit, "projects", index, project)],
                  (unit_key(unit.id), project_key(unit.id, project.id)), Target(unit.id, project.id, field="name"))


def delete_project(unit: Unit, project: Project) -> Change:
    index = index_of(unit.projects, project)
    return Change(f"删除项目「{project.name}」", [Remove(unit, "projects", index, project)],
                  (unit_key(unit.id), project_key(unit.id, project.id)), Target(unit.id))


def move_project(unit: Unit, project: Project, delta: int) -> Change | None:
    index = index_of(unit.projects, project)
    dst = index + delta
    if not (0 <= dst < len(unit.projects)):
        return None
    return Change(f"移动项目「{project.name}」", [Move(unit, "projects", index, dst)], (unit_key(unit.id),),
                  Target(unit.id, project.id))


def add_unit(ws: Workspace, index: int | None, unit: Unit, label: str) -> Change:
    """Insert ``unit`` (its id already given) at ``index`` (the end when None), with its projects."""
    index = _clamp(index, len(ws.units))
    files = (WORKSPACE_KEY, unit_key(unit.id), *(project_key(unit.id, p.id) for p in unit.projects))
    return Change(label, [Insert(ws, "units", index, unit)], files, Target(unit.id, field="name"))


def delete_unit(ws: Workspace, unit: Unit) -> Change:
    index = index_of(ws.units, unit)
    files = (WORKSPACE_KEY, unit_key(unit.id), *(project_key(unit.id, p.id) for p in unit.projects))
    return Change(f"删除单位「{unit.name}」", [Remove(ws, "units", index, unit)], files, Target())


def move_unit(ws: Workspace, unit: Unit, delta: int) -> Change | None:
    index = index_of(ws.units, unit)
    dst = index + delta
    if not (0 <= dst < len(ws.units)):
        return None
    return Change(f"移动单位「{unit.name}」", [Move(ws, "units", index, dst)], (WORKSPACE_KEY,), Target(unit.id))


def index_of(items: list, obj: Any) -> int:
    """The position of this very object (not an equal one) in the list."""
    for i, x in enumerate(items):
        if x is obj:
            return i
    raise EditError("对象不在列表中")


def _clamp(index: int | None, n: int) -> int:
    """An insertion point: the end when None, else within 0..n."""
    return n if index is None else max(0, min(index, n))
