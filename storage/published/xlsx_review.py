"""The printable 修订对照表: a workspace diff as a workbook a leader signs and a reviewer annotates.

Layout: the title (``…绩效目标修订对照表``), a line saying what is compared (two revisions or two
workspaces, with their dates) and ``单位：万元``, the header row (printed on every page), then one
row per change (``model.diff.review``), each unit's 小计 after its changes and 合计 last. Amounts
are number cells (``#,##0.00``), the 变动 column signed (``+5.67``); texts are text, with the
quote prefix when they start like a formula. Print style as the published table's
(``xlsx_style``: 宋体, borders, A4 landscape fitted to the width, page numbers).

The columns are one list, ``COLUMNS``: a column added there is written, sized and given its
header with no other change. 审核意见 holds the comments about the row (``ReviewRow.comments``,
one a line: open ones, and those resolved between the two sides marked 已解决 with who and
when); 说明 stays blank for a note by hand. The widths add up to what A4 landscape prints at a
readable scale (fitted to the page's width).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side

from model.diff.review import ReviewRow
from storage.published.xlsx_export import MEASURE
from storage.published.xlsx_style import BODY_PT, FONT

DELTA_FORMAT = "+#,##0.00;-#,##0.00;0.00"


@dataclass(frozen=True)
class Column:
    header: str
    width: int  # display width (a Chinese character is 2)
    kind: str  # number: 序号; text; value: an amount or a text; delta: a signed amount
    value: Callable[[ReviewRow], Any]


COLUMNS: tuple[Column, ...] = (
    Column("序号", 5, "number", lambda r: None),  # filled in as the rows are numbered
    Column("单位", 12, "text", lambda r: r.unit),
    Column("项目", 22, "text", lambda r: r.project),
    Column("内容", 22, "text", lambda r: r.content),
    Column("修改前", 24, "value", lambda r: r.old),
    Column("修改后", 24, "value", lambda r: r.new),
    Column("变动", 12, "delta", lambda r: r.delta),
    Column("审核意见", 28, "text", lambda r: "\n".join(r.comments)),  # one comment a line
    Column("说明", 12, "text", lambda r: ""),  # blank: for a note by hand
)


def _extra_styles() -> dict[str, NamedStyle]:
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    right = Alignment(horizontal="right", vertical="center", wrap_text=False)
    return {
        "delta": NamedStyle("jx变动", font=Font(name=FONT, size=BODY_PT), alignment=right, border=box,
                            number_format=DELTA_FORMAT),
        "sum_delta": NamedStyle("jx合计变动", font=Font(name=FONT, size=BODY_PT, bold=True), alignment=right,
                                border=box, number_format=DELTA_FORMAT),
    }


def review_title(department: str, year: int | None) -> str:
    return f"{department}{f'{year}年' if year else ''}绩效目标修订对照表"


def export_review(rows: list[ReviewRow], title: str, compared: str) -> bytes:
    """The workbook's bytes. ``compared``: what is compared, e.g. ``比较：HEAD（2026-11-30）→
    工作区（未提交，2026-11-30）``. ``rows`` must not be empty (nothing changed: say so instead)."""
    from openpyxl.utils import get_column_letter

    from storage.published.xlsx_style import (
        HEADER_PT,
        TITLE_PT,
        SheetRows,
        column_width,
        lines_needed,
        new_workbook,
        page_setup,
        row_height,
    )

    wb, sheet = new_workbook("修订对照表")
    widths = [column_width(c.width) for c in COLUMNS]
    for i, w in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = w
    page_setup(sheet, landscape=True, title_rows="3:3")
    sheet.freeze_panes = "A4"
    wb.properties.title = title
    wb.properties.creator = "jixiao"

    n = len(COLUMNS)
    last = get_column_letter(n)
    out = SheetRows(wb, sheet, n, _extra_styles())
    out.merge(f"A1:{last}1")
    out.merge(f"A2:{get_column_letter(n - 1)}2")
    out.row([out.text(title, "title")], row_height(lines_needed(title, sum(widths)), TITLE_PT) + 6)
    note_width = sum(widths[:-1])
    out.row([out.text(compared, "note_left"), *[None] * (n - 2), out.text(MEASURE, "note_right")],
            row_height(lines_needed(compared, note_width)))
    heads = [c.header for c in COLUMNS]
    out.row([out.text(h, "header") for h in heads], row_height(max(lines_needed(h, w) for h, w in zip(heads, widths)),
                                                                HEADER_PT))
    seq = 0
    for r in rows:
        total = r.kind != "change"
        if not total:
            seq += 1
        cells, lines = [], 1
        for c, w in zip(COLUMNS, widths):
            v = c.value(r)
            if c.kind == "number":
                cells.append(out.blank("sum_text") if total else _number(out, seq))
            elif c.kind == "delta":
                cells.append(out.amount(v, "sum_delta" if total else "delta"))
            elif c.kind == "value" and isinstance(v, Decimal):
                cells.append(out.amount(v, "sum_amount" if total else "amount"))
            else:
                text = "" if v is None else str(v)
                cells.append(out.text(text, "sum_text" if total else "text"))
                lines = max(lines, lines_needed(text, w))
        out.row(cells, row_height(lines) if lines > 1 else None)
    return out.finish()


def _number(out: Any, n: int) -> str:
    """序号: a number cell, centred."""
    return f' s="{out.styles.plain["center"]}"><v>{n}</v></c>'
