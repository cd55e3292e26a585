"""The log of the workspace, and committing it: ``jixiao commit`` refuses what ``jixiao check``
finds errors in (unless forced), commits only the workspace folder, and says in Chinese what to
do when git does not know who the author is."""

from __future__ import annotations

import os
from dataclasses import dataclass

from model.validate import Diagnostic
from storage.git.command import GitError, Repo, error_output, repo_for, resolve, run
from storage.git.revisions import index_entries, staged_workspace, unmerged

HOOK_MARK = "# jixiao pre-commit hook"  # the line that tells our hook from someone else's

NO_IDENTITY = (
    "git 还不知道提交人是谁。请在提交时填写姓名和邮箱，或运行一次：\n"
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

@dataclass(frozen=True)
class Commit:
    id: str
    short: str
    author: str
    date: str  # ISO 8601 with offset
    subject: str


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
    args = ["log", "-z", "--format=%H%x1f%h%x1f%an%x1f%aI%x1f%s"]
    if limit:
        args.append(f"-n{limit}")
    raw = repo.out(*args, "--", spec)
    out = []
    for rec in raw.split("\0"):
        fields = rec.strip("\n").split("\x1f")
        if len(fields) == 5:
            out.append(Commit(*fields))
    return out


# -- committing --------------------------------------------------------------------------------

@dataclass(frozen=True)
class CommitResult:
    id: str
    short: str
    errors: int  # errors committed anyway (forced)
    warnings: int


def has_identity(repo: Repo) -> bool:
    return repo.git("var", "GIT_COMMITTER_IDENT", check=False).returncode == 0 and \
        repo.git("var", "GIT_AUTHOR_IDENT", check=False).returncode == 0


def _identity(author: tuple[str, str] | None) -> tuple[str, ...]:
    if author is None:
        return ()
    name, email = author
    return (f"user.name={name}", f"user.email={email}")


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
        return HOOK_MARK in (repo.git_path("hooks") / "pre-commit").read_text("utf-8", "replace")
    except OSError:
        return False


def commit(root: str | os.PathLike[str], message: str, force: bool = False,
           author: tuple[str, str] | None = None) -> CommitResult:
    """Commit every change of the workspace folder (and nothing outside it).

    Refuses (``CheckFailed``, with the errors) while ``jixiao check`` finds errors in what would
    be committed, unless ``force``. ``author`` = (name, email) when git has no identity set."""
    repo = repo_for(root)
    message = message.strip()
    if not message:
        raise GitError("提交说明不能为空：写一句这次改了什么，例如「调整业务运行经费」")
    conflicted = unmerged(repo)
    if conflicted:
        raise GitError("以下文件还有未解决的冲突，先逐项选定再提交：" + "、".join(conflicted))
    ident = _identity(author)
    if not ident and not has_identity(repo):
        raise GitError(NO_IDENTITY)
    repo.git("add", "-A", "--", repo.pathspec)
    head = resolve(repo, "HEAD")
    if head is not None and repo.git("diff", "--cached", "--quiet", "HEAD", "--", repo.pathspec, check=False).returncode == 0:
        raise NothingToCommit("没有需要提交的修改")
    if head is None and not index_entries(repo):
        raise NothingToCommit("没有需要提交的文件")
    errors, warnings = check_staged(repo)
    if errors and not force:
        raise CheckFailed(errors, warnings)
    args = ["commit", "-q", "-m", message]
    if force or _our_hook(repo):
        # forced: the hook would refuse what the user insists on; our hook: it would only run
        # the check just run on the same staged content (a second Python start-up)
        args.append("--no-verify")
    if not repo.git_path("MERGE_HEAD").exists():  # a merge is committed whole; else only the workspace
        args += ["--", repo.pathspec]
    r = run(args, repo.top, config=ident, check=False)
    if r.returncode != 0:
        raise GitError(f"提交失败：{error_output(r)}")
    sha = repo.out("rev-parse", "HEAD").strip()
    return CommitResult(sha, sha[:7], len(errors), warnings)
