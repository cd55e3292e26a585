"""A workspace diff flattened into the rows of the printable 修订对照表 (pure).

One row per change, in the diff's order: what the workspace header says, then each unit — its
own fields, its projects (a field, an indicator's field, an added or removed project or
indicator, a move) and the unit's sums that moved (小计) — and the 合计 columns last. A row says
what it is about both for people (单位, 项目, 内容) and for programs (``unit_id``,
``project_id``, ``target``: the field as ``project_field_differences`` names it, e.g.
``fiscal``, ``indicators[3].annual``), so a note kept elsewhere can be matched to it.

The 审核意见 column: a project's comments (``model.diff.review_comments`` says which and on
which row) ride on its rows; given the two workspaces, a project or unit that did not change
but has comments to show gets rows too, in its place (content 「审核意见（项目未修改）」), so an
open comment is never left off the paper.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Literal

from model.comments import Comment
from model.diff.changes import FieldChange, IndicatorChange, ProjectDiff, UnitDiff, WorkspaceDiff
from model.diff.review_comments import COMMENTS_CONTENT, place_comments, shown_comments
from model.money import fmt, valid
from model.workspace import FUNDING, Indicator, Project, Unit, Workspace

RowKind = Literal["change", "subtotal", "total"]
SUBTOTAL = "小计"
TOTAL = "合计"
GAP = "……"  # between the changed stretches of a long text


@dataclass(frozen=True)
class ReviewRow:
    kind: RowKind  # change: one change (numbered); subtotal: a unit's sum; total: 合计
    unit: str  # the unit's name ("" for the workspace's own fields, 合计 for the total rows)
    project: str  # "p02 项目名称", 小计, or ""
    content: str  # 财政拨款, 指标3「巡检完成率」年度指标值, 新增项目 …
    old: Decimal | str | None  # an amount as a Decimal, anything else as text; None = nothing
    new: Decimal | str | None
    delta: Decimal | None = None  # amounts: new - old
    status: str = "changed"  # added, removed, changed, moved
    unit_id: str = ""
    project_id: str = ""
    target: str = ""  # the field: name, fiscal, goal, indicators[N].annual, indicators+[N] …
    comments: tuple[str, ...] = ()  # 审核意见 about this row, one line each (model.comments.describe)


_LAST = 10**9  # the place of what is not in the newer side (removed): after the rest


def review_rows(d: WorkspaceDiff, new_ws: Workspace | None = None, old_ws: Workspace | None = None) -> list[ReviewRow]:
    """The table's rows; empty when nothing changed. ``new_ws``/``old_ws``: the two sides
    compared, for the comments of projects the diff does not hold (unchanged ones, or all of
    them when the diff leaves comments out, as a comparison of two years does)."""
    if d.is_empty():
        return []
    rows: list[ReviewRow] = []
    for c in d.changes:
        rows.append(_field_row("", "", "", c))
    blocks = [((u.new_index or _LAST), _unit_rows(u, new_ws, old_ws)) for u in d.units]
    if new_ws is not None:
        changed = {u.unit_id for u in d.units}
        blocks += [(n, r) for n, u in enumerate(new_ws.units, 1)
                   if u.id not in changed and (r := _unchanged_projects(u, None, old_ws))]
    for _, block in sorted(blocks, key=lambda b: b[0]):
        rows.extend(block)
    for c in d.sums:
        rows.append(ReviewRow("total", TOTAL, "", c.label, c.old, c.new, c.delta, "changed", target=c.field))
    return rows


def _field_row(unit: str, project: str, prefix: str, c: FieldChange, unit_id: str = "", project_id: str = "",
               target: str = "") -> ReviewRow:
    label = prefix + c.label + ("（只改写法，读作相同）" if c.kind == "value_form" else "")
    if c.kind == "long_text":
        old = GAP.join(e.old.strip() for e in c.edits if e.old.strip()) or None
        new = GAP.join(e.new.strip() for e in c.edits if e.new.strip()) or None
        return ReviewRow("change", unit, project, label, old, new, None, "changed", unit_id, project_id,
                         target or c.field)
    return ReviewRow("change", unit, project, label, _side(c, c.old), _side(c, c.new), c.delta, "changed",
                     unit_id, project_id, target or c.field)


def _side(c: FieldChange, v: Any) -> Decimal | str | None:
    if c.kind in ("amount", "sum"):
        return v if isinstance(v, Decimal) or v is None else f"「{v}」"
    if v is None or v == "":
        return None
    if isinstance(v, list):
        return "、".join(str(x) for x in v)
    return str(v)


def _unit_rows(u: UnitDiff, new_ws: Workspace | None, old_ws: Workspace | None) -> list[ReviewRow]:
    rows: list[ReviewRow] = []
    if u.status in ("added", "removed"):
        word = "新增单位" if u.status == "added" else "删除单位"
        rows.append(ReviewRow("change", u.name, "", word, u.name if u.status == "removed" else None,
                              u.name if u.status == "added" else None, None, u.status, u.unit_id, target="unit"))
    for c in u.changes:
        rows.append(_field_row(u.name, "", "", c, u.unit_id))
    if u.moved:
        rows.append(ReviewRow("change", u.name, "", "单位顺序", f"第 {u.old_index} 项", f"第 {u.new_index} 项",
                              None, "moved", u.unit_id, target="order"))
    blocks = [((p.new_index or _LAST), project_rows(u.name, p, *_sides(p, new_ws))) for p in u.projects]
    if new_ws is not None and u.new is not None:
        unit = new_ws.find_unit(u.unit_id)
        if unit is not None:
            blocks += _unchanged_blocks(unit, u, old_ws)
    for _, block in sorted(blocks, key=lambda b: b[0]):
        rows.extend(block)
    for c in u.sums:
        rows.append(ReviewRow("subtotal", u.name, SUBTOTAL, c.label, c.old, c.new, c.delta, "changed", u.unit_id,
                              target=c.field))
    return rows


def _find(ws: Workspace | None, uid: str, pid: str) -> Project | None:
    found = ws.find_project(uid, pid) if ws is not None else None
    return found[1] if found else None


def _sides(d: ProjectDiff, new_ws: Workspace | None) -> tuple[Project | None, Project | None]:
    """The project as the newer workspace holds it (comments and all: a comparison of two years
    leaves them out of the diff), and as the diff's older side does."""
    new = (_find(new_ws, d.unit_id, d.project_id) or d.new) if d.new is not None else None
    return new, d.old


