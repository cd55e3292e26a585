"""``jixiao init`` on a workspace folder that is not in git yet (e.g. made by ``jixiao import``
or copied from a USB stick): the folder becomes a repository — ``.gitignore``,
``.gitattributes``, the pre-commit hook — and its data, as it is, the first commit.

The first commit is taken even when the check finds errors: an imported table is the starting
point, and the next commits are checked against it. Nothing of the user's is changed; when a
step fails, what this made (``.git`` and the two files, if they were not there) is removed.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from storage.git.command import GitError, Repo, engine, engine_ready
from storage.git.commits import CommitResult, commit, has_identity
from storage.git.setup import ATTRIBUTES, NO_IDENTITY_INIT, init_repo, install_hooks
from storage.git.workspace_data import IGNORE_FILE, write_gitignore
from storage.workspace import layout
from storage.workspace.store import Store


@dataclass(frozen=True)
class Adopted:
    root: Path
    commit: CommitResult


def is_workspace_folder(target: str | os.PathLike[str]) -> bool:
    return (Path(target) / layout.WORKSPACE_FILE).is_file()


def repository_around(folder: Path) -> Path | None:
    """The working tree of the git repository ``folder`` is in, or None."""
    found = engine().discover(folder.resolve())
    return found[0] if found else None


def adopt_workspace(target: str | os.PathLike[str], author: tuple[str, str] | None = None) -> Adopted:
    """Make the workspace folder ``target`` a repository with its data as the first commit."""
    engine_ready()  # JIXIAO_GIT=git without git: said before anything else
    target = Path(target)
    header = Store.open_header(target)  # a jixiao.toml that cannot be read: StorageError with its line
    top = repository_around(target)
    if top is not None:
        raise GitError(
            f"{target} 已在 git 仓库 {top} 中，不用 jixiao init：直接用 jixiao commit -m 说明 提交修改"
            f"（在每个副本中运行一次 jixiao hooks install 安装提交前检查）")
    if author is None and not has_identity(Repo(target, "", target)):
        raise GitError(NO_IDENTITY_INIT)
    made = [p for p in (target / ".git", target / IGNORE_FILE, target / ATTRIBUTES) if not p.exists()]
    try:
        init_repo(target)
        write_gitignore(target)
        install_hooks(target)
        result = commit(target, f"建立版本记录：{header.workspace.title}", force=True, author=author)
    except (GitError, OSError):
        _remove(made)
        raise
    return Adopted(target, result)


def _remove(made: list[Path]) -> None:
    """Undo a failed adoption: only what it created."""
    for path in made:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
