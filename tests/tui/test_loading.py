"""Opening the editor on a folder: a loading line first, the workspace read in a thread, then
the editor; a workspace that cannot be read ends the app with code 2 and says why."""

from __future__ import annotations

import gc
import io

from rich.console import Console
from textual.widgets import Static

from tui.app import JixiaoApp
from tui.cli import main
from tui.widgets.indicators import IndicatorTable
from tui.widgets.overview import WorkspaceView
from tui.widgets.problems import ProblemsPanel

SIZE = (140, 45)


def text_of(static: Static) -> str:
    console = Console(file=io.StringIO(), width=200, record=True)
    console.print(static.content)
    return console.export_text()


def on_folder(root, **kw) -> JixiaoApp:
    return JixiaoApp(root=root, poll_seconds=0, journal_seconds=0, recover=False, **kw)


async def loaded(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_folder_shows_loading_line_then_the_workspace(sample_copy):
    app = on_folder(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        if app.session is None:  # still reading: the loading line is what is on screen
            assert "正在读取工作区" in text_of(app.query_one("#loading", Static))
            assert app.sub_title == "正在读取工作区…"
        await loaded(app, pilot)
        assert not app.query("#loading")
        tree = app.tree_widget
        assert [str(n.label) for n in tree.root.children] == ["⚠3 广州市人力资源和社会保障数据服务中心"]  # SAMPLE_REVIEW
        summary = text_of(app.query_one("#w-summary", Static))
        assert "1 个单位，19 个项目，81 个指标；0 个错误，3 个警告" in summary
        assert app.query_one(WorkspaceView).display
        assert app.query_one(ProblemsPanel).border_title == "问题：0 个错误，3 个警告"
        assert app.focused is tree
        assert app.sub_title == "已保存 · 0 错误 3 警告"
        # the tree works as when opened on a store: the small workspace's unit is open
        await pilot.press("down", "down")
        await pilot.pause()
        assert app.current.project_id == "p01"
        assert app.query_one(IndicatorTable).row_count == 3


async def test_folder_with_goto_opens_the_project(sample_copy):
    app = on_folder(sample_copy, goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        table = app.query_one(IndicatorTable)
        assert app.current.project_id == "p01"
        assert app.focused is table
        assert table.cursor_coordinate.row == 2


async def test_keys_while_loading_do_nothing_but_quit(sample_copy):
    app = on_folder(sample_copy)
    assert app.check_action("save", ()) is False
    assert app.check_action("new_project", ()) is False
    assert app.check_action("quit", ()) is True
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        assert app.check_action("save", ()) is not False


async def test_unreadable_workspace_in_the_worker_exits_with_code_2(sample_copy):
    (sample_copy / "jixiao.toml").write_text("title = \n", "utf-8")
    app = on_folder(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):  # the app ends itself once the worker has failed
            if app.load_error is not None:
                break
            await pilot.pause(0.02)
    assert app.return_code == 2
    assert app.load_error.startswith("jixiao.toml:1: TOML 语法错误")
    assert app.session is None
    assert gc.isenabled()


def test_cli_says_why_before_starting_the_screen(sample_copy, tmp_path, capsys):
    assert main([str(tmp_path / "nonexistent")]) == 2
    assert "不是文件夹" in capsys.readouterr().err
    assert main([str(tmp_path)]) == 2
    assert "不是 jixiao 工作区：缺少 jixiao.toml" in capsys.readouterr().err
    (sample_copy / "jixiao.toml").write_text("title = \n", "utf-8")
    assert main([str(sample_copy)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jixiao: jixiao.toml:1: TOML 语法错误")
    assert gc.isenabled()  # paused for the start-up only
