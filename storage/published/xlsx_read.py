"""A small, safe reader of XLSX cell values: zipfile + defusedxml, no openpyxl.

It reads what an import needs — each sheet's cell values as text, the workbook's sheet names and
its document title — from workbooks written by Excel, WPS, LibreOffice, openpyxl or jixiao, and
refuses what it should not read: archives whose unpacked size is absurd (zip bombs), XML with
DTDs or entities (defusedxml), files that are not workbooks. Every refusal is an
``XlsxReadError`` with a message for people.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Iterator
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from model.errors import JixiaoError
from storage.published.xlsx_dates import date_styles, serial_text

# Limits for a table of projects: a 10,000-project export unpacks to about 20 MB.
MAX_UNPACKED = 300 * 1024 * 1024  # all parts together
MAX_PART = 200 * 1024 * 1024  # any one part
MAX_RATIO = 200  # unpacked/packed for a part over 1 MB; XML workbooks compress 5–30×
MAX_PARTS = 5000
# Excel's own sheet size: a reference beyond it is a damaged or hostile file (and would make a
# reader that fills the gaps allocate without bound)
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384  # XFD

_REL_DOC = "officeDocument"
# what a damaged or odd archive raises while a part is read (bad CRC, truncated deflate stream,
# an encrypted or deflate64 member, malformed XML, a shared-string index out of range …)
_DAMAGED = (ParseError, zipfile.BadZipFile, EOFError, ValueError, IndexError, NotImplementedError,
            RuntimeError, zlib.error, OSError)


class XlsxReadError(JixiaoError):
    """The file cannot be read as a workbook; the message says why, in Chinese."""


@dataclass
class Sheet:
    name: str
    rows: dict[int, dict[int, str]] = field(default_factory=dict)  # row -> column -> text
    merged: list[str] = field(default_factory=list)
    uncached_formulas: list[str] = field(default_factory=list)  # refs of formulas without a value


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def column_index(ref: str) -> int:
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            n = n * 26 + ord(ch) - 96
        else:
            break
        if n > MAX_COLUMNS:  # beyond XFD: stop before a long run of letters becomes a huge number
            break
    return n


def column_letter(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """Excel's ``_xHHHH_`` escapes (``_x000D_`` for a carriage return, ``_x005F_`` for ``_``)."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def number_text(raw: str) -> str:
    """A number cell's value as decimal text. Spreadsheets store binary doubles, so a sum may
    come back as 17.600000000000001: when 15 significant digits (what a spreadsheet shows) give
    at most two decimals, that is the number meant."""
    try:
        d = Decimal(raw.strip())
    except InvalidOperation:
        return raw
    if not d.is_finite():
        return raw
    if d.as_tuple().exponent < -2:
        shown = Decimal(f"{d:.15g}").normalize()
        if shown.as_tuple().exponent >= -2:
            d = shown
    return format(d, "f")


