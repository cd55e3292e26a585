"""The projects marked in the tree (ctrl+b): add one indicator to all, or set one field in all.
Imported when first opened (the editor's first screen does not need Select)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from model.fields import PROJECT_FIELDS, PROJECT_LABELS
from model.text import escaped
from tui import keys
from tui.screens.base import Dialog

FIELD_CHOICES = [(PROJECT_LABELS[f], f) for f in PROJECT_FIELDS if f != "name"]


class MarkedDialog(Dialog[None]):
    """The projects marked in the tree: add one indicator to all, or set one field in all."""

    DEFAULT_CSS = """
    MarkedDialog > Vertical {
        width: 100;
        max-height: 90%;
    }
    """
    BINDINGS = keys.MARKED_DIALOG

    def __init__(self, targets) -> None:
        super().__init__()
        self.targets = targets

    def compose(self) -> ComposeResult:
        names = "、".join(p.name or p.id for _, p in self.targets[:4])
        more = f" 等 {len(self.targets)} 个项目" if len(self.targets) > 4 else ""
        with Vertical():
            yield Label(f"批量修改已标记的 {len(self.targets)} 个项目", classes="bulk-title")
            yield Static(Text(escaped(names) + more, "dim"))
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
