"""A snapshot of a workspace for the editor's first screen, made by a child process.

``jixiao WORKSPACE`` starts a child process (a fork where the system has one, else a new
interpreter) that reads and validates the workspace and hands back, pickled, what the first screen shows (model.summary: the tree's names and marks,
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

from model.errors import JixiaoError

if TYPE_CHECKING:
    from model.diagnostic import Diagnostic
    from model.summary import FrozenSummary


class Snapshot:
    __slots__ = ("summary", "broken")

    def __init__(self, summary: FrozenSummary, broken: dict[str, Diagnostic]) -> None:
        self.summary = summary
        self.broken = broken  # unreadable files by path, as Store.broken


def take(root: str | os.PathLike[str]) -> Snapshot:
    """Read and validate the workspace here (raises storage.workspace.store.StorageError)."""
    from pathlib import Path

    from model.summary import LiveSummary, freeze
    from storage.workspace.editing import open_session
    from storage.workspace.store import Store

    store = Store.open(Path(root), jobs=1)
    return Snapshot(freeze(LiveSummary(open_session(store), store.problems)), dict(store.broken))


def _answer(root: str | os.PathLike[str]) -> bytes:
    """What the child hands back, pickled: ("ok", Snapshot) or ("error", message)."""
    import gc
    import pickle

    gc.disable()  # the imports and the reading only make objects that stay until the child exits
    from storage.workspace.store import StorageError

    try:
        result = ("ok", take(root))
    except StorageError as e:
        result = ("error", str(e))
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def child_main() -> None:
    """Entry of a spawned child: the workspace folder in argv, the answer on stdout."""
    sys.stdout.buffer.write(_answer(sys.argv[1]))
    sys.stdout.buffer.flush()


class SnapshotError(JixiaoError):
    """The workspace cannot be read (missing or broken jixiao.toml …): the message says why."""


class SnapshotChild:
    """A child process taking the snapshot of ``root``; ``result()`` waits for it.

    Where the system can, the child is a fork of this process, made before it imports anything
    heavy: it has no interpreter to start, so its snapshot is ready sooner. Elsewhere (Windows)
    it is a new interpreter."""

    def __init__(self, root: str | os.PathLike[str], fork: bool | None = None) -> None:
        """``fork``: fork this process (default: where the system can)."""
        self.proc: subprocess.Popen | None = None
        self._pid = 0  # the forked child
        self._fd = -1  # the read end of its pipe
        if getattr(sys, "frozen", False):
            return
        if hasattr(os, "fork") if fork is None else fork:
            self._fork(root)
        else:
            self._spawn(root)

    def _spawn(self, root: str | os.PathLike[str]) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        env.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")  # see _fork
        code = "from storage.workspace.snapshot import child_main; child_main()"
        try:
            self.proc = subprocess.Popen([sys.executable, "-c", code, str(root)], stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env)
        except OSError:
            self.proc = None

    def _fork(self, root: str | os.PathLike[str]) -> None:
        r, w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            return self._spawn(root)
        if pid == 0:  # the child: answer through the pipe, then end without the parent's exit handlers
            code = 1
            try:
                os.close(r)
                null = os.open(os.devnull, os.O_RDWR)  # nothing of the child's may reach the terminal
                for fd in (0, 1, 2):
                    os.dup2(null, fd)
                # jixiao uses no pydantic plugins; looking for them costs ~40 ms of start-up
                os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
                data = _answer(root)
                with os.fdopen(w, "wb") as f:
                    f.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(w)
        self._pid, self._fd = pid, r

    def _read_fork(self, timeout: float) -> bytes | None:
        import select
        import signal
        import time

        chunks = []
        deadline = time.monotonic() + timeout
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self._fd], [], [], left)[0]:
                    os.kill(self._pid, signal.SIGKILL)
                    os.waitpid(self._pid, 0)
                    return None
                chunk = os.read(self._fd, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            os.close(self._fd)
        _, status = os.waitpid(self._pid, 0)
        return b"".join(chunks) if status == 0 else None

    def result(self, timeout: float = 10.0) -> Snapshot | None:
        """The snapshot; None when the child could not make one (the editor then paints a
        loading line and reads the workspace itself). Raises SnapshotError with the reason
        when the workspace cannot be read."""
        if self._pid:
            out = self._read_fork(timeout)
        elif self.proc is not None:
            try:
                out, _ = self.proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.communicate()
                return None
            if self.proc.returncode != 0:
                return None
        else:
            return None
        if out is None:
            return None
        import pickle

        try:
            kind, value = pickle.loads(out)
        except Exception:
            return None
        if kind == "error":
            raise SnapshotError(value)
        return value


def start_reading(root: str | os.PathLike[str]):
    """Start reading the workspace in child processes, before the caller imports the UI: a
    small one into a snapshot, a large one parsed by children. Returns (SnapshotChild, None)
    or (None, storage.workspace.parsing.ParallelParse)."""
    from storage.workspace.filesource import LARGE_WORKSPACE, workspace_files

    if len(workspace_files(root)) < LARGE_WORKSPACE:
        return SnapshotChild(root), None
    from storage.workspace.parsing import start_prefetch

    return None, start_prefetch(root, at_least=0)  # large: decided above
