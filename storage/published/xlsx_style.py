"""What the XLSX layouts share: named styles, rows, column widths, row heights, page setup.

Every style is a NamedStyle registered once in the workbook (so users find 「jx金额」 etc. in
the cell-style list); a cell refers to it by its format id, never by a Font/Border of its own.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.header_footer import HeaderFooterItem

if TYPE_CHECKING:
    from model.workspace import Workspace

FONT = "宋体"  # SimSun; office programs substitute a Song/Ming face where it is missing
AMOUNT_FORMAT = "#,##0.00"
FORMULA_START = ("=", "+", "-", "@")

_thin = Side(style="thin", color="000000")
_BOX = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center", wrap_text=False)

BODY_PT = 10.5  # 五号, the size of body text in official forms
HEADER_PT = 10.5
TITLE_PT = 16  # 三号


def _named_styles() -> dict[str, NamedStyle]:
    """key -> a fresh NamedStyle (a style binds to one workbook, and copying one loses its
    number format); names carry a prefix so they do not collide with a user's own styles."""
    return {
        "title": NamedStyle("jx标题", font=Font(name=FONT, size=TITLE_PT, bold=True), alignment=_CENTER),
        "subtitle": NamedStyle("jx副标题", font=Font(name=FONT, size=BODY_PT), alignment=_CENTER),
        "note_left": NamedStyle("jx表头说明左", font=Font(name=FONT, size=BODY_PT),
                                alignment=Alignment(horizontal="left", vertical="center")),
        "note_right": NamedStyle("jx表头说明右", font=Font(name=FONT, size=BODY_PT),
                                 alignment=Alignment(horizontal="right", vertical="center")),
        "header": NamedStyle("jx列标题", font=Font(name=FONT, size=HEADER_PT, bold=True), alignment=_CENTER, border=_BOX),
        "text": NamedStyle("jx文本", font=Font(name=FONT, size=BODY_PT), alignment=_LEFT, border=_BOX),
        "center": NamedStyle("jx居中", font=Font(name=FONT, size=BODY_PT), alignment=_CENTER, border=_BOX),
        "amount": NamedStyle("jx金额", font=Font(name=FONT, size=BODY_PT), alignment=_RIGHT, border=_BOX,
                             number_format=AMOUNT_FORMAT),
        "sum_text": NamedStyle("jx合计文本", font=Font(name=FONT, size=BODY_PT, bold=True), alignment=_LEFT, border=_BOX),
        "sum_center": NamedStyle("jx合计居中", font=Font(name=FONT, size=BODY_PT, bold=True), alignment=_CENTER, border=_BOX),
        "sum_amount": NamedStyle("jx合计金额", font=Font(name=FONT, size=BODY_PT, bold=True), alignment=_RIGHT,
                                 border=_BOX, number_format=AMOUNT_FORMAT),
    }


class Styles:
    """The layout's named styles registered in one workbook, by their cell-format ids."""

    def __init__(self, wb: Workbook, sheet, extra: dict[str, NamedStyle] | None = None) -> None:
        self.plain: dict[str, int] = {}
        self.quoted: dict[str, int] = {}
        for key, style in (_named_styles() | (extra or {})).items():
            wb.add_named_style(style)
            plain, quoted = WriteOnlyCell(sheet), WriteOnlyCell(sheet)
            plain.style = quoted.style = style.name
            quoted.quotePrefix = True  # a format of its own (the workbook keeps each format once)
            self.plain[key] = plain.style_id
            self.quoted[key] = quoted.style_id


def _escape(text: str) -> str:
    if _NEEDS_CARE.search(text):
        # Excel's own escape for characters XML cannot carry (_x000B_), and for text that
        # would read as such an escape; \r would be lost to XML line-end normalisation
        text = _ESCAPE_LIKE.sub(r"_x005F\g<0>", text)
        text = _UNSTORABLE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LIKE = re.compile(r"_x[0-9A-Fa-f]{4}_")
_NEEDS_CARE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")


