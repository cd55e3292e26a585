"""The right-hand pane: a form for the workspace, a unit, or a project (with its indicators).

The forms show the model and send every keystroke to the edit session through the app
(``app.edit``); they hold no state of their own beyond what is on screen, so undo/redo and
reloads simply show the model again.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Label, Static, TextArea

from model.filekey import project_key
from model.money import fmt, fmt_diff, to_amount, valid
from model.text import escaped
from model.validate import Diagnostic
from model.workspace import FUNDING, INDICATOR_LABELS, Indicator, Project, Unit
from tui.widgets.comments import CommentsPanel, row_note
from tui.widgets.completion import IndicatorCompleter, Suggestions, TextCompleter, fill_cells
from tui.widgets.form import FieldInput, labelled_field
from tui.widgets.indicators import FIELDS, EditBar, IndicatorTable
from tui.widgets.safe_area import SafeTextArea

if TYPE_CHECKING:
    from model.history import EditSession


def amount_text(v: Decimal | str | None) -> str:
    """An amount as it is typed: ``4402.83`` (no separators), the text itself when not a number."""
    if v is None:
        return ""
    return v if isinstance(v, str) else format(v, "f")


def _same_text(field: str, text: str, value) -> bool:
    if field in dict(FUNDING) or field.startswith("control."):
        try:
            return to_amount(text) == value and type(to_amount(text)) is type(value)
        except TypeError:
            return False
    return text == ("" if value is None else str(value))



class ProjectEditor(Vertical):
    def __init__(self, session: EditSession, **kw) -> None:
        """``session``: where the completions, the indicators' problems and the code table come
        from (edits still go through ``app.edit``, which redraws what they touched)."""
        super().__init__(**kw)
        self.session = session
        self.codes = session.codes
        self.unit: Unit | None = None
        self.project: Project | None = None
        self.entry = False  # entering a new row: Enter moves on to the next cell
        self.edit_cell: tuple[int, int] | None = None
        self._label_shown = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="project-form"):
            yield from labelled_field("项目名称", "name", "p-name", "项目名称（资金使用单位）")
            with Horizontal(classes="amounts"):
                # "（万元）" once: four of them ran into each other below ~110 columns
                for n, (key, label) in enumerate(FUNDING):
                    yield from labelled_field(f"{label}（万元）" if n == 0 else label, key, f"p-{key}")
            yield Static("", id="p-lastyear")  # shown with a comparison workspace (tui.widgets.last_year)
            yield Static("", id="p-sums")
            yield Label("绩效目标", classes="field-label")
            yield SafeTextArea(id="p-goal", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        yield CommentsPanel(id="p-comments")
        yield Label("绩效指标", classes="field-label", id="ind-label")
        yield IndicatorTable(id="indicators")
        yield EditBar(self.codes, id="edit-bar")

    def on_mount(self) -> None:
        bar = self.query_one(EditBar)
        bar.display = False
        session = self.session
        bar.completer = IndicatorCompleter(session)
        self.completers = {"name": TextCompleter(session, "name"), "goal": TextCompleter(session, "goal")}
        self.suggestions = Suggestions(id="suggestions")
        self.screen.mount(self.suggestions)

    # -- completion of the project name and goal ----------------------------------------------

    def _offer(self, widget, field: str, text: str) -> None:
        if not widget.has_focus:
            return
        query = text.strip()
        found = self.completers[field](query, exclude=query) if len(query) >= 2 else []
        self.suggestions.offer(widget, found)

    def accept_completion(self, first: bool = True) -> bool:
        """Take the highlighted (Tab: or first) suggestion into its field."""
        sug = self.suggestions
        if not sug.open or sug.target is None or not sug.target.has_focus:
            return False
        text = sug.taken(first)
        if text is None:
            return False
        target = sug.target
        sug.close()
        if isinstance(target, TextArea):
            target.load_text(text)  # posts Changed: the edit goes through _goal_changed
        else:
            target.value = text
            target.cursor_position = len(text)
        return True

    def on_key(self, event) -> None:
        sug = getattr(self, "suggestions", None)
        if sug is None or not sug.open or sug.target is None or not sug.target.has_focus:
            return
        if event.key in ("down", "up"):
            sug.move(1 if event.key == "down" else -1)
        elif event.key == "enter" and sug.highlighted is not None:
            self.accept_completion(first=False)
        elif event.key == "escape":
            sug.close()
        else:
            return
        event.stop()
        event.prevent_default()

    # -- showing ------------------------------------------------------------------------------

    def show(self, unit: Unit, project: Project) -> None:
        changed = project is not self.project
        self.unit, self.project = unit, project
        p = project
        self.query_one("#p-name", FieldInput).show(p.name)
        for key, _ in FUNDING:
            inp = self.query_one(f"#p-{key}", FieldInput)
            if not (inp.has_focus and _same_text(key, inp.value, getattr(p, key))):
                inp.show(amount_text(getattr(p, key)))
        goal = self.query_one("#p-goal", TextArea)
        if goal.text != p.goal:
            with goal.prevent(TextArea.Changed):
                goal.load_text(p.goal)
        self.show_sums()
        self.query_one(CommentsPanel).show(p)
        diags = self.session.project_diagnostics(unit, project)
        self.query_one(IndicatorTable).show(p.indicators, diags, self.show_last_year())
        self.show_label()
        if changed:
            self.close_bar()
            if getattr(self, "suggestions", None) is not None:
                self.suggestions.close()

    def show_label(self) -> None:
        """The table's title, and the whole text of the cursor's cell when the table cuts it."""
        table = self.query_one(IndicatorTable)
        row, col = table.cursor_coordinate
        text, cut = table.cell_text(row, col)
        out = Text(f"绩效指标（{len(self.project.indicators)} 个）")
        if note := row_note(self.project, row):  # the comment next to the indicator it is about
            out.append(f"  指标{row + 1} {escaped(note)}", "bold yellow")
        elif cut:
            label = INDICATOR_LABELS[FIELDS[col]] if col < len(FIELDS) else "上年年度值"
            out.append(f"  指标{row + 1} › {label}：", "dim")
            out.append(text)
        if self._label_shown != out.plain:  # no re-layout when nothing changed
            self._label_shown = out.plain
            self.query_one("#ind-label", Label).update(out)

    @on(DataTable.CellHighlighted, "#indicators")
    def _cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        if self.project is not None:
            self.show_label()

    def show_sums(self) -> None:
        p = self.project
        s = p.sources_sum()
        total = valid(p.total)
        out = Text()
        if s is None or total is None:
            out.append("三项资金之和：有金额不是数字，无法计算", "bold red")
        else:
            out.append(f"三项资金之和 {fmt(s)} 万元　")
            d = total - s
            if d:  # in the error colour, on a red ground: it must not be missed
                out.append(f" 与总计相差 {fmt_diff(d)} ", "bold white on red")
                out.append("（三项之和应等于总计）", "red")
            else:
                out.append(f"与总计相差 {fmt_diff(d)}", "green")
        self.query_one("#p-sums", Static).update(out, layout=False)  # fixed height: no re-layout

    def show_last_year(self) -> list[tuple[str, str]] | None:
        """Last year's amounts under this year's (when the app has a comparison workspace), and
        the indicator table's column of last year's values (None: no such column)."""
        from tui.widgets.last_year import amounts_line, compared

        app = self.app
        c = compared(getattr(app, "compare_ws", None), getattr(app, "compare_label", ""), self.session.ws,
                     self.unit, self.project, self.codes)
        line = self.query_one("#p-lastyear", Static)
        line.display = c is not None
        self.set_class(c is not None, "-compare")  # the sums give up their margin: the form keeps its height
        if c is None:
            return None
        line.update(amounts_line(c, self.project))
        return c.values

    # -- where the focus goes -----------------------------------------------------------------

    def focus_field(self, field: str = "", row: int | None = None) -> None:
        """Focus a cell of indicator ``row`` (its column: ``field``) when a row is given, else
        the table ("" or "indicators"), the goal, or another project field."""
        if row is not None or field in ("", "indicators"):
            table = self.query_one(IndicatorTable)
            if row is not None:
                self.move_to_cell(row, field)
            table.focus()
        elif field == "goal":
            self.query_one("#p-goal", TextArea).focus()
        else:
            self.query_one(f"#p-{field}", FieldInput).focus()

    def move_to_cell(self, row: int, field: str = "") -> None:
        """Put the table's cursor on indicator ``row`` (negative: from the end), in ``field``'s
        column (the first category column when ``field`` is not one)."""
        table = self.query_one(IndicatorTable)
        if row < 0:
            if not table.row_count:
                return
            row += table.row_count
        table.move_cursor(row=row, column=FIELDS.index(field, 1) if field in FIELDS else 1)

    # -- editing fields -----------------------------------------------------------------------

    def field_edited(self, inp: FieldInput, value: str) -> None:
        if self.project is None:
            return
        u, p = self.unit, self.project
        self.app.edit(lambda s: s.set_project_field(u, p, inp.field, value, typing=True))
        if inp.field == "name":
            self._offer(inp, "name", value)

    @on(TextArea.Changed, "#p-goal")
    def _goal_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self.project is None:
            return
        u, p, text = self.unit, self.project, event.text_area.text
        self.app.edit(lambda s: s.set_project_field(u, p, "goal", text, typing=True))
        self._offer(event.text_area, "goal", text)

    def on_descendant_blur(self, event) -> None:
        self.session.close_merge()
        if getattr(self, "suggestions", None) is not None:
            self.suggestions.close()

    # -- indicator table ----------------------------------------------------------------------

    @dataclass
    class PasteRows(Message):
        """Text pasted while the indicator table has the focus: rows for the app to insert
        (tui.actions.bulk)."""

        text: str

    def on_paste(self, event) -> None:
        if self.query_one(IndicatorTable).has_focus:
            event.stop()
            self.post_message(self.PasteRows(event.text))

    def paste_rows(self, text: str) -> bool:
        """Rows pasted into a one-line field of the form or the edit bar (tui.widgets.form):
        they go into the table, after the cursor's row, when they read as indicators."""
        from model.paste import parse_paste

        if self.project is None or not parse_paste(text, self.codes).indicators:
            return False
        if self.edit_cell is not None:
            self.close_bar()
        self.query_one(IndicatorTable).focus()
        self.post_message(self.PasteRows(text))
        return True

    @on(IndicatorTable.Request)
    def _table_request(self, event: IndicatorTable.Request) -> None:
        event.stop()
        u, p = self.unit, self.project
        if p is None:
            return
        n = len(p.indicators)
        row, col = event.row, event.column
        table = self.query_one(IndicatorTable)
        if event.what == "add" or (event.what == "type" and not n):  # typing on an empty table adds a row
            at = row + 1 if n else 0
            new = Indicator()
            self.session.held = (u.id, p.id, new)  # its problems wait for the entry (model.history)
            if self.app.edit(lambda s: s.add_indicator(u, p, at, new)):
                table.move_cursor(row=at, column=1)
                self.entry = True
                self.open_bar(at, 1, event.text or None)
            else:
                self.session.held = None
            return
        if not n:
            if event.what == "edit":
                self.app.notify("还没有指标：按 ctrl+n 新增一行", severity="warning")
            return
        if event.what in ("edit", "type"):
            self.entry = False
            self.open_bar(row, max(col, 1), event.text or None)
        elif event.what == "duplicate":
            if self.app.edit(lambda s: s.duplicate_indicator(u, p, row)):
                table.move_cursor(row=row + 1, column=col)
        elif event.what == "delete":
            self.app.edit(lambda s: s.delete_indicator(u, p, row))
        elif event.what == "move":
            if self.app.edit(lambda s: s.move_indicator(u, p, row, event.delta)):
                table.move_cursor(row=row + event.delta, column=col)

    def open_bar(self, row: int, col: int, typed: str | None = None) -> None:
        """Edit cell (row, col) in the bar: its text, or ``typed`` (a character typed on the cell)."""
        p = self.project
        field = FIELDS[col]
        ind = p.indicators[row]
        text = getattr(ind, field) if typed is None else typed
        if self.entry and field == "annual" and not text:
            text = ind.period  # most targets are the same for the year and the period
        level1 = self.codes.resolve(ind.level1, 1).category
        where = f"编辑 指标{row + 1} › {INDICATOR_LABELS[field]}"
        self.edit_cell = (row, col)
        self.query_one(IndicatorTable).move_cursor(row=row, column=col)
        bar = self.query_one(EditBar)
        bar.year = self.session.ws.year
        bar.open(where, field, text, level1.code if level1 else None, typed is not None)

    def close_bar(self) -> None:
        self.edit_cell = None
        self.entry = False
        self.query_one(EditBar).close()
        self._release_held()

    def _release_held(self) -> None:
        """The new row's entry is over: its problems (if any are left) show now."""
        held = self.session.held
        if held is None:
            return
        self.session.held = None
        app = self.app
        app.tree_widget.relabel([project_key(held[0], held[1])])
        app.refresh_problems()
        app.update_title()
        if self.project is not None and self.unit is not None:
            diags = self.session.project_diagnostics(self.unit, self.project)
            self.query_one(IndicatorTable).show(self.project.indicators, diags, self.show_last_year())

    @on(EditBar.Commit)
    def _commit(self, event: EditBar.Commit) -> None:
        event.stop()
        if self.edit_cell is None or self.project is None:
            return
        row, col = self.edit_cell
        u, p, field, value = self.unit, self.project, FIELDS[col], event.value
        if row >= len(p.indicators):
            self.close_bar()
            return
        nxt = col + 1 if event.advance >= 0 else col - 1
        if event.suggestion is not None:
            ind = p.indicators[row]
            cells = [(row, f, v) for f, v in fill_cells(ind, event.suggestion)]
            self.app.edit(lambda s: s.set_indicator_cells(u, p, cells, f"补全指标{row + 1}「{event.suggestion.name}」"))
            if self.entry and ind.period and ind.annual and event.advance >= 0:
                nxt = len(FIELDS)  # the row is complete: the entry ends here
        elif field in ("level1", "level2") and self.entry and not event.bar.typed.strip() and event.advance >= 0:
            self.open_bar(row, FIELDS.index("name"))  # skip the category: a chosen name brings it
            return
        elif field in ("level1", "level2"):
            level = 1 if field == "level1" else 2
            if level == 1 and self.codes.resolve(value, 1).category is None and self.codes.resolve(value, 2).category:
                level = 2  # a level-2 picked in the level-1 column sets both
                if event.advance >= 0:
                    nxt = FIELDS.index("name")
            try:
                self.session.pick_category(value, level)
            except ValueError as e:
                event.bar.show_error(str(e))
                return
            self.app.edit(lambda s: s.set_category(u, p, row, level, value))
        else:
            self.app.edit(lambda s: s.set_indicator_field(u, p, row, field, value))
        table = self.query_one(IndicatorTable)
        if self.entry and 1 <= nxt < len(FIELDS):
            self.open_bar(row, nxt)  # a new row: on to the next (Tab, Enter) or previous cell
            return
        self.close_bar()
        table.move_cursor(row=row, column=col)
        table.focus()
        if event.advance:
            table.action_next_cell(event.advance)

    @on(EditBar.Cancel)
    def _cancel(self, event: EditBar.Cancel) -> None:
        event.stop()
        cell = self.edit_cell
        self.close_bar()
        table = self.query_one(IndicatorTable)
        if cell:
            table.move_cursor(row=cell[0], column=cell[1])
        table.focus()


