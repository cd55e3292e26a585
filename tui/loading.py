"""Opening the editor on a folder: the screen paints at once, the workspace is read and
validated in a thread, then the editor's widgets take over.

What paints first is the snapshot a child process made of the workspace (storage.workspace.snapshot:
the tree, the overview and the problems, for a workspace small enough to snapshot quickly), or
else a loading line.

A 10,000-project workspace takes seconds to read; the terminal shows the app meanwhile instead
of staying blank, and the interpreter's start (importing textual) is not added to the reading.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from textual.widgets import Static

from model.text import escaped

if TYPE_CHECKING:
    from model.history import EditSession
    from storage.workspace.store import Store


class Loading(Protocol):
    """The app being opened on a folder (tui.app.JixiaoApp): what reading it uses."""

    workspace_root: Path
    prefetch: Any  # storage.workspace.parsing.ParallelParse, or None
    summary: Any  # the snapshot's, or None when there is none on screen
    load_error: str | None
    title: str
    sub_title: str

    async def workspace_loaded(self, store: Store, session: EditSession) -> None: ...

    def run_worker(self, work: Any, *, thread: bool = False, group: str = "default", name: str = "") -> Any: ...

    def call_from_thread(self, callback: Any, *args: Any, **kwargs: Any) -> Any: ...

    def exit(self, result: Any = None, return_code: int = 0, message: Any = None) -> None: ...


def compose_loading(root: Path):
    yield Static(escaped(f"正在读取工作区 {root} …"), id="loading", markup=False)


def read_workspace(root: Path, prefetch=None) -> tuple[Store, EditSession]:
    """Read the folder and validate everything, with the cyclic garbage collector paused.

    Reading builds hundreds of thousands of objects that all stay alive; each full collection
    while they are made would walk all of them again. Afterwards they are frozen (moved out of
    the collector's view) so that no later collection walks them either, and the collector is
    on again (``jixiao WORKSPACE`` pauses it from its start: the imports build many objects too)."""
    from storage.workspace import editing
    from storage.workspace.store import Store

    gc.disable()
    try:
        store = Store.open(root, prefetch=prefetch)
        session = editing.open_session(store)
    finally:
        gc.freeze()
        gc.enable()
    return store, session


def start(app: Loading) -> None:
    """Called on mount when the app was given a folder: read it in a thread worker."""
    if app.summary is None:  # no snapshot on screen: say what is happening
        app.title = "jixiao"
        app.sub_title = "正在读取工作区…"
    app.run_worker(lambda: _load(app), thread=True, group="load", name="读取工作区")


def _load(app: Loading) -> None:
    from storage.workspace.store import StorageError

    try:
        store, session = read_workspace(app.workspace_root, app.prefetch)
        app.prefetch = None
    except StorageError as e:
        app.call_from_thread(_failed, app, str(e))
        return
    app.call_from_thread(app.workspace_loaded, store, session)


def _failed(app: Loading, message: str) -> None:
    app.load_error = message
    app.exit(return_code=2)
