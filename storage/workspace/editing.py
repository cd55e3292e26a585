"""Saving and reloading the files of an edit session (model.history.EditSession) through a Store.

Only dirty files are written. Order matters for a crash half-way: new and changed project files
first, then unit files (which list the projects), then jixiao.toml (which lists the units), and
deletions last, so a list never names a file that is not there yet. A file that changed on disk
since it was read is never overwritten unless the user chose to (``force``); unreadable files
keep their place in the lists, so saving never drops them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from model.filekey import WORKSPACE_KEY, FileKey, project_key, unit_key
from model.history import EditSession
from model.workspace import Project, Unit, Workspace
from storage.atomic import FileInUseError
from storage.os_errors import os_error_text
from storage.workspace import layout
from storage.workspace.confine import Refused, read_bytes
from storage.workspace.parsing import parse_bytes
from storage.workspace.store import ConflictError, StorageError, Store


def rel_of(key: FileKey) -> str:
    if key.kind == "workspace":
        return layout.WORKSPACE_FILE
    if key.kind == "unit":
        return f"{key.unit_id}/{layout.UNIT_FILE}"
    return f"{key.unit_id}/{key.project_id}.toml"


def key_of(rel: str) -> FileKey | None:
    if rel == layout.WORKSPACE_FILE:
        return WORKSPACE_KEY
    if (project := layout.project_of(rel)) is not None:
        return project_key(*project)
    parts = rel.split("/")
    return unit_key(parts[0]) if len(parts) == 2 and parts[1] == layout.UNIT_FILE else None


def reserved_ids(store: Store) -> tuple[dict[str, set[str]], set[str]]:
    """Project ids per unit and unit ids that have a file on disk (readable or not)."""
    projects: dict[str, set[str]] = {}
    units: set[str] = set()
    for rel in [*store.fingerprints, *store.broken]:
        key = key_of(rel)
        if key is None or key.kind == "workspace":
            continue
        units.add(key.unit_id)
        if key.kind == "project":
            projects.setdefault(key.unit_id, set()).add(key.project_id)
    return projects, units


def open_session(store: Store) -> EditSession:
    projects, units = reserved_ids(store)
    return EditSession(store.workspace, layout.file_of, projects, units)


@dataclass
class SaveResult:
    saved: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # changed on disk: not written
    errors: list[str] = field(default_factory=list)  # messages for the user (the edits stay unsaved)


def save_session(store: Store, session: EditSession, force: set[str] = frozenset()) -> SaveResult:
    """Write every dirty file; ``force`` names files the user chose to overwrite."""
    result = SaveResult()
    dirty = sorted(session.dirty)
    order = {"project": 0, "unit": 1, "workspace": 2}
    writes = [k for k in dirty if session.state(k) is not None]
    deletes = [k for k in dirty if session.state(k) is None]
    writes.sort(key=lambda k: order[k.kind])
    deletes.sort(key=lambda k: order[k.kind])  # project files, then the unit file and its folder
    for key in writes + deletes:
        rel = rel_of(key)
        try:
            _save_one(store, session, key, rel in force)
        except ConflictError:
            result.conflicts.append(rel)
            continue
        except FileInUseError as e:  # Windows: a scanner or another program holds it
            result.errors.append(f"{rel} {e.why}")
            continue
        except (StorageError, Refused) as e:
            result.errors.append(f"{rel}：{e}")
            continue
        except OSError as e:
            result.errors.append(os_error_text(e, rel, "保存" if key in writes else "删除"))
            continue
        session.mark_saved(key)
        result.saved.append(rel)
    return result


def _save_one(store: Store, session: EditSession, key: FileKey, force: bool) -> None:
    if key.kind == "workspace":
        _save_workspace(store, force)
    elif key.kind == "unit":
        unit = session.unit(key.unit_id)
        if unit is None:
            store.delete_file(rel_of(key), force, empty_folder_too=True)
        else:
            _save_unit(store, unit, force)
    else:
        found = session.project(key.unit_id, key.project_id)
        if found is None:
            store.delete_project(key.unit_id, key.project_id, force)
        else:
            store.save_project(*found, force=force)


def _listed(store: Store, rel: str, name: str) -> list[str]:
    """The id list as the file on disk has it now (for keeping unreadable entries in place)."""
    try:
        parsed = parse_bytes(read_bytes(store.root, rel))
    except OSError:
        return []
    if parsed[0] != "ok":
        return []
    items = parsed[1].get(name)
    return [x for x in items if isinstance(x, str)] if isinstance(items, list) else []


def _keep_broken(ids: list[str], on_disk: list[str], broken: set[str]) -> list[str]:
    out = list(ids)
    for i, x in enumerate(on_disk):
        if x in broken and x not in out:
            out.insert(min(i, len(out)), x)
    return out


def _save_unit(store: Store, unit: Unit, force: bool) -> None:
    rel = layout.unit_path(unit)
    root, tables = layout.unit_data(unit)
    broken = {k.split("/")[1][: -len(".toml")] for k in store.broken if k.startswith(unit.id + "/")}
    if broken:
        root["projects"] = _keep_broken(root["projects"], _listed(store, rel, "projects"), broken)
    store.write_toml(rel, root, tables, None, layout.UNIT_HEADER, force)


def _save_workspace(store: Store, force: bool) -> None:
    root = layout.workspace_data(store.workspace)
    broken = {k.split("/")[0] for k in store.broken if k.endswith("/" + layout.UNIT_FILE)}
    if broken:
        root["units"] = _keep_broken(root["units"], _listed(store, layout.WORKSPACE_FILE, "units"), broken)
    store.write_toml(layout.WORKSPACE_FILE, root, None, None, layout.WORKSPACE_HEADER, force)


# -- reading single files again (after a change on disk) -------------------------------------

def _forget(store: Store, rel: str) -> None:
    store.broken.pop(rel, None)
    store.problems[:] = [d for d in store.problems if d.file != rel]


def read_project(store: Store, unit: Unit, pid: str) -> Project | None:
    """The project file as it is on disk now (None when unreadable: see ``store.broken``)."""
    rel = f"{unit.id}/{pid}.toml"
    _forget(store, rel)
    return store.read_project_file(unit, pid)


def read_unit(store: Store, uid: str) -> Unit | None:
    """The unit file and all its project files as they are on disk now."""
    prefix = uid + "/"
    for rel in [r for r in {*store.broken, *(d.file for d in store.problems)} if r.startswith(prefix)]:
        _forget(store, rel)
    return store.read_unit_file(uid)


def read_workspace(store: Store, current: dict[str, Unit]) -> tuple[Workspace, list[Unit]] | None:
    """jixiao.toml as it is on disk now, and the unit list it names: units already loaded are
    kept (``current``), new ones are read. None when the file is unreadable."""
    _forget(store, layout.WORKSPACE_FILE)
    data = store.read_toml(layout.WORKSPACE_FILE)
    if data is None:
        return None
    ids = data.pop("units", [])
    store.settings = layout.pop_settings(data)
    try:
        fresh = Workspace.model_validate(data)
    except ValueError as e:
        store.broken[layout.WORKSPACE_FILE] = store.add_problem("S1", str(e), layout.WORKSPACE_FILE)
        return None
    units = []
    for uid in ids if isinstance(ids, list) else []:
        if uid in current:
            units.append(current[uid])
        else:
            u = store.read_unit_file(uid)
            if u is not None:
                units.append(u)
    return fresh, units


def forget_deleted(store: Store, rel: str) -> None:
    """A file that vanished from disk: stop tracking it."""
    store.fingerprints.pop(rel, None)
    _forget(store, rel)


def exists(store: Store, rel: str) -> bool:
    return (Path(store.root) / rel).is_file()
