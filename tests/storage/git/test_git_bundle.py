"""``jixiao bundle`` / ``jixiao pull``: a workspace's history carried on a USB stick."""

import pytest

from storage import git as sgit
from storage.git.bundles import create_bundle, pull_bundle
from storage.workspace.store import Store
from tests.gitrepo import edit, git, git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tui.cli import main


@pytest.fixture
def office(tmp_path, git_env):
    return sample_repo(tmp_path / "office")


def test_bundle_round_trip(office, tmp_path, capsys):
    stick = tmp_path / "usb"
    # office -> home: a full bundle, cloned into a new copy
    assert main(["bundle", "-w", str(office), "-o", str(stick / "all.bundle")]) == 0
    out = capsys.readouterr().out
    assert f"已写入 {stick / 'all.bundle'}：1 个提交，含 main" in out
    home = tmp_path / "home"
    assert main(["pull", str(stick / "all.bundle"), "--into", str(home)]) == 0
    assert "并安装了提交前检查" in capsys.readouterr().out
    assert Store.open(home).workspace == Store.open(office).workspace
    git(office, "tag", "sent-1")
    # home edits one project and sends back only what is new since the tag
    git(home, "tag", "sent-1")
    edit(home / "u01" / "p03.toml", 'period = "', 'period = "≥', 1)
    sgit.commit(home, "在家修改 p03")
    assert main(["bundle", "-w", str(home), "--since", "sent-1", "-o", str(stick / "new.bundle")]) == 0
    assert "1 个提交（sent-1 之后）" in capsys.readouterr().out
    # meanwhile the office changed another project: the pull merges both
    edit(office / "u01" / "p04.toml", 'period = "', 'period = "≥', 1)
    sgit.commit(office, "办公室修改 p04")
    assert main(["pull", str(stick / "new.bundle"), "-w", str(office)]) == 0
    assert "已导入 1 个提交（合并，分支 main）" in capsys.readouterr().out
    projects = Store.open(office).workspace.units[0].projects
    assert projects[2].indicators[0].period.startswith("≥") and projects[3].indicators[0].period.startswith("≥")
    assert git(office, "status", "--porcelain").stdout == ""
    subjects = git(office, "log", "--format=%s").stdout.splitlines()
    assert subjects[0] == "合并 new.bundle（main）" and set(subjects[1:3]) == {"在家修改 p03", "办公室修改 p04"}
    # pulling the same bundle again brings nothing
    assert main(["pull", str(stick / "new.bundle"), "-w", str(office)]) == 0
    assert "已是最新" in capsys.readouterr().out


def test_fast_forward_and_incremental_without_base(office, tmp_path):
    full = create_bundle(office, tmp_path / "full.bundle")
    assert full.commits == 1 and "refs/heads/main" in full.refs
    git(office, "tag", "v1")
    edit(office / "u01" / "p03.toml", 'period = "', 'period = "≥', 1)
    sgit.commit(office, "第二版")
    inc = create_bundle(office, tmp_path / "inc.bundle", since="v1")
    assert inc.commits == 1
    # a new empty repository lacks v1: the incremental bundle is refused with a clear message
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q", "-b", "main")
    with pytest.raises(sgit.GitError, match="增量包，基于本机还没有的提交"):
        pull_bundle(other, tmp_path / "inc.bundle")
    r = pull_bundle(other, tmp_path / "full.bundle")
    assert (r.status, r.commits) == ("fast-forward", 1)
    r = pull_bundle(other, tmp_path / "inc.bundle")
    assert (r.status, r.commits) == ("fast-forward", 1)
    assert git(other, "rev-parse", "HEAD").stdout == git(office, "rev-parse", "HEAD").stdout


def test_nothing_new_since_tag_and_unknown_tag(office, tmp_path, capsys):
    git(office, "tag", "v1")
    assert main(["bundle", "-w", str(office), "--since", "v1", "-o", str(tmp_path / "x.bundle")]) == 2
    assert "自 v1 以来没有新的提交" in capsys.readouterr().err
    assert main(["bundle", "-w", str(office), "--since", "v9", "-o", str(tmp_path / "x.bundle")]) == 2
    assert "找不到标签或版本「v9」" in capsys.readouterr().err
    assert not (tmp_path / "x.bundle").exists()


def test_pull_refuses_uncommitted_changes_and_reports_conflicts(office, tmp_path, capsys):
    home = tmp_path / "home"
    git(tmp_path, "clone", "-q", str(office), str(home))
    edit(home / "u01" / "p02.toml", "保证中心基础工作有效运作", "保证中心基础工作高效运作")
    sgit.commit(home, "在家改 p02")
    create_bundle(home, tmp_path / "home.bundle")
    edit(office / "u01" / "p02.toml", "保证中心基础工作有效运作", "保证中心各项基础工作有效运作")
    assert main(["pull", str(tmp_path / "home.bundle"), "-w", str(office)]) == 2
    assert "工作区有未提交的修改" in capsys.readouterr().err
    sgit.commit(office, "在办公室改 p02")
    assert main(["pull", str(tmp_path / "home.bundle"), "-w", str(office)]) == 1
    err = capsys.readouterr().err
    assert "以下文件两边都改了" in err and "  u01/p02.toml" in err
    assert sgit.conflicted_files(office) == ["u01/p02.toml"]
    with pytest.raises(sgit.GitError, match="上一次合并还没有完成"):
        pull_bundle(office, tmp_path / "home.bundle")


def test_pull_of_a_missing_file(office, capsys):
    assert main(["pull", "nowhere.bundle", "-w", str(office)]) == 2
    assert "找不到包文件" in capsys.readouterr().err
