"""Issue 12, "no traceback anywhere": OS errors said with their path and what to do (exit 2),
a bug told in one Chinese line naming a log file that holds the traceback, Ctrl+C quiet (130);
``jixiao import`` onto a file, a full disk, a read-only disk or a folder without permission
leaves nothing behind."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest

from benchmarks.import_ import published_text
from storage.workspace.store import Store
from tests.gitrepo import git, git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tests.paths import SAMPLE
from tui.cli import main

BUG = "jixiao 出错了（这是程序的问题，不是你的操作）："


@pytest.fixture(autouse=True)
def config(tmp_path, monkeypatch):
    cfg = tmp_path / "config"
    monkeypatch.setenv("JIXIAO_CONFIG_DIR", str(cfg))
    return cfg


@pytest.fixture
def source(tmp_path) -> Path:
    """A published table as text, outside the folders the tests look at."""
    folder = tmp_path / "src"
    folder.mkdir()
    path = folder / "表.txt"
    path.write_text(published_text(Store.open(SAMPLE).workspace), "utf-8")
    return path


@pytest.fixture
def place(tmp_path) -> Path:
    folder = tmp_path / "place"
    folder.mkdir()
    return folder


def everything(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# -- probe 1: import onto a file, a full disk, a read-only disk, no permission -------------------

def test_import_into_a_path_under_a_file_says_which_file(source, place, capsys):
    afile = place / "afile"
    afile.write_text("not a folder")
    assert main(["import", str(source), "--into", str(afile / "ws")]) == 2
    assert capsys.readouterr().err == (
        f"jixiao import: {afile} 是文件，不是文件夹，无法在其中建立 {afile / 'ws'}；请换一个文件夹\n")
    assert everything(place) == ["afile"]


def test_import_onto_a_full_disk_leaves_nothing(source, place, capsys, monkeypatch):
    import storage.new_folder as nf

    real_open, opened = open, []

    def filling_up(path, mode="r", *a, **kw):  # the disk fills up at the third file
        opened.append(path)
        if len(opened) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, mode, *a, **kw)

    monkeypatch.setattr(nf, "open", filling_up, raising=False)
    target = place / "ws"
    assert main(["import", str(source), "--into", str(target)]) == 2
    assert capsys.readouterr().err == (
        f"jixiao import: 无法写入 {target}：磁盘已满；删除不需要的文件腾出空间，或换一个磁盘后重试（未留下任何文件）\n")
    assert everything(place) == []


@pytest.mark.parametrize(("code", "why"), [
    (errno.EROFS, "磁盘是只读的；U 盘可能开了写保护（侧面的小开关），或换一个可写的位置后重试"),
    (errno.EACCES, "没有权限；请管理员给你这个文件夹的权限，或换一个你有权限的文件夹（如「文档」或桌面）"),
])
def test_import_onto_a_read_only_or_forbidden_folder_says_so(source, place, capsys, monkeypatch, code, why):
    real_mkdir = os.mkdir

    def refused(path, *a, **kw):
        if Path(path).parent == place:
            raise OSError(code, os.strerror(code), str(path))
        return real_mkdir(path, *a, **kw)

    monkeypatch.setattr(os, "mkdir", refused)
    target = place / "ws"
    assert main(["import", str(source), "--into", str(target)]) == 2
    assert capsys.readouterr().err == f"jixiao import: 无法写入 {target}：{why}（未留下任何文件）\n"
    assert everything(place) == []


def test_import_into_a_git_folder_that_fails_midway_leaves_only_git(source, place, capsys, monkeypatch):
    import storage.new_folder as nf

    target = place / "ws"
    (target / ".git").mkdir(parents=True)
    real_replace, moved = nf.replace, []

    def replace(src, dst):
        moved.append(dst)
        if Path(dst).name == "jixiao.toml":
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(nf, "replace", replace)
    assert main(["import", str(source), "--into", str(target)]) == 2
    assert "磁盘已满" in capsys.readouterr().err
    assert len(moved) > 1
    assert everything(place) == ["ws", "ws/.git"]


# -- probe 2: every command's OS errors and bugs --------------------------------------------------

def test_a_bug_in_a_command_is_one_line_and_a_log_in_the_workspace(tmp_path, capsys, monkeypatch):
    ws = tmp_path / "ws"
    import shutil

    shutil.copytree(SAMPLE, ws)

    def bug(root):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("storage.workspace.check.check_folder", bug)
    assert main(["check", str(ws)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    m = re.fullmatch(re.escape(BUG + "ZeroDivisionError: division by zero；详细信息已写入 ")
                     + r"(.+)" + re.escape("，请把它发给维护人员\n"), captured.err)
    assert m, captured.err
    log = Path(m.group(1))
    assert log.parent == ws / ".jixiao" and log.name.startswith("jixiao-crash-")
    text = log.read_text("utf-8")
    assert f"命令：jixiao check {ws}" in text
    assert "Traceback (most recent call last)" in text and "in bug" in text
    assert (ws / ".jixiao/.gitignore").read_text() == "*\n"  # git never sees the log


def test_a_bug_outside_a_workspace_logs_to_the_config_folder(source, place, config, capsys, monkeypatch):
    monkeypatch.chdir(place)

    def bug(*a, **kw):
        raise KeyError("units")

    monkeypatch.setattr("storage.published.text_import.import_text", bug)
    assert main(["import", str(source), "--into", "ws"]) == 2
    err = capsys.readouterr().err
    logs = list(config.glob("jixiao-crash-*.log"))
    assert len(logs) == 1
    assert err == f"{BUG}KeyError: 'units'；详细信息已写入 {logs[0]}，请把它发给维护人员\n"
    assert "KeyError: 'units'" in logs[0].read_text("utf-8")
    assert everything(place) == []


def test_ctrl_c_ends_quietly_with_130(capsys, monkeypatch):
    def interrupted(root):
        raise KeyboardInterrupt

    monkeypatch.setattr("storage.workspace.check.check_folder", interrupted)
    assert main(["check", str(SAMPLE)]) == 130
    assert capsys.readouterr().err == ""


def test_an_os_error_in_check_names_the_file(tmp_path, capsys, monkeypatch):
    held = tmp_path / "ws" / "u01" / "p01.toml"

    def locked(root):
        raise PermissionError(errno.EACCES, "Permission denied", str(held))

    monkeypatch.setattr("storage.workspace.check.check_folder", locked)
    assert main(["check", str(SAMPLE)]) == 2
    assert capsys.readouterr().err == (
        f"jixiao check: 无法读写 {held}：没有权限；请管理员给你这个文件夹的权限，"
        "或换一个你有权限的文件夹（如「文档」或桌面）\n")


def test_an_os_error_in_export_names_the_file(tmp_path, capsys, monkeypatch):
    def gone(ws):
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(SAMPLE / "codes.toml"))

    monkeypatch.setattr("storage.published.export.export_table", gone)
    assert main(["export", str(SAMPLE), "-o", str(tmp_path / "表.xlsx")]) == 2
    assert capsys.readouterr().err == (
        f"jixiao export: 无法读写 {SAMPLE / 'codes.toml'}：不存在；检查路径是否写对，"
        "文件夹是否已被移走或 U 盘是否已拔出\n")
    assert list(tmp_path.glob("*.xlsx")) == []


def test_an_os_error_in_diff_names_the_file(tmp_path, capsys, monkeypatch):
    def busy(*a, **kw):
        e = OSError(errno.EBUSY, "Device or resource busy", str(tmp_path / "ws" / "jixiao.toml"))
        raise e

    monkeypatch.setattr("storage.git.compare", busy)
    assert main(["diff", "-w", str(SAMPLE)]) == 2
    assert capsys.readouterr().err == (
        f"jixiao diff: 无法读写 {tmp_path / 'ws' / 'jixiao.toml'}：被其他程序占用；"
        "关闭正在使用它的程序（如 Excel/WPS、杀毒软件）后重试\n")


def test_the_editor_crashing_says_so_in_one_line_with_a_log(tmp_path, capsys, monkeypatch):
    """run_app re-raises the error the editor ended on (JixiaoApp._handle_exception, tested with
    Pilot in tests/tui/test_crash.py): the command line says it in one line, with a log."""
    import shutil

    from tui.app import JixiaoApp

    ws = tmp_path / "ws"
    shutil.copytree(SAMPLE, ws)

    def crashing_run(self, *a, **kw):
        try:
            raise AttributeError("'NoneType' object has no attribute 'units'")
        except AttributeError as e:
            self.crash = e

    monkeypatch.setattr(JixiaoApp, "run", crashing_run)
    assert main([str(ws)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(BUG + "AttributeError: 'NoneType' object has no attribute 'units'；详细信息已写入 "
                          + str(ws / ".jixiao" / "jixiao-crash-"))
    assert "Traceback" not in err
    log = next((ws / ".jixiao").glob("jixiao-crash-*.log"))
    assert "crashing_run" in log.read_text("utf-8")


# -- probe 3: pull --into from a bundle without HEAD ------------------------------------------------

@pytest.mark.parametrize(("refs", "held"), [
    (["main"], "分支 main"),
    (["sent-1"], "标签 sent-1"),
])
def test_pull_into_from_a_bundle_without_head_is_refused_and_leaves_no_folder(tmp_path, git_env, capsys, refs, held):
    office = sample_repo(tmp_path / "office")
    git(office, "tag", "sent-1")
    bundle = tmp_path / "odd.bundle"
    git(office, "bundle", "create", str(bundle), *refs)  # made by hand: no HEAD in it
    home = tmp_path / "home"
    assert main(["pull", str(bundle), "--into", str(home)]) == 2
    hint = "；已有副本的可以用 jixiao pull odd.bundle --branch main 导入" if refs == ["main"] else ""
    assert capsys.readouterr() == ("", (f"jixiao pull: odd.bundle 中没有当前版本（HEAD），只有{held}，无法从它新建副本"
                                        f"（未写入任何文件）。请对方在工作区中用 jixiao bundle 重新打包（它总会带上当前版本）{hint}\n"))
    assert not home.exists()
    home.mkdir()  # an empty folder given: left empty
    assert main(["pull", str(bundle), "--into", str(home)]) == 2
    assert list(home.iterdir()) == []


# -- probe 4: the temp file of a killed export ------------------------------------------------------

def test_the_next_export_removes_a_killed_exports_temp_file_but_not_a_live_one(tmp_path, capsys):
    target = tmp_path / "表.xlsx"
    killed = tmp_path / ".表.xlsx.0badf00d.tmp"  # as storage.atomic.create_temp names it
    killed.write_bytes(b"PK" + bytes(4096))
    an_hour_ago = killed.stat().st_mtime - 3600
    os.utime(killed, (an_hour_ago, an_hour_ago))
    live = tmp_path / ".表.xlsx.1234abcd.tmp"  # a concurrent export writing right now
    live.write_bytes(b"PK")
    other = tmp_path / ".其他.xlsx.0badf00d.tmp"  # another target's: not ours to judge
    other.write_bytes(b"PK")
    os.utime(other, (an_hour_ago, an_hour_ago))
    assert main(["export", str(SAMPLE), "-o", str(target)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, live.name, other.name])


# -- probe 5: a refused commit leaves the index as it was -----------------------------------------

def test_a_refused_commit_leaves_the_index_as_it_was(tmp_path, git_env, capsys, monkeypatch):
    ws = sample_repo(tmp_path / "office")
    p02 = ws / "u01" / "p02.toml"
    p02.write_text(p02.read_text("utf-8") + "# 已暂存的修改\n", "utf-8")
    git(ws, "add", "u01/p02.toml")  # staged by the user before: stays staged
    staged_before = git(ws, "diff", "--cached", "--name-only").stdout
    p01 = ws / "u01" / "p01.toml"
    p01.write_text(p01.read_text("utf-8").replace("total = 17.60", "total = 18.60"), "utf-8")  # F1
    (ws / "u01" / "p30.toml").write_text('name = "新项目"\n', "utf-8")  # new, untracked
    monkeypatch.chdir(ws)
    assert main(["commit", "-m", "调整"]) == 1
    assert "未提交" in capsys.readouterr().err
    assert git(ws, "diff", "--cached", "--name-only").stdout == staged_before == "u01/p02.toml\n"
    assert git(ws, "status", "--porcelain", "--", "u01/p30.toml").stdout == "?? u01/p30.toml\n"
    assert main(["commit", "-m", "调整", "--force"]) == 0  # forced: all of it is committed
    assert git(ws, "status", "--porcelain").stdout == ""


# -- probe 7: diff of a project file that cannot be read ----------------------------------------------

def test_diff_says_an_unreadable_project_was_left_out_not_removed(tmp_path, git_env, capsys, monkeypatch):
    ws = sample_repo(tmp_path / "office")
    p05 = ws / "u01" / "p05.toml"
    p05.write_text(p05.read_text("utf-8").replace('name = "', 'name = "unterminated\n', 1), "utf-8")
    p01 = ws / "u01" / "p01.toml"
    p01.write_text(p01.read_text("utf-8").replace("total = 17.60", "total = 18.60"), "utf-8")
    monkeypatch.chdir(ws)
    assert main(["diff", "--color", "never"]) == 0
    captured = capsys.readouterr()
    assert "删除" not in captured.out and "（删除）" not in captured.err
    assert "p01" in captured.out and "17.60 → 18.60" in captured.out
    assert captured.err.splitlines()[0] == (
        "jixiao diff: 工作区（未提交）: u01/p05.toml 无法读取（S1）：TOML 语法错误：Illegal character '\\n' "
        "(at line 1, column 21)；该文件未参与比较（不是删除），改正后再比较（jixiao check 列出全部问题）")
    assert main(["diff", "--format", "json"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["unreadable"] == ["u01/p05.toml"]
    assert all(p["status"] != "removed" for u in data["units"] for p in u["projects"])
