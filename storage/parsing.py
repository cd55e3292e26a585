"""Reading one TOML file's bytes into data, as a plain result that can cross processes.

Kept free of pydantic and the model so a worker process that only parses starts in
milliseconds (``spawn`` imports just this module).
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from decimal import Decimal
from typing import Any

_LINE = re.compile(r"line (\d+)")

# ("ok", data) | ("error", message, line | None)
Parsed = tuple


def fingerprint(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def parse_bytes(raw: bytes) -> Parsed:
    try:
        return ("ok", tomllib.loads(raw.decode("utf-8"), parse_float=Decimal))
    except UnicodeDecodeError as e:
        return ("error", "文件不是 UTF-8 编码", raw[: e.start].count(b"\n") + 1)
    except tomllib.TOMLDecodeError as e:
        m = _LINE.search(str(e))
        return ("error", f"TOML 语法错误：{e}", int(m.group(1)) if m else None)


def read_and_parse(root: str, rels: list[str]) -> list[tuple[str, Any, Any]]:
    """For each path: (rel, fingerprint, Parsed), or (rel, None, ("missing",) | ("oserror", text))."""
    out = []
    for rel in rels:
        try:
            with open(os.path.join(root, rel), "rb") as f:
                raw = f.read()
        except FileNotFoundError:
            out.append((rel, None, ("missing",)))
            continue
        except OSError as e:
            out.append((rel, None, ("oserror", e.strerror)))
            continue
        out.append((rel, fingerprint(raw), parse_bytes(raw)))
    return out


def worker_main() -> None:
    """Entry of a parsing worker process: a pickled (root, rels) on stdin, results on stdout."""
    import pickle
    import sys

    root, rels = pickle.load(sys.stdin.buffer)
    pickle.dump(read_and_parse(root, rels), sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()


def parse_in_parallel(root: str, rels: list[str], jobs: int) -> list[tuple[str, Any, Any]]:
    """``read_and_parse`` over ``jobs`` processes: this one and ``jobs - 1`` plain child
    interpreters that import only this module. A child that fails is redone here."""
    import pickle
    import subprocess
    import sys
    import threading

    chunks = [rels[i::jobs] for i in range(jobs)]
    children = []
    if not getattr(sys, "frozen", False):
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        code = "from storage.parsing import worker_main; worker_main()"
        for chunk in chunks[1:]:
            try:
                proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
            except OSError:
                break
            children.append((chunk, proc))
    outputs: dict[int, bytes] = {}

    def talk(i: int, proc: subprocess.Popen, chunk: list[str]) -> None:
        try:
            outputs[i] = proc.communicate(pickle.dumps((root, chunk)))[0]
        except OSError:
            outputs[i] = b""

    threads = []
    for i, (chunk, proc) in enumerate(children, 1):
        t = threading.Thread(target=talk, args=(i, proc, chunk), daemon=True)
        t.start()
        threads.append(t)
    results = read_and_parse(root, chunks[0])
    taken = {0}
    # this process parsed its share while the children parsed theirs; now collect those
    for i, ((chunk, proc), t) in enumerate(zip(children, threads), 1):
        t.join()
        try:
            part = pickle.loads(outputs[i]) if proc.returncode == 0 else None
        except Exception:
            part = None
        if part is not None:
            results.extend(part)
            taken.add(i)
    for i, chunk in enumerate(chunks):
        if i not in taken:
            results.extend(read_and_parse(root, chunk))
    return results
