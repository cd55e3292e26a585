"""The 审核意见 dialog (F12, or the palette): the shown project's comments, a new one's text
and author. Enter in the text adds a comment on what the cursor was on; Enter on an open comment
in the list marks it resolved (it stays, with who and when). Answers ``("add", text, author)``
or ``("resolve", index, author)``; the app makes the change (one undo step)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from model.comments import Target, describe
from model.text import escaped
from model.workspace import Project
from tui.screens.base import Dialog
from tui.widgets.safe_text import SafeInput


class CommentDialog(Dialog[tuple | None]):
    DEFAULT_CSS = """
    CommentDialog #dialog { width: 100; max-width: 95%; }
    CommentDialog #dialog-title { margin-bottom: 0; }
    CommentDialog #comment-list { height: auto; max-height: 7; }
    CommentDialog #comment-text { width: 3fr; }
    CommentDialog #comment-author { width: 1fr; }
    CommentDialog #dialog-message { color: $text-muted; }
    """
    BINDINGS: ClassVar = [("escape", "close", "取消")]

    def __init__(self, project: Project, target: Target, author: str, resolving: bool = False) -> None:
        super().__init__()
        self.project, self.target, self.author = project, target, author
        self.resolving = resolving  # opened to resolve: the focus starts in the list

    def compose(self) -> ComposeResult:
        p = self.project
        n_open = sum(1 for c in p.comments if not c.resolved)
        with Vertical(id="dialog"):
            yield Label(escaped(f"审核意见 · {p.name or p.id}（{n_open} 条未解决，共 {len(p.comments)} 条）"),
                        id="dialog-title")
            options = [Option(Text(escaped(f"{n}. {describe(c, p.indicators)}"), style="dim" if c.resolved else ""),
                              id=str(n - 1), disabled=c.resolved) for n, c in enumerate(p.comments, 1)]
            if options:
                yield OptionList(*options, id="comment-list")
            yield Static(escaped(f"新意见，批注在：{self.target.text()}"), id="comment-where")
            with Horizontal(classes="bulk-row"):
                yield SafeInput(placeholder="意见内容（Enter 添加）", id="comment-text")
                yield SafeInput(self.author, placeholder="审核人姓名", id="comment-author")
            yield Static("意见内容中 Enter：添加 · 列表中 Enter：标记为已解决（意见保留，记下解决人和时间）· Esc 取消",
                         id="dialog-message")

    def on_mount(self) -> None:
        if self.resolving and self.query(OptionList):
            self.query_one(OptionList).focus()
        else:
            self.query_one("#comment-text", Input).focus()

    def _author(self) -> str | None:
        author = self.query_one("#comment-author", Input).value.strip()
        if not author:
            self.query_one("#dialog-message", Static).update("请填写审核人姓名（记在意见中）。")
            self.query_one("#comment-author", Input).focus()
            return None
        return author

    @on(Input.Submitted)
    def _add(self, event: Input.Submitted) -> None:
        event.stop()
        text = self.query_one("#comment-text", Input).value.strip()
        if not text:
            self.query_one("#dialog-message", Static).update("意见内容为空：先输入意见，再按 Enter。")
            self.query_one("#comment-text", Input).focus()
            return
        author = self._author()
        if author is not None:
            self.dismiss(("add", text, author))

    @on(OptionList.OptionSelected)
    def _resolve(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        author = self._author()
        if author is not None and event.option.id is not None:
            self.dismiss(("resolve", int(event.option.id), author))
