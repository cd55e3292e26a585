"""Pilot tests of bulk entry: paste rows, fill down, completion, marked projects, find and replace,
copying a project from another workspace; each one undo step."""

from __future__ import annotations

import shutil

from textual import events
from textual.widgets import DataTable, Input, Select

from tui.widgets.indicators import EditBar, IndicatorTable

SIZE = (140, 45)
P01 = "u01/p01.toml"
ROWS = "12\t设备完好率\t≥95%\t≥95%\n2-效益指标\t22-社会效益\t系统可用率\t99%或以上\t99%或以上\n"


def p01(app):
    return app.session.ws.units[0].projects[0]


def names(p) -> list[str]:
    return [i.name for i in p.indicators]


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)


async def test_bracketed_paste_of_rows_goes_in_validated_and_saves(make_app, sample_copy):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(IndicatorTable)
        assert app.focused is table
        table.move_cursor(row=1, column=3)  # after 物品验收率
        app.screen.focused.post_message(events.Paste(ROWS + "坏行\t只有两列\n"))
        await pilot.pause()
        assert names(p01(app)) == ["物品入库率", "物品验收率", "设备完好率", "系统可用率", "新购置设备使用率（%）"]
        new = p01(app).indicators[2]
        assert (new.level1, new.level2, new.period) == ("1-产出指标", "12-质量指标", "≥95%")
        assert table.cursor_coordinate.row == 2
        shown = [n.message for n in app._notifications]
        assert any("已粘贴 2 个指标" in m and "跳过 1 行" in m and "第 3 行「坏行\t只有两列」：有 2 列" in m for m in shown)
        await pilot.press("ctrl+z")  # one undo takes the whole paste back
        assert names(p01(app)) == ["物品入库率", "物品验收率", "新购置设备使用率（%）"]
        await pilot.press("ctrl+y", "ctrl+s")
        await pilot.pause()
    text = (sample_copy / P01).read_text("utf-8")
    assert text.count("[[indicators]]") == 5
    assert text.index("物品验收率") < text.index("设备完好率") < text.index("系统可用率") < text.index("新购置设备使用率")
    assert 'level1 = "2-效益指标"\nlevel2 = "22-社会效益"\nname = "系统可用率"\nperiod = "99%或以上"' in text


