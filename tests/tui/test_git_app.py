"""The editor's git features on real repositories in temporary folders: tree marks, the diff
and history views, the commit dialog and the merge-conflict screen."""

from __future__ import annotations

from decimal import Decimal

import pytest
from textual.widgets import DataTable, OptionList

from storage import git as sgit
from tests.gitrepo import conflicting_merge, edit, git, git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tui.actions.git import NO_REPO
from tui.screens.commit import CommitDialog
from tui.screens.conflict import ConflictScreen
from tui.screens.diff import DiffScreen
from tui.screens.history import HistoryScreen

SIZE = (140, 45)


@pytest.fixture
def repo_ws(tmp_path, git_env):
    return sample_repo(tmp_path)


async def settle(app, pilot) -> None:
    """Let thread workers finish and their results reach the screen."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def type_total(pilot, text: str) -> None:
    await pilot.press("ctrl+home", "home")  # the table's first cell: shift+Tab leaves the table
    for _ in range(5):  # indicator table -> goal -> other -> special -> fiscal -> total
        await pilot.press("shift+tab")
    await pilot.press(*(["backspace"] * 5), *text)


def label(app, pid: str, uid: str = "u01") -> str:
    return app.tree_widget.project_nodes[(uid, pid)].label.plain


def subjects(ws) -> list[str]:
    return git(ws, "log", "--format=%s").stdout.split("\n")[:-1]


async def test_tree_marks_a_project_changed_after_save(make_app, repo_ws):
    app = make_app(repo_ws, goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert not label(app, "p01").startswith("~")
        await type_total(pilot, "18.6")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert label(app, "p01").startswith("~ ")  # modified since the last commit
        assert not label(app, "p02").startswith("~")
        assert app.tree_widget.unit_nodes["u01"].label.plain.startswith("~ ")
        assert app.tree_widget.git_marks == {("u01", "p01"): "modified"}
        (repo_ws / "u01" / "p05.toml").unlink()  # outside the editor; the disk poll notices
        app.poll_disk()
        await settle(app, pilot)
        assert app.tree_widget.git_marks == {("u01", "p01"): "modified", ("u01", "p05"): "deleted"}


async def test_diff_view_shows_an_unsaved_amount_change(make_app, repo_ws):
    app = make_app(repo_ws, goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await type_total(pilot, "18.85")
        await pilot.press("f3")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        lines = screen.text.split("\n")
        assert lines[0] == "比较：上次提交 → 编辑器中的内容（含未保存的修改）"
        assert lines[1:] == ["~ p01 市人社数据服务中心购置经费", "    总计：17.60 → 18.85（+1.25）"]
        await pilot.press("ctrl+w")  # the whole workspace
        await settle(app, pilot)
        lines = screen.text.split("\n")
        assert lines[1:4] == ["~ 单位 u01 广州市人力资源和社会保障数据服务中心", "  ~ p01 市人社数据服务中心购置经费",
                              "      总计：17.60 → 18.85（+1.25）"]
        await pilot.press("escape")
        assert not isinstance(app.screen, DiffScreen)


async def test_history_lists_commits_and_compares_one_with_now(make_app, repo_ws):
    edit(repo_ws / "u01" / "p01.toml", "total = 17.60", "total = 20.00")
    sgit.commit(repo_ws, "调高购置经费", force=True)
    app = make_app(repo_ws, goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await settle(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
        rows = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        assert len(rows) == 2
        assert rows[0].endswith("张三  调高购置经费") and rows[1].endswith("张三  导入示例")
        await pilot.press("down", "enter")  # compare the first commit with now
        await settle(app, pilot)
        assert isinstance(app.screen, DiffScreen)
        lines = app.screen.text.split("\n")
        assert lines[0].startswith("比较：") and "导入示例） → 编辑器中的内容" in lines[0]
        assert "    总计：17.60 → 20.00（+2.40）" in lines


async def test_commit_refuses_errors_until_forced(make_app, repo_ws):
    app = make_app(repo_ws, goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await type_total(pilot, "18.6")  # total no longer equals the sources: F1 error
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("s")  # save first
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, CommitDialog)
        assert "~ 「市人社数据服务中心购置经费」 u01/p01.toml：已修改" in str(dialog.query_one("#commit-changes").render())
        await pilot.press(*"调整购置经费", "enter")
        await settle(app, pilot)
        message = str(dialog.query_one("#dialog-message").render())
        assert "检查发现 2 个错误，未提交" in message
        assert "F1 " in message and "F3 " in message
        assert subjects(repo_ws) == ["导入示例"]
        await pilot.press("f9")  # commit anyway
        await settle(app, pilot)
        assert not isinstance(app.screen, CommitDialog)
        assert subjects(repo_ws) == ["调整购置经费", "导入示例"]
        assert app.tree_widget.git_marks == {}
        assert not label(app, "p01").startswith("~")


async def test_commit_without_errors(make_app, repo_ws):
    app = make_app(repo_ws, goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+home", "home", "shift+tab")  # the table's first cell, then the goal
        await pilot.press("end", *"另")
        await pilot.press("ctrl+s", "f9")
        await settle(app, pilot)
        await pilot.press(*"改目标", "enter")
        await settle(app, pilot)
        assert subjects(repo_ws) == ["改目标", "导入示例"]
        assert git(repo_ws, "status", "--porcelain").stdout == ""


async def test_commit_dialog_names_files_it_leaves_out(make_app, repo_ws):
    (repo_ws / "表.xlsx").write_bytes(b"PK")
    app = make_app(repo_ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f9")
        await settle(app, pilot)
        assert str(app.screen.query_one("#commit-changes").render()).splitlines() == [
            "没有需要提交的修改", "未提交（不属于工作区数据）：表.xlsx；它们留在文件夹中，需要保存时请另行存放"]


@pytest.fixture
def conflicted(repo_ws):
    """Both sides changed p02's amounts, differently; only theirs changed an indicator."""
    conflicting_merge(repo_ws, lambda ws: edit(ws / "u01" / "p02.toml", 'period = "1份"\nannual = "1份"',
                                               'period = "1份"\nannual = "2份"'))
    return repo_ws


