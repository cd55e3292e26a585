"""The git engine of this process, and the repository around a workspace folder.

Everything in ``storage.git`` speaks in workspace terms: paths are relative to the workspace
root (which may be a sub-folder of the repository, like ``samples/guangzhou-hrss-2025``);
``Repo`` translates. Errors are ``GitError`` with a message in Chinese for the user.

The engine is the ``git`` command when it is on PATH, else dulwich (pure Python, imported only
when first used: it costs ~0.75 s). ``JIXIAO_GIT=git`` or ``JIXIAO_GIT=dulwich`` forces one.
"""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

from storage.git.binary import GitBinary, git_exe, run
from storage.git.engine import Engine, Failed, GitError, GitMissing, Repo

__all__ = ["Engine", "Failed", "GitError", "GitMissing", "Repo", "engine", "engine_ready", "git_exe", "git_path",
           "repo_for", "require_commit", "resolve", "run"]

ENGINE_VARIABLE = "JIXIAO_GIT"


@functools.cache
def _engine(name: str) -> Engine:
    if name == "git":
        return GitBinary()
    from storage.git.pure import Dulwich

    return Dulwich()


@functools.cache
def _git_installed() -> bool:
    return shutil.which("git") is not None


def engine() -> Engine:
    """``JIXIAO_GIT`` (git / dulwich) when set, else git when installed, else dulwich."""
    forced = os.environ.get(ENGINE_VARIABLE, "").strip().lower()
    if forced in ("git", "dulwich"):
        return _engine(forced)
    return _engine("git" if _git_installed() else "dulwich")


def engine_ready() -> Engine:
    """The engine, after checking that it can run: GitMissing when JIXIAO_GIT=git names a git
    that is not installed (said before anything is created)."""
    chosen = engine()
    if chosen.name == "git":
        git_exe()
    return chosen


def repo_for(root: str | os.PathLike[str]) -> Repo:
    root = Path(root).resolve()
    if not root.is_dir():
        raise GitError(f"{root} 不是文件夹")
    found = engine().discover(root)
    if found is None:
        raise GitError(
            f"{root} 不在 git 仓库中，没有版本记录。运行 jixiao init {root} 把它建为 git 仓库"
            f"（文件原样保留，并完成第一次提交）"
        )
    top, prefix = found
    return Repo(top, prefix, root)


def git_path(repo: Repo, name: str) -> Path:
    """Where git keeps ``name`` (``hooks``, ``index``, ``MERGE_HEAD`` …) for this working tree."""
    return engine().git_path(repo, name)


def resolve(repo: Repo, rev: str) -> str | None:
    """The commit id ``rev`` names, or None."""
    if not rev or rev.startswith("-"):
        return None
    return engine().resolve(repo, rev)


def require_commit(repo: Repo, rev: str) -> str:
    """The commit id ``rev`` names; GitError saying what is wrong when there is none."""
    sha = resolve(repo, rev)
    if sha is None:
        if rev == "HEAD":
            raise GitError("还没有任何提交（HEAD 不存在）")
        raise GitError(f"找不到版本「{rev}」（可用提交号、标签或分支名，如 HEAD~1、v1）")
    return sha
