"""The find/replace preview's cells: a short location and, for the old and the new text, the
changed part with a little of what comes before it, cut to the column's width — a goal of 300
characters shows where it changes, not its first words."""

from __future__ import annotations

from rich.text import Text

from model.diagnostic import Diagnostic
from model.replace import Edit
from model.text import escaped

CONTEXT = 6  # characters shown before the change, at most (a sixth of the column)


def edit_location(e: Edit, width: int) -> str:
    """``购置经费 › 指标2 名称``: the project by what sets it apart from its unit, then where."""
    d = Diagnostic("", "", "", e.unit, e.project, None if e.indicator is None else e.indicator + 1,
                   e.field, None, e.unit_id, e.project_id, severity="warning")  # a place, not a finding
    return d.short_location(width)


def changed_span(old: str, new: str) -> tuple[int, int, int]:
    """(start, end in ``old``, end in ``new``) of the part that differs."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    tail = 0
    while tail < min(len(old), len(new)) - start and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return start, len(old) - tail, len(new) - tail


def excerpt(text: str, start: int, end: int, width: int, style: str, mark: str = "") -> Text:
    """``text`` around ``text[start:end]`` (shown in ``style``), within ``width`` cells, with
    ``…`` where it is cut; ``mark`` stands for an empty change (``（删除）`` on the new side)."""
    begin = max(0, start - min(CONTEXT, max(2, width // 6)))
    out = Text("…" if begin else "", "dim")
    out.append(escaped(text[begin:start]))
    out.append(escaped(text[start:end]) or mark, style)
    out.append(escaped(text[end:]))
    if out.cell_len > width:
        out.truncate(max(1, width - 1))
        out.append("…", "dim")
    return out


def preview_row(e: Edit, loc_width: int, text_width: int) -> tuple[str, Text, Text]:
    start, old_end, new_end = changed_span(e.old, e.new)
    old = excerpt(e.old, start, old_end, text_width, "bold red")
    new = excerpt(e.new, start, new_end, text_width, "bold green", "（删除）" if old_end > start else "")
    return edit_location(e, loc_width), old, new


def column_widths(width: int) -> tuple[int, int]:
    """(location, each text column) for a table ``width`` cells wide (each column has a cell's
    padding on both sides, and the table a scroll bar)."""
    room = max(30, width - 3 * 2 - 2)
    loc = max(12, min(36, room * 3 // 10))
    return loc, (room - loc) // 2

