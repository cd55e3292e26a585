"""The primitive undoable operations a change is made of, and the change itself.

An operation holds references to the model objects it touches (never a copy), so applying and
reverting it costs what the edit cost. Operations are reverted strictly last-in first-out, which
keeps those references valid: an object is only ever detached by an operation that also knows
how to put it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from model.fields import PROJECT_FIELDS
from model.filekey import FileKey
from model.history.editable import same
from model.workspace import Project


@dataclass(frozen=True)
class Target:
    """Where a change happened (or a diagnostic points): for moving the cursor there."""

    unit_id: str = ""
    project_id: str = ""
    indicator: int | None = None  # 0-based row in the indicator table
    field: str = ""


class Op:
    """One undoable step: ``apply`` does it, ``revert`` undoes it."""

    def apply(self) -> None: ...
    def revert(self) -> None: ...


@dataclass
class SetAttr(Op):
    obj: Any
    attr: str
    old: Any
    new: Any

    def apply(self) -> None:
        setattr(self.obj, self.attr, self.new)

    def revert(self) -> None:
        setattr(self.obj, self.attr, self.old)


@dataclass
class Insert(Op):
    owner: Any
    attr: str
    index: int
    item: Any

    def apply(self) -> None:
        getattr(self.owner, self.attr).insert(self.index, self.item)

    def revert(self) -> None:
        del getattr(self.owner, self.attr)[self.index]


@dataclass
class Remove(Op):
    owner: Any
    attr: str
    index: int
    item: Any

    def apply(self) -> None:
        del getattr(self.owner, self.attr)[self.index]

    def revert(self) -> None:
        getattr(self.owner, self.attr).insert(self.index, self.item)


@dataclass
class Move(Op):
    owner: Any
    attr: str
    src: int
    dst: int

    def apply(self) -> None:
        items = getattr(self.owner, self.attr)
        items.insert(self.dst, items.pop(self.src))

    def revert(self) -> None:
        items = getattr(self.owner, self.attr)
        items.insert(self.src, items.pop(self.dst))


@dataclass
class Reorder(Op):
    """Set a list of objects with an ``id`` to the order of a list of ids; objects not named are
    dropped (deleted), named ids not present are skipped."""

    owner: Any
    attr: str
    before: list[str] | None
    order: list[str]
    _saved: list = field(default_factory=list)

    def apply(self) -> None:
        items = list(getattr(self.owner, self.attr))
        self._saved = list(items)
        by_id = {x.id: x for x in items}
        setattr(self.owner, self.attr, [by_id.pop(i) for i in self.order if i in by_id])

    def revert(self) -> None:
        setattr(self.owner, self.attr, list(self._saved))


def replace_project_ops(project: Project, fresh: Project) -> list[Op]:
    """The operations that give ``project`` the fields, indicators and comments of ``fresh`` (its
    id stays)."""
    ops: list[Op] = []
    for f in (*PROJECT_FIELDS, "indicators", "comments"):
        old, new = getattr(project, f), getattr(fresh, f)
        if f in ("indicators", "comments"):
            ops.append(SetAttr(project, f, list(old), list(new)))
        elif not same(old, new):
            ops.append(SetAttr(project, f, old, new))
    return ops


@dataclass
class Change:
    """One undo step: a few operations, the files they affect (each once), and where to put the
    cursor."""

    label: str  # Chinese, shown after undo/redo: 「撤销：修改总计」
    ops: list[Op]
    files: tuple[FileKey, ...]
    where: Target
    merge_key: tuple | None = None  # consecutive typing into one field merges into one change

    def __post_init__(self) -> None:
        self.files = tuple(dict.fromkeys(self.files))
