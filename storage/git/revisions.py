"""Reading the workspace as it was at a revision, or as it is staged in the index.

A revision is read with one ``git ls-tree`` and one ``git cat-file --batch`` and parsed exactly
like the working tree (``Store.from_files``), so what a diff or a check shows of ``HEAD`` is
what the editor would show had the files been on disk.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from model.workspace import Project
from storage.git.command import Repo, repo_for, require_commit, resolve
from storage.workspace import layout
from storage.workspace.decode import parse_project
from storage.workspace.store import Store


def cat_blobs(repo: Repo, objects: list[str]) -> list[bytes | None]:
    """The contents of many objects (ids or ``rev:path`` / ``:2:path``) in one ``git cat-file
    --batch``; None for a missing one."""
    if not objects:
        return []
    data = repo.git("cat-file", "--batch", input="".join(o + "\n" for o in objects).encode()).stdout
    out: list[bytes | None] = []
    pos = 0
    for _ in objects:
        nl = data.index(b"\n", pos)
        header = data[pos:nl].split(b" ")
        pos = nl + 1
        if header[-1] in (b"missing", b"ambiguous") or len(header) != 3:
            out.append(None)
            continue
        size = int(header[2])
        out.append(data[pos:pos + size])
        pos += size + 1  # content, then a newline
    return out


def tree_files(repo: Repo, rev: str) -> dict[str, bytes]:
    """The workspace's files at ``rev``: {workspace-relative path: bytes}."""
    sha = require_commit(repo, rev)
    listing = repo.git("ls-tree", "-r", "-z", "--full-tree", sha, "--", repo.pathspec).stdout
    rels, ids = [], []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        _mode, kind, oid = meta.split(b" ")
        rel = repo.rel(path.decode("utf-8", "surrogateescape"))
        if kind == b"blob" and rel is not None:
            rels.append(rel)
            ids.append(oid.decode())
    return {rel: blob for rel, blob in zip(rels, cat_blobs(repo, ids)) if blob is not None}


@dataclass(frozen=True)
class IndexEntry:
    path: str  # repository path
    oid: str
    stage: int  # 0 normal; 1 base, 2 ours, 3 theirs while a merge conflict is unresolved
    mode: str = "100644"  # 120000: a symbolic link


def index_entries(repo: Repo, whole_repo: bool = False) -> list[IndexEntry]:
    args = ["ls-files", "-s", "-z"]
    if not whole_repo:
        args += ["--", repo.pathspec]
    out = []
    for entry in repo.git(*args).stdout.split(b"\0"):
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        mode, oid, stage = meta.split(b" ")
        out.append(IndexEntry(path.decode("utf-8", "surrogateescape"), oid.decode(), int(stage), mode.decode()))
    return out


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
    return repo.git("log", "-1", "--format=%cd", "--date=short", sha).stdout.decode().strip() or None
