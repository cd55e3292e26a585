"""storage.git on real repositories: reading revisions, changed projects, history, commit."""

import sys
from decimal import Decimal

import pytest

from storage import git as sgit
from storage.workspace.store import StorageError, Store
from tests.gitrepo import edit, git, git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tests.paths import SAMPLE


@pytest.fixture
def ws(tmp_path, git_env):
    """The sample committed in a sub-folder of a repository (like samples/ in this project)."""
    return sample_repo(tmp_path, "budget/2025")


def test_from_files_reads_like_open():
    files = {p.relative_to(SAMPLE).as_posix(): p.read_bytes() for p in SAMPLE.rglob("*") if p.is_file()}
    on_disk, in_memory = Store.open(SAMPLE), Store.from_files(files, "内存")
    assert in_memory.workspace == on_disk.workspace
    assert in_memory.fingerprints == on_disk.fingerprints
    with pytest.raises(StorageError, match="只读"):
        in_memory.save_workspace()


def test_from_files_reports_the_same_problems():
    files = {p.relative_to(SAMPLE).as_posix(): p.read_bytes() for p in SAMPLE.rglob("*") if p.is_file()}
    files["u01/p03.toml"] = b"name = \"x\"\ntotal = ["
    files["u01/p99.toml"] = files["u01/p01.toml"]  # not listed in unit.toml
    problems = [(d.rule, d.file) for d in Store.from_files(files, "x").problems]
    assert problems == [("S2", "u01/unit.toml"), ("S1", "u01/p03.toml")]


def test_workspace_at_head_in_a_subfolder(ws):
    edit(ws / "u01" / "p02.toml", "fiscal = 144.33", "fiscal = 150.00")
    at_head = sgit.workspace_at(ws, "HEAD")
    assert at_head is not None and at_head.snapshot == "HEAD"
    assert at_head.workspace.units[0].projects[1].fiscal == Decimal("144.33")
    assert Store.open(ws).workspace.units[0].projects[1].fiscal == Decimal("150.00")
    assert sgit.project_at(ws, "HEAD", "u01", "p02").fiscal == Decimal("144.33")
    assert sgit.project_at(ws, "HEAD", "u01", "p77") is None


def test_unknown_revision_and_no_repository(ws, tmp_path):
    with pytest.raises(sgit.GitError, match="找不到版本「v9」"):
        sgit.compare(ws, "v9")
    (tmp_path / "plain").mkdir()
    with pytest.raises(sgit.GitError, match="不在 git 仓库中"):
        sgit.repo_for(tmp_path / "plain")


def test_changed_projects(ws):
    edit(ws / "u01" / "p02.toml", "fiscal = 144.33", "fiscal = 150.00")
    (ws / "u01" / "p05.toml").unlink()
    (ws / "u01" / "p20.toml").write_bytes((ws / "u01" / "p01.toml").read_bytes())  # untracked
    (ws / "u01" / "p21.toml").write_bytes((ws / "u01" / "p01.toml").read_bytes())
    git(ws, "add", "u01/p21.toml")  # staged
    edit(ws / "u01" / "unit.toml", '"p19",', '"p19",\n  "p20",\n  "p21",')
    (ws.parent / "elsewhere.txt").write_text("outside the workspace")
    assert sgit.changed_projects(ws) == {
        ("u01", "p02"): "modified", ("u01", "p05"): "deleted", ("u01", "p20"): "new", ("u01", "p21"): "new"}
    assert sgit.changed_files(ws)["u01/unit.toml"] == "modified"
    assert "elsewhere.txt" not in str(sgit.changed_files(ws))


def test_history_of_a_project(ws):
    edit(ws / "u01" / "p02.toml", "fiscal = 144.33", "fiscal = 150.00")
    edit(ws / "u01" / "p02.toml", "total = 144.33", "total = 150.00")
    edit(ws / "u01" / "unit.toml", "4402.83", "4408.50", 2)
    first = sgit.commit(ws, "业务运行经费增加到 150 万元")
    edit(ws / "u01" / "p03.toml", 'period = "', 'period = "≥', 1)
    sgit.commit(ws, "另一个项目")
    h = sgit.history(ws, "u01", "p02")
    assert [(c.subject, c.author, c.id) for c in h] == [
        ("业务运行经费增加到 150 万元", "张三", first.id), ("导入示例", "张三", h[1].id)]
    assert [c.subject for c in sgit.history(ws)] == ["另一个项目", "业务运行经费增加到 150 万元", "导入示例"]
    assert [c.subject for c in sgit.history(ws, limit=1)] == ["另一个项目"]


def test_commit_refuses_on_check_errors_unless_forced(ws):
    edit(ws / "u01" / "p02.toml", "total = 144.33", "total = 150.00")  # F1 and F3
    with pytest.raises(sgit.CheckFailed) as e:
        sgit.commit(ws, "只改了总计")
    assert sorted(d.rule for d in e.value.errors) == ["F1", "F3"]
    assert "检查发现 2 个错误，未提交" in str(e.value)
    assert git(ws, "log", "--format=%s").stdout.splitlines() == ["导入示例"]
    forced = sgit.commit(ws, "只改了总计", force=True)
    assert forced.errors == 2
    assert git(ws, "log", "--format=%s").stdout.splitlines() == ["只改了总计", "导入示例"]
    assert git(ws, "status", "--porcelain").stdout == ""


