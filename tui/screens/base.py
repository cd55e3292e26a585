"""``Dialog``, the base of every modal screen: a box in the middle of the editor.

Its CSS is what the dialogs share: centred, a thick accent border on the surface colour, a bold
title line (``.bulk-title`` or ``#dialog-title``), rows of inputs and buttons (``.bulk-row``), a
question's box (``#dialog``, 80 wide) and its buttons (``#dialog-buttons``). ``ViewScreen`` is
the large box to read in (diff, history, conflict: ``#git-view``). A dialog adds only its own
size and parts.

Each dialog has its own footer (``KeyFooter``, docked at the bottom of the screen, over the
editor's): it lists the dialog's keys (its ``BINDINGS`` with show=True, and those of the focused
field), not the editor's, which do nothing while the dialog is open.
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

from tui.widgets.footer import KeyFooter

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog > Vertical {
        height: auto;
        border: thick $accent;
        background: $surface;
        padding: 1 2;
    }
    Dialog .bulk-title, Dialog #dialog-title {
        text-style: bold;
        margin-bottom: 1;
    }
    Dialog #dialog {
        width: 80;
    }
    Dialog #dialog-buttons {
        height: auto;
        margin-top: 1;
    }
    Dialog #dialog-buttons Button {
        margin-right: 2;
    }
    Dialog .bulk-row {
        height: auto;
    }
    Dialog .bulk-row Input, Dialog .bulk-row Select {
        width: 1fr;
    }
    Dialog .bulk-row Button {
        margin-left: 1;
    }
    """

    def on_mount(self) -> None:
        # Textual runs this as well as a subclass's own on_mount (handlers are called along the MRO)
        self.mount(KeyFooter())

    def action_close(self) -> None:
        self.dismiss(None)


class ViewScreen(Dialog[ResultType]):
    """A large box to read in, nearly the whole terminal: a title, a body that takes the rest
    (the subclass's own), and a line of help at the bottom."""

    DEFAULT_CSS = """
    ViewScreen #git-view {
        width: 90%;
        height: 90%;
        padding: 0 1;
    }
    ViewScreen #git-view-title {
        text-style: bold;
        margin-bottom: 1;
    }
    ViewScreen #git-view-help {
        color: $text-muted;
    }
    """
