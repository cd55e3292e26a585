"""Find and replace across the workspace (or the marked projects), with a preview of every change
before it applies; also the normalisations: one punctuation style, target values as ≥90%."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Select, Static

from model.replace import (
    ALL_FIELDS,
    FIELD_LABELS,
    Edit,
    plan_canonical_values,
    plan_punctuation,
    plan_replace,
)
from tui import keys
from tui.screens.base import Dialog
from tui.text.replace_preview import column_widths, preview_row
from tui.widgets.checkbox import ClearCheckbox

MODES = [
    ("查找文本", "text"),
    ("正则表达式", "regex"),
    ("统一为全角标点（，；：（））", "full"),
    ("统一为半角标点（,;:()）", "half"),
    ("指标值规范写法（90%或以上 → ≥90%）", "values"),
]
MAX_ROWS = 500  # preview rows drawn; the count covers all


class ReplaceDialog(Dialog[None]):
    DEFAULT_CSS = """
    ReplaceDialog > Vertical {
        width: 95%;
        min-width: 88;  /* at 90 columns: room for every option of the field row */
        height: 90%;
        padding: 0 1;
    }
    ReplaceDialog .r-row {
        height: auto;
    }
    ReplaceDialog .r-row Input {
        width: 1fr;
    }
    ReplaceDialog #r-mode {
        width: 1fr;
        max-width: 44;
    }
    ReplaceDialog #r-preview {
        height: 1fr;
    }
    /* no inner padding: the four fields and the scope fit 84 columns (the dialog at 90) */
    ReplaceDialog .r-row Checkbox {
        padding: 0;
    }
    ReplaceDialog #r-title {
        text-style: bold;
    }
    /* where the keys go: a thick frame (a different shape, not only another colour) */
    ReplaceDialog Input:focus, ReplaceDialog Checkbox:focus, ReplaceDialog Select:focus > SelectCurrent,
    ReplaceDialog #r-preview:focus {
        border: thick $accent;
    }
    ReplaceDialog #r-preview {
        border: tall $panel;
    }
    ReplaceDialog Button:focus {
        text-style: bold reverse;
    }
    """
    BINDINGS = keys.REPLACE_SCREEN

    def __init__(self, marked=()) -> None:
        super().__init__()
        self.marked = list(marked)
        self.plan: list[Edit] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("查找替换（先预览，ctrl+r 全部替换，可用 ctrl+z 一步撤销）", id="r-title")
            with Horizontal(classes="r-row"):
                yield Select(MODES, value="text", allow_blank=False, id="r-mode")
                yield Input(placeholder="查找", id="r-find")
                yield Input(placeholder="替换为", id="r-with")
            with Horizontal(classes="r-row"):
                for f in ALL_FIELDS:
                    yield ClearCheckbox(FIELD_LABELS[f], True, id=f"r-{f}")
                yield ClearCheckbox(f"仅标记的 {len(self.marked)} 个项目", bool(self.marked), id="r-marked",
                               disabled=not self.marked)
            yield Static("", id="r-status")
            yield DataTable(id="r-preview", cursor_type="row", zebra_stripes=True)
            with Horizontal(classes="r-row"):
                yield Button("全部替换（ctrl+r）", id="r-apply", variant="primary")
                yield Button("关闭（Esc）", id="r-close")

    def on_mount(self) -> None:
        self._widths: tuple[int, int] | None = None
        self.query_one("#r-find", Input).focus()
        self.refresh_plan()

    def _scope(self):
        if self.marked and self.query_one("#r-marked", Checkbox).value:
            return self.marked
        return self.app.session.ws

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def refresh_plan(self) -> None:
        mode = self.query_one("#r-mode", Select).value
        find = self.query_one("#r-find", Input).value
        repl = self.query_one("#r-with", Input).value
        fields = [f for f in ALL_FIELDS if self.query_one(f"#r-{f}", Checkbox).value]
        status = self.query_one("#r-status", Static)
        self.query_one("#r-find", Input).disabled = self.query_one("#r-with", Input).disabled = mode not in ("text", "regex")
        self.plan = []
        try:
            if mode in ("text", "regex"):
                if find:
                    self.plan = plan_replace(self._scope(), find, repl, fields, regex=mode == "regex")
            elif mode in ("full", "half"):
                self.plan = plan_punctuation(self._scope(), mode, [f for f in fields if f != "value"])
            else:
                self.plan = plan_canonical_values(self._scope())
        except ValueError as e:
            status.update(Text(str(e), "bold red"))
            self._show()
            return
        projects = len({(e.unit_id, e.project_id) for e in self.plan})
        if not self.plan:
            status.update(Text("没有需要修改的内容" if find or mode not in ("text", "regex") else "输入要查找的文字", "dim"))
        elif mode in ("text", "regex") and not repl:
            # nothing to replace with yet: what was found, not a count of changes
            status.update(Text(f"找到 {len(self.plan)} 处，涉及 {projects} 个项目；请输入「替换为」"
                               "（留空则删去找到的文字）", "yellow"))
        else:
            status.update(Text(f"将修改 {len(self.plan)} 处，涉及 {projects} 个项目", "green"))
        self._show()

    def on_resize(self) -> None:
        self._show()

    def _show(self) -> None:
        """The preview: a short location, then the old and the new text around the change, in
        columns that fit the dialog (the texts are never pushed off to the right)."""
        table = self.query_one("#r-preview", DataTable)
        widths = column_widths(table.size.width or self.app.size.width * 95 // 100 - 6)
        if widths != self._widths:
            self._widths = widths
            table.clear(columns=True)
            table.add_column("位置", width=widths[0])
            table.add_column("原文", width=widths[1])
            table.add_column("替换为", width=widths[1])
        else:
            table.clear()
        for e in self.plan[:MAX_ROWS]:
            table.add_row(*preview_row(e, *widths))

    @on(Button.Pressed, "#r-apply")
    def action_apply(self) -> None:
        if not self.plan:
            self.app.notify("没有需要修改的内容", severity="warning")
            return
        mode = self.query_one("#r-mode", Select).value
        if mode in ("text", "regex"):
            label = f"替换「{self.query_one('#r-find', Input).value}」→「{self.query_one('#r-with', Input).value}」"
        else:
            label = {v: k for k, v in MODES}[mode]
        plan = self.plan
        change = self.app.edit(lambda s: s.apply_edits(f"{label}（{len(plan)} 处）", plan))
        if change is not None:
            self.app.notify(f"已修改 {len(plan)} 处（ctrl+z 撤销）")
            self.dismiss(None)

    @on(Button.Pressed, "#r-close")
    def action_close(self) -> None:
        self.dismiss(None)
