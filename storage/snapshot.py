"""A snapshot of a workspace for the editor's first screen, made by a child process.

``jixiao WORKSPACE`` starts a child interpreter that reads and validates the workspace and
hands back, pickled, what the first screen shows (model.summary: the tree's names and marks,
the overview, every diagnostic) plus the unreadable files. Meanwhile the editor imports
textual on the other core; it paints from the snapshot, then loads the models (pydantic) and
reads the workspace itself in a thread. Only for workspaces that the child reads quickly; a
large one paints a loading line instead (tui.loading).

The child's result is trusted data from our own interpreter, so pickle is fine here.
"""

from __future__ import annotations

# Only what starting the child needs is imported at the top: the editor spawns it before it
# imports anything else, and the sooner it starts the sooner its snapshot is ready.
import os
import subprocess
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from model.diagnostic import Diagnostic
    from model.summary import FrozenSummary


class Snapshot:
    __slots__ = ("summary", "broken")

    def __init__(self, summary: FrozenSummary, broken: dict[str, Diagnostic]) -> None:
        self.summary = summary
        self.broken = broken  # unreadable files by path, as Store.broken


def take(root: str | os.PathLike[str]) -> Snapshot:
    """Read and validate the workspace here (raises storage.store.StorageError)."""
    from pathlib import Path

    from model.summary import LiveSummary, freeze

    from .editing import open_session
    from .store import Store

    store = Store.open(Path(root), jobs=1)
    return Snapshot(freeze(LiveSummary(open_session(store), store.problems)), dict(store.broken))


def child_main() -> None:
    """Entry of the child: the workspace folder in argv; ("ok", Snapshot) or ("error", message)
    pickled on stdout."""
    import gc
    import pickle

    gc.disable()  # the imports and the reading only make objects that stay until the child exits
    from .store import StorageError

    try:
        result = ("ok", take(sys.argv[1]))
    except StorageError as e:
        result = ("error", str(e))
    pickle.dump(result, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()


class SnapshotError(Exception):
    """The workspace cannot be read (missing or broken jixiao.toml …): the message says why."""


class SnapshotChild:
    """A child interpreter taking the snapshot of ``root``; ``result()`` waits for it."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        # jixiao uses no pydantic plugins; looking for them costs the child ~40 ms of start-up
        env.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
        code = "from storage.snapshot import child_main; child_main()"
        self.proc: subprocess.Popen | None = None
        if getattr(sys, "frozen", False):
            return
        try:
            self.proc = subprocess.Popen([sys.executable, "-c", code, str(root)], stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env)
        except OSError:
            self.proc = None

    def result(self, timeout: float = 10.0) -> Snapshot | None:
        """The snapshot; None when the child could not make one (the editor then paints a
        loading line and reads the workspace itself). Raises SnapshotError with the reason
        when the workspace cannot be read."""
        if self.proc is None:
            return None
        try:
            out, _ = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.communicate()
            return None
        if self.proc.returncode != 0:
            return None
        import pickle

        try:
            kind, value = pickle.loads(out)
        except Exception:
            return None
        if kind == "error":
            raise SnapshotError(value)
        return value
