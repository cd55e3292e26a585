"""Import of the text/TSV form of a published table (as copied out of a PDF or a sheet)."""

from __future__ import annotations

import re
from pathlib import Path

from model.codes import CodeTable, default_codes
from model.workspace import Workspace
from storage.published.rows import ImportResult, Problem, build_workspace

_WIDE_GAP = re.compile(r"\s{2,}|\u3000+")


def split_line(line: str) -> list[str]:
    if "\t" in line:
        return line.split("\t")
    # text copied from a PDF viewer may separate cells by runs of spaces instead of tabs
    return [c for c in _WIDE_GAP.split(line.strip())]


def read_text_rows(text: str) -> list[tuple[str, list[str]]]:
    """Each line with its number. Lines end at \n or \r\n only, as editors count them:
    str.splitlines also breaks at VT, FF, U+2028 … which would shift every later line number
    (such characters inside a line are reported by the row reader)."""
    text = text.lstrip("\ufeff")
    return [(f"第{n}行", split_line(line.removesuffix("\r"))) for n, line in enumerate(text.split("\n"), 1)]


def import_text(path: str | Path, codes: CodeTable | None = None, year: int | None = None) -> ImportResult:
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            return ImportResult(Workspace(codes=codes or default_codes()), errors=[_undecodable(raw, utf8_error)])
    return build_workspace(read_text_rows(text), codes, year)


def _undecodable(raw: bytes, e: UnicodeDecodeError) -> Problem:
    """Where the text stops being UTF-8 (GB18030, the other encoding tried, failed too)."""
    line = raw.count(b"\n", 0, e.start) + 1
    byte = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
    return Problem(f"第{line}行", f"第{byte}个字节无法解码：文件既不是 UTF-8 也不是 GB18030 编码的文本"
                                  "（请另存为 UTF-8 文本或 XLSX 后再导入）")
