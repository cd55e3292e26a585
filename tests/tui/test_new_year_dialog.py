"""从本工作区开始新年度…: the checklist dialog, driven by keys at 120×30 and 90×25 — it fits,
ended projects start unchecked, space toggles, F10 makes the folder beside this one through
``init_from`` (dropped projects absent, kept ones with their ids), and the editor stays put."""

from __future__ import annotations

import tomllib
from decimal import Decimal

import pytest
from textual.geometry import Region
from textual.widgets import Input, SelectionList, Static

from storage.workspace.store import Store
from tests.gitrepo import ENGINES, forget_identity, git, git_env  # noqa: F401  (git_env is a fixture)
from tui.screens.new_year import NewYearDialog, proposed_folder

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
ENDED = ["u01/p09", "u01/p10", "u01/p13", "u01/p15"]  # 2023年-2024年…, 2024年-2025年…, 2024-2025年…


async def settle(app, pilot) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


def inside(region: Region, size: tuple[int, int]) -> bool:
    return Region(0, 0, *size).contains_region(region)


@pytest.mark.parametrize(("size", "git_env"), [((120, 30), "git"), ((90, 25), "dulwich")], indirect=["git_env"])
async def test_the_checklist_leaves_out_ended_projects_and_makes_the_new_year(size, sample_copy, make_app, git_env):  # noqa: F811
    app = make_app(sample_copy)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        app.action_new_year()
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, NewYearDialog)
        assert inside(dialog.query_one("#newyear").region, size)
        for part in ("#ny-folder", "#ny-year", "#ny-go", "#ny-message"):
            assert inside(dialog.query_one(part).region, size), part
        projects = dialog.query_one("#ny-projects", SelectionList)
        assert projects.region.height >= 3  # room for a few rows of the list
        assert dialog.query_one("#ny-folder", Input).value == str(sample_copy.resolve().parent / "2026")
        assert dialog.query_one("#ny-year", Input).value == "2026"
        every = [f"u01/{p.id}" for _, p in app.session.ws.projects()]
        assert sorted(projects.selected) == sorted(r for r in every if r not in ENDED)
        assert "〔已结束 2025〕" in projects.get_option_at_index(every.index("u01/p13")).prompt.plain
        # space on the first (p01) leaves it out; down to p13 and space keeps it after all
        await pilot.press("space", *["down"] * every.index("u01/p13"), "space")
        assert "u01/p01" not in projects.selected and "u01/p13" in projects.selected
        assert "结转 15 个项目，不结转 4 个" in str(dialog.query_one("#ny-message", Static).render())
        target = sample_copy.parent / "next"
        dialog.query_one("#ny-folder", Input).value = str(target)
        await pilot.press("f10")
        await settle(app, pilot)
        message = str(dialog.query_one("#ny-message", Static).render())
        assert message.startswith(f"已新建 2026 年度工作区：{target}") and f"jixiao {target}" in message
        assert inside(dialog.query_one("#ny-go").region, size)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, NewYearDialog)
        assert app.store.root == sample_copy  # the editor stays on this year
    made = Store.open(target).workspace
    ids = [p.id for _, p in made.projects()]
    assert ids == [r.split("/")[1] for r in every if r not in ("u01/p01", "u01/p09", "u01/p10", "u01/p15")]
    assert made.year == 2026
    old = Store.open(sample_copy).workspace
    assert made.find_project("u01", "p13")[1].total == old.find_project("u01", "p13")[1].total
    settings = tomllib.loads((target / "jixiao.toml").read_text("utf-8"))
    assert settings["compare"] == f"../{sample_copy.name}"
    assert (target / ".git").is_dir()


async def test_another_year_suggests_again_and_keeps_what_was_ticked(sample_copy, make_app, git_env):  # noqa: F811
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        app.action_new_year()
        await settle(app, pilot)
        dialog = app.screen
        projects = dialog.query_one("#ny-projects", SelectionList)
        await pilot.press("space")  # p01 left out by hand
        year = dialog.query_one("#ny-year", Input)
        year.value = "2027"
        await pilot.pause()
        # 2025-2026年… have ended by 2027 too; p01 stays left out; the folder follows the year
        out = {f"u01/{p.id}" for _, p in app.session.ws.projects()} - set(projects.selected)
        assert out == {"u01/p01", *ENDED, "u01/p17", "u01/p19"}
        assert dialog.query_one("#ny-folder", Input).value == str(sample_copy.resolve().parent / "2027")


async def test_unsaved_edits_come_first_and_errors_are_said_in_the_dialog(sample_copy, make_app, git_env):  # noqa: F811
    (sample_copy.parent / "2026").mkdir()
    (sample_copy.parent / "2026" / "占用.txt").write_text("x", "utf-8")
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        unit, p02 = app.session.project("u01", "p02")
        app.edit(lambda s: s.set_project_field(unit, p02, "total", Decimal("150.00")))
        app.action_new_year()
        await pilot.pause()
        assert not isinstance(app.screen, NewYearDialog)
        assert any("先保存" in n.message for n in app._notifications)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        app.action_new_year()
        await settle(app, pilot)
        await pilot.press("f10")
        await settle(app, pilot)
        message = str(app.screen.query_one("#ny-message", Static).render())
        assert message.startswith("未新建：") and "已存在且不是空文件夹" in message
        assert isinstance(app.screen, NewYearDialog)
    assert [p.name for p in (sample_copy.parent / "2026").iterdir()] == ["占用.txt"]


def test_the_folder_is_proposed_beside_with_the_year_bumped(tmp_path):
    assert proposed_folder(tmp_path / "hrss-2025", 2025, 2026) == tmp_path / "hrss-2026"
    assert proposed_folder(tmp_path / "2025", 2025, 2026) == tmp_path / "2026"
    assert proposed_folder(tmp_path / "ws", 2025, 2026) == tmp_path / "2026"
    assert proposed_folder(tmp_path / "ws20250", 2025, 2026) == tmp_path / "2026"  # not a year in the name


@pytest.mark.parametrize("git_env", ENGINES, indirect=True)  # git, and dulwich where git is not installed
async def test_without_a_known_author_the_dialog_asks_for_one(sample_copy, make_app, git_env, monkeypatch, tmp_path):  # noqa: F811
    forget_identity(monkeypatch, tmp_path)
    app = make_app(sample_copy)
    target = sample_copy.parent / "2026"
    async with app.run_test(size=(90, 25)) as pilot:
        await settle(app, pilot)
        app.action_new_year()
        await settle(app, pilot)
        dialog = app.screen
        await pilot.press("f10")
        await settle(app, pilot)
        author = dialog.query_one("#ny-author", Input)
        assert author.display and author.has_focus and not target.exists()
        assert "git 还不知道提交人是谁" in str(dialog.query_one("#ny-message", Static).render())
        assert inside(author.region, (90, 25)) and inside(dialog.query_one("#ny-go").region, (90, 25))
        await pilot.press(*"李会计")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "应写成「姓名 <邮箱>」" in str(dialog.query_one("#ny-message", Static).render())
        author.value = "李会计 <li@example.cn>"
        await pilot.press("f10")
        await settle(app, pilot)
        assert str(dialog.query_one("#ny-message", Static).render()).startswith("已新建 2026 年度工作区")
    assert git(target, "log", "-1", "--format=%an <%ae>").stdout.strip() == "李会计 <li@example.cn>"
