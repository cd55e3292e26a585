"""Real git repositories in temporary folders for the git tests, independent of the machine's
git configuration (no global/system config, identity from the environment).

``git_env`` takes the engine jixiao uses (``JIXIAO_GIT``): "git" by default; the git-heavy test
modules (``BOTH_ENGINES``) run once with each engine (see tests/conftest.py). The repositories
are set up with the git command either way, so the dulwich runs also check that dulwich reads and
writes what git does."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.paths import SAMPLE

ENGINES = ("git", "dulwich")
# hooks are git's own (tests/storage/git/test_git_hooks.py runs them with git commit): one engine
BOTH_ENGINES = ("tests/storage/git/test_git_store.py", "tests/storage/git/test_git_merge.py",
                "tests/storage/git/test_git_bundle.py", "tests/storage/git/test_git_workspace_data.py",
                "tests/storage/git/test_merge_structure.py",
                "tests/storage/test_closed_world.py", "tests/cli/test_git.py", "tests/cli/test_bundle.py",
                "tests/cli/test_conflicts.py", "tests/cli/test_init_existing.py", "tests/tui/test_git_app.py",
                "tests/cli/test_comments.py", "tests/cli/test_new_year.py")


@pytest.fixture
def git_env(request, tmp_path_factory, monkeypatch):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.setenv("JIXIAO_GIT", getattr(request, "param", "git"))
    empty = tmp_path_factory.mktemp("gitconfig") / "config"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "张三")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "zhangsan@example.cn")
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(var, raising=False)


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    r = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd, capture_output=True, text=True,
                       encoding="utf-8")
    if check and r.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {r.stderr}")
    return r


def sample_repo(parent: Path, sub: str = "") -> Path:
    """A new repository holding the sample workspace (in ``sub`` inside it), committed once;
    returns the workspace folder."""
    top = parent / "repo"
    ws = top / sub if sub else top
    shutil.copytree(SAMPLE, ws)
    git(top, "init", "-q", "-b", "main")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "导入示例")
    return ws


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, count), "utf-8")


def forget_identity(monkeypatch, tmp_path: Path) -> None:
    """git knows no author: none in the environment, and a global config that forbids guessing."""
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.delenv(f"GIT_{who}_NAME")
        monkeypatch.delenv(f"GIT_{who}_EMAIL")
    cfg = tmp_path / "global"
    cfg.write_text("[user]\n\tuseConfigOnly = true\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(cfg))


def conflicting_merge(ws: Path, theirs=lambda ws: None) -> None:
    """Both sides change p02's amounts (ours 150.00, theirs 160.00; ``theirs(ws)`` makes more of
    their changes), each committed with jixiao; merging theirs into main stops in a conflict."""
    from storage import git as sgit

    git(ws, "branch", "colleague")
    p = ws / "u01" / "p02.toml"
    edit(p, "total = 144.33\nfiscal = 144.33", "total = 150.00\nfiscal = 150.00")
    sgit.commit(ws, "我方", force=True)
    git(ws, "checkout", "-q", "colleague")
    edit(p, "total = 144.33\nfiscal = 144.33", "total = 160.00\nfiscal = 160.00")
    theirs(ws)
    sgit.commit(ws, "对方", force=True)
    git(ws, "checkout", "-q", "main")
    assert git(ws, "merge", "--no-edit", "colleague", check=False).returncode == 1
