"""Last year's figures beside this year's, when the editor has a comparison workspace (the
``compare`` setting in jixiao.toml, or 比较工作区 in the palette): a line of last year's amounts
under the project's, a 上年年度值 column in the indicator table, and the change by unit on the
overview. The matching is ``model.diff.years`` (id, else the name with its years left out)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rich.table import Table
from rich.text import Text

from model.diff.compare import match_indicators
from model.diff.years import align, counterpart
from model.money import fmt, fmt_diff, valid
from model.text import escaped
from model.workspace import FUNDING, Project, Unit, Workspace

LAST_HEADERS = ("上年年度值", "上年值", "上年")  # the indicator table's extra column, longest first
NEW_ROW = "（新增）"


@dataclass(frozen=True)
class Compared:
    label: str  # 2025 年度
    project: Project | None  # last year's counterpart; None: new this year
    values: list[tuple[str, str]]  # per indicator of this year's: (last year's annual value, style)


def compared(old_ws: Workspace | None, label: str, ws: Workspace, unit: Unit, project: Project,
             codes) -> Compared | None:
    """What the project form shows of last year (None without a comparison workspace)."""
    if old_ws is None:
        return None
    label = f"{old_ws.year} 年度" if old_ws.year else label
    old = counterpart(old_ws, unit, project, ws)
    values = [(NEW_ROW, "dim")] * len(project.indicators)
    if old is not None:
        for i, j in match_indicators(old.indicators, project.indicators, codes, codes):
            was, now = old.indicators[i].annual, project.indicators[j].annual
            values[j] = (escaped(was) or "（空）", "" if was.strip() == now.strip() else "bold yellow")
    return Compared(label, old, values)


def amounts_line(c: Compared, p: Project) -> Text:
    """``上年（2025 年度）：总计 144.33（今年 +5.67）　财政拨款 144.33``: the change first, so a
    narrow form cuts only the other amounts."""
    out = Text(f"上年（{c.label}）：", "bold")
    old = c.project
    if old is None:
        out.append("没有这个项目（今年新增）", "dim")
        return out
    parts = []
    for k, label in FUNDING:
        v = getattr(old, k)
        if v is not None:
            parts.append(Text(f"{label} {fmt(v) if not isinstance(v, str) else escaped(v)}"))
            if k == "total":
                a, b = valid(v), valid(p.total)
                if a is not None and b is not None:
                    parts[-1].append(f"（今年 {fmt_diff(b - a)}）", "bold yellow" if b - a else "green")
    out.append_text(Text("　").join(parts) if parts else Text("金额为空"))
    return out


def _total(u: Unit | None) -> Decimal | None:
    return None if u is None else u.sums()["total"]


def by_unit(old_ws: Workspace, label: str, ws: Workspace) -> Table:
    """Each unit's 总计 last year and this year, and the change; 合计 last."""
    aligned = align(old_ws, ws)
    old_units = {u.id: u for u in aligned.units}
    t = Table(title=escaped(f"与 {label} 比较（万元）"), title_justify="left", title_style="bold", box=None,
              padding=(0, 2), header_style="bold")
    t.add_column("单位")
    for head in ("上年总计", "今年总计", "变动"):
        t.add_column(head, justify="right")

    def row(name: str, a: Decimal | None, b: Decimal | None, style: str = "") -> None:
        d = b - a if a is not None and b is not None else None
        t.add_row(Text(escaped(name), style), fmt(a, "—"), fmt(b, "—"),
                  Text(fmt_diff(d), "bold yellow" if d else "green") if d is not None else Text("—"))

    for u in ws.units:
        row(u.name, _total(old_units.get(u.id)), _total(u))
    for u in aligned.units:
        if ws.find_unit(u.id) is None:
            row(f"{u.name}（今年没有）", _total(u), None, "dim")
    row("合计", old_ws.sums()["total"], ws.sums()["total"], "bold")
    return t