class Workbook:
    """An opened .xlsx: call ``sheets()`` to read them, in workbook order."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self._zip = zipfile.ZipFile(self.path)
        except zipfile.BadZipFile:
            raise XlsxReadError(
                "不是 XLSX 工作簿（文件不是 zip 格式）；旧版 .xls 或加密的工作簿请先在 Excel/WPS 中另存为不加密的 .xlsx"
            ) from None
        except OSError as e:
            raise XlsxReadError(f"无法读取文件：{e.strerror or e}") from None
        try:
            self._check_sizes()
            self._names = set(self._zip.namelist())
            self._workbook_part = self._find_workbook()
            self._sheet_parts = self._find_sheets()
            self._strings = self._read_shared_strings()
            self._dates = self._read_date_styles()
        except BaseException:
            self._zip.close()
            raise

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> "Workbook":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- safety -------------------------------------------------------------------------------

    def _check_sizes(self) -> None:
        infos = self._zip.infolist()
        if len(infos) > MAX_PARTS:
            raise XlsxReadError(f"工作簿包含 {len(infos)} 个部件，远超正常数量，疑似恶意文件，拒绝读取")
        total = 0
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_PART or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO):
                raise XlsxReadError(
                    f"工作簿中的 {info.filename} 解压后为 {info.file_size / 1048576:.0f} MB"
                    f"（压缩比 {ratio:.0f}:1），大小异常，疑似压缩炸弹，拒绝读取"
                )
        if total > MAX_UNPACKED:
            raise XlsxReadError(
                f"工作簿解压后共 {total / 1048576:.0f} MB，超过上限 {MAX_UNPACKED // 1048576} MB，"
                "大小异常，疑似压缩炸弹，拒绝读取"
            )

    def _open(self, part: str) -> IO[bytes]:
        try:
            return self._zip.open(part)
        except KeyError:
            raise XlsxReadError(f"工作簿缺少部件 {part}，文件可能已损坏") from None

    def _parse(self, part: str):
        with self._open(part) as f:
            try:
                return SafeET.parse(f, forbid_dtd=True).getroot()
            except DefusedXmlException:
                raise XlsxReadError(f"{part} 含有 DTD 或实体定义，出于安全原因拒绝读取") from None
            except _DAMAGED as e:
                raise XlsxReadError(f"{part} 无法解析，文件可能已损坏（{e}）") from None

    # -- structure ----------------------------------------------------------------------------

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type suffix, target part) of ``part``."""
        folder, name = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", name + ".rels")
        if rels_part not in self._names:
            return {}
        out = {}
        for rel in self._parse(rels_part):
            if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out[rel.get("Id", "")] = (rel.get("Type", "").rpartition("/")[2], target)
        return out

    def _find_workbook(self) -> str:
        for kind, target in self._rels("").values():
            if kind == _REL_DOC and target in self._names:
                return target
        if "xl/workbook.xml" in self._names:
            return "xl/workbook.xml"
        raise XlsxReadError("不是 XLSX 工作簿（找不到 workbook 部件）；如果是 Word 或其他 Office 文件，请导入绩效目标表的工作簿")

    def _find_sheets(self) -> list[tuple[str, str]]:
        rels = self._rels(self._workbook_part)
        root = self._parse(self._workbook_part)
        out = []
        for el in root.iter():
            if _local(el.tag) != "sheet":
                continue
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
            kind, target = rels.get(rid or "", ("", ""))
            if kind == "worksheet" and target in self._names:
                out.append((el.get("name", target), target))
        if not out:
            raise XlsxReadError("工作簿中没有工作表")
        return out

    def _read_shared_strings(self) -> list[str]:
        part = next((t for k, t in self._rels(self._workbook_part).values() if k == "sharedStrings"), None)
        if part is None or part not in self._names:
            return []
        strings = []
        for si in self._parse(part):
            if _local(si.tag) == "si":
                strings.append(_string_item(si))
        return strings

    def _read_date_styles(self) -> tuple[frozenset[int], bool]:
        """The cell styles that show numbers as dates, and whether dates count from 1904."""
        date1904 = any(_local(el.tag) == "workbookPr" and el.get("date1904") in ("1", "true")
                       for el in self._parse(self._workbook_part))
        part = next((t for k, t in self._rels(self._workbook_part).values() if k == "styles"), None)
        if part is None or part not in self._names:
            return frozenset(), date1904
        formats: dict[int, str] = {}
        xfs: list[int] = []
        for el in self._parse(part):
            if _local(el.tag) == "numFmts":
                formats.update((_int(f.get("numFmtId")), f.get("formatCode", "")) for f in el)
            elif _local(el.tag) == "cellXfs":
                xfs.extend(_int(xf.get("numFmtId")) for xf in el)
        return date_styles(formats, xfs), date1904

    def title(self) -> str:
        """The document title (docProps/core.xml ``dc:title``), or ''."""
        if "docProps/core.xml" not in self._names:
            return ""
        try:
            root = self._parse("docProps/core.xml")
        except XlsxReadError:
            return ""
        for el in root:
            if _local(el.tag) == "title":
                return (el.text or "").strip()
        return ""

    # -- cells --------------------------------------------------------------------------------

    def sheets(self) -> Iterator[Sheet]:
        for name, part in self._sheet_parts:
            yield self._read_sheet(name, part)

    def _read_sheet(self, name: str, part: str) -> Sheet:
        sheet = Sheet(name)
        strings, dates = self._strings, self._dates
        row_no = 0
        with self._open(part) as f:
            try:
                events = SafeET.iterparse(f, events=("start", "end"), forbid_dtd=True)
                for event, el in events:
                    tag = _local(el.tag)
                    if event == "start":
                        if tag == "row":
                            r = el.get("r")
                            row_no = _row_number(r, row_no)
                            col_no = 0
                            if row_no > MAX_ROWS:
                                raise XlsxReadError(_beyond(name, f"第 {_shown(r or str(row_no))} 行"))
                        continue
                    if tag == "c":
                        ref = el.get("r")
                        col_no = column_index(ref) if ref else col_no + 1
                        if col_no > MAX_COLUMNS:
                            raise XlsxReadError(_beyond(name, f"单元格 {_shown(ref or column_letter(col_no))}"))
                        value = _cell_value(el, strings, dates)
                        if value is None and any(_local(ch.tag) == "f" for ch in el):
                            sheet.uncached_formulas.append(f"{column_letter(col_no)}{row_no}")
                        if value:
                            sheet.rows.setdefault(row_no, {})[col_no] = value
                        el.clear()
                    elif tag == "row":
                        el.clear()
                    elif tag == "mergeCell" and el.get("ref"):
                        sheet.merged.append(el.get("ref"))
            except DefusedXmlException:
                raise XlsxReadError(f"工作表「{name}」含有 DTD 或实体定义，出于安全原因拒绝读取") from None
            except _DAMAGED as e:
                raise XlsxReadError(f"工作表「{name}」无法解析，文件可能已损坏（{e}）") from None
        return sheet


