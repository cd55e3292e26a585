"""A target value cut into the columns of an indicator list, and put back together.

Import templates of the online 预算管理一体化 systems want a value as 指标性质 (≥ > = < ≤, or
定性), 指标值 (the number, or the text of a qualitative value) and 度量单位. ``split_value``
reads that from the typed text (``model.values``); ``join_value`` builds a text from the three
columns that reads the same (``≥98%`` from ``≥`` · 98 · ``%``), for a list whose 原文 column is
missing or blank.

- A number keeps the form it was written in (``>1800万``: 1800 and unit ``万``, ``30万页``: 30 and
  ``万页``); a calculation definition (``（…÷…）×100%≥99%``) goes in its own column.
- A date or deadline is 指标性质 ≤ (前/截至/内) or ＝, 指标值 the day as ``2026-12-31``, 度量单位
  ``日期``; or, for systems that only take numbers, 定性 with the text (``deadline="qualitative"``).
- A qualitative value is 定性 with the text as the published table prints it (no ``定性：`` mark).
- A value that cannot be read (rule I4) has a blank 指标性质 and its text as 指标值.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from model.values import COMPARISON_CODES, parse_value

QUALITATIVE = "定性"
DATE_UNIT = "日期"
NATURES = ("≥", ">", "=", "<", "≤", QUALITATIVE)
# what a person or another system may write in 指标性质 (NFKC and ASCII forms, words)
_NATURE_ALIASES = {
    ">=": "≥", "≧": "≥", "＞＝": "≥", "大于等于": "≥", "不低于": "≥", "不少于": "≥",
    "<=": "≤", "≦": "≤", "＜＝": "≤", "小于等于": "≤", "不高于": "≤", "不超过": "≤",
    "＞": ">", "大于": ">", "＜": "<", "小于": "<", "＝": "=", "==": "=", "等于": "=",
    "定性指标": QUALITATIVE,
}
_ISO = re.compile(r"^\s*(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_NUMBER = re.compile(r"^\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Parts:
    nature: str  # ≥ > = < ≤, 定性, or '' (empty or unreadable value)
    value: Decimal | str  # the number, or text (qualitative text, a day as 2026-12-31, unread text)
    unit: str = ""
    definition: str = ""  # a calculation definition before the comparison

    @property
    def code(self) -> str:
        """The one-system comparison code: 1 ≥ … 5 ≤, 6 定性; '' for a blank nature."""
        if self.nature == QUALITATIVE:
            return "6"
        return str(COMPARISON_CODES[self.nature]) if self.nature else ""


def split_value(text: str, year: int | None = None, deadline: str = "date") -> Parts:
    """The columns for a typed value (``year``: the workspace's, for ``12月31日前``)."""
    v = parse_value(text, year)
    if v.kind == "empty":
        return Parts("", "")
    if v.kind == "qualitative":
        return Parts(QUALITATIVE, v.published())
    if v.kind == "unparsed":
        return Parts("", text.strip())
    if v.date is not None:
        if deadline == "qualitative":
            return Parts(QUALITATIVE, v.published())
        return Parts(v.comparison or "=", v.date.iso(), DATE_UNIT)
    unit = v.unit + ("万" if v.scale == 10000 else "")
    return Parts(v.comparison or "=", v.number if v.number is not None else "", unit, v.definition)


def read_nature(text: str, natures: dict[str, str] | None = None) -> str | None:
    """The nature a cell names (``≥``, ``>=``, ``大于等于``, ``1`` … ``6``, or a layout's own
    word from ``natures``: symbol -> written), '' for a blank cell, None when unknown."""
    s = re.sub(r"\s", "", text)
    if not s:
        return ""
    for symbol, written in (natures or {}).items():
        if s == re.sub(r"\s", "", written):
            return symbol
    if s in NATURES:
        return s
    if s in _NATURE_ALIASES:
        return _NATURE_ALIASES[s]
    by_code = {str(c): sym for sym, c in COMPARISON_CODES.items()} | {"6": QUALITATIVE}
    return by_code.get(s)


def read_day(text: str) -> tuple[int | None, int, int] | None:
    """A 指标值 cell holding a day: ``2026-12-31``, or as a spreadsheet re-saves it
    (``2026/12/31``), or ``2026年12月31日``; None when it is not one."""
    m = _ISO.match(text)
    return (int(m.group(1)) if m.group(1) else None, int(m.group(2)), int(m.group(3))) if m else None


def read_number(text: str) -> Decimal | None:
    """A 指标值 cell as a number (``98``, ``1,000``, ``0.5``), None when it is not one."""
    m = _NUMBER.match(text)
    if not m:
        return None
    try:
        return Decimal(m.group(1).replace(",", ""))
    except InvalidOperation:
        return None


def join_value(nature: str, value: str, unit: str, definition: str = "",
               year: int | None = None, deadline: str = "date") -> tuple[str, str | None]:
    """(text, problem): the value written from its columns, reading as they say; ``problem`` is
    the Chinese reason when they do not make a value (the text is then ''). ``deadline``
    "qualitative": a layout that writes deadlines as 定性, so a 定性 date is the date itself."""
    value, unit, definition = value.strip(), unit.strip(), definition.strip()
    if nature == "":
        return value, None
    if nature == QUALITATIVE:
        if not value:
            return "", "指标性质为定性，但指标值为空"
        v = parse_value(value, year)
        if v.kind == "qualitative" or (deadline == "qualitative" and v.date is not None):
            return value, None
        # a qualitative text with digits needs jixiao's mark to stay qualitative
        return f"{QUALITATIVE}：{value}", None
    if unit == DATE_UNIT:
        return _join_date(nature, value, year)
    number = read_number(value)
    if number is None:
        return "", f"指标性质为 {nature}，指标值应为数字，实为「{value[:20]}」"
    if re.search(r"\d", unit):
        return "", f"度量单位「{unit[:20]}」中含有数字"
    digits = format(number, "f")
    for comp in ("" if nature == "=" else nature, nature):
        text = f"{definition}{comp}{digits}{unit}"
        v = parse_value(text, year)
        if v.kind == "quantitative" and v.date is None and v.comparison == nature and v.number == number \
                and v.unit + ("万" if v.scale == 10000 else "") == unit and v.definition == definition:
            return text, None
    return "", f"指标性质 {nature}、指标值 {digits}、度量单位「{unit[:20]}」合起来不能读作同一个指标值"


def _join_date(nature: str, value: str, year: int | None) -> tuple[str, str | None]:
    m = _ISO.match(value)
    if not m:
        return "", f"度量单位为日期，指标值应为日期（如 2026-12-31），实为「{value[:20]}」"
    y, month, day = m.group(1), int(m.group(2)), int(m.group(3))
    day_text = (f"{int(y)}年" if y else "") + f"{month}月{day}日"
    text = {"≤": f"{day_text}前", "=": day_text}.get(nature, f"{nature}{day_text}")
    v = parse_value(text, year)
    if v.date is None:
        return "", v.reason or f"「{value[:20]}」不是有效的日期"
    return text, None
