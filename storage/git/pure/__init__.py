"""The git engine without a git binary: dulwich (pure Python) and merge3, for the office PCs
where git is not installed. Imported only when that engine is first used (``import
dulwich.porcelain`` alone costs ~0.75 s; it is loaded only to merge).

What differs from the git command, on purpose:

- Hooks are git's: a commit made here does not run ``.git/hooks/pre-commit``. ``jixiao commit``
  runs the same check itself (refusing errors unless ``--force``); a hook someone else installed
  runs again once git is installed.
- The identity must be given (GIT_AUTHOR_NAME … or user.name / user.email in git's settings, or
  ``--author``): git's guess from the login name and host name is not made.
- Merges use dulwich's recursive merge with merge3 for the text; a conflict is left as git
  leaves it (stages 1–3, markers, MERGE_HEAD), so the editor and ``jixiao commit`` finish it
  alike, and git could too.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from storage.git.engine import Commit, Engine, IndexEntry, Repo, TreeEntry
from storage.git.pure import exchange, repository, worktree
from storage.git.pure.repository import opened


class Dulwich(Engine):
    name = "dulwich"

    def discover(self, folder: Path) -> tuple[Path, str] | None:
        return repository.discover(folder)

    def init(self, target: Path) -> None:
        repository.init(target)

    def resolve(self, repo: Repo, rev: str) -> str | None:
        with opened(repo) as r:
            sha = repository.resolve_in(r, rev)
        return sha.decode() if sha else None

    def parents(self, repo: Repo, sha: str) -> list[str]:
        with opened(repo) as r:
            return repository.parents(r, sha)

    def git_path(self, repo: Repo, name: str) -> Path:
        with opened(repo) as r:
            return repository.control_path(r, name)

    def cat_blobs(self, repo: Repo, specs: list[str]) -> list[bytes | None]:
        with opened(repo) as r:
            return worktree.cat_blobs(r, specs)

    def ls_tree(self, repo: Repo, sha: str) -> list[TreeEntry]:
        with opened(repo) as r:
            return worktree.ls_tree(r, repo, sha)

    def index_entries(self, repo: Repo, whole_repo: bool = False) -> list[IndexEntry]:
        with opened(repo) as r:
            return worktree.index_entries(r, repo, whole_repo)

    def status(self, repo: Repo, untracked: bool = True) -> list[tuple[str, str]]:
        with opened(repo) as r:
            return worktree.status(r, repo, untracked)

    def diff_names(self, repo: Repo, rev: str) -> list[tuple[str, str]]:
        with opened(repo) as r:
            return worktree.diff_names(r, repo, rev)

    def untracked(self, repo: Repo) -> list[str]:
        with opened(repo) as r:
            return worktree.untracked(r, repo)

    def staged_paths(self, repo: Repo, whole_repo: bool = False) -> list[str]:
        with opened(repo) as r:
            return worktree.staged_paths(r, repo, whole_repo)

    def log(self, repo: Repo, path: str, limit: int | None) -> list[Commit]:
        with opened(repo) as r:
            return repository.log(r, path, limit)

    def count(self, repo: Repo, include: list[str], exclude: Sequence[str] = ()) -> int:
        with opened(repo) as r:
            return repository.count(r, include, exclude)

    def merge_base(self, repo: Repo, a: str, b: str) -> str | None:
        with opened(repo) as r:
            return repository.merge_base(r, a, b)

    def current_branch(self, repo: Repo) -> str | None:
        with opened(repo) as r:
            return repository.current_branch(r)

    def tags(self, repo: Repo, pattern: str, points_at_head: bool = False) -> list[str]:
        with opened(repo) as r:
            return repository.tags(r, pattern, points_at_head)

    def config_get(self, repo: Repo, key: str) -> str | None:
        with opened(repo) as r:
            return repository.config_get(r, key)

    def config_set(self, repo: Repo, key: str, value: str | bytes) -> None:
        with opened(repo) as r:
            repository.config_set(r, key, value)

    def has_identity(self, repo: Repo) -> bool:
        if repository.discover(repo.top) is None:  # not a repository yet: the user's settings
            return all(repository.identity(None, kind) for kind in ("AUTHOR", "COMMITTER"))
        with opened(repo) as r:
            return all(repository.identity(r, kind) for kind in ("AUTHOR", "COMMITTER"))

    def author(self, repo: Repo) -> str:
        if repository.discover(repo.top) is None:
            found = repository.identity(None, "AUTHOR")
        else:
            with opened(repo) as r:
                found = repository.identity(r, "AUTHOR")
        return found.decode("utf-8", "replace") if found else ""

    def commit_date(self, repo: Repo, sha: str) -> str:
        with opened(repo) as r:
            return repository.commit_date(r, sha)

    def stage(self, repo: Repo, paths: list[str] | None, but: Sequence[str] = ()) -> None:
        with opened(repo) as r:
            worktree.stage(r, repo, paths, but)

    def unstage_removed(self, repo: Repo, path: str) -> None:
        with opened(repo) as r:
            worktree.unstage_removed(r, path)

    def commit(self, repo: Repo, message: str | None, paths: list[str] | None = None, but: Sequence[str] = (),
               identity: tuple[str, str] | None = None, verify: bool = True) -> None:
        with opened(repo) as r:
            worktree.commit(r, repo, message, paths, but, identity)

    def tag(self, repo: Repo, name: str, rev: str) -> None:
        with opened(repo) as r:
            sha = repository.resolve_in(r, rev)
            r.refs[repository.TAGS + name.encode("utf-8")] = sha

    def delete_tag(self, repo: Repo, name: str) -> None:
        with opened(repo) as r:
            r.refs.remove_if_equals(repository.TAGS + name.encode("utf-8"), None)

    def merge(self, repo: Repo, sha: str, message: str) -> None:
        with opened(repo) as r:
            exchange.merge(r, sha, message)

    def abort_merge(self, repo: Repo) -> None:
        with opened(repo) as r:
            worktree.abort_merge(r, repo)

    def merge_file(self, repo: Repo, base: str, ours: str, theirs: str) -> str | None:
        return exchange.merge_file(base, ours, theirs)

    def reset_hard(self, repo: Repo) -> None:
        with opened(repo) as r:
            worktree.reset_hard(r)

    def bundle_create(self, repo: Repo, output: Path, exclude: list[str]) -> None:
        with opened(repo) as r:
            exchange.create(r, output, exclude)

    def bundle_heads(self, bundle: Path) -> list[str]:
        return exchange.heads(bundle)

    def bundle_verify(self, repo: Repo, bundle: Path) -> str | None:
        with opened(repo) as r:
            return exchange.verify(r, bundle)

    def fetch_bundle(self, repo: Repo, bundle: Path, branch: str) -> str:
        with opened(repo) as r:
            return exchange.fetch(r, bundle, branch)

    def fetch_bundle_tags(self, repo: Repo, bundle: Path) -> None:
        with opened(repo) as r:
            exchange.fetch_tags(r, bundle)

    def clone_bundle(self, bundle: Path, target: Path) -> None:
        exchange.clone(bundle, target)
