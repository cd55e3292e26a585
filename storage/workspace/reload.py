"""Taking files that changed on disk (a git pull, another editor) into an edit session.

The editor's poll names files whose bytes may differ from what the store read; here that is
checked again, the files are taken in the order workspace → unit → project (a unit read again
brings its projects along, so those are skipped), and a file with unsaved edits is not touched
but reported as a conflict for the user to decide. Each file gives a ``Reload`` that says what
happened; the editor turns it into a notification and a redraw.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal

from model.filekey import WORKSPACE_KEY, FileKey
from model.history import Change, EditSession
from storage.workspace import editing
from storage.workspace.confine import read_bytes
from storage.workspace.store import Store, fingerprint

Outcome = Literal["reloaded", "conflict", "missing", "unreadable", "unlisted", "skipped"]
ORDER = {"workspace": 0, "unit": 1, "project": 2}


@dataclass(frozen=True)
class Reload:
    """What became of one changed file.

    - ``reloaded``: the disk version is in the session as ``change`` (undoable);
    - ``conflict``: the file has unsaved edits: nothing was read, the user decides;
    - ``missing``: a project deleted on disk that the session still holds (saved again later);
    - ``unreadable``: the disk version cannot be read (``message`` says why); the session's
      version stays;
    - ``unlisted``: a unit file whose unit the workspace does not list;
    - ``skipped``: nothing to show (e.g. a deleted unit file).

    ``rel`` is the file the editor names (the unit's file when a new project made the whole unit
    be read); ``looked_at`` the files whose disk version was taken or read."""

    rel: str
    outcome: Outcome
    change: Change | None = None
    key: FileKey | None = None
    message: str = ""
    looked_at: tuple[str, ...] = ()


def really_changed(store: Store, rels: list[str]) -> list[str]:
    """The files among ``rels`` whose bytes on disk differ from the store's fingerprint now."""
    out = []
    for rel in rels:
        try:
            now = fingerprint(read_bytes(store.root, rel))
        except OSError:
            now = None
        if now != store.fingerprints.get(rel):
            out.append(rel)
    return out


def has_edits(store: Store, session: EditSession, key: FileKey, rel: str) -> bool:
    """Unsaved edits that reading ``rel`` again would replace (a unit's: any of its files)."""
    if key.kind == "workspace":
        return session.is_dirty(WORKSPACE_KEY)
    if key.kind == "unit" or rel in store.broken:
        return session.unit_dirty(key.unit_id)
    return session.is_dirty(key)


def disk_changes(store: Store, session: EditSession, rels: list[str]) -> Iterator[Reload]:
    """Take the changed files among ``rels`` into the session, one at a time (the caller shows
    each before the next is read)."""
    real = really_changed(store, rels)
    keyed = sorted(((editing.key_of(r), r) for r in real if editing.key_of(r)), key=lambda kr: ORDER[kr[0].kind])
    reloaded_units: set[str] = set()
    for key, rel in keyed:
        if key.kind == "project" and key.unit_id in reloaded_units:
            continue
        if has_edits(store, session, key, rel):
            yield Reload(rel, "conflict")
            continue
        result = reload_file(store, session, rel)
        if result.outcome == "reloaded" and key.kind == "unit":
            reloaded_units.add(key.unit_id)
        yield result


def reload_file(store: Store, session: EditSession, rel: str) -> Reload:
    """Take the disk version of ``rel`` into the session, whatever its edits."""
    result = _reload(store, session, rel)
    return replace(result, looked_at=(rel, *result.looked_at))


def _reload(store: Store, session: EditSession, rel: str) -> Reload:
    key = editing.key_of(rel)
    if not editing.exists(store, rel):
        editing.forget_deleted(store, rel)
        if key.kind == "project" and session.project(key.unit_id, key.project_id) is not None:
            session.mark_missing(key)
            return Reload(rel, "missing", key=key)
        return Reload(rel, "skipped")
    if key.kind == "workspace":
        got = editing.read_workspace(store, {u.id: u for u in session.ws.units})
        if got is None:
            return _unreadable(store, rel)
        return Reload(rel, "reloaded", session.reload_workspace(*got))
    if key.kind == "unit" or rel in store.broken:
        unit = session.unit(key.unit_id)
        fresh = editing.read_unit(store, key.unit_id)
        if fresh is None:
            return _unreadable(store, f"{key.unit_id}/unit.toml")
        if unit is None:
            return Reload(rel, "unlisted")
        return Reload(rel, "reloaded", session.reload_unit(unit, fresh))
    found = session.project(key.unit_id, key.project_id)
    unit = session.unit(key.unit_id)
    if unit is None:
        return Reload(rel, "skipped")
    fresh = editing.read_project(store, unit, key.project_id)
    if fresh is None:
        return _unreadable(store, rel)
    if found is None:  # a project the unit did not have: read the whole unit again
        return reload_file(store, session, f"{key.unit_id}/unit.toml")
    return Reload(rel, "reloaded", session.reload_project(found[0], found[1], fresh))


def _unreadable(store: Store, rel: str) -> Reload:
    d = store.broken.get(rel)
    return Reload(rel, "unreadable", message=d.message if d else "")
