"""The find/replace dialog as a clerk sees it at 120×30 and 90×25: where the keys go, the
preview's three columns, and a count of changes only once there is something to replace with."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from tests.tui.test_problems_layout import screen_lines, visible
from tui.screens.replace import ReplaceDialog

SIZES = [(120, 30), (90, 25)]


def frame(app, widget) -> str:
    """The character at the top-left corner of ``widget`` on screen: ▊ for the usual frame, █ for
    the thick one of the focused field."""
    region = widget.region
    return screen_lines(app)[region.y][region.x]


@pytest.mark.parametrize("size", SIZES)
async def test_find_replace_shows_focus_columns_and_counts_when_it_can(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("ctrl+f")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ReplaceDialog)
        find, repl = dialog.query_one("#r-find"), dialog.query_one("#r-with")
        assert (frame(app, find), frame(app, repl)) == ("█", "▊")  # the focus shows by its shape
        await pilot.press(*"数据")
        await pilot.pause()
        status = str(dialog.query_one("#r-status").render())
        assert status == "找到 29 处，涉及 18 个项目；请输入「替换为」（留空则删去找到的文字）"
        preview = dialog.query_one("#r-preview", DataTable)
        shown = visible(preview, app)
        lines = screen_lines(app)[shown.y:shown.bottom]
        header = lines[1][shown.x:shown.right]
        assert "位置" in header and "原文" in header and "替换为" in header
        first = lines[2][shown.x:shown.right]  # the first row: location, the old text, the new one
        assert "购置经费 › 项目名称" in first and "市人社数据服务中心" in first and "市人社（删除）服务中心" in first
        row = next(i for i, e in enumerate(dialog.plan) if e.field == "goal")
        preview.move_cursor(row=row)  # a long goal: shown around the change, not its first words
        await pilot.pause()
        goal = next(line for line in screen_lines(app)[shown.y:shown.bottom] if "› 绩效目标" in line)
        assert "了数据管理" in goal and "了（删除）管理" in goal

        await pilot.press("tab")
        await pilot.pause()
        assert (frame(app, find), frame(app, repl)) == ("▊", "█")
        await pilot.press(*"资料")
        await pilot.pause()
        assert str(dialog.query_one("#r-status").render()) == "将修改 29 处，涉及 18 个项目"
        first = screen_lines(app)[shown.y + 2][shown.x:shown.right]
        assert "市人社数据服务中心" in first and "市人社资料服务中心" in first
        await pilot.press("tab")  # the mode, the field boxes …: each shows it has the focus
        await pilot.pause()
        assert frame(app, repl) == "▊"


def names(app) -> list[str]:
    return [p.name for _, p in app.session.ws.projects()]


def last_note(app) -> str:
    return list(app._notifications)[-1].message


async def test_undo_says_what_and_where_and_asks_before_undoing_many_projects(make_app):
    from tui.screens.choice import ChoiceDialog
    from tui.widgets.indicators import IndicatorTable

    app = make_app(goto="购置经费")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("ctrl+f", *"数据", "tab", *"资料", "ctrl+r")  # a workspace-wide replace
        await pilot.pause()
        assert sum("资料" in n for n in names(app)) == 18
        app.goto_name("社保卡制发")  # another project: a cell edited there
        await pilot.pause()
        table = app.query_one(IndicatorTable)
        table.move_cursor(row=0, column=3)
        await pilot.press(*"新名称", "enter")
        await pilot.pause()
        _, p = app.session.project("u01", "p04")
        assert p.indicators[0].name == "新名称"

        await pilot.press("ctrl+z")  # the cell: undone at once, here
        await pilot.pause()
        assert p.indicators[0].name != "新名称" and not isinstance(app.screen, ChoiceDialog)
        assert last_note(app).startswith("撤销：") and "（在" not in last_note(app)

        await pilot.press("ctrl+z")  # the replace in 18 projects: asked first, naming them
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        text = str(dialog.query_one("#dialog-message").render())
        assert "下一步撤销的是「替换「数据」→「资料」（29 处）」，它修改了 18 个项目：" in text
        assert "「市人社资料服务中心购置经费」" in text and "等 18 个项目" in text
        await pilot.press("ctrl+z")  # pressed again while asked: nothing more happens
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not dialog and sum("资料" in n for n in names(app)) == 18

        await pilot.press("ctrl+z", "y")
        await pilot.pause()
        assert not any("资料" in n for n in names(app))
        assert last_note(app).startswith("撤销：替换「数据」→「资料」（29 处）（涉及 18 个项目：")


async def test_undo_of_a_change_in_another_project_goes_there_and_says_so(make_app):
    from tui.widgets.indicators import IndicatorTable

    app = make_app(goto="社保卡制发")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        app.query_one(IndicatorTable).move_cursor(row=0, column=3)
        await pilot.press(*"新名称", "enter")
        await pilot.pause()
        app.tree_widget.focus()
        await pilot.press("home", "down", "down")  # the workspace, the unit, its first project
        await pilot.pause()
        assert (app.current.kind, app.current.project_id) == ("project", "p01")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert (app.current.kind, app.current.project_id) == ("project", "p04")
        assert app.session.project("u01", "p04")[1].indicators[0].name != "新名称"
        assert last_note(app).endswith("（在「市人社数据服务中心社保卡制发管理服务经费」）")
