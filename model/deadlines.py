"""Dates and deadlines in target values (时效指标): ``2026年12月底前`` is ≤ 2026-12-31.

Read from NFKC-normalised text (``values._normalize``), after an optional comparison:

- a day: ``2026年6月30日``, ``12月31日``, ``2026-06-30`` (also ``.`` and ``/``);
- the end of a month, quarter, half year or year: ``12月底``, ``6月末``, ``第三季度末``,
  ``上半年末``, ``2026年底``, ``年底``, ``2026年内`` (底 and 末 are that period's last day);
- then 前/之前/以前/止 (≤ that day; 内, and a quarter or half year alone, also mean ≤), and
  any text without digits (``完成``); a label may come first (``完成时间：``).

A date without 前 reads as ＝ that day. A date without a year takes ``year`` when given (the
workspace's year), else stays a month-day (``Deadline.year`` None). ``按期完成`` has no date and
stays qualitative; ``6月前`` (which day?) is not a date — the caller reports it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

# Words that make a date a deadline even without 前 (截至2026年12月31日 …).
_BY_WORDS = r"截至|截止到|截止于|截止|不晚于|不迟于|最迟于|最迟"
_QUARTERS = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}

_DATE = re.compile(
    rf"^(?:(?P<label>[^\d<>=≥≤:]{{1,16}}):\s*)?(?:(?P<op>>=|<=|≥|≤|≧|≦|>|<|=)\s*)?(?:(?P<by>{_BY_WORDS})|于|在)?\s*(?:"
    r"(?:(?P<y1>\d{4})\s*年\s*)?(?P<m1>\d{1,2})\s*月\s*(?:(?P<d1>\d{1,2})\s*[日号]|(?P<end1>底|末))"
    r"|(?P<y2>\d{4})\s*[-./]\s*(?P<m2>\d{1,2})\s*[-./]\s*(?P<d2>\d{1,2})\s*[日号]?"
    r"|(?:(?P<y3>\d{4})\s*年\s*)?(?:第\s*)?(?P<q>[一二三四1-4])\s*季度\s*(?P<end3>底|末|内)?"
    r"|(?:(?P<y4>\d{4})\s*年\s*)?(?P<h>上|下)半年\s*(?P<end4>底|末|内)?"
    r"|(?:(?P<y5>\d{4})|本|当|今)?\s*年\s*度?\s*(?P<end5>底|末|内)"
    r")\s*(?P<before>之前|以前|前|止)?(?P<rest>[^\d<>=≥≤]*)$"
)
# Cheap gate: only text with one of these can be a date (value parsing runs for every indicator).
DATE_HINT = re.compile(r"[年月日季]|\d{4}\s*[-./]\s*\d")
# A month with 前 but no day: ``6月前`` (before June begins, or by the end of June?).
_VAGUE_MONTH = re.compile(r"^(?:\d{4}\s*年\s*)?(\d{1,2})\s*月\s*(?:之前|以前|前)")


@dataclass(frozen=True, slots=True)
class Deadline:
    year: int | None  # None: a month-day (12月31日前) with no year known
    month: int
    day: int

    def iso(self) -> str:
        md = f"{self.month:02d}-{self.day:02d}"
        return md if self.year is None else f"{self.year:04d}-{md}"

    def key(self) -> tuple[int, int, int]:
        return (self.year or 0, self.month, self.day)


@dataclass(frozen=True, slots=True)
class DateReading:
    comparison: str  # ≥ > = < ≤
    deadline: Deadline | None  # None when the date does not exist (problem says why)
    op_span: tuple[int, int] | None  # where a typed comparison sits in the normalised text
    problem: str = ""


def read_date(s: str, year: int | None = None) -> DateReading | None:
    """``s`` (normalised, stripped) read as a date or deadline, or None if it is not one."""
    m = _DATE.match(s)
    if m is None:
        return None
    g = m.groupdict()
    if (g["q"] or g["h"]) and g["before"] and not (g["end3"] or g["end4"]):
        which = "第" + g["q"] + "季度" if g["q"] else g["h"] + "半年"
        return DateReading("≤", None, None, f"「{which}前」不明确：写作「{which}末前」（到最后一天）")
    op = {">=": "≥", "≧": "≥", "<=": "≤", "≦": "≤"}.get(g["op"], g["op"])
    # 内, or a quarter or half year with no end named (第三季度完成): within it, so ≤ its end
    within = "内" in (g["end3"], g["end4"], g["end5"]) or (g["q"] or g["h"]) and not (g["end3"] or g["end4"])
    by = g["by"] or g["before"] or within
    if op and by and op not in ("≤", "<"):
        return DateReading(op, None, None, f"比较符 {op} 与「{g['by'] or g['before'] or '内'}」矛盾")
    comparison = op or ("≤" if by else "=")
    op_span = m.span("op") if g["op"] else None
    y = next((int(g[k]) for k in ("y1", "y2", "y3", "y4", "y5") if g[k]), None)
    if y is not None and not 1900 <= y <= 2199:
        return None  # 5000年底: not a year anyone budgets for
    known = y if y is not None else year
    if g["m1"]:
        month = int(g["m1"])
        day = int(g["d1"]) if g["d1"] else _month_end(known, month)
    elif g["m2"]:
        month, day = int(g["m2"]), int(g["d2"])
    elif g["q"]:
        month = _QUARTERS[g["q"]]
        day = _month_end(known, month)
    elif g["h"]:
        month, day = (6, 30) if g["h"] == "上" else (12, 31)
    else:
        month, day = 12, 31
    if not 1 <= month <= 12 or not 1 <= day <= _month_end(known, month, leap=True):
        return DateReading(comparison, None, op_span, f"{month}月{day}日不是有效日期")
    return DateReading(comparison, Deadline(known, month, day), op_span)


def vague_month(s: str) -> str | None:
    """The reason ``6月前`` is not read, or None if ``s`` is not that form."""
    m = _VAGUE_MONTH.match(s)
    if m is None:
        return None
    n = m.group(1)
    return f"「{n}月前」不明确：写作「{n}月底前」（到该月最后一天）或「{n}月1日前」"


def _month_end(year: int | None, month: int, leap: bool = False) -> int:
    if not 1 <= month <= 12:
        return 0
    if year is None:
        return 29 if month == 2 and leap else 28 if month == 2 else calendar.monthrange(2001, month)[1]
    return calendar.monthrange(year, month)[1]
