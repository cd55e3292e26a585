"""审核意见 in the editor at 120×30: F12 on an indicator cell adds a comment on that indicator,
the tree and the form show it, ctrl+z takes it back, ctrl+s writes it into the project file;
the same dialog resolves it (the comment stays, with who and when)."""

from __future__ import annotations

import tomllib

from textual.widgets import OptionList

from tests.gitrepo import git_env  # noqa: F401  (a fixture)
from tui.screens.comments import CommentDialog
from tui.widgets.comments import CommentsPanel

SIZE = (120, 30)


def _label(app, pid: str = "p01") -> str:
    return app.tree_widget.project_nodes[("u01", pid)].label.plain


async def _type(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)


async def test_f12_on_an_indicator_cell_adds_a_comment_shown_saved_and_undoable(make_app, sample_copy):
    app = make_app(goto="购置经费")  # the cursor on the indicator table's last row
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        _, p = app.session.project("u01", "p01")
        await pilot.press("right", "right", "right", "right")  # the row's 年度指标值
        await pilot.press("f12")
        await pilot.pause()
        assert isinstance(app.screen, CommentDialog)
        await _type(pilot, "偏低")
        await pilot.press("tab")
        await pilot.press(*["backspace"] * 20)
        await _type(pilot, "王审核")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CommentDialog)
        [c] = p.comments
        assert (c.author, c.text, c.target, c.resolved) == ("王审核", "偏低", "指标「新购置设备使用率（%）」年度指标值", False)
        assert "审1" in _label(app)
        panel = app.view("project").query_one(CommentsPanel)
        assert panel.display and "指标「新购置设备使用率（%）」年度指标值｜王审核：偏低" in str(panel.render())
        assert "审核意见：王审核：偏低" in str(app.view("project").query_one("#ind-label").render())

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert p.comments == [] and "审" not in _label(app)
        await pilot.press("ctrl+y", "ctrl+s")
        await pilot.pause()
        saved = tomllib.loads((sample_copy / "u01" / "p01.toml").read_text("utf-8"))
        assert saved["comments"] == [{"author": "王审核", "date": c.date, "target": c.target, "text": "偏低",
                                      "resolved": False}]

        # resolve it: the palette's entry opens the dialog with the list focused
        app.action_comment(resolving=True)
        await pilot.pause()
        assert isinstance(app.focused, OptionList)
        await pilot.press("enter", "ctrl+s")
        await pilot.pause()
        [c] = p.comments
        assert c.resolved and c.resolved_by == "王审核" and c.text == "偏低"
        assert "审" not in _label(app) and not panel.display
        saved = tomllib.loads((sample_copy / "u01" / "p01.toml").read_text("utf-8"))
        assert saved["comments"][0]["resolved"] is True and saved["comments"][0]["resolved_by"] == "王审核"


async def test_f12_in_the_total_field_aims_at_the_total(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.view("project").focus_field("total")
        await pilot.pause()
        await pilot.press("f12")
        await pilot.pause()
        assert "批注在：总计" in str(app.screen.query_one("#comment-where").render())
        await _type(pilot, "请核实")
        await pilot.press("tab")
        await _type(pilot, "甲")
        await pilot.press("enter")
        await pilot.pause()
        _, p = app.session.project("u01", "p01")
        assert p.comments[0].target == "总计" and p.comments[0].author.endswith("甲")


async def test_f3_shows_an_unsaved_comment_as_a_change(make_app, tmp_path, git_env):  # noqa: F811
    from tests.gitrepo import sample_repo
    from tui.screens.diff import DiffScreen

    ws = sample_repo(tmp_path)
    app = make_app(ws, goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.view("project").focus_field("goal")
        await pilot.press("f12")
        await pilot.pause()
        await _type(pilot, "目标太空泛")
        await pilot.press("tab")
        await pilot.press(*["backspace"] * 20)
        await _type(pilot, "王审核")
        await pilot.press("enter", "f3")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert isinstance(app.screen, DiffScreen)
        _, p = app.session.project("u01", "p01")
        assert app.screen.text.split("\n")[1:] == [
            "~ p01 市人社数据服务中心购置经费", f"    + 审核意见1（新增）绩效目标｜王审核 {p.comments[0].date}：目标太空泛"]