def _unchanged_blocks(unit: Unit, u: UnitDiff | None, old_ws: Workspace | None) -> list[tuple[int, list[ReviewRow]]]:
    """(place, rows) of the unit's projects the diff does not hold, that have comments to show."""
    changed = {p.project_id for p in u.projects} if u is not None else set()
    out = []
    for n, p in enumerate(unit.projects, 1):
        if p.id in changed:
            continue
        comments = shown_comments(p, _find(old_ws, unit.id, p.id))
        if comments:
            out.append((n, [_comments_row(unit.name, unit.id, p, comments, f"{COMMENTS_CONTENT}（项目未修改）")]))
    return out


def _unchanged_projects(unit: Unit, u: UnitDiff | None, old_ws: Workspace | None) -> list[ReviewRow]:
    return [r for _, rows in _unchanged_blocks(unit, u, old_ws) for r in rows]


def _comments_row(unit: str, uid: str, p: Project, comments: list[Comment], content: str) -> ReviewRow:
    texts = tuple(place_comments(["comments"], p, comments)[0])
    return ReviewRow("change", unit, f"{p.id} {p.name}", content, None, None, None, "comment", uid, p.id,
                     "comments", texts)


def project_rows(unit: str, d: ProjectDiff, new: Project | None = None, old: Project | None = None) -> list[ReviewRow]:
    """The rows of one project's changes, with its 审核意见 (``new``/``old``: the project as
    each side holds it, comments and all; the diff's own copies when not given)."""
    new = new if new is not None else d.new
    old = old if old is not None else d.old
    comments = shown_comments(new, old)
    rows = _change_rows(unit, d)
    if not rows:
        return [_comments_row(unit, d.unit_id, new or old, comments, COMMENTS_CONTENT)] if comments else []  # type: ignore[arg-type]
    if not comments:
        return rows
    placed = place_comments([r.target for r in rows], new or old, comments)
    return [replace(r, comments=tuple(placed[i])) if i in placed else r for i, r in enumerate(rows)]


def _change_rows(unit: str, d: ProjectDiff) -> list[ReviewRow]:
    who = f"{d.project_id} {d.name}"
    uid, pid = d.unit_id, d.project_id
    if d.status in ("added", "removed"):
        p = d.new if d.status == "added" else d.old
        assert p is not None
        total = valid(p.total)
        delta = None if total is None else (total if d.status == "added" else -total)
        text = project_summary(p)
        old, new = (None, text) if d.status == "added" else (text, None)
        word = "新增项目" if d.status == "added" else "删除项目"
        return [ReviewRow("change", unit, who, word, old, new, delta, d.status, uid, pid, "project")]
    rows = [_field_row(unit, who, "", c, uid, pid) for c in d.changes]
    for ic in d.indicators:
        rows.extend(_indicator_rows(unit, who, ic, uid, pid))
    if d.moved:
        rows.append(ReviewRow("change", unit, who, "在单位中的顺序", f"第 {d.old_index} 项", f"第 {d.new_index} 项",
                              None, "moved", uid, pid, "order"))
    return rows


def _indicator_rows(unit: str, who: str, ic: IndicatorChange, uid: str, pid: str) -> list[ReviewRow]:
    if ic.status == "added":
        assert ic.new is not None
        return [ReviewRow("change", unit, who, f"指标{ic.new_index}「{ic.name}」（新增）", None,
                          indicator_summary(ic.new), None, "added", uid, pid, f"indicators+[{ic.new_index}]")]
    if ic.status == "removed":
        assert ic.old is not None
        return [ReviewRow("change", unit, who, f"指标{ic.old_index}「{ic.name}」（删除）",
                          indicator_summary(ic.old), None, None, "removed", uid, pid, f"indicators-[{ic.old_index}]")]
    n = ic.new_index
    rows = [_field_row(unit, who, f"指标{n}「{ic.name}」", c, uid, pid, f"indicators[{n}].{c.field}")
            for c in ic.changes]
    if ic.moved:
        rows.append(ReviewRow("change", unit, who, f"指标「{ic.name}」顺序", f"第 {ic.old_index} 项",
                              f"第 {ic.new_index} 项", None, "moved", uid, pid, f"indicators[{n}].order"))
    return rows


def project_summary(p: Project) -> str:
    """``项目名称；总计 150.00，财政拨款 150.00；4 个指标`` for an added or removed project."""
    amounts = "，".join(f"{label} {fmt(v) if not isinstance(v, str) else '「' + v + '」'}"
                        for k, label in FUNDING if (v := getattr(p, k)) is not None) or "金额为空"
    return f"{p.name}；{amounts}；{len(p.indicators)} 个指标"


def indicator_summary(ind: Indicator) -> str:
    return f"{ind.level1}／{ind.level2}；实施周期 {ind.period or '空'}；年度 {ind.annual or '空'}"
