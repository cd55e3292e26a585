"""Taking files changed on disk into an edit session (storage.workspace.reload)."""

from decimal import Decimal

from model.filekey import project_key, unit_key
from storage.workspace.editing import open_session
from storage.workspace.reload import disk_changes, really_changed, reload_file
from storage.workspace.store import Store

P02 = "u01/p02.toml"


def opened(root):
    store = Store.open(root)
    return store, open_session(store)


def test_a_clean_project_changed_on_disk_is_reloaded(sample_copy):
    store, session = opened(sample_copy)
    path = sample_copy / P02
    path.write_text(path.read_text("utf-8").replace("total = 144.33", "total = 150.00"), "utf-8")
    [result] = disk_changes(store, session, [P02, "u01/p03.toml"])  # p03 did not really change
    assert (result.rel, result.outcome, result.looked_at) == (P02, "reloaded", (P02,))
    assert project_key("u01", "p02") in result.change.files
    assert session.project("u01", "p02")[1].total == Decimal("150.00")
    assert not session.is_dirty() and really_changed(store, [P02]) == []
    session.undo()  # the reload is undoable
    assert session.project("u01", "p02")[1].total == Decimal("144.33")


def test_a_project_with_unsaved_edits_is_a_conflict(sample_copy):
    store, session = opened(sample_copy)
    unit, project = session.project("u01", "p02")
    session.set_project_field(unit, project, "name", "改过的名称")
    path = sample_copy / P02
    path.write_text(path.read_text("utf-8").replace("total = 144.33", "total = 150.00"), "utf-8")
    [result] = disk_changes(store, session, [P02])
    assert (result.rel, result.outcome, result.change, result.looked_at) == (P02, "conflict", None, ())
    assert project.name == "改过的名称" and project.total == Decimal("144.33")  # nothing was read
    forced = reload_file(store, session, P02)  # the user chose the disk version
    assert forced.outcome == "reloaded" and session.project("u01", "p02")[1].total == Decimal("150.00")


def test_a_project_deleted_on_disk_is_marked_missing(sample_copy):
    store, session = opened(sample_copy)
    (sample_copy / P02).unlink()
    [result] = disk_changes(store, session, [P02])
    assert (result.outcome, result.key) == ("missing", project_key("u01", "p02"))
    assert session.is_dirty(project_key("u01", "p02"))  # a save writes it again
    assert P02 not in store.fingerprints


def test_a_unit_read_again_brings_its_projects_along(sample_copy):
    store, session = opened(sample_copy)
    unit_file = sample_copy / "u01" / "unit.toml"
    unit_file.write_text(unit_file.read_text("utf-8").replace('name = "广州', 'name = "新的广州'), "utf-8")
    path = sample_copy / P02
    path.write_text(path.read_text("utf-8").replace("total = 144.33", "total = 150.00"), "utf-8")
    results = list(disk_changes(store, session, [P02, "u01/unit.toml"]))
    assert [(r.rel, r.outcome) for r in results] == [("u01/unit.toml", "reloaded")]  # p02: skipped
    assert unit_key("u01") in results[0].change.files
    unit, project = session.project("u01", "p02")
    assert unit.name.startswith("新的") and project.total == Decimal("150.00")


def test_an_unreadable_file_keeps_the_session_version(sample_copy):
    store, session = opened(sample_copy)
    (sample_copy / P02).write_text("name = \n", "utf-8")
    [result] = disk_changes(store, session, [P02])
    assert result.outcome == "unreadable" and result.message
    assert P02 in store.broken
    assert session.project("u01", "p02")[1].total == Decimal("144.33")
