"""``jixiao export --layout detail``: one 项目支出绩效目标申报表 block per project.

The form reviewers read project by project. Each block, on its own printed page (A4 portrait,
fitted to the width)::

                          项目支出绩效目标申报表
                               （2025年度）
                                                            单位：万元
    项目名称       | name
    资金使用单位   | unit
    项目资金（万元）| 总计 | 财政拨款 | 财政专户拨款 | 其他资金
                   | amounts …
    绩效目标       | goal
    一级指标 | 二级指标 | 三级指标 | 实施周期指标值 | 年度指标值
    1-产出指标 | 11-数量指标 | …       (一级/二级 merged over their run of indicators)

Categories print in their canonical form (``12-质量指标``) when the code table resolves them.
"""

from __future__ import annotations

from model.packed import category_label
from model.values import published_value
from model.workspace import FUNDING, INDICATOR_LABELS, Indicator, Project, Unit, Workspace

TITLE = "项目支出绩效目标申报表"
COLUMNS = 5  # A 一级指标 · B 二级指标 · C 三级指标 · D 实施周期指标值 · E 年度指标值
INDICATOR_HEADER = tuple(INDICATOR_LABELS[k] for k in ("level1", "level2", "name", "period", "annual"))
_WIDTHS = (16, 18, 34, 18, 18)  # display widths: 项目资金（万元） · 31-服务对象满意度 · names · values


def runs(labels: list[str]) -> list[tuple[int, int]]:
    """(start, length) of each run of equal neighbours."""
    out: list[tuple[int, int]] = []
    for i, label in enumerate(labels):
        if out and labels[out[-1][0]] == label:
            out[-1] = (out[-1][0], out[-1][1] + 1)
        else:
            out.append((i, 1))
    return out


def export_detail(ws: Workspace) -> bytes:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break, RowBreak

    from storage.published.xlsx_style import (
        TITLE_PT,
        SheetRows,
        column_width,
        doc_properties,
        lines_needed,
        new_workbook,
        page_setup,
        row_height,
    )

    wb, sheet = new_workbook("绩效目标申报表")
    widths = [column_width(w) for w in _WIDTHS]
    for i, w in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = w
    page_setup(sheet, landscape=False)
    doc_properties(wb, ws)
    out = SheetRows(wb, sheet, COLUMNS)
    text, amount, blank, row = out.text, out.amount, out.blank, out.row
    wide = sum(widths[1:])  # B:E, where name, unit and goal are merged

    def merged_row(label: str, value: str) -> None:
        r = out.count + 1
        out.merge(f"B{r}:E{r}")
        row([text(label, "center"), text(value, "text"), blank("text"), blank("text"), blank("text")],
            row_height(max(lines_needed(value, wide), lines_needed(label, widths[0]))))

    def block(unit: Unit, p: Project) -> None:
        r = out.count + 1
        out.merge(f"A{r}:E{r}")
        row([text(TITLE, "title")], row_height(1, TITLE_PT) + 6)
        r += 1
        if ws.year:
            out.merge(f"A{r}:E{r}")
            row([text(f"（{ws.year}年度）", "subtitle")], row_height(1))
        row([None, None, None, None, text("单位：万元", "note_right")], row_height(1))
        merged_row("项目名称", p.name)
        merged_row("资金使用单位", unit.name)
        r = out.count + 1
        out.merge(f"A{r}:A{r + 1}")
        row([text("项目资金（万元）", "center"), *(text(label, "header") for _, label in FUNDING)], row_height(1))
        row([blank("center"), *(amount(getattr(p, key)) for key, _ in FUNDING)], row_height(1))
        merged_row("绩效目标", p.goal)
        row([text(h, "header") for h in INDICATOR_HEADER], row_height(1))
        if not p.indicators:
            r = out.count + 1
            out.merge(f"A{r}:E{r}")
            row([text("（无绩效指标）", "center"), blank("center"), blank("center"), blank("center"), blank("center")],
                row_height(1))
        else:
            _indicators(p.indicators)

    def _indicators(indicators: list[Indicator]) -> None:
        first = out.count + 1
        level1 = [category_label(i.level1, ws.codes, 1) for i in indicators]
        level2 = [category_label(i.level2, ws.codes, 2) for i in indicators]
        for start, n in runs(level1):
            if n > 1:
                out.merge(f"A{first + start}:A{first + start + n - 1}")
        for start, n in runs(list(zip(level1, level2))):
            if n > 1:
                out.merge(f"B{first + start}:B{first + start + n - 1}")
        starts1 = {s for s, _ in runs(level1)}
        starts2 = {s for s, _ in runs(list(zip(level1, level2)))}
        for k, ind in enumerate(indicators):
            period, annual = published_value(ind.period), published_value(ind.annual)
            lines = max(lines_needed(ind.name, widths[2]), lines_needed(period, widths[3]),
                        lines_needed(annual, widths[4]))
            row([text(level1[k], "center") if k in starts1 else blank("center"),
                 text(level2[k], "center") if k in starts2 else blank("center"),
                 text(ind.name, "text"), text(period, "center"), text(annual, "center")],
                row_height(lines))

    breaks: list[Break] = []
    for unit in ws.units:
        for p in unit.projects:
            if out.count:
                row([])  # a gap on screen; the page break puts the next block on a new page
                breaks.append(Break(id=out.count))
            block(unit, p)
    if not out.count:
        row([text("（工作区没有项目）", "note_left")])
    sheet.row_breaks = RowBreak(brk=breaks)  # once: appending one by one revalidates the list
    return out.finish()
