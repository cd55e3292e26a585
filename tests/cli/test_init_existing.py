"""``jixiao init`` on a workspace that is not in git yet (an imported table) makes it a
repository; ``jixiao commit --author`` is remembered like init's."""

import shutil

import pytest

from tests.gitrepo import edit, forget_identity, git, git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tests.paths import SAMPLE
from tui.cli import main


@pytest.fixture
def imported(tmp_path, git_env):
    """The sample as ``jixiao import`` leaves it: a folder not in git, with the source workbook
    and a note next to it, and one error (F1) the import kept."""
    ws = tmp_path / "导入的表"
    shutil.copytree(SAMPLE, ws)
    edit(ws / "u01" / "p02.toml", "total = 144.33", "total = 144.30")
    (ws / "源表.xlsx").write_bytes(b"PK\x03\x04")
    (ws / "说明.txt").write_text("来自公开的表格", "utf-8")
    return ws


def test_init_makes_an_imported_workspace_a_repository(imported, capsys):
    before = {p: p.read_bytes() for p in imported.rglob("*") if p.is_file()}
    assert main(["diff", "-w", str(imported)]) == 2
    assert capsys.readouterr().err == (
        f"jixiao diff: {imported} 不在 git 仓库中，没有版本记录。运行 jixiao init {imported} 把它建为 git 仓库"
        "（文件原样保留，并完成第一次提交）\n")
    assert main(["init", str(imported), "--year", "2026"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"已把工作区 {imported} 建为 git 仓库：文件原样保留，已安装提交前检查，第一次提交 ")
    assert out[1:] == [
        "这一版含 2 个错误，按原样记为起点；运行 jixiao check 查看，修正后再提交（以后的提交有错误时会被拒绝）",
        "未提交（不属于工作区数据）：说明.txt；它们留在文件夹中，需要保存时请另行存放",
        "--year 只用于新建工作区：已有工作区的设置未改（可在编辑器中修改）",
    ]
    assert {p: p.read_bytes() for p in before} == before  # nothing of the user's changed
    files = git(imported, "ls-files").stdout.splitlines()
    assert sorted(files) == sorted([".gitattributes", ".gitignore", "jixiao.toml", "u01/unit.toml"]
                                   + [f"u01/p{i:02}.toml" for i in range(1, 20)])
    assert git(imported, "log", "--format=%s").stdout.splitlines() == ["建立版本记录：项目支出绩效目标表（含转移支付项目）"]
    assert git(imported, "status", "--porcelain").stdout == "?? 说明.txt\n"
    assert (imported / ".git" / "hooks" / "pre-commit").is_file()
    assert main(["diff", "-w", str(imported)]) == 0  # the hint's promise holds
    capsys.readouterr()
    # the next commit is checked as always: the error must be fixed (or forced)
    edit(imported / "u01" / "p03.toml", 'period = "', 'period = "≥', 1)
    assert main(["commit", "-w", str(imported), "-m", "改指标值"]) == 1


def test_init_refuses_a_broken_workspace_or_no_identity_and_leaves_it_alone(imported, tmp_path, monkeypatch, capsys):
    header = (imported / "jixiao.toml").read_bytes()
    (imported / "jixiao.toml").write_text('title = "表\n', "utf-8")
    assert main(["init", str(imported)]) == 2
    assert capsys.readouterr().err.startswith("jixiao init: jixiao.toml:1: TOML 语法错误：")
    assert not (imported / ".git").exists()
    (imported / "jixiao.toml").write_bytes(header)
    forget_identity(monkeypatch, tmp_path)
    assert main(["init", str(imported)]) == 2
    assert "git 还不知道提交人是谁" in capsys.readouterr().err
    assert sorted(p.name for p in imported.iterdir()) == ["jixiao.toml", "u01", "源表.xlsx", "说明.txt"]
    assert main(["init", str(imported), "--author", "王五 <wangwu@example.cn>"]) == 0
    assert git(imported, "log", "--format=%an <%ae>").stdout.strip() == "王五 <wangwu@example.cn>"
    assert git(imported, "config", "user.name").stdout.strip() == "王五"


def test_commit_author_is_remembered_and_said_once(tmp_path, git_env, monkeypatch, capsys):
    ws = sample_repo(tmp_path)
    forget_identity(monkeypatch, tmp_path)
    edit(ws / "u01" / "p03.toml", 'period = "', 'period = "≥', 1)
    assert main(["commit", "-w", str(ws), "-m", "第一次", "--author", "李四 <lisi@example.cn>"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "已记住提交人 李四 <lisi@example.cn>（保存在本工作区的 git 设置中）：以后提交不必再加 --author"]
    edit(ws / "u01" / "p03.toml", 'period = "≥', 'period = "', 1)
    assert main(["commit", "-w", str(ws), "-m", "第二次"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    edit(ws / "u01" / "p03.toml", 'period = "', 'period = "≥', 1)
    assert main(["commit", "-w", str(ws), "-m", "第三次", "--author", "李四 <lisi@example.cn>"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1  # already remembered: not said again
    assert git(ws, "log", "-3", "--format=%an <%ae>").stdout.splitlines() == ["李四 <lisi@example.cn>"] * 3
