"""The help screen (F1): every key, where it works, and its id for remapping."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from tui import keys
from tui.screens.base import Dialog


class HelpScreen(Dialog[None]):
    DEFAULT_CSS = """
    HelpScreen #help {
        width: 100;
        height: 80%;
        padding: 0 1;
    }
    """

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
            "按键写法：^ 表示 Ctrl 键（底部的 ^=Ctrl；^s 即按住 Ctrl 再按 S，^↑ 即 Ctrl+↑），⏎ 是 Enter，f1 是 F1。"
            "底部只列出常用的按键，全部按键见下表，或按 ^p 打开命令面板。\n",
            "底部的问题列表：没有问题、或正在编辑单元格时只占一行；选中的问题（F6 切到问题列表，↑↓ 选择）"
            "在列表下方显示完整的说明和位置。\n",
            "左侧选择工作区、单位或项目，右侧编辑；底部列出全部问题，在问题上按 Enter 跳到对应位置。\n",
            "左侧树下方显示所选节点的完整名称；alt+← / alt+→ 或用鼠标拖动树右侧的竖线调整树的宽度。\n",
            "撤销（^z）/ 重做（^y）提示撤销了什么、在哪个项目；修改在别的项目中时先转到那里，"
            "一次修改涉及多个项目（如全工作区的查找替换）时先询问。\n",
            "指标表：直接输入文字即编辑单元格（或 Enter / F2），Enter 确认，Esc 取消；Tab / shift+Tab 在单元格间移动"
            "（编辑时先确认）；新增的行按 Enter 依次填写各列。在树中粘贴的指标行进入所选项目的指标表。\n",
            "类别只能从代码表中选择：输入代码（如 22）或名称的一部分（如 社会）。\n",
            "批量录入：在指标表中粘贴从 Excel/WPS 复制的行（二级指标、三级指标、实施周期指标值、年度指标值，可在前面加一级指标）"
            "或已公开表格的绩效指标文字，一次插入、一次撤销；新增行时类别留空按 Enter 直接输入三级指标，"
            "输入几个字后 Tab 采用工作区中用过的指标（连同类别和指标值）。\n",
            "在左侧树中按空格标记多个项目，ctrl+b 向它们新增同一指标或设置同一字段；ctrl+f 查找替换（先预览）；"
            "ctrl+o 从其他工作区（如去年的）复制项目。\n",
            "上一年度：命令面板中「比较工作区…」在项目旁显示上一年度的数字；「从本工作区开始新年度…」"
            "新建下一年度的工作区（勾选结转的项目，名称中年度已结束的默认不结转；F10 新建）。\n",
            "版本（git）：树中 ~ 已修改、+ 新增、- 已删除、! 有合并冲突（与上次提交相比）；"
            "F3 差异，F4 历史，F9 提交。\n",
            f"改键：在 {self.config_path} 中写 [keys] 表，如 save = \"f10\"。\n",
        )
        with Vertical(id="help"):
            with VerticalScroll():
                yield Static(intro)
                yield Static(t)
            yield Label("Esc / F1 关闭", id="help-close")
