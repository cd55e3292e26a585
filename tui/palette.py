"""Command palette entries: go to a project by (fuzzy) name; the export dialog."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from model.diagnostic import count

MAX_HITS = 50


class ProjectProvider(Provider):
    """转到项目: every project of the workspace, matched fuzzily by name."""

    async def search(self, query: str) -> Hits:
        app = self.app
        matcher = self.matcher(query)
        q = query.strip()
        hits = 0
        for u, p in app.session.ws.projects():
            name = p.name or p.id
            # cheap prefilter: every character of the query occurs in the name
            if q and not all(ch in name for ch in q):
                continue
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(app.goto_project, u.id, p.id),
                          help=f"转到项目 · {u.name}")
                hits += 1
                if hits >= MAX_HITS:
                    return

    async def discover(self) -> Hits:
        app = self.app
        for n, (u, p) in enumerate(app.session.ws.projects()):
            if n >= 20:
                return
            yield DiscoveryHit(p.name or p.id, partial(app.goto_project, u.id, p.id), help=f"转到项目 · {u.name}")


class ExportDialog(ModalScreen[None]):
    """Export the table as shown in the editor (unsaved edits included) to an XLSX file."""

    BINDINGS = [("escape", "app.pop_screen", "取消")]

    def __init__(self, store, session, diags) -> None:
        super().__init__()
        self.store, self.session = store, session
        self.errors, _ = count(diags)

    def compose(self) -> ComposeResult:
        ws = self.session.ws
        default = Path.cwd() / f"{ws.department or Path(self.store.root).name}-{ws.year or ''}绩效目标表.xlsx"
        with Vertical(id="dialog"):
            yield Label("导出 XLSX（公开格式的项目支出绩效目标表）", id="dialog-title")
            yield Input(str(default), id="export-path")
            note = f"工作区有 {self.errors} 个错误：导出的表格可能不符合要求。" if self.errors else "工作区没有错误。"
            yield Static(note + "导出内容包括尚未保存的修改。Enter 导出，Esc 取消。", id="dialog-message")
            with Horizontal(id="dialog-buttons"):
                yield Button("导出", id="export-go", variant="primary")

    @on(Input.Submitted)
    @on(Button.Pressed, "#export-go")
    def _go(self) -> None:
        from storage.atomic import atomic_write
        from storage.published.xlsx_export import export_table

        path = Path(self.query_one("#export-path", Input).value).expanduser()
        try:
            atomic_write(path, export_table(self.session.ws))
        except OSError as e:
            self.query_one("#dialog-message", Static).update(f"无法写入 {path}：{e}")
            return
        self.app.notify(f"已导出到 {path}")
        self.dismiss(None)
