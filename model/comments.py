"""审核意见: a reviewer's comment on a project, one of its fields, or one of its indicators.

Comments are kept in the project's own file (``[[comments]]``), so they diff, merge and travel
in bundles with the data. A comment is never deleted to close it: resolving marks it resolved,
with who and when, so the trail stays. Comments are no part of the published table.

The target is written for people (the file is read by people too): ``项目`` (the whole
project), a field's label (``总计``, ``绩效目标``), or ``指标「三级指标名称」`` optionally
followed by the indicator column's label (``指标「巡检完成率」年度指标值``). An indicator is
named, not numbered, so a comment follows its indicator when rows move; when the indicator is
renamed or removed the comment stays on the project and says whom it was about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

from model.fields import INDICATOR_LABELS, PROJECT_FIELDS, PROJECT_LABELS

PROJECT_TARGET = "项目"
_FIELD_BY_LABEL = {PROJECT_LABELS[f]: f for f in PROJECT_FIELDS}
_INDICATOR_FIELD_BY_LABEL = {v: k for k, v in INDICATOR_LABELS.items()}
_INDICATOR = re.compile(r"^指标「(.*)」(.*)$", re.DOTALL)


def _as_text(v: Any) -> Any:
    """A TOML date or date-time written by hand (``date = 2026-11-30``) is kept as its text."""
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, date):
        return v.isoformat()
    return v


Stamp = Annotated[str, BeforeValidator(_as_text)]


class Comment(BaseModel):
    model_config = ConfigDict(validate_assignment=True, extra="forbid")

    author: str = ""
    date: Stamp = ""  # local time, 2026-11-30 15:04
    target: str = PROJECT_TARGET
    text: str = ""
    resolved: bool = False
    resolved_by: str = ""
    resolved_date: Stamp = ""

    def key(self) -> tuple[str, str, str, str]:
        """What a comment is, whatever became of it: the same comment on two copies."""
        return self.author, self.date, self.target, self.text


@dataclass(frozen=True)
class Target:
    """Where a comment points: ``field`` a project field (name, goal, total …) or, with
    ``indicator`` (a 三级指标 name), an indicator column (level1 … annual); both empty: the
    project."""

    field: str = ""
    indicator: str | None = None

    def text(self) -> str:
        if self.indicator is not None:
            return f"指标「{self.indicator}」{INDICATOR_LABELS.get(self.field, '')}"
        return PROJECT_LABELS.get(self.field, PROJECT_TARGET) if self.field else PROJECT_TARGET


def parse_target(text: str) -> Target | None:
    """The target a comment's ``target`` text names; None when it names nothing."""
    text = text.strip()
    if text in ("", PROJECT_TARGET):
        return Target()
    if text in _FIELD_BY_LABEL:
        return Target(_FIELD_BY_LABEL[text])
    m = _INDICATOR.match(text)
    if m is None or not m.group(1).strip():
        return None
    label = m.group(2).strip()
    if label and label not in _INDICATOR_FIELD_BY_LABEL:
        return None
    return Target(_INDICATOR_FIELD_BY_LABEL.get(label, ""), m.group(1))


TARGET_HELP = ("「项目」、字段名称（" + "、".join(_FIELD_BY_LABEL) + "）或「指标「三级指标名称」」"
               "（可在后面加 " + "、".join(INDICATOR_LABELS.values()) + " 之一）")


def comment_problem(entry: Any) -> str | None:
    """Why one ``[[comments]]`` entry of a file is no comment (None when it is one): what a
    hand edit most likely broke, in the user's words. Types and unknown keys are pydantic's."""
    if not isinstance(entry, dict):
        return "应为表（[[comments]]）"
    if not str(entry.get("text", "")).strip():
        return "缺少意见内容（text）"
    if not str(entry.get("author", "")).strip():
        return "缺少审核人（author）"
    target = entry.get("target", PROJECT_TARGET)
    if isinstance(target, str) and parse_target(target) is None:
        return f"target「{target}」不是可以批注的位置：应为{TARGET_HELP}"
    return None


def indicator_index(indicators: Iterable[Any], name: str) -> int | None:
    """0-based row of the first indicator named ``name`` (None when there is none)."""
    for i, ind in enumerate(indicators):
        if ind.name == name:
            return i
    return None


