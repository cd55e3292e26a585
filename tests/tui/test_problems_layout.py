"""The editor at the sizes clerks have (120×30, 90×25): the cell editor is on screen while a
cell is being edited (the problems panel yields its rows), a selected problem's whole message can
be read, and the footer's keys fit."""

from __future__ import annotations

import pytest
from textual.geometry import Region

from tests.gitrepo import edit
from tests.paths import quiet_review
from tui.screens.help import HelpScreen
from tui.widgets.indicators import IndicatorTable
from tui.widgets.problems import ProblemsPanel

SIZES = [(120, 30), (90, 25)]
LONG = "广州市人社数据中心2023年六个信息系统升级改造改造项目"  # u01/p08
VALUE = "完成全部12套系统的升级改造并通过验收"  # unparsed: an I4 with a long message


def with_problems(ws) -> None:
    """An I3 (an indicator without a name) in a short-named project, listed first, and an I4 in
    the long-named p08 (and not the sample's own review findings)."""
    quiet_review(ws)
    edit(ws / "u01" / "p01.toml", 'name = "物品入库率"', 'name = ""')
    edit(ws / "u01" / "p08.toml", 'period = "95%或以上"', f'period = "{VALUE}"')


def screen_lines(app) -> list[str]:
    return ["".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips()]


def visible(widget, app) -> Region:
    """The part of ``widget`` drawn on screen (its region clipped by its containers)."""
    geometry = app.screen.find_widget(widget)
    return geometry.region.intersection(geometry.clip)


def within(widget, app) -> bool:
    return app.screen.region.contains_region(widget.region) and widget.region.height > 0


def apart(a: Region, b: Region) -> bool:
    return not a.overlaps(b)


@pytest.mark.parametrize("size", SIZES)
async def test_the_cell_editor_and_its_choices_are_on_screen(make_app, sample_copy, size):
    with_problems(sample_copy)
    app = make_app(goto="2023年六个")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        panel = app.query_one(ProblemsPanel)
        assert len(panel.diagnostics) == 2 and panel.region.height > 1
        table = app.query_one(IndicatorTable)
        table.move_cursor(row=0, column=2)  # 二级指标
        await pilot.press("enter", *"数量")
        await pilot.pause()
        inp, options = app.query_one("#edit-input"), app.query_one("#edit-options")
        assert within(inp, app) and within(options, app)
        assert apart(inp.region, panel.region) and apart(options.region, panel.region)
        assert panel.region.height == 1  # the title line only, meanwhile
        assert "编辑单元格时收起" in panel.border_title
        shown = "\n".join(screen_lines(app))
        assert "11-数量指标" in shown and "数量" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.ws.units[0].projects[7].indicators[0].level2 == "11-数量指标"
        assert panel.region.height > 1  # the editor closed: the problems are back

        table.move_cursor(row=1, column=3)  # 三级指标: a name with suggestions under it
        await pilot.press("enter", *"巡检")
        await pilot.pause()
        inp = app.query_one("#edit-input")
        assert within(inp, app) and apart(inp.region, panel.region)
        assert options.display  # names used elsewhere in the workspace
        shown = visible(options, app)
        assert shown.height >= 3 and apart(shown, panel.region)  # a border and two names at least
        assert "巡检完成率" in "".join(screen_lines(app)[shown.y:shown.bottom])
        await pilot.press("escape")
        await pilot.pause()
        assert panel.region.height > 1


@pytest.mark.parametrize("size", SIZES)
async def test_a_selected_problem_can_be_read_to_its_end(make_app, sample_copy, size):
    with_problems(sample_copy)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        panel = app.query_one(ProblemsPanel)
        assert panel.region.height <= 5 and within(panel, app)
        panel.focus()
        await pilot.press("down")
        await pilot.pause()
        d = panel.diagnostics[panel.cursor]
        assert d.project == LONG and VALUE in d.message
        lines = screen_lines(app)
        # the list line names the project by what sets it apart, not by the unit's name
        row = lines[panel.region.y + 1 + panel.cursor - panel.scroll_offset.y]
        assert "2023年六" in row and "广州市人力资源" not in row
        # the whole message is on screen (wrapped under the list)
        text = "".join("".join(lines[panel.region.y:panel.region.bottom]).split())
        assert "".join(d.message.split()) in text


@pytest.mark.parametrize("size", SIZES)
async def test_no_problem_takes_one_line(make_app, sample_copy, size):
    quiet_review(sample_copy)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        panel = app.query_one(ProblemsPanel)
        assert panel.diagnostics == [] and panel.region.height == 1
        assert "问题：无" in screen_lines(app)[panel.region.y]


FOOTER_SIZES = [(120, 30), (100, 30), (90, 25)]


@pytest.mark.parametrize("size", FOOTER_SIZES)
async def test_the_footer_fits_and_says_what_the_caret_means(make_app, size):
    """Every shown key whole, and the palette's ^p 命令 apart from them, in the tree, in the
    indicator table (the widest set) and in the cell editor; F1 explains ^ as well."""
    app = make_app(goto="社保卡制发")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert app.focused is app.query_one(IndicatorTable)
        footers = {"table": screen_lines(app)[-1]}
        await pilot.press("enter")
        await pilot.pause()
        footers["editor"] = screen_lines(app)[-1]
        await pilot.press("escape")
        app.tree_widget.focus()
        await pilot.pause()
        footers["tree"] = screen_lines(app)[-1]
        want = {"table": ("⏎ 编辑", "^n 新增指标", "f8 删除行"), "editor": ("esc 取消",),
                "tree": ("^n 新增项目", "f8 删除")}
        for where, footer in footers.items():
            assert footer.startswith(" ^=Ctrl "), footer  # what ^ means, first
            for key in (*want[where], "^s 保存", "^z 撤销", "f1 帮助", "^q 退出"):
                assert key in footer, (where, footer)
            # the last key whole, then at least a space before the palette's ▏^p 命令
            assert "f6 切换窗格 " in footer and footer.rstrip().endswith("▏^p 命令"), (where, footer)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "^ 表示 Ctrl" in "".join(screen_lines(app))


@pytest.mark.parametrize("size", SIZES)
async def test_choosing_another_node_while_editing_unfolds_the_problems(make_app, sample_copy, size):
    """A cell editor left open when the tree goes to the unit or the workspace closes (as when
    another project is chosen): the problems panel is back at once, not when you return."""
    with_problems(sample_copy)
    app = make_app(goto="2023年六个")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        panel = app.query_one(ProblemsPanel)
        rows = panel.region.height
        assert rows > 1
        app.query_one(IndicatorTable).move_cursor(row=0, column=3)
        await pilot.press("enter", *"巡检")
        await pilot.pause()
        assert panel.region.height == 1
        tree = app.tree_widget
        tree.focus()
        await pilot.press("home")  # the workspace's node
        await pilot.pause()
        assert app.current.kind == "workspace"
        assert panel.region.height == rows and not app.screen.has_class("-editing")
        assert "编辑单元格时收起" not in screen_lines(app)[panel.region.y]
        await pilot.pause()
        shown = "\n".join(screen_lines(app)[panel.region.y:panel.region.bottom])
        assert "购置经费 › 指标1" in shown, shown
        await pilot.press("down")  # the unit's node
        await pilot.pause()
        assert app.current.kind == "unit" and panel.region.height == rows
