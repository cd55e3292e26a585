"""A merge conflict in a project file, shown as the two versions of each field to choose from
(never as conflict markers). F10 writes the chosen project with ``resolve_conflict``."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static

from model.text import escaped
from tui import keys
from tui.screens.base import ViewScreen

SIDES = {"ours": "我方（本机）", "theirs": "对方（合并进来的）"}
AMOUNTS = ("total", "fiscal", "special", "other")


def value_text(c, v) -> str:
    from model.workspace import Indicator
    from tui.text.diff_text import field_value, indicator_summary

    if isinstance(v, Indicator):
        return escaped(indicator_summary(v))
    if v is None and c.field.startswith(("indicators+", "indicators-")):
        return "（没有这个指标）"
    return escaped(field_value(c, v), multiline=True)


class ConflictScreen(ViewScreen[list[str]]):
    """Walks through the conflicted files ``rels``; dismissed with the files it resolved."""

    DEFAULT_CSS = """
    ConflictScreen #conflict-table {
        height: 1fr;
    }
    ConflictScreen #conflict-detail {
        height: auto;
        max-height: 10;
        border-top: solid $primary-background;
    }
    """

    BINDINGS = keys.CONFLICT_VIEW

    def __init__(self, rels: list[str]) -> None:
        super().__init__()
        self.rels = list(rels)
        self.index = 0
        self.conflict = None
        self.choices: dict[str, str] = {}
        self.resolved: list[str] = []
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="git-view"):
            yield Label("", id="git-view-title")
            yield Static("", id="conflict-intro")
            yield DataTable(id="conflict-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="conflict-detail")
            yield Label("←/→ 选择这一项用哪一方，F10 写入所选，Esc 稍后处理", id="git-view-help")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("内容", SIDES["ours"], SIDES["theirs"], "选用")
        table.focus()
        self.open_current()

    @property
    def rel(self) -> str:
        return self.rels[self.index]

    def open_current(self) -> None:
        self.conflict = None
        self.query_one("#git-view-title", Label).update(
            escaped(f"合并冲突 · {self.rel}（{self.index + 1}/{len(self.rels)}）"))
        self.query_one(DataTable).clear()
        self.say("正在读取两个版本…")
        self._read(self.rel)

    def say(self, message: str | Text) -> None:
        self.query_one("#conflict-intro", Static).update(escaped(message, multiline=True) if isinstance(message, str) else message)

    @work(thread=True, exclusive=True, group="conflict")
    def _read(self, rel: str) -> None:
        from storage.git.conflicts import read_conflict
        from storage.workspace.store import StorageError

        uid, _, name = rel.partition("/")
        try:
            c = read_conflict(self.app.store.root, uid, name.removesuffix(".toml"), self.app.session.codes)
        except StorageError as e:
            self.app.call_from_thread(self.say, Text(
                f"{e}\njixiao 只能逐项合并项目文件；这个文件请用文本编辑器处理（删去 <<<<<<< ======= >>>>>>> 标记），"
                "然后运行 git add。Esc 跳过。", "red"))
            return
        self.app.call_from_thread(self.show_conflict, c)

    def show_conflict(self, c) -> None:
        self.conflict = c
        self.choices = dict(c.auto)
        p = c.ours or c.theirs
        self.query_one("#git-view-title", Label).update(
            escaped(f"合并冲突 · {self.rel} {p.name if p else ''}（{self.index + 1}/{len(self.rels)}）"))
        if c.ours is None or c.theirs is None:
            gone = "我方" if c.ours is None else "对方"
            self.say(f"{gone}删除了这个项目，另一方修改了它。F10 保留修改过的版本；"
                     "若确实要删除，保留后在左侧树中按 F8 删除再保存。")
            self.choices = {"file": "theirs" if c.ours is None else "ours"}
            return
        n = len(c.conflicts)
        self.say(f"两个人都修改了这个项目。{n} 项需要你选择（标 ?）；"
                 f"只有一方修改的 {len(c.auto)} 项已自动采用修改的一方，也可以改选。")
        for f in c.conflicts:
            self.choices.setdefault(f.field, "ours")
        self.redraw()

    def redraw(self) -> None:
        c = self.conflict
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for f in c.fields:
            side = self.choices.get(f.field, "ours")
            ours, theirs = value_text(f, f.old), value_text(f, f.new)
            chosen = ("bold green", "dim") if side == "ours" else ("dim", "bold green")
            mark = "" if f.field in c.auto else "? "
            pick = "◀ 我方" if side == "ours" else "对方 ▶"
            table.add_row(Text(mark + f.label), Text(ours, chosen[0]), Text(theirs, chosen[1]), pick, key=f.field)
        if c.fields:
            table.move_cursor(row=min(row, len(c.fields) - 1))
        self.show_detail()

    @on(DataTable.RowHighlighted)
    def show_detail(self, event=None) -> None:
        c = self.conflict
        table = self.query_one(DataTable)
        if c is None or not c.fields or table.cursor_row >= len(c.fields):
            self.query_one("#conflict-detail", Static).update("")
            return
        f = c.fields[table.cursor_row]
        who = {"ours": "只有我方修改", "theirs": "只有对方修改"}.get(c.auto.get(f.field, ""), "双方都修改了")
        detail = Text.assemble((f"{f.label}（{who}）\n", "bold"),
                               ("我方：", "bold"), value_text(f, f.old), "\n",
                               ("对方：", "bold"), value_text(f, f.new))
        if f.field in AMOUNTS:
            detail.append("\n金额的几项一起选择，保证总计与各来源相符。", "dim")
        self.query_one("#conflict-detail", Static).update(detail)

    def action_choose(self, side: str) -> None:
        c = self.conflict
        table = self.query_one(DataTable)
        if c is None or not c.fields:
            return
        f = c.fields[table.cursor_row]
        together = [x.field for x in c.fields if x.field in AMOUNTS] if f.field in AMOUNTS else [f.field]
        for key in together:
            self.choices[key] = side
        self.redraw()

    def action_resolve(self) -> None:
        c = self.conflict
        if c is None or self.busy:
            return
        from storage.workspace.store import StorageError

        try:
            project = c.combine(self.choices, self.app.session.codes)
        except StorageError as e:
            self.say(Text(str(e), "red"))
            return
        self.busy = True
        self._write(c, project)

    @work(thread=True, exclusive=True, group="conflict")
    def _write(self, c, project) -> None:
        from storage.git.conflicts import resolve_conflict
        from storage.workspace.store import StorageError

        try:
            resolve_conflict(self.app.store.root, c, project)
        except StorageError as e:  # FileInUseError too (Windows: a scanner holds the file)
            self.app.call_from_thread(self._failed, str(e))
            return
        except OSError as e:  # no permission, disk full …: said, not a crash of the editor
            from storage.os_errors import os_error_text

            self.app.call_from_thread(self._failed, os_error_text(e, c.rel, "写入"))
            return
        self.app.call_from_thread(self._written, c.rel)

    def _failed(self, message: str) -> None:
        self.busy = False
        self.say(Text(message, "red"))

    def _written(self, rel: str) -> None:
        self.busy = False
        self.resolved.append(rel)
        self.app.conflict_resolved(rel)
        self.next()

    def next(self) -> None:
        if self.index + 1 < len(self.rels):
            self.index += 1
            self.open_current()
        else:
            self.dismiss(self.resolved)

    def action_close(self) -> None:
        if self.conflict is None and self.index + 1 < len(self.rels):
            self.next()  # skip a file jixiao cannot merge
            return
        self.dismiss(self.resolved)
