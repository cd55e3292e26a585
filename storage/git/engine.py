"""What jixiao asks of git, as one interface with two engines: the ``git`` command line
(``storage.git.binary``) when it is installed, else dulwich, pure Python (``storage.git.pure``),
on office PCs where git is not. ``storage.git.command.engine()`` picks one per process.

Both speak repository paths ('/'-separated, relative to the working tree's root) and give the
same answers; the modules above them (revisions, changes, commits, bundles …) never know which
engine they talk to. Repositories, bundles and merge conflicts made by either are ordinary git
ones that the other reads.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from storage.errors import StorageError


class GitError(StorageError):
    """A git operation failed; the message says what to do."""


class GitMissing(GitError):
    """The git command was asked for (JIXIAO_GIT=git) and is not installed."""


class Failed(GitError):
    """An engine operation failed; ``detail`` is git's (or dulwich's) own words, which the
    caller puts into a sentence for the user."""

    def __init__(self, what: str, detail: str):
        super().__init__(f"git {what} 失败：{detail}")
        self.detail = detail


@dataclass(frozen=True)
class Repo:
    """The repository around a workspace folder."""

    top: Path  # the repository's working-tree root
    prefix: str  # the workspace folder inside it, "" or ending with "/"
    root: Path  # the workspace folder

    def path(self, rel: str) -> str:
        """Repository path of a workspace-relative path."""
        return self.prefix + rel

    def rel(self, path: str) -> str | None:
        """Workspace-relative path of a repository path (None when outside the workspace)."""
        return path[len(self.prefix):] if path.startswith(self.prefix) else None

    @property
    def pathspec(self) -> str:
        return self.prefix.rstrip("/") or "."


@dataclass(frozen=True)
class IndexEntry:
    path: str  # repository path
    oid: str
    stage: int  # 0 normal; 1 base, 2 ours, 3 theirs while a merge conflict is unresolved
    mode: str = "100644"  # 120000: a symbolic link


@dataclass(frozen=True)
class TreeEntry:
    path: str  # repository path
    oid: str
    mode: str  # 100644, 100755, 120000 (a symbolic link)


@dataclass(frozen=True)
class Commit:
    id: str
    short: str
    author: str
    date: str  # ISO 8601 with offset
    subject: str


class Engine(ABC):
    """The git operations jixiao uses. ``spec`` arguments name objects as ``git cat-file``
    does: an id, ``REV:path`` or ``:N:path`` (stage N of the index)."""

    name: str

    # -- the repository and its revisions
    @abstractmethod
    def discover(self, folder: Path) -> tuple[Path, str] | None:
        """(working-tree root, folder's path inside it: "" or ending with "/"), or None."""

    @abstractmethod
    def init(self, target: Path) -> None:
        """A new repository in ``target`` whose branch is ``main``."""

    @abstractmethod
    def resolve(self, repo: Repo, rev: str) -> str | None:
        """The commit id ``rev`` names (HEAD, HEAD~1, a tag, a branch, an id), or None."""

    @abstractmethod
    def parents(self, repo: Repo, sha: str) -> list[str]: ...

    @abstractmethod
    def git_path(self, repo: Repo, name: str) -> Path:
        """Where git keeps ``name`` (``hooks``, ``index``, ``MERGE_HEAD``) for this working tree."""

    # -- reading
    @abstractmethod
    def cat_blobs(self, repo: Repo, specs: list[str]) -> list[bytes | None]: ...

    @abstractmethod
    def ls_tree(self, repo: Repo, sha: str) -> list[TreeEntry]:
        """The files (blobs and links) of the workspace at commit ``sha``."""

    @abstractmethod
    def index_entries(self, repo: Repo, whole_repo: bool = False) -> list[IndexEntry]: ...

    @abstractmethod
    def status(self, repo: Repo, untracked: bool = True) -> list[tuple[str, str]]:
        """(``git status --porcelain`` XY code, path) of the workspace's changed files."""

    @abstractmethod
    def diff_names(self, repo: Repo, rev: str) -> list[tuple[str, str]]:
        """(A/M/D, path): tracked files of the workspace that differ between ``rev`` and the
        working tree."""

    @abstractmethod
    def untracked(self, repo: Repo) -> list[str]:
        """Files of the workspace git does not track and does not ignore."""

    @abstractmethod
    def staged_paths(self, repo: Repo, whole_repo: bool = False) -> list[str]:
        """Paths whose staged content differs from HEAD (all staged paths before a first commit)."""

    @abstractmethod
    def log(self, repo: Repo, path: str, limit: int | None) -> list[Commit]:
        """Commits from HEAD touching ``path`` (a file or folder, "." for all), newest first."""

    @abstractmethod
    def count(self, repo: Repo, include: list[str], exclude: Sequence[str] = ()) -> int:
        """Commits reachable from ``include`` (ids or "--branches" / "--tags") but not ``exclude``."""

    @abstractmethod
    def merge_base(self, repo: Repo, a: str, b: str) -> str | None: ...

    @abstractmethod
    def current_branch(self, repo: Repo) -> str | None: ...

    @abstractmethod
    def tags(self, repo: Repo, pattern: str, points_at_head: bool = False) -> list[str]: ...

    # -- settings
    @abstractmethod
    def config_get(self, repo: Repo, key: str) -> str | None:
        """The repository's own (``.git/config``) value of ``key``."""

    @abstractmethod
    def config_set(self, repo: Repo, key: str, value: str | bytes) -> None: ...

    @abstractmethod
    def has_identity(self, repo: Repo) -> bool:
        """Whether a commit made now would know its author and committer."""

    @abstractmethod
    def author(self, repo: Repo) -> str:
        """``姓名 <邮箱>`` a commit made now would carry as its author; "" when nobody is set."""

    @abstractmethod
    def commit_date(self, repo: Repo, sha: str) -> str:
        """The day commit ``sha`` was committed, ``2026-11-30`` (the committer's time zone)."""

    # -- changing
    @abstractmethod
    def stage(self, repo: Repo, paths: list[str] | None, but: Sequence[str] = ()) -> None:
        """Stage the working tree's state (changes, new files, deletions) of ``paths`` (None:
        the whole workspace) except ``but``."""

    @abstractmethod
    def unstage_removed(self, repo: Repo, path: str) -> None:
        """Drop ``path`` from the index (``git rm --cached``)."""

    @abstractmethod
    def commit(self, repo: Repo, message: str | None, paths: list[str] | None = None, but: Sequence[str] = (),
               identity: tuple[str, str] | None = None, verify: bool = True) -> None:
        """Commit what is staged (``paths``: only those but ``but``, as ``git commit -- paths``;
        None: the whole index, as a merge is committed). ``message``
        None: finish the merge in progress with its prepared message. ``verify``: run the
        pre-commit hook. Failed when it cannot."""

    @abstractmethod
    def tag(self, repo: Repo, name: str, rev: str) -> None: ...

    @abstractmethod
    def delete_tag(self, repo: Repo, name: str) -> None: ...

    @abstractmethod
    def merge(self, repo: Repo, sha: str, message: str) -> None:
        """Merge commit ``sha`` into the current branch (fast-forward when it can). Failed when
        it stops, conflicts left in the index (stages 1–3) and files, MERGE_HEAD written."""

    @abstractmethod
    def abort_merge(self, repo: Repo) -> None:
        """Give up the merge in progress: index and files as HEAD, MERGE_HEAD gone
        (``git merge --abort``)."""

    @abstractmethod
    def merge_file(self, repo: Repo, base: str, ours: str, theirs: str) -> str | None:
        """Three-way merge of texts; None when it leaves conflicts."""

    @abstractmethod
    def reset_hard(self, repo: Repo) -> None:
        """The index and working tree as HEAD."""

    # -- bundles
    @abstractmethod
    def bundle_create(self, repo: Repo, output: Path, exclude: list[str]) -> None:
        """HEAD, every branch and tag, without what ``exclude`` (commit ids) reaches."""

    @abstractmethod
    def bundle_heads(self, bundle: Path) -> list[str]:
        """The refs a bundle carries (HEAD, refs/heads/…, refs/tags/…); Failed when it is not one."""

    @abstractmethod
    def bundle_verify(self, repo: Repo, bundle: Path) -> str | None:
        """None when ``bundle`` can be fetched into ``repo``; else why not (mentioning
        "prerequisite" when commits it builds on are missing)."""

    @abstractmethod
    def fetch_bundle(self, repo: Repo, bundle: Path, branch: str) -> str:
        """Store the bundle's objects; the commit id of its ``branch``."""

    @abstractmethod
    def fetch_bundle_tags(self, repo: Repo, bundle: Path) -> None: ...

    @abstractmethod
    def clone_bundle(self, bundle: Path, target: Path) -> None:
        """A new repository in ``target`` from a bundle, nothing checked out; Failed when it cannot."""
