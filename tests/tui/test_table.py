"""Pilot tests of the indicator table as a spreadsheet, at the terminal sizes clerks have
(Windows Terminal's 120×30, and 90×25): all six columns on screen, Tab between cells, typing on
a cell starts editing it, a paste anywhere on a project goes into its table, a new row's
problems wait until it is filled in, and the project form's amounts and sums."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.widgets import Label, Static

from tests.paths import SAMPLE_REVIEW
from tui.widgets.indicators import EditBar, IndicatorTable
from tui.widgets.problems import ProblemsPanel

WIDE = (120, 30)
NARROW = (90, 25)
HEADERS = ("序号", "一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值")
ROWS = "12\t设备完好率\t≥95%\t≥95%\n2-效益指标\t22-社会效益\t系统可用率\t99%或以上\t99%或以上\n"
LONG = "社保卡制发"  # p04: 「12345政务服务热线工单办结满意率1…」 and 31-服务对象满意度


def shown_project(app):
    return app.session.project(app.current.unit_id, app.current.project_id)[1]


def line(table: IndicatorTable, y: int) -> str:
    """Row ``y`` of the table as drawn (0: the header)."""
    return "".join(s.text for s in table.render_line(y))


def fits(app, table: IndicatorTable) -> None:
    """Every column lies within the table's visible region, the table within the screen."""
    assert table.max_scroll_x == 0  # nothing to the right to scroll to
    visible = table.scrollable_content_region
    x = 0
    for column in table.columns.values():
        x += column.get_render_width(table)
    assert x <= visible.width
    assert table.region.right <= app.screen.size.width


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)


# -- six columns ----------------------------------------------------------------------------


async def test_all_six_column_headers_visible_at_120x30(make_app):
    for goto in (LONG, "网络租赁", "购置经费"):
        app = make_app(goto=goto)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            table = app.query_one(IndicatorTable)
            fits(app, table)
            header = line(table, 0)
            for h in HEADERS:  # in full, at 120 columns
                assert h in header, (goto, header)
            p = shown_project(app)
            for y, ind in enumerate(p.indicators, 1):  # the values of every row, whole
                assert ind.period in line(table, y) or cell_len(ind.period) > 14


async def test_long_names_are_cut_and_read_whole_above_the_table(make_app):
    app = make_app(goto=LONG)
    async with app.run_test(size=WIDE) as pilot:
        table = app.query_one(IndicatorTable)
        row4 = line(table, 4)
        assert "3-满意度" in row4 and "31-服务对" in row4 and "…" in row4  # code + short name
        assert "≥90%" in row4  # the values stay
        name = shown_project(app).indicators[3].name
        assert name not in row4
        table.move_cursor(row=3, column=3)
        await pilot.pause()
        label = str(app.query_one("#ind-label", Label).render())
        assert f"指标4 › 三级指标：{name}" in label
        table.move_cursor(row=0, column=4)  # ≥98%: shown whole, nothing above
        await pilot.pause()
        assert str(app.query_one("#ind-label", Label).render()) == "绩效指标（4 个）"


async def test_values_visible_at_90x25(make_app):
    for goto in (LONG, "网络租赁"):
        app = make_app(goto=goto)
        async with app.run_test(size=NARROW) as pilot:
            await pilot.pause()
            table = app.query_one(IndicatorTable)
            fits(app, table)
            header = line(table, 0)
            assert "周期" in header and "年度" in header and "三级" in header
            assert "≥" in line(table, 1) or "%" in line(table, 1)


async def test_columns_follow_a_resize(make_app):
    app = make_app(goto=LONG)
    async with app.run_test(size=(200, 40)) as pilot:
        table = app.query_one(IndicatorTable)
        assert "31-服务对象满意度" in line(table, 4) and "12345政务服务热线工单办结满意率1" in line(table, 4)
        await pilot.resize_terminal(*NARROW)
        await pilot.pause()
        fits(app, table)
        assert "31-服务对象满意度" not in line(table, 4)


# -- Tab and shift+Tab ----------------------------------------------------------------------


async def test_tab_walks_cells_and_rows_and_stays_at_the_end(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=WIDE) as pilot:
        table = app.query_one(IndicatorTable)
        await pilot.press("ctrl+home", "home")
        assert table.cursor_coordinate == (0, 0)
        await pilot.press("tab")
        assert table.cursor_coordinate == (0, 1)  # 序号 is not editable: its 一级指标
        await pilot.press("tab", "tab", "tab", "tab")
        assert table.cursor_coordinate == (0, 5)
        await pilot.press("tab")
        assert table.cursor_coordinate == (1, 1) and app.focused is table  # the next row, still the table
        await pilot.press("shift+tab")
        assert table.cursor_coordinate == (0, 5)
        table.move_cursor(row=2, column=5)
        await pilot.press("tab")
        assert table.cursor_coordinate == (2, 5) and app.focused is table  # the last cell: stays
        assert any("已是最后一个单元格：按 ctrl+n 新增一行" in n.message for n in app._notifications)
        await pilot.press("ctrl+home", "home", "shift+tab")  # from the first cell: out to the goal
        assert app.focused.id == "p-goal"


