"""从本工作区开始新年度…: next year's workspace started from the open one, as ``jixiao init NEW
--from THIS --year N`` does (``storage.git.new_year.init_from``), with the projects to carry
chosen on a checklist.

The folder is proposed beside this one (its name with the year bumped, else the year: ``../2026``;
a relative path counts from this workspace's folder), the year is the next one. Every project is
on the list, checked; those whose multi-year names say they ended before the new year (the same
suggestion as ``--drop-ended``) start unchecked and marked 已结束. Space toggles. The new
workspace's jixiao.toml names this one (``compare = "../2025"``); the editor stays on this one,
and the dialog then says where the new one is and how to open it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from rich.segment import Segment
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.strip import Strip
from textual.widgets import Button, Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from model.diff.years import has_ended, last_year
from model.text import escaped
from tui import keys
from tui.screens.base import Dialog


def proposed_folder(root: Path, old_year: int | None, year: int) -> Path:
    """Beside ``root``: its name with the old year replaced by ``year`` (``hrss-2025`` →
    ``hrss-2026``), else the year itself (``../2026``)."""
    name = root.name
    if old_year is not None and str(old_year) in name:
        new = re.sub(rf"(?<!\d){old_year}(?!\d)", str(year), name)
        if new != name:
            return root.parent / new
    return root.parent / str(year)


def carried_text(c, old: str) -> str:
    """What was made and how to go on (``c``: ``storage.git.new_year.Carried``; ``old``: this
    workspace as the new one will name it, e.g. 2025 年度)."""
    lines = [f"已新建 {c.year} 年度工作区：{c.root}",
             (f"结转 {c.units} 个单位、{c.projects} 个项目（编号、金额、目标和指标原样保留作起点），"
              f"未结转 {len(c.dropped)} 个；新的版本记录已做第一次提交。"),
             f"它的 jixiao.toml 写有 compare = \"{c.compare}\"：打开它时项目旁显示 {old}的数字。",
             f"打开它：退出后运行 jixiao {c.root}（编辑器仍停留在本工作区）。"]
    return "\n".join(lines)


class CheckList(SelectionList[str]):
    """A SelectionList whose unticked boxes are empty (``▐ ▌``), not a dark ✕ that looks like the
    ticked one's ✕ without colour (a monochrome terminal, a colour-blind clerk, a printout)."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        index = self.scroll_offset.y + y
        if (len(segments) > 1 and index < self.option_count
                and self.get_option_at_index(index).value not in self.selected):
            inner = segments[1]
            segments[1] = Segment(" " * len(inner.text), inner.style, inner.control)
            return Strip(segments, strip.cell_length)
        return strip


