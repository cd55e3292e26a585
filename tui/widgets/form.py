"""A form field: an Input bound to one field of the object a form shows, with its label."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from tui.widgets.safe_text import SafeInput


def looks_like_rows(text: str) -> bool:
    """Pasted text that is table rows (tab-separated cells, or several lines), not one value."""
    return "\t" in text or sum(1 for line in text.splitlines() if line.strip()) > 1


class RowsPasteInput(SafeInput):
    """A one-line input on a project's form: rows pasted into it (from Excel/WPS, which an
    input would cut to their first line) go to the project's indicator table instead, through
    the nearest ancestor with ``paste_rows(text) -> bool``; other text is pasted here."""

    def _on_paste(self, event) -> None:
        if looks_like_rows(event.text):
            for node in self.ancestors:
                handler = getattr(node, "paste_rows", None)
                if handler is not None:
                    if handler(event.text):
                        event.stop()
                        event.prevent_default()
                    return


class FieldInput(RowsPasteInput):
    """An Input bound to one field of the shown object.

    Each keystroke goes to the form's ``field_edited`` synchronously, from the value watcher,
    rather than through the Changed message: the edit, revalidation and redraw then happen in
    the same screen refresh as the keystroke itself (one refresh per key, not two)."""

    _quiet = False  # a value set by show(): not an edit

    def __init__(self, field: str, **kw) -> None:
        super().__init__(**kw)
        self.field = field

    def show(self, text: str) -> None:
        if self.value != text:
            self._quiet = True
            try:
                self.value = text
            finally:
                self._quiet = False

    def watch_value(self, value: str) -> None:
        if self._quiet or not self.is_mounted:
            return
        for node in self.ancestors:
            handler = getattr(node, "field_edited", None)
            if handler is not None:
                handler(self, value)
                return

    def on_blur(self) -> None:
        if self.app.session is not None:
            self.app.session.close_merge()


def labelled_field(label: str, field: str, wid: str, placeholder: str = "", value: str = "") -> ComposeResult:
    with Vertical(classes="field"):
        yield Label(label, classes="field-label")
        yield FieldInput(field, id=wid, placeholder=placeholder, value=value)
