"""The editor writing onto a file another program holds (Windows: an antivirus, a sync client,
Excel/WPS), simulated with tests/held.py: ctrl+s keeps the edits and names the file, the
recovery journal says so once and tries again, the export dialog lets Enter retry."""

from __future__ import annotations

import shutil
import sys
from decimal import Decimal

import pytest
from textual.widgets import Input, Static
from textual.widgets._toast import Toast

from tests.gitrepo import conflicting_merge, git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tests.held import held_error, hold_fixture, leftovers  # noqa: F401  (the fixture `hold`)
from tui.screens.export import ExportDialog

SIZE = (140, 45)
P01 = "u01/p01.toml"
FILE_HELD = "被其他程序占用（可能是杀毒软件或网盘同步程序正在读取它，或它在另一个程序中打开着）；稍等片刻，或关闭该程序后重试"


async def _edit_total(app, pilot) -> None:
    await pilot.press("ctrl+home", "home")  # the table's first cell; shift+Tab walks back to 总计
    for _ in range(5):
        await pilot.press("shift+tab")
    assert isinstance(app.focused, Input) and app.focused.id == "p-total"
    for ch in "18.6":
        await pilot.press(ch)
    await pilot.pause()
    assert app.session.ws.units[0].projects[0].total == Decimal("18.60")


def _messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_saving_onto_a_held_file_keeps_the_edit_and_names_the_file(make_app, sample_copy, hold):
    before = (sample_copy / P01).read_bytes()
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await _edit_total(app, pilot)
        held = hold(32)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert held.calls == 7
        assert f"未保存（修改仍在编辑器中）：{P01} {FILE_HELD}" in _messages(app)
        assert app.session.is_dirty() and "1 个文件未保存" in app.sub_title
        assert (sample_copy / P01).read_bytes() == before
        assert leftovers(sample_copy) == []
        held.times = 0  # the other program lets go: ctrl+s again saves
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.session.is_dirty()
    assert (sample_copy / P01).read_bytes() == before.replace(b"total = 17.60\n", b"total = 18.60\n")
    assert leftovers(sample_copy) == []


async def test_saving_onto_a_file_held_briefly_saves_it(make_app, sample_copy, hold):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await _edit_total(app, pilot)
        held = hold(5, times=3)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert held.calls == 4 and not app.session.is_dirty()
        assert "已保存 1 个文件" in _messages(app)
    assert "total = 18.60" in (sample_copy / P01).read_text("utf-8")


async def test_a_held_recovery_journal_is_said_once_and_written_when_released(make_app, sample_copy, hold):
    from storage.workspace.recovery import journal_path

    root = sample_copy.parent / "预算[/]"  # 预算[ holding ]: the path quoted in the notification is no markup
    root.parent.mkdir()
    shutil.move(sample_copy, root)
    sample_copy = root
    app = make_app(root, goto="购置经费")
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # toasts drawn, as a user sees them
        await _edit_total(app, pilot)
        held = hold(32)
        app.write_journal()  # what the 3-second timer does
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = f"恢复记录未写入（请及时 ctrl+s 保存）：「{journal_path(sample_copy)}」{FILE_HELD}"
        assert _messages(app).count(said) == 1
        assert said in [str(toast.render()) for toast in app.screen.query(Toast)]  # shown as it is
        assert app.is_running and not journal_path(sample_copy).exists()
        app.write_journal()  # the next tick tries again, and does not say it twice
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert held.calls == 14 and _messages(app).count(said) == 1
        held.times = 0
        app.write_journal()
        await app.workers.wait_for_complete()
        assert journal_path(sample_copy).is_file()
        assert (sample_copy / ".jixiao" / ".gitignore").read_bytes() == b"*\n"  # LF on Windows too
        assert leftovers(sample_copy) == []


# a folder name that Rich/Textual markup would eat: [/] raises, \\[b] loses its backslash (a
# Windows path D:\\[2025]\\表.xlsx); on Windows a backslash is the separator, not a name's
FOLDERS = ["报表", "报表[/]"] + ([] if sys.platform == "win32" else ["备份\\[b]"])


@pytest.mark.parametrize("folder", FOLDERS)
async def test_export_onto_a_workbook_open_in_excel_says_so_and_enter_retries(make_app, tmp_path, hold, folder):
    (tmp_path / folder).mkdir(parents=True)  # 报表[/] is 报表[ holding ]: the path reads …/报表[/]/表.xlsx
    out = tmp_path / folder / "表.xlsx"
    out.write_bytes(b"a colleague's copy")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.action_export()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#export-path", Input).value = str(out)
        dialog.query_one("#export-path", Input).focus()
        await pilot.press("enter")  # it exists: a second Enter overwrites
        held = hold(32)
        await pilot.press("enter")
        await pilot.pause()
        message = str(dialog.query_one("#dialog-message", Static).render())
        assert message == (f"「{out}」被其他程序占用（是否在 Excel/WPS 中打开着？关闭后重试）（原有文件未改动）。"
                           "Enter 重试，或改一个文件名；Esc 取消。")
        assert app.screen is dialog and out.read_bytes() == b"a colleague's copy"
        held.times = 0  # closed in Excel
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not dialog
        assert out.read_bytes()[:2] == b"PK"
        assert [p.name for p in out.parent.iterdir() if p.suffix in (".xlsx", ".tmp")] == ["表.xlsx"]


async def _settle(app, pilot) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.usefixtures("git_env")
async def test_the_merge_screen_writing_onto_a_held_file_says_so_and_f10_retries(make_app, tmp_path, hold):
    from storage import git as sgit
    from tui.screens.conflict import ConflictScreen

    ws = sample_repo(tmp_path)
    conflicting_merge(ws)
    p02 = ws / "u01" / "p02.toml"
    marked = p02.read_bytes()
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        await pilot.press("r")  # 现在解决
        await _settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConflictScreen)
        await pilot.press("right")  # theirs
        held = hold(32)
        await pilot.press("f10")
        await _settle(app, pilot)
        assert app.screen is screen and held.calls == 7
        assert f"「{p02}」{FILE_HELD}" in str(screen.query_one("#conflict-intro").render())
        assert p02.read_bytes() == marked and sgit.conflicted_files(ws) == ["u01/p02.toml"]
        assert leftovers(ws) == []
        held.times = 0
        await pilot.press("f10")
        await _settle(app, pilot)
        assert not isinstance(app.screen, ConflictScreen)
        assert sgit.conflicted_files(ws) == [] and b"<<<<<<<" not in p02.read_bytes()


async def test_a_journal_a_scanner_holds_at_save_and_quit_ends_nothing(make_app, sample_copy, monkeypatch):
    """Saving deletes the journal, and so does quitting; a journal that cannot be deleted then
    (Windows: an antivirus reads the file just written) is left, not a crash of the editor."""
    import os

    from storage.workspace.recovery import journal_path

    real_unlink, tries = os.unlink, []

    def scanned(path, *a, **kw):
        if str(path) == str(journal_path(sample_copy)):
            tries.append(path)
            raise held_error(32, path, path)
        real_unlink(path, *a, **kw)

    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await _edit_total(app, pilot)
        app.write_journal()
        await app.workers.wait_for_complete()
        assert journal_path(sample_copy).is_file()
        monkeypatch.setattr("storage.atomic.REPLACE_PAUSES", (0,) * 6)
        monkeypatch.setattr(os, "unlink", scanned)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.session.is_dirty() and len(tries) == 4  # tried, then left
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.crash is None and app.return_code == 0
    assert "total = 18.60" in (sample_copy / P01).read_text("utf-8")