class NewYearDialog(Dialog[object]):
    """The folder, the year and the checklist; F10 (or 新建) makes the workspace. Dismissed with
    the ``Carried`` result once made (None when cancelled)."""

    DEFAULT_CSS = """
    NewYearDialog > Vertical {
        width: 104;
        max-width: 100%;
        height: 100%;
        max-height: 30;
        padding: 0 1;
    }
    NewYearDialog #ny-where {
        height: 3;
    }
    NewYearDialog #ny-where Label {
        padding: 1 1 0 0;
    }
    NewYearDialog #ny-folder {
        width: 1fr;
    }
    NewYearDialog #ny-year {
        width: 10;
    }
    NewYearDialog #ny-projects {
        height: 1fr;
        min-height: 3;
    }
    NewYearDialog #ny-author {
        display: none;
    }
    NewYearDialog #ny-message {
        height: auto;
        max-height: 6;
    }
    NewYearDialog #dialog-buttons {
        margin-top: 0;
    }
    """
    BINDINGS = keys.NEW_YEAR_DIALOG

    def __init__(self) -> None:
        super().__init__()
        self.made = None  # the Carried result, once the workspace is made
        self.busy = False
        self.year: int | None = None
        self.proposed: Path | None = None
        self.chosen: dict[str, bool] = {}  # the user's own ticks, by project ref (kept when the year changes)

    # -- building ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        ws = self.app.session.ws
        self.root = Path(self.app.store.root).resolve()
        from datetime import date

        self.old_year = ws.year
        self.year = (ws.year or date.today().year) + 1
        self.proposed = proposed_folder(self.root, ws.year, self.year)
        with Vertical(id="newyear"):
            yield Label(escaped(f"从本工作区开始新年度（结转自 {self.root.name}）"), id="dialog-title")
            with Horizontal(id="ny-where"):
                yield Label("新文件夹")
                yield Input(str(self.proposed), id="ny-folder")
                yield Label(" 年度")
                yield Input(str(self.year), id="ny-year", type="integer", max_length=4)
            yield Label("结转的项目（空格勾选/取消；名称中的年度已结束的默认不结转）：", id="ny-hint")
            yield CheckList(*self._selections(), id="ny-projects")
            yield Input(placeholder="提交人：姓名 <邮箱>（git 还不知道你是谁，只需填一次）", id="ny-author")
            yield Static("", id="ny-message")
            with Horizontal(id="dialog-buttons"):
                yield Button(f"新建（{keys.shown_key(self.app, 'newyear.create')}）", id="ny-go", variant="primary")
                yield Button("取消（Esc）", id="ny-cancel")

    def on_mount(self) -> None:
        self._say_counts()
        self.query_one("#ny-projects").focus()

    def _ended(self, name: str) -> bool:
        return self.year is not None and has_ended(name, self.year)

    def _selections(self) -> list[Selection[str]]:
        out = []
        multi = len(self.app.session.ws.units) > 1
        for u, p in self.app.session.ws.projects():
            ref = f"{u.id}/{p.id}"
            ended = self._ended(p.name)
            label = Text(f"{ref} ")
            if ended:
                label.append(f"〔已结束 {last_year(p.name)}〕", "bold yellow")
            label.append(escaped(p.name or "（无名称）"))
            if multi:
                label.append(escaped(f"  {u.name}"), "dim")
            out.append(Selection(label, ref, self.chosen.get(ref, not ended)))
        return out

    def _refs(self) -> tuple[list[str], list[str]]:
        """(kept, left out) project refs, as ticked."""
        checked = set(self.query_one("#ny-projects", SelectionList).selected)
        every = [f"{u.id}/{p.id}" for u, p in self.app.session.ws.projects()]
        return [r for r in every if r in checked], [r for r in every if r not in checked]

    def _say(self, text: str, style: str = "") -> None:
        self.query_one("#ny-message", Static).update(Text(escaped(text, multiline=True), style))

    def _say_counts(self) -> None:
        kept, out = self._refs()
        ended = sum(1 for _, p in self.app.session.ws.projects() if self._ended(p.name))
        self._say(f"结转 {len(kept)} 个项目，不结转 {len(out)} 个（名称显示已结束的 {ended} 个）。"
                  f"新工作区的 jixiao.toml 将指向本工作区（compare），编辑器仍停留在本工作区。")

    # -- changes ----------------------------------------------------------------------------

    @on(SelectionList.SelectionToggled, "#ny-projects")
    def _toggled(self, event: SelectionList.SelectionToggled) -> None:
        ref = event.selection.value
        self.chosen[ref] = ref in event.selection_list.selected
        self._say_counts()

    @on(Input.Changed, "#ny-year")
    def _year_changed(self, event: Input.Changed) -> None:
        try:
            year = int(event.value)
        except ValueError:
            return
        if not 1900 < year < 2200 or year == self.year:
            return
        self.year = year
        folder = self.query_one("#ny-folder", Input)
        if self.proposed is not None and folder.value == str(self.proposed):  # not typed over: follow the year
            self.proposed = proposed_folder(self.root, self.old_year, year)
            folder.value = str(self.proposed)
        projects = self.query_one("#ny-projects", SelectionList)
        projects.clear_options()
        projects.add_options(self._selections())
        self._say_counts()

    # -- making it --------------------------------------------------------------------------

    @on(Input.Submitted)
    @on(Button.Pressed, "#ny-go")
    def action_create(self) -> None:
        if self.made is not None:
            self.dismiss(self.made)
            return
        if self.busy:
            return
        text = self.query_one("#ny-folder", Input).value.strip()
        year_text = self.query_one("#ny-year", Input).value.strip()
        if not text:
            self._say("请填写新年度的文件夹，如 ../2026", "bold red")
            return
        if not year_text.isdigit():
            self._say("年度应为四位数字，如 2026", "bold red")
            return
        target = Path(text).expanduser()
        if not target.is_absolute():
            target = self.root / target
        author = None
        box = self.query_one("#ny-author", Input)
        if box.display and box.value.strip():
            from tui.text.author import parse_author

            try:
                author = parse_author(box.value)
            except ValueError as e:
                self._say(str(e), "bold red")
                return
        kept, dropped = self._refs()
        if not kept:
            self._say("没有勾选任何项目：至少结转一个项目（或在命令行用 jixiao init 新建空的工作区）", "bold red")
            return
        self.busy = True
        self.query_one("#ny-go", Button).disabled = True
        self._say(f"正在新建 {target} …")
        self._make(Path(os.path.normpath(target)), int(year_text), dropped, author)

    @work(thread=True, exclusive=True, group="new-year")
    def _make(self, target: Path, year: int, dropped: list[str], author: tuple[str, str] | None) -> None:
        from storage.errors import StorageError
        from storage.git.commits import NO_IDENTITY
        from storage.git.new_year import init_from
        from storage.os_errors import os_error_text

        author = author or self._author()
        if author is None:  # nobody to write the first commit as: ask before making anything
            self.app.call_from_thread(self._ask_author)
            return
        try:
            made = init_from(target, self.root, year, drop=dropped, author=author)
        except StorageError as e:
            if str(e).startswith(NO_IDENTITY):  # the new repository's first commit needs a name
                self.app.call_from_thread(self._ask_author)
            else:
                self.app.call_from_thread(self._failed, str(e))
        except OSError as e:
            self.app.call_from_thread(self._failed, os_error_text(e, target, "新建"))
        else:
            self.app.call_from_thread(self._made, made)

    def _author(self) -> tuple[str, str] | None:
        """Who this workspace's commits carry (its repository's settings, else the user's), for
        the new one's first commit; None when git knows nobody."""
        from storage.errors import StorageError
        from tui.text.author import parse_author, shown_author

        try:
            from storage.git.command import GitError, engine, repo_for
            from storage.git.engine import Repo

            try:
                repo = repo_for(self.root)
            except GitError:  # not a repository: the user's own settings
                repo = Repo(self.root, "", self.root)
            return parse_author(shown_author(engine().author(repo)))
        except (StorageError, OSError, ValueError):
            return None

    def _failed(self, message: str) -> None:
        self.busy = False
        self.query_one("#ny-go", Button).disabled = False
        self._say(f"未新建：{message}", "bold red")

    def _ask_author(self) -> None:
        self._failed("git 还不知道提交人是谁（新工作区的第一次提交要记下）：在上面填写「姓名 <邮箱>」，再按 F10")
        box = self.query_one("#ny-author", Input)
        box.display = True
        box.focus()

    def _made(self, made) -> None:
        self.busy = False
        self.made = made
        self.query_one("#ny-projects", SelectionList).disabled = True
        for box in self.query(Input):
            box.disabled = True
        go = self.query_one("#ny-go", Button)
        go.label = "关闭（Enter）"
        go.disabled = False
        go.focus()
        self.query_one("#ny-cancel", Button).display = False
        self._say(carried_text(made, f"{self.old_year} 年度" if self.old_year else "本工作区"), "green")
        self.app.notify(f"已新建 {made.year} 年度工作区 {made.root}", timeout=8)

    @on(Button.Pressed, "#ny-cancel")
    def action_close(self) -> None:
        if not self.busy:
            self.dismiss(self.made)
