"""Dates in a workbook: which cell styles show a number as a date, and that date as text.

A spreadsheet stores a date as a number of days (45667 is 2025-01-10); only the cell's number
format says it is a date. The import shows such a cell as the date a person sees, so that a
date where an amount belongs is refused with its cell named instead of read as 45667.00.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

# built-in number formats that are dates or times: the international ones, and those Excel and
# WPS use in Chinese locales (27–36, 50–58: yyyy"年"m"月"d"日" …)
BUILTIN_DATE_FORMATS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
# quoted text, [Red]/[$-804] sections, \x and _x/*x escapes carry no date letters
_NOT_CODE = re.compile(r'"[^"]*"|\[(?![hms]+\])[^\]]*\]|\\.|[_*].')
_DATE_LETTERS = re.compile(r"[dmyhsDMYHS]|[eE](?![+-])")  # e: the year in some locales; E+ is scientific

_EPOCH = datetime(1899, 12, 30)  # day 0 of the 1900 date system (Excel's 1900 leap-year bug included)
_EPOCH_1904 = datetime(1904, 1, 1)


def is_date_format(code: str) -> bool:
    """Whether a custom number format code shows a date or a time."""
    return bool(_DATE_LETTERS.search(_NOT_CODE.sub("", code))) and code.lower() != "general"


def date_styles(num_formats: dict[int, str], xf_formats: list[int]) -> frozenset[int]:
    """The indices of the cell styles (``cellXfs``) whose number format is a date or a time."""
    return frozenset(
        i for i, fid in enumerate(xf_formats)
        if fid in BUILTIN_DATE_FORMATS or (fid in num_formats and is_date_format(num_formats[fid]))
    )


def serial_text(raw: str, date1904: bool = False) -> str | None:
    """A date serial as the date (and time) it shows: ``2025-01-10``, ``2025-01-10 12:00:00``,
    ``12:00:00``; None when it is no date (not a number, or out of the calendar)."""
    try:
        days = Decimal(raw.strip())
        moment = (_EPOCH_1904 if date1904 else _EPOCH) + timedelta(seconds=round(float(days) * 86400))
    except (InvalidOperation, ValueError, OverflowError):
        return None
    if days == days.to_integral_value():
        return moment.date().isoformat()
    if 0 <= days < 1:
        return moment.time().isoformat()
    return moment.isoformat(sep=" ")
