"""A semantic diff of two workspaces, in budget terms (pure: two models in, a structured diff out).

Units and projects are matched by id (folder name / file stem), so a renamed project is the
same project with a new name. Indicators have no id: they are matched by category and name,
then by name alone (category changed), then by category and values (indicator renamed), so a
reorder reads as a reorder, not as a rewrite. Long texts (绩效目标) are compared by sentence,
and a changed sentence character by character. Amount differences are exact Decimals.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any, Iterable, Literal

from model.codes import CodeTable
from model.money import valid
from model.workspace import FUNDING, INDICATOR_LABELS, Indicator, Project, Unit, Workspace

Status = Literal["added", "removed", "changed"]
Kind = Literal["amount", "sum", "text", "long_text", "value"]

WORKSPACE_LABELS = {"title": "标题", "department": "单位名称", "year": "预算年度", "codes": "指标代码表"}
UNIT_LABELS = {"name": "单位名称", **{f"control.{k}": f"{label}控制数" for k, label in FUNDING}}


@dataclass(frozen=True)
class Segment:
    op: Literal["=", "-", "+"]  # kept, deleted, inserted
    text: str


@dataclass(frozen=True)
class TextEdit:
    """One changed stretch of a long text: a sentence (or a few) before and after."""

    old: str
    new: str
    segments: tuple[Segment, ...]

    @property
    def kind(self) -> Literal["added", "removed", "changed"]:
        return "added" if not self.old else "removed" if not self.new else "changed"


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


# -- text --------------------------------------------------------------------------------------

_SENTENCE = re.compile(r"[^。；;！？!?\n]*(?:[。；;！？!?]+[ \t\u3000]*|\n|$)")


def sentences(text: str) -> list[str]:
    """``text`` cut after each sentence end (。；！？ and their ASCII forms) and each newline."""
    return [s for s in _SENTENCE.findall(text) if s]


def char_segments(old: str, new: str) -> tuple[Segment, ...]:
    """Character-level edit of ``old`` into ``new``; tiny kept islands (one character between
    two changes) are folded into the change so the result reads as words, not confetti."""
    sm = SequenceMatcher(None, old, new, autojunk=False)
    ops = [list(op) for op in sm.get_opcodes()]
    for k in range(1, len(ops) - 1):
        tag, i1, i2, _, _ = ops[k]
        if tag == "equal" and i2 - i1 <= 1 and ops[k - 1][0] != "equal" and ops[k + 1][0] != "equal":
            ops[k][0] = "replace"
    out: list[Segment] = []
    dels: list[str] = []
    ins: list[str] = []

    def flush() -> None:
        if dels:
            out.append(Segment("-", "".join(dels)))
        if ins:
            out.append(Segment("+", "".join(ins)))
        dels.clear()
        ins.clear()

    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            flush()
            out.append(Segment("=", old[i1:i2]))
        else:
            dels.append(old[i1:i2])
            ins.append(new[j1:j2])
    flush()
    return tuple(s for s in out if s.text)


def text_edits(old: str, new: str) -> tuple[TextEdit, ...]:
    """The changed sentences of a long text; each changed one with its character-level edit."""
    a, b = sentences(old), sentences(new)
    out: list[TextEdit] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        o, n = "".join(a[i1:i2]), "".join(b[j1:j2])
        if o and n and SequenceMatcher(None, o, n, autojunk=False).ratio() >= 0.5:
            out.append(TextEdit(o, n, char_segments(o, n)))
        else:
            segs = tuple(Segment(op, t) for op, t in (("-", o), ("+", n)) if t)
            out.append(TextEdit(o, n, segs))
    return tuple(out)


# -- fields ------------------------------------------------------------------------------------

def _amount_change(field: str, label: str, old: Any, new: Any, kind: Kind = "amount") -> FieldChange | None:
    if old == new:
        return None
    if kind == "amount":
        a, b = valid(old), valid(new)
    else:
        a, b = old, new
    delta = b - a if isinstance(a, Decimal) and isinstance(b, Decimal) else None
    return FieldChange(field, label, old, new, kind, delta)


def _text_change(field: str, label: str, old: Any, new: Any, long: bool = False) -> FieldChange | None:
    if old == new:
        return None
    if long:
        return FieldChange(field, label, old, new, "long_text", edits=text_edits(old or "", new or ""))
    return FieldChange(field, label, old, new, "text")


def _funding_changes(old: Any, new: Any, prefix: str = "", suffix: str = "") -> list[FieldChange]:
    out = []
    for key, label in FUNDING:
        c = _amount_change(prefix + key, label + suffix, getattr(old, key), getattr(new, key))
        if c:
            out.append(c)
    return out


def sum_changes(old: dict[str, Decimal | None], new: dict[str, Decimal | None]) -> tuple[FieldChange, ...]:
    out = []
    for key, label in FUNDING:
        if old[key] != new[key]:
            out.append(FieldChange(key, label, old[key], new[key], "sum",
                                   new[key] - old[key] if old[key] is not None and new[key] is not None else None))
    return tuple(out)


_NO_SUMS = {k: Decimal("0.00") for k, _ in FUNDING}


# -- order -------------------------------------------------------------------------------------

def _moved(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Of (old index, new index) pairs, those whose relative order changed: everything outside a
    longest run that kept its order."""
    pairs = sorted(pairs, key=lambda p: p[1])
    seq = [o for o, _ in pairs]
    # longest increasing subsequence, O(n log n) with back-pointers
    tails: list[int] = []
    tail_at: list[int] = []
    back = [-1] * len(seq)
    for i, v in enumerate(seq):
        k = bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_at.append(i)
        else:
            tails[k] = v
            tail_at[k] = i
        back[i] = tail_at[k - 1] if k else -1
    keep = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        keep.add(i)
        i = back[i]
    return {pairs[i] for i in range(len(pairs)) if i not in keep}


