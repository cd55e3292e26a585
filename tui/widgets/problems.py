"""The problems panel: every diagnostic of the workspace, one a line, updated as you type.

A Line API widget renders only the visible lines, so replacing a list of tens of thousands of
diagnostics on each keystroke costs a list assignment, not a re-layout.

The panel takes few rows, so the forms above keep theirs (at 120×30 the indicator table and the
cell editor must fit): its title line only when there is no problem or while a cell is being
edited (the app adds the screen class ``-editing``), else a few list lines and, under them, the
selected problem's whole message and location, wrapped. A list line shows a short location (the
project's distinguishing part, indicator, field: ``Diagnostic.short_location``), never wider
than what is left for the message.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from model.diagnostic import Diagnostic, count, middle_cut
from model.text import escaped
from tui import keys

_ERR = Style(color="red", bold=True)
_WARN = Style(color="yellow")
_DIM = Style(dim=True)
_PREFIX = 8  # "错误 I4 " in cells
_GAP = 2


def list_rows(screen_height: int) -> int:
    """How many problems the list shows at once: 1 at 25 rows, 2 at 30, 4 at 36, up to 10."""
    return max(1, min(10, (screen_height - 20) // 4))


def detail_rows(screen_height: int) -> int:
    """Lines for the selected problem's full text when it is long (its message is always whole)."""
    return 2 if screen_height < 36 else 3


def _fold(text: Text, width: int) -> list[Text]:
    """``text`` in lines of ``width`` cells, broken anywhere: Chinese has no spaces to break at
    (Rich's word wrap would move a whole clause to the next line)."""
    offsets, used = [], 0
    for i, c in enumerate(text.plain):
        w = cell_len(c)
        if used + w > width:
            offsets.append(i)
            used = 0
        used += w
    return list(text.divide(offsets))