async def test_tab_in_the_edit_bar_commits_and_moves_on(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=WIDE) as pilot:
        table = app.query_one(IndicatorTable)
        table.move_cursor(row=0, column=4)
        await pilot.press("enter", "end", "backspace", "backspace", "backspace")
        await type_text(pilot, "99%")
        await pilot.press("tab")
        p = shown_project(app)
        assert p.indicators[0].period == "≥99%"
        assert not app.query_one(EditBar).display and app.focused is table
        assert table.cursor_coordinate == (0, 5)
        await pilot.press("f2", "end", "backspace", "backspace", "backspace")
        await type_text(pilot, "97%")
        await pilot.press("shift+tab")
        assert p.indicators[0].annual == "≥97%" and table.cursor_coordinate == (0, 4)


# -- typing on a cell -----------------------------------------------------------------------


async def test_typing_on_a_cell_starts_editing_it(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=WIDE) as pilot:
        table = app.query_one(IndicatorTable)
        bar = app.query_one(EditBar)
        table.move_cursor(row=1, column=3)
        await type_text(pilot, "验收合格率")
        assert bar.display and bar.typed == "验收合格率"  # the old name is replaced, as in Excel
        await pilot.press("enter")
        p = shown_project(app)
        assert p.indicators[1].name == "验收合格率"
        assert app.focused is table and not bar.display
        # a category cell: the typed characters filter the choices
        table.move_cursor(row=2, column=2)
        await type_text(pilot, "数量")
        assert bar.display and bar.typed == "数量"
        assert bar.chosen() == "11-数量指标"
        await pilot.press("enter")
        assert (p.indicators[2].level1, p.indicators[2].level2) == ("1-产出指标", "11-数量指标")
        # on the 序号 column: the row's 一级指标
        table.move_cursor(row=0, column=0)
        await pilot.press("3")
        assert bar.display and bar.field == "level1" and bar.typed == "3"
        await pilot.press("escape")
        assert p.indicators[0].level1 == "1-产出指标"


async def test_typing_on_an_empty_table_adds_a_row(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=WIDE) as pilot:
        p = shown_project(app)
        for _ in range(3):
            await pilot.press("f8")
        assert not p.indicators
        await type_text(pilot, "22")
        await pilot.press("enter")
        await type_text(pilot, "系统可用率")
        await pilot.press("enter")
        await type_text(pilot, "99%")
        await pilot.press("enter", "enter")
        assert [(i.level1, i.level2, i.name, i.period, i.annual) for i in p.indicators] == [
            ("2-效益指标", "22-社会效益", "系统可用率", "99%", "99%")]


# -- paste ----------------------------------------------------------------------------------


