"""Running the ``git`` command line, and the repository around a workspace folder.

Everything in ``storage.git`` speaks in workspace terms: paths are relative to the workspace
root (which may be a sub-folder of the repository, like ``samples/guangzhou-hrss-2025``);
``Repo`` translates. Errors are ``GitError`` with a message in Chinese for the user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from storage.errors import StorageError


class GitError(StorageError):
    """A git operation failed; the message says what to do."""


class GitMissing(GitError):
    pass


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
        raise GitError(f"git {_text(args[0])} 失败：{error_output(r)}")
    return r


def _text(b: str | bytes) -> str:
    return b if isinstance(b, str) else b.decode("utf-8", "replace")


def error_output(r: subprocess.CompletedProcess[bytes]) -> str:
    """What git said about a failure (its standard error, else its standard output)."""
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

    def git_path(self, name: str) -> Path:
        """Where git keeps ``name`` (``hooks``, ``MERGE_HEAD`` …) for this working tree."""
        return self.top / self.out("rev-parse", "--git-path", name).strip()


def repo_for(root: str | os.PathLike[str]) -> Repo:
    root = Path(root).resolve()
    if not root.is_dir():
        raise GitError(f"{root} 不是文件夹")
    r = run(["rev-parse", "--show-toplevel", "--show-prefix"], root, check=False)
    if r.returncode != 0:
        raise GitError(
            f"{root} 不在 git 仓库中，没有版本记录。运行 jixiao init {root} 把它建为 git 仓库"
            f"（文件原样保留，并完成第一次提交）"
        )
    top, prefix = (r.stdout.decode("utf-8", "surrogateescape").split("\n") + [""])[:2]
    return Repo(Path(top), prefix, root)


def resolve(repo: Repo, rev: str) -> str | None:
    """The commit id ``rev`` names, or None."""
    if not rev or rev.startswith("-"):
        return None
    r = repo.git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
    return (r.stdout.decode().strip() or None) if r.returncode == 0 else None


def require_commit(repo: Repo, rev: str) -> str:
    """The commit id ``rev`` names; GitError saying what is wrong when there is none."""
    sha = resolve(repo, rev)
    if sha is None:
        if rev == "HEAD":
            raise GitError("还没有任何提交（HEAD 不存在）")
        raise GitError(f"找不到版本「{rev}」（可用提交号、标签或分支名，如 HEAD~1、v1）")
    return sha
