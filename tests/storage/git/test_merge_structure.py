"""Issue 11 item 9: two offices each adding projects (or units) merge through ``jixiao pull``
with no conflict and keep both; what both sides changed in one field still asks the person."""

import pytest

from model.workspace import Project, Unit
from storage import git as sgit
from storage.workspace.editing import open_session, save_session
from storage.workspace.store import Store
from tests.gitrepo import edit, git, git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tui.cli import main

SAMPLE_IDS = [f"p{i:02d}" for i in range(1, 20)]


@pytest.fixture
def copies(tmp_path, git_env, capsys):
    """The office's repository and a home copy made from its bundle, as the clerk would."""
    office = sample_repo(tmp_path / "office")
    assert main(["bundle", "-w", str(office), "-o", str(tmp_path / "first.bundle")]) == 0
    assert main(["pull", str(tmp_path / "first.bundle"), "--into", str(tmp_path / "home")]) == 0
    capsys.readouterr()
    return office, tmp_path / "home"


def change(ws, message, *, add_project=None, move=None, add_unit=None):
    """What the editor does: a session, the edits, ctrl+s; then jixiao commit."""
    store = Store.open(ws)
    session = open_session(store)
    unit = session.ws.units[0]
    if add_project:
        session.add_project(unit, project=Project(name=add_project))
    if move:
        session.move_project(unit, unit.projects[move[0]], move[1])
    if add_unit:
        session.add_unit(unit=Unit(name=add_unit))
    assert not save_session(store, session).errors
    assert main(["commit", "-w", str(ws), "-m", message]) == 0


def exchange(office, home, tmp_path, capsys, n):
    """Each copy bundles, then each pulls the other's bundle; returns what each pull printed."""
    a, b = tmp_path / f"office{n}.bundle", tmp_path / f"home{n}.bundle"
    assert main(["bundle", "-w", str(office), "-o", str(a)]) == 0
    assert main(["bundle", "-w", str(home), "-o", str(b)]) == 0
    capsys.readouterr()
    printed = []
    for ws, bundle in ((office, b), (home, a)):
        assert main(["pull", str(bundle), "-w", str(ws)]) == 0
        out, err = capsys.readouterr()
        assert err == ""
        printed.append(out.splitlines())
    return printed


def project_files(ws):
    store = Store.open(ws)
    unit = store.workspace.units[0]
    return [(p.id, p.name) for p in unit.projects]


def test_both_add_a_project_to_one_unit_and_one_reorders(copies, tmp_path, capsys):
    office, home = copies
    change(office, "办公室新增项目", add_project="办公室新增的项目")
    change(home, "家里新增项目并调整顺序", add_project="家里新增的项目", move=(0, 1))
    printed = exchange(office, home, tmp_path, capsys, 2)
    for lines in printed:
        assert lines[0] == "已导入 1 个提交（合并，分支 main）"
        assert len(lines) == 2 and lines[1].startswith("两边都新增了 u01/p20.toml（编号相同）：")
        assert lines[1].endswith("改为 u01/p21.toml，两个项目都已保留")
    # both copies made the same choice: the same files, the same order
    assert git(office, "rev-parse", "HEAD^{tree}").stdout == git(home, "rev-parse", "HEAD^{tree}").stdout
    for ws in (office, home):
        projects = project_files(ws)
        assert [pid for pid, _ in projects] == ["p02", "p01", *SAMPLE_IDS[2:], "p20", "p21"]
        assert {name for _, name in projects[-2:]} == {"办公室新增的项目", "家里新增的项目"}
        assert sgit.conflicted_files(ws) == []
        assert git(ws, "status", "--porcelain").stdout == ""
        assert main(["check", str(ws)]) == 0
        open_session(Store.open(ws))  # the editor's session opens
    capsys.readouterr()
    # the next round trip (a criss-cross merge) has nothing left to settle
    change(office, "办公室再新增", add_project="第三个项目")
    for lines in exchange(office, home, tmp_path, capsys, 3):
        assert lines[0].startswith("已导入 ") and len(lines) == 1
    assert project_files(office) == project_files(home)
    assert [pid for pid, _ in project_files(home)][-3:] == ["p20", "p21", "p22"]


def test_both_add_a_unit(copies, tmp_path, capsys):
    office, home = copies
    change(office, "办公室新增单位", add_unit="甲单位")
    change(home, "家里新增单位", add_unit="乙单位", add_project="家里新增的项目")
    for lines in exchange(office, home, tmp_path, capsys, 2):
        assert lines[1].startswith("两边都新增了 u02（编号相同）：") and lines[1].endswith("改为 u03，两个单位都已保留")
    assert git(office, "rev-parse", "HEAD^{tree}").stdout == git(home, "rev-parse", "HEAD^{tree}").stdout
    ws = Store.open(office).workspace
    assert [u.id for u in ws.units] == ["u01", "u02", "u03"]
    assert {u.name for u in ws.units[1:]} == {"甲单位", "乙单位"}
    assert ws.units[0].projects[-1].name == "家里新增的项目"
    assert main(["check", str(office)]) == 0


def test_a_field_both_changed_still_asks_and_the_rest_is_settled(copies, tmp_path, capsys):
    office, home = copies
    edit(office / "u01" / "p02.toml", "保证中心基础工作有效运作", "保证中心各项基础工作有效运作")
    change(office, "办公室改 p02 并新增项目", add_project="办公室新增的项目")
    edit(home / "u01" / "p02.toml", "保证中心基础工作有效运作", "保证中心基础工作高效运作")
    change(home, "家里改 p02 并新增项目", add_project="家里新增的项目")
    assert main(["bundle", "-w", str(home), "-o", str(tmp_path / "home.bundle")]) == 0
    capsys.readouterr()
    assert main(["pull", str(tmp_path / "home.bundle"), "-w", str(office)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("两边都新增了 u01/p20.toml（编号相同）：")
    assert err[1:] == ["已导入 1 个提交，但以下文件两边都改了，需要逐项选定：", "  u01/p02.toml",
                       "完成合并：在编辑器中打开工作区逐项选择（jixiao 工作区文件夹），然后 jixiao commit -m 说明；"
                       "放弃这次合并：jixiao pull --abort"]
    assert sgit.conflicted_files(office) == ["u01/p02.toml"]
    listed = (office / "u01" / "unit.toml").read_text("utf-8")
    assert '  "p19",\n  "p20",\n  "p21",\n]' in listed


def test_an_order_list_both_changed_merges_as_a_list(copies, tmp_path, capsys):
    """git alone stops on unit.toml here: one appended p20, the other swapped p18 and p19."""
    office, home = copies
    change(office, "办公室新增项目", add_project="办公室新增的项目")
    change(home, "家里调整顺序", move=(18, -1))
    assert main(["bundle", "-w", str(home), "-o", str(tmp_path / "home.bundle")]) == 0
    capsys.readouterr()
    assert main(["pull", str(tmp_path / "home.bundle"), "-w", str(office)]) == 0
    assert capsys.readouterr().out == "已导入 1 个提交（合并，分支 main）\n"
    assert [pid for pid, _ in project_files(office)] == [*SAMPLE_IDS[:17], "p19", "p18", "p20"]
    text = (office / "u01" / "unit.toml").read_text("utf-8")
    assert text.startswith("# 单位。projects 列出项目文件的顺序") and "[control]\ntotal = 4402.83\n" in text
    assert git(office, "status", "--porcelain").stdout == ""
    assert main(["check", str(office)]) == 0
