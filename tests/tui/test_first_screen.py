"""``jixiao WORKSPACE`` on a small workspace: the first screen paints from a snapshot that a child
process made (storage.workspace.snapshot) before this process has loaded the models; keys typed then wait
and take effect in order once the editor has read the workspace itself."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from model.summary import LiveSummary, freeze
from storage.workspace.editing import open_session
from storage.workspace.snapshot import SnapshotChild, SnapshotError, take
from storage.workspace.store import Store
from tests.tui.test_loading import SIZE, text_of
from tui import loading
from tui.app import JixiaoApp
from tui.widgets.indicators import IndicatorTable
from tui.widgets.problems import ProblemsPanel

ROOT = Path(__file__).resolve().parents[2]


def with_problems(root: Path) -> None:
    """An F1 error in p02 and an unreadable p05, so the marks are not all blank."""
    p02 = root / "u01" / "p02.toml"
    p02.write_text(p02.read_text("utf-8").replace("total = 144.33", "total = 144.30"), "utf-8")
    (root / "u01" / "p05.toml").write_text("name = \n", "utf-8")


def tree_labels(app: JixiaoApp) -> list[str]:
    tree = app.tree_widget
    out = [str(tree.root.label)]
    for unit in tree.root.children:
        out.append(str(unit.label))
        out.extend(str(p.label) for p in unit.children)
    return out


@pytest.mark.parametrize("fork", [True, False] if hasattr(os, "fork") else [False])
def test_the_child_hands_back_what_the_session_shows(sample_copy, fork):
    with_problems(sample_copy)
    snap = SnapshotChild(sample_copy, fork=fork).result()
    store = Store.open(sample_copy)
    assert snap.summary == freeze(LiveSummary(open_session(store), store.problems))
    assert set(snap.broken) == {"u01/p05.toml"}
    root = snap.summary.root()
    assert (root.errors, root.warnings) == (2, 3)  # F1 in p02, S1 for p05; SAMPLE_REVIEW
    assert snap.summary.project("u01", "p02").errors == 1
    assert snap.summary.overview().counts == (1, 18, 78)


def test_the_child_says_why_a_workspace_cannot_be_read(sample_copy):
    (sample_copy / "jixiao.toml").write_text("title = \n", "utf-8")
    try:
        SnapshotChild(sample_copy).result()
    except SnapshotError as e:
        assert str(e).startswith("jixiao.toml:1: TOML 语法错误")
    else:
        raise AssertionError("no SnapshotError")


async def test_first_screen_from_the_snapshot_then_the_editor(sample_copy, monkeypatch):
    with_problems(sample_copy)
    gate = threading.Event()  # holds the reading thread: the first screen stays on
    read = loading.read_workspace

    def held_read(*args):
        assert gate.wait(10)
        return read(*args)

    monkeypatch.setattr(loading, "read_workspace", held_read)
    app = JixiaoApp(root=sample_copy, snapshot=take(sample_copy), poll_seconds=0, journal_seconds=0, recover=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session is None
        first = tree_labels(app)
        # S1 counts on the workspace; the warnings are SAMPLE_REVIEW
        assert first[:2] == ["✗2 ⚠3 项目支出绩效目标表（含转移支付项目） 2025", "✗1 ⚠3 广州市人力资源和社会保障数据服务中心"]
        assert "1 个单位，18 个项目，78 个指标；2 个错误，3 个警告" in text_of(app.query_one("#w-summary"))
        assert app.query_one(ProblemsPanel).border_title == "问题：2 个错误，3 个警告"
        assert app.sub_title == "已保存 · 2 错误 3 警告"
        assert app.focused is app.tree_widget
        assert [w.id for w in app.query_one("#right").children] == ["view-ws"]
        # the small workspace opens with its unit expanded: its projects are on the first screen
        assert "市人社数据服务中心业务运行工作经费" not in first and "✗1 业务运行工作经费" in first
        # typed before the editor is ready, they take effect after the click below (which puts
        # the cursor on the unit): its second project
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.current.kind == "workspace" and app.session is None
        await pilot.click("#tree", offset=(6, 1))  # a click on the unit shows nothing yet, breaks nothing
        await pilot.pause()
        assert app.current.kind == "workspace"
        gate.set()
        await app.workers.wait_for_complete()
        for _ in range(50):
            await pilot.pause(0.02)
            if app.session is not None and not app._pending_input:
                break
        await pilot.pause()
        assert app.current.project_id == "p02"
        assert app.focused is app.query_one(IndicatorTable)
        # the forms mounted once the workspace was read show one at a time, as usual
        assert [w.id for w in app.query_one("#right").children if w.display] == ["view-project"]
        assert tree_labels(app)[:2] == first[:2]  # the live summary paints the same labels
        assert "✗1 业务运行工作经费" in tree_labels(app)
        assert [d.rule for d in app.query_one(ProblemsPanel).diagnostics] == ["S1", "F1", "R6", "R1", "R7"]  # errors first
        await pilot.press("ctrl+z")  # the editor now answers keys itself: nothing to undo yet
        await pilot.pause()
        assert app.session.version == 0 and not app.session.is_dirty()


def test_the_first_screen_does_not_wait_for_pydantic():
    code = ("import sys, tui.app, tui.cli.main, storage.workspace.snapshot; "
            "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'model.workspace', 'storage.workspace.store', 'tomlkit'))))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert r.stdout.strip() == "[]"


def test_reading_starts_as_a_snapshot_when_small_and_in_parsing_children_when_large(sample_copy, monkeypatch):
    import storage.workspace.filesource
    from storage.workspace.snapshot import start_reading

    child, prefetch = start_reading(sample_copy)
    assert prefetch is None and child.result().summary.unit_ids() == ["u01"]
    monkeypatch.setattr(storage.workspace.filesource, "LARGE_WORKSPACE", 10)  # the sample's 20 files: large
    child, prefetch = start_reading(sample_copy)
    assert child is None
    assert sorted(rel for rel, _, _ in prefetch.results()) == sorted(storage.workspace.filesource.workspace_files(sample_copy))
