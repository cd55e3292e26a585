"""ctrl+e in the diff view (F3) writes the 修订对照表 of what the view shows; 比较工作区… in the
palette chooses the workspace shown beside this one."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.gitrepo import git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tests.paths import SAMPLE
from tests.xlsxcells import XBook
from tui.screens.compare import CompareDialog
from tui.screens.diff import DiffScreen
from tui.screens.review import ReviewDialog

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
SIZE = (120, 30)


async def settle(app, pilot) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_ctrl_e_writes_the_diff_views_changes(tmp_path, git_env, make_app, monkeypatch):
    ws = sample_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    app = make_app(ws, goto="业务运行工作经费")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        unit, p02 = app.session.project("u01", "p02")
        for field in ("total", "fiscal"):
            app.edit(lambda s, f=field: s.set_project_field(unit, p02, f, Decimal("150.00")))
        await pilot.press("f3")
        await settle(app, pilot)
        assert isinstance(app.screen, DiffScreen)
        assert "ctrl+e 写出修订对照表" in str(app.screen.query_one("#git-view-help").render())
        await pilot.press("ctrl+e")  # the project: its rows only
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ReviewDialog) and len(dialog.rows) == 2
        await pilot.press("escape")
        await pilot.press("ctrl+w")  # the whole workspace: the unit's 小计 and 合计 follow
        await settle(app, pilot)
        await pilot.press("ctrl+e")
        await pilot.pause()
        target = tmp_path / "[b]报表" / "对照表.xlsx"  # a folder name that is markup to Textual
        target.parent.mkdir()
        target.write_bytes(b"old")
        app.screen.query_one("#review-path").value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        said = str(app.screen.query_one("#dialog-message").render())
        assert f"{target} 已存在。再按 Enter 覆盖它" in said  # the path as it is, [b] and all
        assert target.read_bytes() == b"old"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DiffScreen)
    rows = XBook(target).rows()
    assert rows[1][0].startswith("比较：上次提交（") and "→ 编辑器中的内容（含未保存的修改）" in rows[1][0]
    assert [r[2:7] for r in rows[3:]] == [
        ["p02 市人社数据服务中心业务运行工作经费", "总计", "144.33", "150.00", "5.67"],
        ["p02 市人社数据服务中心业务运行工作经费", "财政拨款", "144.33", "150.00", "5.67"],
        ["小计", "总计", "4402.83", "4408.50", "5.67"], ["小计", "财政拨款", "4402.83", "4408.50", "5.67"],
        ["", "总计", "4402.83", "4408.50", "5.67"], ["", "财政拨款", "4402.83", "4408.50", "5.67"]]


async def test_nothing_changed_writes_nothing(tmp_path, git_env, make_app):
    ws = sample_repo(tmp_path)
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, DiffScreen)  # no dialog: nothing to write


async def test_choosing_a_comparison_workspace_from_the_palette(make_app, tmp_path):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.action_choose_compare()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CompareDialog)
        dialog.query_one("#compare-path").value = str(tmp_path)
        await pilot.press("enter")
        await pilot.pause()
        assert "不是 jixiao 工作区" in str(dialog.query_one("#dialog-message").render())
        dialog.query_one("#compare-path").value = str(SAMPLE)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.compare_ws is not None and app.compare_label == "2025 年度（guangzhou-hrss-2025）"
        assert app.view("project").query_one("#p-lastyear").display


async def test_the_editors_comments_go_into_the_review_table(tmp_path, git_env, make_app, monkeypatch):  # noqa: F811
    """Comments added in the editor (unsaved) reach the 审核意见 column of ctrl+e's table: one on
    a changed 总计 beside that row, one on an otherwise unchanged project on a row of its own."""
    from datetime import datetime

    from model.comments import Target, new_comment

    ws = sample_repo(tmp_path)
    app = make_app(ws, goto="业务运行工作经费")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        unit, p02 = app.session.project("u01", "p02")
        _, p05 = app.session.project("u01", "p05")
        now = datetime(2026, 11, 30, 9, 0)
        app.edit(lambda s: s.set_project_field(unit, p02, "total", Decimal("150.00")))
        app.edit(lambda s: s.add_comment(unit, p02, new_comment("王审核", Target("total"), "请说明依据", now)))
        app.edit(lambda s: s.add_comment(unit, p05, new_comment("王审核", Target(), "是否延续", now)))
        await pilot.press("f3")
        await settle(app, pilot)
        await pilot.press("ctrl+w")
        await settle(app, pilot)
        await pilot.press("ctrl+e")
        await pilot.pause()
        target = tmp_path / "对照表.xlsx"
        app.screen.query_one("#review-path").value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
    rows = XBook(target).rows()
    assert rows[2][7] == "审核意见"
    assert [(r[2], r[3], r[7] if len(r) > 7 else "") for r in rows[3:5]] == [
        ("p02 市人社数据服务中心业务运行工作经费", "总计", "总计｜王审核：请说明依据"),
        ("p05 市人社数据服务中心房屋维护维修经费", "审核意见", "项目｜王审核：是否延续"),
    ]
