"""``jixiao commit`` takes only workspace data: a bundle, an exported workbook or a temp file
left in the folder stays out and is named; the pre-commit hook sees it the same way."""

import pytest

from storage import git as sgit
from tests.gitrepo import edit, git, git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tui.cli import main


@pytest.fixture
def ws(tmp_path, git_env):
    """The sample committed in a sub-folder of a repository, with no .gitignore."""
    return sample_repo(tmp_path, "budget")


def committed(ws, sha):
    return sorted(filter(None, git(ws, "show", "--name-status", "--format=", sha).stdout.split("\n")))


def strays(ws):
    (ws / "budget-20260101.bundle").write_bytes(b"# v2 git bundle\n")
    (ws / "表.xlsx").write_bytes(b"PK\x03\x04")
    (ws / "u01" / ".p03.toml.k2j4.tmp").write_text("name = ", "utf-8")


def test_commit_leaves_out_what_is_not_workspace_data(ws):
    strays(ws)
    edit(ws / "u01" / "p03.toml", 'period = "', 'period = "≥', 1)
    (ws / "u01" / "p04.toml").unlink()  # a deletion is data too
    edit(ws / "u01" / "unit.toml", '  "p04",\n', "")
    (ws / "u02").mkdir()  # a new unit folder, and a folder that is no unit
    (ws / "u02" / "unit.toml").write_text('name = "新单位"\nprojects = []\n', "utf-8")
    (ws / "notes").mkdir()
    (ws / "notes" / "old.toml").write_text("x = 1\n", "utf-8")
    edit(ws / "jixiao.toml", '"u01"', '"u01", "u02"')
    r = sgit.commit(ws, "删去一个项目", force=True)
    assert committed(ws, r.id) == [
        "A\tbudget/u02/unit.toml", "D\tbudget/u01/p04.toml", "M\tbudget/jixiao.toml",
        "M\tbudget/u01/p03.toml", "M\tbudget/u01/unit.toml"]
    assert r.left_out == ("budget-20260101.bundle", "notes/old.toml", "u01/.p03.toml.k2j4.tmp", "表.xlsx")
    assert git(ws, "status", "--porcelain", "-uall", ".").stdout.splitlines() == [
        "?? budget/budget-20260101.bundle", "?? budget/notes/old.toml", "?? budget/u01/.p03.toml.k2j4.tmp",
        "?? budget/表.xlsx"]


def test_commit_command_says_what_it_left_out(ws, capsys):
    strays(ws)
    assert main(["commit", "-w", str(ws), "-m", "只有包"]) == 0
    assert capsys.readouterr().err == (
        "jixiao commit: 没有需要提交的修改（未提交（不属于工作区数据）：budget-20260101.bundle、"
        "u01/.p03.toml.k2j4.tmp、表.xlsx；它们留在文件夹中，需要保存时请另行存放）\n")
    edit(ws / "u01" / "p03.toml", 'period = "', 'period = "≥', 1)
    assert main(["commit", "-w", str(ws), "-m", "改指标值"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1:] == ["未提交（不属于工作区数据）：budget-20260101.bundle、u01/.p03.toml.k2j4.tmp、表.xlsx；"
                       "它们留在文件夹中，需要保存时请另行存放"]
    assert committed(ws, "HEAD") == ["M\tbudget/u01/p03.toml"]


def test_a_new_workspace_ignores_bundles_workbooks_and_temp_files(tmp_path, git_env, capsys):
    ws = tmp_path / "新"
    assert main(["init", str(ws), "--department", "某单位"]) == 0
    strays(ws)
    assert git(ws, "status", "--porcelain", "-uall").stdout == ""
    capsys.readouterr()
    assert main(["commit", "-w", str(ws), "-m", "无"]) == 0
    assert capsys.readouterr().err == "jixiao commit: 没有需要提交的修改\n"


def test_hook_does_not_check_a_commit_that_adds_no_workspace_data(ws):
    assert main(["hooks", "install", "-w", str(ws)]) == 0
    edit(ws / "u01" / "p02.toml", "total = 144.33", "total = 144.30")
    sgit.commit(ws, "带着错误", force=True)
    (ws / "表.xlsx").write_bytes(b"PK\x03\x04")
    git(ws, "add", "-f", "表.xlsx")  # ignored since hooks install wrote .gitignore: added on purpose
    assert git(ws, "commit", "-m", "附上导出的表", check=False).returncode == 0
    edit(ws / "u01" / "p03.toml", 'period = "', 'period = "≥', 1)  # data: checked, still refused
    git(ws, "add", "-A")
    r = git(ws, "commit", "-m", "改指标值", check=False)
    assert r.returncode == 1 and "提交被拒绝" in r.stderr
