"""What a clerk sees with a dialog open, at 120×30 and 90×25: the footer lists the dialog's keys
(not the editor's ^n 新增项目, f8 删除, which do nothing there), every option of find/replace is
readable at 90 columns, and the new-year checklist's unticked boxes are empty."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, DataTable, SelectionList

from tests.gitrepo import git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tests.tui.test_problems_layout import screen_lines, visible
from tui.screens.base import Dialog

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
SIZES = [(120, 30), (90, 25)]
EDITOR_KEYS = ("新增项目", "f8 删除", "f6 切换窗格", "^p 命令")


async def settle(app, pilot) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def footer_with(app, pilot, open_dialog) -> str:
    await settle(app, pilot)
    assert "f8 删除" in screen_lines(app)[-1]  # the editor's own footer, before
    await open_dialog(app, pilot)
    await settle(app, pilot)
    assert isinstance(app.screen, Dialog), app.screen
    return screen_lines(app)[-1]


def press(*keys):
    async def go(app, pilot):
        await pilot.press(*keys)
    return go


def call(name):
    async def go(app, pilot):
        getattr(app, name)()
    return go


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("open_dialog", "shown"), [
    ("ctrl+f", " ^=Ctrl ^r 全部替换 esc 关闭"),  # find/replace: ^ explained, as in the editor
    ("f12", " esc 取消"),  # 审核意见 (on the project opened by goto)
    ("export", " esc 取消"),
    ("new_year", " f10 新建 esc 取消"),  # no ctrl key: nothing to explain
    ("f1", " esc 关闭"),
])
async def test_a_dialog_footer_lists_its_own_keys(make_app, size, open_dialog, shown):
    app = make_app(goto="购置经费")
    async with app.run_test(size=size) as pilot:
        opener = call(f"action_{open_dialog}") if open_dialog in ("export", "new_year") else press(open_dialog)
        footer = await footer_with(app, pilot, opener)
        assert footer.rstrip() == shown, footer
        assert not any(k in footer for k in EDITOR_KEYS)
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, Dialog)
        assert "f8 删除" in screen_lines(app)[-1]  # the editor's keys again


@pytest.mark.parametrize("size", SIZES)
async def test_the_commit_dialog_footer_offers_force_commit(make_app, tmp_path, git_env, size):  # noqa: F811
    app = make_app(sample_repo(tmp_path))
    async with app.run_test(size=size) as pilot:
        footer = await footer_with(app, pilot, press("f9"))
        assert footer.rstrip() == " esc 取消 f9 仍然提交", footer
        assert not any(k in footer for k in EDITOR_KEYS)


@pytest.mark.parametrize("size", SIZES)
async def test_find_replace_options_are_readable_and_the_count_shows(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("ctrl+f", *"数据")
        await settle(app, pilot)
        dialog = app.screen
        box = dialog.query_one("Vertical").region
        lines = screen_lines(app)
        for checkbox in dialog.query(Checkbox):
            region = visible(checkbox, app)
            assert region == checkbox.region and box.contains_region(region), checkbox.id  # not cut
            label = checkbox.label.plain
            assert label in lines[region.y + 1], (label, lines[region.y + 1])
        labels = [c.label.plain for c in dialog.query(Checkbox)]
        assert labels == ["项目名称", "绩效目标", "三级指标", "指标值", "仅标记的 0 个项目"]
        status = visible(dialog.query_one("#r-status"), app)
        assert lines[status.y].strip().strip("█").strip().startswith("找到 29 处，涉及 18 个项目")
        preview = visible(dialog.query_one("#r-preview", DataTable), app)
        assert preview.height >= 5  # a header and at least two rows of changes between its frame
        assert "购置经费 › 项目名称" in lines[preview.y + 2]
        # ticked and unticked boxes differ without colour: ▐X▌ 指标值 … ▐ ▌ 仅标记的 0 个项目
        row = lines[visible(dialog.query_one("#r-marked"), app).y + 1]
        assert "▐X▌ 指标值" in row and "▐ ▌ 仅标记的 0 个项目" in row
        await pilot.click("#r-value")  # 指标值 unticked: its box empties
        await settle(app, pilot)
        assert "▐ ▌ 指标值" in screen_lines(app)[visible(dialog.query_one("#r-marked"), app).y + 1]
        assert not dialog.query_one("#r-value", Checkbox).value


def row_of(lines: list[str], ref: str) -> str:
    return next(line for line in lines if f" {ref} " in line)


@pytest.mark.parametrize("size", SIZES)
async def test_new_year_checklist_unticked_boxes_are_empty(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        app.action_new_year()
        await settle(app, pilot)
        projects = app.screen.query_one("#ny-projects", SelectionList)
        lines = screen_lines(app)
        assert "▐X▌ u01/p01 市人社数据服务中心购置经费" in row_of(lines, "u01/p01")  # ticked
        assert "▐ ▌ u01/p09 〔已结束 2024〕" in row_of(lines, "u01/p09")  # ended: unticked, empty
        # the list's own strips say the same (what a monochrome terminal gets)
        first = "".join(s.text for s in projects.render_line(0))
        assert first.startswith("▐X▌ u01/p01")
        await pilot.press("space")  # untick p01: its box empties
        await pilot.pause()
        assert "u01/p01" not in projects.selected
        assert "▐ ▌ u01/p01" in row_of(screen_lines(app), "u01/p01")
        assert "".join(s.text for s in projects.render_line(0)).startswith("▐ ▌ u01/p01")
        await pilot.press("space")
        await pilot.pause()
        assert "▐X▌ u01/p01" in row_of(screen_lines(app), "u01/p01")


@pytest.mark.parametrize("size", SIZES)
async def test_a_question_lists_its_answers_keys_and_a_click_on_one_answers(make_app, size):
    from textual.widgets._footer import FooterKey

    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        before = len(list(app.session.ws.projects()))
        await pilot.press("down", "down")  # the first project in the tree
        footer = await footer_with(app, pilot, press("f8"))
        assert footer.rstrip() == " d 删除 c 取消", footer
        await pilot.press("c")
        await settle(app, pilot)
        assert not isinstance(app.screen, Dialog) and len(list(app.session.ws.projects())) == before
        await pilot.press("f8")
        await settle(app, pilot)
        delete = next(k for k in app.screen.query(FooterKey) if k.description == "删除")
        await pilot.click(delete)
        await settle(app, pilot)
        assert not isinstance(app.screen, Dialog) and len(list(app.session.ws.projects())) == before - 1
