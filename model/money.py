"""Amounts in 万元: exact Decimal with two places, never binary float.

An amount field holds a ``Decimal`` when the input reads as a number within reason (finite,
below ``LIMIT`` in magnitude), ``None`` when blank, and the typed text otherwise — ``1e308``,
``inf``, ``true``, a date, a 40-digit number — so that bad input is kept (and reported by rule
F2, saying why), never lost, and never reaches arithmetic.
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# A project of 10^12 万元 (10^16 yuan) is a typo or an attack, not a budget; below it an amount
# and any sum of 10,000 of them stay exact in Decimal's default 28 digits.
LIMIT = Decimal(10) ** 12
LIMIT_TEXT = "1,000,000,000,000 万元（10^12 万元）"

_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?$|^[+-]?\.\d+$")
_LOOSE_NUMBER = re.compile(r"^[+-]?(?:\d[\d,]*)?(?:\.\d*)?(?:[eE][+-]?\d+)?$|^[+-]?(?:inf(?:inity)?|nan)$", re.IGNORECASE)
_SHOWN = 40  # characters of a bad amount quoted in a message


def to_amount(value: Any) -> Decimal | str | None:
    """Read a typed/stored amount. Floats are refused: they are not exact."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"  # as TOML writes it; F2 says it is not a number
    if isinstance(value, float):
        raise TypeError("金额不能用二进制浮点数表示（请用 Decimal 或文本）")
    if isinstance(value, int):
        return Decimal(value).quantize(CENT) if -LIMIT < value < LIMIT else str(value)
    if isinstance(value, Decimal):
        return _two_places(value) if value.is_finite() and -LIMIT < value < LIMIT else _decimal_text(value)
    if isinstance(value, str):
        text = value.strip().replace("，", ",").replace("．", ".")
        if not text:
            return None
        if _NUMBER.match(text):
            try:
                d = Decimal(text.replace(",", ""))
            except InvalidOperation:
                return value
            return _two_places(d) if -LIMIT < d < LIMIT else value
        return value
    if isinstance(value, (date, time)):  # a TOML date or time where an amount belongs
        return value.isoformat()
    return str(value)  # a list or table where an amount belongs: kept as text, reported by F2


def _decimal_text(d: Decimal) -> str:
    """A Decimal out of range as TOML would write it (``inf``, ``nan``, ``1E+308``)."""
    if d.is_nan():
        return "nan"
    if d.is_infinite():
        return "-inf" if d.is_signed() else "inf"
    return str(d)


def _two_places(d: Decimal) -> Decimal:
    # Quantize only when nothing is lost; 17.605 stays as it is for rule F2 to report.
    q = d.quantize(CENT) if d.as_tuple().exponent >= -2 or d == d.quantize(CENT) else d
    return q


def amount_problem(v: Decimal | str | None) -> str | None:
    """Why an amount breaks rule F2, or None."""
    if v is None:
        return None
    if isinstance(v, str):
        return _text_problem(v)
    if v < 0:
        return f"金额 {fmt(v)} 为负数"
    if v.as_tuple().exponent < -2:
        return f"金额 {_shown(str(v))} 超过两位小数"
    return None


def _text_problem(text: str) -> str:
    """Why a kept text is not an amount: too large, not finite, a boolean or a date, or no number."""
    s = text.strip().replace("，", ",").replace("．", ".")
    if s.lower() in ("true", "false"):
        return f"「{s}」是布尔值（真/假），不是数字"
    if _LOOSE_NUMBER.match(s) and any(ch.isdigit() or ch in "iInN" for ch in s):
        try:
            d = Decimal(s.replace(",", ""))
        except InvalidOperation:
            d = None
        if d is not None and not d.is_finite():
            return f"「{s}」不是有限的数字"
        if d is not None and abs(d) >= LIMIT:
            return f"金额 {_shown(s)} 超出上限（金额应小于 {LIMIT_TEXT}）"
    if DATE.match(s):
        return f"「{s}」是日期，不是金额"
    return f"「{_shown(text)}」不是数字"


DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$|^\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")


def _shown(text: str) -> str:
    return text if len(text) <= _SHOWN else f"{text[:_SHOWN]}…（共 {len(text)} 个字符）"


def valid(v: Decimal | str | None) -> Decimal | None:
    """The amount's value for arithmetic: blank is 0, invalid is None."""
    if v is None:
        return ZERO
    if isinstance(v, str):
        return None
    return v


def fmt(v: Decimal | str | None, blank: str = "") -> str:
    """``4,402.83`` as in the published table; blank for None."""
    if v is None:
        return blank
    if isinstance(v, str):
        return v
    return f"{v:,.2f}" if v.as_tuple().exponent >= -2 else f"{v:,}"


def fmt_diff(d: Decimal) -> str:
    return f"{d:+,.2f}"
