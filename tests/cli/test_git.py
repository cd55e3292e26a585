"""``jixiao diff`` and ``jixiao init`` / ``commit`` on real repositories."""

import json
from decimal import Decimal

import pytest

from storage.workspace.store import Store
from tests.gitrepo import forget_identity, git, git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tui.cli import main


@pytest.fixture
def revised(tmp_path, git_env):
    """The sample, committed, then revised through the storage API as the app would: one
    project's funding raised, another project's indicator changed, the unit's control figure
    following."""
    ws = sample_repo(tmp_path)
    store = Store.open(ws)
    unit = store.workspace.units[0]
    p02 = unit.projects[1]
    p02.total = p02.fiscal = Decimal("150.00")
    store.save_project(unit, p02)
    p05 = unit.projects[4]
    p05.indicators[0].annual = "98%"
    store.save_project(unit, p05)
    unit.control.total = unit.control.fiscal = Decimal("4408.50")
    store.save_unit(unit)
    return ws


def test_revision_changes_only_the_touched_lines(revised):
    assert git(revised, "status", "--porcelain").stdout.splitlines() == [
        " M u01/p02.toml", " M u01/p05.toml", " M u01/unit.toml"]
    numstat = git(revised, "diff", "--numstat").stdout.splitlines()
    assert numstat == ["2\t2\tu01/p02.toml", "1\t1\tu01/p05.toml", "2\t2\tu01/unit.toml"]