def open_comments(comments: Iterable[Comment]) -> list[Comment]:
    return [c for c in comments if not c.resolved]


def place(c: Comment, indicators: Iterable[Any]) -> tuple[Target, int | None, bool]:
    """A comment's target, its indicator's row (when it has one and it exists), and whether the
    target is gone (an indicator renamed or removed since)."""
    t = parse_target(c.target) or Target()
    if t.indicator is None:
        return t, None, False
    row = indicator_index(indicators, t.indicator)
    return t, row, row is None


def describe(c: Comment, indicators: Iterable[Any] = (), dated: bool = True) -> str:
    """``总计｜王审核 2026-11-30 15:04：请核实`` — one line (control characters not escaped);
    without the time unless ``dated``."""
    t, _, gone = place(c, indicators)
    where = t.text() + ("（已改名或删除）" if gone else "")
    state = f"（已解决：{c.resolved_by or '?'} {c.resolved_date}）".replace(" ）", "）") if c.resolved else ""
    who = " ".join(x for x in (c.author, c.date if dated else "") if x)
    return f"{where}｜{who}：{c.text}{state}"


def stamp(now: datetime) -> str:
    """How a comment's time is written: ``2026-11-30 15:04`` (local time, to the minute)."""
    return now.strftime("%Y-%m-%d %H:%M")


def new_comment(author: str, target: Target, text: str, now: datetime) -> Comment:
    return Comment(author=author.strip(), date=stamp(now), target=target.text(), text=text.strip())


def resolved(c: Comment, who: str, now: datetime) -> Comment:
    """``c`` marked resolved by ``who`` at ``now``: the comment itself stays (the trail)."""
    return c.model_copy(update={"resolved": True, "resolved_by": who.strip(), "resolved_date": stamp(now)})


def target_for(field: str | None, indicator: str | None) -> Target:
    """The target a command line names: a field by label or key (``总计`` / ``total``), an
    indicator by its 三级指标 name, with a column (``年度指标值`` / ``annual``) or not;
    ValueError saying what may be written otherwise."""
    field = (field or "").strip()
    if indicator is not None:
        if not field:
            return Target("", indicator)
        key = _INDICATOR_FIELD_BY_LABEL.get(field, field)
        if key not in INDICATOR_LABELS:
            raise ValueError(f"指标的列「{field}」不存在：可写 {'、'.join(INDICATOR_LABELS.values())}")
        return Target(key, indicator)
    if not field or field == PROJECT_TARGET:
        return Target()
    key = _FIELD_BY_LABEL.get(field, field)
    if key not in PROJECT_FIELDS:
        raise ValueError(f"项目的字段「{field}」不存在：可写 {'、'.join(_FIELD_BY_LABEL)}")
    return Target(key)


def merge_comments(base: list[Comment], ours: list[Comment], theirs: list[Comment]) -> list[Comment]:
    """Three-way merge of a project's comments (``jixiao pull``): both sides' new comments are
    kept, after those the base had, in time order (then author, target, text: the same list
    whichever side is ours); a comment one side resolved is resolved (when both did, the earlier
    resolution stays); one either side removed (by hand: jixiao never removes one) is removed."""
    mine = {c.key(): c for c in ours}
    other = {c.key(): c for c in theirs}
    out: list[Comment] = []
    kept = set()
    for b in base:
        k = b.key()
        if k in kept or k not in mine or k not in other:
            continue
        kept.add(k)
        o, t = mine[k], other[k]
        if o == b or o == t:
            out.append(t)
        elif t == b:
            out.append(o)
        else:  # both changed it: a resolution wins over none, the earlier over the later
            out.append(min((o, t), key=lambda c: (not c.resolved, c.resolved_date, c.resolved_by)))
    base_keys = {b.key() for b in base}
    added = {k: c for side in (mine, other) for k, c in side.items() if k not in base_keys}
    for k in list(added):
        if k in mine and k in other and mine[k] != other[k]:
            added[k] = min((mine[k], other[k]), key=lambda c: (not c.resolved, c.resolved_date, c.resolved_by))
    out.extend(added[k] for k in sorted(added, key=lambda k: (k[1], k[0], k[2], k[3])))
    return out
