"""Text from files on the screen, harmlessly: Textual passes an ESC in a label, an input or a
text area straight to the terminal, where it can clear the screen or retitle the window.

Labels, titles and lines are built from ``escaped`` text (``\\x1b`` shown as such). Inputs and
text areas keep the real value (it is what gets saved) and draw each control character as one
symbol (``␛``, ``␉``); rule T2 reports it, and the inputs refuse new ones, typed or pasted.
(The TextArea that does the same is in tui.widgets.safe_area.)
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip
from textual.widgets import Input

from model.text import CONTROL, control_chars, describe_char, pictured


def pictured_text(text: Text) -> Text:
    """A Rich text with its control characters drawn as symbols (same length: styles stay)."""
    if CONTROL.search(text.plain) is None:
        return text
    text = text.copy()
    text.plain = pictured(text.plain)
    return text


class PicturedLines:
    """For a Line API widget: each line drawn with its control characters as symbols (after
    the widget has placed its cursor: it may be a cell off on such a line)."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)  # type: ignore[misc]
        if not any(CONTROL.search(s.text) for s in strip if not s.control):
            return strip
        width = strip.cell_length  # an ESC takes no cell, its symbol one: keep the width
        segments = [s if s.control else Segment(pictured(s.text), s.style) for s in strip]
        return Strip(segments).crop(0, width)


class SafeInput(Input):
    """An Input that shows control characters as symbols and refuses new ones (typed, pasted),
    saying what it left out."""

    # Input draws ``_value`` and puts its cursor by ``_position_to_cell``: both on the symbols
    @property
    def _value(self) -> Text:
        if self.password or CONTROL.search(self.value) is None:
            return super()._value
        text = Text(pictured(self.value), no_wrap=True, overflow="ignore", end="")
        return self.highlighter(text) if self.highlighter is not None else text

    def _position_to_cell(self, position: int) -> int:
        return cell_len(pictured(self.value[:position]))

    def replace(self, text: str, start: int, end: int) -> None:
        found = control_chars(text)
        if found:
            text = "".join(c for c in text if not CONTROL.match(c))
            shown = "、".join(dict.fromkeys(describe_char(c) for _, c in found))
            self.app.notify(f"已删去输入中的 {len(found)} 个控制字符：{shown}", severity="warning")
        super().replace(text, start, end)
