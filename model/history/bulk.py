"""Compound changes for bulk entry: many edits, one undo step.

Each function plans a change (not applied yet) from the objects it edits, or returns None when
nothing would change; ``EditSession`` applies it, so it is undone as one step.
"""

from __future__ import annotations

from typing import Any, Iterable

from model.fields import PROJECT_FIELDS, PROJECT_LABELS
from model.filekey import project_key
from model.history.editable import INDICATOR_FIELDS, EditError, coerce, same
from model.history.operations import Change, Insert, Op, SetAttr, Target
from model.workspace import Indicator, Project, Unit, Workspace


def insert_indicators(unit: Unit, project: Project, index: int | None, indicators: list[Indicator],
                      label: str = "") -> Change | None:
    """Insert several indicators in order at ``index`` (the end when None)."""
    if not indicators:
        return None
    n = len(project.indicators)
    index = n if index is None else max(0, min(index, n))
    ops: list[Op] = [Insert(project, "indicators", index + k, ind) for k, ind in enumerate(indicators)]
    return Change(label or f"粘贴 {len(indicators)} 个指标", ops, (project_key(unit.id, project.id),),
                  Target(unit.id, project.id, index, "name"))


def set_indicator_cells(unit: Unit, project: Project, cells: Iterable[tuple[int, str, str]],
                        label: str) -> Change | None:
    """Set several cells ``(row, field, value)`` of one project's table; unchanged cells are
    left out, and None when nothing changes."""
    ops: list[Op] = []
    pending: dict[tuple[int, str], str] = {}
    first: tuple[int, str] | None = None
    for index, field_, value in cells:
        if field_ not in INDICATOR_FIELDS:
            raise EditError(f"未知字段 {field_}")
        ind = project.indicators[index]
        old = pending.get((index, field_), getattr(ind, field_))
        value = "" if value is None else str(value)
        if old == value:
            continue
        ops.append(SetAttr(ind, field_, old, value))
        pending[(index, field_)] = value
        first = first or (index, field_)
    if first is None:
        return None
    return Change(label, ops, (project_key(unit.id, project.id),), Target(unit.id, project.id, *first))


def fill_down(unit: Unit, project: Project, index: int, field_: str) -> Change | None:
    """Copy the cell above into row ``index``; a category copies both levels (they belong
    together)."""
    if index <= 0 or index >= len(project.indicators):
        raise EditError("第一行上方没有可复制的单元格" if index <= 0 else "没有这一行")
    above = project.indicators[index - 1]
    fields = ("level1", "level2") if field_ in ("level1", "level2") else (field_,)
    return set_indicator_cells(unit, project, [(index, f, getattr(above, f)) for f in fields],
                               f"向下填充指标{index + 1}")


def copy_values(unit: Unit, project: Project, rows: Iterable[int], src: str, dst: str) -> Change | None:
    """Copy one target value into the other (period ↔ annual) for the given rows."""
    if {src, dst} != {"period", "annual"}:
        raise EditError("只能在实施周期指标值和年度指标值之间复制")
    rows = list(rows)
    what = "年度指标值复制到实施周期指标值" if src == "annual" else "实施周期指标值复制到年度指标值"
    scope = f"指标{rows[0] + 1}" if len(rows) == 1 else f"{len(rows)} 个指标"
    return set_indicator_cells(unit, project, [(i, dst, getattr(project.indicators[i], src)) for i in rows],
                               f"{scope}：{what}")


def add_indicator_to_many(targets: Iterable[tuple[Unit, Project]], indicator: Indicator,
                          label: str = "") -> Change | None:
    """Append a copy of ``indicator`` to each project."""
    targets = list(targets)
    if not targets:
        return None
    ops: list[Op] = [Insert(p, "indicators", len(p.indicators), indicator.model_copy(deep=True))
                     for _, p in targets]
    u, p = targets[0]
    return Change(label or f"向 {len(targets)} 个项目新增指标「{indicator.name}」", ops,
                  tuple(project_key(u.id, p.id) for u, p in targets),
                  Target(u.id, p.id, len(p.indicators), "name"))


def set_field_many(targets: Iterable[tuple[Unit, Project]], field_: str, value: Any) -> Change | None:
    """Set one project field (name, goal, an amount) to the same value in each project."""
    if field_ not in PROJECT_FIELDS:
        raise EditError(f"未知字段 {field_}")
    targets = list(targets)
    ops: list[Op] = []
    files = []
    for u, p in targets:
        new = coerce(field_, value)
        if not same(getattr(p, field_), new):
            ops.append(SetAttr(p, field_, getattr(p, field_), new))
            files.append(project_key(u.id, p.id))
    if not ops:
        return None
    u, p = targets[0]
    return Change(f"{len(ops)} 个项目：修改{PROJECT_LABELS[field_]}", ops, tuple(files),
                  Target(u.id, p.id, field=field_))


def apply_edits(ws: Workspace, label: str, edits: Iterable[Any]) -> Change | None:
    """Planned text edits (``model.replace.Edit``: unit_id, project_id, indicator, field, old,
    new) as one change. Refused when a text no longer reads as planned."""
    ops: list[Op] = []
    files = []
    first: Target | None = None
    for e in edits:
        found = ws.find_project(e.unit_id, e.project_id)
        if found is None:
            raise EditError(f"项目 {e.unit_id}/{e.project_id} 已不在工作区中，请重新预览")
        u, p = found
        if e.indicator is None:
            if e.field not in ("name", "goal"):
                raise EditError(f"未知字段 {e.field}")
            obj = p
        else:
            if e.field not in INDICATOR_FIELDS or e.indicator >= len(p.indicators):
                raise EditError(f"「{p.name}」的指标{e.indicator + 1}已不存在，请重新预览")
            obj = p.indicators[e.indicator]
        if getattr(obj, e.field) != e.old:
            raise EditError(f"「{p.name}」已在预览后修改，请重新预览")
        ops.append(SetAttr(obj, e.field, e.old, e.new))
        files.append(project_key(u.id, p.id))
        first = first or Target(u.id, p.id, e.indicator, e.field)
    if first is None:
        return None
    return Change(label, ops, tuple(files), first)
