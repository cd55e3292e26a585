"""Import of the text/TSV form of a published table (as copied out of a PDF or a sheet)."""

from __future__ import annotations

import re
from pathlib import Path

from model.codes import CodeTable

from .published import ImportResult, build_workspace

_WIDE_GAP = re.compile(r"\s{2,}|\u3000+")


def split_line(line: str) -> list[str]:
    if "\t" in line:
        return line.split("\t")
    # text copied from a PDF viewer may separate cells by runs of spaces instead of tabs
    return [c for c in _WIDE_GAP.split(line.strip())]


def read_text_rows(text: str) -> list[tuple[str, list[str]]]:
    text = text.lstrip("\ufeff")
    return [(f"第{n}行", split_line(line)) for n, line in enumerate(text.splitlines(), 1)]


def import_text(path: str | Path, codes: CodeTable | None = None, year: int | None = None) -> ImportResult:
    raw = Path(path).read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    return build_workspace(read_text_rows(text), codes, year)
