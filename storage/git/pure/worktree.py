"""The index and the working tree through dulwich: reading blobs and trees, the index with its
conflict stages, what changed (``git status`` / ``diff`` / ``ls-files --others``), staging and
committing.

A file's content is read only when its size or modification time differs from what the index
recorded (or the index was written in the same second, when git too looks again), so polling the
status of 10,000 unchanged files reads none of them.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Sequence
from pathlib import Path

from dulwich.index import (
    ConflictedIndexEntry,
    Index,
    IndexEntry,
    blob_from_path_and_stat,
    commit_tree,
    index_entry_from_stat,
)
from dulwich.objects import Blob
from dulwich.repo import Repo as DRepo

from storage.git import engine as e
from storage.git.engine import Failed, Repo
from storage.git.pure.eol import LineEnds
from storage.git.pure.repository import control_path, identity, peel, resolve_in

Entry = tuple[bytes, int]  # (blob id, mode)


def _b(path: str) -> bytes:
    return path.encode("utf-8", "surrogateescape")


def _s(path: bytes) -> str:
    return path.decode("utf-8", "surrogateescape")


def inside(repo: Repo, path: str) -> bool:
    return path.startswith(repo.prefix)


def _under(path: str, specs: Sequence[str]) -> bool:
    return any(s in (".", "") or path == s or path.startswith(s.rstrip("/") + "/") for s in specs)


# -- reading -----------------------------------------------------------------------------------

def tree_entries(r: DRepo, tree: bytes | None) -> dict[str, Entry]:
    """Every file of a tree (blobs and links; not submodules): {path: (id, mode)}."""
    if tree is None:
        return {}
    return {_s(t.path): (t.sha, t.mode) for t in r.object_store.iter_tree_contents(tree)
            if not stat.S_ISDIR(t.mode) and t.mode != 0o160000}


def head_tree(r: DRepo) -> bytes | None:
    head = resolve_in(r, "HEAD")
    commit = peel(r, head) if head else None
    return commit.tree if commit else None


def ls_tree(r: DRepo, repo: Repo, sha: str) -> list[e.TreeEntry]:
    commit = peel(r, sha.encode())
    files = tree_entries(r, commit.tree if commit else None)
    return [e.TreeEntry(p, oid.decode(), f"{mode:06o}") for p, (oid, mode) in sorted(files.items()) if inside(repo, p)]


def index_entries(r: DRepo, repo: Repo, whole_repo: bool) -> list[e.IndexEntry]:
    out = []
    for path, entry in sorted(r.open_index().items()):
        p = _s(path)
        if not whole_repo and not inside(repo, p):
            continue
        if isinstance(entry, ConflictedIndexEntry):
            for stage, side in ((1, entry.ancestor), (2, entry.this), (3, entry.other)):
                if side is not None:
                    out.append(e.IndexEntry(p, side.sha.decode(), stage, f"{side.mode:06o}"))
        else:
            out.append(e.IndexEntry(p, entry.sha.decode(), 0, f"{entry.mode:06o}"))
    return out


def _blob(r: DRepo, spec: str, index: list) -> bytes | None:
    if ":" not in spec:
        obj = r.object_store[spec.encode()] if spec.encode() in r.object_store else None
        return obj.as_raw_string() if isinstance(obj, Blob) else None
    rev, _, path = spec.partition(":")
    if rev:  # REV:path
        commit = peel(r, resolve_in(r, rev) or b"")
        found = tree_entries(r, commit.tree if commit else None).get(path)
        oid = found[0] if found else None
    else:  # :N:path, stage N of the index
        stage, _, path = path.partition(":") if path[:1].isdigit() and path[1:2] == ":" else ("0", "", path)
        if not index:
            index.append(r.open_index())
        entry = index[0][_b(path)] if _b(path) in index[0] else None
        if isinstance(entry, ConflictedIndexEntry):
            entry = {"1": entry.ancestor, "2": entry.this, "3": entry.other}.get(stage)
        elif stage != "0":
            entry = None
        oid = entry.sha if entry is not None else None
    return _blob(r, oid.decode(), index) if oid else None


def cat_blobs(r: DRepo, specs: list[str]) -> list[bytes | None]:
    index: list[Index] = []
    return [_blob(r, spec, index) for spec in specs]


# -- the working tree against the index and a tree ---------------------------------------------

class WorkTree:
    """The working tree as seen against the index: each file's blob id, hashed only when its
    stat differs from the index entry's."""

    def __init__(self, r: DRepo, repo: Repo):
        self.r, self.repo = r, repo
        self.index = r.open_index()
        try:
            self.index_time = os.stat(r.index_path()).st_mtime_ns
        except OSError:
            self.index_time = 0
        self._line_ends: LineEnds | None = None

    def blob(self, path: str, st: os.stat_result) -> Blob:
        """The blob git would store for the file ``path`` (its stat ``st``): a text file's line
        ends converted as ``core.autocrlf`` and ``.gitattributes`` say (see ``eol``)."""
        blob = blob_from_path_and_stat(os.fsencode(os.path.join(self.repo.top, path)), st)
        if stat.S_ISLNK(st.st_mode):
            return blob
        if self._line_ends is None:
            self._line_ends = LineEnds(self.r, self.index)
        return self._line_ends.blob(_b(path), blob)

    def staged(self) -> dict[str, Entry]:
        return {_s(p): (x.sha, x.mode) for p, x in self.index.items() if isinstance(x, IndexEntry)}

    def conflicted(self) -> set[str]:
        return {_s(p) for p, x in self.index.items() if isinstance(x, ConflictedIndexEntry)}

    def current(self, path: str) -> Entry | None:
        """(blob id, mode) of the file as it is on disk now, or None when it is not there."""
        full = os.path.join(self.repo.top, path)
        try:
            st = os.lstat(full)
        except (FileNotFoundError, NotADirectoryError):
            return None
        if not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
            return None
        known = self.index[_b(path)] if _b(path) in self.index else None
        mode = 0o120000 if stat.S_ISLNK(st.st_mode) else (0o100755 if st.st_mode & 0o100 else 0o100644)
        if os.name == "nt" and isinstance(known, IndexEntry) and mode != 0o120000:
            mode = known.mode  # no executable bit on Windows: git keeps the recorded one
        if isinstance(known, IndexEntry) and self._unchanged(known, st):
            return known.sha, known.mode
        return self.blob(path, st).id, mode

    def _unchanged(self, known: IndexEntry, st: os.stat_result) -> bool:
        mtime = known.mtime
        ns = mtime[0] * 10**9 + mtime[1] if isinstance(mtime, tuple) else int(mtime * 10**9)
        # racily clean: written in the second the index was, it may have changed unseen
        return known.size == st.st_size and ns == st.st_mtime_ns and st.st_mtime_ns // 10**9 < self.index_time // 10**9

    def untracked(self, under: str) -> list[str]:
        """Files below ``under`` (a folder, "" = the top) the index does not have and the
        ignore files do not exclude."""
        from dulwich.ignore import IgnoreFilterManager

        ignore = IgnoreFilterManager.from_repo(self.r)
        known = {_s(p) for p in self.index}
        out = []
        start = os.path.join(self.repo.top, under)
        for folder, dirs, files in os.walk(start):
            rel = Path(folder).relative_to(self.repo.top).as_posix()
            rel = "" if rel == "." else rel + "/"
            links = [d for d in dirs if os.path.islink(os.path.join(folder, d))]  # a file to git
            dirs[:] = sorted(d for d in dirs if d not in links and not (rel == "" and d == ".git")
                             and not os.path.exists(os.path.join(folder, d, ".git"))
                             and not ignore.is_ignored(rel + d + "/"))
            for name in sorted(files + links):
                path = rel + name
                if path not in known and not ignore.is_ignored(path):
                    out.append(path)
        return out


