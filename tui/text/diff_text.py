"""A workspace diff as lines of text for people: "p02 …经费  财政拨款：144.33 → 150.00（+5.67）".

``render_diff`` takes a ``style(kind, text)`` function so the same lines serve a plain
terminal (markers ``[-删除-]{+新增+}`` like ``git diff --word-diff``), a colour terminal (ANSI)
and, later, the app (Rich markup).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from model.comments import describe
from model.diff import FieldChange, IndicatorChange, ProjectDiff, TextEdit, UnitDiff, WorkspaceDiff
from model.diff.changes import CommentChange
from model.money import fmt, fmt_diff
from model.workspace import FUNDING, Indicator, Project

# (kind, text) -> text. Kinds: title, unit, added/removed/changed/moved (marks), ins/del (inside a
# long text), old/new (the two sides of a field), delta (an amount's difference), dim.
Style = Callable[[str, str], str]

ANSI = {
    "title": "\x1b[1m",
    "unit": "\x1b[1m",
    "added": "\x1b[32m",
    "removed": "\x1b[31m",
    "changed": "\x1b[33m",
    "moved": "\x1b[36m",
    "ins": "\x1b[32m",
    "del": "\x1b[31m",
    "new": "\x1b[32m",
    "old": "\x1b[31m",
    "delta": "\x1b[1m",
    "dim": "\x1b[2m",
}


def plain(kind: str, text: str) -> str:
    if kind == "ins":
        return "{+" + text + "+}"
    if kind == "del":
        return "[-" + text + "-]"
    return text


def ansi(kind: str, text: str) -> str:
    code = ANSI.get(kind)
    return f"{code}{text}\x1b[0m" if code and text else text


MARK = {"added": "+", "removed": "-", "changed": "~", "moved": "↕"}
CONTEXT = 16  # kept characters shown on each side of a change in a long text


def amount(v: Any, kind: str = "amount") -> str:
    if v is None:
        return "无法计算" if kind == "sum" else "空"
    if isinstance(v, Decimal):
        return fmt(v)
    return f"「{v}」"


def field_value(c: FieldChange, v: Any) -> str:
    """One side of a field change as shown: amounts formatted, empty as 空, lists joined."""
    if c.kind in ("amount", "sum"):
        return amount(v, c.kind)
    if v is None or v == "":
        return "空"
    if isinstance(v, list):
        return "、".join(str(x) for x in v)
    return str(v)


def field_line(c: FieldChange, style: Style) -> str:
    text = f"{c.label}：{style('old', field_value(c, c.old))} → {style('new', field_value(c, c.new))}"
    if c.delta is not None:
        text += "（" + style("delta", fmt_diff(c.delta)) + "）"
    if c.kind == "value_form":
        text += "（只改了写法，读作相同）"
    return text


def edit_line(e: TextEdit, style: Style) -> str:
    parts = []
    segs = e.segments
    for k, s in enumerate(segs):
        if s.op == "=":
            t = s.text
            first, last = k == 0, k == len(segs) - 1
            if not first and not last and len(t) > 2 * CONTEXT + 1:
                t = t[:CONTEXT] + "…" + t[-CONTEXT:]
            elif first and len(t) > CONTEXT:
                t = "…" + t[-CONTEXT:]
            elif last and len(t) > CONTEXT:
                t = t[:CONTEXT] + "…"
            parts.append(t.replace("\n", "⏎"))
        else:
            parts.append(style("del" if s.op == "-" else "ins", s.text.replace("\n", "⏎")))
    return "".join(parts)


def funding_summary(p: Project) -> str:
    parts = [f"{label} {fmt(getattr(p, k))}" if not isinstance(getattr(p, k), str) else f"{label} 「{getattr(p, k)}」"
             for k, label in FUNDING if getattr(p, k) is not None]
    return "，".join(parts) or "金额为空"


def indicator_summary(ind: Indicator) -> str:
    return f"{ind.level1}／{ind.level2}；实施周期 {ind.period or '空'}；年度 {ind.annual or '空'}"


def indicator_lines(ic: IndicatorChange, style: Style) -> list[str]:
    mark = style(ic.status, MARK[ic.status])
    if ic.status == "added":
        return [f"{mark} 指标{ic.new_index}「{ic.name}」{indicator_summary(ic.new)}（新增）"]  # type: ignore[arg-type]
    if ic.status == "removed":
        return [f"{mark} 指标{ic.old_index}「{ic.name}」{indicator_summary(ic.old)}（删除）"]  # type: ignore[arg-type]
    out = [f"{mark} 指标{ic.new_index}「{ic.name}」{field_line(c, style)}" for c in ic.changes]
    if ic.moved:
        out.append(f"{style('moved', MARK['moved'])} 指标「{ic.name}」顺序：第 {ic.old_index} 项 → 第 {ic.new_index} 项")
    return out


COMMENT_STATUS = {"added": ("added", "新增"), "resolved": ("changed", "已解决"),
                  "reopened": ("changed", "重新打开"), "removed": ("removed", "删除")}


def comment_line(cc: CommentChange, project: Project, style: Style) -> str:
    """``+ 审核意见2（新增）总计｜王审核 2026-11-30 15:04：请核实``."""
    kind, word = COMMENT_STATUS[cc.status]
    return f"{style(kind, MARK[kind])} 审核意见{cc.number}（{word}）{describe(cc.comment, project.indicators)}"


def project_lines(d: ProjectDiff, style: Style, indent: str = "  ") -> list[str]:
    head = f"{indent}{style(d.status, MARK[d.status])} {d.project_id} {d.name}"
    if d.status == "added":
        return [f"{head}（新增）：{funding_summary(d.new)}；{len(d.new.indicators)} 个指标"]  # type: ignore[union-attr]
    if d.status == "removed":
        return [f"{head}（删除）：{funding_summary(d.old)}；{len(d.old.indicators)} 个指标"]  # type: ignore[union-attr]
    out = [head]
    sub = indent + "    "
    for c in d.changes:
        if c.kind == "long_text":
            out.append(f"{sub}{c.label}：")
            for e in c.edits:
                out.append(f"{sub}  {edit_line(e, style)}")
        else:
            out.append(f"{sub}{field_line(c, style)}")
    for ic in d.indicators:
        out.extend(sub + line for line in indicator_lines(ic, style))
    for cc in d.comments:
        out.append(sub + comment_line(cc, d.new or d.old, style))  # type: ignore[arg-type]
    if d.moved:
        out.append(f"{sub}{style('moved', MARK['moved'])} 在单位中的顺序：第 {d.old_index} 项 → 第 {d.new_index} 项")
    return out


def unit_lines(u: UnitDiff, style: Style) -> list[str]:
    suffix = {"added": "（新增）", "removed": "（删除）", "changed": "", "moved": ""}[u.status]
    out = [style("unit", f"{MARK[u.status]} 单位 {u.unit_id} {u.name}{suffix}")]
    for c in u.changes:
        out.append(f"    {field_line(c, style)}")
    if u.moved:
        out.append(f"    {style('moved', MARK['moved'])} 单位顺序：第 {u.old_index} 项 → 第 {u.new_index} 项")
    for p in u.projects:
        out.extend(project_lines(p, style))
    if u.sums:
        out.append("  单位合计：")
        out.extend(f"      {field_line(c, style)}" for c in u.sums)
    return out


def render_diff(d: WorkspaceDiff, old_label: str, new_label: str, style: Style = plain) -> list[str]:
    out = [style("title", f"比较：{old_label} → {new_label}")]
    if d.created:
        out.append(f"{old_label} 中还没有这个工作区：以下全部为新增")
    if d.deleted:
        out.append(f"{new_label} 中没有这个工作区：以下全部为删除")
    if d.is_empty():
        out.append("没有变化")
        return out
    for c in d.changes:
        out.append(f"工作区 {field_line(c, style)}")
    for u in d.units:
        out.extend(unit_lines(u, style))
    if d.sums:
        out.append(style("unit", "合计："))
        out.extend(f"    {field_line(c, style)}" for c in d.sums)
    return out


def counts(d: WorkspaceDiff) -> dict[str, int]:
    """How many projects were added, removed, changed (moved ones count as changed)."""
    out = {"added": 0, "removed": 0, "changed": 0}
    for u in d.units:
        for p in u.projects:
            out["changed" if p.status == "moved" else p.status] += 1
    return out
