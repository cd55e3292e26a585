"""A few snapshots of the main screens at a fixed terminal size (Textual is pinned exactly).

Regenerate after an intended change with ``uv run pytest tests/tui/test_snapshots.py --snapshot-update``."""

from __future__ import annotations

from storage.workspace.store import Store
from tests.paths import quiet_review
from tui.app import JixiaoApp

SIZE = (120, 36)


def app_for(root, **kw) -> JixiaoApp:
    return JixiaoApp(Store.open(root), poll_seconds=0, journal_seconds=0, recover=False, **kw)


def test_workspace_overview(snap_compare, sample_copy):
    # the sample's three review warnings (R6 R1 R7) counted by rule under the totals
    assert snap_compare(app_for(sample_copy), terminal_size=SIZE)


def test_project_with_a_funding_error(snap_compare, sample_copy):
    quiet_review(sample_copy)  # the F1 alone in the problems panel

    async def edit_total(pilot):
        await pilot.press("ctrl+home", "home")
        for _ in range(5):  # the table's first cell -> goal -> other -> special -> fiscal -> total
            await pilot.press("shift+tab")
        for ch in "18.6":
            await pilot.press(ch)
        await pilot.pause()

    assert snap_compare(app_for(sample_copy, goto="购置经费"), terminal_size=SIZE, run_before=edit_total)


def test_category_picker_in_edit_bar(snap_compare, sample_copy):
    quiet_review(sample_copy)

    async def open_picker(pilot):
        await pilot.press("ctrl+n")
        await pilot.press("2")
        await pilot.pause()

    assert snap_compare(app_for(sample_copy, goto="购置经费"), terminal_size=SIZE, run_before=open_picker)
