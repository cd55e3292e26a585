"""A TextArea that draws control characters (but tab and newline) as symbols: the goal, an
unreadable file's text, the paste dialog. Apart from tui.widgets.safe_text because importing
TextArea costs the editor's first screen."""

from __future__ import annotations

from textual.widgets import TextArea

from tui.widgets.safe_text import PicturedLines


class SafeTextArea(PicturedLines, TextArea):
    """A TextArea whose lines show control characters as symbols (the text itself unchanged)."""