def test_a_refused_commit_keeps_an_edit_made_in_the_same_second_as_the_last_commit(ws):
    """A file changed within the second git last wrote its index, keeping its size (≥98% → ≥99%),
    is told apart only by git's racy-timestamp check against the index file's time. Restoring the
    index after a refused commit must keep that time too, else the edit looks committed."""
    import os

    index = ws.parent.parent / ".git" / "index"
    p01 = ws / "u01" / "p01.toml"
    recorded = p01.stat().st_mtime_ns  # what the index holds for p01
    edit(p01, 'annual = "≥98%"', 'annual = "≥99%"')
    os.utime(p01, ns=(recorded, recorded))  # same time and size as recorded: only the content differs
    os.utime(index, ns=(recorded, recorded))  # ... written in that same moment, as `jixiao init` does
    edit(ws / "u01" / "p02.toml", "total = 144.33", "total = 150.00")  # an error: the commit is refused
    with pytest.raises(sgit.CheckFailed):
        sgit.commit(ws, "只改了总计")
    assert sgit.status(sgit.repo_for(ws)) == {"u01/p01.toml": "modified", "u01/p02.toml": "modified"}
    sgit.commit(ws, "改了两个项目", force=True)
    assert git(ws, "status", "--porcelain").stdout == ""
    assert git(ws, "show", "HEAD:budget/2025/u01/p01.toml").stdout.count('annual = "≥99%"') == 1


def test_commit_takes_only_the_workspace_and_new_files(ws):
    outside = ws.parent.parent / "notes.txt"
    outside.write_text("x")
    git(ws, "add", str(outside))
    edit(ws / "u01" / "p03.toml", 'period = "', 'period = "≥', 1)
    (ws / "u01" / "p20.toml").write_bytes((ws / "u01" / "p01.toml").read_bytes())
    edit(ws / "u01" / "p20.toml", "购置经费", "第二批购置经费")
    edit(ws / "u01" / "unit.toml", '"p19",', '"p19",\n  "p20",')
    edit(ws / "u01" / "unit.toml", "4402.83", "4420.43", 2)
    r = sgit.commit(ws, "新增项目")
    committed = git(ws, "show", "--name-status", "--format=", r.id).stdout.split("\n")
    assert sorted(filter(None, committed)) == [
        "A\tbudget/2025/u01/p20.toml", "M\tbudget/2025/u01/p03.toml", "M\tbudget/2025/u01/unit.toml"]
    assert git(ws, "status", "--porcelain").stdout == "A  notes.txt\n"  # still staged, not committed


def test_commit_messages_and_nothing_to_commit(ws):
    with pytest.raises(sgit.GitError, match="提交说明不能为空"):
        sgit.commit(ws, "  ")
    with pytest.raises(sgit.NothingToCommit, match="没有需要提交的修改"):
        sgit.commit(ws, "没改什么")


def test_commit_without_identity_says_how(ws, monkeypatch):
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.delenv(f"GIT_{who}_NAME")
        monkeypatch.delenv(f"GIT_{who}_EMAIL")
    git(ws, "config", "user.useConfigOnly", "true")
    edit(ws / "u01" / "p03.toml", 'period = "', 'period = "≥', 1)
    with pytest.raises(sgit.GitError, match="git 还不知道提交人是谁"):
        sgit.commit(ws, "修改")
    r = sgit.commit(ws, "修改", author=("李四", "lisi@example.cn"))
    assert git(ws, "log", "-1", "--format=%an <%ae>").stdout.strip() == "李四 <lisi@example.cn>"
    assert r.short == r.id[:7]


def test_project_diff_against_disk_or_an_edited_project(ws):
    edit(ws / "u01" / "p02.toml", "fiscal = 144.33", "fiscal = 150.00")
    d = sgit.project_diff(ws, "u01", "p02")
    assert [(c.field, c.old, c.new, c.delta) for c in d.changes] == [
        ("fiscal", Decimal("144.33"), Decimal("150.00"), Decimal("5.67"))]
    assert sgit.project_diff(ws, "u01", "p03") is None
    edited = Store.open(ws).workspace.units[0].projects[2]
    edited.name = "未保存的新名称"
    assert [c.new for c in sgit.project_diff(ws, "u01", "p03", current=edited).changes] == ["未保存的新名称"]
    (ws / "u01" / "p04.toml").unlink()
    assert sgit.project_diff(ws, "u01", "p04").status == "removed"


@pytest.mark.skipif(sys.platform == "win32", reason="needs symbolic links")
def test_project_diff_never_reads_through_a_link_or_a_huge_file(ws, tmp_path):
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (2 << 20))
    p = ws / "u01" / "p02.toml"
    p.unlink()
    p.symlink_to(big)
    with pytest.raises(StorageError, match="u01/p02.toml：u01/p02.toml 是符号链接"):
        sgit.project_diff(ws, "u01", "p02")
    p.unlink()
    p.write_bytes(big.read_bytes())
    with pytest.raises(StorageError, match=r"u01/p02.toml：文件过大（2.0 MB"):
        sgit.project_diff(ws, "u01", "p02")
