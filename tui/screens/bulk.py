"""The bulk-entry dialogs: paste indicator rows with a preview, and change the marked projects
together. Imported when first opened (the editor's first screen does not need them)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from model.fields import PROJECT_FIELDS, PROJECT_LABELS
from tui import keys
from tui.text.paste_text import MAX_SHOWN, skipped_text

DIALOG_CSS = """
PasteDialog, MarkedDialog, CopyProjectDialog {
    align: center middle;
}
PasteDialog > Vertical, MarkedDialog > Vertical, CopyProjectDialog > Vertical {
    width: 100;
    height: auto;
    max-height: 90%;
    border: thick $accent;
    background: $surface;
    padding: 1 2;
}
PasteDialog TextArea {
    height: 10;
}
.bulk-title {
    text-style: bold;
    margin-bottom: 1;
}
.bulk-row {
    height: auto;
}
.bulk-row Input, .bulk-row Select {
    width: 1fr;
}
.bulk-row Button {
    margin-left: 1;
}
"""


class PasteDialog(ModalScreen[str]):
    """Rows to paste, with what they read as before they go in."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = keys.PASTE_DIALOG

    def __init__(self, text: str, codes) -> None:
        super().__init__()
        self.text = text
        self.codes = codes

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("粘贴指标行（从 Excel/WPS 复制的 Tab 分隔行，或已公开表格中的绩效指标文字）", classes="bulk-title")
            yield TextArea(self.text, id="paste-text", tab_behavior="indent")
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
                out.append(f"\n  {ind.level2} · {ind.name} · {ind.period} / {ind.annual}", "dim")
            if pasted.skipped:
                out.append(f"\n跳过 {len(pasted.skipped)} 行：\n{skipped_text(pasted)}", "yellow")
        else:
            out.append("在上面粘贴（终端的粘贴，如 ctrl+shift+v 或右键）", "dim")
        self.query_one("#paste-preview", Static).update(out)

    @on(Button.Pressed, "#paste-go")
    def action_insert(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_close(self) -> None:
        self.dismiss(None)


FIELD_CHOICES = [(PROJECT_LABELS[f], f) for f in PROJECT_FIELDS if f != "name"]


class MarkedDialog(ModalScreen[None]):
    """The projects marked in the tree: add one indicator to all, or set one field in all."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = keys.MARKED_DIALOG

    def __init__(self, targets) -> None:
        super().__init__()
        self.targets = targets

    def compose(self) -> ComposeResult:
        names = "、".join(p.name or p.id for _, p in self.targets[:4])
        more = f" 等 {len(self.targets)} 个项目" if len(self.targets) > 4 else ""
        with Vertical():
            yield Label(f"批量修改已标记的 {len(self.targets)} 个项目", classes="bulk-title")
            yield Static(Text(names + more, "dim"))
            yield Label("新增同一指标（二级指标可写代码或名称，如 31 或 服务对象满意度）", classes="field-label")
            with Horizontal(classes="bulk-row"):
                yield Input(placeholder="二级指标", id="m-level2")
                yield Input(placeholder="三级指标", id="m-name")
                yield Input(placeholder="实施周期指标值", id="m-period")
                yield Input(placeholder="年度指标值（空则同上）", id="m-annual")
                yield Button("新增到全部", id="m-add", variant="primary")
            yield Label("设置同一字段", classes="field-label")
            with Horizontal(classes="bulk-row"):
                yield Select(FIELD_CHOICES, value="goal", allow_blank=False, id="m-field")
                yield Input(placeholder="新的值", id="m-value")
                yield Button("设置到全部", id="m-set")
            yield Static("", id="m-error")

    def on_mount(self) -> None:
        self.query_one("#m-level2", Input).focus()

    def _error(self, text: str) -> None:
        self.query_one("#m-error", Static).update(Text(text, "bold red"))

    @on(Input.Submitted, "#m-level2, #m-name, #m-period, #m-annual")
    @on(Button.Pressed, "#m-add")
    def add(self) -> None:
        vals = [self.query_one(f"#m-{k}", Input).value.strip() for k in ("level2", "name", "period", "annual")]
        if not vals[3]:
            vals[3] = vals[2]
        from model.paste import parse_paste

        pasted = parse_paste("\t".join(vals), self.app.session.codes)
        if not pasted.indicators:
            self._error(pasted.skipped[0].reason if pasted.skipped else "请填写指标")
            return
        ind = pasted.indicators[0]
        if self.app.edit(lambda s: s.add_indicator_to_many(self.targets, ind)):
            self.app.notify(f"已向 {len(self.targets)} 个项目新增指标「{ind.name}」（ctrl+z 撤销）")
            self.dismiss(None)

    @on(Input.Submitted, "#m-value")
    @on(Button.Pressed, "#m-set")
    def set_field(self) -> None:
        field = self.query_one("#m-field", Select).value
        value = self.query_one("#m-value", Input).value
        change = self.app.edit(lambda s: s.set_field_many(self.targets, field, value))
        if change is None:
            self._error("所有已标记项目的这个字段已经是这个值")
            return
        self.app.notify(f"已{change.label}（ctrl+z 撤销）")
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
