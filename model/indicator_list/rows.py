"""An indicator list's rows: written from a workspace, and read back into indicators.

Writing: one row per indicator in the workspace's order, the columns of a ``ListLayout``.
Reading (XLSX or CSV, the cells handed over by ``storage.published.list_import`` with their
places): the header row says which column is which (in any order, extra columns ignored), then
each row becomes a ``ListEntry``. The 原文 column, when present and filled, is the value itself
(what the clerk typed); the split columns must agree with it. Without it the value is built from
指标性质 · 指标值 · 度量单位 (``model.indicator_list.parts.join_value``). Every problem names its cell.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from model.codes import CodeTable
from model.indicator_list.layout import (
    ANNUAL,
    BLANK,
    LEVEL1,
    LEVEL2,
    NAME,
    PERIOD,
    PROJECT,
    SEQ,
    UNIT,
    YEAR,
    ListLayout,
    value_columns,
)
from model.indicator_list.parts import DATE_UNIT, Parts, join_value, read_day, read_nature, read_number, split_value
from model.workspace import Indicator, Workspace

Cell = str | Decimal | int
VALUES = {PERIOD: "period", ANNUAL: "annual"}  # list prefix -> Indicator field


def list_header(layout: ListLayout) -> list[str]:
    return [c.header for c in layout.columns]


def list_rows(ws: Workspace, layout: ListLayout) -> Iterator[list[Cell]]:
    """One row per indicator: text cells, numbers (指标值, 序号, 预算年度) as Decimal/int."""
    seq = 0
    codes = ws.codes
    for unit, project in ws.projects():
        for ind in project.indicators:
            seq += 1
            parts = {which: split_value(getattr(ind, f), ws.year, layout.deadline) for which, f in VALUES.items()}
            cells = {SEQ: seq, UNIT: unit.name, PROJECT: project.name, YEAR: ws.year or "",
                     LEVEL1: layout.category_text(ind.level1, codes, 1),
                     LEVEL2: layout.category_text(ind.level2, codes, 2), NAME: ind.name, BLANK: ""}
            for which, f in VALUES.items():
                cells.update(_value_cells(which, parts[which], getattr(ind, f), layout))
            yield [cells[c.source] for c in layout.columns]


def _value_cells(which: str, parts: Parts, typed: str, layout: ListLayout) -> dict[str, Cell]:
    names = value_columns(which)
    return {names["nature"]: layout.nature_text(parts.nature), names["value"]: parts.value,
            names["unit"]: parts.unit, names["text"]: typed, names["code"]: parts.code,
            names["definition"]: parts.definition}


# -- reading --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RowProblem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class ListEntry:
    where: str  # the row's first cell
    unit: str  # '' when the list has no 单位名称 (or leaves it blank)
    project: str
    indicator: Indicator
    # what the list does not hold: "period"/"annual" (no column of that value), "period.definition"
    # (only the split columns, without 计算口径: the workspace's definition stays)
    missing: frozenset[str] = frozenset()
    places: dict[str, str] = field(default_factory=dict)  # column name -> cell


def norm_header(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


def match_header(cells: dict[int, str], layout: ListLayout) -> dict[str, int] | None:
    """Column name -> column index when ``cells`` is the layout's header row (it holds the
    项目名称 and 三级指标 headers), else None."""
    wanted = {norm_header(c.header): c.source for c in layout.columns if c.source != BLANK}
    found: dict[str, int] = {}
    for col, text in cells.items():
        source = wanted.get(norm_header(text))
        if source is not None and source not in found:
            found[source] = col
    return found if PROJECT in found and NAME in found else None


class ListReader:
    """Rows after the header, one at a time (``row``), into entries and problems."""

    def __init__(self, layout: ListLayout, columns: dict[str, int], codes: CodeTable, year: int | None):
        self.layout, self.columns, self.codes, self.year = layout, columns, codes, year
        self.entries: list[ListEntry] = []
        self.errors: list[RowProblem] = []
        self.headers = {norm_header(c.header) for c in layout.columns}

    def error(self, where: str, message: str) -> None:
        self.errors.append(RowProblem(where, message))

    def row(self, where: str, cells: dict[int, str], ref) -> None:
        """``cells``: column index -> text; ``ref(column index)`` names a cell."""
        got = {s: cells.get(c, "").strip() for s, c in self.columns.items()}
        if not any(got.values()):
            return
        if all(norm_header(cells.get(c, "")) in self.headers for s, c in self.columns.items() if got[s]):
            return  # the header repeated (a list pasted twice, a printed page's title row)
        places = {s: ref(c) for s, c in self.columns.items()}
        before = len(self.errors)
        project = got[PROJECT]
        if not project:
            self.error(places[PROJECT], "项目名称为空")
        level1, level2 = self._categories(got, places)
        if not got[NAME]:
            self.error(places[NAME], "三级指标（指标名称）为空")
        values: dict[str, str] = {}
        missing = set()
        for which, f in VALUES.items():
            v = self._value(which, got, places)
            names = value_columns(which)
            if v is None:
                missing.add(f)
            else:
                values[f] = v
                if names["text"] not in self.columns and names["definition"] not in self.columns:
                    missing.add(f"{f}.definition")
        if len(self.errors) > before:
            return
        self.entries.append(ListEntry(where, got.get(UNIT, ""), project, Indicator(
            level1=level1, level2=level2, name=got[NAME], period=values.get("period", ""),
            annual=values.get("annual", "")), frozenset(missing), places))

    def _categories(self, got: dict[str, str], places: dict[str, str]) -> tuple[str, str]:
        labels = {}
        for level, source in ((1, LEVEL1), (2, LEVEL2)):
            text = got.get(source, "")
            if not text:
                labels[level] = None
                continue
            r = self.codes.resolve(text, level)
            if r.category is None or r.problem is not None:
                self.error(places[source], r.problem or f"「{text}」不是{source}")
                labels[level] = text
            else:
                labels[level] = r.category
        one, two = labels[1], labels[2]
        if one is None and two is None:
            where = places.get(LEVEL2) or places.get(LEVEL1) or places[NAME]
            self.error(where, "一级指标和二级指标都为空（至少需要二级指标，一级指标可由它得出）")
            return "", ""
        if one is None and not isinstance(two, str):
            one = self.codes.level1.get(two.parent)  # 数量指标 is under 产出指标
        text1 = one if isinstance(one, str) else one.label if one else ""
        text2 = two if isinstance(two, str) else two.label if two else ""
        return text1, text2

    def _value(self, which: str, got: dict[str, str], places: dict[str, str]) -> str | None:
        """The value's text; None when the list has none of its columns."""
        names = value_columns(which)
        present = [r for r in ("text", "nature", "value", "unit", "code", "definition") if names[r] in self.columns]
        if not present:
            return None
        cell = {r: got.get(names[r], "") for r in names}
        nature_cell = cell["nature"] or cell["code"]
        nature_place = places.get(names["nature"]) or places.get(names["code"]) or places.get(names["text"], "")
        nature = read_nature(nature_cell, self.layout.natures)
        if nature is None:
            self.error(nature_place, f"{which}指标性质「{nature_cell[:20]}」无法识别（应为 ≥ > = < ≤ 或 定性）")
            return ""
        if cell["text"]:
            if any(cell[r] for r in ("nature", "code", "value", "unit")):
                self._agree(which, cell, nature, places)
            return cell["text"]
        value_place = places.get(names["value"]) or nature_place
        text, problem = join_value(nature, cell["value"], cell["unit"], cell["definition"], self.year,
                                   self.layout.deadline)
        if problem:
            self.error(value_place, f"{which}指标值：{problem}")
        return text

    def _agree(self, which: str, cell: dict[str, str], nature: str, places: dict[str, str]) -> None:
        """The split columns must say what the 原文 says (an edit in one of them only would
        otherwise be lost)."""
        names = value_columns(which)
        parts = split_value(cell["text"], self.year, self.layout.deadline)
        number = read_number(cell["value"])
        if isinstance(parts.value, Decimal) and number is not None:
            value_same = number == parts.value
        elif parts.unit == DATE_UNIT:  # a CSV re-saved by a spreadsheet says 2026/12/31
            value_same = read_day(cell["value"]) == read_day(str(parts.value))
        else:
            value_same = norm_header(cell["value"]) == norm_header(str(parts.value))
        same = (nature == parts.nature or not (cell["nature"] or cell["code"])) and \
            (value_same or not cell["value"]) and (cell["unit"] == parts.unit or not cell["unit"])
        if not same:
            where = places.get(names["value"]) or places.get(names["nature"]) or places[names["text"]]
            said = " ".join(x for x in (cell["nature"] or cell["code"], cell["value"], cell["unit"]) if x)
            self.error(where, f"{which}指标值「{said[:30]}」与原文「{cell['text'][:30]}」不一致："
                              "改正其中一处（或清空原文，按拆分的各列导入）")


def read_list(rows: Iterable[tuple[str, dict[int, str], object]], layout: ListLayout, columns: dict[str, int],
              codes: CodeTable, year: int | None) -> ListReader:
    reader = ListReader(layout, columns, codes, year)
    for where, cells, ref in rows:
        reader.row(where, cells, ref)
    return reader
