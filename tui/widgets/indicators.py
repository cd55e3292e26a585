"""The indicator table and its edit bar.

The table is a view (a DataTable redrawn from the model); a cell is edited in the edit bar under
it: Enter or F2 opens it on the cursor's cell, Enter commits, Esc cancels. A category cell takes
a code or part of a name and offers the matching entries of the workspace's code table (no free
text); a target value shows how it reads, or why it does not, as you type.

The bar edits one cell of one row; the caller decides what a commit means, so multi-row entry
(paste, fill down) can later reuse it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

from rich.cells import cell_len
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
from tui.widgets import table_fit
from tui.widgets.form import RowsPasteInput
from tui.widgets.last_year import LAST_HEADERS

COLUMNS = ("序号", "一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值")
FIELDS = ("level1", "level1", "level2", "name", "period", "annual")  # per column


def _fitting(forms: tuple[str, ...], width: int) -> str:
    return next((h for h in forms if cell_len(h) <= width), forms[-1])


class IndicatorTable(DataTable):
    """The indicators as a spreadsheet: all six columns fit the width (tui.widgets.table_fit);
    Tab/shift+Tab walk the cells row by row; a character typed on a cell starts editing it."""

    BINDINGS = keys.TABLE

    @dataclass
    class Request(Message):
        """The user asked for something on the row under the cursor."""

        table: "IndicatorTable"
        what: str  # edit | type | add | duplicate | delete | move
        row: int
        column: int
        delta: int = 0
        text: str = ""  # type: the character typed

    _told_last = -10.0  # when "the last cell" was last said

    def on_mount(self) -> None:
        self.cursor_type = "cell"
        self.zebra_stripes = True
        self._columns_shown: tuple = ()
        self._cells: list[list[tuple[str, str]]] = []  # per row: (text, style) of each column
        self._shown: tuple | None = None
        self._last = False  # a column of last year's values (show's ``last``)
        self._draw()

    def show(self, indicators: list[Indicator], diags: list[Diagnostic],
             last: list[tuple[str, str]] | None = None) -> None:
        """``last``: a seventh column, last year's values (``tui.widgets.last_year``), read-only."""
        bad: dict[tuple[int, str], str] = {}
        for d in diags:
            if d.indicator is not None:
                sev = d.severity
                if bad.get((d.indicator, d.field)) != "error":
                    bad[(d.indicator, d.field)] = sev
        # redrawing the table costs a layout: skip it when nothing it shows has changed
        shown = (tuple(tuple(i.model_dump().values()) for i in indicators), tuple(sorted(bad.items())),
                 None if last is None else tuple(last))
        if shown == self._shown:
            return
        self._shown = shown
        rows = []
        for n, ind in enumerate(indicators, 1):
            cells = [(str(n), "dim")]
            for f in ("level1", "level2", "name", "period", "annual"):
                sev = bad.get((n, f))
                style = "bold red" if sev == "error" else "yellow" if sev else ""
                value = getattr(ind, f)
                cells.append((escaped(value) if value else ("（空）" if sev else ""), style))
            if last is not None:
                cells.append(last[n - 1] if n <= len(last) else ("", ""))
            rows.append(cells)
        self._cells = rows
        self._last = last is not None
        self._draw(force=True)

    def on_resize(self, event) -> None:
        self._draw()

    def _draw(self, force: bool = False) -> None:
        """Fill the table from ``_cells``, the columns fitted to the width it has now."""
        width = self.size.width or 10_000  # not laid out yet: natural widths until on_resize
        extra = 0
        if self._last:  # last year's column: its values whole up to an eighth of the width
            most = max(cell_len(LAST_HEADERS[2]), min(14, width // 8))
            extra = min(most, max([cell_len(c[6][0]) for c in self._cells] + [cell_len(LAST_HEADERS[1])]))
            width -= extra + 2 * table_fit.PADDING
        widths, full = table_fit.layout([[t for t, _ in cells[:6]] for cells in self._cells], width)
        if extra:
            widths = [*widths, extra]
        columns = (tuple(widths), full)
        if not force and columns == self._columns_shown:
            return
        row, col = self.cursor_coordinate
        if columns != self._columns_shown:
            self.clear(columns=True)
            for i, w in enumerate(widths):
                head = table_fit.header_for(i, w) if i < len(COLUMNS) else _fitting(LAST_HEADERS, w)
                self.add_column(Text(head, no_wrap=True, overflow="ellipsis"), width=w,
                                key=COLUMNS[i] if i < len(COLUMNS) else "last")
            self._columns_shown = columns
        else:
            self.clear()
        for cells in self._cells:
            self.add_row(*(Text(t if full or i not in (1, 2) else table_fit.short_category(t), style,
                                no_wrap=True, overflow="ellipsis")
                           for i, (t, style) in enumerate(cells)))
        if self._cells:
            self.move_cursor(row=min(row, len(self._cells) - 1), column=col, animate=False)

    def cell_text(self, row: int, column: int) -> tuple[str, bool]:
        """The whole text of a cell and whether the table shows it cut (or shortened)."""
        if not (0 <= row < len(self._cells) and 0 <= column < len(self._cells[row])):
            return "", False
        text = self._cells[row][column][0]
        widths, full = self._columns_shown or ((), True)
        shown = text if full or column not in (1, 2) else table_fit.short_category(text)
        return text, shown != text or (bool(widths) and cell_len(text) > widths[column])

    # -- moving like a spreadsheet ------------------------------------------------------------

    def action_next_cell(self, delta: int = 1) -> None:
        """Tab: the next editable cell, on to the next row's first; shift+Tab: back, and from
        the first cell out to the form's fields above (as Tab leaves an empty table)."""
        if not self.row_count:
            self.screen.focus_next() if delta > 0 else self.screen.focus_previous()
            return
        row, col = self.cursor_coordinate
        last = len(COLUMNS) - 1
        col = max(col, 1) + delta if col else (1 if delta > 0 else 0)
        if col > last:
            row, col = row + 1, 1
        elif col < 1:
            row, col = row - 1, last
        if row >= self.row_count:  # stay; say how to go on (once in a while, not per key)
            if time.monotonic() - self._told_last > 3:
                self._told_last = time.monotonic()
                add = keys.shown_key(self.app, "indicator.add")
                self.app.notify(f"已是最后一个单元格：按 {add} 新增一行", timeout=3)
            return
        if row < 0:
            self.screen.focus_previous()
            return
        self.move_cursor(row=row, column=col)

    def on_key(self, event) -> None:
        """A character typed on a cell starts editing it with that character (as in Excel)."""
        ch = event.character
        if not ch or not event.is_printable or ch.isspace() or event.key in self.screen.active_bindings:
            return
        event.stop()
        event.prevent_default()
        row, col = self.cursor_coordinate
        self.post_message(self.Request(self, "type", row, min(col, len(COLUMNS) - 1), text=ch))

    def _request(self, what: str, delta: int = 0) -> None:
        row, col = self.cursor_coordinate
        # last year's column is read-only: editing there edits this year's value beside it
        self.post_message(self.Request(self, what, row, min(col, len(COLUMNS) - 1), delta))

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
        advance: int = 0  # Tab: then on to the next cell (1) or back (-1)

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
        self.year: int | None = None  # the workspace's year: a month-day deadline reads with it

    def compose(self) -> ComposeResult:
        yield Label("", id="edit-where")
        yield RowsPasteInput(id="edit-input")
        yield Static("", id="edit-hint")
        yield OptionList(id="edit-options")

    def open(self, where: str, field: str, text: str, level1_code: str | None = None, typed: bool = False) -> None:
        """Edit ``text``: selected (the next key replaces it), or ``typed`` — a character typed
        on the cell, which the next keys follow."""
        self.field = field
        self.level1_code = level1_code
        self.query_one("#edit-where", Label).update(where)
        inp = self.query_one("#edit-input", Input)
        inp.select_on_focus = not typed
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
                v = parse_value(text, self.year)
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
        self.action_commit(0)

    def action_commit(self, advance: int = 0) -> None:
        """Enter (or Tab: ``advance`` 1, shift+Tab: -1): store the highlighted choice or the text."""
        options = self.query_one("#edit-options", OptionList)
        if self.field == "name" and options.display and options.highlighted is not None:
            s = self._suggestion(options.get_option_at_index(options.highlighted).id)
            if s is not None:
                self.post_message(self.Commit(self, s.name, s, advance))
                return
        self.post_message(self.Commit(self, self.chosen(), advance=advance))

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
