"""Copy a project, with its indicators, from another workspace folder (e.g. last year's) into
the current unit: the folder by path, the project by a fuzzy part of its name."""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.fuzzy import Matcher
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from model.text import escaped
from tui import keys
from tui.screens.base import Dialog

MAX_HITS = 30


def find_projects(ws, query: str) -> list:
    """(unit, project) pairs whose name matches ``query`` fuzzily, best first."""
    pairs = list(ws.projects())
    q = query.strip()
    if not q:
        return pairs[:MAX_HITS]
    matcher = Matcher(q)
    scored = [(matcher.match(p.name or p.id), n, u, p) for n, (u, p) in enumerate(pairs)]
    scored = [s for s in scored if s[0] > 0]
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [(u, p) for _, _, u, p in scored[:MAX_HITS]]


class CopyProjectDialog(Dialog[None]):
    DEFAULT_CSS = """
    CopyProjectDialog > Vertical {
        width: 100;
        max-height: 90%;
    }
    CopyProjectDialog OptionList {
        height: auto;
        max-height: 14;
    }
    """
    BINDINGS = keys.COPY_DIALOG

    def __init__(self) -> None:
        super().__init__()
        self.other = None  # the other workspace, once read
        self.other_root: Path | None = None
        self.hits: list = []

    def compose(self) -> ComposeResult:
        root = Path(self.app.store.root).resolve()
        with Vertical():
            yield Label("从其他工作区复制项目（连同全部指标），复制到当前单位", classes="bulk-title")
            yield Label("工作区文件夹（如去年的）", classes="field-label")
            yield Input(os.path.join(root.parent, ""), id="c-path")  # the folder, with its separator (\ on Windows)
            yield Label("项目名称（输入一部分，可模糊匹配）", classes="field-label")
            yield Input(id="c-name")
            yield Static("", id="c-status")
            yield OptionList(id="c-hits")

    def on_mount(self) -> None:
        self.query_one("#c-path", Input).focus()

    @on(Input.Changed, "#c-path")
    def _path_changed(self, event: Input.Changed) -> None:
        path = Path(event.value.strip()).expanduser()
        status = self.query_one("#c-status", Static)
        if not (path / "jixiao.toml").is_file():
            self.other = None
            status.update(Text(f"{path} 不是 jixiao 工作区（没有 jixiao.toml）", "yellow"))
            self._list()
            return
        if self.other_root == path.resolve():
            return
        from storage.workspace.store import Store

        try:
            store = Store.open(path)
        except (OSError, ValueError) as e:
            self.other = None
            status.update(Text(f"无法读取 {path}：{e}", "bold red"))
            self._list()
            return
        self.other, self.other_root = store.workspace, path.resolve()
        ws = self.other
        _, n_projects, n_ind = ws.counts()
        status.update(Text(escaped(f"{ws.department or path.name} {ws.year or ''}：{n_projects} 个项目，{n_ind} 个指标"), "green"))
        self._list()

    @on(Input.Changed, "#c-name")
    def _list(self) -> None:
        options = self.query_one("#c-hits", OptionList)
        options.clear_options()
        self.hits = find_projects(self.other, self.query_one("#c-name", Input).value) if self.other else []
        options.add_options([Option(Text.assemble(escaped(p.name or p.id), (escaped(f"  {u.name} · {len(p.indicators)} 个指标"), "dim")))
                             for u, p in self.hits])
        if self.hits:
            options.highlighted = 0

    @on(Input.Submitted, "#c-path")
    def _to_name(self) -> None:
        self.query_one("#c-name", Input).focus()

    @on(Input.Submitted, "#c-name")
    def _take_highlighted(self) -> None:
        options = self.query_one("#c-hits", OptionList)
        if options.highlighted is not None:
            self.copy(options.highlighted)

    @on(OptionList.OptionSelected, "#c-hits")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.copy(event.option_index)

    def action_option(self, delta: int) -> None:
        options = self.query_one("#c-hits", OptionList)
        if options.option_count:
            cur = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, cur + delta))

    def copy(self, index: int) -> None:
        if index >= len(self.hits):
            return
        _, src = self.hits[index]
        app = self.app
        _, unit, current = app.tree_target()
        if unit is None:
            if not app.session.ws.units:
                self.query_one("#c-status", Static).update(Text("当前工作区还没有单位：先新增一个单位（F7）", "bold red"))
                return
            unit = app.session.ws.units[0]
        at = unit.projects.index(current) + 1 if current is not None else len(unit.projects)
        copy = src.model_copy(deep=True)
        where = self.other_root.name if self.other_root else ""
        change = app.edit(lambda s: s.add_project(unit, at, copy, f"从「{where}」复制项目「{src.name}」"))
        if change is None:
            return
        self.dismiss(None)
        app.reveal(unit.id, change.where.project_id)
        app.view("project").focus_field("name")
        app.notify(f"已从 {where} 复制项目「{src.name}」及其 {len(src.indicators)} 个指标（ctrl+z 撤销）")
