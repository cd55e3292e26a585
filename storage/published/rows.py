"""Reading the rows of a published 项目支出绩效目标表 into a workspace.

Shared by the text/TSV import and the XLSX import: each gives rows of cells with a location
(``第12行`` or ``Sheet1!A12``). Title lines, ``单位名称：…``, ``单位：万元``, repeated header rows,
合计, unit rows (amounts, no goal, no indicators) followed by their projects. Nothing is dropped
silently: a row that cannot be read is an error naming its location.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

from model.codes import CodeTable, default_codes
from model.money import DATE, amount_problem, fmt, to_amount, valid
from model.packed import parse_packed
from model.text import control_chars, describe_char, escaped
from model.workspace import FUNDING, Funding, Project, Unit, Workspace
from storage.workspace.layout import id_width

HEADER = ("项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标")
_DEPT = re.compile(r"^\s*单位名称\s*[:：]\s*(.*?)\s*(?:单位\s*[:：]\s*(\S+)\s*)?$")
_MEASURE = re.compile(r"^\s*(?:金额)?单位\s*[:：]\s*(\S+)\s*$")
YEAR = re.compile(r"(20\d\d)\s*年")  # a year in a title


@dataclass
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


# the source place of a unit or project: (unit id, project id or "") -> field -> place; the
# row's place under "" (so that import can say where in the source a diagnostic comes from)
Origins = dict[tuple[str, str], dict[str, str]]


@dataclass
class ImportResult:
    workspace: Workspace
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    origins: Origins = field(default_factory=dict)

    def origin(self, unit_id: str, project_id: str, field_name: str = "") -> str:
        """Where in the source a unit's or project's field was read ('' when unknown)."""
        places = self.origins.get((unit_id, project_id), {})
        return places.get(field_name) or places.get("", "")


def normalise_cell(s: object) -> str:
    return "" if s is None else str(s).replace("\u3000", " ").replace("\xa0", " ").strip()


def is_header(cells: list[str]) -> bool:
    return bool(cells) and re.sub(r"\s", "", cells[0]).startswith("项目名称")


def preamble_department(text: str) -> str | None:
    """For a line printed above the header (title, ``单位名称：…``, ``单位：万元``): the
    department named in it ('' when none), else None — the line is not preamble."""
    if m := _DEPT.match(text):
        return m.group(1)
    if _MEASURE.match(text) or "绩效目标表" in text:
        return ""
    return None


def build_workspace(rows: Iterable[tuple[str, list[str]] | tuple[str, list[str], list[str]]],
                    codes: CodeTable | None = None, year: int | None = None) -> ImportResult:
    """The workspace the rows describe, with every problem found (``year``: when the title does
    not say it). A row is (where, cells) or, from a workbook, (where, cells, each cell's
    reference): then every problem names the cell itself."""
    reader = _TableReader(codes, year)
    for row in rows:
        reader.row(*row)
    return reader.finish()


class _TableReader:
    """Reading a published table one row at a time: before the header, preamble lines; after
    it, 合计, unit rows and the projects under the last unit row."""

    def __init__(self, codes: CodeTable | None, year: int | None):
        self.ws = Workspace(codes=codes or default_codes())
        self.result = ImportResult(self.ws)
        self.year = year
        self.grand: tuple[str, Funding] | None = None  # the 合计 row, checked at the end
        self.unit: Unit | None = None  # the unit the next project belongs to
        self.seen_header = False
        self.refs: list[str] | None = None  # each cell's reference in the current row (workbooks)
        self.places: list[tuple[Unit, Project | None, dict[str, str]]] = []  # -> result.origins

    def error(self, where: str, message: str) -> None:
        self.result.errors.append(Problem(where, message))

    def cell(self, where: str, i: int) -> str:
        """The place of the row's ``i``-th cell: its reference in a workbook, else the line."""
        return self.refs[i] if self.refs is not None and i < len(self.refs) else where

    def row(self, where: str, raw: list[str], refs: list[str] | None = None) -> None:
        self.refs = refs
        if self._control_chars(where, raw):
            return
        cells = [normalise_cell(c) for c in raw]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            return
        if (len(cells) == 1 or (not self.seen_header and not is_header(cells))) and self._preamble(where, cells):
            return
        if is_header(cells):
            self.seen_header = True
            if len(cells) < 5:
                self.error(where, f"表头只有 {len(cells)} 列，应为：{' | '.join(HEADER)}")
        elif not self.seen_header:
            self.error(where, "数据行出现在表头之前")
        elif len(cells) > 7:
            extra = " | ".join(cells[7:])
            self.error(self.cell(where, 7), f"多出 {len(cells) - 7} 列：「{extra[:40]}」（表格应为 7 列）")
        else:
            self._data(where, cells + [""] * (7 - len(cells)))

    def _control_chars(self, where: str, raw: list[str]) -> bool:
        """An error for each cell holding a control character (ESC, NUL, U+2028 …): True when
        the row has any, and is not read further (nothing of it reaches a message raw)."""
        found = False
        for i, cell in enumerate(raw):
            # a cell may hold lines (tab, newline, and the CR of a Windows line break)
            chars = [c for _, c in control_chars(cell, multiline=True) if c != "\r"] if cell else []
            if not chars:
                continue
            found = True
            place = self.cell(where, i) if self.refs is not None else f"{where}第{i + 1}列"
            self.error(place, f"含控制字符 {describe_char(chars[0])}：「{escaped(cell)[:40]}」；这类字符不属于表格文字"
                              "（可能来自损坏或被改动的文件，会扰乱终端显示），请在源文件中删去后重新导入")
        return found

    def _preamble(self, where: str, cells: list[str]) -> bool:
        """Title, ``单位名称：…`` or ``单位：万元`` (or an unreadable one-cell line): True when
        the row is taken care of."""
        text = " ".join(c for c in cells if c)
        if m := _DEPT.match(text):
            self.ws.department = m.group(1)
            if m.group(2) and m.group(2) != "万元":
                self.error(where, f"金额单位为「{m.group(2)}」，只支持万元")
        elif m := _MEASURE.match(text):
            if m.group(1) != "万元":
                self.error(where, f"金额单位为「{m.group(1)}」，只支持万元")
        elif "绩效目标表" in text and not self.seen_header:
            self.ws.title = re.sub(r"^\s*(?:20\d\d\s*年(?:度)?)\s*", "", text)
            if self.year is None and (y := YEAR.search(text)):
                self.year = int(y.group(1))
        elif len(cells) == 1:
            self.error(where, f"无法识别的行：「{text[:40]}」（应为标题、单位名称、表头或数据行）")
        else:
            return False
        return True

    def _data(self, where: str, cells: list[str]) -> None:
        """A row of seven cells after the header: 合计, a unit row or a project."""
        name, goal, packed = cells[0], cells[5], cells[6]
        amounts = self._amounts(where, cells[1:5])
        if re.sub(r"\s", "", name) in ("合计", "总计"):
            self.grand = (where, Funding(**amounts))
            return
        places = {"": where, "name": self.cell(where, 0), "goal": self.cell(where, 5),
                  "indicators": self.cell(where, 6), **{k: self.cell(where, i) for i, (k, _) in enumerate(FUNDING, 1)}}
        if not goal and not packed:
            if all(v is None for v in amounts.values()) and not name:
                return
            self.unit = Unit(name=name, control=Funding(**amounts))
            self.ws.units.append(self.unit)
            self.places.append((self.unit, None, {**places, **{f"control.{k}": places[k] for k, _ in FUNDING}}))
            return
        if self.unit is None:  # projects before any unit row: the department is the unit
            self.unit = Unit(name=self.ws.department)
            self.ws.units.append(self.unit)
        indicators, problems = parse_packed(packed)
        for p in problems:
            self.error(self.cell(where, 6), f"绩效指标：{p.message}")
        project = Project(name=name, goal=goal, indicators=indicators, **amounts)
        self.unit.projects.append(project)
        self.places.append((self.unit, project, places))

    def _amounts(self, where: str, cells: list[str]) -> dict[str, Decimal | str | None]:
        """The four amounts (a cell that is not a number within reason stays text, and is an
        error naming its cell)."""
        amounts = {}
        bad = []
        for i, ((key, label), cell) in enumerate(zip(FUNDING, cells), 1):
            amounts[key] = to_amount(cell)
            if isinstance(amounts[key], str):
                bad.append((i, key, label, cell))
        prose = next(((lb, c) for _, _, lb, c in bad if _lost_blanks(c)), None)
        if prose is not None and self.refs is None:
            # prose in an amount column of copied text: blank cells were lost on the way (a PDF
            # copy with spaces); a workbook's cells cannot shift, so there it is the cell's own error
            label, cell = prose
            self.error(where, f"{label}列里是文字「{escaped(cell[:20])}…」：这一行的空白单元格可能在复制时丢失了，"
                              "无法确定各金额属于哪一列；请复制为以 Tab 分隔的文本，或从 XLSX 导入")
            return amounts
        for i, key, label, cell in bad:
            problem = amount_problem(amounts[key]) or ""
            hint = "（单元格格式为日期：请改为数值格式并填入金额，单位万元）" if DATE.match(cell) and self.refs else ""
            self.error(self.cell(where, i), f"{label}{'' if problem.startswith('「') else '：'}{problem}{hint}")
        return amounts

    def finish(self) -> ImportResult:
        ws = self.ws
        ws.year = self.year
        if self.grand is not None:
            _check_grand(ws, self.grand, self.result.warnings.append)
        if not ws.units:
            self.error("全文", "没有找到任何单位或项目行（需要表头「项目名称（资金使用单位）…」之后的数据行）")
        assign_ids(ws)
        for unit, project, places in self.places:
            self.result.origins[(unit.id, project.id if project else "")] = places
        return self.result


