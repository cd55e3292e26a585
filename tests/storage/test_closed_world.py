"""The workspace is a closed world (issue 12, items 1 and 4): links, FIFOs, devices and huge
files are never read, written through, committed or pulled in; two names of one file count once."""

import os
import shutil
import sys
import threading

import pytest

from benchmarks.generate import write_workspace
from storage.workspace import recovery
from storage.workspace.editing import open_session, save_session
from storage.workspace.store import StorageError, Store
from tests.gitrepo import git, git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tui.cli import main

symlinks = pytest.mark.skipif(sys.platform == "win32" or not hasattr(os, "symlink"),
                              reason="symbolic links need privileges on Windows")
fifos = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


def snapshot(folder):
    """Every file under ``folder`` (but git's own) with its bytes: what must not change."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(folder).parts}


@pytest.fixture
def ws(tmp_path):
    root = tmp_path / "ws"
    write_workspace(root, units=2, projects=2, seed=1)
    return root


@pytest.fixture
def linked_unit(ws, tmp_path):
    """u02 moved out of the workspace and replaced by a link to it (jixiao.toml still lists it)."""
    outside = tmp_path / "elsewhere" / "unitdir"
    outside.parent.mkdir()
    shutil.move(ws / "u02", outside)
    os.symlink(outside, ws / "u02")
    return outside


def check_output(ws, capsys):
    code = main(["check", str(ws)])
    return code, capsys.readouterr().out


# -- probe 1: a unit folder that is a link ------------------------------------------------------

@symlinks
def test_check_reports_a_linked_unit_folder_and_reads_none_of_it(ws, linked_unit, capsys):
    code, out = check_output(ws, capsys)
    assert code == 1
    line = next(line for line in out.splitlines() if " S3 " in line)
    assert line.startswith("u02/unit.toml: error S3 ")
    assert f"单位文件夹 u02 是符号链接，指向 {linked_unit}（在工作区外）：其中的文件未读取" in line
    store = Store.open(ws)
    assert [u.id for u in store.workspace.units] == ["u01"]
    assert not any(rel.startswith("u02/") for rel in store.fingerprints)


@symlinks
def test_saving_keeps_the_linked_unit_listed_and_writes_nothing_through_it(ws, linked_unit):
    before = snapshot(linked_unit)
    store = Store.open(ws)
    session = open_session(store)
    session.set_workspace_field("title", "新标题")
    for unit in store.workspace.units:  # every project the editor shows is edited
        for project in unit.projects:
            session.set_project_field(unit, project, "goal", "保存时不得写到工作区外")
    result = save_session(store, session)
    assert result.saved == ["u01/p01.toml", "u01/p02.toml", "jixiao.toml"] and not result.errors
    assert '"u02"' in (ws / "jixiao.toml").read_text("utf-8")  # its place in the list is kept
    assert snapshot(linked_unit) == before


@symlinks
def test_a_unit_folder_replaced_by_a_link_after_reading_is_not_written_through(ws, tmp_path):
    store = Store.open(ws)
    session = open_session(store)
    unit = store.workspace.units[1]
    session.set_project_field(unit, unit.projects[0], "goal", "保存时不得写到工作区外")
    outside = tmp_path / "elsewhere"
    shutil.move(ws / "u02", outside)  # meanwhile someone swaps the folder for a link
    os.symlink(outside, ws / "u02")
    before = snapshot(outside)
    result = save_session(store, session)
    assert result.saved == []
    assert len(result.errors) == 1
    assert result.errors[0].startswith(f"u02/p01.toml：u02 是符号链接，指向 {outside}（在工作区外）：jixiao 不通过链接写入")
    assert snapshot(outside) == before
    with pytest.raises(StorageError, match="u02 是符号链接"):
        store.delete_project("u02", "p01", force=True)
    assert snapshot(outside) == before


@symlinks
def test_commit_refuses_links(tmp_path, git_env, capsys):
    ws = sample_repo(tmp_path / "office")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "p20.toml").write_bytes((ws / "u01" / "p01.toml").read_bytes())
    os.symlink(outside / "p20.toml", ws / "u01" / "p20.toml")
    head = git(ws, "rev-parse", "HEAD").stdout
    assert main(["commit", "-w", str(ws), "-m", "链接", "--force"]) == 1
    err = capsys.readouterr().err
    assert f"以下是符号链接，未提交：u01/p20.toml 是符号链接，指向 {outside / 'p20.toml'}（在工作区外）" in err
    assert git(ws, "rev-parse", "HEAD").stdout == head
    assert "120000" not in git(ws, "ls-files", "-s").stdout


def _bundle_with_link(tmp_path, office):
    """A colleague's copy that commits (with plain git) a unit folder u02 linking to /etc-like
    folder outside, listed in jixiao.toml; bundled."""
    colleague = tmp_path / "colleague"
    git(tmp_path, "clone", "-q", str(office), str(colleague))
    os.symlink(tmp_path / "elsewhere", colleague / "u02")
    jt = colleague / "jixiao.toml"
    jt.write_text(jt.read_text("utf-8").replace('units = ["u01"]', 'units = ["u01", "u02"]'), "utf-8")
    git(colleague, "add", "-A")
    git(colleague, "commit", "-q", "-m", "带链接")
    bundle = tmp_path / "link.bundle"
    git(colleague, "bundle", "create", str(bundle), "HEAD", "main")
    return bundle


@symlinks
def test_pull_refuses_a_bundle_that_brings_a_link(tmp_path, git_env, capsys):
    office = sample_repo(tmp_path / "office")
    (tmp_path / "elsewhere").mkdir()
    bundle = _bundle_with_link(tmp_path, office)
    head = git(office, "rev-parse", "HEAD").stdout
    before = snapshot(office)
    assert main(["pull", str(bundle), "-w", str(office)]) == 1
    err = capsys.readouterr().err
    assert f"link.bundle 中有符号链接，为安全起见未导入，工作区没有改变：u02 → {tmp_path / 'elsewhere'}" in err
    assert git(office, "rev-parse", "HEAD").stdout == head
    assert snapshot(office) == before and not os.path.lexists(office / "u02")
    # a new copy from it is refused too, and leaves no folder behind
    assert main(["pull", str(bundle), "--into", str(tmp_path / "home")]) == 1
    assert "link.bundle 中有符号链接" in capsys.readouterr().err
    assert not (tmp_path / "home").exists()


# -- probe 2: two entries that are one file -----------------------------------------------------

@symlinks
def test_a_project_file_linked_to_another_counts_once(ws, capsys):
    (ws / "u01" / "p02.toml").unlink()
    os.symlink("p01.toml", ws / "u01" / "p02.toml")
    store = Store.open(ws)
    assert [p.id for p in store.workspace.units[0].projects] == ["p01"]
    assert store.workspace.counts()[1] == 3
    code, out = check_output(ws, capsys)
    assert code == 1
    assert ("u01/p02.toml: error S3 - u01/p02.toml 是符号链接，指向 p01.toml（工作区内的 u01/p01.toml）："
            "jixiao 只读写工作区内的普通文件，未读取") in out


def test_a_hard_link_to_another_project_counts_once(ws, capsys):
    (ws / "u01" / "p02.toml").unlink()
    try:
        os.link(ws / "u01" / "p01.toml", ws / "u01" / "p02.toml")
    except OSError as e:
        pytest.skip(f"no hard links here: {e}")
    store = Store.open(ws)
    assert [p.id for p in store.workspace.units[0].projects] == ["p01"]
    assert [(d.rule, d.file) for d in store.problems] == [("S3", "u01/p02.toml")]
    assert store.problems[0].message.startswith("u01/p02.toml 与 u01/p01.toml 是同一个文件")


def test_a_unit_listed_twice_is_read_once(ws):
    jt = ws / "jixiao.toml"
    jt.write_text(jt.read_text("utf-8").replace('units = [', 'units = ["u01", ', 1), "utf-8")
    store = Store.open(ws)
    assert [u.id for u in store.workspace.units] == ["u01", "u02"]
    assert store.workspace.counts()[0] == 2
    assert [(d.rule, d.message) for d in store.problems] == [("S2", "units 列表中 u01 重复，只读取一次")]


# -- probe 3: the recovery journal --------------------------------------------------------------

@symlinks
def test_the_recovery_journal_is_never_written_through_a_link(ws, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "recovery.json").write_bytes(b"theirs")
    os.symlink(outside, ws / ".jixiao")
    with pytest.raises(OSError, match=r"\.jixiao 是符号链接，指向 .*（在工作区外）：jixiao 不通过链接写入，恢复记录未写入"):
        recovery.write_journal_data(ws, b'{"version": 1}')
    assert recovery.read_journal(ws) is None
    recovery.delete_journal(ws)
    assert snapshot(outside) == {"recovery.json": b"theirs"}


# -- probe 4: unbounded reads -------------------------------------------------------------------

@symlinks
def test_a_project_file_linked_to_dev_zero_is_not_read(ws, capsys):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    (ws / "u01" / "p02.toml").unlink()
    os.symlink("/dev/zero", ws / "u01" / "p02.toml")
    code, out = check_output(ws, capsys)
    assert code == 1
    assert "u01/p02.toml: error S3 - u01/p02.toml 是符号链接，指向 /dev/zero（在工作区外）" in out


def _check_in_thread(ws, capsys):
    got = {}
    t = threading.Thread(target=lambda: got.update(code=main(["check", str(ws)])), daemon=True)
    t.start()
    t.join(20)
    assert not t.is_alive(), "check hangs"
    return got["code"], *capsys.readouterr()


@fifos
def test_a_fifo_in_place_of_a_project_file_does_not_hang_check(ws, capsys):
    (ws / "u01" / "p02.toml").unlink()
    os.mkfifo(ws / "u01" / "p02.toml")
    code, out, _ = _check_in_thread(ws, capsys)
    assert code == 1
    assert "u01/p02.toml: error S1 - 是命名管道（FIFO），不是普通文件，未读取" in out


@pytest.mark.parametrize("parallel", [False, True])
def test_a_huge_project_file_is_not_read(ws, capsys, monkeypatch, parallel):
    from storage.workspace import check, store

    monkeypatch.setattr(check, "PARALLEL_FROM", 0 if parallel else 10**9)
    monkeypatch.setattr(store, "PARALLEL_FROM", 0 if parallel else 10**9)
    with open(ws / "u01" / "p02.toml", "r+b") as f:
        f.truncate(3 * (1 << 20) + 5)  # sparse: 3 MB that take no room
    code, out = check_output(ws, capsys)
    assert code == 1
    assert "u01/p02.toml: error S1 - 文件过大（3.0 MB，上限 1 MB），不像项目文件，未读取" in out
    assert [d.rule for d in Store.open(ws, jobs=2).problems] == ["S1"]


# -- probe 5: the workspace's own files ---------------------------------------------------------

@symlinks
@pytest.mark.parametrize("name", ["codes.toml", "u01/unit.toml", "jixiao.toml"])
def test_the_workspace_files_themselves_are_not_read_through_links(ws, tmp_path, capsys, name):
    outside = tmp_path / "outside.toml"
    source = ws / name if name != "codes.toml" else None
    outside.write_bytes(source.read_bytes() if source else b"")
    if source:
        source.unlink()
    os.symlink(outside, ws / name)
    code = main(["check", str(ws)])
    out, err = capsys.readouterr()
    assert f"{name} 是符号链接，指向 {outside}（在工作区外）" in out + err
    assert code == (2 if name == "jixiao.toml" else 1)


@symlinks
def test_a_save_never_replaces_a_file_that_became_a_link(ws, tmp_path):
    store = Store.open(ws)
    session = open_session(store)
    session.set_workspace_field("title", "新标题")
    outside = tmp_path / "outside.toml"
    shutil.move(ws / "jixiao.toml", outside)
    os.symlink(outside, ws / "jixiao.toml")
    before = outside.read_bytes()
    result = save_session(store, session)
    assert result.errors and "jixiao.toml 是符号链接" in result.errors[0]
    assert outside.read_bytes() == before and os.path.islink(ws / "jixiao.toml")


def test_a_huge_file_in_a_revision_is_refused_alike(ws):
    files = {rel.relative_to(ws).as_posix(): rel.read_bytes() for rel in ws.rglob("*.toml")}
    files["u01/p02.toml"] = b"#" * (2 << 20)
    store = Store.from_files(files, "HEAD")
    assert [(d.rule, d.file, d.message[:20]) for d in store.problems] == [("S1", "u01/p02.toml", "文件过大（2.0 MB，上限 1 MB）")]


@fifos
def test_a_fifo_in_place_of_jixiao_toml_is_named(ws, capsys):
    (ws / "jixiao.toml").unlink()
    os.mkfifo(ws / "jixiao.toml")
    code, out, err = _check_in_thread(ws, capsys)
    assert code == 2
    assert "jixiao.toml: 是命名管道（FIFO），不是普通文件，未读取" in err


def test_a_hard_link_between_units_checked_by_different_workers_counts_once(ws, monkeypatch):
    # jixiao check splits a large workspace's units over worker processes: u01 and u02 go to
    # different ones, and one file with a name in each must still count once
    from storage.workspace import check

    (ws / "u02" / "p01.toml").unlink()
    try:
        os.link(ws / "u01" / "p01.toml", ws / "u02" / "p01.toml")
    except OSError as e:
        pytest.skip(f"no hard links here: {e}")
    monkeypatch.setattr(check, "PARALLEL_FROM", 1)
    checked = check.check_folder(ws, jobs=2)
    assert checked.projects == 3
    assert [(d.rule, d.file) for d in checked.diagnostics if d.rule == "S3"] == [("S3", "u02/p01.toml")]
    assert checked.diagnostics == Store.open(ws).diagnostics()
