"""The 审核意见 of the shown project, above its indicator table: one line per open comment,
each saying what it is about (``总计｜王审核 2026-11-30 15:04：请核实``); hidden when there is
none. ``row_note`` is the comment on the indicator under the table's cursor, for the line above
the table (next to the indicator it is about)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from model.comments import describe, open_comments, place
from model.text import escaped
from model.workspace import Project

SHOWN = 3  # lines at most; the rest are counted


class CommentsPanel(Static):
    DEFAULT_CSS = """
    CommentsPanel {
        height: auto;
        max-height: 4;
        color: $warning;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    _shown: str | None = None

    def show(self, project: Project) -> None:
        found = open_comments(project.comments)
        lines = [f"审核意见 {n}：{describe(c, project.indicators, dated=False)}" for n, c in
                 ((project.comments.index(c) + 1, c) for c in found[:SHOWN])]
        if len(found) > SHOWN:
            lines.append(f"……还有 {len(found) - SHOWN} 条未解决（ctrl+p 审核意见）")
        text = escaped("\n".join(lines), multiline=True)
        if text == self._shown:
            return
        self._shown = text
        self.display = bool(lines)
        self.update(Text(text))


def row_note(project: Project, row: int) -> str:
    """The first open comment on indicator ``row`` (0-based), as one line; "" when none."""
    for c in open_comments(project.comments):
        _, at, _ = place(c, project.indicators)
        if at == row:
            return f"审核意见：{c.author}：{c.text}"
    return ""
