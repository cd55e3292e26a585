"""``jixiao export --layout indicators`` (or a mapping file): the indicator list as XLSX or CSV.

XLSX: one sheet, the header row then one row per indicator (``model.indicator_list.rows``); 指标值 is a
number cell when it is a number (written from its exact digits; more than 15 significant digits,
which a spreadsheet would round, stay text), every other cell an inline string, a text starting
with = + - @ quote-prefixed like the published table (``xlsx_style.SheetRows``).

CSV: UTF-8 with a BOM (Excel then reads it as UTF-8, not as the system's GBK), CRLF line ends,
every field quoted when needed; a text cell that starts with = + - @ or a tab/CR (other than the
nature ``=`` alone) is written with a leading ``'`` so a spreadsheet shows it as text instead of running it as a formula (the import
drops that ``'`` again).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from model.indicator_list.layout import ListLayout
from model.indicator_list.rows import Cell, list_header, list_rows
from model.workspace import Workspace

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PROTECTED = (*FORMULA_START, "'")  # a text that starts with ' gets one more, so the import gives it back
_EXACT_DIGITS = 15  # what a spreadsheet's double keeps


def _number(cell: Cell) -> bool:
    if isinstance(cell, int):
        return True
    return isinstance(cell, Decimal) and len(cell.as_tuple().digits) <= _EXACT_DIGITS


def _text(cell: Cell) -> str:
    return format(cell, "f") if isinstance(cell, Decimal) else str(cell)


def export_list_csv(ws: Workspace, layout: ListLayout) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([_csv_safe(h) for h in list_header(layout)])
    for row in list_rows(ws, layout):
        writer.writerow([_text(c) if _number(c) else _csv_safe(_text(c)) for c in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _csv_safe(text: str) -> str:
    # a lone = (the nature of 100%) cannot be a formula: it stays as the template wants it
    return "'" + text if text.startswith(PROTECTED) and text != "=" else text


def export_list_xlsx(ws: Workspace, layout: ListLayout) -> bytes:
    from openpyxl.utils import get_column_letter

    from storage.published.xlsx_style import (
        HEADER_PT,
        SheetRows,
        column_width,
        display_width,
        doc_properties,
        lines_needed,
        new_workbook,
        page_setup,
        row_height,
    )

    wb, sheet = new_workbook(layout.sheet)
    header = list_header(layout)
    rows = list(list_rows(ws, layout))
    widths = []
    for i, h in enumerate(header):
        # the widest cell, within reason: long names wrap
        w = max([display_width(h)] + [display_width(_text(r[i])) for r in rows[:2000]])
        widths.append(column_width(min(max(w, 6), 40)))
    for i, w in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = w
    page_setup(sheet, landscape=True, title_rows="1:1")
    sheet.freeze_panes = "A2"
    doc_properties(wb, ws)
    out = SheetRows(wb, sheet, len(header))
    number = out.styles.plain["center"]
    out.row([out.text(h, "header") for h in header],
            row_height(max(lines_needed(h, w) for h, w in zip(header, widths)), HEADER_PT))
    for r in rows:
        cells = [f' s="{number}"><v>{_text(c)}</v></c>' if _number(c) else out.text(_text(c), "text") for c in r]
        lines = max(lines_needed(_text(c), w) for c, w in zip(r, widths))
        out.row(cells, row_height(lines) if lines > 1 else None)
    return out.finish()
