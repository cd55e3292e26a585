"""``jixiao bundle`` and ``jixiao pull`` through the command line, as the clerk types them."""

import pytest

from storage.workspace.store import Store
from tests.gitrepo import edit, git, git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tui.cli import main


@pytest.fixture
def office(tmp_path, git_env):
    return sample_repo(tmp_path / "office")


def test_edit_made_at_home_arrives_although_the_bundles_carry_tags(office, tmp_path, capsys, monkeypatch):
    """Issue 11 item 1: a tag in the bundle used to hide the incoming branch (FETCH_HEAD)."""
    stick = tmp_path / "usb"
    stick.mkdir()
    git(office, "tag", "sent-1")
    monkeypatch.chdir(office)
    assert main(["bundle", "-o", str(stick / "office.bundle")]) == 0
    home = tmp_path / "home"
    monkeypatch.chdir(stick)
    assert main(["pull", "office.bundle", "--into", str(home)]) == 0
    edit(home / "u01" / "p03.toml", 'period = "', 'period = "≥', 1)
    monkeypatch.chdir(home)
    assert main(["commit", "-m", "在家修改 p03"]) == 0
    assert main(["bundle", "-o", str(stick / "back.bundle")]) == 0
    capsys.readouterr()
    monkeypatch.chdir(office)
    assert main(["pull", str(stick / "back.bundle")]) == 0
    assert capsys.readouterr().out == "已导入 1 个提交（快进，分支 main）\n"
    assert Store.open(office).workspace.units[0].projects[2].indicators[0].period.startswith("≥")
    assert git(office, "rev-parse", "HEAD").stdout == git(home, "rev-parse", "HEAD").stdout
    assert git(office, "status", "--porcelain").stdout == ""
    assert main(["pull", str(stick / "back.bundle")]) == 0
    assert capsys.readouterr().out == "back.bundle 中没有新的提交，已是最新\n"


def test_each_bundle_records_what_it_sent_for_the_next_since(office, tmp_path, capsys):
    stick = tmp_path / "usb"
    assert main(["bundle", "-w", str(office), "-o", str(stick / "1.bundle")]) == 0
    out = capsys.readouterr().out.splitlines()
    tag = git(office, "tag", "--list", "已发送-*").stdout.split()
    assert len(tag) == 1 and tag[0].startswith("已发送-") and tag[0].endswith("-1")
    assert out[0].endswith("1 个提交，含 main、" + tag[0])
    assert out[1] == (f"已用标签 {tag[0]} 记下这次发送的内容；对方导入后，下次可用 "
                      f"jixiao bundle --since {tag[0]} 只打包之后的修改")
    # the tag travels: the new copy has it too, and can name it when sending back
    home = tmp_path / "home"
    assert main(["pull", str(stick / "1.bundle"), "--into", str(home)]) == 0
    assert git(home, "tag", "--list", "已发送-*").stdout.split() == tag
    # bundling again with nothing new reuses the tag on HEAD
    assert main(["bundle", "-w", str(office), "-o", str(stick / "again.bundle")]) == 0
    assert git(office, "tag", "--list", "已发送-*").stdout.split() == tag
    edit(office / "u01" / "p04.toml", 'period = "', 'period = "≥', 1)
    assert main(["commit", "-w", str(office), "-m", "第二版"]) == 0
    capsys.readouterr()
    assert main(["bundle", "-w", str(office), "--since", tag[0], "-o", str(stick / "2.bundle")]) == 0
    out = capsys.readouterr().out
    second = tag[0][:-1] + "2"
    assert f"1 个提交（{tag[0]} 之后）" in out and f"已用标签 {second} 记下" in out
    assert main(["pull", str(stick / "2.bundle"), "-w", str(home)]) == 0
    assert capsys.readouterr().out == "已导入 1 个提交（快进，分支 main）\n"
    assert second in git(home, "tag", "--list", "已发送-*").stdout.split()