class ProblemsPanel(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {"problems--detail"}
    DEFAULT_CSS = """
    ProblemsPanel {
        scrollbar-size-vertical: 0;  /* the title says where the list is: the detail is not scrolled */
    }
    ProblemsPanel > .problems--detail {
        background: $boost;
    }
    """
    BINDINGS = [
        *keys.PROBLEMS,
        ("up", "cursor(-1)"),
        ("down", "cursor(1)"),
        ("pageup", "cursor(-10)"),
        ("pagedown", "cursor(10)"),
        ("home", "first"),
        ("end", "last"),
    ]
    cursor = reactive(0, always_update=True, init=False)

    @dataclass
    class Jump(Message):
        diagnostic: Diagnostic

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.diagnostics: list[Diagnostic] = []
        self._rows = 0  # list lines shown
        self._counts = (0, 0)  # errors, warnings
        self._height = 0
        self._detail: list[Strip] | None = None  # the selected problem's lines, drawn once

    @property
    def collapsed(self) -> bool:
        """Only the title line: no problem, or a cell is being edited (it needs the rows)."""
        return not self.diagnostics or (self.is_attached and self.screen.has_class("-editing"))

    def set_diagnostics(self, diags: list[Diagnostic]) -> None:
        # errors first (file order within each): with two list rows at 120×30, a warning in the
        # first project must not push an error out of sight
        self.diagnostics = sorted(diags, key=lambda d: d.severity != "error")
        if self.cursor >= len(diags):
            self.cursor = max(0, len(diags) - 1)
        self.fit()

    def fit(self) -> None:
        """Title, height and scroll for the problems, the screen's size and the edit state."""
        diags = self.diagnostics
        self._counts = count(diags)
        self._detail = None
        if self.collapsed:
            self._rows = 0
            height = 1
        else:
            screen_h = self.app.size.height
            self._rows = min(len(diags), list_rows(screen_h))
            height = 1 + self._rows + len(self.detail_strips())
        self.border_title = self._title()
        if height != self._height:  # a new height costs a layout of the screen: only when it changes
            self._height = height
            self.styles.height = height
        # the detail lines stay put under the list: the list scrolls within its own rows
        self.virtual_size = Size(self._width(), len(diags) + (height - 1 - self._rows))
        self._follow()
        self.refresh()

    def _title(self) -> str:
        diags = self.diagnostics
        if not diags:
            return "问题：无"
        errors, warnings = self._counts
        title = f"问题：{errors} 个错误，{warnings} 个警告"
        if self.collapsed:
            return title + "（编辑单元格时收起）"
        if len(diags) > self._rows:  # the list scrolls: say where it is
            title += f"（第 {self.cursor + 1} 个，↑↓ 选择）"
        return title

    def _width(self) -> int:
        return self.size.width or self.app.size.width

    def detail_strips(self) -> list[Strip]:
        """The selected problem wrapped: its message always whole, then its full location if
        there is room."""
        if self._detail is None:
            self._detail = []
            if self.diagnostics:
                width = max(10, self._width())
                d = self.diagnostics[self.cursor]
                style = self.get_component_rich_style("problems--detail", partial=True)
                head = Text(f"{'错误' if d.severity == 'error' else '警告'} {d.rule} ",
                            _ERR if d.severity == "error" else _WARN)
                lines = _fold(head + Text(escaped(d.message)), width)
                # then the full location, on the lines left (cut at its end when they are too few)
                room = detail_rows(self.app.size.height) - len(lines)
                if room > 0:
                    where = _fold(Text(f"位置：{escaped(self._where(d))}", _DIM), width)
                    if len(where) > room:
                        where = where[:room]
                        where[-1].truncate(width - 1)
                        where[-1].append("…", _DIM)
                    lines += where
                lines += [Text()] * (detail_rows(self.app.size.height) - len(lines))  # a steady height
                for line in lines:
                    segments = [s for s in line.render(self.app.console) if s.text != "\n"]
                    self._detail.append(Strip(segments).apply_style(style).extend_cell_length(width, style))
        return self._detail

    def _follow(self) -> None:
        """Scroll the list so the cursor's line is among its rows."""
        top = self.scroll_offset.y
        if self.cursor < top:
            top = self.cursor
        elif self.cursor >= top + max(1, self._rows):
            top = self.cursor - max(1, self._rows) + 1
        top = max(0, min(top, len(self.diagnostics) - max(1, self._rows)))
        if top != self.scroll_offset.y:
            self.scroll_to(y=top, animate=False, force=True, immediate=True)

    def watch_cursor(self, value: int) -> None:
        if self.collapsed:
            return
        before = len(self._detail or ())
        self._detail = None
        if len(self.detail_strips()) != before:
            self.fit()  # the new selection's text takes more or fewer lines
        else:
            self.border_title = self._title()
            self._follow()
            self.refresh()

    def on_resize(self) -> None:
        self.fit()

    def action_cursor(self, delta: int) -> None:
        if self.diagnostics:
            self.cursor = max(0, min(len(self.diagnostics) - 1, self.cursor + delta))

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = max(0, len(self.diagnostics) - 1)

    def action_jump(self) -> None:
        if self.diagnostics:
            self.post_message(self.Jump(self.diagnostics[self.cursor]))

    def on_click(self, event) -> None:
        if event.y < self._rows:
            y = event.y + self.scroll_offset.y
            if 0 <= y < len(self.diagnostics):
                self.cursor = y

    @staticmethod
    def _where(d: Diagnostic) -> str:
        where = d.location() or d.file
        if d.line:
            where = f"{d.file}:{d.line}" + (f" {where}" if where != d.file else "")
        return where

    @classmethod
    def line_text(cls, d: Diagnostic) -> Text:
        """The whole line: severity, rule, full location, message."""
        text = Text()
        text.append(f"{'错误' if d.severity == 'error' else '警告'} {d.rule:<3}", _ERR if d.severity == "error" else _WARN)
        text.append(f" {escaped(cls._where(d))}  ", _DIM)
        text.append(escaped(d.message))
        return text

    @staticmethod
    def short_text(d: Diagnostic, width: int) -> Text:
        """A list line: severity, rule, short location, message; the location takes at most as
        many cells as the message has left."""
        budget = min(36, max(8, (width - _PREFIX - _GAP) // 2))
        where = d.short_location(budget) or middle_cut(escaped(f"{d.file}:{d.line}" if d.line else d.file), budget)
        text = Text()
        text.append(f"{'错误' if d.severity == 'error' else '警告'} {d.rule:<3}", _ERR if d.severity == "error" else _WARN)
        text.append(f" {where}  ", _DIM)
        text.append(escaped(d.message))
        return text

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y >= self._rows:  # under the list: the selected problem in full
            detail = self.detail_strips()
            n = y - self._rows
            return detail[n].crop(0, width) if n < len(detail) else Strip.blank(width, base)
        index = self.scroll_offset.y + y
        if index >= len(self.diagnostics):
            return Strip.blank(width, base)
        text = self.short_text(self.diagnostics[index], width)
        if index == self.cursor and self.has_focus:
            text.stylize(Style(reverse=True))
        elif index == self.cursor:
            text.stylize(Style(underline=True))
        text.truncate(width, overflow="ellipsis")
        segments = list(text.render(self.app.console))
        strip = Strip([Segment(s.text, base + s.style if s.style else base) for s in segments if s.text != "\n"])
        return strip.crop_extend(0, width, base)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
