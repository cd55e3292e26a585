"""Write the diff view's changes as the printable 修订对照表 (ctrl+e in the diff view)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from tui.screens.base import Dialog
from tui.screens.workbook_file import plain, write_or_say


class ReviewDialog(Dialog[None]):
    """A file name; Enter writes the table (an existing file only after a second Enter)."""

    BINDINGS = [("escape", "close", "取消")]

    def __init__(self, rows: list, compared: str) -> None:
        super().__init__()
        self.rows, self.compared = rows, compared
        self.overwrite: Path | None = None

    def compose(self) -> ComposeResult:
        from storage.published.xlsx_review import review_title

        ws = self.app.session.ws
        self.title_text = review_title(ws.department, ws.year)
        default = Path.cwd() / f"{self.title_text}-{date.today():%Y%m%d}.xlsx"
        with Vertical(id="dialog"):
            yield Label(f"写出修订对照表（{len(self.rows)} 行）", id="dialog-title")
            yield Input(str(default), id="review-path")
            yield Static(plain(f"{self.compared}。Enter 写出，Esc 取消。"), id="dialog-message")
            with Horizontal(id="dialog-buttons"):
                yield Button("写出", id="review-go", variant="primary")

    @on(Input.Submitted)
    @on(Button.Pressed, "#review-go")
    def _go(self) -> None:
        from storage.published.xlsx_review import export_review

        path = Path(self.query_one("#review-path", Input).value.strip()).expanduser()
        message = self.query_one("#dialog-message", Static)
        if path.suffix.lower() != ".xlsx":
            message.update(plain(f"文件名应以 .xlsx 结尾：{path}"))
            return
        if path.exists() and path != self.overwrite:
            self.overwrite = path
            message.update(plain(f"{path} 已存在。再按 Enter 覆盖它，或改一个文件名，Esc 取消。"))
            return
        if not write_or_say(message, path, lambda: export_review(self.rows, self.title_text, self.compared)):
            return
        self.app.notify(f"已写入修订对照表 {path}")
        self.dismiss(None)