def _lost_blanks(cell: str) -> bool:
    """Whether an amount cell holds prose (words, not a long number or a date): the sign of a
    copied line whose blank cells were lost."""
    return len(cell) > 12 and any(ch.isalpha() for ch in cell) and not DATE.match(cell)


def _check_grand(ws: Workspace, grand: tuple[str, Funding], warn) -> None:
    where, row = grand
    units = [u.control if not u.control.is_empty() else None for u in ws.units]
    for key, label in FUNDING:
        stated = valid(getattr(row, key))
        if stated is None:
            continue
        total = Decimal("0.00")
        for u, c in zip(ws.units, units):
            v = valid(getattr(c, key)) if c is not None else u.sums()[key]
            if v is None:
                break
            total += v
        else:
            if total != stated:
                warn(Problem(where, f"合计行{label} {fmt(stated)} 与各单位之和 {fmt(total)} 不符，相差 {fmt(abs(total - stated))} 万元（合计由工作区计算，不保存）"))


def assign_ids(ws: Workspace) -> None:
    uw = id_width(len(ws.units))
    for i, u in enumerate(ws.units, 1):
        u.id = f"u{i:0{uw}d}"
        pw = id_width(len(u.projects))
        for j, p in enumerate(u.projects, 1):
            p.id = f"p{j:0{pw}d}"
