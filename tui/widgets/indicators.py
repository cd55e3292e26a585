"""The indicator table and its edit bar.

The table is a view (a DataTable redrawn from the model); a cell is edited in the edit bar under
it: Enter or F2 opens it on the cursor's cell, Enter commits, Esc cancels. A category cell takes
a code or part of a name and offers the matching entries of the workspace's code table (no free
text); a target value shows how it reads, or why it does not, as you type.

The bar edits one cell of one row; the caller decides what a commit means, so multi-row entry
(paste, fill down) can later reuse it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from model.codes import CodeTable
from model.completion import IndicatorSuggestion
from model.text import escaped
from model.validate import Diagnostic
from model.values import parse_value
from model.workspace import INDICATOR_LABELS, Indicator
from tui import keys
from tui.widgets.safe_text import SafeInput

COLUMNS = ("序号", "一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值")
FIELDS = ("level1", "level1", "level2", "name", "period", "annual")  # per column


class IndicatorTable(DataTable):
    BINDINGS = keys.TABLE

    @dataclass
    class Request(Message):
        """The user asked for something on the row under the cursor."""

        table: "IndicatorTable"
        what: str  # edit | add | duplicate | delete | move
        row: int
        column: int
        delta: int = 0

    def on_mount(self) -> None:
        self.cursor_type = "cell"
        self.zebra_stripes = True
        for c in COLUMNS:
            self.add_column(c, key=c)

    _shown: tuple | None = None

    def show(self, indicators: list[Indicator], diags: list[Diagnostic]) -> None:
        bad: dict[tuple[int, str], str] = {}
        for d in diags:
            if d.indicator is not None:
                sev = d.severity
                if bad.get((d.indicator, d.field)) != "error":
                    bad[(d.indicator, d.field)] = sev
        # redrawing the table costs a layout: skip it when nothing it shows has changed
        shown = (tuple(tuple(i.model_dump().values()) for i in indicators), tuple(sorted(bad.items())))
        if shown == self._shown:
            return
        self._shown = shown
        row, col = self.cursor_coordinate
        self.clear()
        for n, ind in enumerate(indicators, 1):
            cells = [Text(str(n), "dim")]
            for f in ("level1", "level2", "name", "period", "annual"):
                sev = bad.get((n, f))
                style = "bold red" if sev == "error" else "yellow" if sev else ""
                value = getattr(ind, f)
                cells.append(Text(escaped(value) if value else ("（空）" if sev else ""), style))
            self.add_row(*cells)
        if indicators:
            self.move_cursor(row=min(row, len(indicators) - 1), column=col, animate=False)

    def _request(self, what: str, delta: int = 0) -> None:
        row, col = self.cursor_coordinate
        self.post_message(self.Request(self, what, row, col, delta))

    def action_edit(self) -> None:
        self._request("edit")

    def action_add(self) -> None:
        self._request("add")

    def action_duplicate(self) -> None:
        self._request("duplicate")

    def action_delete(self) -> None:
        self._request("delete")

    def action_move(self, delta: int) -> None:
        self._request("move", delta)


class EditBar(Vertical):
    """Edits one text: a cell of the indicator table."""

    BINDINGS = [*keys.EDIT_BAR, ("up", "option(-1)"), ("down", "option(1)")]

    @dataclass
    class Commit(Message):
        bar: "EditBar"
        value: str
        suggestion: IndicatorSuggestion | None = None  # a name taken from the workspace's own

    @dataclass
    class Cancel(Message):
        bar: "EditBar"

    @dataclass
    class Toggled(Message):
        """The bar was shown or hidden (the problems panel yields it its rows meanwhile)."""

        bar: "EditBar"
        shown: bool

    def __init__(self, codes: CodeTable, **kw) -> None:
        super().__init__(**kw)
        self.codes = codes
        self.field = ""
        self.level1_code: str | None = None
        # indicator names used elsewhere in the workspace: (typed text) -> suggestions
        self.completer: Callable[[str], list[IndicatorSuggestion]] | None = None
        self.suggestions: list[IndicatorSuggestion] = []

    def compose(self) -> ComposeResult:
        yield Label("", id="edit-where")
        yield SafeInput(id="edit-input")
        yield Static("", id="edit-hint")
        yield OptionList(id="edit-options")

    def open(self, where: str, field: str, text: str, level1_code: str | None = None) -> None:
        self.field = field
        self.level1_code = level1_code
        self.query_one("#edit-where", Label).update(where)
        inp = self.query_one("#edit-input", Input)
        inp.value = text
        inp.cursor_position = len(text)
        self.display = True
        self._update(text)
        inp.focus()
        self._toggled(True)

    def close(self) -> None:
        if self.display:
            self._toggled(False)
        self.display = False

    def _toggled(self, shown: bool) -> None:
        # sent as the bar's own: open() is called by the form, whose messages stop at its parent
        self.post_message(self.Toggled(self, shown).set_sender(self))

    def show_error(self, message: str) -> None:
        self.query_one("#edit-hint", Static).update(Text(message, "bold red"))

    @property
    def typed(self) -> str:
        return self.query_one("#edit-input", Input).value

    @property
    def is_category(self) -> bool:
        return self.field in ("level1", "level2")

    @on(Input.Changed, "#edit-input")
    def _changed(self, event: Input.Changed) -> None:
        self._update(event.value)

    def _update(self, text: str) -> None:
        hint = self.query_one("#edit-hint", Static)
        options = self.query_one("#edit-options", OptionList)
        if self.is_category:
            level = 1 if self.field == "level1" else 2
            query = text.strip()
            found = list(self.codes.candidates(query, level))
            r = self.codes.resolve(text, level) if query else None
            if r is not None and r.category is not None and r.category not in found:
                found.insert(0, r.category)
            if level == 1 and query:
                # a level-2 typed in the level-1 column picks both (22 → 2-效益指标 + 22-社会效益)
                found += [c for c in self.codes.candidates(query, 2) if c not in found]
            if level == 2 and self.level1_code:  # the row's own level-1 first
                found.sort(key=lambda c: c.parent != self.level1_code)
            options.clear_options()
            options.add_options([Option(c.label if c.parent is None or level == 2 else f"{c.label}（同时设一级指标）",
                                        id=c.label) for c in found])
            options.display = True
            if found:
                options.highlighted = 0
                hint.update(Text("↑↓ 选择，Enter 确认，Esc 取消（只能选代码表中的项）", "dim"))
            else:
                hint.update(Text(f"代码表中没有与「{query}」匹配的{INDICATOR_LABELS[self.field]}", "bold red"))
        elif self.field == "name" and self.completer is not None and (found := self.completer(text)):
            self.suggestions = found
            options.clear_options()
            options.add_options([Option(Text.assemble(s.name, ("  " + " · ".join(
                x for x in (s.level2, s.period) if x), "dim")), id=str(n)) for n, s in enumerate(found)])
            options.highlighted = None
            options.display = True
            hint.update(Text("↓ 选择已用过的指标名称（Tab 取第一项），一并填入类别和指标值；Enter 按输入确认", "dim"))
        else:
            options.display = False
            self.suggestions = []
            if self.field in ("period", "annual"):
                v = parse_value(text)
                style = "green" if v.kind == "quantitative" else "yellow" if v.kind != "unparsed" else "bold red"
                hint.update(Text(f"读作：{v.describe()}", style))
            else:
                hint.update(Text("Enter 确认，Esc 取消", "dim"))

    def chosen(self) -> str:
        """What a commit would store: the highlighted category, or the typed text."""
        text = self.query_one("#edit-input", Input).value
        if self.is_category:
            options = self.query_one("#edit-options", OptionList)
            if options.highlighted is not None and options.option_count:
                return options.get_option_at_index(options.highlighted).id or text
        return text

    def _suggestion(self, option_id: str | None) -> IndicatorSuggestion | None:
        if self.field != "name" or option_id is None or not option_id.isdigit():
            return None
        n = int(option_id)
        return self.suggestions[n] if n < len(self.suggestions) else None

    @on(Input.Submitted, "#edit-input")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one("#edit-options", OptionList)
        if self.field == "name" and options.display and options.highlighted is not None:
            s = self._suggestion(options.get_option_at_index(options.highlighted).id)
            if s is not None:
                self.post_message(self.Commit(self, s.name, s))
                return
        self.post_message(self.Commit(self, self.chosen()))

    @on(OptionList.OptionSelected, "#edit-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        s = self._suggestion(event.option.id)
        if s is not None:
            self.post_message(self.Commit(self, s.name, s))
        else:
            self.post_message(self.Commit(self, event.option.id or ""))

    def accept_completion(self) -> bool:
        """Tab in the name cell: take the highlighted (or first) suggestion."""
        options = self.query_one("#edit-options", OptionList)
        if not (self.display and self.field == "name" and options.display and self.suggestions):
            return False
        n = options.highlighted or 0
        s = self.suggestions[n]
        self.post_message(self.Commit(self, s.name, s))
        return True

    def action_cancel(self) -> None:
        self.post_message(self.Cancel(self))

    def action_option(self, delta: int) -> None:
        options = self.query_one("#edit-options", OptionList)
        if not (self.is_category or (self.field == "name" and options.display)) or not options.option_count:
            return
        if options.highlighted is None:
            options.highlighted = 0 if delta > 0 else None
            return
        cur = options.highlighted
        options.highlighted = max(0, min(options.option_count - 1, cur + delta))