def test_diff_names_both_projects_with_old_and_new_values(revised, capsys, monkeypatch):
    monkeypatch.chdir(revised / "u01")  # run inside the workspace, below its root
    assert main(["diff"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "比较：HEAD → 工作区（未提交）",
        "~ 单位 u01 广州市人力资源和社会保障数据服务中心",
        "    总计控制数：4,402.83 → 4,408.50（+5.67）",
        "    财政拨款控制数：4,402.83 → 4,408.50（+5.67）",
        "  ~ p02 市人社数据服务中心业务运行工作经费",
        "      总计：144.33 → 150.00（+5.67）",
        "      财政拨款：144.33 → 150.00（+5.67）",
        "  ~ p05 市人社数据服务中心房屋维护维修经费",
        "      ~ 指标1「维修维护覆盖率」年度指标值：100% → 98%",
        "  单位合计：",
        "      总计：4,402.83 → 4,408.50（+5.67）",
        "      财政拨款：4,402.83 → 4,408.50（+5.67）",
        "合计：",
        "    总计：4,402.83 → 4,408.50（+5.67）",
        "    财政拨款：4,402.83 → 4,408.50（+5.67）",
    ]
    assert err == "项目：新增 0，删除 0，修改 2\n"


def test_diff_between_revisions_and_json(revised, capsys):
    assert main(["commit", "-w", str(revised), "-m", "调整两个项目"]) == 0
    assert capsys.readouterr().out.startswith("已提交 ")
    assert main(["diff", "-w", str(revised)]) == 0  # nothing left against HEAD
    assert capsys.readouterr().out.splitlines()[1:] == ["没有变化"]
    assert main(["diff", "HEAD~1", "HEAD", "-w", str(revised), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["old"], data["new"]) == ("HEAD~1", "HEAD")
    projects = {p["project_id"]: p for p in data["units"][0]["projects"]}
    assert [(c["label"], c["old"], c["new"], c["delta"]) for c in projects["p02"]["changes"]] == [
        ("总计", "144.33", "150.00", "5.67"), ("财政拨款", "144.33", "150.00", "5.67")]
    assert projects["p05"]["indicators"][0]["changes"][0]["new"] == "98%"
    assert data["sums"][0]["new"] == "4408.50"
    # one revision: that revision against the working tree
    assert main(["diff", "HEAD~1", "-w", str(revised), "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("比较：HEAD~1 → 工作区（未提交）\n") and "财政拨款：144.33 → 150.00（+5.67）" in out


def test_diff_colours_only_when_asked(revised, capsys):
    assert main(["diff", "-w", str(revised), "--color", "always"]) == 0
    assert "\x1b[31m144.33\x1b[0m → \x1b[32m150.00\x1b[0m" in capsys.readouterr().out
    assert main(["diff", "-w", str(revised)]) == 0  # captured output is not a terminal
    assert "\x1b[" not in capsys.readouterr().out


def test_diff_outside_a_repository(tmp_path, git_env, capsys):
    import shutil

    from tests.paths import SAMPLE

    shutil.copytree(SAMPLE, tmp_path / "ws")
    assert main(["diff", "-w", str(tmp_path / "ws")]) == 2
    assert "不在 git 仓库中" in capsys.readouterr().err


def test_diff_of_an_unknown_revision(revised, capsys):
    assert main(["diff", "nosuchtag", "-w", str(revised)]) == 2
    assert "找不到版本「nosuchtag」" in capsys.readouterr().err


def test_init_creates_a_committed_workspace_repository(tmp_path, git_env, capsys):
    target = tmp_path / "新工作区"
    assert main(["init", str(target), "--year", "2026", "--department", "某某单位"]) == 0
    assert "已新建工作区" in capsys.readouterr().out
    assert git(target, "log", "--format=%s").stdout.splitlines() == ["新建工作区：项目支出绩效目标表（含转移支付项目）（2026 年度）"]
    assert git(target, "status", "--porcelain").stdout == ""
    assert sorted(git(target, "ls-files").stdout.splitlines()) == [
        ".gitattributes", ".gitignore", "jixiao.toml", "u01/unit.toml"]
    assert (target / ".gitignore").read_bytes().decode("utf-8").splitlines()[1:] == [
        "*.bundle", "*.xlsx", "*.tmp", ".jixiao/"]
    ws = Store.open(target).workspace
    assert (ws.year, ws.department, [u.name for u in ws.units]) == (2026, "某某单位", ["某某单位"])
    assert (target / ".git" / "hooks" / "pre-commit").is_file()
    assert main(["check", str(target)]) == 0
    capsys.readouterr()
    # refuses a workspace already in a repository, and a non-empty folder that is no workspace
    assert main(["init", str(target)]) == 2
    assert capsys.readouterr().err == (
        f"jixiao init: {target} 已在 git 仓库 {target} 中，不用 jixiao init：直接用 jixiao commit -m 说明 提交修改"
        "（在每个副本中运行一次 jixiao hooks install 安装提交前检查）\n")
    (tmp_path / "其他").mkdir()
    (tmp_path / "其他" / "说明.txt").write_text("x", "utf-8")
    assert main(["init", str(tmp_path / "其他")]) == 2
    assert "不是空文件夹，也不是 jixiao 工作区（没有 jixiao.toml），未在其中新建" in capsys.readouterr().err


def test_init_without_identity_asks_for_author(tmp_path, git_env, monkeypatch, capsys):
    forget_identity(monkeypatch, tmp_path)
    assert main(["init", str(tmp_path / "a")]) == 2
    assert "--author" in capsys.readouterr().err
    assert not (tmp_path / "a").exists()
    assert main(["init", str(tmp_path / "a"), "--author", "王五 <wangwu@example.cn>"]) == 0
    assert git(tmp_path / "a", "log", "--format=%an").stdout.strip() == "王五"
    assert main(["init", str(tmp_path / "b"), "--author", "王五"]) == 2
    assert "姓名 <邮箱>" in capsys.readouterr().err


def test_commit_command_refuses_with_errors(revised, capsys):
    p = revised / "u01" / "p02.toml"
    p.write_text(p.read_text("utf-8").replace("total = 150.00", "total = 151.00"), "utf-8")
    assert main(["commit", "-w", str(revised), "-m", "错的"]) == 1
    err = capsys.readouterr().err
    assert "u01/p02.toml: error F1" in err and "确需提交可加 --force" in err
    assert main(["commit", "-w", str(revised), "-m", "错的", "--force"]) == 0
    assert "含 2 个错误" in capsys.readouterr().out
