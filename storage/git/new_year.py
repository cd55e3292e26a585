"""Last year beside this year on disk: a new year's workspace started from last year's
(``jixiao init NEW --from OLD --year 2026``), and two workspaces compared
(``jixiao diff --against OTHER``, the editor's comparison workspace).

The new workspace keeps the units and projects with their ids (so the two years compare by id),
their amounts, goals and indicators as a starting point, and its own new git history. Its
jixiao.toml names the old one (``compare = "../2025"``), so the editor shows last year's figures
beside this year's from the start.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from model.diff.years import diff_years, ended_projects, table_only
from model.workspace import Project, Unit, Workspace
from storage.errors import StorageError
from storage.git.changes import Comparison
from storage.git.command import engine_ready
from storage.git.commits import CommitResult, commit
from storage.git.setup import install_hooks, new_repository
from storage.git.workspace_data import write_gitignore
from storage.new_folder import write_new_folder
from storage.toml.canonical import emit_value
from storage.workspace import confine, layout
from storage.workspace.store import Store, new_workspace_files


@dataclass(frozen=True)
class Carried:
    root: Path
    source: Path
    year: int
    units: int
    projects: int  # carried
    dropped: list[tuple[Unit, Project]]  # left out (--drop, --drop-ended)
    ended: list[tuple[Unit, Project]]  # carried although their names say they ended (--drop-ended would drop them)
    compare: str  # the compare setting written into jixiao.toml
    commit: CommitResult | None = None


def find_project(ws: Workspace, ref: str) -> tuple[Unit, Project]:
    """The project ``ref`` names: ``u01/p09``, or ``p09`` when one unit has it."""
    uid, _, pid = ref.strip().rpartition("/")
    found = [(u, p) for u, p in ws.projects() if p.id == pid and (not uid or u.id == uid)]
    if not found:
        raise StorageError(f"找不到项目 {ref}：用项目编号，如 p09，或 单位/项目，如 u01/p09（编辑器的树中可见）")
    if len(found) > 1:
        units = "、".join(f"{u.id}/{p.id}" for u, p in found)
        raise StorageError(f"项目 {ref} 在多个单位中都有（{units}）：写成 单位/项目，如 {units.split('、')[0]}")
    return found[0]


def compare_setting(target: Path, source: Path) -> str:
    """``source`` as the new workspace's jixiao.toml names it: relative to ``target`` when the
    two are near (``../2025``: folders moved or copied together keep finding each other), else
    the full path; with forward slashes, which Windows reads too."""
    try:
        rel = Path(os.path.relpath(source.resolve(), target.resolve()))
    except ValueError:  # another drive on Windows
        return source.resolve().as_posix()
    return rel.as_posix() if rel.parts.count("..") <= 2 else source.resolve().as_posix()


def carry_forward(source: Store, year: int, drop: list[str] = (), drop_ended: bool = False,
                  keep: list[str] = ()) -> tuple[Workspace, list[tuple[Unit, Project]], list[tuple[Unit, Project]]]:
    """Last year's workspace as next year's starting point: (the new workspace, the projects
    left out, the ended projects kept). ``drop``: project refs to leave out; ``drop_ended``: also
    those whose names say they ended before ``year``, except the ``keep`` refs."""
    if source.broken:
        files = "、".join(sorted(source.broken))
        raise StorageError(f"{source.root} 中有无法读取的文件：{files}；改正后再结转（jixiao check 列出问题），"
                           "以免其中的项目被漏掉")
    ws = table_only(source.workspace).model_copy(deep=True)
    ws.year = year
    out: set[tuple[str, str]] = {(u.id, p.id) for u, p in (find_project(ws, r) for r in drop)}
    kept = {(u.id, p.id) for u, p in (find_project(ws, r) for r in keep)}
    ended = [(u, p) for u, p in ended_projects(ws, year) if (u.id, p.id) not in out]
    if drop_ended:
        out |= {(u.id, p.id) for u, p in ended if (u.id, p.id) not in kept}
    dropped = [(u, p) for u, p in ws.projects() if (u.id, p.id) in out]
    for u in ws.units:
        u.projects = [p for p in u.projects if (u.id, p.id) not in out]
    still = [(u, p) for u, p in ended if (u.id, p.id) not in out]
    return ws, dropped, still


def init_from(target: str | os.PathLike[str], source_root: str | os.PathLike[str], year: int | None = None,
              drop: list[str] = (), drop_ended: bool = False, keep: list[str] = (),
              author: tuple[str, str] | None = None) -> Carried:
    """A new folder with a git repository holding last year's workspace carried to ``year``
    (None: the year after the source's)."""
    engine_ready()  # JIXIAO_GIT=git without git: said before anything is read or made
    target, source_root = Path(target), Path(source_root)
    source = Store.open(source_root)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise StorageError(f"{target} 已存在且不是空文件夹，未在其中新建：请指定一个新的或空的文件夹")
    if target.resolve().is_relative_to(source_root.resolve()):
        raise StorageError(f"{target} 在 {source_root} 之中：新年度的工作区应放在它旁边，如 ../{target.name}")
    old_year = source.workspace.year
    if year is None:
        if old_year is None:
            raise StorageError(f"{source_root} 没有写预算年度：用 --year 给出新年度，如 --year 2026")
        year = old_year + 1
    if old_year is not None and year <= old_year:
        raise StorageError(f"新年度 {year} 应晚于 {source_root} 的年度 {old_year}")
    ws, dropped, ended = carry_forward(source, year, drop, drop_ended, keep)
    setting = compare_setting(target, source_root)
    files = new_workspace_files(ws)
    files[layout.WORKSPACE_FILE] += f"compare = {emit_value(setting)}\n".encode()
    try:
        codes = confine.read_bytes(source.root, layout.CODES_FILE)
    except FileNotFoundError:
        codes = None
    if codes is not None:
        files[layout.CODES_FILE] = codes
    with new_repository(target, author):
        write_new_folder(target, files, last=layout.WORKSPACE_FILE)
        write_gitignore(target)
        install_hooks(target)
        result = commit(target, f"从 {source_root.resolve().name} 结转：{year} 年度起点", force=True)
    n_units, n_projects, _ = ws.counts()
    return Carried(target, source_root, year, n_units, n_projects, dropped, ended, setting, result)


def compare_workspaces(new_root: str | os.PathLike[str], old_root: str | os.PathLike[str],
                       new: Store | None = None) -> Comparison:
    """``old_root``'s workspace (e.g. last year's) against ``new_root``'s, in budget terms:
    projects matched by id, else by name with years left out; the years themselves not a change."""
    old_store = Store.open(old_root)
    new_store = new or Store.open(new_root)
    old_ws, new_ws = old_store.workspace, new_store.workspace
    d = diff_years(old_ws, new_ws)
    unreadable = sorted({f"{label}:{rel}" for label, s in (("旧", old_store), ("新", new_store)) for rel in s.broken})
    return Comparison(old_store, new_store, workspace_label(old_store), workspace_label(new_store), d,
                      unreadable=unreadable)


def workspace_label(store: Store) -> str:
    """``2025 年度 guangzhou-hrss-2025``: a workspace as the heading of a comparison names it."""
    ws = store.workspace
    name = Path(store.root).resolve().name
    return f"{ws.year} 年度（{name}）" if ws.year else name


def compare_root(store: Store) -> Path | None:
    """The folder jixiao.toml's ``compare`` names (relative to the workspace), or None when it
    names none."""
    value = store.settings.get("compare")
    if not isinstance(value, str) or not value.strip():
        return None
    path = Path(value.strip())
    return path if path.is_absolute() else Path(store.root) / path
