"""The problems panel: every diagnostic of the workspace, one a line, updated as you type.

A Line API widget renders only the visible lines, so replacing a list of tens of thousands of
diagnostics on each keystroke costs a list assignment, not a re-layout.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from model.diagnostic import Diagnostic, count
from model.text import escaped
from tui import keys

_ERR = Style(color="red", bold=True)
_WARN = Style(color="yellow")
_DIM = Style(dim=True)


class ProblemsPanel(ScrollView, can_focus=True):
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

    def set_diagnostics(self, diags: list[Diagnostic]) -> None:
        self.diagnostics = diags
        errors, warnings = count(diags)
        self.border_title = f"问题：{errors} 个错误，{warnings} 个警告" if diags else "问题：无"
        self.virtual_size = Size(self.size.width, len(diags))
        if self.cursor >= len(diags):
            self.cursor = max(0, len(diags) - 1)
        self.refresh()

    def watch_cursor(self, value: int) -> None:
        self.scroll_to_region(Region(0, value, 1, 1), animate=False, force=True)
        self.refresh()

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
        y = event.y + self.scroll_offset.y
        if 0 <= y < len(self.diagnostics):
            self.cursor = y

    @staticmethod
    def line_text(d: Diagnostic) -> Text:
        sev = "错误" if d.severity == "error" else "警告"
        text = Text()
        text.append(f"{sev} {d.rule:<3}", _ERR if d.severity == "error" else _WARN)
        where = d.location() or d.file
        if d.line:
            where = f"{d.file}:{d.line}" + (f" {where}" if where != d.file else "")
        text.append(f" {escaped(where)}  ", _DIM)
        text.append(escaped(d.message))
        return text

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.size.width
        base = self.rich_style
        if index >= len(self.diagnostics):
            return Strip.blank(width, base)
        text = self.line_text(self.diagnostics[index])
        if index == self.cursor and self.has_focus:
            text.stylize(Style(reverse=True))
        elif index == self.cursor:
            text.stylize(Style(underline=True))
        segments = list(text.render(self.app.console))
        strip = Strip([Segment(s.text, base + s.style if s.style else base) for s in segments if s.text != "\n"])
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
