"""What changed: two versions of the workspace compared (``jixiao diff``), one project since a
revision (the editor's diff view), and which files differ from HEAD (the marks in the tree)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from model.codes import default_codes
from model.diff import ProjectDiff, WorkspaceDiff, diff_project, diff_workspaces
from model.workspace import Project, Workspace
from storage.errors import StorageError
from storage.git.command import Repo, engine, repo_for, resolve
from storage.git.revisions import index_entries, project_at, unmerged, workspace_at
from storage.workspace import confine, layout
from storage.workspace.conflict_markers import is_conflict_message
from storage.workspace.decode import parse_project
from storage.workspace.store import Store

WORKTREE = "工作区（未提交）"


@dataclass
class Comparison:
    old: Store | None  # None: no workspace on that side (e.g. before the first commit)
    new: Store | None
    old_label: str
    new_label: str
    diff: WorkspaceDiff
    # files with an unresolved merge conflict (workspace-relative): not compared; a project or
    # unit that could not be read for it stands in from the other side, so it is not "removed"
    conflicts: list[str] = field(default_factory=list)
    # files that cannot be read on one side (S1: a syntax error …): likewise left out, not "removed"
    unreadable: list[str] = field(default_factory=list)


def compare(root: str | os.PathLike[str], rev_a: str | None = None, rev_b: str | None = None) -> Comparison:
    """``jixiao diff`` semantics: no revision = HEAD against the working tree; one = that
    revision against the working tree; two = the first against the second."""
    repo = repo_for(root)
    if rev_a is None:
        old = workspace_at(root, "HEAD", repo) if resolve(repo, "HEAD") else None
        old_label = "HEAD"
    else:
        old, old_label = workspace_at(root, rev_a, repo), rev_a
    if rev_b is None:
        new, new_label = Store.open(repo.root), WORKTREE
    else:
        new, new_label = workspace_at(root, rev_b, repo), rev_b
    conflicts = set(unmerged(repo)) if rev_b is None else set()
    unreadable: set[str] = set()
    for store in filter(None, (old, new)):
        for rel, problem in store.broken.items():
            (conflicts if is_conflict_message(problem.message) else unreadable).add(rel)
    unreadable -= conflicts
    if old and new:
        _stand_in(new.workspace, old.workspace, conflicts | unreadable)
        _stand_in(old.workspace, new.workspace, conflicts | unreadable)
    d = diff_workspaces(old.workspace if old else None, new.workspace if new else None)
    return Comparison(old, new, old_label, new_label, d, sorted(conflicts), sorted(unreadable))


def _stand_in(ws: Workspace, other: Workspace, left_out: set[str]) -> None:
    """Put into ``ws`` the other side's version of each project (or unit) that ``ws`` lacks
    because its file is in a merge conflict or cannot be read, where the other side had it."""
    for rel in left_out:
        key = layout.project_of(rel)
        if key is None and rel.endswith("/" + layout.UNIT_FILE):
            key = (rel.split("/")[0], None)
        if key is None:
            continue
        uid, pid = key
        theirs = next((u for u in other.units if u.id == uid), None)
        mine = next((u for u in ws.units if u.id == uid), None)
        if theirs is None:
            continue
        if pid is None:
            if mine is None:
                ws.units.insert(_position(other.units, ws.units, uid), theirs)
            continue
        project = next((p for p in theirs.projects if p.id == pid), None)
        if mine is not None and project is not None and all(p.id != pid for p in mine.projects):
            mine.projects.insert(_position(theirs.projects, mine.projects, pid), project)


def _position(source: list, target: list, item_id: str) -> int:
    """Where ``item_id`` goes in ``target``: after the item it follows in ``source``."""
    ids = [x.id for x in source]
    for before in reversed(ids[: ids.index(item_id)]):
        for i, x in enumerate(target):
            if x.id == before:
                return i + 1
    return 0


def project_diff(root: str | os.PathLike[str], unit_id: str, project_id: str, rev: str = "HEAD",
                 current: Project | None = None, codes=None) -> ProjectDiff | None:
    """What changed in one project since ``rev``: against ``current`` (e.g. the app's edited,
    maybe unsaved project) or else its file on disk. None when nothing changed."""
    repo = repo_for(root)
    old = project_at(root, rev, unit_id, project_id, repo) if resolve(repo, rev) else None
    if current is None:
        rel = f"{unit_id}/{project_id}.toml"
        try:  # as the store reads it: a regular file inside the workspace, of sane size
            data = confine.read_bytes(repo.root, rel)
        except FileNotFoundError:
            data = None
        except OSError as e:  # confine.Refused too: a link, a FIFO, a huge file
            raise StorageError(f"{rel}：{e}") from None
        current = parse_project(data, project_id, rel) if data is not None else None
    return diff_project(unit_id, old, current, codes or default_codes())


def changed_files(root: str | os.PathLike[str], rev: str = "HEAD", repo: Repo | None = None) -> dict[str, str]:
    """Workspace files that differ between ``rev`` and the working tree (staged or not, and
    untracked): {workspace-relative path: "modified" | "new" | "deleted"}."""
    repo = repo or repo_for(root)
    out: dict[str, str] = {}
    if resolve(repo, rev):
        for status, path in engine().diff_names(repo, rev):
            rel = repo.rel(path)
            if rel is not None:
                out[rel] = {"A": "new", "D": "deleted"}.get(status, "modified")
    else:  # no commit yet: everything tracked is new
        for e in index_entries(repo):
            rel = repo.rel(e.path)
            if rel is not None:
                out[rel] = "new"
    for path in engine().untracked(repo):
        rel = repo.rel(path)
        if rel is not None:
            out[rel] = "new"
    return out


def changed_projects(root: str | os.PathLike[str], rev: str = "HEAD",
                     repo: Repo | None = None) -> dict[tuple[str, str], str]:
    """Projects whose file differs from ``rev``: {(unit id, project id): "modified" | "new" |
    "deleted"} — for marks in the project tree."""
    return project_marks(changed_files(root, rev, repo))


def status(repo: Repo) -> dict[str, str]:
    """Workspace files that differ from HEAD, from one status: {workspace-relative path:
    "modified" | "new" | "deleted" | "conflict"} (cheap enough to poll every few seconds)."""
    out: dict[str, str] = {}
    for xy, path in engine().status(repo):
        rel = repo.rel(path)  # porcelain paths are relative to the repository root
        if rel is None:
            continue
        if "U" in xy or xy in ("AA", "DD"):
            out[rel] = "conflict"
        elif xy == "AD":  # added, then deleted again: nothing to commit
            continue
        elif "D" in xy:
            out[rel] = "deleted"
        elif xy == "??" or "A" in xy:
            out[rel] = "new"
        else:
            out[rel] = "modified"
    return out


def project_marks(files: dict[str, str]) -> dict[tuple[str, str], str]:
    """The project files of ``status`` / ``changed_files``: {(unit id, project id): status}."""
    return {key: st for rel, st in files.items() if (key := layout.project_of(rel)) is not None}
