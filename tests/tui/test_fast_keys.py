"""Keys typed faster than the editor answers them: every key is posted to the app back to back,
as a terminal delivers a fast typist's keys or a paste, with no pause for the editor to settle
(``pilot.press`` waits for idle between keys, so it cannot show this). Each key must take effect
in the order typed, in the field that has the focus after the keys before it."""

from __future__ import annotations

from textual import events
from textual.keys import _character_to_key

from tui.widgets.indicators import EditBar, IndicatorTable

SIZE = (140, 45)
NAMED = {"ctrl+n", "ctrl+s", "ctrl+l", "enter", "tab", "shift+tab", "escape", "down", "up", "f2", "backspace", "end"}


def keys_of(*steps: str) -> list[events.Key]:
    """Named keys as they are ("enter"), anything else as its typed characters."""
    out = []
    for step in steps:
        if step in NAMED:
            out.append(events.Key(step, "\t" if step == "tab" else None))
        else:
            out += [events.Key(ch if ch.isalnum() else _character_to_key(ch), ch) for ch in step]
    return out


async def burst(app, pilot, *steps: str) -> None:
    """Post all the keys at once, then let the editor catch up."""
    for key in keys_of(*steps):
        app.post_message(key)
    for _ in range(5):
        await pilot.pause()


def entry(level2: str, name: str, value: str) -> list[str]:
    """A new indicator typed in the table: a level-2 code in 一级指标 sets both levels, then the
    name, the period value, and Enter to take the prefilled annual value."""
    return ["ctrl+n", level2, "enter", name, "enter", value, "enter", "enter"]


ROWS = [("11", "巡检完成率（%）", "≥90%"), ("22", "系统可用率", "99%或以上"), ("31", "满意度", ">=90%")]


def rows_of(p) -> list[tuple[str, str, str, str, str]]:
    return [(i.level1, i.level2, i.name, i.period, i.annual) for i in p.indicators]


WANT = [("1-产出指标", "11-数量指标", "巡检完成率（%）", "≥90%", "≥90%"),
        ("2-效益指标", "22-社会效益", "系统可用率", "99%或以上", "99%或以上"),
        ("3-满意度指标", "31-服务对象满意度", "满意度", ">=90%", ">=90%")]


async def test_indicator_rows_typed_back_to_back(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        p = app.session.ws.units[0].projects[0]
        before = rows_of(p)
        await burst(app, pilot, *[k for row in ROWS for k in entry(*row)])
        assert rows_of(p) == before + WANT
        assert not app.query_one(EditBar).display and app.focused is app.query_one(IndicatorTable)


async def test_edit_cancel_and_edit_again_back_to_back(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        p = app.session.ws.units[0].projects[0]
        # F2 on the last row's 年度指标值 (its text selected), a typo, Esc; the cursor moves up;
        # F2, End, two characters off, new ones, Enter
        app.query_one(IndicatorTable).move_cursor(row=2, column=5)
        await pilot.pause()
        annual, above = p.indicators[2].annual, p.indicators[1].annual
        await burst(app, pilot, "f2", "x", "escape", "up", "f2", "end", "backspace", "backspace", "1%", "enter")
        assert p.indicators[2].annual == annual  # the cancelled edit left nothing
        assert p.indicators[1].annual == above[:-2] + "1%"
        assert app.focused is app.query_one(IndicatorTable) and not app.query_one(EditBar).display


async def test_new_project_typed_back_to_back(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")  # the unit, in the tree
        await burst(app, pilot, "ctrl+n", "ZQ试点", "tab", "100", "tab", "100", "tab", "tab", "tab", "QZ目标。",
                    "tab", *entry(*ROWS[0]), *entry(*ROWS[1]))
        new = app.session.ws.units[0].projects[-1]
        assert (new.name, new.total, new.fiscal, new.goal) == ("ZQ试点", 100, 100, "QZ目标。")
        assert rows_of(new) == WANT[:2]


async def test_completion_then_paste_back_to_back(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        p = app.session.ws.units[0].projects[0]
        # a new row, Enter skips the category, a few characters, Tab takes the suggested name with
        # its category and values; then rows pasted from a spreadsheet go in after it
        for key in keys_of("ctrl+n", "enter", "巡检", "tab"):
            app.post_message(key)
        app.post_message(events.Paste("12\t设备完好率\t≥95%\t≥95%\n"))
        for _ in range(5):
            await pilot.pause()
        assert rows_of(p)[3:] == [("1-产出指标", "11-数量指标", "巡检完成率（%）", "90%或以上", "90%或以上"),
                                  ("1-产出指标", "12-质量指标", "设备完好率", "≥95%", "≥95%")]