async def test_ctrl_v_dialog_previews_and_inserts(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        app.copy_to_clipboard(ROWS)
        await pilot.press("ctrl+v")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "PasteDialog"
        assert "可插入 2 个指标" in str(app.screen.query_one("#paste-preview").render())
        await pilot.press("f2")
        await pilot.pause()
        assert names(p01(app))[3:] == ["设备完好率", "系统可用率"]  # after the cursor's (last) row


async def test_fill_down_and_copy_values_each_one_undo(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(IndicatorTable)
        table.move_cursor(row=2, column=2)  # 二级指标 of 新购置设备使用率（%）
        await pilot.press("ctrl+l")
        ind = p01(app).indicators[2]
        assert (ind.level1, ind.level2) == ("1-产出指标", "12-质量指标")
        await pilot.press("ctrl+z")
        assert (ind.level1, ind.level2) == ("2-效益指标", "22-社会效益")
        ind.annual = "≥90%"  # as if typed: set through the session below instead
        ind.annual = "≥95%"
        app.edit(lambda s: s.set_indicator_field(app.session.ws.units[0], p01(app), 2, "annual", "≥90%"))
        table.move_cursor(row=2, column=5)
        await pilot.press("ctrl+t")  # 年度指标值 → 实施周期指标值
        assert (ind.period, ind.annual) == ("≥90%", "≥90%")
        await pilot.press("ctrl+z")
        assert (ind.period, ind.annual) == ("≥95%", "≥90%")


async def test_name_completion_fills_category_and_values(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n", "enter")  # a new row; Enter on the empty category skips to 三级指标
        bar = app.query_one(EditBar)
        assert bar.field == "name"
        await type_text(pilot, "巡检")
        options = bar.query_one("#edit-options")
        assert options.display and "巡检完成率（%）" in str(options.get_option_at_index(0).prompt)
        await pilot.press("tab")  # takes the first suggestion
        await pilot.pause()
        ind = p01(app).indicators[3]
        assert (ind.level1, ind.level2, ind.name, ind.period, ind.annual) == (
            "1-产出指标", "11-数量指标", "巡检完成率（%）", "90%或以上", "90%或以上")
        assert not bar.display and app.focused is app.query_one(IndicatorTable)
        await pilot.press("ctrl+z")  # the completion, in one step
        assert (ind.name, ind.level2, ind.period) == ("", "", "")
        # ↓ + Enter picks too; a value the row already has stays
        u = app.session.ws.units[0]
        app.edit(lambda s: s.set_indicator_field(u, p01(app), 3, "period", "≥85%"))
        await pilot.press("enter")  # the cursor is back on the name cell
        await type_text(pilot, "满意")
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert (ind.name, ind.level2, ind.period) == ("场景满意度", "31-服务对象满意度", "≥85%")
        assert ind.annual == next(s for s in bar.completer("场景") if s.name == "场景满意度").annual


async def test_project_name_completion(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        app.tree_widget.focus()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.focused.id == "p-name"
        await type_text(pilot, "软件运维")
        sug = app.screen.query_one("#suggestions")
        assert sug.display and sug.texts[0] == "广州市人社数据中心2023年-2024年软件运维项目"
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.query_one("#p-name", Input).value == sug.texts[1] if sug.texts else True
        new = app.session.ws.units[0].projects[1]
        assert new.name == "广州市人力资源和社会保障数据服务中心2025-2026年软件运维项目"
        assert not sug.display


async def test_marked_projects_get_one_indicator_in_one_step(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        app.tree_widget.focus()
        await pilot.press("space", "space")  # marks p01 and p02 (the cursor moves down)
        assert app.tree_widget.marked == {("u01", "p01"), ("u01", "p02")}
        assert str(app.tree_widget.project_nodes[("u01", "p02")].label).startswith("☑")
        await pilot.press("ctrl+b")
        await pilot.pause()
        await type_text(pilot, "31")
        await pilot.press("tab")
        await type_text(pilot, "满意度")
        await pilot.press("tab")
        await type_text(pilot, ">=90%")
        await pilot.press("enter")
        await pilot.pause()
        u = app.session.ws.units[0]
        for p in u.projects[:2]:
            last = p.indicators[-1]
            assert (last.level1, last.level2, last.name, last.annual) == ("3-满意度指标", "31-服务对象满意度", "满意度", ">=90%")
        assert "满意度" not in names(u.projects[2])  # p03 not marked: unchanged
        assert len(app.session.dirty) == 2
        await pilot.press("ctrl+z", "y")  # asked first: it changed two projects
        assert "满意度" not in names(u.projects[0]) + names(u.projects[1])
        assert not app.session.is_dirty()


async def test_find_replace_preview_then_apply_in_one_step(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+f")
        await pilot.pause()
        screen = app.screen
        await type_text(pilot, "或以上")
        await pilot.pause()
        assert "将修改 0 处" not in str(screen.query_one("#r-status").render())
        # normalisation: 90%或以上 -> ≥90%
        screen.query_one("#r-mode", Select).value = "values"
        await pilot.pause()
        preview = screen.query_one("#r-preview", DataTable)
        n = len(screen.plan)
        assert n == preview.row_count > 10
        first = screen.plan[0]
        assert first.old.endswith("或以上") and first.new.startswith("≥")
        before = {(u.id, p.id): [(i.period, i.annual) for i in p.indicators] for u, p in app.session.ws.projects()}
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.screen is not screen
        values = [v for _, p in app.session.ws.projects() for i in p.indicators for v in (i.period, i.annual)]
        assert "90%或以上" not in values and "≥90%" in values
        await pilot.press("ctrl+z", "y")  # asked first: it changed many projects
        after = {(u.id, p.id): [(i.period, i.annual) for i in p.indicators] for u, p in app.session.ws.projects()}
        assert after == before and not app.session.is_dirty()


async def test_copy_project_from_last_years_workspace(make_app, sample_copy, tmp_path):
    last_year = tmp_path / "last-year"
    shutil.copytree(sample_copy, last_year)
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        path = app.screen.query_one("#c-path", Input)
        path.value = str(last_year)
        await pilot.press("enter")  # to the name
        await type_text(pilot, "积分制")
        await pilot.press("enter")
        await pilot.pause()
        u = app.session.ws.units[0]
        copied = u.projects[1]  # after the current project
        assert copied.id == "p20" and "积分制系统运维" in copied.name
        assert [i.name for i in copied.indicators] == [i.name for i in u.projects[15].indicators]
        assert app.focused.id == "p-name"
        await pilot.press("ctrl+z")
        assert len(u.projects) == 19