class UnitEditor(Vertical):
    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.unit: Unit | None = None

    def compose(self) -> ComposeResult:
        yield from labelled_field("单位名称", "name", "u-name")
        yield Label("预算控制数（万元，可留空）", classes="field-label")
        with Horizontal(classes="amounts"):
            for key, label in FUNDING:
                yield from labelled_field(label, f"control.{key}", f"u-{key}")
        yield Static("", id="u-sums")

    def show(self, unit: Unit) -> None:
        self.unit = unit
        self.query_one("#u-name", FieldInput).show(unit.name)
        for key, _ in FUNDING:
            inp = self.query_one(f"#u-{key}", FieldInput)
            value = getattr(unit.control, key)
            if not (inp.has_focus and _same_text(key, inp.value, value)):
                inp.show(amount_text(value))
        sums = unit.sums()
        t = Table(box=None, padding=(0, 2), show_header=True, header_style="bold")
        t.add_column("")
        for _, label in FUNDING:
            t.add_column(label, justify="right")
        t.add_row("项目合计", *(fmt(sums[k], "0.00") if sums[k] is not None else "无法计算" for k, _ in FUNDING))
        t.add_row("预算控制数", *(fmt(getattr(unit.control, k), "—") for k, _ in FUNDING))
        diffs = []
        for k, _ in FUNDING:
            c, s = valid(getattr(unit.control, k)), sums[k]
            if getattr(unit.control, k) is None or c is None or s is None:
                diffs.append(Text("—", "dim"))
            else:
                d = s - c
                diffs.append(Text(fmt_diff(d), "bold red" if d else "green"))
        t.add_row("差额", *diffs)
        from rich.console import Group

        n_ind = sum(len(p.indicators) for p in unit.projects)
        self.query_one("#u-sums", Static).update(Group(t, Text(""), Text(f"{len(unit.projects)} 个项目，{n_ind} 个指标")))

    def focus_field(self, field: str = "", row: int | None = None) -> None:
        """Focus the name ("" or "name") or a control figure ("control.fiscal" …)."""
        wid = "u-name" if field in ("", "name") else f"u-{field.removeprefix('control.')}"
        self.query_one(f"#{wid}", FieldInput).focus()

    def field_edited(self, inp: FieldInput, value: str) -> None:
        if self.unit is None:
            return
        u = self.unit
        self.app.edit(lambda s: s.set_unit_field(u, inp.field, value, typing=True))


class BrokenView(Vertical):
    """An unreadable file: its error, and its text, read-only."""

    def compose(self) -> ComposeResult:
        yield Static("", id="b-error")
        yield SafeTextArea("", id="b-text", read_only=True, show_line_numbers=True)

    def show(self, d: Diagnostic, text: str) -> None:
        where = f"{d.file}:{d.line}" if d.line else d.file
        self.query_one("#b-error", Static).update(Text.assemble(
            ("无法读取 ", "bold red"), (escaped(where), "bold"), "\n", escaped(d.message, multiline=True), "\n",
            ("此文件保持只读，不会被保存覆盖；请用文本编辑器修正后，jixiao 会自动重新载入。", "dim"),
        ))
        area = self.query_one("#b-text", TextArea)
        area.load_text(text)
        if d.line:
            area.move_cursor((d.line - 1, 0))
