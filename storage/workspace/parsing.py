"""Reading one TOML file's bytes into data, as a plain result that can cross processes.

Kept free of pydantic and the model so a worker process that only parses starts in
milliseconds (``spawn`` imports just this module).
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

from storage.workspace.confine import Refused, read_regular
from storage.workspace.conflict_markers import CONFLICT_MESSAGE, conflict_marker_line
from storage.workspace.filesource import LARGE_WORKSPACE, workspace_files  # noqa: F401  (workspace_files: re-exported)

_LINE = re.compile(r"line (\d+)")

# ("ok", data) | ("error", message, line | None)
Parsed = tuple


def fingerprint(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def parse_bytes(raw: bytes) -> Parsed:
    try:
        text = raw.decode("utf-8")
        if text[:1] == "\ufeff":  # Notepad's "UTF-8 with BOM"; saving keeps it (storage.toml.textform)
            text = text[1:]
        return ("ok", tomllib.loads(text, parse_float=Decimal))
    except UnicodeDecodeError as e:
        return ("error", "文件不是 UTF-8 编码", raw[: e.start].count(b"\n") + 1)
    except tomllib.TOMLDecodeError as e:
        if (marker := conflict_marker_line(raw)) is not None:  # a merge left markers, not a typo
            return ("error", CONFLICT_MESSAGE, marker)
        m = _LINE.search(str(e))
        return ("error", f"TOML 语法错误：{e}", int(m.group(1)) if m else None)


def read_one(read: Callable[[str], tuple[bytes, Any]], rel: str) -> tuple[str | None, Parsed]:
    """(fingerprint, Parsed) of one file read with ``read`` (``DiskFiles.read`` or
    ``confine.read_regular``); a good file's Parsed is ("ok", data, its identity), a file not
    read gives (None, ("missing",) | ("oserror", text) | ("refused", text, rule))."""
    try:
        raw, ident = read(rel)
    except FileNotFoundError:
        return None, ("missing",)
    except Refused as e:  # a link, not a regular file, too large (confine)
        return None, ("refused", e.message, e.rule)
    except OSError as e:
        return None, ("oserror", e.strerror)
    parsed = parse_bytes(raw)
    return fingerprint(raw), (("ok", parsed[1], ident) if parsed[0] == "ok" else parsed)


def read_and_parse(root: str, rels: list[str]) -> list[tuple[str, Any, Any]]:
    """For each path: (rel, fingerprint, Parsed) as ``read_one`` gives them."""
    read = partial(read_regular, root)
    return [(rel, *read_one(read, rel)) for rel in rels]


def worker_main() -> None:
    """Entry of a parsing worker process: a pickled (root, rels) on stdin, results on stdout."""
    import pickle
    import sys

    root, rels = pickle.load(sys.stdin.buffer)
    pickle.dump(read_and_parse(root, rels), sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()


class ParallelParse:
    """``read_and_parse`` spread over plain child interpreters that import only this module.

    With ``own_share`` this process parses one share itself when ``results()`` is called;
    without, every share goes to a child, so this process is free meanwhile (e.g. to import
    the UI). A child that cannot start or fails has its share parsed here."""

    def __init__(self, root: str, rels: list[str], jobs: int, own_share: bool = True) -> None:
        import pickle
        import subprocess
        import sys
        import threading

        self.root = root
        chunks = [rels[i::jobs] for i in range(jobs)]
        chunks = [c for c in chunks if c]
        self._own = chunks[0] if own_share and chunks else []
        self._children: list[tuple[list[str], Any, Any]] = []
        self._outputs: dict[int, bytes] = {}
        todo = chunks[1:] if own_share else chunks
        if getattr(sys, "frozen", False):
            self._own = rels
            return
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        code = "from storage.workspace.parsing import worker_main; worker_main()"

        def talk(i: int, proc: Any, chunk: list[str]) -> None:
            try:
                self._outputs[i] = proc.communicate(pickle.dumps((root, chunk)))[0]
            except OSError:
                self._outputs[i] = b""

        for i, chunk in enumerate(todo):
            try:
                proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
            except OSError:
                self._own = self._own + chunk
                continue
            thread = threading.Thread(target=talk, args=(i, proc, chunk), daemon=True)
            thread.start()
            self._children.append((chunk, proc, thread))

    def results(self) -> list[tuple[str, Any, Any]]:
        import pickle

        results = read_and_parse(self.root, self._own)
        for i, (chunk, proc, thread) in enumerate(self._children):
            thread.join()
            try:
                part = pickle.loads(self._outputs.get(i, b"")) if proc.returncode == 0 else None
            except Exception:
                part = None
            results.extend(part if part is not None else read_and_parse(self.root, chunk))
        self._children = []
        return results


def parse_in_parallel(root: str, rels: list[str], jobs: int) -> list[tuple[str, Any, Any]]:
    """``read_and_parse`` over ``jobs`` processes: this one and ``jobs - 1`` children."""
    return ParallelParse(root, rels, jobs).results()


def start_prefetch(root: str | os.PathLike[str], jobs: int | None = None,
                   at_least: int = LARGE_WORKSPACE) -> ParallelParse | None:
    """Start parsing a large workspace in child processes right away (before the caller imports
    anything heavy); ``Store.open(root, prefetch=…)`` takes the results. None when small."""
    root = str(root)
    rels = workspace_files(root)
    if len(rels) < at_least:
        return None
    return ParallelParse(root, rels, jobs or min(os.cpu_count() or 1, 8), own_share=False)
