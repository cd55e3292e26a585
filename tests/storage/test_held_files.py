"""A file another program holds (Windows: Excel/WPS, an antivirus, a sync client), simulated:
the replace is retried, then refused in Chinese with the file named; the original stays and no
temp file is left (tests/held.py)."""

import os
import stat
import sys

import pytest

from storage.atomic import FileInUseError, atomic_write
from storage.new_folder import NewFolderError
from storage.workspace.store import Store, write_new_workspace
from tests.held import HOLDERS, hold_fixture, leftovers  # noqa: F401  (the fixture `hold`)
from tests.paths import SAMPLE

XLSX_HELD = "被其他程序占用（是否在 Excel/WPS 中打开着？关闭后重试）"
FILE_HELD = "被其他程序占用（可能是杀毒软件或网盘同步程序正在读取它，或它在另一个程序中打开着）；稍等片刻，或关闭该程序后重试"
FOLDER_HELD = ("被其他程序占用（可能是杀毒软件正在检查刚写入的文件，或资源管理器、命令行窗口正打开着这个文件夹）；"
               "稍等片刻后重试")


@pytest.mark.parametrize("winerror", [32, 33, 5, None])
def test_a_file_held_briefly_is_written_after_a_retry(tmp_path, hold, winerror):
    target = tmp_path / "表.xlsx"
    target.write_bytes(b"old")
    held = hold(winerror, times=3)
    atomic_write(target, b"new")
    assert held.calls == 4
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["表.xlsx"]


@pytest.mark.parametrize("name, why", [("表.xlsx", XLSX_HELD), ("p01.toml", FILE_HELD), ("旧表.XLS", XLSX_HELD)])
@pytest.mark.parametrize("winerror", [32, 5])
def test_a_file_held_throughout_is_named_with_its_likely_holder(tmp_path, hold, winerror, name, why):
    target = tmp_path / name
    target.write_bytes(b"old")
    held = hold(winerror)
    with pytest.raises(FileInUseError) as e:
        atomic_write(target, b"new")
    assert str(e.value) == f"「{target}」{why}"
    assert e.value.why == why and e.value.path == target
    assert held.calls == 7  # about a second of retries (storage.atomic.REPLACE_PAUSES)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_a_new_file_held_throughout_leaves_nothing(tmp_path, hold):
    hold(32)
    with pytest.raises(FileInUseError):
        atomic_write(tmp_path / "新.xlsx", b"new")
    assert list(tmp_path.iterdir()) == []


def test_plain_eacces_is_no_windows_sharing_error_and_is_raised_as_it_is(tmp_path, hold):
    """POSIX: a PermissionError from rename is the folder's permissions, not another program
    (storage.os_errors says it: 没有权限)."""
    target = tmp_path / "p01.toml"
    target.write_bytes(b"old")
    held = hold(None)
    with pytest.raises(PermissionError) as e:
        atomic_write(target, b"new")
    assert not isinstance(e.value, FileInUseError) and held.calls == 7
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["p01.toml"]


@pytest.mark.skipif(sys.platform == "win32", reason="chmod stands in for the read-only attribute")
def test_a_read_only_file_is_said_to_be_read_only(tmp_path, hold):
    target = tmp_path / "p01.toml"
    target.write_bytes(b"old")
    target.chmod(0o444)  # what os.stat shows for Windows' read-only attribute
    hold(5)
    with pytest.raises(FileInUseError) as e:
        atomic_write(target, b"new")
    assert str(e.value) == f"「{target}」是只读文件，无法覆盖；在资源管理器中右键该文件 → 属性，取消勾选「只读」后重试"
    assert target.read_bytes() == b"old" and stat.S_IMODE(target.stat().st_mode) == 0o444
    assert [p.name for p in tmp_path.iterdir()] == ["p01.toml"]


def test_a_temp_file_a_scanner_still_reads_is_removed_after_a_retry_and_hides_no_error(tmp_path, hold, monkeypatch):
    target = tmp_path / "表.xlsx"
    target.write_bytes(b"old")
    hold(32)
    real_unlink, tries = os.unlink, []

    def scanned(path, *a, **kw):
        tries.append(path)
        if len(tries) <= 2:
            raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。")
        real_unlink(path, *a, **kw)

    monkeypatch.setattr(os, "unlink", scanned)
    with pytest.raises(FileInUseError):  # not the unlink's PermissionError
        atomic_write(target, b"new")
    assert len(tries) == 3
    assert [p.name for p in tmp_path.iterdir()] == ["表.xlsx"] and target.read_bytes() == b"old"


# -- a whole new folder (jixiao import, jixiao init) ------------------------------------------

@pytest.mark.parametrize("winerror", [32, 5])
def test_a_new_workspace_whose_folder_is_held_throughout_is_not_left_half_made(tmp_path, hold, winerror):
    ws = Store.open(SAMPLE).workspace
    target = tmp_path / "新工作区"
    hold(winerror)
    with pytest.raises(NewFolderError) as e:
        write_new_workspace(ws, target)
    assert str(e.value) == f"无法写入 {target}：{FOLDER_HELD}（未留下任何文件）"
    assert list(tmp_path.iterdir()) == []


def test_a_new_workspace_held_briefly_is_written_whole(tmp_path, hold):
    ws = Store.open(SAMPLE).workspace
    target = tmp_path / "新工作区"
    held = hold(32, times=2)
    write_new_workspace(ws, target)
    assert held.calls == 3
    assert Store.open(target).workspace.counts() == ws.counts()
    assert [p.name for p in tmp_path.iterdir()] == ["新工作区"] and leftovers(tmp_path) == []


def test_a_git_only_folder_held_while_its_entries_move_in_keeps_only_git(tmp_path, hold):
    """Into a folder holding .git the entries move one by one (jixiao.toml last); one held
    throughout: the ones moved are taken back."""
    ws = Store.open(SAMPLE).workspace
    target = tmp_path / "副本"
    (target / ".git").mkdir(parents=True)
    (target / ".git" / "HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    held = hold(32, after=1)  # u01 moves in; jixiao.toml, last, is held
    with pytest.raises(NewFolderError) as e:
        write_new_workspace(ws, target)
    assert held.calls == 8
    assert str(e.value) == f"无法写入 {target}：{FILE_HELD}（未留下任何文件）"
    assert [p.name for p in target.iterdir()] == [".git"]
    assert leftovers(tmp_path) == []
