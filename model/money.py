"""Amounts in 万元: exact Decimal with two places, never binary float.

An amount field holds a ``Decimal`` when the input reads as a number, ``None`` when blank, and
the typed ``str`` otherwise, so that bad input is kept (and reported by rule F2), never lost.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?$|^[+-]?\.\d+$")


def to_amount(value: Any) -> Decimal | str | None:
    """Read a typed/stored amount. Floats are refused: they are not exact."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError("金额不能是布尔值")
    if isinstance(value, float):
        raise TypeError("金额不能用二进制浮点数表示（请用 Decimal 或文本）")
    if isinstance(value, int):
        return Decimal(value).quantize(CENT)
    if isinstance(value, Decimal):
        return _two_places(value)
    if isinstance(value, str):
        text = value.strip().replace("，", ",").replace("．", ".")
        if not text:
            return None
        if _NUMBER.match(text):
            try:
                return _two_places(Decimal(text.replace(",", "")))
            except InvalidOperation:
                return value
        return value
    raise TypeError(f"金额类型不支持：{type(value).__name__}")


def _two_places(d: Decimal) -> Decimal:
    if not d.is_finite():
        raise TypeError("金额必须是有限数")
    # Quantize only when nothing is lost; 17.605 stays as it is for rule F2 to report.
    q = d.quantize(CENT) if d.as_tuple().exponent >= -2 or d == d.quantize(CENT) else d
    return q


def amount_problem(v: Decimal | str | None) -> str | None:
    """Why an amount breaks rule F2, or None."""
    if v is None:
        return None
    if isinstance(v, str):
        return f"「{v}」不是数字"
    if v < 0:
        return f"金额 {fmt(v)} 为负数"
    if v.as_tuple().exponent < -2:
        return f"金额 {v} 超过两位小数"
    return None


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