async def test_conflict_screen_resolves_by_choosing_fields(make_app, conflicted):
    app = make_app(conflicted)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)  # the workspace opens; the conflicted file is unreadable for now
        assert "u01/p02.toml" in app.store.broken
        await pilot.press("r")  # 现在解决
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConflictScreen)
        table = screen.query_one(DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows[0][:3] == ["? 总计", "150.00", "160.00"]
        assert rows[1][:3] == ["? 财政拨款", "150.00", "160.00"]
        assert rows[2][1:] == ["1份", "2份", "对方 ▶"]  # only theirs changed it: taken
        await pilot.press("right")  # theirs, for the amounts together
        assert [str(table.get_row_at(i)[3]) for i in range(2)] == ["对方 ▶", "对方 ▶"]
        await pilot.press("f10")
        await settle(app, pilot)
        assert not isinstance(app.screen, ConflictScreen)
        assert sgit.conflicted_files(conflicted) == []
        assert "u01/p02.toml" not in app.store.broken
        p02 = app.session.project("u01", "p02")[1]
        assert (p02.total, p02.fiscal) == (Decimal("160.00"), Decimal("160.00"))
        assert "<<<<<<<" not in (conflicted / "u01" / "p02.toml").read_text("utf-8")
        await pilot.press("f9")  # commit the merge
        await settle(app, pilot)
        await pilot.press(*"合并同事的修改", "enter")
        await settle(app, pilot)
        await pilot.press("f9")  # the unit total is off: commit anyway
        await settle(app, pilot)
        assert subjects(conflicted)[0] == "合并同事的修改"
        assert len(git(conflicted, "log", "-1", "--format=%P").stdout.split()) == 2  # a merge commit


async def test_outside_a_repository_git_keys_say_so(make_app, sample_copy, git_env):
    app = make_app(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await pilot.pause()
        assert not isinstance(app.screen, DiffScreen)
        assert [n.message for n in app._notifications] == [NO_REPO]


def test_each_app_has_its_own_git_and_disk_state(make_app):
    a, b = make_app(), make_app()
    a.git_files["u01/p01.toml"] = "modified"
    a.git_conflicts.append("u01/p01.toml")
    a.force.add("u01/p01.toml")
    assert (b.git_files, b.git_conflicts, b.force) == ({}, [], set())


async def test_the_commit_dialog_shows_who_is_recorded_and_takes_another(make_app, repo_ws, monkeypatch, tmp_path):
    """A machine-wide git identity (here 「Administrator」 in the global settings) was recorded
    unasked: the dialog shows it in its 提交人 box, and the name typed there is what the history
    lists (and is remembered for the workspace)."""
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.delenv(f"GIT_{who}_NAME")
        monkeypatch.delenv(f"GIT_{who}_EMAIL")
    cfg = tmp_path / "machine-gitconfig"
    cfg.write_text("[user]\n\tname = Administrator\n\temail = admin@pc01.local\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(cfg))
    app = make_app(repo_ws, goto="购置经费")
    async with app.run_test(size=(90, 25)) as pilot:
        await pilot.press("ctrl+home", "home", "shift+tab", "end", *"另", "ctrl+s", "f9")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, CommitDialog)
        box = dialog.query_one("#commit-author")
        assert box.value == "Administrator <admin@pc01.local>" and "提交人" in box.border_title
        assert dialog.screen.region.contains_region(box.region)  # on screen at 90×25
        await pilot.press(*"改目标")
        box.value = ""
        box.focus()
        await pilot.press(*"李四 <lisi@example.cn>", "enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, CommitDialog)
        assert git(repo_ws, "log", "-1", "--format=%an <%ae>|%s").stdout.strip() == "李四 <lisi@example.cn>|改目标"
        assert git(repo_ws, "config", "--local", "user.name").stdout.strip() == "李四"
        await pilot.press("f4")
        await settle(app, pilot)
        rows = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        assert rows[0].endswith("李四  改目标") and rows[1].endswith("张三  导入示例")


async def test_the_commit_dialog_keeps_the_known_author_as_it_is(make_app, repo_ws):
    app = make_app(repo_ws, goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+home", "home", "shift+tab", "end", *"另", "ctrl+s", "f9")
        await settle(app, pilot)
        assert app.screen.query_one("#commit-author").value == "张三 <zhangsan@example.cn>"
        await pilot.press(*"改目标", "enter")
        await settle(app, pilot)
        assert git(repo_ws, "log", "-1", "--format=%an|%s").stdout.strip() == "张三|改目标"
        assert git(repo_ws, "config", "--local", "user.name", check=False).stdout == ""  # nothing written
