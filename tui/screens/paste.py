"""Paste indicator rows (ctrl+v in the table), with what they read as before they go in.
Imported when first opened (the editor's first screen does not need TextArea)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static, TextArea

from model.text import escaped
from tui import keys
from tui.screens.base import Dialog
from tui.text.paste_text import MAX_SHOWN, skipped_text
from tui.widgets.safe_area import SafeTextArea


class PasteDialog(Dialog[str]):
    """Rows to paste, with what they read as before they go in."""

    DEFAULT_CSS = """
    PasteDialog > Vertical {
        width: 100;
        max-height: 90%;
    }
    PasteDialog TextArea {
        height: 10;
    }
    """
    BINDINGS = keys.PASTE_DIALOG

    def __init__(self, text: str, codes) -> None:
        super().__init__()
        self.text = text
        self.codes = codes

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("粘贴指标行（从 Excel/WPS 复制的 Tab 分隔行，或已公开表格中的绩效指标文字）", classes="bulk-title")
            yield SafeTextArea(self.text, id="paste-text", tab_behavior="indent")
            yield Static("", id="paste-preview")
            with Horizontal(classes="bulk-row"):
                yield Button("插入到光标后（F2）", id="paste-go", variant="primary")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()
        self._preview()

    @on(TextArea.Changed)
    def _preview(self) -> None:
        text = self.query_one(TextArea).text
        out = Text()
        if text.strip():
            from model.paste import parse_paste

            pasted = parse_paste(text, self.codes)
            out.append(f"可插入 {len(pasted.indicators)} 个指标", "green" if pasted.indicators else "bold red")
            for ind in pasted.indicators[:MAX_SHOWN]:
                out.append(escaped(f"\n  {ind.level2} · {ind.name} · {ind.period} / {ind.annual}", multiline=True), "dim")
            if pasted.skipped:
                out.append(escaped(f"\n跳过 {len(pasted.skipped)} 行：\n{skipped_text(pasted)}", multiline=True), "yellow")
        else:
            out.append("在上面粘贴（终端的粘贴，如 ctrl+shift+v 或右键）", "dim")
        self.query_one("#paste-preview", Static).update(out)

    @on(Button.Pressed, "#paste-go")
    def action_insert(self) -> None:
        self.dismiss(self.query_one(TextArea).text)
