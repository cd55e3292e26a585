"""The workspace: units, their projects, and each project's indicators."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

from model.codes import CodeTable, default_codes
from model.comments import Comment
from model.fields import FUNDING, FUNDING_LABELS, INDICATOR_LABELS, PROJECT_LABELS, SOURCES
from model.money import ZERO, to_amount, valid
from model.ruleset import DEFAULT_RULES, RuleSet

__all__ = ["FUNDING", "FUNDING_LABELS", "INDICATOR_LABELS", "PROJECT_LABELS", "SOURCES"]  # re-exported


def _serialize(v: Decimal | str | None) -> str | None:
    return None if v is None else (v if isinstance(v, str) else format(v, "f"))


# Decimal when the input reads as a number, None when blank, the typed text otherwise (model.money)
Amount = Annotated[
    Union[Decimal, str, None],
    BeforeValidator(to_amount),
    PlainSerializer(_serialize, when_used="json"),
]


class _Model(BaseModel):
    model_config = ConfigDict(validate_assignment=True, extra="forbid")


class Funding(_Model):
    """The four amounts of a row, in 万元."""

    total: Amount = None
    fiscal: Amount = None
    special: Amount = None
    other: Amount = None

    def amounts(self) -> dict[str, Decimal | str | None]:
        return {k: getattr(self, k) for k, _ in FUNDING}

    def is_empty(self) -> bool:
        return all(getattr(self, k) is None for k, _ in FUNDING)


class Indicator(_Model):
    level1: str = ""  # as typed, e.g. 1-产出指标
    level2: str = ""  # as typed, e.g. 12-质量指标
    name: str = ""  # 三级指标
    period: str = ""  # 实施周期指标值, as typed
    annual: str = ""  # 年度指标值, as typed


class Project(Funding):
    id: str = ""  # file stem in storage; stable across renames
    name: str = ""
    goal: str = ""
    indicators: list[Indicator] = Field(default_factory=list)
    comments: list[Comment] = Field(default_factory=list)  # 审核意见 (model.comments)

    def sources_sum(self) -> Decimal | None:
        """财政拨款 + 财政专户拨款 + 其他资金, or None when one of them is not a number."""
        total = ZERO
        for k in SOURCES:
            v = valid(getattr(self, k))
            if v is None:
                return None
            total += v
        return total


class Unit(_Model):
    id: str = ""  # folder name in storage
    name: str = ""
    control: Funding = Field(default_factory=Funding)  # 预算控制数, typed; blank = none declared
    projects: list[Project] = Field(default_factory=list)
    # ids of project files that could not be read: their amounts are unknown, so the unit's
    # sums are too (not stored; set by storage when reading)
    unreadable: list[str] = Field(default_factory=list, exclude=True)

    def sums(self) -> dict[str, Decimal | None]:
        """Each funding column summed over the unit's projects (None if one is not a number)."""
        return column_sums(self.projects)


class Workspace(_Model):
    model_config = ConfigDict(validate_assignment=True, extra="forbid", arbitrary_types_allowed=True)

    title: str = "项目支出绩效目标表（含转移支付项目）"
    department: str = ""  # the 单位名称 line of the published table
    year: int | None = None
    units: list[Unit] = Field(default_factory=list)
    codes: CodeTable = Field(default_factory=default_codes, exclude=True)
    rules: RuleSet = Field(default=DEFAULT_RULES, exclude=True)  # severities and parameters (rules.toml)

    def sums(self) -> dict[str, Decimal | None]:
        """合计: each column over every project of every unit."""
        return column_sums(p for u in self.units for p in u.projects)

    def find_unit(self, uid: str) -> Unit | None:
        """The unit with this id (the first, should two share it)."""
        for u in self.units:
            if u.id == uid:
                return u
        return None

    def find_project(self, uid: str, pid: str) -> tuple[Unit, Project] | None:
        """The project ``pid`` of unit ``uid``, with its unit."""
        u = self.find_unit(uid)
        if u is None:
            return None
        for p in u.projects:
            if p.id == pid:
                return u, p
        return None

    def projects(self):
        for u in self.units:
            for p in u.projects:
                yield u, p

    def counts(self) -> tuple[int, int, int]:
        n_proj = sum(len(u.projects) for u in self.units)
        n_ind = sum(len(p.indicators) for u in self.units for p in u.projects)
        return len(self.units), n_proj, n_ind


def column_sums(rows) -> dict[str, Decimal | None]:
    sums: dict[str, Decimal | None] = {k: ZERO for k, _ in FUNDING}
    for row in rows:
        for k, _ in FUNDING:
            acc = sums[k]
            if acc is None:
                continue
            v = valid(getattr(row, k))
            sums[k] = None if v is None else acc + v
    return sums
