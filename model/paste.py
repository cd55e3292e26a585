"""Indicator rows pasted from a spreadsheet (Excel/WPS copy = tab-separated) or the packed
绩效指标 text of a published table, read into indicators.

Columns: ``[序号] [一级指标] 二级指标 三级指标 实施周期指标值 年度指标值``; the 二级指标 may be a
code (``12``), a name (``质量指标``) or both (``12-质量指标``). A row that cannot be read is kept
aside with its reason, the others are returned in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from model.codes import CodeTable
from model.packed import category_label, parse_packed
from model.workspace import Indicator


@dataclass(frozen=True)
class Skipped:
    row: int  # 1-based row (or indicator number, for packed text)
    text: str
    reason: str


@dataclass
class Pasted:
    indicators: list[Indicator] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


_PACKED = re.compile(r"^\s*1\s*、.*实施周期", re.S)
_HEADER_WORDS = ("三级指标", "指标名称", "年度指标值", "实施周期指标值", "二级指标")


def looks_packed(text: str) -> bool:
    return bool(_PACKED.match(text))


def parse_paste(text: str, codes: CodeTable) -> Pasted:
    if looks_packed(text):
        return _from_packed(text, codes)
    out = Pasted()
    for n, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        if any(w in c for w in _HEADER_WORDS for c in cells) and len(cells) >= 4:
            out.skipped.append(Skipped(n, line, "表头行"))
            continue
        if len(cells) in (5, 6) and re.fullmatch(r"\d+", cells[0]) and codes.resolve(cells[0], 1).category is None:
            cells = cells[1:]  # a 序号 column copied along
        elif len(cells) == 6 and re.fullmatch(r"\d+", cells[0]):
            cells = cells[1:]
        if len(cells) == 4:
            level1_text, (level2_text, name, period, annual) = "", cells
        elif len(cells) == 5:
            level1_text, level2_text, name, period, annual = cells
        else:
            out.skipped.append(Skipped(
                n, line,
                f"有 {len(cells)} 列，应为 4 列（二级指标、三级指标、实施周期指标值、年度指标值）"
                "或 5 列（前加一级指标），用 Tab 分隔",
            ))
            continue
        row = _row(level1_text, level2_text, name, period, annual, codes)
        if isinstance(row, str):
            out.skipped.append(Skipped(n, line, row))
        else:
            out.indicators.append(row)
    return out


def _row(level1_text: str, level2_text: str, name: str, period: str, annual: str, codes: CodeTable) -> Indicator | str:
    r2 = codes.resolve(level2_text, 2)
    if r2.category is None or r2.problem:
        return r2.problem or f"二级指标「{level2_text}」不在代码表中"
    level1 = codes.level1[r2.category.parent] if r2.category.parent in codes.level1 else None
    if level1_text:
        r1 = codes.resolve(level1_text, 1)
        if r1.category is None or r1.problem:
            return r1.problem or f"一级指标「{level1_text}」不在代码表中"
        if level1 is not None and r1.category.code != level1.code:
            return f"二级指标 {r2.category.label} 不属于一级指标 {r1.category.label}"
        level1 = r1.category
    if not name:
        return "三级指标名称为空"
    if not period and not annual:
        return "实施周期指标值和年度指标值都为空"
    return Indicator(
        level1=level1.label if level1 else "",
        level2=r2.category.label,
        name=name,
        period=period,
        annual=annual,
    )


def _from_packed(text: str, codes: CodeTable) -> Pasted:
    out = Pasted()
    indicators, problems = parse_packed(text)
    for p in problems:
        out.skipped.append(Skipped(p.indicator, "", p.message))
    for ind in indicators:
        out.indicators.append(ind.model_copy(update={
            "level1": category_label(ind.level1, codes, 1),
            "level2": category_label(ind.level2, codes, 2),
        }))
    return out