class SheetRows:
    """A worksheet's rows written straight as SpreadsheetML, with the workbook's style ids.

    openpyxl builds the package (styles, workbook, page setup, print titles, page breaks) around
    an empty sheet; ``finish`` puts these rows and the merged ranges into it. Writing the rows as
    text is what keeps a styled 10,000-project export faster than openpyxl writing bare values.
    Every text is an inline string (``t="inlineStr"``), never a formula: a text that starts with
    =, +, - or @ also gets the quote prefix so an office program keeps it text when it is retyped.
    Amounts are numbers written from their exact Decimal digits.
    """

    def __init__(self, wb: Workbook, sheet, columns: int, extra_styles: dict[str, NamedStyle] | None = None) -> None:
        """``extra_styles``: a layout's own named styles besides the shared ones, by key."""
        self.wb = wb
        self.sheet = sheet
        self.styles = Styles(wb, sheet, extra_styles)
        self._letters = [get_column_letter(i) for i in range(1, columns + 1)]
        self._rows: list[str] = []
        self._merges: list[str] = []

    # cells are fragments after ``<c r="B7"``; ``row`` adds the references

    def text(self, value: str | None, style: str) -> str:
        if not value:
            return f' s="{self.styles.plain[style]}"/>'
        sid = self.styles.quoted[style] if value.startswith(FORMULA_START) else self.styles.plain[style]
        space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
        return f' s="{sid}" t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'

    def amount(self, value: Decimal | str | None, style: str = "amount") -> str:
        """A number cell in 万元; None and 0.00 print as blank, as in the published table."""
        if isinstance(value, str):  # not a number (only under --force): keep what was typed
            return self.text(value, "sum_text" if style == "sum_amount" else "text")
        if not value:
            return f' s="{self.styles.plain[style]}"/>'
        return f' s="{self.styles.plain[style]}"><v>{value:f}</v></c>'

    def blank(self, style: str) -> str:
        return f' s="{self.styles.plain[style]}"/>'

    def row(self, cells: list[str | None], height: float | None = None) -> None:
        """Append the next row; a None cell is left out (no value, no border)."""
        r = len(self._rows) + 1
        head = f'<row r="{r}" ht="{height}" customHeight="1">' if height else f'<row r="{r}">'
        self._rows.append(head + "".join(
            f'<c r="{col}{r}"{cell}' for col, cell in zip(self._letters, cells) if cell is not None
        ) + "</row>")

    def merge(self, ref: str) -> None:
        """Merge a range such as ``A1:G1`` (its first cell holds the value; give the others a
        blank cell of the same style so the borders print)."""
        self._merges.append(f'<mergeCell ref="{ref}"/>')

    @property
    def count(self) -> int:
        return len(self._rows)

    def finish(self) -> bytes:
        """The workbook's bytes, the rows in their sheet."""
        buf = io.BytesIO()
        self.wb.save(buf)
        part = self.sheet.path.lstrip("/")
        data = "<sheetData>" + "".join(self._rows) + "</sheetData>"
        if self._merges:  # mergeCells comes right after sheetData when there is nothing between
            data += f'<mergeCells count="{len(self._merges)}">' + "".join(self._merges) + "</mergeCells>"
        out = io.BytesIO()
        with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                content = zin.read(info)
                if info.filename == part:
                    xml, n = _EMPTY_SHEET_DATA.subn(lambda m: data, content.decode("utf-8"), count=1)
                    if n != 1:  # openpyxl changed how it writes an empty sheet
                        raise RuntimeError(f"{part}: 找不到空的 sheetData，无法写入行")
                    content = xml.encode("utf-8")
                zout.writestr(info, content, zipfile.ZIP_DEFLATED)
        return out.getvalue()


_EMPTY_SHEET_DATA = re.compile(r"<sheetData\s*/>|<sheetData>\s*</sheetData>")


def new_workbook(title: str):
    """A write-only workbook with one sheet: nothing is held in memory but the sheet's setup."""
    wb = Workbook(write_only=True)
    return wb, wb.create_sheet(title)


def doc_properties(wb, ws: Workspace) -> None:
    # the published title carries no year; the document title does, so an import can read it back
    wb.properties.title = f"{ws.year}年{ws.title}" if ws.year else ws.title
    wb.properties.subject = ws.department
    wb.properties.creator = "jixiao"


# -- widths -----------------------------------------------------------------------------------

@cache
def _char_width(c: str) -> int:
    # W/F are wide; A (ambiguous: ≥, ×, ①, ‘’…) is wide in Chinese fonts such as 宋体
    return 2 if unicodedata.east_asian_width(c) in "WFA" else 1


def display_width(text: str) -> int:
    """Columns the text takes in a CJK font: 2 for a Chinese character, 1 for ASCII."""
    if text.isascii():
        return len(text)
    return sum(map(_char_width, text))


def widest(texts, floor: int, cap: int) -> int:
    """The display width of the widest text, clamped to [floor, cap] (cheap on long texts)."""
    best = floor
    for t in texts:
        if not t or len(t) <= best // 2:
            continue  # cannot be wider than best even if every character is wide
        if len(t) >= cap:
            return cap
        w = max(display_width(line) for line in t.split("\n"))
        if w > best:
            best = min(w, cap)
            if best == cap:
                return cap
    return best


def column_width(display: int) -> float:
    """Excel column width (in widths of the default font's digit) for a display width in 宋体
    at 10.5 pt, plus the cell's padding."""
    return round(display * 1.15 + 2, 1)


def approx_width(text: str) -> int:
    """``display_width`` for long texts, at C speed: every non-ASCII character counts as wide
    (true of Chinese text and its punctuation; a rare narrow accented letter only adds slack)."""
    ascii_count = len(text.encode("ascii", "ignore"))
    return 2 * len(text) - ascii_count


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column (or merged columns) of ``width`` Excel units.

    A little pessimistic (ASCII words wrap whole, fonts differ between programs): a row that is
    slightly tall reads fine, a clipped one does not."""
    if not text:
        return 1
    per_line = max(1, int(width - 1.5))
    return sum(-(-approx_width(line) // per_line) or 1 for line in text.split("\n"))


def row_height(lines: int, size: float = BODY_PT) -> float:
    """Points for ``lines`` lines of text; CJK faces (宋体 in Excel, Noto CJK in LibreOffice) need about 1.3 × the size."""
    return round(max(1, lines) * size * 1.32 + 4, 1)


# -- page -------------------------------------------------------------------------------------

def page_setup(ws, landscape: bool, title_rows: str | None = None) -> None:
    """A4, fitted to the page width (as many pages tall as needed), page numbers in the footer.

    Must run before the first row is written: the fit-to-page flag lives in the sheet's head.
    """
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    footer = HeaderFooterItem()
    footer.center.text = "第 &P 页，共 &N 页"
    footer.center.font = f"{FONT},常规"
    footer.center.size = 9
    ws.HeaderFooter.oddFooter = footer
    if title_rows:
        ws.print_title_rows = title_rows
