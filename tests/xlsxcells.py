"""A small XLSX reader for tests, independent of openpyxl and of storage.published.xlsx_read.

zipfile + defusedxml on the workbook, its relationships, sharedStrings, styles and sheet XML:
what a workbook says, not what a library makes of it.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import defusedxml.ElementTree as ET

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
R_ID = "{%s}id" % NS["r"]


@dataclass(frozen=True)
class XCell:
    ref: str
    type: str  # the t attribute ('n' when absent)
    text: str | None  # <v> or inline/shared string text; None when the cell has no value
    style: int
    formula: str | None


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter("{%s}t" % NS["m"]))


def split_ref(ref: str) -> tuple[str, int]:
    m = re.match(r"([A-Z]+)(\d+)$", ref)
    assert m, ref
    return m.group(1), int(m.group(2))


class XBook:
    def __init__(self, path: str | Path):
        self.zip = zipfile.ZipFile(path)
        wb = ET.fromstring(self.zip.read("xl/workbook.xml"))
        rels = ET.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        self.sheet_parts = {}
        for s in wb.iter("{%s}sheet" % NS["m"]):
            target = targets[s.get(R_ID)].lstrip("/")
            self.sheet_parts[s.get("name")] = target if target.startswith("xl/") else posixpath.join("xl", target)
        self.defined_names = {d.get("name"): d.text for d in wb.iter("{%s}definedName" % NS["m"])}
        names = self.zip.namelist()
        self.shared = []
        if "xl/sharedStrings.xml" in names:
            self.shared = [_text(si) for si in ET.fromstring(self.zip.read("xl/sharedStrings.xml"))]
        st = ET.fromstring(self.zip.read("xl/styles.xml"))
        self.num_formats = {int(f.get("numFmtId")): f.get("formatCode") for f in st.iter("{%s}numFmt" % NS["m"])}
        self.fonts = [f for f in st.find("m:fonts", NS)]
        self.xfs = [x for x in st.find("m:cellXfs", NS)]
        self.borders = [b for b in st.find("m:borders", NS)]

    def sheet_xml(self, name: str | None = None):
        part = self.sheet_parts[name] if name else next(iter(self.sheet_parts.values()))
        return ET.fromstring(self.zip.read(part))

    def cells(self, name: str | None = None) -> dict[str, XCell]:
        out = {}
        for c in self.sheet_xml(name).iter("{%s}c" % NS["m"]):
            t = c.get("t", "n")
            v = c.find("m:v", NS)
            f = c.find("m:f", NS)
            if t == "inlineStr":
                is_ = c.find("m:is", NS)
                text = None if is_ is None else _text(is_)
            elif t == "s":
                text = self.shared[int(v.text)]
            else:
                text = None if v is None else v.text
            out[c.get("r")] = XCell(c.get("r"), t, text, int(c.get("s", "0")), None if f is None else (f.text or ""))
        return out

    def rows(self, name: str | None = None) -> list[list[str]]:
        """Cell texts row by row, '' for blanks, columns A… up to the last value of the row."""
        grid: dict[int, dict[int, str]] = {}
        for ref, cell in self.cells(name).items():
            col, row = split_ref(ref)
            if cell.text not in (None, ""):
                grid.setdefault(row, {})[_col_index(col)] = cell.text
        out = []
        for r in range(1, max(grid, default=0) + 1):
            cols = grid.get(r, {})
            out.append([cols.get(c, "") for c in range(1, max(cols, default=0) + 1)])
        return out

    # -- styles of a cell ---------------------------------------------------------------------

    def number_format(self, cell: XCell) -> str | None:
        fid = int(self.xfs[cell.style].get("numFmtId", "0"))
        return self.num_formats.get(fid, {0: "General", 4: "#,##0.00"}.get(fid))

    def font(self, cell: XCell) -> tuple[str, float, bool]:
        font = self.fonts[int(self.xfs[cell.style].get("fontId", "0"))]
        name = font.find("m:name", NS).get("val")
        size = float(font.find("m:sz", NS).get("val"))
        return name, size, font.find("m:b", NS) is not None

    def quote_prefix(self, cell: XCell) -> bool:
        return self.xfs[cell.style].get("quotePrefix") in ("1", "true")

    def boxed(self, cell: XCell) -> bool:
        border = self.borders[int(self.xfs[cell.style].get("borderId", "0"))]
        return all((side := border.find(f"m:{s}", NS)) is not None and side.get("style") == "thin"
                   for s in ("left", "right", "top", "bottom"))

    def merged(self, name: str | None = None) -> set[str]:
        return {m.get("ref") for m in self.sheet_xml(name).iter("{%s}mergeCell" % NS["m"])}


def _col_index(col: str) -> int:
    n = 0
    for ch in col:
        n = n * 26 + ord(ch) - 64
    return n
