"""The log of the workspace, and committing it: ``jixiao commit`` refuses what ``jixiao check``
finds errors in (unless forced), commits only the workspace's data (``workspace_data``), says
what it left out, remembers an author given once, and says in Chinese what to do when git does
not know who the author is."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from model.validate import Diagnostic
from storage.atomic import atomic_write
from storage.git.changes import status
from storage.git.command import GitError, Repo, engine, git_path, repo_for, require_commit, resolve
from storage.git.engine import Commit, Failed
from storage.git.revisions import cat_blobs, index_entries, staged_workspace, unmerged
from storage.git.workspace_data import left_out_text, split_changes
from storage.workspace import confine
from storage.workspace.confine import link_on_the_way
from storage.workspace.conflict_markers import conflict_marker_line

HOOK_MARK = "# jixiao pre-commit hook"  # the line that tells our hook from someone else's
LINK_MODE = "120000"  # a symbolic link in a git tree or index

NO_IDENTITY = (
    "git 还不知道提交人是谁。请在提交时填写姓名和邮箱（编辑器的提交窗口，或命令加 --author \"姓名 <邮箱>\"），"
    "记在本工作区中，以后的提交沿用。\n"
    "装有 git 的电脑也可以为所有工作区设置一次：\n"
    '  git config --global user.name "你的姓名"\n'
    '  git config --global user.email "你的邮箱"'
)


class NothingToCommit(GitError):
    pass


class CheckFailed(GitError):
    """``jixiao check`` finds errors in what would be committed."""

    def __init__(self, errors: list[Diagnostic], warnings: int):
        super().__init__(
            f"检查发现 {len(errors)} 个错误，未提交（修正后再提交，或选择仍然提交）"
        )
        self.errors = errors
        self.warnings = warnings


# -- history -----------------------------------------------------------------------------------

def history(root: str | os.PathLike[str], unit_id: str | None = None, project_id: str | None = None,
            limit: int | None = None, repo: Repo | None = None) -> list[Commit]:
    """Commits touching the workspace, or one unit's folder, or one project's file; newest first."""
    repo = repo or repo_for(root)
    if resolve(repo, "HEAD") is None:
        return []
    if unit_id and project_id:
        spec = repo.path(f"{unit_id}/{project_id}.toml")
    elif unit_id:
        spec = repo.path(unit_id)
    else:
        spec = repo.pathspec
    return engine().log(repo, spec, limit)


# -- committing --------------------------------------------------------------------------------

@dataclass(frozen=True)
class CommitResult:
    id: str
    short: str
    errors: int  # errors committed anyway (forced)
    warnings: int
    left_out: tuple[str, ...] = ()  # changed files in the folder that are not workspace data
    remembered: tuple[str, str] | None = None  # the author now kept in the repository's settings


class Unresolved(GitError):
    """Files still in a merge conflict: nothing is committed."""


class LinksRefused(GitError):
    """Symbolic links in what would be committed or pulled in: refused (exit 1), because git
    carries a link, not its content, and a link may lead jixiao's saves out of the workspace."""


def _markers_gone(repo: Repo, rel: str) -> bool:
    """The conflicted file ``rel`` (a regular file inside the workspace) no longer has markers:
    someone settled it in a text editor."""
    try:
        return conflict_marker_line(confine.read_bytes(repo.root, rel)) is None
    except OSError:  # gone, a link, not a regular file: not settled
        return False


def refuse_links(root: Path, rels: Iterable[str]) -> None:
    """LinksRefused when any of the workspace-relative ``rels`` (or a folder on its way) is a link."""
    links = sorted({why for rel in rels if (why := link_on_the_way(root, rel)) is not None})
    if links:
        raise LinksRefused("以下是符号链接，未提交：" + "；".join(links) + "。git 提交的是链接而不是内容，"
                           "别的电脑上它会指向别处；把链接换成它所指的文件或文件夹本身（复制过来）或删除它，再提交")


def refuse_tree_links(repo: Repo, rev: str, source: str) -> None:
    """LinksRefused when the workspace at ``rev`` holds a symbolic link (git mode 120000):
    checked before anything of ``rev`` reaches the disk."""
    found = [e for e in engine().ls_tree(repo, require_commit(repo, rev)) if e.mode == LINK_MODE]
    targets = cat_blobs(repo, [e.oid for e in found])
    links = [f"{repo.rel(e.path)} → {(t or b'').decode('utf-8', 'replace')}" for e, t in zip(found, targets)]
    if links:
        raise LinksRefused(f"{source} 中有符号链接，为安全起见未导入，工作区没有改变：" + "；".join(links)
                           + "。jixiao 只读写工作区内的普通文件，链接可能让保存写到工作区外；"
                           "请对方把链接换成它所指的文件或文件夹本身，提交后重新打包")


def has_identity(repo: Repo) -> bool:
    return engine().has_identity(repo)


def remember_author(repo: Repo, author: tuple[str, str]) -> bool:
    """Keep ``author`` as the repository's user.name / user.email (in .git/config, so the next
    commit needs no author); False when it already was."""
    current = tuple(engine().config_get(repo, key) for key in ("user.name", "user.email"))
    if current == author:
        return False
    engine().config_set(repo, "user.name", author[0])
    engine().config_set(repo, "user.email", author[1])
    return True


