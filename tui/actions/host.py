"""What the action mixins (tui.actions.*) need from the app they are mixed into.

``JixiaoApp`` provides all of it. Each mixin derives from ``EditorMixin``: to a type checker
that is ``EditorHost``, so ``self`` in a mixin is typed by this list (a reader sees which parts
of the app the actions use without opening app.py); at run time it is ``object``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Protocol

if TYPE_CHECKING:
    from pathlib import Path

    from textual.widget import Widget

    from model.history import Change, EditSession
    from model.summary import Summary
    from model.workspace import Project, Unit
    from storage.workspace.store import Store
    from storage.workspace.watch import DiskWatch
    from tui.widgets.problems import ProblemsPanel
    from tui.widgets.tree import Ref, WorkspaceTree


class EditorHost(Protocol):
    # -- what the editor holds ------------------------------------------------------------------
    store: Store
    session: EditSession
    summary: Summary
    workspace_root: Path
    current: Ref  # what the right-hand pane shows
    watch: DiskWatch | None  # set by tui.actions.disk on the first poll
    force: set[str]  # files the user chose to overwrite despite outside changes
    clipboard: str
    focused: Widget | None

    @property
    def tree_widget(self) -> WorkspaceTree: ...

    @property
    def problems_widget(self) -> ProblemsPanel: ...

    # -- editing and showing (tui.app) ----------------------------------------------------------
    def edit(self, fn: Callable[[EditSession], Change | None], raise_errors: bool = False) -> Change | None: ...

    def after_change(self, change: Change) -> None: ...

    def show(self, ref: Ref) -> None: ...

    def reveal(self, uid: str, pid: str = "") -> None: ...

    def view(self, kind: str) -> Any: ...

    def refresh_view(self) -> None: ...

    def refresh_problems(self) -> None: ...

    def update_title(self) -> None: ...

    # -- across the mixins ----------------------------------------------------------------------
    def tree_target(self) -> tuple[Ref, Unit | None, Project | None]: ...  # tui.actions.structure

    def save(self, then: Callable[[], None] | None = None) -> None: ...  # tui.actions.saving

    def reload(self, rel: str) -> bool: ...  # tui.actions.disk

    def ask_conflict(self, rel: str) -> None: ...  # tui.actions.disk

    def files_saved(self, rels: list[str]) -> None: ...  # tui.actions.disk

    def journal_settled(self) -> None: ...  # tui.actions.disk

    def poll_disk(self) -> None: ...  # tui.actions.disk

    def refresh_git_marks(self) -> None: ...  # tui.actions.git

    # -- Textual's App --------------------------------------------------------------------------
    def notify(self, message: str, *, title: str = "", severity: str = "information",
               timeout: float | None = None, markup: bool = True) -> None: ...

    def push_screen(self, screen: Any, callback: Callable[[Any], Any] | None = None) -> Any: ...

    def query_one(self, selector: Any, expect_type: Any = None) -> Any: ...

    def call_from_thread(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> Any: ...

    def exit(self, result: Any = None, return_code: int = 0, message: Any = None) -> None: ...


if TYPE_CHECKING:
    EditorMixin = EditorHost
else:
    EditorMixin = object
