"""The jixiao editor: tree left, form right, problems below.

The app wires widgets to an edit session (model.history) and a store (storage): every edit goes
through ``edit()``, which applies it to the session and then redraws only what it touched. Here
live the layout, showing, editing and going places; the actions come from mixins in
tui/actions/ (structure from the tree, saving, changes on disk and the recovery journal, bulk
entry, git), which see the app through ``tui.actions.host.EditorHost``. Disk I/O runs in thread
workers that hand their results back to the UI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal
from textual.widgets import ContentSwitcher, Header

from model.diagnostic import WORKSPACE_LABELS, Diagnostic, count
from model.summary import LiveSummary, Summary
from model.text import escaped
from tui import keys, loading
from tui.actions.bulk import BulkActions
from tui.actions.comments import CommentActions
from tui.actions.compare import CompareActions
from tui.actions.disk import DiskActions
from tui.actions.git import GitActions
from tui.actions.saving import SavingActions
from tui.actions.structure import StructureActions
from tui.actions.undoing import UndoActions
from tui.key_order import InOrderInput
from tui.palette import PaletteActions, ProjectProvider
from tui.screens.help import HelpScreen
from tui.widgets.footer import KeyFooter
from tui.widgets.overview import WorkspaceView
from tui.widgets.problems import ProblemsPanel
from tui.widgets.tree import Ref, WorkspaceTree
from tui.widgets.tree_side import TreeSide

# The models (pydantic), storage and the project and unit forms are imported where they are
# used: ``jixiao WORKSPACE`` paints its first screen from a snapshot before it has loaded them.
if TYPE_CHECKING:
    from model.history import Change, EditSession
    from storage.workspace.snapshot import Snapshot
    from storage.workspace.store import Store


# the right-hand forms by the kind of node they show
VIEWS = {"workspace": "view-ws", "unit": "view-unit", "project": "view-project", "broken": "view-broken"}


class JixiaoApp(InOrderInput, PaletteActions, UndoActions, StructureActions, CommentActions, SavingActions, DiskActions,
                BulkActions, GitActions, CompareActions, App):
    CSS_PATH = Path(__file__).with_name("app.tcss")
    BINDINGS = keys.APP
    COMMANDS = App.COMMANDS | {ProjectProvider}
    COMMAND_PALETTE_DISPLAY = "ctrl+p"
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, store: Store | None = None, goto: str | None = None, poll_seconds: float = 2.0,
                 journal_seconds: float = 3.0, recover: bool = True, root: str | Path | None = None,
                 snapshot: Snapshot | None = None) -> None:
        """Either an opened ``store``, or the ``root`` folder of a workspace, read in a thread
        (see loading.py) while the screen shows the ``snapshot`` a child process made of it
        (storage.workspace.snapshot), or without one a loading line."""
        super().__init__()
        self.store = store
        self.session: EditSession | None = None
        self.summary: Summary | None = None  # what the tree, overview and title show
        self.broken = snapshot.broken if snapshot is not None else {}  # unreadable files
        if store is not None:
            from storage.workspace import editing

            self.session = editing.open_session(store)
            self.summary = LiveSummary(self.session, store.problems)
            self.broken = store.broken
        elif snapshot is not None:
            self.summary = snapshot.summary
        self.workspace_root = Path(root) if store is None else Path(store.root)
        self.load_error: str | None = None  # why the workspace could not be read (exit code 2)
        self.prefetch = None  # storage.workspace.parsing.ParallelParse already parsing workspace_root
        self.goto = goto
        self.poll_seconds = poll_seconds
        self.journal_seconds = journal_seconds
        self.recover = recover
        self.keymap, self.keymap_problems = keys.load_keymap()
        self.current: Ref = Ref("workspace")
        self.crash: Exception | None = None  # an unexpected error that ended the editor
        self.crash_journal: Path | None = None  # where the unsaved edits went on the way out

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error ends the editor without Textual's traceback screen: the unsaved
        edits go to the recovery journal at once, and ``run_app`` re-raises the error for the
        command line's last-resort handler (a short message and a log file, tui.cli.crash)."""
        if self.crash is None:
            self.crash = error
            self.crash_journal = self.save_journal_now()
        self._return_code = 1
        if self._exception is None:  # as App does: run_test re-raises it (tests see the bug)
            self._exception = error
            self._exception_event.set()
        self._close_messages_no_wait()

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        if self.summary is None:
            yield from loading.compose_loading(self.workspace_root)
            return
        with Horizontal(id="main"):
            yield TreeSide(self.summary, self.broken, id="side")
            with ContentSwitcher(initial="view-ws", id="right"):
                # composed with what it shows: the first screen is drawn once, not filled in after
                yield WorkspaceView(self.summary.overview() if self.session is None else None, id="view-ws")
                if self.session is not None:
                    yield from self.forms()
        yield ProblemsPanel(id="problems")
        yield KeyFooter()

    def forms(self) -> list:
        """The unit, project and unreadable-file views (they need the models)."""
        from tui.widgets.editors import BrokenView, ProjectEditor, UnitEditor

        return [UnitEditor(id="view-unit"), ProjectEditor(self.session, id="view-project"),
                BrokenView(id="view-broken")]

    def view(self, kind: str):
        """The right-hand form for a "workspace", "unit", "project" or "broken" (file) node."""
        return self.query_one(ContentSwitcher).get_child_by_id(VIEWS[kind])

    @property
    def tree_widget(self) -> WorkspaceTree:
        return self.query_one(WorkspaceTree)

    @property
    def problems_widget(self) -> ProblemsPanel:
        return self.query_one(ProblemsPanel)

    def on_mount(self) -> None:
        if self.session is not None:
            self.start_editing()
            return
        if self.summary is not None:  # the snapshot: shown now, keys wait for the workspace
            self.hold_input()
            self.paint_summary()
            self.tree_widget.focus()
            # the reading thread would hold up this first paint (it shares the interpreter)
            self.call_after_refresh(loading.start, self)
            return
        loading.start(self)

    async def workspace_loaded(self, store: Store, session: EditSession) -> None:
        """The thread has read the workspace: from now on the screen shows the session."""
        shown = self.summary is not None
        self.store, self.session = store, session
        self.summary = LiveSummary(session, store.problems)
        self.broken = store.broken
        if shown:
            tree = self.tree_widget
            tree.summary, tree.broken = self.summary, self.broken
            forms = self.forms()
            for form in forms:  # the switcher hides only the children it had when it was mounted
                form.display = False
            await self.query_one(ContentSwitcher).mount_all(forms)
        else:
            await self.recompose()
        self.start_editing()
        self.screen.refresh_bindings()  # the footer: the keys that work now (the tree's are the app's)
        self.release_input()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.session is None:  # still reading the workspace: only help and quitting
            return action in ("quit", "help")
        return super().check_action(action, parameters)

    def start_editing(self) -> None:
        """The workspace is read: fill the tree, the views and the problems; start polling."""
        if self.keymap:
            self.set_keymap(self.keymap)
        for problem in self.keymap_problems:
            self.notify(problem, severity="warning", timeout=8)
        self.paint_summary()
        if self.goto:
            self.goto_name(self.goto)
        else:
            self.tree_widget.focus()
        self.refresh_git_marks()
        self.start_compare()
        if self.poll_seconds:
            self.set_interval(self.poll_seconds, self.poll_disk)
        if self.journal_seconds:
            self.set_interval(self.journal_seconds, self.write_journal)
        if self.recover:
            self.offer_recovery()

    # -- showing ------------------------------------------------------------------------------

    def paint_summary(self) -> None:
        """Tree, problems, title and the workspace's overview, from the summary."""
        self.tree_widget.build()
        self.refresh_problems()
        self.update_title()
        self.show(Ref("workspace"))

    def show(self, ref: Ref) -> None:
        if ref.kind != "workspace" and self.session is None:  # its form comes with the models
            return
        if ref.kind != "project" and self.current.kind == "project":
            # a cell being edited there is left as when another project is chosen: the edit bar
            # closes (and with it Screen.-editing, which folds the problems panel)
            self.view("project").close_bar()
        self.current = ref
        switcher = self.query_one(ContentSwitcher)
        if ref.kind == "project":
            found = self.session.project(ref.unit_id, ref.project_id)
            if found is None:
                return self.show(Ref("workspace"))
            switcher.current = VIEWS["project"]
            self.view("project").show(*found)
        elif ref.kind == "unit":
            u = self.session.unit(ref.unit_id)
            if u is None:
                return self.show(Ref("workspace"))
            switcher.current = VIEWS["unit"]
            self.view("unit").show(u)
        elif ref.kind == "broken":
            switcher.current = VIEWS["broken"]
            d = self.store.broken.get(ref.file)
            try:
                text = (Path(self.store.root) / ref.file).read_text("utf-8", errors="replace")
            except OSError as e:
                text = f"（无法读取：{e}）"
            if d is not None:
                self.view("broken").show(d, text)
        else:
            switcher.current = VIEWS["workspace"]
            self.view("workspace").show(self.summary.overview())

    def refresh_view(self) -> None:
        self.show(self.current)

    def all_diagnostics(self) -> list[Diagnostic]:
        return self.summary.diagnostics()

    def refresh_problems(self) -> None:
        self.problems_widget.set_diagnostics(self.all_diagnostics())

    def on_edit_bar_toggled(self, event) -> None:
        """A cell editor opened or closed: while it is open the problems panel and the project's
        fields give it their rows (``Screen.-editing`` in app.tcss)."""
        event.bar.screen.set_class(event.shown, "-editing")
        self.problems_widget.fit()

    def notify(self, message: str, *, title: str = "", **kw):  # type: ignore[override]
        """Every notification with its control characters escaped (they quote names, paths), and
        as plain text: a Windows path's ``\\[`` or a folder named ``[/]`` is no markup."""
        kw.setdefault("markup", False)
        return super().notify(escaped(message, multiline=True), title=escaped(title), **kw)

    def update_title(self) -> None:
        self.title = escaped(f"jixiao · {self.summary.department() or self.workspace_root.name}")
        n = self.summary.dirty_count()
        errors, warnings = count(self.all_diagnostics())
        state = f"● {n} 个文件未保存" if n else "已保存"
        self.sub_title = f"{state} · {errors} 错误 {warnings} 警告"

    def on_tree_node_highlighted(self, event: WorkspaceTree.NodeHighlighted) -> None:
        self.query_one(TreeSide).show_name(event.node.data)
        if event.node.data is not None and event.node.data != self.current:
            self.show(event.node.data)

    def on_tree_node_selected(self, event: WorkspaceTree.NodeSelected) -> None:
        ref = event.node.data
        if ref is None or self.session is None:  # a click on the snapshot: its forms are not there yet
            return
        self.show(ref)
        if ref.kind == "project":  # a unit opens or closes (the Tree does it); focus stays
            self.view(ref.kind).focus_field()

    # -- editing ------------------------------------------------------------------------------

    def edit(self, fn: Callable[[EditSession], Change | None], raise_errors: bool = False) -> Change | None:
        """Apply one edit to the session and redraw what it touched."""
        from model.history import EditError

        try:
            change = fn(self.session)
        except EditError as e:
            if raise_errors:
                raise
            self.notify(str(e), severity="error")
            return None
        if change is not None:
            self.after_change(change)
        return change

    def after_change(self, change: Change) -> None:
        from model.history import WORKSPACE_KEY

        tree = self.tree_widget
        files = change.files
        if WORKSPACE_KEY in files and self._units_changed(change):
            tree.sync_structure()
        for k in files:
            if k.kind == "unit":
                tree.sync_unit(k.unit_id)
        renamed = any(getattr(op, "attr", "") == "name" for op in change.ops)
        tree.relabel(files, all_projects=renamed or any(k.kind == "unit" for k in files))
        self.query_one(TreeSide).show_name(tree.current)  # a rename: the whole name under the tree
        self.refresh_view()
        self.refresh_problems()
        self.update_title()

    def _units_changed(self, change: Change) -> bool:
        return set(self.tree_widget.unit_nodes) != {u.id for u in self.session.ws.units} or any(
            getattr(op, "attr", "") == "units" for op in change.ops)

    def reveal(self, uid: str, pid: str = "") -> None:
        self.tree_widget.reveal(uid, pid)
        if pid:
            self.show(Ref("project", uid, pid))
        elif uid:
            self.show(Ref("unit", uid))
        else:
            self.show(Ref("workspace"))

    # -- going places -------------------------------------------------------------------------

    def goto_name(self, name: str) -> bool:
        for u, p in self.session.ws.projects():
            if name in p.name:
                self.goto_project(u.id, p.id, last_row=True)
                return True
        self.notify(f"没有名称包含「{name}」的项目", severity="warning")
        self.tree_widget.focus()
        return False

    def goto_project(self, uid: str, pid: str, last_row: bool = False) -> None:
        self.reveal(uid, pid)
        form = self.view("project")
        form.focus_field("indicators")
        if last_row:
            form.move_to_cell(-1)

    def action_goto(self) -> None:
        self.action_command_palette()

    def on_problems_panel_jump(self, event: ProblemsPanel.Jump) -> None:
        if self.session is not None:
            self.jump_to(event.diagnostic)

    def jump_to(self, d: Diagnostic) -> None:
        if d.rule == "S1" and d.file in self.store.broken:
            uid = d.file.split("/")[0] if "/" in d.file else ""
            self.tree_widget.reveal_file(d.file)
            ref = self.tree_widget.current
            self.show(ref if ref is not None and ref.kind == "broken" else Ref("broken", uid, file=d.file))
            return
        if d.project_id:
            self.reveal(d.unit_id, d.project_id)
            if d.indicator is not None or d.field:
                self.view("project").focus_field(d.field, None if d.indicator is None else d.indicator - 1)
        elif d.unit_id:
            self.reveal(d.unit_id)
            self.view("unit").focus_field(d.field)
        else:
            self.reveal("")
            if d.field in WORKSPACE_LABELS:  # the title or the department (T2)
                self.view("workspace").focus_field(d.field)

    def action_cycle_focus(self) -> None:
        tree, problems = self.tree_widget, self.problems_widget
        focused = self.focused
        if focused is tree:
            if self.current.kind != "broken":
                self.view(self.current.kind).focus_field()
            else:
                problems.focus()
        elif focused is problems:
            tree.focus()
        else:
            problems.focus()

    # -- commands -----------------------------------------------------------------------------

    def get_system_commands(self, screen):
        yield SystemCommand("转到项目", "按名称查找项目（直接输入项目名称的一部分）", self.action_goto)
        yield SystemCommand("检查", "重新检查整个工作区", self.action_check)
        yield SystemCommand("导出 XLSX", "导出公开格式的项目支出绩效目标表、逐项目申报表或指标清单（XLSX/CSV）", self.action_export)
        yield SystemCommand("新增项目", "在当前单位中新增项目", self.action_new_project)
        yield SystemCommand("新增单位", "新增一个单位", self.action_new_unit)
        yield SystemCommand("保存", "保存所有修改过的文件", self.action_save)
        yield from self.bulk_commands()
        yield from self.comment_commands()
        for name, help_text, callback in (*self.git_commands(), *self.compare_commands()):
            yield SystemCommand(name, help_text, callback)
        yield SystemCommand("帮助", "按键与用法", self.action_help)
        yield SystemCommand("退出", "退出 jixiao", self.action_quit)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.keymap, str(keys.keymap_path())))

    def action_check(self) -> None:
        self.session.revalidate_all()
        self.tree_widget.relabel_all()
        self.refresh_problems()
        self.refresh_view()
        self.update_title()
        errors, warnings = count(self.all_diagnostics())
        self.notify(f"检查完成：{errors} 个错误，{warnings} 个警告", severity="error" if errors else "information")
        self.poll_disk()

    def action_export(self) -> None:
        from tui.screens.export import ExportDialog  # its radio buttons are not needed for the first screen

        self.push_screen(ExportDialog(self.store, self.session, self.all_diagnostics()))


def run_app(workspace: Store | str | Path, goto: str | None = None, prefetch=None,
            snapshot: Snapshot | None = None) -> int:
    """Run the editor on an opened store, or on a folder (read in the background; ``prefetch``:
    its files already being parsed, see ``storage.workspace.parsing.start_prefetch``; ``snapshot``: shown
    meanwhile, see ``storage.workspace.snapshot``)."""
    if not isinstance(workspace, (str, Path)):  # an opened Store
        app = JixiaoApp(workspace, goto=goto)
    else:
        app = JixiaoApp(root=workspace, goto=goto, snapshot=snapshot)
        app.prefetch = prefetch
    app.run()
    if app.crash is not None:
        if app.crash_journal is not None:
            import sys

            from tui.text.console import write

            write(sys.stderr, escaped(f"jixiao: 未保存的修改已写入 {app.crash_journal}，下次打开工作区时可以恢复") + "\n")
        raise app.crash
    if app.load_error:
        import sys

        from tui.text.console import write

        write(sys.stderr, escaped(f"jixiao: {app.load_error}", multiline=True) + "\n")
        return 2
    return app.return_code or 0
