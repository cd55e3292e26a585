"""Saving keeps what a file was on disk: its mode, its BOM and its line endings."""

import os
import stat
import sys
from decimal import Decimal

import pytest

from model.workspace import Project
from storage.atomic import atomic_write
from storage.workspace.editing import open_session, save_session
from storage.workspace.store import Store, write_new_workspace
from tests.paths import SAMPLE

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def _umask() -> int:
    old = os.umask(0)
    os.umask(old)
    return old


def _edit_fiscal(root, value="150.00"):
    store = Store.open(root)
    unit = store.workspace.units[0]
    project = unit.projects[1]
    project.fiscal = Decimal(value)
    assert store.save_project(unit, project) is True
    return store


# -- item 5: modes -----------------------------------------------------------------------------

@posix_only
@pytest.mark.parametrize("mode", [0o644, 0o664, 0o640])
def test_a_saved_project_keeps_its_mode(sample_copy, mode):
    path = sample_copy / "u01" / "p02.toml"
    path.chmod(mode)
    _edit_fiscal(sample_copy)
    assert "fiscal = 150.00" in path.read_text("utf-8")
    assert _mode(path) == mode


@posix_only
def test_a_new_file_gets_the_umask_mode(tmp_path):
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "new.toml", b"x = 1\n")
        store = write_new_workspace(Store.open(SAMPLE).workspace, tmp_path / "ws")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "new.toml") == 0o640
    assert {_mode(p) for p in store.root.rglob("*.toml")} == {0o640}
    assert _umask() == old  # the process's umask is left as it was


# -- item 6: BOM and CRLF ----------------------------------------------------------------------

def test_a_file_with_a_bom_reads_and_saves_with_its_bom(sample_copy):
    path = sample_copy / "u01" / "p02.toml"
    original = path.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + original)
    store = Store.open(sample_copy)
    assert store.problems == [] and store.broken == {}
    assert store.workspace.units[0].projects[1].fiscal == Decimal("144.33")

    _edit_fiscal(sample_copy)
    assert path.read_bytes() == b"\xef\xbb\xbf" + original.replace(b"fiscal = 144.33\n", b"fiscal = 150.00\n")


def test_a_crlf_file_keeps_crlf_and_changes_only_the_edited_value(sample_copy):
    path = sample_copy / "u01" / "p02.toml"
    lf = path.read_bytes()
    crlf = lf.replace(b"\n", b"\r\n")
    path.write_bytes(crlf)

    _edit_fiscal(sample_copy)
    assert path.read_bytes() == crlf.replace(b"fiscal = 144.33\r\n", b"fiscal = 150.00\r\n")


def test_a_crlf_unit_with_bom_gains_a_project_in_its_own_form(sample_copy):
    unit_file = sample_copy / "u01" / "unit.toml"
    before = unit_file.read_bytes()
    unit_file.write_bytes(b"\xef\xbb\xbf" + before.replace(b"\n", b"\r\n"))
    store = Store.open(sample_copy)
    session = open_session(store)
    unit = session.ws.units[0]
    session.add_project(unit, project=Project(name="新项目"))
    new_id = unit.projects[-1].id
    result = save_session(store, session)
    assert sorted(result.saved) == sorted([f"u01/{new_id}.toml", "u01/unit.toml"])
    expected = before.replace(b'  "p19",\n', f'  "p19",\n  "{new_id}",\n'.encode())
    assert unit_file.read_bytes() == b"\xef\xbb\xbf" + expected.replace(b"\n", b"\r\n")
    new = (sample_copy / "u01" / f"{new_id}.toml").read_bytes()
    assert new.startswith('name = "新项目"\n'.encode()) and b"\r" not in new  # a new file is LF
    assert Store.open(sample_copy).problems == []
