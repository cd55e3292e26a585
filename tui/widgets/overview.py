"""The workspace's form: title, department and year, with its totals, counts and problems by rule.

It shows a ``model.summary.Overview``, so it can paint before the models are loaded (from the
start-up snapshot) and after (from the edit session) the same way.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Vertical, VerticalScroll
from textual.widgets import Static

from model.diagnostic import RULES, count
from model.fields import FUNDING
from model.money import fmt
from model.summary import Overview
from tui.widgets.form import FieldInput, labelled_field


class WorkspaceView(Vertical):
    def __init__(self, overview: Overview | None = None, **kw) -> None:
        """``overview``: shown from the start (the first screen is composed with it)."""
        super().__init__(**kw)
        self.shown = overview

    def compose(self) -> ComposeResult:
        ov = self.shown
        with Grid(id="ws-fields"):
            yield from labelled_field("标题", "title", "w-title", value=ov.title if ov else "")
            yield from labelled_field("单位名称（表头）", "department", "w-department", value=ov.department if ov else "")
            yield from labelled_field("预算年度", "year", "w-year", value=_year(ov) if ov else "")
        yield Static("", id="w-error")
        yield Static(_summary(ov) if ov else "", id="w-summary")
        with VerticalScroll(id="w-lastyear-box"):  # with a comparison workspace: the change by unit
            yield Static("", id="w-lastyear")

    def show(self, ov: Overview) -> None:
        self.show_last_year()
        if ov is self.shown:  # composed with it
            return
        self.shown = ov
        self.query_one("#w-title", FieldInput).show(ov.title)
        self.query_one("#w-department", FieldInput).show(ov.department)
        year = self.query_one("#w-year", FieldInput)
        if not year.has_focus:
            year.show(_year(ov))
        self.query_one("#w-summary", Static).update(_summary(ov))

    def show_last_year(self) -> None:
        """Each unit's 总计 beside the comparison workspace's (the app's ``compare_ws``)."""
        app = self.app
        old, session = getattr(app, "compare_ws", None), getattr(app, "session", None)
        box = self.query_one("#w-lastyear-box")
        box.display = old is not None and session is not None
        if box.display:
            from tui.widgets.last_year import by_unit

            self.query_one("#w-lastyear", Static).update(by_unit(old, app.compare_label, session.ws))

    def focus_field(self, field: str = "", row: int | None = None) -> None:
        """Focus the title ("" or "title"), the department or the year."""
        self.query_one(f"#w-{field or 'title'}", FieldInput).focus()

    def field_edited(self, inp: FieldInput, value: str) -> None:
        err = self.query_one("#w-error", Static)
        from model.history import EditError

        try:
            self.app.edit(lambda s: s.set_workspace_field(inp.field, value, typing=True), raise_errors=True)
            err.update("")
        except EditError as e:
            err.update(Text(str(e), "bold red"))


def _year(ov: Overview) -> str:
    return "" if ov.year is None else str(ov.year)


def _summary(ov: Overview) -> Group:
    """合计, counts, and problems by rule."""
    n_units, n_projects, n_ind = ov.counts
    sums = ov.sums
    diags = ov.diagnostics
    t = Table(box=None, padding=(0, 2), header_style="bold", title_justify="left")
    for _, label in FUNDING:
        t.add_column(label, justify="right")
    t.add_row(*(fmt(sums[k], "0.00") if sums[k] is not None else "无法计算" for k, _ in FUNDING))
    by_rule: dict[str, int] = {}
    severity: dict[str, str] = {}  # as the workspace's rule set gives it (rules.toml)
    for d in diags:
        by_rule[d.rule] = by_rule.get(d.rule, 0) + 1
        severity.setdefault(d.rule, d.severity)
    r = Table(box=None, padding=(0, 2), header_style="bold")
    r.add_column("规则")
    r.add_column("级别")
    r.add_column("数量", justify="right")
    r.add_column("内容")
    for rule, (_, text) in RULES.items():
        if rule in by_rule:
            sev = severity[rule]
            r.add_row(rule, Text("错误", "red") if sev == "error" else Text("警告", "yellow"), str(by_rule[rule]), text)
    errors, warnings = count(diags)
    head = Text.assemble(("合计（万元）", "bold"))
    counts = Text(f"{n_units} 个单位，{n_projects} 个项目，{n_ind} 个指标；{errors} 个错误，{warnings} 个警告")
    parts = [head, t, Text(""), counts]
    if by_rule:
        parts += [Text(""), Text("按规则统计的问题", style="bold"), r]
    return Group(*parts)
