"""Last year beside this year in the editor: a new year's workspace made with ``init --from``
opens with last year's amounts under the project's, a 上年值 column in the indicator table and
the change by unit on the overview, at 120×30; the diff view compares with last year and
writes the 修订对照表."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest
from textual.geometry import Region

from storage.git.new_year import init_from
from storage.workspace.store import Store
from tests.gitrepo import edit, git_env  # noqa: F401  (git_env is a fixture)
from tests.paths import SAMPLE
from tests.xlsxcells import XBook
from tui.screens.diff import DiffScreen
from tui.widgets.indicators import IndicatorTable

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
SIZE = (120, 30)


@pytest.fixture
def years(tmp_path, git_env):
    old = tmp_path / "2025"
    shutil.copytree(SAMPLE, old)
    new = tmp_path / "2026"
    init_from(new, old, 2026)
    return old, new


async def settle(app, pilot) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


def shown(widget) -> list[str]:
    """The widget's lines as drawn."""
    size = widget.size
    return [strip.text.rstrip() for strip in widget.render_lines(Region(0, 0, size.width, size.height))]


async def test_project_form_shows_last_years_amounts_and_values_beside_todays(years, make_app):
    _, new = years
    edit(new / "u01" / "p01.toml", 'annual = "≥98%"', 'annual = "≥99%"')
    app = make_app(new, goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.compare_label == "2025 年度（2025）"
        form = app.view("project")
        line = form.query_one("#p-lastyear")
        assert line.display
        assert shown(line) == ["上年（2025 年度）：总计 17.60（今年 +0.00）　财政拨款 17.60"]
        table = form.query_one(IndicatorTable)
        assert [str(c.label) for c in table.columns.values()][-1] == "上年值"
        last = [table.get_row_at(r)[-1] for r in range(table.row_count)]
        assert [t.plain for t in last] == ["≥98%", "≥98%", "≥95%"]
        assert last[0].style == "bold yellow" and last[1].style == ""  # the one that changed stands out
        # everything fits at 120×30: all seven columns inside the table, the goal still in sight
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= table.size.width
        assert form.query_one("#p-goal").region.height >= 3
        # an edit of the total shows the change against last year at once
        form.query_one("#p-total").focus()
        await pilot.press("end", *(["backspace"] * 8), *"20.00")
        await settle(app, pilot)
        assert shown(line) == ["上年（2025 年度）：总计 17.60（今年 +2.40）　财政拨款 17.60"]


async def test_overview_shows_the_change_by_unit(years, make_app):
    _, new = years
    edit(new / "u01" / "p02.toml", "total = 144.33\nfiscal = 144.33", "total = 150.00\nfiscal = 150.00")
    app = make_app(new)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        box = app.view("workspace").query_one("#w-lastyear-box")
        assert box.display
        text = [line.split() for line in shown(app.view("workspace").query_one("#w-lastyear")) if line.strip()]
        assert text == [["与", "2025", "年度（2025）", "比较（万元）"], ["单位", "上年总计", "今年总计", "变动"],
                        ["广州市人力资源和社会保障数据服务中心", "4,402.83", "4,408.50", "+5.67"],
                        ["合计", "4,402.83", "4,408.50", "+5.67"]]
        app.stop_compare()
        await pilot.pause()
        assert not box.display


async def test_without_a_comparison_nothing_changes(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.compare_ws is None
        form = app.view("project")
        assert not form.query_one("#p-lastyear").display
        assert len(form.query_one(IndicatorTable).columns) == 6


async def test_diff_against_last_year_writes_the_review_table(years, make_app, tmp_path, monkeypatch):
    old, new = years
    monkeypatch.chdir(tmp_path)
    app = make_app(new, goto="业务运行工作经费")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        unit, p02 = app.session.project("u01", "p02")
        app.edit(lambda s: s.set_project_field(unit, p02, "total", Decimal("150.00")))
        app.action_diff_compare()
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        assert screen.text.split("\n")[:3] == ["比较：2025 年度（2025） → 编辑器中的内容（含未保存的修改）",
                                               "~ 单位 u01 广州市人力资源和社会保障数据服务中心",
                                               "  ~ p02 市人社数据服务中心业务运行工作经费"]
        await pilot.press("ctrl+e")
        await pilot.pause()
        target = tmp_path / "对照表.xlsx"
        path_input = app.screen.query_one("#review-path")
        path_input.value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
    rows = XBook(target).rows()
    assert rows[0] == ["广州市人力资源和社会保障数据服务中心2026年绩效目标修订对照表"]
    assert rows[1][0].startswith("比较：2025 年度（2025） → 编辑器中的内容（含未保存的修改）；制表日期 ")
    assert rows[3][2:7] == ["p02 市人社数据服务中心业务运行工作经费", "总计", "144.33", "150.00", "5.67"]
    assert [r[1:4] for r in rows[4:]] == [["广州市人力资源和社会保障数据服务中心", "小计", "总计"], ["合计", "", "总计"]]
    assert Store.open(old).workspace.year == 2025  # last year's is only read