def _beyond(sheet: str, what: str) -> str:
    return (f"工作表「{sheet}」的{what} 超出 Excel 的范围（最多 {MAX_ROWS:,} 行 × {MAX_COLUMNS:,} 列，"
            "即 A1:XFD1048576）：文件已损坏或被改动过，拒绝读取；请在 Excel/WPS 中打开并另存后再导入")


def _shown(ref: str) -> str:
    return ref if len(ref) <= 24 else ref[:24] + "…"


def _row_number(r: str | None, previous: int) -> int:
    """A row's number from its ``r`` attribute (the next one when absent); anything beyond
    ``MAX_ROWS`` comes back as ``MAX_ROWS + 1`` without reading a long run of digits."""
    if not (r and r.isascii() and r.isdigit()):
        return previous + 1
    return int(r) if len(r) <= 7 else MAX_ROWS + 1


def _int(text: str | None) -> int:
    return int(text) if text and text.isdigit() else -1


def _string_item(si) -> str:
    """The text of a shared string or inline string: its runs, without phonetic guides."""
    parts = []
    for el in si:
        tag = _local(el.tag)
        if tag == "t":
            parts.append(el.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in el if _local(t.tag) == "t")
    return unescape("".join(parts))


def _cell_value(c, strings: list[str], dates: tuple[frozenset[int], bool]) -> str | None:
    kind = c.get("t", "n")
    v = None
    for ch in c:
        tag = _local(ch.tag)
        if tag == "v":
            v = ch.text
        elif tag == "is":
            return _string_item(ch)
    if v is None:
        return None
    if kind == "s":
        try:
            return strings[int(v)]
        except (ValueError, IndexError):
            raise ValueError(f"共享字符串编号 {v} 无效") from None
    if kind in ("str", "inlineStr"):
        return unescape(v)
    if kind == "b":
        return "TRUE" if v.strip() == "1" else "FALSE"
    if kind in ("e", "d"):
        return v
    if dates[0] and _int(c.get("s")) in dates[0]:
        return serial_text(v, dates[1]) or number_text(v)
    return number_text(v)
