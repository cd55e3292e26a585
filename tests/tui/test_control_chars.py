"""A name with terminal escapes in a project file never reaches the terminal raw: the editor
shows it escaped (tree, title, problems, dialogs) or as symbols (inputs), and T2 reports it."""

from __future__ import annotations

from tests.gitrepo import edit, git, git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tui.screens.diff import DiffScreen
from tui.screens.history import HistoryScreen
from tui.widgets.problems import ProblemsPanel

SIZE = (120, 30)
NAME = 'name = "市人社数据服务中心购置经费"'
HOSTILE = 'name = "市人社\\u001b]0;pwned\\u0007服务\\u001b[2J"'
RAW = "市人社\x1b]0;pwned\x07服务\x1b[2J"
SHOWN = "市人社\\x1b]0;pwned\\x07服务\\x1b[2J"


def raw_controls(app) -> list[tuple[int, str]]:
    """Every text segment on the screen that would send a control character to the terminal."""
    found = []
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        for seg in strip:
            if not seg.control and any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in seg.text):
                found.append((y, seg.text))
    return found


async def settle(app, pilot) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


def hostile(ws) -> None:
    edit(ws / "u01" / "p01.toml", NAME, HOSTILE)
    edit(ws / "jixiao.toml", 'department = "广州市', 'department = "\\u001b]0;x\\u0007广州市')


async def test_editor_shows_the_name_escaped_and_t2(make_app, sample_copy):
    hostile(sample_copy)
    app = make_app(goto="pwned")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.tree_widget
        assert tree.project_nodes[("u01", "p01")].label.plain == f"✗1 ⚠1 {SHOWN}"  # and R6 (SAMPLE_REVIEW)
        assert app.title == "jixiao · \\x1b]0;x\\x07广州市人力资源和社会保障数据服务中心"
        name = app.query_one("#p-name")
        assert name.value == RAW  # the value is kept as it is (it is what gets saved) …
        assert "市人社␛]0;pwned␇服务␛[2J" in "".join(s.text for s in name.render_line(0))  # … drawn as symbols
        panel = app.query_one(ProblemsPanel)
        lines = [panel.line_text(d).plain for d in panel.diagnostics if not d.rule.startswith("R")]  # SAMPLE_REVIEW
        assert lines == [
            "错误 T2  单位名称  单位名称第 1 个字符是控制字符 \\x1b（ESC）（共 2 个）：它看不见，却会扰乱终端显示和导出的表格；"
            "请删去（编辑器中显示为 ␛ 一类的符号）",
            f"错误 T2  广州市人力资源和社会保障数据服务中心 › {SHOWN} › 项目名称  项目名称第 4 个字符是控制字符 \\x1b（ESC）"
            "（共 3 个）：它看不见，却会扰乱终端显示和导出的表格；请删去（编辑器中显示为 ␛ 一类的符号）",
        ]
        assert raw_controls(app) == []
        await pilot.press("f6")  # the problems panel: Enter on T2 goes to the field
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.focused is name
        await pilot.press("end", "backspace", "backspace", "backspace", "backspace")
        await pilot.pause()
        assert [d.rule for d in panel.diagnostics] == ["T2", "T2", "R6", "R1", "R7"]  # ESC, BEL left in the name
        name.value = "市人社服务"
        await pilot.pause()
        assert [(d.rule, d.field) for d in panel.diagnostics][0] == ("T2", "department")  # then SAMPLE_REVIEW
        assert raw_controls(app) == []
        panel.focus()
        await pilot.press("home", "enter")  # the first problem: the department's T2
        await pilot.pause()
        assert app.focused.id == "w-department"
        await pilot.press("home")
        await pilot.pause()
        assert "␛]0;x␇广州市" in "".join(s.text for s in app.focused.render_line(0))
        assert raw_controls(app) == []


async def test_typing_or_pasting_a_control_character_is_refused(make_app):
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        name = app.query_one("#p-name")
        name.focus()
        await pilot.press("end")
        name.insert_text_at_cursor("\x1b[2J服务")  # what a paste delivers
        await pilot.pause()
        assert name.value == "市人社数据服务中心购置经费[2J服务"
        assert app.session.ws.units[0].projects[0].name == "市人社数据服务中心购置经费[2J服务"
        assert [n.message for n in app._notifications] == ["已删去输入中的 1 个控制字符：\\x1b（ESC）"]
        assert raw_controls(app) == []


async def test_diff_and_history_show_names_escaped(make_app, tmp_path, git_env):
    ws = sample_repo(tmp_path)
    hostile(ws)
    git(ws, "commit", "-qam", "改名\x1b[2J\x1b]0;pwned\x07")
    edit(ws / "u01" / "p01.toml", "total = 17.60", "total = 18.60")
    app = make_app(ws, goto="pwned")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await settle(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert raw_controls(app) == []
        await pilot.press("down", "enter")  # compare the first commit with now
        await settle(app, pilot)
        assert isinstance(app.screen, DiffScreen)
        assert f"~ p01 {SHOWN}" in app.screen.text.split("\n")
        assert "导入示例" in app.screen.text.split("\n")[0]
        assert raw_controls(app) == []
        await pilot.press("escape", "escape", "f3")
        await settle(app, pilot)
        assert app.screen.text.split("\n")[1:] == [f"~ p01 {SHOWN}", "    总计：17.60 → 18.60（+1.00）"]
        assert raw_controls(app) == []


async def test_commit_and_conflict_screens_show_names_escaped(make_app, tmp_path, git_env):
    from tests.gitrepo import conflicting_merge
    from tui.screens.commit import CommitDialog
    from tui.screens.conflict import ConflictScreen

    ws = sample_repo(tmp_path)
    conflicting_merge(ws, lambda ws: edit(ws / "u01" / "p02.toml", 'annual = "1份"', 'annual = "2份\\u001b[2J"'))
    hostile(ws)
    app = make_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("r")  # 现在解决
        await settle(app, pilot)
        assert isinstance(app.screen, ConflictScreen)
        assert "2份\\x1b[2J" in [str(c) for c in app.screen.query_one("DataTable").get_row_at(2)]
        assert raw_controls(app) == []
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("f9")
        await settle(app, pilot)
        assert isinstance(app.screen, CommitDialog)
        assert f"「{SHOWN}」 u01/p01.toml：已修改" in str(app.screen.query_one("#commit-changes").render())
        assert raw_controls(app) == []
