"""``jixiao import LIST --layout indicators`` (or a mapping file): an indicator list, XLSX or CSV,
read back into indicators (``model.indicator_list.rows``), as tolerant and as safe as the table importers.

XLSX goes through ``xlsx_read`` (no formula evaluated, zip bombs and XML entities refused); the
sheet is the first whose row holds the layout's 项目名称 and 三级指标 headers (within its first
50 rows; the columns in any order, others ignored). CSV is UTF-8 (with or without BOM) or, as
Excel saves it on a Chinese Windows, GB18030; comma- or tab-separated. Control characters in a
cell refuse the row, named by its cell (``指标清单!E7``, ``第7行第5列``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from model.codes import CodeTable
from model.errors import JixiaoError
from model.indicator_list.layout import ListLayout
from model.indicator_list.rows import ListEntry, RowProblem, match_header, read_list
from model.text import control_chars, describe_char, escaped
from storage.published.list_export import PROTECTED
from storage.published.xlsx_read import Workbook, XlsxReadError, column_letter

_HEADER_ROWS = 50  # the header is looked for in this many first rows
_MAX_CSV = 50 * 1024 * 1024


class ListImportError(JixiaoError):
    """The file cannot be read as an indicator list at all; the message says why."""


@dataclass
class ListRead:
    entries: list[ListEntry] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)


Grid = list[tuple[int, dict[int, str]]]  # (row number, column -> text), in order


def read_indicator_list(path: Path, layout: ListLayout, codes: CodeTable, year: int | None) -> ListRead:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        sheets = _xlsx_grids(path)
        place = _xlsx_place
    elif path.suffix.lower() in (".csv", ".txt", ".tsv"):
        sheets = [("", _csv_grid(path))]
        place = _csv_place
    else:
        raise ListImportError(f"{path.name}：指标清单应为 .xlsx 或 .csv 文件")
    for sheet, grid in sheets:
        for i, (r, cells) in enumerate(grid[:_HEADER_ROWS]):
            columns = match_header(cells, layout)
            if columns is None:
                continue
            result = ListRead()
            rows = []
            for rn, cells_ in grid[i + 1:]:
                if _control_chars(sheet, rn, cells_, place, result):
                    continue
                rows.append((place(sheet, rn, min(cells_, default=1)), cells_,
                             lambda c, s=sheet, n=rn: place(s, n, c)))
            reader = read_list(rows, layout, columns, codes, year)
            result.entries = reader.entries
            result.errors.extend(reader.errors)
            missing = [c.header for c in layout.columns if c.source != "空列" and c.source not in columns]
            if missing:
                result.warnings.append(RowProblem(place(sheet, r, min(cells, default=1)),
                                                  f"表头中没有「{'」「'.join(missing)}」列，这些列按未提供处理"))
            return result
    headers = " | ".join(c.header for c in layout.columns)
    raise ListImportError(f"{path.name}：前 {_HEADER_ROWS} 行中没有指标清单的表头（至少要有「项目名称」和「三级指标」"
                          f"两列，按 --layout 应为：{headers}）")


def _xlsx_place(sheet: str, row: int, col: int) -> str:
    return f"{sheet}!{column_letter(col)}{row}"


def _csv_place(_sheet: str, row: int, col: int) -> str:
    return f"第{row}行第{col}列"


def _control_chars(sheet: str, row: int, cells: dict[int, str], place, result: ListRead) -> bool:
    found = False
    for c, text in cells.items():
        chars = [ch for _, ch in control_chars(text, multiline=True) if ch != "\r"] if text else []
        if chars:
            found = True
            result.errors.append(RowProblem(place(sheet, row, c), f"含控制字符 {describe_char(chars[0])}：「{escaped(text)[:40]}」；"
                                            "这类字符不属于表格文字，请在源文件中删去后重新导入"))
    return found


def _xlsx_grids(path: Path) -> list[tuple[str, Grid]]:
    try:
        with Workbook(path) as wb:
            return [(s.name, sorted(s.rows.items())) for s in wb.sheets()]
    except XlsxReadError as e:
        raise ListImportError(f"{path.name}：{e}") from None


def _csv_grid(path: Path) -> Grid:
    raw = path.read_bytes()
    if len(raw) > _MAX_CSV:
        raise ListImportError(f"{path.name}：文件过大（{len(raw) // 1024 // 1024} MB），不像指标清单")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as e:
            line = raw.count(b"\n", 0, e.start) + 1
            raise ListImportError(f"{path.name}：第{line}行无法解码：既不是 UTF-8 也不是 GB18030 编码的文字"
                                  "（请另存为「CSV UTF-8」后重试）") from None
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    grid: Grid = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        start = 1
        for row in reader:  # a quoted cell may hold line breaks: a row is named by its first line
            cells = {i: _unquote(v) for i, v in enumerate(row, 1) if v != ""}
            grid.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as e:
        raise ListImportError(f"{path.name}：第{reader.line_num}行不是有效的 CSV（{e}）") from None
    return grid


def _unquote(text: str) -> str:
    """A cell the export protected against formulas (``'=…``) back to its text."""
    return text[1:] if text.startswith("'") and text[1:].startswith(PROTECTED) else text
