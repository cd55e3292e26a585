"""The history view (F4): the commits that touched a project or the workspace; Enter compares
one with what the editor holds (the diff view)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from model.text import escaped
from tui import keys
from tui.screens.base import ViewScreen
from tui.screens.diff import DiffScreen, Scope


class HistoryScreen(ViewScreen[None]):
    """The commits that touched one project (or the workspace); Enter compares one with now."""

    DEFAULT_CSS = """
    HistoryScreen #history-list {
        height: 1fr;
    }
    """

    BINDINGS = keys.HISTORY_VIEW

    def __init__(self, scope: Scope) -> None:
        super().__init__()
        self.scope = scope
        self.commits: list = []

    def compose(self) -> ComposeResult:
        s = self.scope
        what = f"项目 {s.project_id} {s.name}" if s.is_project else "整个工作区"
        with Vertical(id="git-view"):
            yield Label(escaped(f"历史 · {what}"), id="git-view-title", markup=False)
            yield OptionList(id="history-list")
            yield Label("正在读取提交记录…", id="git-view-help")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._load(self.scope)

    @work(thread=True, exclusive=True, group="history")
    def _load(self, scope: Scope) -> None:
        from storage import git as sgit
        from storage.workspace.store import StorageError

        try:
            commits = sgit.history(self.app.store.root, scope.unit_id or None, scope.project_id or None)
            error = ""
        except StorageError as e:
            commits, error = [], str(e)
        self.app.call_from_thread(self.show_commits, commits, error)

    def show_commits(self, commits: list, error: str) -> None:
        self.commits = commits
        ol = self.query_one(OptionList)
        ol.clear_options()
        for c in commits:
            when = c.date[:16].replace("T", " ")
            row = Text.assemble((c.short, "yellow"), "  ", (when, "dim"), "  ", escaped(c.author), "  ", escaped(c.subject))
            ol.add_option(Option(row, id=c.id))
        help = self.query_one("#git-view-help", Label)
        if error:
            help.update(error)
        elif not commits:
            help.update("还没有涉及它的提交。Esc 关闭")
        else:
            help.update(f"{len(commits)} 个提交，新的在前。Enter 与编辑器中的当前内容比较，Esc 关闭")
            ol.highlighted = 0

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        c = next((c for c in self.commits if c.id == event.option.id), None)
        if c is not None:
            label = f"{c.short}（{c.date[:10]} {c.subject}）"
            self.app.push_screen(DiffScreen(self.scope, c.id, label))
