"""What changed: two versions of the workspace compared (``jixiao diff``), one project since a
revision (the editor's diff view), and which files differ from HEAD (the marks in the tree)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from model.codes import default_codes
from model.diff import ProjectDiff, WorkspaceDiff, diff_project, diff_workspaces
from model.workspace import Project
from storage.git.command import Repo, repo_for, resolve
from storage.git.revisions import index_entries, project_at, workspace_at
from storage.workspace import layout
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
    d = diff_workspaces(old.workspace if old else None, new.workspace if new else None)
    return Comparison(old, new, old_label, new_label, d)


def project_diff(root: str | os.PathLike[str], unit_id: str, project_id: str, rev: str = "HEAD",
                 current: Project | None = None, codes=None) -> ProjectDiff | None:
    """What changed in one project since ``rev``: against ``current`` (e.g. the app's edited,
    maybe unsaved project) or else its file on disk. None when nothing changed."""
    repo = repo_for(root)
    old = project_at(root, rev, unit_id, project_id, repo) if resolve(repo, rev) else None
    if current is None:
        path = repo.root / unit_id / f"{project_id}.toml"
        current = parse_project(path.read_bytes(), project_id, f"{unit_id}/{project_id}.toml") if path.is_file() else None
    return diff_project(unit_id, old, current, codes or default_codes())


def changed_files(root: str | os.PathLike[str], rev: str = "HEAD", repo: Repo | None = None) -> dict[str, str]:
    """Workspace files that differ between ``rev`` and the working tree (staged or not, and
    untracked): {workspace-relative path: "modified" | "new" | "deleted"}."""
    repo = repo or repo_for(root)
    out: dict[str, str] = {}
    if resolve(repo, rev):
        raw = repo.git("diff", "--name-status", "-z", "--no-renames", rev, "--", repo.pathspec).stdout
        parts = raw.split(b"\0")
        for status, path in zip(parts[0::2], parts[1::2]):
            rel = repo.rel(path.decode("utf-8", "surrogateescape"))
            if rel is not None and status:
                out[rel] = {"A": "new", "D": "deleted"}.get(status.decode()[:1], "modified")
    else:  # no commit yet: everything tracked is new
        for e in index_entries(repo):
            rel = repo.rel(e.path)
            if rel is not None:
                out[rel] = "new"
    raw = repo.git("ls-files", "--others", "--exclude-standard", "-z", "--", repo.pathspec).stdout
    for path in raw.split(b"\0"):
        rel = repo.rel(path.decode("utf-8", "surrogateescape")) if path else None
        if rel is not None:
            out[rel] = "new"
    return out


def changed_projects(root: str | os.PathLike[str], rev: str = "HEAD",
                     repo: Repo | None = None) -> dict[tuple[str, str], str]:
    """Projects whose file differs from ``rev``: {(unit id, project id): "modified" | "new" |
    "deleted"} — for marks in the project tree."""
    return project_marks(changed_files(root, rev, repo))


def status(repo: Repo) -> dict[str, str]:
    """Workspace files that differ from HEAD, from one ``git status``: {workspace-relative path:
    "modified" | "new" | "deleted" | "conflict"} (cheap enough to poll every few seconds)."""
    raw = repo.git("status", "--porcelain=v1", "-z", "--no-renames", "--untracked-files=all",
                   "--", repo.pathspec).stdout
    out: dict[str, str] = {}
    for entry in raw.split(b"\0"):
        if len(entry) < 4:
            continue
        xy, path = entry[:2].decode(), entry[3:].decode("utf-8", "surrogateescape")
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