def _changes(old: dict[str, Entry], new: dict[str, Entry | None]) -> dict[str, str]:
    """A/M/D between two {path: entry} (None: absent) over the paths of both."""
    out = {}
    for path in sorted(set(old) | set(new)):
        a, b = old.get(path), new.get(path)
        if a != b:
            out[path] = "A" if a is None else "D" if b is None else "M"
    return out


def status(r: DRepo, repo: Repo, untracked: bool) -> list[tuple[str, str]]:
    wt = WorkTree(r, repo)
    head = {p: x for p, x in tree_entries(r, head_tree(r)).items() if inside(repo, p)}
    staged = {p: x for p, x in wt.staged().items() if inside(repo, p)}
    conflicted = {p for p in wt.conflicted() if inside(repo, p)}
    x_codes = _changes(head, staged)  # the index against HEAD
    now = {p: wt.current(p) for p in staged}  # the working tree against the index
    y_codes = {p: ("D" if now[p] is None else "M") for p, entry in staged.items() if now[p] != entry}
    out = []
    for path in sorted(set(x_codes) | set(y_codes) | conflicted):
        if path in conflicted:
            out.append(("UU", path))
        elif path in staged or x_codes.get(path) == "D":
            out.append((x_codes.get(path, " ") + y_codes.get(path, " "), path))
    if untracked:
        out += [("??", p) for p in wt.untracked(repo.prefix)]
    return out


def diff_names(r: DRepo, repo: Repo, rev: str) -> list[tuple[str, str]]:
    wt = WorkTree(r, repo)
    commit = peel(r, resolve_in(r, rev) or b"")
    old = {p: x for p, x in tree_entries(r, commit.tree if commit else None).items() if inside(repo, p)}
    tracked = {p for p in (*wt.staged(), *wt.conflicted()) if inside(repo, p)}
    now = {p: wt.current(p) if p in tracked else None for p in set(old) | tracked}
    return [(code, path) for path, code in _changes(old, now).items()]


def untracked(r: DRepo, repo: Repo) -> list[str]:
    return WorkTree(r, repo).untracked(repo.prefix)


