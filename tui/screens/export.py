"""Export the table as shown in the editor (unsaved edits included) to an XLSX file (the palette's
导出 XLSX)."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from model.diagnostic import count
from model.text import escaped
from tui.screens.base import Dialog


def _plain(text: str) -> Content:
    """A message quoting a path, as plain text: ``D:\\[2025]\\表.xlsx`` is no markup (its ``\\[``
    would lose the backslash, a ``[/]`` would not render at all); control characters escaped."""
    return Content(escaped(text, multiline=True))


class ExportDialog(Dialog[None]):
    """Export the table as shown in the editor (unsaved edits included) to an XLSX file."""

    BINDINGS = [("escape", "app.pop_screen", "取消")]

    def __init__(self, store, session, diags) -> None:
        super().__init__()
        self.store, self.session = store, session
        self.errors, _ = count(diags)
        self.overwrite: Path | None = None  # the existing file the user was warned about

    def compose(self) -> ComposeResult:
        ws = self.session.ws
        default = Path.cwd() / f"{ws.department or Path(self.store.root).name}-{ws.year or ''}绩效目标表.xlsx"
        with Vertical(id="dialog"):
            yield Label("导出 XLSX（公开格式的项目支出绩效目标表）", id="dialog-title")
            yield Input(str(default), id="export-path")
            note = f"工作区有 {self.errors} 个错误：导出的表格可能不符合要求。" if self.errors else "工作区没有错误。"
            yield Static(note + "导出内容包括尚未保存的修改。Enter 导出，Esc 取消。", id="dialog-message")
            with Horizontal(id="dialog-buttons"):
                yield Button("导出", id="export-go", variant="primary")

    @on(Input.Submitted)
    @on(Button.Pressed, "#export-go")
    def _go(self) -> None:
        from storage.atomic import FileInUseError
        from storage.errors import StorageError
        from storage.os_errors import os_error_text
        from storage.published.export import write_workbook
        from storage.published.xlsx_export import export_table

        path = Path(self.query_one("#export-path", Input).value).expanduser()
        message = self.query_one("#dialog-message", Static)
        if path.exists() and path != self.overwrite:  # as `jixiao export` without --force
            self.overwrite = path
            message.update(_plain(f"{path} 已存在（可能是同事改过的副本）。再按 Enter 覆盖它，或改一个文件名，Esc 取消。"))
            return
        try:
            write_workbook(path, export_table(self.session.ws))
        except FileInUseError as e:  # Windows: open in Excel/WPS; closing it and Enter again works
            message.update(_plain(f"{e}（原有文件未改动）。Enter 重试，或改一个文件名；Esc 取消。"))
            return
        except StorageError as e:
            message.update(_plain(str(e)))
            return
        except OSError as e:
            message.update(_plain(f"{os_error_text(e, path, '写入')}（原有文件未改动）"))
            return
        self.app.notify(f"已导出到 {path}")
        self.dismiss(None)
