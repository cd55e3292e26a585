"""The two git engines side by side: which one a process uses, and that what one makes the other
reads — a repository made without git passes ``git fsck``, bundles travel both ways, and a
merge conflict left by dulwich is the one git would leave."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from storage import git as sgit
from storage.git import command
from tests.gitrepo import edit, forget_identity, git, git_env, sample_repo  # noqa: F401  (git_env is a fixture)


@pytest.fixture
def use(monkeypatch):
    """use("dulwich") / use("git"): the engine for the next calls."""
    return lambda name: monkeypatch.setenv("JIXIAO_GIT", name)


def test_the_engine_is_git_when_installed_else_dulwich(monkeypatch):
    monkeypatch.delenv("JIXIAO_GIT", raising=False)
    command._git_installed.cache_clear()
    try:
        assert command.engine().name == ("git" if shutil.which("git") else "dulwich")
        monkeypatch.setattr(command.shutil, "which", lambda name: None)
        command._git_installed.cache_clear()
        assert command.engine().name == "dulwich"
        monkeypatch.setenv("JIXIAO_GIT", "git")
        assert command.engine().name == "git"
    finally:
        command._git_installed.cache_clear()


def test_forcing_git_where_there_is_none_says_so(tmp_path, git_env, monkeypatch):
    ws = sample_repo(tmp_path)
    monkeypatch.setenv("JIXIAO_GIT", "git")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(sgit.GitMissing, match="没有找到 git 命令（JIXIAO_GIT=git 要求使用它）"):
        sgit.compare(ws)


def test_a_repository_made_without_git_is_an_ordinary_one(tmp_path, git_env, use, monkeypatch):
    use("dulwich")
    forget_identity(monkeypatch, tmp_path)  # the author given once, as a new user does
    ws = tmp_path / "ws"
    sgit.init_workspace(ws, year=2026, department="市人社局", author=("李四", "lisi@example.cn"))
    (ws / "u01" / "p01.toml").write_text('name = "业务运行经费"\ntotal = 10.00\nfiscal = 10.00\n', "utf-8")
    edit(ws / "u01" / "unit.toml", "projects = []", 'projects = ["p01"]')
    sgit.commit(ws, "新增业务运行经费", force=True)
    assert git(ws, "fsck", "--strict").returncode == 0
    assert git(ws, "status", "--porcelain").stdout == ""  # git sees the index dulwich wrote as clean
    log = git(ws, "log", "--format=%an|%s").stdout.splitlines()
    assert log[0] == "李四|新增业务运行经费" and log[1].startswith("李四|新建工作区：") and len(log) == 2
    assert git(ws, "symbolic-ref", "HEAD").stdout.strip() == "refs/heads/main"
    assert git(ws, "config", "user.name").stdout.strip() == "李四"
    # and the git engine reads it as dulwich does
    dulwich_history = sgit.history(ws)
    use("git")
    assert [(c.id, c.author, c.subject) for c in sgit.history(ws)] == [
        (c.id, c.author, c.subject) for c in dulwich_history]


@pytest.mark.parametrize("maker, taker", [("dulwich", "git"), ("git", "dulwich")])
def test_a_bundle_made_by_one_engine_is_pulled_by_the_other(tmp_path, git_env, use, maker, taker):
    office = sample_repo(tmp_path / "office")
    use(maker)
    first = sgit.create_bundle(office, tmp_path / "full.bundle")
    assert git(office, "bundle", "verify", str(tmp_path / "full.bundle")).returncode == 0
    use(taker)
    home = sgit.clone_bundle(tmp_path / "full.bundle", tmp_path / "home")
    assert (home / "u01" / "p02.toml").read_bytes() == (office / "u01" / "p02.toml").read_bytes()
    assert git(home, "fsck").returncode == 0 and git(home, "status", "--porcelain").stdout == ""
    # an incremental bundle back from the new copy
    edit(home / "u01" / "p02.toml", "fiscal = 144.33", "fiscal = 150.00")
    edit(home / "u01" / "p02.toml", "total = 144.33", "total = 150.00")
    sgit.commit(home, "家里改了业务运行经费", force=True)
    sgit.create_bundle(home, tmp_path / "since.bundle", since=first.sent_tag)
    use(maker)
    result = sgit.pull_bundle(office, tmp_path / "since.bundle")
    assert (result.status, result.commits) == ("fast-forward", 1)
    assert "fiscal = 150.00" in (office / "u01" / "p02.toml").read_text("utf-8")
    assert git(office, "fsck").returncode == 0 and git(office, "status", "--porcelain").stdout == ""


def _conflict(tmp_path, engine: str, use):
    """Both copies change p02's amounts; the office pulls the colleague's bundle with ``engine``."""
    office = sample_repo(tmp_path / engine / "office")
    colleague = tmp_path / engine / "colleague"
    git(tmp_path, "clone", "-q", str(office), str(colleague))
    for ws, amount in ((office, "150.00"), (colleague, "160.00")):
        edit(ws / "u01" / "p02.toml", "total = 144.33\nfiscal = 144.33", f"total = {amount}\nfiscal = {amount}")
        edit(ws / "u01" / "p05.toml", "name = ", f"# {amount}\nname = ") if ws is colleague else None
        git(ws, "commit", "-q", "-am", f"改为 {amount}")
    git(colleague, "bundle", "create", str(tmp_path / engine / "c.bundle"), "HEAD", "main")
    use(engine)
    return office, sgit.pull_bundle(office, tmp_path / engine / "c.bundle")


def test_a_conflict_left_by_dulwich_is_the_one_git_leaves(tmp_path, git_env, use):
    seen = {}
    for engine in ("git", "dulwich"):
        office, result = _conflict(tmp_path, engine, use)
        assert (result.status, result.conflicts) == ("conflict", ["u01/p02.toml"])
        use("git")  # read back with git either way: the editor's conflict screen, and git itself
        conflict = sgit.read_conflict(office, "u01", "p02")
        seen[engine] = (
            git(office, "status", "--porcelain").stdout,
            git(office, "ls-files", "-u").stdout.count("u01/p02.toml"),
            (office / ".git" / "MERGE_HEAD").exists(),
            (office / "u01" / "p05.toml").read_text("utf-8"),  # the change only they made: merged
            [(f.field, f.old, f.new) for f in conflict.conflicts],
            sgit.status(sgit.repo_for(office))["u01/p02.toml"],
        )
    assert seen["dulwich"] == seen["git"]
    status, stages, merging, p05, fields, mark = seen["dulwich"]
    assert "UU u01/p02.toml" in status and stages == 3 and merging and p05.startswith("# 160.00")
    assert [f for f, *_ in fields] == ["total", "fiscal"] and mark == "conflict"


def test_hooks_without_git(tmp_path, git_env, use, capsys):
    """``jixiao hooks install`` writes what git would use once installed and says the check runs
    in jixiao commit; an installed pre-commit hook (ours or another program's) does not run."""
    from storage.git.setup import WORD_REGEX
    from tui.cli.git import NO_GIT_HOOK
    from tui.cli.main import main

    ws = sample_repo(tmp_path)
    use("dulwich")
    assert main(["hooks", "install", "-w", str(ws)]) == 0
    assert NO_GIT_HOOK in capsys.readouterr().out
    setting = subprocess.run(["git", "config", "diff.jixiao.wordRegex"], cwd=ws, capture_output=True, check=True)
    assert setting.stdout == WORD_REGEX + b"\n"  # git reads what dulwich set, byte for byte
    hook = ws / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho refused by another program >&2\nexit 1\n", "utf-8")
    edit(ws / "u01" / "p05.toml", "name = ", "# 看过\nname = ")
    assert sgit.commit(ws, "不经过 git 钩子").errors == 0  # the check ran inside commit instead
    p02 = ws / "u01" / "p02.toml"
    edit(p02, "total = 144.33", "total = 150.00")  # 总计 ≠ the sum of the sources: an error
    with pytest.raises(sgit.CheckFailed):
        sgit.commit(ws, "有错误")


def test_both_engines_see_the_same_changes(tmp_path, git_env, use):
    """Modified, deleted, staged, untracked, ignored files and links, in a workspace inside a
    larger repository: the same status, changed files and staged paths from either engine."""
    ws = sample_repo(tmp_path, "budget/2025")
    (ws / ".gitignore").write_text("*.xlsx\n.jixiao/\n", "utf-8")
    edit(ws / "u01" / "p02.toml", "fiscal = 144.33", "fiscal = 150.00")
    (ws / "u01" / "p05.toml").unlink()
    (ws / "u01" / "p20.toml").write_bytes((ws / "u01" / "p01.toml").read_bytes())
    (ws / "u01" / "p21.toml").write_bytes((ws / "u01" / "p01.toml").read_bytes())
    git(ws, "add", "u01/p21.toml")
    edit(ws / "u01" / "p03.toml", "name = ", "# 暂存后又改\nname = ")
    git(ws, "add", "u01/p03.toml")
    edit(ws / "u01" / "p03.toml", "# 暂存后又改", "# 再改")
    (ws / "表.xlsx").write_bytes(b"PK")
    (ws / ".jixiao").mkdir()
    (ws / ".jixiao" / "recovery.json").write_text("{}")
    (ws.parent / "elsewhere.txt").write_text("outside the workspace")
    if hasattr(__import__("os"), "symlink"):
        (tmp_path / "outside").mkdir()
        (tmp_path / "outside" / "x.toml").write_text("")
        (ws / "u09").symlink_to(tmp_path / "outside")
        (ws / "u01" / "p30.toml").symlink_to(tmp_path / "outside" / "x.toml")
    seen = {}
    for engine in ("git", "dulwich"):
        use(engine)
        repo = sgit.repo_for(ws)
        seen[engine] = (sgit.status(repo), sgit.changed_files(ws), sgit.changed_files(ws, "HEAD~0"),
                        command.engine().staged_paths(repo), sgit.index_entries(repo))
    assert seen["dulwich"] == seen["git"]
    status = seen["git"][0]
    assert status["u01/p02.toml"] == "modified" and status["u01/p05.toml"] == "deleted"
    assert status["u01/p20.toml"] == status["u01/p21.toml"] == "new" and "表.xlsx" not in status


@pytest.mark.parametrize("engine", ["git", "dulwich"])
def test_pull_never_overwrites_a_file_not_yet_committed(tmp_path, git_env, use, engine):
    office = sample_repo(tmp_path / "office")
    colleague = tmp_path / "colleague"
    git(tmp_path, "clone", "-q", str(office), str(colleague))
    (colleague / "u01" / "p20.toml").write_bytes((colleague / "u01" / "p01.toml").read_bytes())
    git(colleague, "add", "-A")
    git(colleague, "commit", "-q", "-m", "同事新增 p20")
    git(colleague, "bundle", "create", str(tmp_path / "c.bundle"), "HEAD", "main")
    mine = office / "u01" / "p20.toml"
    mine.write_text("# 本机新写的，还没有提交\n", "utf-8")
    head = git(office, "rev-parse", "HEAD").stdout
    use(engine)
    with pytest.raises(sgit.GitError, match="^以下文件还没有提交，包中有同名的文件，为免覆盖未导入（工作区没有改变）：u01/p20.toml。"):
        sgit.pull_bundle(office, tmp_path / "c.bundle")
    assert mine.read_text("utf-8") == "# 本机新写的，还没有提交\n"
    assert git(office, "rev-parse", "HEAD").stdout == head


@pytest.mark.parametrize("engine", ["git", "dulwich"])
def test_pull_never_overwrites_uncommitted_changes_outside_the_workspace(tmp_path, git_env, use, engine):
    """The workspace is a sub-folder; a file beside it, changed here and not committed, is also
    changed in the bundle: refused, the change kept (pull checks only the workspace for itself)."""
    office = sample_repo(tmp_path / "office", "budget")
    top = office.parent
    (top / "说明.txt").write_text("第一版\n", "utf-8")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "说明")
    colleague = tmp_path / "colleague"
    git(tmp_path, "clone", "-q", str(top), str(colleague))
    (colleague / "说明.txt").write_text("同事的第二版\n", "utf-8")
    git(colleague, "commit", "-q", "-am", "改说明")
    git(colleague, "bundle", "create", str(tmp_path / "c.bundle"), "HEAD", "main")
    (top / "说明.txt").write_text("本机未提交的修改\n", "utf-8")
    use(engine)
    with pytest.raises(sgit.GitError, match="^以下文件有未提交的修改，导入会覆盖它们，未导入（文件没有改变）：说明.txt。"):
        sgit.pull_bundle(office, tmp_path / "c.bundle")
    assert (top / "说明.txt").read_text("utf-8") == "本机未提交的修改\n"


def test_both_engines_name_the_same_author_and_commit_day(tmp_path, git_env, use):
    """Who the commit dialog proposes and a 审核意见 is signed by; the day the 修订对照表 heads with."""
    ws = sample_repo(tmp_path)
    who = git(ws, "var", "GIT_AUTHOR_IDENT").stdout.rsplit(" ", 2)[0]  # 「姓名 <邮箱>」 without the time
    assert who.endswith(">") and not who.startswith("<")
    expected_day = git(ws, "log", "-1", "--format=%cd", "--date=short").stdout.strip()
    seen = {}
    for name in ("git", "dulwich"):
        use(name)
        repo = sgit.repo_for(ws)
        sha = sgit.require_commit(repo, "HEAD")
        seen[name] = (command.engine().author(repo), command.engine().commit_date(repo, sha),
                      sgit.revision_date(ws, "HEAD"))
    assert seen["git"] == seen["dulwich"] == (who, expected_day, expected_day)
