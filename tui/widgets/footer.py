"""The footer: the everyday keys, in a form that fits 90 columns, with ``^`` explained.

Textual writes ctrl+s as ``^s``, which a clerk need not know: the footer starts with
``^=Ctrl`` and is compact (one space between key and description, one between keys), so that
the widest set (the indicator table's keys) fits in 90 columns with the palette's ``^p 命令``.
"""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterLabel


class KeyFooter(Footer):
    DEFAULT_CSS = """
    KeyFooter FooterLabel.caret {
        margin: 0 1 0 1;
        color: $footer-key-foreground;
    }
    """

    def __init__(self, **kw) -> None:
        super().__init__(compact=True, **kw)

    def compose(self):
        keys = list(super().compose())
        if keys:
            yield FooterLabel("^=Ctrl", classes="caret")
        yield from keys
