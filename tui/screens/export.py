"""Export the table as shown in the editor (unsaved edits included) to an XLSX file (the palette's
导出 XLSX): the published table, the per-project 申报表, or the indicator list (one row per
indicator; a ``.csv`` name writes CSV), chosen in a radio set that also renames the default file.

The file is proposed beside the workspace's folder (in the folder that holds it), named after the
department and year: where a clerk who opened ``D:\\绩效\\2025`` looks for it, outside the
workspace's data (and its git repository when the workspace is one), whatever folder the editor
was started from."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from model.diagnostic import count
from tui.screens.base import Dialog
from tui.screens.workbook_file import plain, write_or_say

# (id, label, default file name's ending)
LAYOUTS = (
    ("table", "公开的汇总表（项目支出绩效目标表）", "绩效目标表.xlsx"),
    ("detail", "逐项目申报表（每个项目一页）", "绩效目标申报表.xlsx"),
    ("indicators", "指标清单（每行一个指标；文件名以 .csv 结尾时导出 CSV）", "指标清单.xlsx"),
)


def default_path(ws, root: Path, ending: str = LAYOUTS[0][2]) -> Path:
    """Beside the workspace's folder: 「单位名称-年度绩效目标表.xlsx」 (or the layout's ending)."""
    root = root.resolve()
    return root.parent / f"{ws.department or root.name}-{ws.year or ''}{ending}"


class ExportDialog(Dialog[None]):
    """Export the table as shown in the editor (unsaved edits included) to an XLSX file."""

    BINDINGS = [("escape", "app.pop_screen", "取消")]
    DEFAULT_CSS = """
    ExportDialog #export-layout {
        width: 100%;
        height: auto;
        margin-top: 1;
    }
    """

    def __init__(self, store, session, diags) -> None:
        super().__init__()
        self.store, self.session = store, session
        self.errors, _ = count(diags)
        self.overwrite: Path | None = None  # the existing file the user was warned about
        self.chosen = "table"

    def _default(self, layout: str) -> Path:
        ws = self.session.ws
        ending = next(e for key, _, e in LAYOUTS if key == layout)
        return default_path(ws, Path(self.store.root), ending)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("导出（公开的汇总表、逐项目申报表或指标清单）", id="dialog-title")
            yield Input(str(self._default("table")), id="export-path")
            with RadioSet(id="export-layout"):
                for key, label, _ in LAYOUTS:
                    yield RadioButton(label, value=key == "table", id=f"layout-{key}")
            note = f"工作区有 {self.errors} 个错误：导出的表格可能不符合要求。" if self.errors else "工作区没有错误。"
            yield Static(note + "导出内容包括尚未保存的修改。Enter 导出，Esc 取消。", id="dialog-message")
            with Horizontal(id="dialog-buttons"):
                yield Button("导出", id="export-go", variant="primary")

    @on(RadioSet.Changed)
    def _layout_chosen(self, event: RadioSet.Changed) -> None:
        """The layout chosen; a file name still the previous default follows it."""
        new = (event.pressed.id or "layout-table").removeprefix("layout-")
        field = self.query_one("#export-path", Input)
        if Path(field.value) == self._default(self.chosen):
            field.value = str(self._default(new))
        self.chosen = new
        self.overwrite = None

    def _data(self, path: Path) -> bytes:
        ws = self.session.ws
        if self.chosen == "detail":
            from storage.published.xlsx_detail import export_detail

            return export_detail(ws)
        if self.chosen == "indicators":
            from model.indicator_list.layout import BUILTIN
            from storage.published.list_export import export_list_csv, export_list_xlsx

            return (export_list_csv if path.suffix.lower() == ".csv" else export_list_xlsx)(ws, BUILTIN)
        from storage.published.xlsx_export import export_table

        return export_table(ws)

    @on(Input.Submitted)
    @on(Button.Pressed, "#export-go")
    def _go(self) -> None:
        path = Path(self.query_one("#export-path", Input).value).expanduser()
        message = self.query_one("#dialog-message", Static)
        if path.exists() and path != self.overwrite:  # as `jixiao export` without --force
            self.overwrite = path
            message.update(plain(f"{path} 已存在（可能是同事改过的副本）。再按 Enter 覆盖它，或改一个文件名，Esc 取消。"))
            return
        if not write_or_say(message, path, lambda: self._data(path)):
            return
        self.app.notify(f"已导出到 {path}")
        self.dismiss(None)
