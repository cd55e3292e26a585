"""The recovery journal: unsaved edits written every few seconds, restored after a crash.

It lives in ``WORKSPACE/.jixiao/recovery.json``, outside the tracked data: the folder holds a
``.gitignore`` of ``*`` so git never sees it, and ``jixiao check`` never reads it. The journal
holds the full current state of each dirty file (model.history.EditSession.dirty_states) and
the fingerprints of those files as they were when editing began, so a restore can tell whether
the disk moved on in the meantime.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from model.history import EditSession
from storage.atomic import atomic_write, remove_quietly
from storage.workspace import confine
from storage.workspace.confine import link_on_the_way
from storage.workspace.editing import key_of, rel_of
from storage.workspace.store import Store, fingerprint

FOLDER = ".jixiao"
FILE = "recovery.json"
VERSION = 1
JOURNAL_LIMIT = 256 << 20  # bytes: the journal holds whole files (all 10,000 after a bulk edit)


def journal_path(root: Path) -> Path:
    return Path(root) / FOLDER / FILE


def journal_data(store: Store, session: EditSession) -> bytes:
    """The journal's bytes for the session's dirty files (taken on the UI thread; cheap)."""
    states = session.dirty_states()
    base = {rel_of(k): store.fingerprints.get(rel_of(k)) for k in session.dirty}
    data = {"version": VERSION, "written": time.strftime("%Y-%m-%d %H:%M:%S"), "base": base, "states": states}
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def _confined(root: Path, rel: str) -> None:
    """``confine.Refused`` (an OSError, which the editor shows) when ``.jixiao`` or a file in it
    is a link: the journal is never written, read or deleted through one, wherever it points."""
    if (why := link_on_the_way(root, rel)) is not None:
        raise confine.Refused(f"{why}，恢复记录未写入（请及时 ctrl+s 保存）；删除这个链接即可", "S3")


def write_journal_data(root: Path, data: bytes) -> Path:
    """Write the journal (may run in a worker thread); ``confine.Refused`` when ``.jixiao`` is a link."""
    _confined(root, f"{FOLDER}/{FILE}")
    _confined(root, f"{FOLDER}/.gitignore")
    folder = Path(root) / FOLDER
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", "utf-8", newline="\n")
    path = journal_path(root)
    atomic_write(path, data)
    return path


def write_journal(store: Store, session: EditSession) -> Path:
    return write_journal_data(store.root, journal_data(store, session))


def read_journal(root: Path) -> dict[str, Any] | None:
    """The journal if there is one with something in it; None otherwise (or when unreadable)."""
    try:
        _confined(root, f"{FOLDER}/{FILE}")
        data = json.loads(confine.read_regular(str(root), f"{FOLDER}/{FILE}", JOURNAL_LIMIT)[0].decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return None
    states = data.get("states") or {}
    if not (states.get("workspace") or states.get("units") or states.get("projects")):
        return None
    return data


def changed_since(store: Store, journal: dict[str, Any]) -> list[str]:
    """Files the journal edited that changed on disk after it was written."""
    out = []
    for rel, fp in (journal.get("base") or {}).items():
        try:
            now = fingerprint(confine.read_bytes(store.root, rel))
        except OSError:
            now = None
        if now != fp:
            out.append(rel)
    return out


def journal_files(journal: dict[str, Any]) -> list[str]:
    return sorted(r for r in (journal.get("base") or {}) if key_of(r) is not None)


def delete_journal(root: Path) -> None:
    if link_on_the_way(root, f"{FOLDER}/{FILE}") is not None:  # not ours to delete
        return
    # retried briefly and never raised: a scanner reading it (Windows) must not end the editor on
    # its way out; a journal left behind only offers edits that are already saved
    remove_quietly(journal_path(root))
