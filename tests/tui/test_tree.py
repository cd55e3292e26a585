"""The workspace tree at the sizes clerks use (120×30, 90×25): labels that tell projects apart,
units open on start, Enter on a unit, type-to-find, the tree's width, and F8 asking first."""

from __future__ import annotations

import threading

import pytest
from rich.cells import cell_len
from textual.app import App
from textual.command import CommandInput, CommandPalette

from model.summary import FrozenSummary, NodeInfo, Overview, short_names
from storage.workspace.snapshot import take
from tests.gitrepo import git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tests.paths import quiet_review
from tui import loading
from tui.app import JixiaoApp
from tui.screens.choice import ChoiceDialog
from tui.widgets.indicators import IndicatorTable
from tui.widgets.tree import WorkspaceTree, middle_ellipsis

SIZES = [(120, 30), (90, 25)]


def shown_lines(tree: WorkspaceTree) -> list[str]:
    """The tree's lines as they are drawn on screen now (its visible rows)."""
    return ["".join(seg.text for seg in tree.render_line(y)).rstrip() for y in range(tree.size.height)]


def project_rows(tree: WorkspaceTree) -> list[str]:
    """Every project's row as drawn, scrolled into view one page at a time."""
    rows: dict[int, str] = {}
    for top in range(0, len(tree._tree_lines), max(1, tree.size.height - 1)):
        tree.scroll_y = top
        for y, text in enumerate(shown_lines(tree)):
            line = int(tree.scroll_y) + y
            if line < len(tree._tree_lines) and tree._tree_lines[line].node.data.kind == "project":
                rows[line] = text
    tree.scroll_y = 0
    return [rows[k] for k in sorted(rows)]


def label_part(row: str) -> str:
    return row.split("─ ", 1)[1] if "─ " in row else row.strip()


def cursor_name(app) -> str:
    ref = app.tree_widget.current
    return app.session.project(ref.unit_id, ref.project_id)[1].name


@pytest.mark.parametrize("size", SIZES)
async def test_first_screen_shows_the_projects_with_labels_all_different(make_app, sample_copy, size):
    quiet_review(sample_copy)  # the names alone, without ⚠ marks
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        tree = app.tree_widget
        visible = [label_part(r) for r in shown_lines(tree) if r.lstrip().startswith(("├─", "└─"))]
        assert len(visible) >= (15 if size[1] == 30 else 10)  # the unit is open: projects on screen
        rows = project_rows(tree)
        assert len(rows) == 19
        labels = [label_part(r) for r in rows]
        assert len(set(labels)) == 19, labels
        assert all(cell_len(r) <= tree.scrollable_content_region.width for r in rows)
        assert "购置经费" in labels and not any(x.startswith("广州市") for x in labels)  # the shared prefix is dropped
        assert any("基础运维" in x for x in labels)  # where 2023年-2024年基础/软件运维项目 differ
        assert app.focused is tree


