"""The commit dialog: a message, the changed projects, and 提交 — a version of the workspace
saved in git. Refuses while ``jixiao check`` finds errors unless the user insists (F9 again)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from model.text import escaped
from tui import keys
from tui.screens.base import Dialog
from tui.text.author import parse_author, shown_author
from tui.text.file_names import file_title
from tui.widgets.git_marks import MARKS, WORDS

MAX_ERRORS = 8  # errors listed when the check refuses
# the dialog's rows besides its file list and message: border, padding, title, label, margins,
# the message input, the author input, the buttons
FIXED_ROWS = 2 + 2 + 2 + 1 + 1 + 3 + 3 + 4


def change_lines(files: dict[str, str], session) -> Text:
    """The changed files in budget words, each with its file dim: "~ 「业务运行经费」 u01/p02.toml：已修改"."""
    out = Text()
    for rel in sorted(files):
        st = files[rel]
        sign, style = MARKS[st]
        if out:
            out.append("\n")
        out.append(sign + " ", style).append(file_title(session, rel))
        out.append(f" {escaped(rel)}", "dim").append(f"：{WORDS[st]}", "dim")
    return out


class CommitDialog(Dialog[str | None]):
    """Dismissed with the new commit's short id, or None when cancelled."""

    DEFAULT_CSS = """
    CommitDialog #dialog.commit {
        width: 90;
        max-width: 100%;
        max-height: 100%;
    }
    CommitDialog #commit-files {
        height: auto;
        max-height: 10;
        margin-bottom: 1;
    }
    """

    BINDINGS = keys.COMMIT_DIALOG

    def __init__(self) -> None:
        super().__init__()
        self.refused = False  # the check found errors: F9 commits anyway
        self.busy = False
        self.known_author = ""  # who git would record (its settings), shown in the author box

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="commit"):
            yield Label("提交：把已保存的修改记为一个版本", id="dialog-title")
            yield Label("修改的内容（与上次提交相比）：", id="commit-count")
            with VerticalScroll(id="commit-files"):
                yield Static("正在读取…", id="commit-changes")
            yield Input(placeholder="提交说明：这次改了什么，例如「调整业务运行经费」", id="commit-message")
            # always shown: the history lists who committed, so nobody is recorded unasked
            yield Input(placeholder="提交人：姓名 <邮箱>（git 还不知道你是谁，只需填一次）", id="commit-author")
            yield Static("Enter 提交，Esc 取消。", id="dialog-message")
            with Horizontal(id="dialog-buttons"):
                yield Button("提交", id="commit-go", variant="primary")
                yield Button("仍然提交（F9）", id="commit-force", variant="warning")
                yield Button("取消", id="commit-cancel")

    def on_resize(self) -> None:
        self._fit_list()

    def _fit_list(self) -> None:
        """The file list takes the rows the rest of the dialog leaves (it scrolls past them):
        the whole dialog stays on a 25-row screen, and a refusal's errors push the list up."""
        message = self.query_one("#dialog-message", Static)
        rest = FIXED_ROWS
        rest += max(1, len(str(message.render()).splitlines()))
        self.query_one("#commit-files").styles.max_height = max(3, self.size.height - rest)

    def on_mount(self) -> None:
        self.query_one("#commit-force").display = False
        self.query_one("#commit-author").border_title = "提交人（记入历史，不是你请改成你的姓名和邮箱）"
        self.query_one("#commit-message", Input).focus()
        self._load()

    @work(thread=True, exclusive=True, group="commit-load")
    def _load(self) -> None:
        from storage import git as sgit
        from storage.git.command import engine

        try:
            repo = sgit.repo_for(self.app.store.root)
            files, left_out = sgit.split_changes(repo.root, sgit.status(repo))
            identity = sgit.has_identity(repo)
            ident = engine().author(repo) if identity else ""
        except sgit.GitError as e:
            self.app.call_from_thread(self._say, str(e))
            return
        self.app.call_from_thread(self._loaded, files, left_out, shown_author(ident))

    def _loaded(self, files: dict[str, str], left_out: list[str], author: str) -> None:
        from storage.git.workspace_data import left_out_text

        text = change_lines(files, self.app.session) if files else Text("没有需要提交的修改")
        if left_out:
            text.append("\n" + left_out_text(left_out), "dim")
        self.query_one("#commit-changes", Static).update(text)
        if len(files) > 1:  # the list may scroll past the screen: say how long it is
            self.query_one("#commit-count", Label).update(f"修改的内容（与上次提交相比，共 {len(files)} 个文件）：")
        box = self.query_one("#commit-author", Input)
        if author and not box.value:
            self.known_author = author
            box.value = escaped(author)
        self._fit_list()

    def _say(self, message: str | Text) -> None:
        self.query_one("#dialog-message", Static).update(message)
        self._fit_list()

    @on(Input.Submitted)
    @on(Button.Pressed, "#commit-go")
    def _go(self) -> None:
        self.commit(force=False)

    @on(Button.Pressed, "#commit-force")
    def action_force(self) -> None:
        self.commit(force=self.refused)  # F9 again: commit; after a refusal: commit anyway

    @on(Button.Pressed, "#commit-cancel")
    def action_close(self) -> None:
        self.dismiss(None)

    def commit(self, force: bool) -> None:
        if self.busy:
            return
        message = self.query_one("#commit-message", Input).value
        author_box = self.query_one("#commit-author", Input)
        try:
            # the one git would record anyway: left to git; another: recorded and remembered
            author = None if author_box.value == escaped(self.known_author) else parse_author(author_box.value)
        except ValueError as e:
            self._say(str(e))
            author_box.focus()
            return
        self.busy = True
        self._say("正在检查并提交…")
        self._commit(message, force, author)

    @work(thread=True, exclusive=True, group="commit")
    def _commit(self, message: str, force: bool, author) -> None:
        from storage import git as sgit

        try:
            result = sgit.commit(self.app.store.root, message, force=force, author=author)
        except sgit.CheckFailed as e:
            self.app.call_from_thread(self._refused, e)
        except sgit.GitError as e:
            self.app.call_from_thread(self._failed, str(e))
        else:
            self.app.call_from_thread(self._done, result)

    def _refused(self, e) -> None:
        self.busy = False
        self.refused = True
        text = Text(str(e) + "：\n", "bold red")
        for d in e.errors[:MAX_ERRORS]:
            text.append(f"  {d.rule} {d.location() or d.file}：{d.message}\n")
        if len(e.errors) > MAX_ERRORS:
            text.append(f"  …共 {len(e.errors)} 个错误（F5 检查可逐个查看）\n")
        text.append("修正后再提交；确需保存这一版时按 F9 仍然提交。", "bold")
        self._say(text)
        self.query_one("#commit-force").display = True

    def _failed(self, message: str) -> None:
        self.busy = False
        self._say(Text(message, "bold red"))

    def _done(self, result) -> None:
        self.busy = False
        note = f"（含 {result.errors} 个错误）" if result.errors else ""
        if result.remembered:
            note += "；已记住提交人，以后不必再填"
        self.dismiss(result.short + note)
