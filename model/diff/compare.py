"""Comparing two workspaces in budget terms (pure: two models in, a structured diff out).

Units and projects are matched by id (folder name / file stem), so a renamed project is the
same project with a new name. Indicators have no id: they are matched by category and name,
then by name alone (category changed), then by category and values (indicator renamed), so a
reorder reads as a reorder, not as a rewrite. Long texts (绩效目标) are compared by sentence
(``model.diff.text``). Amount differences are exact Decimals.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from decimal import Decimal
from typing import Any, Iterable, Iterator

from model.codes import CodeTable
from model.comments import Comment
from model.diff.changes import CommentChange, FieldChange, IndicatorChange, Kind, ProjectDiff, UnitDiff, WorkspaceDiff
from model.diff.text import text_edits
from model.money import valid
from model.values import parse_value
from model.workspace import FUNDING, INDICATOR_LABELS, Indicator, Project, Unit, Workspace

WORKSPACE_LABELS = {"title": "标题", "department": "单位名称", "year": "预算年度", "codes": "指标代码表"}


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
            kind = _value_kind(c.old, c.new) if key in ("period", "annual") else "text"
            out.append(FieldChange(c.field, c.label, c.old, c.new, kind))
    return tuple(out)


def _value_kind(old: str, new: str) -> Kind:
    """A target value's text changed: "value", or "value_form" when both read the same
    (``≥98%`` → ``>=98%``, ``90%或以上`` → ``≥90%``). The diff shows what the file holds, so a
    rewrite is still listed (git shows it too), marked as changing no value."""
    return "value_form" if parse_value(old).reading() == parse_value(new).reading() else "value"


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
            status = "changed" if changes else "moved"
            out.append(IndicatorChange(status, i + 1, j + 1, old[i], new[j], changes, is_moved))
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
    comments = diff_comments(old.comments, new.comments)
    if not changes and not indicators and not moved and not comments:
        return None
    status = "changed" if changes or indicators or comments else "moved"
    return ProjectDiff(unit_id, pid, status, old, new, tuple(changes), indicators, old_index, new_index, moved,
                       comments)


def diff_comments(old: list[Comment], new: list[Comment]) -> tuple[CommentChange, ...]:
    """审核意见 matched by what they are (author, time, target, text): added, removed, and those
    whose resolution changed."""
    before = {c.key(): (n, c) for n, c in enumerate(old, 1)}
    out: list[CommentChange] = []
    seen = set()
    for n, c in enumerate(new, 1):
        seen.add(c.key())
        was = before.get(c.key())
        if was is None:
            out.append(CommentChange("added", n, c))
        elif was[1].resolved != c.resolved:
            out.append(CommentChange("resolved" if c.resolved else "reopened", n, c))
    out.extend(CommentChange("removed", n, c) for key, (n, c) in before.items() if key not in seen)
    return tuple(out)


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
    pairs = _paired(old.projects if old else [], new.projects if new else [])
    projects = [d for i, q, j, p, was_moved in pairs
                if (d := diff_project(uid, q, p, old_codes, new_codes, i, j, was_moved))]
    sums = sum_changes(old.sums() if old else _NO_SUMS, new.sums() if new else _NO_SUMS)
    status = _status(old, new, bool(changes or projects or sums), moved)
    if status is None:
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
        if a.codes.to_dict() != b.codes.to_dict():
            changes.append(FieldChange("codes", WORKSPACE_LABELS["codes"], _codes_summary(a.codes),
                                       _codes_summary(b.codes)))
    units = [d for i, v, j, u, was_moved in _paired(a.units, b.units)
             if (d := diff_unit(v, u, a.codes, b.codes, i, j, was_moved))]
    sums = sum_changes(a.sums(), b.sums())
    return WorkspaceDiff(tuple(changes), tuple(units), sums, old is None and new is not None,
                         new is None and old is not None)


def _paired(before_items: Iterable[Any], after_items: Iterable[Any]) -> Iterator[tuple[Any, Any, Any, Any, bool]]:
    """Items matched by id, as ``(old index, old, new index, new, moved)`` (1-based indexes,
    None on the side without it): those of ``after_items`` in their order, ``moved`` when their
    order relative to the others changed; then those only in ``before_items``."""
    before, after = _by_id(before_items), _by_id(after_items)
    moved = _moved([(before[k][0], after[k][0]) for k in after if k in before])
    for k, (j, item) in after.items():
        i, prev = before.get(k, (None, None))
        yield i, prev, j, item, i is not None and (i, j) in moved
    for k, (i, prev) in before.items():
        if k not in after:
            yield i, prev, None, None, False


def _status(old: Any, new: Any, changed: bool, moved: bool) -> Any:
    """A unit's status: added, removed, changed, moved, or None when it is the same."""
    if old is None or new is None:
        return "added" if old is None else "removed"
    if changed:
        return "changed"
    return "moved" if moved else None


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
            label = f"指标{n}「{ind.name}」"  # type: ignore[union-attr]
            out.append(FieldChange(f"indicators{sign}[{n}]", label, ic.old, ic.new, "text"))
        for c in ic.changes:
            label = f"指标{n}「{ic.name}」{c.label}"
            out.append(FieldChange(f"indicators[{n}].{c.field}", label, c.old, c.new, c.kind))
    if d.indicators_reordered:
        out.append(FieldChange("indicators.order", "指标顺序", [i.name for i in a.indicators],
                               [i.name for i in b.indicators], "value"))
    return out
