"""What a diff is made of: field changes, and the changes of indicators, projects, units and
the workspace, nested. Plain frozen data; ``WorkspaceDiff.to_dict`` gives its JSON form."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from model.comments import Comment
from model.diff.text import TextEdit
from model.workspace import FUNDING, Indicator, Project, Unit, Workspace

Status = Literal["added", "removed", "changed"]
# "value_form": a target value rewritten without changing what it reads as (≥98% → >=98%)
Kind = Literal["amount", "sum", "text", "long_text", "value", "value_form"]


@dataclass(frozen=True)
class FieldChange:
    field: str  # model field: fiscal, goal, name, annual, control.total, title …
    label: str  # 财政拨款, 绩效目标 …
    old: Any  # Decimal | str | int | None (for kind "sum", None = cannot be summed)
    new: Any
    kind: Kind = "text"
    delta: Decimal | None = None  # amounts and sums: new - old, when both are numbers
    edits: tuple[TextEdit, ...] = ()  # long texts: the changed sentences


@dataclass(frozen=True)
class IndicatorChange:
    status: Status | Literal["moved"]  # moved: same indicator, only its position changed
    old_index: int | None  # 1-based position before / after
    new_index: int | None
    old: Indicator | None
    new: Indicator | None
    changes: tuple[FieldChange, ...] = ()
    moved: bool = False

    @property
    def name(self) -> str:
        ind = self.new or self.old
        assert ind is not None
        return ind.name


@dataclass(frozen=True)
class CommentChange:
    """A 审核意见 added, resolved, reopened (its resolution undone) or removed."""

    status: Literal["added", "resolved", "reopened", "removed"]
    number: int  # 1-based place in the project's comments (after; before for a removed one)
    comment: Comment  # as it is after (before for a removed one)

    @property
    def kind(self) -> str:
        return "comment"


@dataclass(frozen=True)
class ProjectDiff:
    unit_id: str
    project_id: str
    status: Status | Literal["moved"]  # moved: only its position in the unit changed
    old: Project | None
    new: Project | None
    changes: tuple[FieldChange, ...] = ()  # name, amounts, goal
    indicators: tuple[IndicatorChange, ...] = ()
    old_index: int | None = None  # 1-based position in the unit
    new_index: int | None = None
    moved: bool = False
    comments: tuple[CommentChange, ...] = ()  # 审核意见 (model.comments): no figure of the table

    @property
    def name(self) -> str:
        p = self.new or self.old
        assert p is not None
        return p.name

    @property
    def renamed(self) -> bool:
        return any(c.field == "name" for c in self.changes)

    @property
    def indicators_reordered(self) -> bool:
        return any(i.moved for i in self.indicators)


@dataclass(frozen=True)
class UnitDiff:
    unit_id: str
    status: Status | Literal["moved"]
    old: Unit | None
    new: Unit | None
    changes: tuple[FieldChange, ...] = ()  # name, control figures
    projects: tuple[ProjectDiff, ...] = ()
    sums: tuple[FieldChange, ...] = ()  # the unit row (derived) columns that moved
    old_index: int | None = None
    new_index: int | None = None
    moved: bool = False

    @property
    def name(self) -> str:
        u = self.new or self.old
        assert u is not None
        return u.name


@dataclass(frozen=True)
class WorkspaceDiff:
    changes: tuple[FieldChange, ...] = ()  # title, department, year, code table
    units: tuple[UnitDiff, ...] = ()
    sums: tuple[FieldChange, ...] = ()  # 合计 columns that moved
    created: bool = False  # no workspace before
    deleted: bool = False  # no workspace after

    def is_empty(self) -> bool:
        return not (self.changes or self.units or self.sums or self.created or self.deleted)

    def project(self, unit_id: str, project_id: str) -> ProjectDiff | None:
        for u in self.units:
            if u.unit_id == unit_id:
                for p in u.projects:
                    if p.project_id == project_id:
                        return p
        return None

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


# -- plain data (JSON) -------------------------------------------------------------------------

def _plain(x: Any) -> Any:
    if isinstance(x, Decimal):
        return format(x, "f")
    if isinstance(x, Comment):
        return x.model_dump()
    if isinstance(x, (Project, Unit, Workspace, Indicator)):
        if isinstance(x, Project):
            return {"id": x.id, "name": x.name, **{k: _plain(getattr(x, k)) for k, _ in FUNDING},
                    "indicators": len(x.indicators)}
        if isinstance(x, Unit):
            return {"id": x.id, "name": x.name}
        if isinstance(x, Indicator):
            return x.model_dump()
        return {"title": x.title}
    if hasattr(x, "__dataclass_fields__"):
        out = {k: _plain(getattr(x, k)) for k in x.__dataclass_fields__}
        for prop in ("name", "kind"):
            if hasattr(type(x), prop) and isinstance(getattr(type(x), prop), property):
                out[prop] = _plain(getattr(x, prop))
        return out
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    return x
