"""A checkbox whose unticked box is empty (``▐ ▌``): Textual draws it as a dark ✕, which reads as
ticked without colour (a monochrome terminal, a colour-blind clerk, a screen captured as text)."""

from __future__ import annotations

from textual.widgets import Checkbox


class ClearCheckbox(Checkbox):
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # read by ToggleButton._button on each render
        return "X" if self.value else " "