async def test_paste_with_the_tree_focused_goes_into_the_shown_projects_table(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f6")  # table -> problems
        await pilot.press("f6")  # -> tree (the project still shown)
        assert app.focused is app.tree_widget and app.current.project_id == "p01"
        app.post_message(events.Paste(ROWS))  # as the terminal delivers it
        await pilot.pause()
        p = shown_project(app)
        assert [i.name for i in p.indicators][-2:] == ["设备完好率", "系统可用率"]  # at the end
        table = app.query_one(IndicatorTable)
        assert app.focused is table and table.cursor_coordinate.row == 3
        assert any("已粘贴 2 个指标到「市人社数据服务中心购置经费」的指标表第 4–5 行" in n.message
                   for n in app._notifications)


async def test_paste_elsewhere_says_where_a_paste_goes(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f6")
        assert app.focused is app.query_one(ProblemsPanel)
        app.post_message(events.Paste(ROWS))  # as the terminal delivers it
        await pilot.pause()
        assert len(shown_project(app).indicators) == 3
        assert any("粘贴指标行：把光标放在指标表" in n.message for n in app._notifications)
        await pilot.press("f6", "home")  # the tree, on the workspace: no project shown
        app.post_message(events.Paste(ROWS))  # as the terminal delivers it
        await pilot.pause()
        assert any("先在左侧树中选中一个项目" in n.message for n in app._notifications)


async def test_rows_pasted_into_a_form_field_go_to_the_table(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=WIDE) as pilot:
        name = app.query_one("#p-name")
        name.focus()
        await pilot.pause()
        p = shown_project(app)
        name.post_message(events.Paste(ROWS))
        await pilot.pause()
        assert p.name == "市人社数据服务中心购置经费"  # not the rows' first line
        assert [i.name for i in p.indicators][-2:] == ["设备完好率", "系统可用率"]
        assert app.focused is app.query_one(IndicatorTable)
        name.focus()
        await pilot.press("end")
        name.post_message(events.Paste("（一期）\n"))  # one line: a text for the field
        await pilot.pause()
        assert p.name == "市人社数据服务中心购置经费（一期）"


async def test_rows_pasted_while_editing_a_cell_go_in_as_rows(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=WIDE) as pilot:
        table = app.query_one(IndicatorTable)
        table.move_cursor(row=0, column=3)
        await pilot.press("f2")
        app.post_message(events.Paste(ROWS))  # as the terminal delivers it
        await pilot.pause()
        p = shown_project(app)
        assert [i.name for i in p.indicators] == ["物品入库率", "设备完好率", "系统可用率", "物品验收率",
                                                   "新购置设备使用率（%）"]
        assert not app.query_one(EditBar).display


# -- a new row ------------------------------------------------------------------------------


async def test_a_new_row_is_not_flagged_while_it_is_filled_in(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+n")
        assert app.query_one(EditBar).display
        assert [d.rule for d in app.query_one(ProblemsPanel).diagnostics] == SAMPLE_REVIEW
        assert "0 错误" in app.sub_title and "✗" not in str(app.tree_widget.project_nodes[("u01", "p01")].label)
        await type_text(pilot, "数量")
        assert app.query_one(EditBar).chosen() == "11-数量指标"
        await pilot.press("enter")
        # still entering: the row's own problems wait, but it is a 数量指标 already (no more R6)
        assert [d.rule for d in app.query_one(ProblemsPanel).diagnostics] == ["R1", "R7"]
        await pilot.press("escape")  # left half-filled: now its problems show
        await pilot.pause()
        found = [d for d in app.query_one(ProblemsPanel).diagnostics if d.project_id == "p01"]
        assert found and all(d.indicator == 4 for d in found)  # and no more R6: it is a 数量指标
        assert "错误" in app.sub_title and "0 错误" not in app.sub_title
        assert "（空）" in line(app.query_one(IndicatorTable), 4)


async def test_a_new_row_filled_in_has_no_problems(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+n")
        await type_text(pilot, "11")
        await pilot.press("enter")
        await type_text(pilot, "巡检次数")
        await pilot.press("enter")
        await type_text(pilot, "≥12次")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert not app.query_one(EditBar).display
        # the sample's R1 and R7 elsewhere; 购置经费's R6 is gone: it has a 数量指标 now
        assert [d.rule for d in app.query_one(ProblemsPanel).diagnostics] == ["R1", "R7"]
        assert shown_project(app).indicators[3].name == "巡检次数"


# -- the project form -----------------------------------------------------------------------


async def test_amount_labels_do_not_run_into_each_other_at_100_columns(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        labels = [f.query_one(Label) for f in app.query("#view-project .amounts .field")]
        texts = [str(lb.render()) for lb in labels]
        assert texts == ["总计（万元）", "财政拨款", "财政专户拨款", "其他资金"]
        for a, b in zip(labels, labels[1:]):
            assert a.region.right < b.region.x + 1
        for lb, text in zip(labels, texts):
            assert cell_len(text) < lb.region.width  # whole, with a space after it


async def test_a_difference_from_the_total_is_shown_in_the_error_colour(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=WIDE) as pilot:
        app.query_one("#p-total").focus()
        await pilot.press("end", "backspace", "backspace", "7", "0")
        await pilot.pause()
        sums = app.query_one("#p-sums", Static)
        strip = sums.render_line(0)
        diff = [s for s in strip if "与总计相差 +0.10" in s.text]
        assert diff and diff[0].style.bgcolor is not None and diff[0].style.bold
        await pilot.press("backspace", "backspace", "6", "0")
        await pilot.pause()
        strip = sums.render_line(0)
        same = [s for s in strip if "与总计相差 +0.00" in s.text]
        assert same and not same[0].style.bold


async def test_typing_on_a_cell_back_to_back(make_app):
    """Characters typed faster than the editor answers: the first opens the bar, the rest follow
    it in order (tui.key_order), then Tab commits and moves on."""
    from tests.tui.test_fast_keys import burst

    app = make_app(goto="购置经费")
    async with app.run_test(size=WIDE) as pilot:
        table = app.query_one(IndicatorTable)
        table.move_cursor(row=0, column=3)
        await pilot.pause()
        await burst(app, pilot, "入库及时率", "tab", "90%", "tab")
        p = shown_project(app)
        assert (p.indicators[0].name, p.indicators[0].period) == ("入库及时率", "90%")
        assert table.cursor_coordinate == (0, 5) and app.focused is table


async def test_a_month_day_deadline_reads_with_the_workspace_year(make_app):
    # the sample is the 2025 table: 「12月31日前」 means the end of 2025, and the 读作 line says so
    app = make_app(goto="购置经费")
    async with app.run_test(size=WIDE) as pilot:
        table = app.query_one(IndicatorTable)
        table.move_cursor(row=0, column=4)  # 实施周期指标值
        await type_text(pilot, "12月31日前")
        await pilot.pause()
        hint = str(app.query_one("#edit-hint").render())
        assert "读作：截止 2025-12-31 前" in hint
