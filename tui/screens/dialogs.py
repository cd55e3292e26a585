"""Modal questions (quit with unsaved work, a file changed on disk, restore after a crash) and the
help screen."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tui import keys


class ChoiceDialog(ModalScreen[str]):
    """A question with a few answers; each answer has a key (shown on its button)."""

    def __init__(self, title: str, message: str | Text, choices: list[tuple[str, str, str]],
                 cancel: str | None = None) -> None:
        """``choices`` are (key, label, value); Esc answers ``cancel`` when given."""
        super().__init__()
        self.title_text = title
        self.message = message
        self.choices = choices
        self.cancel = cancel
        self.answers = {key: value for key, _label, value in choices}
        if cancel is not None:
            self.answers["escape"] = cancel

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="dialog-title")
            yield Static(self.message, id="dialog-message")
            with Horizontal(id="dialog-buttons"):
                for i, (key, label, value) in enumerate(self.choices):
                    yield Button(f"{label}（{key.upper()}）", id=f"choice-{value}",
                                 variant="primary" if i == 0 else "default")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def on_key(self, event) -> None:
        value = self.answers.get(event.key)
        if value is not None:
            event.stop()
            self.dismiss(value)


def quit_dialog(files: list[str]) -> ChoiceDialog:
    shown = "、".join(files[:5]) + (f" 等 {len(files)} 个文件" if len(files) > 5 else "")
    return ChoiceDialog(
        "有未保存的修改",
        f"以下文件有未保存的修改：{shown}\n退出前要保存吗？",
        [("s", "保存并退出", "save"), ("d", "放弃修改并退出", "discard"), ("c", "取消", "cancel")],
        cancel="cancel",
    )


def conflict_dialog(rel: str) -> ChoiceDialog:
    return ChoiceDialog(
        "文件已在磁盘上被修改",
        Text.assemble(
            (rel, "bold"), " 在 jixiao 之外被修改了（可能是 git pull 或其他编辑器），而你对它有未保存的修改。\n\n",
            "载入磁盘版本：放弃你对这个文件的修改（可用 ctrl+z 找回）。\n",
            "保留我的修改：下次保存时用你的版本覆盖磁盘上的版本。\n",
            "稍后决定：暂不处理，保存时不会覆盖这个文件。",
        ),
        [("l", "载入磁盘版本", "load"), ("k", "保留我的修改", "keep"), ("c", "稍后决定", "later")],
        cancel="later",
    )


def recovery_dialog(written: str, files: list[str], changed: list[str]) -> ChoiceDialog:
    shown = "、".join(files[:6]) + (f" 等 {len(files)} 个文件" if len(files) > 6 else "")
    msg = Text.assemble(
        f"上次编辑（{written}）有未保存的修改没有保存就结束了：{shown}。\n",
        "恢复后这些修改会显示为未保存，可检查后保存或撤销（ctrl+z）。",
    )
    if changed:
        msg.append(f"\n注意：此后磁盘上的 {'、'.join(changed[:4])} 也被修改过，恢复会以你的未保存版本为准。", "yellow")
    return ChoiceDialog("恢复未保存的修改？", msg,
                        [("r", "恢复", "restore"), ("d", "放弃", "discard")], cancel=None)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "app.pop_screen", "关闭", show=True)]

    def __init__(self, keymap: dict[str, str], config_path: str) -> None:
        super().__init__()
        self.keymap = keymap
        self.config_path = config_path

    def compose(self) -> ComposeResult:
        t = Table(box=None, padding=(0, 2), header_style="bold")
        t.add_column("位置")
        t.add_column("按键")
        t.add_column("作用")
        t.add_column("id（可在配置中改键）", style="dim")
        for group, bindings in keys.GROUPS.items():
            for b in bindings:
                t.add_row(group, self.keymap.get(b.id, b.key), b.description, b.id)
        t.add_row("表单", "tab / shift+tab", "在字段间移动", "")
        intro = Text.assemble(
            ("jixiao 绩效目标表编辑器\n", "bold"),
            "左侧选择工作区、单位或项目，右侧编辑；底部列出全部问题，在问题上按 Enter 跳到对应位置。\n",
            "指标表：Enter 或 F2 编辑单元格，Enter 确认，Esc 取消；新增的行按 Enter 依次填写各列。\n",
            "类别只能从代码表中选择：输入代码（如 22）或名称的一部分（如 社会）。\n",
            "批量录入：在指标表中粘贴从 Excel/WPS 复制的行（二级指标、三级指标、实施周期指标值、年度指标值，可在前面加一级指标）"
            "或已公开表格的绩效指标文字，一次插入、一次撤销；新增行时类别留空按 Enter 直接输入三级指标，"
            "输入几个字后 Tab 采用工作区中用过的指标（连同类别和指标值）。\n",
            "在左侧树中按空格标记多个项目，ctrl+b 向它们新增同一指标或设置同一字段；ctrl+f 查找替换（先预览）；"
            "ctrl+o 从其他工作区（如去年的）复制项目。\n",
            "版本（git）：树中 ~ 已修改、+ 新增、- 已删除、! 有合并冲突（与上次提交相比）；"
            "F3 差异，F4 历史，F9 提交。\n",
            f"改键：在 {self.config_path} 中写 [keys] 表，如 save = \"f10\"。\n",
        )
        with Vertical(id="help"):
            with VerticalScroll():
                yield Static(intro)
                yield Static(t)
            yield Label("Esc / F1 关闭", id="help-close")
