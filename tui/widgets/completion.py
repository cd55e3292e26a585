"""Completion from what the workspace already holds.

The indices (model.completion) are built on first use and rebuilt lazily: only when asked for
after the session has changed, so typing costs one substring scan and an edit costs nothing.

- Indicator names: the edit bar of the indicator table lists them under its input (its own
  option list); choosing one fills the row's usual category and values.
- Project names and goal texts: a suggestion list under the focused field (``Suggestions``,
  shown on the screen's overlay layer); ↓/↑ to highlight, Enter or Tab to take, Esc to close.
"""

from __future__ import annotations

from textual.widgets import OptionList
from textual.widgets.option_list import Option

from model.completion import IndicatorIndex, IndicatorSuggestion, TextIndex
from model.text import escaped


class _Cached:
    def __init__(self, session, build) -> None:
        self.session = session
        self.build = build
        self._index = None
        self._version = -1

    @property
    def index(self):
        if self._index is None or self._version != self.session.version:
            self._index = self.build(self.session.ws)
            self._version = self.session.version
        return self._index


class IndicatorCompleter(_Cached):
    def __init__(self, session) -> None:
        super().__init__(session, IndicatorIndex)

    def __call__(self, text: str) -> list[IndicatorSuggestion]:
        return self.index.suggest(text, limit=6)


class TextCompleter(_Cached):
    def __init__(self, session, kind: str) -> None:
        super().__init__(session, TextIndex.goals if kind == "goal" else TextIndex.project_names)

    def __call__(self, text: str, exclude: str = "") -> list[str]:
        return self.index.suggest(text, limit=6, exclude=exclude)


def fill_cells(ind, s: IndicatorSuggestion) -> list[tuple[str, str]]:
    """The cells a chosen name fills in a row: the name, and its usual category and values where
    the row has none yet (what the user already typed stays)."""
    cells = [("name", s.name)]
    if not ind.level1.strip() and not ind.level2.strip():
        cells += [("level1", s.level1), ("level2", s.level2)]
    if not ind.period.strip():
        cells.append(("period", s.period))
    if not ind.annual.strip():
        cells.append(("annual", s.annual))
    return cells


class Suggestions(OptionList):
    """Texts offered for the focused project name or goal; the field keeps the focus."""

    DEFAULT_CSS = """
    Suggestions {
        overlay: screen;
        constrain: inside inside;
        position: absolute;
        width: 80;
        height: auto;
        max-height: 8;
        border: round $accent;
        background: $surface;
        display: none;
    }
    """

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.can_focus = False
        self.target = None  # the widget the list completes
        self.texts: list[str] = []

    def offer(self, target, texts: list[str]) -> None:
        self.target, self.texts = target, texts
        self.clear_options()
        if not texts:
            self.display = False
            return
        self.add_options([Option(escaped(t if len(t) <= 76 else t[:75] + "…")) for t in texts])
        self.highlighted = None
        region = target.region
        self.styles.offset = (region.x, region.y + region.height)
        self.display = True

    def close(self) -> None:
        self.display = False
        self.target = None

    @property
    def open(self) -> bool:
        return bool(self.display and self.texts)

    def move(self, delta: int) -> None:
        if self.highlighted is None:
            self.highlighted = 0 if delta > 0 else len(self.texts) - 1
        else:
            self.highlighted = max(0, min(len(self.texts) - 1, self.highlighted + delta))

    def taken(self, first: bool = False) -> str | None:
        n = self.highlighted if self.highlighted is not None else (0 if first else None)
        return self.texts[n] if n is not None and n < len(self.texts) else None
