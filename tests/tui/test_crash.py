"""Issue 12: a bug in the editor ends it without Textual's traceback screen, the unsaved edits
written to the recovery journal on the way out (the message and log: tests/cli/test_no_traceback.py)."""

from __future__ import annotations

import json

import pytest

from storage.workspace.recovery import journal_path

SIZE = (140, 45)


async def test_a_bug_in_the_editor_keeps_the_unsaved_edits_in_the_journal(make_app, sample_copy, monkeypatch):
    app = make_app(goto="购置经费")  # journal_seconds=0: only the crash writes the journal

    def bug(self) -> None:
        raise RuntimeError("a bug in an action")

    monkeypatch.setattr(type(app), "action_help", bug)
    with pytest.raises(RuntimeError, match="a bug in an action"):  # run_test re-raises it, as App does
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("ctrl+n", "escape")  # a new indicator: unsaved
            assert app.session.is_dirty()
            await pilot.press("f1")
            await pilot.pause()
    assert isinstance(app.crash, RuntimeError) and app.return_code == 1
    assert app.crash_journal == journal_path(sample_copy)
    journal = json.loads(journal_path(sample_copy).read_text("utf-8"))
    assert list(journal["base"]) == ["u01/p01.toml"]
    assert app._exit_renderables == []  # no traceback screen printed on exit

