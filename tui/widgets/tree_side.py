"""The left side: the workspace tree, and under it the highlighted node's whole name.

The tree's labels are cut to its width (tui.widgets.tree); the line under it shows the name the
highlighted row stands for in full, wrapped (``广州市人社数据中心2023年六个信息系统升级改造改造项目``
for ``2023年六个信…造项目``). The side's right edge is its border: dragging it with the mouse
makes the tree wider or narrower (alt+←/→ do it from the keyboard, tui.actions.structure).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.containers import Vertical
from textual.widgets import Static

from model.diagnostic import Diagnostic
from model.summary import Summary
from model.text import escaped
from tui.widgets.tree import Ref, WorkspaceTree

TREE_MIN, RIGHT_MIN = 16, 40  # cells: the narrowest side, and what the form keeps beside it


def fold(text: str, width: int) -> list[str]:
    """``text`` in lines of ``width`` cells, broken anywhere (Chinese has no spaces)."""
    lines, line, used = [], "", 0
    for c in text:
        w = cell_len(c)
        if used + w > width and line:
            lines.append(line)
            line, used = "", 0
        line += c
        used += w
    return [*lines, line] if line else lines


class TreeSide(Vertical):
    DEFAULT_CSS = """
    TreeSide > #tree-name {
        height: auto;
        padding: 0 0 0 1;
        background: $boost;
    }
    """

    def __init__(self, summary: Summary, broken: dict[str, Diagnostic], **kw) -> None:
        super().__init__(**kw)
        self._tree = WorkspaceTree(summary, broken, id="tree")
        self._dragging = False
        self._name = ""  # what the name lines show now
        self._ref: Ref | None = None

    def compose(self):
        yield self._tree
        yield Static("", id="tree-name", markup=False)

    def show_name(self, ref: Ref | None = None) -> None:
        """The whole name of the node ``ref`` (the tree's highlighted row), wrapped; on a short
        screen at most 3 lines (the tree keeps its rows), else 4, the last cut with …"""
        if ref is not None:
            self._ref = ref
        name = self.full_name(self._ref)
        width = max(4, self.size.width - 1)  # less the name's left padding (the border is outside)
        rows = 3 if self.app.size.height < 30 else 4
        lines = fold(name, width)
        if len(lines) > rows:
            lines = lines[:rows]
            last = lines[-1]
            while last and cell_len(last) > width - 1:
                last = last[:-1]
            lines[-1] = last + "…"
        shown = "\n".join(lines)
        if shown != self._name:
            self._name = shown
            self.query_one("#tree-name", Static).update(Text(shown))

    def on_resize(self) -> None:
        self.show_name()

    def full_name(self, ref: Ref | None) -> str:
        summary = self._tree.summary
        if ref is None:
            return ""
        if ref.kind == "project":
            info = summary.project(ref.unit_id, ref.project_id)
            return escaped(info.name) or "（未命名项目）" if info else ""
        if ref.kind == "unit":
            info = summary.unit(ref.unit_id)
            return escaped(info.name) or "（未命名单位）" if info else ""
        if ref.kind == "broken":
            return escaped(ref.file)
        info = summary.root()
        year = summary.year()
        return (escaped(info.name) or "（无标题）") + (f" {year}" if year else "")

    def set_width(self, width: int) -> None:
        """The side ``width`` cells wide (its border included), within TREE_MIN and what leaves
        the form RIGHT_MIN; kept for the session."""
        width = max(TREE_MIN, min(width, self.app.size.width - RIGHT_MIN))
        self.styles.width = self.styles.min_width = self.styles.max_width = width  # over app.tcss's

    # -- dragging the right edge --------------------------------------------------------------

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button == 1 and event.x >= self.outer_size.width - 1:  # on the border
            self._dragging = True
            self.capture_mouse()
            event.stop()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging:
            self.set_width(event.screen_x + 1)  # the edge follows the pointer
            event.stop()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()
            event.stop()