def check_staged(repo: Repo) -> tuple[list[Diagnostic], int]:
    """Errors and the number of warnings in the staged workspace."""
    store = staged_workspace(repo.root, repo)
    if store is None:
        return [], 0
    diags = store.diagnostics()
    errors = [d for d in diags if d.severity == "error"]
    return errors, len(diags) - len(errors)


def _our_hook(repo: Repo) -> bool:
    try:
        return HOOK_MARK in (git_path(repo, "hooks") / "pre-commit").read_text("utf-8", "replace")
    except OSError:
        return False


def _settle_conflicts(repo: Repo) -> None:
    """Take as resolved the conflicted files both sides changed whose markers the user removed
    (in a text editor); Unresolved for any conflict left."""
    conflicted = unmerged(repo)
    if not conflicted:
        return
    stages: dict[str, set[int]] = {}
    for e in index_entries(repo):
        stages.setdefault(e.path, set()).add(e.stage)
    done, left = [], []
    for rel in conflicted:
        by_hand = {2, 3} <= stages.get(repo.path(rel), set()) and _markers_gone(repo, rel)
        (done if by_hand else left).append(rel)
    if left:
        raise Unresolved("以下文件还有未解决的冲突（合并时两边都改了），未提交：" + "、".join(left)
                         + "。在编辑器中打开工作区逐项选择（jixiao 工作区文件夹），或用文本编辑器保留"
                         "正确的内容并删去 <<<<<<<、=======、>>>>>>> 标记行，然后再提交；放弃这次合并：jixiao pull --abort")
    engine().stage(repo, [repo.path(rel) for rel in done])


def commit(root: str | os.PathLike[str], message: str, force: bool = False,
           author: tuple[str, str] | None = None) -> CommitResult:
    """Commit every change of the workspace's data (and nothing else: see ``workspace_data``).

    Refuses (``CheckFailed``, with the errors) while ``jixiao check`` finds errors in what would
    be committed, unless ``force``. ``author`` = (name, email): the commit's author, kept in the
    repository's settings for the next commits."""
    repo = repo_for(root)
    message = message.strip()
    if not message:
        raise GitError("提交说明不能为空：写一句这次改了什么，例如「调整业务运行经费」")
    index = git_path(repo, "index")
    before = (index.read_bytes(), index.stat()) if index.is_file() else None
    try:
        return _commit(repo, message, force, author)
    except BaseException:  # refused or failed: what was staged is as it was before
        _restore_index(index, before)
        raise


def _restore_index(index: Path, before: tuple[bytes, os.stat_result] | None) -> None:
    """The index as it was, bytes *and* time: git tells a file edited in the second the index was
    written (same size, same recorded time) from an unchanged one only by comparing with the
    index file's time; a restored index dated now would vouch for the edit as committed."""
    if before is None:
        index.unlink(missing_ok=True)
        return
    data, st = before
    if not index.is_file() or index.read_bytes() != data:
        atomic_write(index, data)
    os.utime(index, ns=(st.st_atime_ns, st.st_mtime_ns))


def _commit(repo: Repo, message: str, force: bool, author: tuple[str, str] | None) -> CommitResult:
    _settle_conflicts(repo)
    if author is None and not has_identity(repo):
        raise GitError(NO_IDENTITY)
    data, left_out = split_changes(repo.root, status(repo))
    refuse_links(repo.root, data)
    # the workspace but what is left out
    but = [repo.path(rel) for rel in left_out]
    if data:
        engine().stage(repo, None, but)
    head = resolve(repo, "HEAD")
    merging = git_path(repo, "MERGE_HEAD").exists()
    if head is not None and not merging and not _staged_changes(repo, data):
        raise NothingToCommit("没有需要提交的修改" + (f"（{left_out_text(left_out)}）" if left_out else ""))
    if head is None and not data:
        raise NothingToCommit("没有需要提交的文件" + (f"（{left_out_text(left_out)}）" if left_out else ""))
    errors, warnings = check_staged(repo)
    if errors and not force:
        raise CheckFailed(errors, warnings)
    # forced: the hook would refuse what the user insists on; our hook: it would only run the
    # check just run on the same staged content (a second Python start-up)
    verify = not force and not _our_hook(repo)
    # a merge is committed whole; else only the workspace's data
    paths = None if merging else [repo.pathspec]
    try:
        engine().commit(repo, message, paths, [] if merging else but, author, verify)
    except Failed as e:
        raise GitError(f"提交失败：{e.detail}") from None
    sha = require_commit(repo, "HEAD")
    remembered = author if author and remember_author(repo, author) else None
    return CommitResult(sha, sha[:7], len(errors), warnings, tuple(left_out), remembered)


def _staged_changes(repo: Repo, data: dict[str, str]) -> bool:
    """Whether the index differs from HEAD in any of the workspace's data files."""
    return any(repo.rel(p) in data for p in engine().staged_paths(repo))
