"""Pilot tests: each editing path driven by key presses, asserting on the model, the problems
panel and the bytes of the saved files."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import Input

from tests.paths import SAMPLE_REVIEW
from tui.widgets.editors import BrokenView
from tui.widgets.indicators import EditBar, IndicatorTable
from tui.widgets.problems import ProblemsPanel

SIZE = (140, 45)
P01 = "u01/p01.toml"


def rules(app) -> list[str]:
    return [d.rule for d in app.query_one(ProblemsPanel).diagnostics]


def p01(app):
    return app.session.ws.units[0].projects[0]


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)


async def test_goto_opens_project_with_table_focused_on_last_row(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(IndicatorTable)
        assert app.focused is table
        assert app.current.project_id == "p01"
        assert table.cursor_coordinate.row == len(p01(app).indicators) - 1 == 2


async def test_amount_edit_brings_f1_and_fixing_it_removes_it(make_app, sample_copy):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        # shift+Tab walks the table's cells back to its first, then out: goal, other, special, fiscal, total
        await pilot.press("shift+tab")  # the last row's 一级指标 -> the row above's 年度指标值
        assert app.query_one(IndicatorTable).cursor_coordinate == (1, 5)
        await pilot.press("ctrl+home", "home")  # the first cell
        for _ in range(5):  # the first cell -> goal -> other -> special -> fiscal -> total
            await pilot.press("shift+tab")
        assert isinstance(app.focused, Input) and app.focused.id == "p-total"
        await type_text(pilot, "18.6")
        await pilot.pause()
        assert p01(app).total == Decimal("18.60")
        f1 = [d for d in app.query_one(ProblemsPanel).diagnostics if d.rule == "F1"]
        assert len(f1) == 1 and "总计多 1.00 万元" in f1[0].message
        assert "✗" in str(app.tree_widget.project_nodes[("u01", "p01")].label)
        assert "●" in str(app.tree_widget.project_nodes[("u01", "p01")].label)
        assert "1 个文件未保存" in app.sub_title
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        await type_text(pilot, "17.60")
        await pilot.pause()
        assert "F1" not in rules(app)
        assert p01(app).total == Decimal("17.60")
        assert not app.session.is_dirty()  # back to what is on disk


async def test_problem_enter_jumps_to_the_field(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+home", "home")  # the table's first cell: shift+Tab leaves the table
        for _ in range(4):
            await pilot.press("shift+tab")
        assert app.focused.id == "p-fiscal"
        await type_text(pilot, "abc")
        await pilot.pause()
        assert rules(app) == ["F2", *SAMPLE_REVIEW]
        await pilot.press("f6")  # to the problems panel
        assert isinstance(app.focused, ProblemsPanel)
        await pilot.press("escape")  # no-op
        app.tree_widget.focus()
        await pilot.press("f6", "f6")
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused.id == "p-fiscal"


async def test_change_category_from_code_table(make_app, sample_copy):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(IndicatorTable)
        table.move_cursor(row=0, column=2)
        await pilot.press("enter")
        bar = app.query_one(EditBar)
        assert bar.display and app.focused.id == "edit-input"
        await pilot.press("ctrl+u")
        await type_text(pilot, "随便")
        await pilot.press("enter")
        await pilot.pause()
        assert "二级指标「随便」不在代码表中" in str(bar.query_one("#edit-hint").render())
        assert p01(app).indicators[0].level2 == "12-质量指标"
        await pilot.press("ctrl+u")
        await type_text(pilot, "社会")
        await pilot.press("enter")
        await pilot.pause()
        ind = p01(app).indicators[0]
        assert (ind.level1, ind.level2) == ("2-效益指标", "22-社会效益")
        assert not bar.display and app.focused is table
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = (sample_copy / P01).read_text("utf-8")
        assert text.count('level2 = "22-社会效益"') == 2 and text.count('level1 = "2-效益指标"') == 2


async def test_value_cell_shows_reading_and_esc_cancels(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(IndicatorTable)
        table.move_cursor(row=0, column=4)
        await pilot.press("f2")
        bar = app.query_one(EditBar)
        assert "读作：≥ 98 %" in str(bar.query_one("#edit-hint").render())
        await pilot.press("ctrl+u")
        await type_text(pilot, "1-2天")
        assert "无法解析" in str(bar.query_one("#edit-hint").render())
        await pilot.press("escape")
        assert not bar.display and p01(app).indicators[0].period == "≥98%"


async def test_add_move_delete_indicator_undo_redo_and_save(make_app, sample_copy):
    before = (sample_copy / P01).read_bytes()
    other = (sample_copy / "u01/p02.toml").read_bytes()
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")  # new row after the last; edit bar opens on 一级指标
        for text in ("1", "11", "培训人次", ">=50人次"):
            await pilot.press("ctrl+u")
            await type_text(pilot, text)
            await pilot.press("enter")
        await pilot.press("enter")  # 年度指标值 is prefilled with the period value
        await pilot.pause()
        names = [i.name for i in p01(app).indicators]
        assert names == ["物品入库率", "物品验收率", "新购置设备使用率（%）", "培训人次"]
        new = p01(app).indicators[3]
        assert (new.level1, new.level2, new.period, new.annual) == ("1-产出指标", "11-数量指标", ">=50人次", ">=50人次")
        table = app.query_one(IndicatorTable)
        assert app.focused is table and table.cursor_coordinate.row == 3
        await pilot.press("ctrl+up")
        assert [i.name for i in p01(app).indicators][2:] == ["培训人次", "新购置设备使用率（%）"]
        assert table.cursor_coordinate.row == 2
        await pilot.press("ctrl+d")
        assert [i.name for i in p01(app).indicators].count("培训人次") == 2
        assert "I6" in rules(app)
        await pilot.press("f8")
        assert "I6" not in rules(app)
        await pilot.press("ctrl+z")  # undo the delete
        assert [i.name for i in p01(app).indicators].count("培训人次") == 2
        await pilot.press("ctrl+y")
        assert len(p01(app).indicators) == 4
        assert table.cursor_coordinate.row == 3  # where the deleted copy was
        await pilot.press("up", "f8")  # delete 培训人次 (row 2)
        assert [i.name for i in p01(app).indicators] == ["物品入库率", "物品验收率", "新购置设备使用率（%）"]
        # the model is back to the disk's state: nothing to save
        assert not app.session.is_dirty()
        for _ in range(3):
            await pilot.press("ctrl+z")  # back to 4 rows, 培训人次 third
        assert [i.name for i in p01(app).indicators][2] == "培训人次"
        await pilot.press("ctrl+s")
        await pilot.pause()
    after = (sample_copy / P01).read_text("utf-8")
    assert after.count("[[indicators]]") == 4
    assert 'name = "培训人次"\nperiod = ">=50人次"\nannual = ">=50人次"' in after
    assert after.index("培训人次") < after.index("新购置设备使用率")
    assert after.startswith(before.decode("utf-8").split("[[indicators]]")[0])  # head untouched
    assert (sample_copy / "u01/p02.toml").read_bytes() == other  # only changed files are written


async def test_new_project_saves_project_file_and_unit_list(make_app, sample_copy):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")  # the unit
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.focused.id == "p-name"
        await type_text(pilot, "新项目")
        await pilot.press("tab")
        await type_text(pilot, "5")
        await pilot.press("tab")
        await type_text(pilot, "5")
        await pilot.pause()
        assert "F3" in rules(app)  # the unit's control figure no longer matches
        await pilot.press("ctrl+s")
        await pilot.pause()
    unit = (sample_copy / "u01/unit.toml").read_text("utf-8")
    assert '  "p19",\n  "p20",\n]' in unit and unit.startswith("# 单位。")
    p20 = (sample_copy / "u01/p20.toml").read_text("utf-8")
    assert 'name = "新项目"\ntotal = 5.00\nfiscal = 5.00\n' in p20


async def test_delete_project_from_tree_deletes_its_file_on_save(make_app, sample_copy):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        app.tree_widget.focus()
        await pilot.press("f8", "d")  # F8 asks first (tests/tui/test_tree.py): d is 删除
        await pilot.pause()
        assert [p.id for p in app.session.ws.units[0].projects][0] == "p02"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert not (sample_copy / P01).exists()
    assert '"p01"' not in (sample_copy / "u01/unit.toml").read_text("utf-8")


async def test_quit_with_unsaved_work_asks(make_app, sample_copy):
    before = (sample_copy / P01).read_bytes()
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n", "escape")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ChoiceDialog"
        await pilot.press("c")  # cancel: keep editing
        await pilot.pause()
        assert app.is_running and len(p01(app).indicators) == 4
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")  # discard
        await pilot.pause()
    assert app.return_code == 0
    assert (sample_copy / P01).read_bytes() == before


async def test_quit_save_writes_then_exits(make_app, sample_copy):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n", "escape")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
    assert (sample_copy / P01).read_text("utf-8").count("[[indicators]]") == 4


async def test_external_change_reloads_a_clean_file(make_app, sample_copy):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        path = sample_copy / P01
        path.write_text(path.read_text("utf-8").replace("17.60", "20.00"), "utf-8")
        await pilot.press("f5")  # check also looks at the disk
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert p01(app).total == Decimal("20.00")
        assert not app.session.is_dirty()
        assert app.query_one("#p-total", Input).value == "20.00"


async def test_external_change_of_an_edited_file_asks_and_never_overwrites_blindly(make_app, sample_copy):
    app = make_app(goto="购置经费")
    path = sample_copy / P01
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n", "escape")  # an unsaved edit in p01
        outside = path.read_text("utf-8").replace("物品入库率", "外部修改")
        path.write_text(outside, "utf-8")
        await pilot.press("f5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ChoiceDialog"
        await pilot.press("c")  # decide later
        await pilot.pause()
        await pilot.press("ctrl+s")  # refuses to overwrite, asks again
        await pilot.pause()
        assert path.read_text("utf-8") == outside
        assert app.screen.__class__.__name__ == "ChoiceDialog"
        await pilot.press("k")  # keep mine: the next save overwrites
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = path.read_text("utf-8")
    assert saved.count("[[indicators]]") == 4 and "外部修改" not in saved


async def test_external_change_load_disk_version(make_app, sample_copy):
    app = make_app(goto="购置经费")
    path = sample_copy / P01
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n", "escape")
        path.write_text(path.read_text("utf-8").replace("物品入库率", "外部修改"), "utf-8")
        await pilot.press("f5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert [i.name for i in p01(app).indicators][0] == "外部修改"
        assert len(p01(app).indicators) == 3 and not app.session.is_dirty()


async def test_recovery_after_a_kill(make_app, sample_copy):
    from storage.workspace.recovery import journal_path

    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+home", "home")  # the table's first cell: shift+Tab leaves the table
        for _ in range(5):
            await pilot.press("shift+tab")
        await type_text(pilot, "99")
        await pilot.pause()
        app.write_journal()  # what the 3-second timer does
        await app.workers.wait_for_complete()
        assert journal_path(sample_copy).is_file()
        assert (sample_copy / ".jixiao/.gitignore").read_text() == "*\n"
        # the terminal dies here: no quit, nothing saved
    assert "99" not in (sample_copy / P01).read_text("utf-8")

    app2 = make_app()
    async with app2.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app2.screen.__class__.__name__ == "ChoiceDialog"
        await pilot.press("r")
        await pilot.pause()
        assert p01(app2).total == Decimal("99.00") and app2.session.is_dirty()
        assert "F1" in rules(app2)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert "total = 99.00" in (sample_copy / P01).read_text("utf-8")
    assert not journal_path(sample_copy).exists()


async def test_unparseable_file_opens_read_only(make_app, sample_copy):
    bad = sample_copy / "u01/p05.toml"
    broken = bad.read_text("utf-8").replace('name = "', 'name = "unterminated\n', 1)
    bad.write_text(broken, "utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        s1 = [d for d in app.query_one(ProblemsPanel).diagnostics if d.rule == "S1"]
        assert len(s1) == 1 and s1[0].file == "u01/p05.toml" and s1[0].line == 1
        assert len(app.session.ws.units[0].projects) == 18
        app.query_one(ProblemsPanel).focus()
        await pilot.press("home", "enter")
        await pilot.pause()
        view = app.query_one(BrokenView)
        assert view.display and "u01/p05.toml:1" in str(view.query_one("#b-error").render())
        # editing and saving elsewhere keeps the unreadable file and its place in the unit list
        app.tree_widget.reveal("u01")
        app.tree_widget.focus()
        await pilot.press("ctrl+n")
        await type_text(pilot, "另一个项目")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert bad.read_text("utf-8") == broken
    unit = (sample_copy / "u01/unit.toml").read_text("utf-8")
    assert '"p04",\n  "p05",\n  "p06"' in unit and '"p20"' in unit


async def test_keymap_override_from_user_config(make_app, no_user_config, sample_copy):
    (no_user_config / "keys.toml").write_text('[keys]\nsave = "f10"\nnope = "f11"\n', "utf-8")
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n", "escape")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.session.is_dirty()
        await pilot.press("f10")
        await pilot.pause()
        assert not app.session.is_dirty()
        assert any("nope" in n.message for n in app._notifications)
