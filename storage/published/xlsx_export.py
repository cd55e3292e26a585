"""``jixiao export``: the workspace as the published 项目支出绩效目标表 workbook.

Layout (domain.md section 1): title row, ``单位名称：…`` with ``单位：万元``, the header row, 合计,
then each unit row followed by its projects, in the workspace's order. Amounts are number cells
shown as ``#,##0.00``, written from their exact Decimal digits; a zero or blank amount is a blank
cell. The 绩效指标 cell is ``model.packed.format_packed`` (full-width punctuation throughout).

Unit rows and 合计 are always computed from the projects (a unit row = the sum of its projects,
合计 = the sum of the unit rows), so the printed table adds up whatever is declared. A unit's
control figure is not printed: rule F3 checks that the projects add up to it, and an F3 error
refuses the export like any other error (``--force`` prints the computed sums).

``--layout detail`` writes the per-project 申报表 instead (see ``xlsx_detail``); ``export``
chooses between them and writes the file.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from model.packed import format_packed
from model.workspace import FUNDING, Workspace
from storage.published.rows import HEADER  # the columns an import expects are the ones printed

MEASURE = "单位：万元"
GRAND_TOTAL = "合计"
NOT_COMPUTABLE = "（无法计算）"  # a sum over an amount that is not a number (export forced)

# Row kinds, in the order the published table prints them
TITLE, DEPARTMENT, HEAD, TOTAL, UNIT, PROJECT = "title", "department", "header", "total", "unit", "project"

Sums = dict[str, Decimal | None]


def _sum_cells(sums: Sums) -> list[Decimal | str | None]:
    return [NOT_COMPUTABLE if sums[k] is None else sums[k] for k, _ in FUNDING]


def sums(ws: Workspace) -> tuple[list[Sums], Sums]:
    """Each unit's column sums and 合计 (the sum of the units), in one pass over the projects."""
    per_unit = [u.sums() for u in ws.units]
    grand: Sums = {k: Decimal("0.00") for k, _ in FUNDING}
    for s in per_unit:
        for k, _ in FUNDING:
            grand[k] = None if grand[k] is None or s[k] is None else grand[k] + s[k]
    return per_unit, grand


def table_rows(ws: Workspace, totals: tuple[list[Sums], Sums] | None = None) -> Iterator[tuple[str, list]]:
    """The published table as (kind, values) rows; amounts stay Decimal (or the typed text)."""
    per_unit, grand = totals or sums(ws)
    yield TITLE, [ws.title]
    yield DEPARTMENT, [f"单位名称：{ws.department}", MEASURE]
    yield HEAD, list(HEADER)
    yield TOTAL, [GRAND_TOTAL, *_sum_cells(grand)]
    codes = ws.codes
    for unit, unit_sums in zip(ws.units, per_unit):
        yield UNIT, [unit.name, *_sum_cells(unit_sums)]
        for p in unit.projects:
            yield PROJECT, [p.name, p.total, p.fiscal, p.special, p.other, p.goal, format_packed(p.indicators, codes)]


def _widths(ws: Workspace, grand: Sums) -> list[float]:
    from storage.published.xlsx_style import column_width, display_width, widest

    names = [u.name for u in ws.units] + [p.name for _, p in ws.projects()]
    amounts = []
    for key, label in FUNDING:
        # 合计 is the widest number unless an amount is negative or not a number (forced export)
        texts = [NOT_COMPUTABLE if grand[key] is None else f"{grand[key]:,.2f}"]
        texts += [v if isinstance(v, str) else f"{v:,.2f}" for _, p in ws.projects()
                  if isinstance(v := getattr(p, key), str) or (v is not None and v < 0)]
        amounts.append(max(display_width(label), *(display_width(t) for t in texts)))
    goals = (p.goal for _, p in ws.projects())
    # the packed text is long as soon as there is an indicator: no need to format it to measure
    has_indicators = any(p.indicators for _, p in ws.projects())
    return [
        column_width(widest(names, display_width(HEADER[0]) - 4, 30)),
        *(column_width(a) for a in amounts),
        column_width(widest(goals, 12, 38)),
        column_width(52 if has_indicators else display_width(HEADER[6])),
    ]


def export_table(ws: Workspace) -> bytes:
    """The workbook's bytes."""
    from openpyxl.utils import get_column_letter

    from storage.published.xlsx_style import (
        HEADER_PT,
        TITLE_PT,
        SheetRows,
        doc_properties,
        lines_needed,
        new_workbook,
        page_setup,
        row_height,
    )

    wb, sheet = new_workbook("绩效目标表")
    totals = sums(ws)
    widths = _widths(ws, totals[1])
    for i, w in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = w
    page_setup(sheet, landscape=True, title_rows="3:3")
    sheet.freeze_panes = "A4"
    doc_properties(wb, ws)

    out = SheetRows(wb, sheet, len(HEADER))
    out.merge("A1:G1")
    out.merge("A2:E2")
    text, amount, row = out.text, out.amount, out.row
    w_name, w_goal, w_packed = widths[0], widths[5], widths[6]
    for kind, v in table_rows(ws, totals):
        if kind == PROJECT:
            # heights are set, not left to the program: LibreOffice does not fit rows on opening
            lines = max(lines_needed(v[0], w_name), lines_needed(v[5], w_goal), lines_needed(v[6], w_packed))
            row([text(v[0], "text"), amount(v[1]), amount(v[2]), amount(v[3]), amount(v[4]),
                 text(v[5], "text"), text(v[6], "text")], row_height(lines) if lines > 1 else None)
        elif kind in (UNIT, TOTAL):
            lines = lines_needed(v[0], w_name)
            row([text(v[0], "sum_center" if kind == TOTAL else "sum_text"),
                 *(amount(x, "sum_amount") for x in v[1:]), out.blank("sum_text"), out.blank("sum_text")],
                row_height(lines) if lines > 1 else None)
        elif kind == HEAD:
            lines = max(lines_needed(h, w) for h, w in zip(v, widths))
            row([text(x, "header") for x in v], row_height(lines, HEADER_PT))
        elif kind == DEPARTMENT:
            row([text(v[0], "note_left"), None, None, None, None, None, text(v[1], "note_right")], row_height(1))
        else:
            row([text(v[0], "title")], row_height(lines_needed(v[0], sum(widths)), TITLE_PT) + 6)
    return out.finish()
