"""比较工作区…: the folder of another workspace (usually last year's) to show beside this one."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from model.text import escaped
from tui.screens.base import Dialog


class CompareDialog(Dialog[Path | None]):
    """A folder path; Enter takes it when it holds a workspace (jixiao.toml)."""

    BINDINGS = [("escape", "close", "取消")]

    def __init__(self, start: Path) -> None:
        super().__init__()
        self.start = start

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("比较工作区（如上一年度的文件夹）", id="dialog-title")
            yield Input(str(self.start), id="compare-path")
            yield Static("项目旁将显示它的金额和指标值，概览显示各单位的变化（只读，不修改它）。"
                         "长期使用可在 jixiao.toml 中写 compare = \"../2025\"。Enter 确定，Esc 取消。",
                         id="dialog-message")
            with Horizontal(id="dialog-buttons"):
                yield Button("确定", id="compare-go", variant="primary")

    @on(Input.Submitted)
    @on(Button.Pressed, "#compare-go")
    def _go(self) -> None:
        path = Path(self.query_one("#compare-path", Input).value.strip()).expanduser()
        if not (path / "jixiao.toml").is_file():
            self.query_one("#dialog-message", Static).update(escaped(f"{path} 不是 jixiao 工作区（没有 jixiao.toml）"))
            return
        self.dismiss(path)
