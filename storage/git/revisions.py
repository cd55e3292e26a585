"""Reading the workspace as it was at a revision, or as it is staged in the index.

A revision is read with one tree listing and one batch of blobs (``git ls-tree``, ``git cat-file
--batch``) and parsed exactly like the working tree (``Store.from_files``), so what a diff or a
check shows of ``HEAD`` is what the editor would show had the files been on disk.
"""

from __future__ import annotations

import os

from model.workspace import Project
from storage.git.command import Repo, engine, repo_for, require_commit, resolve
from storage.git.engine import IndexEntry
from storage.workspace import layout
from storage.workspace.decode import parse_project
from storage.workspace.store import Store


def cat_blobs(repo: Repo, objects: list[str]) -> list[bytes | None]:
    """The contents of many objects (ids or ``rev:path`` / ``:2:path``) read at once; None for a
    missing one."""
    return engine().cat_blobs(repo, objects) if objects else []


def tree_files(repo: Repo, rev: str) -> dict[str, bytes]:
    """The workspace's files at ``rev``: {workspace-relative path: bytes}."""
    listing = [(rel, e.oid) for e in engine().ls_tree(repo, require_commit(repo, rev))
               if (rel := repo.rel(e.path)) is not None]
    blobs = cat_blobs(repo, [oid for _, oid in listing])
    return {rel: blob for (rel, _), blob in zip(listing, blobs) if blob is not None}


def index_entries(repo: Repo, whole_repo: bool = False) -> list[IndexEntry]:
    return engine().index_entries(repo, whole_repo)


def index_files(repo: Repo) -> dict[str, bytes]:
    """The workspace's files as staged (the content the next commit will have)."""
    entries = [(repo.rel(e.path), e.oid) for e in index_entries(repo) if e.stage == 0]
    entries = [(rel, oid) for rel, oid in entries if rel is not None]
    blobs = cat_blobs(repo, [oid for _, oid in entries])
    return {rel: blob for (rel, _), blob in zip(entries, blobs) if blob is not None}


def unmerged(repo: Repo) -> list[str]:
    """Workspace-relative paths with an unresolved merge conflict."""
    seen: dict[str, None] = {}
    for e in index_entries(repo):
        rel = repo.rel(e.path)
        if e.stage and rel is not None:
            seen.setdefault(rel)
    return list(seen)


def conflicted_files(root: str | os.PathLike[str]) -> list[str]:
    """Workspace files a merge left in conflict (e.g. after ``jixiao pull``)."""
    return unmerged(repo_for(root))


def workspace_at(root: str | os.PathLike[str], rev: str, repo: Repo | None = None) -> Store | None:
    """The workspace as it was at ``rev`` (read-only), or None if it did not exist there."""
    repo = repo or repo_for(root)
    files = tree_files(repo, rev)
    if layout.WORKSPACE_FILE not in files:
        return None
    return Store.from_files(files, rev, repo.root)


def staged_workspace(root: str | os.PathLike[str], repo: Repo | None = None) -> Store | None:
    repo = repo or repo_for(root)
    files = index_files(repo)
    if layout.WORKSPACE_FILE not in files:
        return None
    return Store.from_files(files, "暂存区", repo.root)


def project_at(root: str | os.PathLike[str], rev: str, unit_id: str, project_id: str,
               repo: Repo | None = None) -> Project | None:
    """One project as it was at ``rev`` (None if its file did not exist there)."""
    repo = repo or repo_for(root)
    sha = require_commit(repo, rev)
    rel = f"{unit_id}/{project_id}.toml"
    [data] = cat_blobs(repo, [f"{sha}:{repo.path(rel)}"])
    return None if data is None else parse_project(data, project_id, f"{rev}:{rel}")


def revision_date(root: str | os.PathLike[str], rev: str, repo: Repo | None = None) -> str | None:
    """The day ``rev`` was committed (``2026-11-30``), or None when it names no commit."""
    repo = repo or repo_for(root)
    sha = resolve(repo, rev)
    if sha is None:
        return None
    return engine().commit_date(repo, sha) or None
