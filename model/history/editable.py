"""The fields an edit may set, what typed input becomes, and the error for an edit refused."""

from __future__ import annotations

from typing import Any

from model.errors import JixiaoError
from model.fields import FUNDING_LABELS
from model.money import to_amount

INDICATOR_FIELDS = ("level1", "level2", "name", "period", "annual")
WORKSPACE_FIELDS = ("title", "department", "year")


class EditError(JixiaoError, ValueError):
    """An edit the session refuses (with a message for the user)."""


def coerce(attr: str, value: Any) -> Any:
    """The value a funding field (an amount) or a text field gets from what was typed."""
    if attr in FUNDING_LABELS:
        return to_amount(value)
    return "" if value is None else str(value)


def same(a: Any, b: Any) -> bool:
    """Equal and of one type: an amount ``Decimal("1")`` and the text ``"1"`` differ."""
    return type(a) is type(b) and a == b


def parse_year(value: Any) -> int | None:
    """A budget year from what was typed (blank: none)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not text.isdigit():
        raise EditError(f"年度「{text}」应为整数，如 2025")
    return int(text)
