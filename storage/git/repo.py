"""Git, through the ``git`` command line, for a workspace folder inside a repository.

Everything here speaks in workspace terms: paths are relative to the workspace root (which may
be a sub-folder of the repository, like ``samples/guangzhou-hrss-2025``), revisions are read
with one ``git ls-tree`` and one ``git cat-file --batch`` and parsed exactly like the working
tree (``Store.from_files``). Errors are ``GitError`` with a message in Chinese for the user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from model.codes import default_codes
from model.diff import ProjectDiff, WorkspaceDiff, diff_project, diff_workspaces
from model.validate import Diagnostic
from model.workspace import Project
from storage.workspace import layout
from storage.workspace.store import StorageError, Store


class GitError(StorageError):
    """A git operation failed; the message says what to do."""


class GitMissing(GitError):
    pass


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


MISSING = (
    "没有找到 git 命令。jixiao 用 git 保存每一版预算以便审阅和比较：请先安装 git"
    "（Windows：Git for Windows，https://git-scm.com/download/win；"
    "统信/麒麟/Debian：sudo apt install git），然后重试"
)


def git_exe() -> str:
    exe = shutil.which("git")
    if exe is None:
        raise GitMissing(MISSING)
    return exe


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    # stable, parseable output whatever the user's locale; no pager, no editor, no prompts
    env.update({"LC_ALL": "C", "LANGUAGE": "C", "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0",
                "GIT_EDITOR": "true", "GIT_MERGE_AUTOEDIT": "no"})
    if extra:
        env.update(extra)
    return env


def run(args: list[str | bytes], cwd: str | os.PathLike[str], *, input: bytes | None = None,
        check: bool = True, config: tuple[str, ...] = ()) -> subprocess.CompletedProcess[bytes]:
    """``git -c core.quotepath=off ARGS`` in ``cwd``; raise GitError with git's own words on failure."""
    cmd: list[str | bytes] = [git_exe(), "-c", "core.quotepath=off"]
    for c in config:
        cmd += ["-c", c]
    cmd += args
    try:
        r = subprocess.run(cmd, cwd=cwd, input=input, capture_output=True, env=_env())
    except FileNotFoundError:
        raise GitMissing(MISSING) from None
    if check and r.returncode != 0:
        raise GitError(f"git {_text(args[0])} 失败：{_stderr(r)}")
    return r


def _text(b: str | bytes) -> str:
    return b if isinstance(b, str) else b.decode("utf-8", "replace")


def _stderr(r: subprocess.CompletedProcess[bytes]) -> str:
    return (r.stderr or r.stdout).decode("utf-8", "replace").strip()


# -- the repository around a workspace ---------------------------------------------------------

@dataclass(frozen=True)
class Repo:
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

    def git(self, *args: str | bytes, **kw) -> subprocess.CompletedProcess[bytes]:
        return run(list(args), self.top, **kw)

    def out(self, *args: str | bytes, **kw) -> str:
        return self.git(*args, **kw).stdout.decode("utf-8", "surrogateescape")


def repo_for(root: str | os.PathLike[str]) -> Repo:
    root = Path(root).resolve()
    if not root.is_dir():
        raise GitError(f"{root} 不是文件夹")
    r = run(["rev-parse", "--show-toplevel", "--show-prefix"], root, check=False)
    if r.returncode != 0:
        raise GitError(
            f"{root} 不在 git 仓库中，没有版本记录。可用 jixiao init 新建工作区，"
            f"或在该文件夹中运行 git init 后再提交"
        )
    top, prefix = (r.stdout.decode("utf-8", "surrogateescape").split("\n") + [""])[:2]
    return Repo(Path(top), prefix, root)


def resolve(repo: Repo, rev: str) -> str | None:
    """The commit id ``rev`` names, or None."""
    if not rev or rev.startswith("-"):
        return None
    r = repo.git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
    return (r.stdout.decode().strip() or None) if r.returncode == 0 else None


def _need(repo: Repo, rev: str) -> str:
    sha = resolve(repo, rev)
    if sha is None:
        if rev == "HEAD":
            raise GitError("还没有任何提交（HEAD 不存在）")
        raise GitError(f"找不到版本「{rev}」（可用提交号、标签或分支名，如 HEAD~1、v1）")
    return sha


# -- reading files at a revision or in the index -----------------------------------------------

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
    sha = _need(repo, rev)
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


def index_entries(repo: Repo, whole_repo: bool = False) -> list[IndexEntry]:
    args = ["ls-files", "-s", "-z"]
    if not whole_repo:
        args += ["--", repo.pathspec]
    out = []
    for entry in repo.git(*args).stdout.split(b"\0"):
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        _mode, oid, stage = meta.split(b" ")
        out.append(IndexEntry(path.decode("utf-8", "surrogateescape"), oid.decode(), int(stage)))
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
    from storage.git.conflicts import parse_project

    repo = repo or repo_for(root)
    sha = _need(repo, rev)
    rel = f"{unit_id}/{project_id}.toml"
    [data] = cat_blobs(repo, [f"{sha}:{repo.path(rel)}"])
    return None if data is None else parse_project(data, project_id, f"{rev}:{rel}")


# -- comparing ---------------------------------------------------------------------------------

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
        from storage.git.conflicts import parse_project

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
    out = {}
    for rel, st in files.items():
        parts = rel.split("/")
        if len(parts) == 2 and parts[1].endswith(".toml") and parts[1] != layout.UNIT_FILE:
            out[(parts[0], parts[1][: -len(".toml")])] = st
    return out


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


NO_IDENTITY = (
    "git 还不知道提交人是谁。请在提交时填写姓名和邮箱，或运行一次：\n"
    '  git config --global user.name "你的姓名"\n'
    '  git config --global user.email "你的邮箱"'
)


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


HOOK_MARK = "# jixiao pre-commit hook"


def _our_hook(repo: Repo) -> bool:
    hooks = Path(repo.out("rev-parse", "--git-path", "hooks").strip())
    hook = (hooks if hooks.is_absolute() else repo.top / hooks) / "pre-commit"
    try:
        return HOOK_MARK in hook.read_text("utf-8", "replace")
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
    merging = (repo.top / repo.out("rev-parse", "--git-path", "MERGE_HEAD").strip()).exists()
    if not merging:  # a merge is committed whole; otherwise only the workspace folder
        args += ["--", repo.pathspec]
    r = run(args, repo.top, config=ident, check=False)
    if r.returncode != 0:
        raise GitError(f"提交失败：{_stderr(r)}")
    sha = repo.out("rev-parse", "HEAD").strip()
    return CommitResult(sha, sha[:7], len(errors), warnings)
