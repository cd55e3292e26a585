"""Commands that write onto a file another program holds (Windows: a workbook open in
Excel/WPS, a file an antivirus reads), simulated with tests/held.py: held briefly, the command
succeeds after a retry; held throughout, it says which file and why (exit 2), and nothing is
lost or left half-written."""

import pytest

from storage.workspace.store import Store
from tests.gitrepo import git, git_env  # noqa: F401  (git_env is a fixture)
from tests.held import HOLDERS, hold_fixture, leftovers  # noqa: F401  (the fixture `hold`)
from tests.paths import SAMPLE
from tests.xlsxcells import XBook
from tui.cli import main

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

XLSX_HELD = "被其他程序占用（是否在 Excel/WPS 中打开着？关闭后重试）"
FOLDER_HELD = ("被其他程序占用（可能是杀毒软件正在检查刚写入的文件，或资源管理器、命令行窗口正打开着这个文件夹）；"
               "稍等片刻后重试")
NO_PERMISSION = "没有权限；请管理员给你这个文件夹的权限，或换一个你有权限的文件夹（如「文档」或桌面）"


@pytest.mark.parametrize("winerror", HOLDERS)
def test_export_onto_a_workbook_held_briefly_writes_it(tmp_path, capsys, hold, winerror):
    out = tmp_path / "表.xlsx"
    out.write_bytes(b"old")
    held = hold(winerror, times=3)
    assert main(["export", str(SAMPLE), "-o", str(out), "--force"]) == 0
    assert held.calls == 4
    assert capsys.readouterr().out.endswith(f"→ {out}\n")
    assert XBook(out).rows()[0] == ["项目支出绩效目标表（含转移支付项目）"]
    assert [p.name for p in tmp_path.iterdir()] == ["表.xlsx"]


@pytest.mark.parametrize("winerror, why", [(32, XLSX_HELD), (5, XLSX_HELD), (None, None)])
def test_export_onto_a_workbook_held_throughout_says_to_close_it(tmp_path, capsys, hold, winerror, why):
    out = tmp_path / "表.xlsx"
    out.write_bytes(b"a colleague's copy")
    hold(winerror)
    assert main(["export", str(SAMPLE), "-o", str(out), "--force"]) == 2
    err = capsys.readouterr().err
    if why:
        assert err == f"jixiao export: 「{out}」{why}（原有文件未改动）\n"
    else:  # POSIX' own EACCES: the folder's permissions
        assert err == f"jixiao export: 无法写入 {out}：{NO_PERMISSION}（原有文件未改动）\n"
    assert out.read_bytes() == b"a colleague's copy"
    assert [p.name for p in tmp_path.iterdir()] == ["表.xlsx"]


def _table(tmp_path):
    from tests.storage.published.test_text_import import TABLE

    src = tmp_path / "表.txt"
    src.write_text(TABLE, "utf-8")
    return src


@pytest.mark.parametrize("winerror", [32, 5])
def test_import_into_a_folder_held_throughout_leaves_nothing(tmp_path, capsys, hold, winerror):
    src, ws = _table(tmp_path), tmp_path / "新工作区"
    hold(winerror)
    assert main(["import", str(src), "--into", str(ws)]) == 2
    last = capsys.readouterr().err.splitlines()[-1]  # after the table's own warnings
    assert last == f"jixiao import: 无法写入 {ws}：{FOLDER_HELD}（未留下任何文件）"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["表.txt"]


def test_import_held_briefly_writes_the_whole_workspace(tmp_path, capsys, hold):
    src, ws = _table(tmp_path), tmp_path / "新工作区"
    hold(32, times=2)
    assert main(["import", str(src), "--into", str(ws)]) == 0
    assert capsys.readouterr().out.startswith(f"已导入 2 个单位、2 个项目、4 个指标到 {ws}\n")
    assert Store.open(ws).workspace.counts() == (2, 2, 4)
    assert leftovers(tmp_path) == []


@pytest.mark.usefixtures("git_env")
def test_init_held_briefly_makes_the_workspace(tmp_path, capsys, hold):
    target = tmp_path / "新工作区"
    held = hold(32, times=2)
    assert main(["init", str(target), "--department", "某某单位"]) == 0
    assert held.calls >= 3
    assert git(target, "status", "--porcelain").stdout == ""
    assert Store.open(target).workspace.units[0].name == "某某单位"
    assert leftovers(tmp_path) == []


@pytest.mark.usefixtures("git_env")
def test_init_held_throughout_says_why_and_writes_no_workspace(tmp_path, capsys, hold):
    target = tmp_path / "新工作区"
    hold(32)
    assert main(["init", str(target), "--department", "某某单位"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"jixiao init: 无法写入 {target}：被其他程序占用（") and err.endswith("（未留下任何文件）\n")
    assert not (target / "jixiao.toml").exists() and leftovers(tmp_path) == []


@pytest.mark.usefixtures("git_env")
def test_init_held_throughout_leaves_no_folder(tmp_path, capsys, hold):
    target = tmp_path / "新工作区"
    hold(32)
    assert main(["init", str(target), "--department", "某某单位"]) == 2
    assert list(tmp_path.iterdir()) == []