async def test_the_snapshot_first_screen_opens_the_unit_too(sample_copy, monkeypatch):
    gate = threading.Event()
    read = loading.read_workspace
    monkeypatch.setattr(loading, "read_workspace", lambda *a: (gate.wait(10), read(*a))[1])
    app = JixiaoApp(root=sample_copy, snapshot=take(sample_copy), poll_seconds=0, journal_seconds=0, recover=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert app.session is None
        labels = [label_part(r) for r in project_rows(app.tree_widget)]
        assert len(labels) == len(set(labels)) == 19
        gate.set()
        await app.workers.wait_for_complete()


def test_short_names_drop_the_shared_beginning_and_keep_years_whole():
    unit = "广州市人力资源和社会保障数据服务中心"
    names = ["市人社数据服务中心购置经费", "市人社数据服务中心业务运行工作经费", "市人社数据服务中心房屋维护维修经费",
             "机构运行辅助经费", "广州市人社数据中心2023年-2024年基础运维项目", "广州市人社数据中心2023年-2024年软件运维项目",
             "广州市人社数据中心2024年-2025年运维项目", unit + "2025-2026年软件运维项目", "市人社数据服务中心", ""]
    assert short_names(unit, names) == [
        "购置经费", "业务运行工作经费", "房屋维护维修经费", "机构运行辅助经费", "2023年-2024年基础运维项目",
        "2023年-2024年软件运维项目", "2024年-2025年运维项目", "2025-2026年软件运维项目", "市人社数据服务中心", ""]


def test_middle_ellipsis_keeps_both_ends_within_the_width():
    from rich.text import Text

    cut = middle_ellipsis(Text("✗1 2023年广州市社会保障(市民)卡管理系统升级改造项"), 20)
    assert cut.cell_len <= 20 and cut.plain.startswith("✗1 2023年") and cut.plain.endswith("改造项") and "…" in cut.plain


def many(units: int, per_unit: int) -> FrozenSummary:
    view = Overview("t", "d", 2025, {}, (units, units * per_unit, 0), [])
    return FrozenSummary(NodeInfo("t"), {f"u{i}": NodeInfo(f"单位{i}") for i in range(units)},
                         {f"u{i}": {f"p{j}": NodeInfo(f"项目{j}") for j in range(per_unit)} for i in range(units)},
                         view, 0)


@pytest.mark.parametrize("units,per_unit,expanded", [(3, 10, True), (10, 20, False)])
async def test_units_open_on_start_only_when_the_workspace_is_small(units, per_unit, expanded):
    class Host(App):
        def compose(self):
            yield WorkspaceTree(many(units, per_unit), {})

    app = Host()
    async with app.run_test(size=(120, 30)):
        tree = app.query_one(WorkspaceTree)
        tree.build()
        assert all(n.is_expanded for n in tree.unit_nodes.values()) is expanded
        assert len(tree.project_nodes) == (units * per_unit if expanded else 0)  # a large one stays lazy


@pytest.mark.parametrize("size", SIZES)
async def test_enter_on_a_unit_opens_and_closes_it_and_focus_stays(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        tree = app.tree_widget
        await pilot.press("down")  # the unit
        assert app.current.kind == "unit"
        name = app.session.ws.units[0].name
        await pilot.press("enter")
        await pilot.pause()
        assert not tree.unit_nodes["u01"].is_expanded and app.focused is tree
        assert app.session.ws.units[0].name == name
        await pilot.press("enter")
        await pilot.pause()
        assert tree.unit_nodes["u01"].is_expanded and app.focused is tree
        await pilot.press("f6")  # into the unit's form
        assert app.focused.id == "u-name"
        await pilot.press("f6", "f6")  # problems, back to the tree
        await pilot.press("down", "enter")  # a project: Enter goes into its table, as before
        await pilot.pause()
        assert isinstance(app.focused, IndicatorTable)


@pytest.mark.parametrize("size", SIZES)
async def test_typing_in_the_tree_finds_the_next_project(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        tree = app.tree_widget
        await pilot.press("运", "维")
        await pilot.pause()
        assert cursor_name(app) == "广州市人社数据中心2023年-2024年基础运维项目"
        assert tree.border_title == "查找：运维" and tree.has_class("finding")
        assert app.focused is tree and app.current.project_id == "p09"  # the form shows it
        await pilot.press("escape")
        assert tree.border_title is None and tree.find_text == ""
        await pilot.press("运", "维")  # a new search goes on to the next one
        assert cursor_name(app) == "广州市人社数据中心2023年-2024年软件运维项目"
        await pilot.press("backspace", "backspace", "escape", "x", "y", "z")
        assert tree.border_title == "查找：xyz（没有找到）"
        assert cursor_name(app) == "广州市人社数据中心2023年-2024年软件运维项目"
        tree.end_find()
        await pilot.press("space")  # a bound key keeps its meaning: it marks the project
        assert ("u01", "p10") in app.marked
        assert not app.session.is_dirty()


@pytest.mark.parametrize("size", SIZES)
async def test_keys_widen_and_narrow_the_tree(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        tree = app.tree_widget
        before = tree.outer_size.width
        await pilot.press("alt+right")
        await pilot.pause()
        assert tree.outer_size.width == before + 4
        await pilot.press("ctrl+left", "ctrl+left")
        await pilot.pause()
        assert tree.outer_size.width == before - 4
        rows = project_rows(tree)
        assert all(cell_len(r) <= tree.scrollable_content_region.width for r in rows)
        labels = [label_part(r) for r in rows]
        assert len(set(labels)) == 19, labels
        await pilot.press("ctrl+left")
        await pilot.pause()
        assert tree.outer_size.width == before - 8
        assert all(cell_len(r) <= tree.scrollable_content_region.width for r in project_rows(tree))
        await pilot.press("down", "down", "enter")  # the width stays while working elsewhere
        await pilot.pause()
        assert tree.outer_size.width == before - 8
        for _ in range(40):
            await pilot.press("alt+right")
        await pilot.pause()
        assert app.query_one("#side").outer_size.width == size[0] - 40  # the form keeps 40 columns


async def test_f8_asks_before_deleting_a_project_and_undo_brings_it_back(make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("down", "down")  # p01
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        message = str(app.screen.query_one("#dialog-message").render())
        assert "项目「市人社数据服务中心购置经费」及其 3 个指标" in message
        await pilot.press("c")
        await pilot.pause()
        assert app.session.ws.units[0].projects[0].id == "p01"
        await pilot.press("f8", "d")
        await pilot.pause()
        assert app.session.ws.units[0].projects[0].id == "p02"
        assert "购置经费" not in [label_part(r) for r in project_rows(app.tree_widget)]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.session.ws.units[0].projects[0].id == "p01"
        assert app.tree_widget.current.kind == "unit"
        await pilot.press("f8")  # the unit: its projects and indicators are counted
        await pilot.pause()
        assert "及其 19 个项目、81 个指标" in str(app.screen.query_one("#dialog-message").render())
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.session.ws.units) == 1


async def test_quit_dialog_names_projects_not_files(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=(120, 30)) as pilot:
        app.view("project").query_one("#p-total").value = "18.60"
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        message = str(app.screen.query_one("#dialog-message").render())
        assert "「市人社数据服务中心购置经费」" in message and "p01.toml" not in message
        await pilot.press("c")


async def test_the_command_palette_speaks_chinese(make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).placeholder == "输入命令或项目名称的一部分…"


@pytest.mark.parametrize("size", SIZES)
async def test_commit_dialog_names_projects_and_fits_the_screen(make_app, tmp_path, git_env, size):
    from tests.tui.test_git_app import settle
    from tui.screens.commit import CommitDialog

    ws = sample_repo(tmp_path)
    for f in sorted((ws / "u01").glob("p*.toml")):  # every project changed: a long list
        f.write_text(f.read_text("utf-8") + "# 改\n", "utf-8")
    app = make_app(ws)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f9")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, CommitDialog)
        lines = str(dialog.query_one("#commit-changes").render()).splitlines()
        assert lines[0] == "~ 「市人社数据服务中心购置经费」 u01/p01.toml：已修改" and len(lines) == 19
        assert "19 个文件" in str(dialog.query_one("#commit-count").render())
        box, files = dialog.query_one("#dialog").region, dialog.query_one("#commit-files")
        assert app.screen.region.contains_region(box)  # borders and buttons on screen
        assert files.max_scroll_y > 0 and files.show_vertical_scrollbar  # the rest scrolls into view
        files.scroll_end(animate=False)
        await pilot.pause()
        assert files.scroll_y == files.max_scroll_y


async def test_a_name_changed_on_disk_changes_the_labels(make_app, sample_copy):
    quiet_review(sample_copy)  # the names alone, without ⚠ marks
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()  # the start's git status: a poll would cancel it
        p01 = sample_copy / "u01" / "p01.toml"
        p01.write_text(p01.read_text("utf-8").replace('中心购置经费"', '中心设备购置经费"'), "utf-8")
        app.poll_disk()
        await app.workers.wait_for_complete()
        await pilot.pause()
        labels = [label_part(r) for r in project_rows(app.tree_widget)]
        assert app.session.ws.units[0].projects[0].name == "市人社数据服务中心设备购置经费"
        assert labels[0] == "设备购置经费"


@pytest.mark.parametrize("size", SIZES)
async def test_the_mouse_drags_the_trees_right_edge(make_app, size):
    """The border between the tree and the form, dragged as in Excel's column edge: the tree
    follows the pointer, its labels use the new room, and the form keeps its 40 columns."""
    from tui.screens.help import HelpScreen

    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        side, tree = app.query_one("#side"), app.tree_widget
        before = side.outer_size.width
        edge = (before - 1, 5)  # the border column, beside the tree's sixth row
        await pilot.mouse_down("#side", offset=edge)
        await pilot.hover("#side", offset=(before + 9, 5))
        await pilot.mouse_up("#side", offset=(before + 9, 5))
        await pilot.pause()
        assert side.outer_size.width == before + 10
        rows = project_rows(tree)
        assert "广州市人社数据中心" not in "".join(rows)  # still the distinguishing part
        assert all(cell_len(r) <= tree.scrollable_content_region.width for r in rows)
        assert any("…" not in r for r in rows)
        await pilot.mouse_down("#side", offset=(before + 9, 5))
        await pilot.hover("#main", offset=(size[0] - 3, 5))  # as far right as it goes
        await pilot.mouse_up("#main", offset=(size[0] - 3, 5))
        await pilot.pause()
        assert side.outer_size.width == size[0] - 40
        await pilot.click("#tree", offset=(4, 3))  # a click inside the tree selects, it does not resize
        await pilot.pause()
        assert side.outer_size.width == size[0] - 40 and not isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize("size", SIZES)
async def test_the_highlighted_row_shows_its_whole_name_under_the_tree(make_app, size):
    def region_text(region) -> str:  # what the screen shows in ``region``, line by line, joined
        strips = app.screen._compositor.render_strips()[region.y:region.bottom]
        return "".join("".join(seg.text for seg in strip.crop(region.x, region.right)).strip() for strip in strips)

    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        name = app.query_one("#tree-name")
        for _ in range(9):  # from the workspace: the unit, p01 … p08
            await pilot.press("down")
        await pilot.pause()
        whole = "广州市人社数据中心2023年六个信息系统升级改造改造项目"
        assert cursor_name(app) == whole
        row = next(r for r in shown_lines(app.tree_widget) if "2023年六" in r)
        assert whole not in row  # the row is cut to the tree's width …
        assert region_text(name.region) == whole  # … and the lines under the tree have all of it
        assert app.screen.region.contains_region(name.region)
        await pilot.press("up")  # p07
        await pilot.pause()
        assert region_text(name.region) == "市人社数据服务中心业务用房物业管理费项目"


@pytest.mark.parametrize("size", SIZES)
async def test_a_very_long_name_under_the_tree_is_cut_with_an_ellipsis_on_a_short_screen(make_app, size):
    """p11's 57-character name: whole in 4 lines at 120×30; at 90×25 the tree keeps its rows
    (3 lines at most), the last ending in …"""
    app = make_app(goto="2024年广州城市大数据平台")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        whole = app.session.project("u01", "p11")[1].name
        assert len(whole) == 57
        name = app.query_one("#tree-name")
        strips = app.screen._compositor.render_strips()[name.region.y:name.region.bottom]
        lines = ["".join(seg.text for seg in s.crop(name.region.x, name.region.right)).strip() for s in strips]
        if size == (120, 30):
            assert "".join(lines) == whole and len(lines) == 4
        else:
            assert len(lines) == 3 and lines[-1].endswith("…") and whole.startswith("".join(lines)[:-1])
