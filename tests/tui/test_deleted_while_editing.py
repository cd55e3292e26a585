"""Issue 12: a file with unsaved edits deleted on disk: the editor says 已被删除 (it said 被修改)
and offers to take the deletion, keep the edits (saving creates the file again) or decide later."""

from __future__ import annotations

SIZE = (140, 45)


async def answer_and_save(make_app, path, key: str):
    """Edit p01, delete its file outside, check the question, answer ``key``, save: the app."""
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n", "escape")  # an unsaved edit in p01
        path.unlink()
        await pilot.press("f5")  # check also looks at the disk
        await app.workers.wait_for_complete()
        await pilot.pause()
        dialog = app.screen
        assert dialog.__class__.__name__ == "ChoiceDialog"
        assert dialog.title_text == "文件已在磁盘上被删除"
        text = dialog.message.plain
        assert text.startswith("u01/p01.toml 在 jixiao 之外被删除了") and "被修改" not in text
        assert [label for _k, label, _v in dialog.choices] == ["接受删除", "保留我的修改", "稍后决定"]
        await pilot.press(key)
        await pilot.pause()
        taken = app.session.project("u01", "p01") is None
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.session.is_dirty()
    return taken


async def test_a_deleted_file_can_be_taken_as_deleted(make_app, sample_copy):
    path = sample_copy / "u01/p01.toml"
    assert await answer_and_save(make_app, path, "d")  # the project left the editor
    assert not path.exists()
    assert '"p01"' not in (sample_copy / "u01/unit.toml").read_text("utf-8")


async def test_a_deleted_file_kept_is_created_again_on_save(make_app, sample_copy):
    path = sample_copy / "u01/p01.toml"
    assert not await answer_and_save(make_app, path, "k")
    assert path.read_text("utf-8").count("[[indicators]]") == 4