def staged_paths(r: DRepo, repo: Repo, whole_repo: bool) -> list[str]:
    wt = WorkTree(r, repo)
    head = tree_entries(r, head_tree(r))
    changed = set(_changes(head, wt.staged())) | wt.conflicted()  # type: ignore[arg-type]
    return sorted(p for p in changed if whole_repo or inside(repo, p))


# -- changing ----------------------------------------------------------------------------------

def stage(r: DRepo, repo: Repo, paths: list[str] | None, but: Sequence[str]) -> None:
    """``git add -A`` of ``paths`` (files or folders; None: the workspace) except ``but``."""
    wt = WorkTree(r, repo)
    specs = [repo.pathspec] if paths is None else paths
    folders = [s for s in specs if s in (".", "") or os.path.isdir(os.path.join(repo.top, s))]
    candidates = {s for s in specs if s not in folders}
    candidates |= {_s(p) for p in wt.index if _under(_s(p), folders)}
    for folder in folders:
        candidates |= set(wt.untracked("" if folder in (".", "") else folder.rstrip("/") + "/"))
    excluded = set(but)
    for path in sorted(candidates - excluded):
        _stage_one(r, wt, path)
    wt.index.write()


def _stage_one(r: DRepo, wt: WorkTree, path: str) -> None:
    full = os.path.join(wt.repo.top, path)
    key = _b(path)
    try:
        st = os.lstat(full)
    except (FileNotFoundError, NotADirectoryError):
        st = None
    if st is None or not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
        if key in wt.index:
            del wt.index[key]
        return
    known = wt.index[key] if key in wt.index else None
    if isinstance(known, IndexEntry) and wt._unchanged(known, st):
        return
    blob = wt.blob(path, st)
    r.object_store.add_object(blob)
    wt.index[key] = index_entry_from_stat(st, blob.id)


def unstage_removed(r: DRepo, path: str) -> None:
    index = r.open_index()
    if _b(path) in index:
        del index[_b(path)]
        index.write()


def _tree(r: DRepo, repo: Repo, index: Index, paths: list[str] | None, but: Sequence[str]) -> bytes:
    """The tree to commit: the whole index, or HEAD with the index's version of ``paths``."""
    if index.has_conflicts():
        raise Failed("commit", "还有未解决的合并冲突（Committing is not possible because you have unmerged files）")
    staged = {_s(p): (x.sha, x.mode) for p, x in index.items() if isinstance(x, IndexEntry)}
    if paths is not None:
        excluded = set(but)
        chosen = lambda p: _under(p, paths) and p not in excluded
        files = {p: x for p, x in tree_entries(r, head_tree(r)).items() if not chosen(p)}
        files.update({p: x for p, x in staged.items() if chosen(p)})
    else:
        files = staged
    return commit_tree(r.object_store, [(_b(p), sha, mode) for p, (sha, mode) in sorted(files.items())])


def _local_offset() -> int:
    offset = time.localtime().tm_gmtoff
    return int(offset) if offset is not None else 0


def commit(r: DRepo, repo: Repo, message: str | None, paths: list[str] | None, but: Sequence[str],
           who: tuple[str, str] | None) -> None:
    """Commit (hooks are git's: not run here, see ``storage.git.pure``); a merge in progress is
    finished with MERGE_HEAD as the second parent."""
    merge_head = control_path(r, "MERGE_HEAD")
    heads = merge_head.read_bytes().split() if merge_head.exists() else []
    if message is None:
        try:
            message = control_path(r, "MERGE_MSG").read_text("utf-8")
        except OSError:
            message = "Merge"
    given = f"{who[0]} <{who[1]}>".encode() if who else None
    author, committer = given or identity(r, "AUTHOR"), given or identity(r, "COMMITTER")
    if author is None or committer is None:
        raise Failed("commit", "Author identity unknown: please tell me who you are")
    index = r.open_index()
    tree = _tree(r, repo, index, paths, but)
    now, tz = int(time.time()), _local_offset()
    text = message if message.endswith("\n") else message + "\n"
    r.get_worktree().commit(message=text.encode("utf-8"), author=author, committer=committer, commit_timestamp=now,
                            commit_timezone=tz, author_timestamp=now, author_timezone=tz, tree=tree,
                            merge_heads=heads, no_verify=True)
    for name in ("MERGE_HEAD", "MERGE_MSG", "MERGE_MODE"):
        control_path(r, name).unlink(missing_ok=True)


def abort_merge(r: DRepo, repo: Repo) -> None:
    """The files the merge brought (in the index, not in HEAD) removed, then the index and every
    file of HEAD written back; files git does not track are left alone, as git does."""
    head = tree_entries(r, head_tree(r))
    for path in sorted({_s(p) for p in r.open_index()} - set(head)):
        try:
            os.unlink(os.path.join(repo.top, path))
        except FileNotFoundError:
            pass
    reset_hard(r)
    for name in ("MERGE_HEAD", "MERGE_MSG", "MERGE_MODE"):
        control_path(r, name).unlink(missing_ok=True)


def reset_hard(r: DRepo) -> None:
    r.get_worktree().reset_index(head_tree(r))

