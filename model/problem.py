"""What a project check finds, before ``validate_project`` places it (file, unit, project)."""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    rule: str
    message: str
    field: str = ""
    indicator: int | None = None  # 1-based indicator number
