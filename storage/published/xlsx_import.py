"""Import of a workbook in the published layout (ours, or one made by other tools).

The sheet holding the table is found by its header row (``项目名称（资金使用单位） | 总计 | …``),
wherever it starts; header rows repeated for printing, merged title cells, numbers stored as text
with thousands separators (``4,402.83``) and number cells carrying binary-float noise are all read
as a person would read them. A department that spread its table over several sheets is read
sheet after sheet. The rows then go through ``published.build_workspace``, like the text import,
so the same rules apply and every problem names its cell (``绩效目标表!A12``).

Reading is ``xlsx_read`` (zipfile + defusedxml): no formula is evaluated, a zip bomb or an XML
entity trick is refused, and anything unreadable is an ``XlsxImportError`` with a plain message.
"""

from __future__ import annotations

import re
from pathlib import Path

from model.codes import CodeTable
from model.errors import JixiaoError
from storage.published.rows import (
    HEADER,
    YEAR,
    ImportResult,
    Problem,
    build_workspace,
    normalise_cell,
    preamble_department,
)
from storage.published.xlsx_read import Sheet, Workbook, XlsxReadError, column_letter

_SEARCH_COLUMNS = 10  # the header's first cell may be this far right (a 序号 column, a margin)


class XlsxImportError(JixiaoError):
    """The workbook cannot be imported at all; the message says why, in Chinese."""


def _norm(text: str) -> str:
    return re.sub(r"\s", "", text).replace("(", "（").replace(")", "）")


def _find_header(sheet: Sheet) -> tuple[int, int] | None:
    """(row, column) of the first cell that starts with 项目名称, scanning rows in order."""
    for r in sorted(sheet.rows):
        cells = sheet.rows[r]
        for c in sorted(cells):
            if c > _SEARCH_COLUMNS:
                break
            if _norm(cells[c]).startswith("项目名称"):
                return r, c
    return None


def _header_problem(sheet: Sheet, row: int, col: int) -> str | None:
    cells = sheet.rows[row]
    for i, expected in enumerate(HEADER[1:], 1):
        found = cells.get(col + i, "")
        if _norm(found) != _norm(expected):
            return (f"工作表「{sheet.name}」第 {row} 行的表头第 {i + 1} 列应为「{expected}」，实为「{found}」"
                    f"（应为：{' | '.join(HEADER)}）")
    return None


def _is_preamble(values: list[str], text: str) -> bool:
    """A title / 单位名称 / 单位：万元 line: such text, and nothing in 总计 … 绩效目标."""
    return not any(normalise_cell(v) for v in values[1:6]) and preamble_department(text) is not None


def import_xlsx(path: str | Path, year: int | None = None, codes: CodeTable | None = None) -> ImportResult:
    try:
        with Workbook(path) as wb:
            sheets = list(wb.sheets())
            doc_title = wb.title()
    except XlsxReadError as e:
        raise XlsxImportError(str(e)) from None
    tables = _find_tables(sheets)
    collected = _RowCollector()
    for n, (sheet, header_row, col) in enumerate(tables):
        collected.add_sheet(sheet, header_row, col, later_sheet=n > 0)
    for sheet in sheets:
        if not any(t[0] is sheet for t in tables) and sheet.rows:
            collected.warn(f"{sheet.name}!A1", f"工作表「{sheet.name}」没有绩效目标表的表头，未导入")

    result = build_workspace(collected.rows, codes, year)
    if result.workspace.year is None and (m := YEAR.search(doc_title)):
        result.workspace.year = int(m.group(1))
    result.warnings[:0] = collected.warnings
    return result


def _find_tables(sheets: list[Sheet]) -> list[tuple[Sheet, int, int]]:
    """(sheet, header row, header column) of each sheet holding the table; XlsxImportError
    saying what the workbook is instead when none does."""
    tables: list[tuple[Sheet, int, int]] = []
    foreign: list[str] = []
    for sheet in sheets:
        found = _find_header(sheet)
        if found is None:
            continue
        problem = _header_problem(sheet, *found)
        if problem:
            foreign.append(problem)
        else:
            tables.append((sheet, *found))
    if not tables:
        if any("申报表" in v for s in sheets for row in list(s.rows.values())[:3] for v in row.values()):
            raise XlsxImportError("这是逐项目的绩效目标申报表（--layout detail），只能导入公开的绩效目标表（汇总表）格式")
        if foreign:
            raise XlsxImportError(foreign[0])
        raise XlsxImportError(
            f"没有找到表头行「{' | '.join(HEADER)}」：这不是项目支出绩效目标表的工作簿"
            f"（工作表：{'、'.join(s.name for s in sheets)}）"
        )
    return tables


class _RowCollector:
    """The rows of the table sheets in reading order, for ``build_workspace``, with warnings
    about what was left out (content left of the table, a repeated title naming another
    department, formulas without a saved result)."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, list[str], list[str]]] = []  # where, cells, each cell's reference
        self.warnings: list[Problem] = []
        self.department: str | None = None  # named above the first header

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(Problem(where, message))

    def add_sheet(self, sheet: Sheet, header_row: int, col: int, later_sheet: bool) -> None:
        header = sheet.rows[header_row]
        # a 序号 column left of the table holds row numbers: dropped; anything else is reported
        numbering = {c for c, v in header.items() if c < col and _norm(v) in ("序号", "编号", "行次")}
        for r in sorted(sheet.rows):
            self._add_row(sheet, r, header_row, col, numbering, later_sheet)
        for ref in sheet.uncached_formulas[:1]:
            self.warn(f"{sheet.name}!{ref}",
                      f"工作表有 {len(sheet.uncached_formulas)} 个公式没有保存计算结果，按空白读取"
                      "（在 Excel/WPS 中打开并保存后再导入可得到数值）")

    def _add_row(self, sheet: Sheet, r: int, header_row: int, col: int, numbering: set[int],
                 later_sheet: bool) -> None:
        cells = sheet.rows[r]
        # the title and 单位名称 lines above the header may start left of the table
        first = min(cells) if r < header_row else col
        # the table's seven columns, then whatever else the row holds (reported as extra columns):
        # only the cells present, whatever their references say
        columns = [*range(first, col + len(HEADER)), *sorted(c for c in cells if c >= max(first, col + len(HEADER)))]
        while columns and columns[-1] not in cells:
            columns.pop()
        values = [cells.get(c, "") for c in columns]
        refs = [f"{sheet.name}!{column_letter(c)}{r}" for c in columns]
        where = f"{sheet.name}!{column_letter(first)}{r}"
        left = [v for c, v in cells.items() if c < first and c not in numbering and normalise_cell(v)]
        if left:
            self.warn(where, f"表格左侧的内容「{' | '.join(left)[:40]}」未导入")
        text = " ".join(v for v in (normalise_cell(x) for x in values) if v)
        if later_sheet or r > header_row:
            if _is_preamble(values, text):
                # the title or 单位名称 line repeated on a later page or sheet: not data
                dept = preamble_department(text)
                if dept and self.department is not None and dept != self.department:
                    self.warn(where, f"单位名称「{dept}」与前面的「{self.department}」不同，按前者导入")
                return
        elif r < header_row and (dept := preamble_department(text)):
            self.department = dept
        self.rows.append((where, values, refs))
