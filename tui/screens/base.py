"""``Dialog``, the base of every modal screen: a box in the middle of the editor.

Its CSS is what the dialogs share: centred, a thick accent border on the surface colour, a bold
title line (``.bulk-title``) and rows of inputs and buttons (``.bulk-row``). A dialog adds only
its own size and parts. (The boxes with the ids ``#dialog``, ``#git-view`` and ``#help`` are
sized in app.tcss.)
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

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
    Dialog .bulk-title {
        text-style: bold;
        margin-bottom: 1;
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

    def action_close(self) -> None:
        self.dismiss(None)
