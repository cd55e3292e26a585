"""A merge left conflict markers in a project file: ``jixiao check`` and ``jixiao diff`` say
合并冲突 and how to finish, not a TOML syntax error or a deleted project."""

import json

import pytest

from tests.gitrepo import conflicting_merge, edit, git, git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tui.cli import main


@pytest.fixture
def merging(tmp_path, git_env):
    """Both sides changed p02's amounts; theirs also changed p05, which merges cleanly."""
    ws = sample_repo(tmp_path)
    conflicting_merge(ws, lambda ws: edit(ws / "u01" / "p05.toml", 'annual = "100%"', 'annual = "98%"'))
    return ws


def marker_line(path):
    return next(i for i, line in enumerate(path.read_text("utf-8").split("\n"), 1) if line.startswith("<<<<<<< "))


def test_check_says_merge_conflict_with_the_marker_line(merging, capsys):
    assert main(["check", str(merging)]) == 1
    out = capsys.readouterr().out.splitlines()
    line = marker_line(merging / "u01" / "p02.toml")
    assert out[0] == (
        f"u01/p02.toml:{line}: error S1 - 合并冲突未解决：文件中有 <<<<<<< 标记（两个人改了同一处）。"
        "在编辑器中打开工作区逐项选择（jixiao 工作区文件夹），或用文本编辑器保留正确的内容并删去 "
        "<<<<<<<、=======、>>>>>>> 标记行；然后 jixiao commit 完成合并（放弃这次合并：jixiao pull --abort）")
    assert "TOML 语法错误" not in "\n".join(out)


def test_check_of_markers_outside_git_too(sample_copy, capsys):
    p = sample_copy / "u01" / "p03.toml"
    p.write_text("<<<<<<< HEAD\n" + p.read_text("utf-8") + "=======\n>>>>>>> other\n", "utf-8")
    assert main(["check", str(sample_copy)]) == 1
    assert capsys.readouterr().out.startswith("u01/p03.toml:1: error S1 - 合并冲突未解决：")


def test_diff_shows_the_conflict_not_a_deleted_project(merging, capsys):
    assert main(["diff", "-w", str(merging), "--color", "never"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[:4] == [
        "比较：HEAD → 工作区（未提交）",
        "~ 单位 u01 广州市人力资源和社会保障数据服务中心",
        "  ~ p05 市人社数据服务中心房屋维护维修经费",
        "      ~ 指标1「维修维护覆盖率」年度指标值：100% → 98%",
    ]
    assert "p02" not in out and "删除" not in out
    assert err.splitlines() == [
        "jixiao diff: u01/p02.toml 有未解决的合并冲突（不是删除）：两个版本待选定，未参与比较",
        "完成合并：在编辑器中打开工作区逐项选择（jixiao 工作区文件夹），然后 jixiao commit -m 说明；"
        "放弃这次合并：jixiao pull --abort",
        "项目：新增 0，删除 0，修改 1",
    ]


def test_commit_finishes_a_merge_resolved_in_a_text_editor(merging, capsys):
    assert main(["commit", "-w", str(merging), "-m", "合并"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("jixiao commit: 以下文件还有未解决的冲突（合并时两边都改了），未提交：u01/p02.toml。")
    assert "jixiao pull --abort" in err
    # the user keeps our amounts in a text editor and removes the markers
    p = merging / "u01" / "p02.toml"
    p.write_bytes(git(merging, "show", "HEAD:u01/p02.toml").stdout.encode("utf-8"))
    assert main(["commit", "-w", str(merging), "-m", "合并", "--force"]) == 0  # both sides left F3
    assert len(git(merging, "rev-list", "--parents", "-n1", "HEAD").stdout.split()) == 3  # a merge commit
    assert git(merging, "status", "--porcelain").stdout == ""
    assert 'annual = "98%"' in (merging / "u01" / "p05.toml").read_text("utf-8")


def test_diff_of_a_unit_file_with_markers_keeps_the_unit(tmp_path, git_env, capsys):
    ws = sample_repo(tmp_path)
    p = ws / "u01" / "unit.toml"
    p.write_text(p.read_text("utf-8").replace('name = "', '<<<<<<< HEAD\nname = "x"\n=======\nname = "', 1)
                 .replace("\n", "\n>>>>>>> colleague\n", 2), "utf-8")
    edit(ws / "u01" / "p05.toml", 'annual = "100%"', 'annual = "98%"')
    assert main(["diff", "-w", str(ws), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["conflicts"] == ["u01/unit.toml"]
    assert data["units"] == [] and data["sums"] == []  # the unit stands in unchanged, not removed
    assert err.startswith("jixiao diff: u01/unit.toml 有未解决的合并冲突（不是删除）")


def test_a_conflicted_jixiao_toml_says_to_settle_it_in_a_text_editor(tmp_path, git_env, capsys):
    # both offices renamed the table: the editor cannot open it, so it must not send people there
    ws = sample_repo(tmp_path)
    git(ws, "branch", "colleague")
    edit(ws / "jixiao.toml", 'title = "', 'title = "甲')
    git(ws, "commit", "-qam", "甲")
    git(ws, "checkout", "-q", "colleague")
    edit(ws / "jixiao.toml", 'title = "', 'title = "乙')
    git(ws, "commit", "-qam", "乙")
    git(ws, "checkout", "-q", "main")
    assert git(ws, "merge", "--no-edit", "colleague", check=False).returncode == 1
    assert main(["check", str(ws)]) == 2
    err = capsys.readouterr().err
    line = marker_line(ws / "jixiao.toml")
    assert err == (
        f"jixiao check: jixiao.toml:{line}: 合并冲突未解决：文件中有 <<<<<<< 标记（两个人改了同一处）。"
        "这个文件要用文本编辑器（如记事本）处理：<<<<<<< 与 ======= 之间是本机的内容，======= 与 >>>>>>> "
        "之间是对方的；保留正确的一份，删去这些标记行（还有 ||||||| 一段时也删去它）；然后 jixiao commit "
        "完成合并（放弃这次合并：jixiao pull --abort）\n")


def test_pull_abort_gives_up_the_merge(tmp_path, git_env, capsys):
    def theirs(ws):
        edit(ws / "u01" / "p05.toml", 'annual = "100%"', 'annual = "98%"')
        (ws / "u01" / "p20.toml").write_bytes((ws / "u01" / "p01.toml").read_bytes())

    ws = sample_repo(tmp_path)
    conflicting_merge(ws, theirs)
    head = git(ws, "rev-parse", "HEAD").stdout
    (ws / "草稿.txt").write_text("不在 git 中的文件", "utf-8")
    assert (ws / "u01" / "p20.toml").exists()
    assert main(["pull", "--abort", "-w", str(ws)]) == 0
    assert capsys.readouterr().out == "已放弃这次合并：分支和工作区文件回到导入之前的样子\n"
    assert git(ws, "rev-parse", "HEAD").stdout == head and not (ws / ".git" / "MERGE_HEAD").exists()
    assert git(ws, "status", "--porcelain").stdout == "?? 草稿.txt\n"  # kept, as git keeps it
    assert not (ws / "u01" / "p20.toml").exists()
    assert "total = 150.00" in (ws / "u01" / "p02.toml").read_text("utf-8")
    assert main(["pull", "--abort", "-w", str(ws)]) == 2
    assert capsys.readouterr().err == "jixiao pull: 没有进行中的合并，无需放弃\n"
    assert main(["pull", "-w", str(ws)]) == 2
    assert "二者选一" in capsys.readouterr().err