# -- indicators --------------------------------------------------------------------------------

def _category(text: str, level: int, codes: CodeTable) -> str:
    r = codes.resolve(text, level)
    return r.category.code if r.category is not None else re.sub(r"\s+", "", text)


def match_indicators(old: list[Indicator], new: list[Indicator], old_codes: CodeTable,
                     new_codes: CodeTable) -> list[tuple[int, int]]:
    """Pairs of (old index, new index), 0-based, of the indicators that are the same one."""
    def cat(ind: Indicator, codes: CodeTable) -> tuple[str, str]:
        return _category(ind.level1, 1, codes), _category(ind.level2, 2, codes)

    def keys(ind: Indicator, codes: CodeTable) -> tuple[Any, Any, Any]:
        c, name = cat(ind, codes), ind.name.strip()
        return (
            (c, name),  # same category and name
            name or None,  # same name: its category changed (never match on an empty name)
            (c, ind.period.strip(), ind.annual.strip()),  # same category and values: renamed
        )

    ok = [keys(i, old_codes) for i in old]
    nk = [keys(i, new_codes) for i in new]
    pairs: list[tuple[int, int]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for step in range(3):
        free: dict[Any, list[int]] = {}
        for j, k in enumerate(nk):
            if j not in used_new and k[step] is not None:
                free.setdefault(k[step], []).append(j)
        for i, k in enumerate(ok):
            if i in used_old or k[step] is None:
                continue
            js = free.get(k[step])
            if js:
                j = js.pop(0)
                pairs.append((i, j))
                used_old.add(i)
                used_new.add(j)
    return pairs


def _indicator_fields(a: Indicator, b: Indicator) -> tuple[FieldChange, ...]:
    out = []
    for key in ("level1", "level2", "name", "period", "annual"):
        c = _text_change(key, INDICATOR_LABELS[key], getattr(a, key), getattr(b, key))
        if c:
            out.append(FieldChange(c.field, c.label, c.old, c.new, "value" if key in ("period", "annual") else "text"))
    return tuple(out)


def diff_indicators(old: list[Indicator], new: list[Indicator], old_codes: CodeTable,
                    new_codes: CodeTable) -> tuple[IndicatorChange, ...]:
    pairs = match_indicators(old, new, old_codes, new_codes)
    moved = _moved(pairs)
    out: list[IndicatorChange] = []
    matched_old = {i for i, _ in pairs}
    matched_new = {j for _, j in pairs}
    for i, j in sorted(pairs, key=lambda p: p[1]):
        changes = _indicator_fields(old[i], new[j])
        is_moved = (i, j) in moved
        if changes or is_moved:
            out.append(IndicatorChange("changed" if changes else "moved", i + 1, j + 1, old[i], new[j], changes, is_moved))
    for j, ind in enumerate(new):
        if j not in matched_new:
            out.append(IndicatorChange("added", None, j + 1, None, ind))
    for i, ind in enumerate(old):
        if i not in matched_old:
            out.append(IndicatorChange("removed", i + 1, None, ind, None))
    order = {"changed": 0, "moved": 0, "added": 1, "removed": 2}
    out.sort(key=lambda c: (order[c.status], c.new_index or c.old_index or 0))
    return tuple(out)


# -- projects, units, workspace ----------------------------------------------------------------

def diff_project(unit_id: str, old: Project | None, new: Project | None, old_codes: CodeTable,
                 new_codes: CodeTable | None = None, old_index: int | None = None,
                 new_index: int | None = None, moved: bool = False) -> ProjectDiff | None:
    """What changed in one project (None when nothing did)."""
    new_codes = new_codes or old_codes
    if old is None and new is None:
        return None
    pid = (new or old).id  # type: ignore[union-attr]
    if old is None or new is None:
        status: Any = "added" if old is None else "removed"
        return ProjectDiff(unit_id, pid, status, old, new, old_index=old_index, new_index=new_index)
    changes: list[FieldChange] = []
    c = _text_change("name", "项目名称", old.name, new.name)
    if c:
        changes.append(c)
    changes.extend(_funding_changes(old, new))
    c = _text_change("goal", "绩效目标", old.goal, new.goal, long=True)
    if c:
        changes.append(c)
    indicators = diff_indicators(old.indicators, new.indicators, old_codes, new_codes)
    if not changes and not indicators and not moved:
        return None
    status = "changed" if changes or indicators else "moved"
    return ProjectDiff(unit_id, pid, status, old, new, tuple(changes), indicators, old_index, new_index, moved)


def _by_id(items: Iterable[Any]) -> dict[str, tuple[int, Any]]:
    out: dict[str, tuple[int, Any]] = {}
    for n, item in enumerate(items, 1):
        out.setdefault(item.id, (n, item))
    return out


def diff_unit(old: Unit | None, new: Unit | None, old_codes: CodeTable, new_codes: CodeTable,
              old_index: int | None = None, new_index: int | None = None, moved: bool = False) -> UnitDiff | None:
    if old is None and new is None:
        return None
    uid = (new or old).id  # type: ignore[union-attr]
    changes: list[FieldChange] = []
    if old is not None and new is not None:
        c = _text_change("name", "单位名称", old.name, new.name)
        if c:
            changes.append(c)
        changes.extend(_funding_changes(old.control, new.control, "control.", "控制数"))
    before = _by_id(old.projects if old else [])
    after = _by_id(new.projects if new else [])
    common = [pid for pid in after if pid in before]
    moved_pairs = _moved([(before[pid][0], after[pid][0]) for pid in common])
    moved_ids = {pid for pid in common if (before[pid][0], after[pid][0]) in moved_pairs}
    projects: list[ProjectDiff] = []
    for pid, (j, p) in after.items():
        i, q = before.get(pid, (None, None))
        d = diff_project(uid, q, p, old_codes, new_codes, i, j, pid in moved_ids)
        if d:
            projects.append(d)
    for pid, (i, q) in before.items():
        if pid not in after:
            d = diff_project(uid, q, None, old_codes, new_codes, i, None)
            if d:
                projects.append(d)
    sums = sum_changes(old.sums() if old else _NO_SUMS, new.sums() if new else _NO_SUMS)
    if old is None or new is None:
        status: Any = "added" if old is None else "removed"
    elif changes or projects or sums:
        status = "changed"
    elif moved:
        status = "moved"
    else:
        return None
    return UnitDiff(uid, status, old, new, tuple(changes), tuple(projects), sums, old_index, new_index, moved)


def diff_workspaces(old: Workspace | None, new: Workspace | None) -> WorkspaceDiff:
    """The whole diff; ``None`` stands for "no workspace there" (e.g. before the first commit)."""
    empty = Workspace()
    a, b = old or empty, new or empty
    changes: list[FieldChange] = []
    if old is not None and new is not None:
        for key in ("title", "department", "year"):
            c = _text_change(key, WORKSPACE_LABELS[key], getattr(a, key), getattr(b, key))
            if c:
                changes.append(c)
        oc, nc = a.codes.to_dict(), b.codes.to_dict()
        if oc != nc:
            changes.append(FieldChange("codes", WORKSPACE_LABELS["codes"], _codes_summary(a.codes), _codes_summary(b.codes)))
    before, after = _by_id(a.units), _by_id(b.units)
    common = [uid for uid in after if uid in before]
    moved = _moved([(before[u][0], after[u][0]) for u in common])
    units: list[UnitDiff] = []
    for uid, (j, u) in after.items():
        i, v = before.get(uid, (None, None))
        d = diff_unit(v, u, a.codes, b.codes, i, j, i is not None and (i, j) in moved)
        if d:
            units.append(d)
    for uid, (i, v) in before.items():
        if uid not in after:
            d = diff_unit(v, None, a.codes, b.codes, i, None)
            if d:
                units.append(d)
    sums = sum_changes(a.sums(), b.sums())
    return WorkspaceDiff(tuple(changes), tuple(units), sums, old is None and new is not None,
                         new is None and old is not None)


def _codes_summary(codes: CodeTable) -> str:
    return "、".join(c.label for c in (*codes.level1.values(), *codes.level2.values()))


def project_field_differences(a: Project, b: Project, codes: CodeTable) -> list[FieldChange]:
    """Flat list of what differs between two versions of one project (for a conflict): project
    fields; ``indicators[N].field`` for an indicator both have (N = its position in ``b``);
    ``indicators+[N]`` for one only ``b`` has (N in ``b``), ``indicators-[N]`` for one only ``a``
    has (N in ``a``); and ``indicators.order`` when the indicators are in another order."""
    d = diff_project("", a, b, codes, codes)
    if d is None:
        return []
    out = list(d.changes)
    for ic in d.indicators:
        n = ic.new_index or ic.old_index
        if ic.status in ("added", "removed"):
            ind = ic.new or ic.old
            sign = "+" if ic.status == "added" else "-"
            out.append(FieldChange(f"indicators{sign}[{n}]", f"指标{n}「{ind.name}」", ic.old, ic.new, "text"))  # type: ignore[union-attr]
        for c in ic.changes:
            out.append(FieldChange(f"indicators[{n}].{c.field}", f"指标{n}「{ic.name}」{c.label}", c.old, c.new, c.kind))
    if d.indicators_reordered:
        out.append(FieldChange("indicators.order", "指标顺序", [i.name for i in a.indicators],
                               [i.name for i in b.indicators], "value"))
    return out


# -- plain data (JSON) -------------------------------------------------------------------------

def _plain(x: Any) -> Any:
    if isinstance(x, Decimal):
        return format(x, "f")
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
