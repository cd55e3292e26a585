"""The footer: the everyday keys, in a form that fits 90 columns, with ``^`` explained.

Textual writes ctrl+s as ``^s``, which a clerk need not know: the footer starts with
``^=Ctrl`` and is compact (one space between key and description, one between keys), so that
the widest set (the indicator table's keys) fits in 90 columns with the palette's ``^p 命令``.
A footer with no ctrl key (a dialog's: ``esc 取消 f10 新建``) has nothing to explain.

The editor has one, and every dialog its own (tui.screens.base.Dialog), which lists the
dialog's keys over the editor's.
"""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterLabel


class KeyFooter(Footer):
    DEFAULT_CSS = """
    KeyFooter {
        padding-left: 1;
    }
    KeyFooter FooterLabel.caret {
        margin: 0 1 0 0;
        color: $footer-key-foreground;
    }
    """

    def __init__(self, **kw) -> None:
        super().__init__(compact=True, **kw)

    def compose(self):
        keys = list(super().compose())
        if any(getattr(k, "key_display", "").startswith("^") for k in keys):
            yield FooterLabel("^=Ctrl", classes="caret")
        yield from keys
