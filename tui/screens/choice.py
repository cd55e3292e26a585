"""``ChoiceDialog``, a question with a few answers, and the questions the editor asks with it: quit
with unsaved work, a file changed on disk, restore after a crash."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from model.text import escaped
from tui.screens.base import Dialog
from tui.widgets.safe_text import pictured_text


class ChoiceDialog(Dialog[str]):
    """A question with a few answers; each answer has a key (shown on its button)."""

    def __init__(self, title: str, message: str | Text, choices: list[tuple[str, str, str]],
                 cancel: str | None = None) -> None:
        """``choices`` are (key, label, value); Esc answers ``cancel`` when given."""
        super().__init__()
        self.title_text = title
        self.message = escaped(message, multiline=True) if isinstance(message, str) else pictured_text(message)
        self.choices = choices
        self.cancel = cancel
        self.answers = {key: value for key, _label, value in choices}
        if cancel is not None:
            self.answers["escape"] = cancel
        # the footer lists the answers' keys (on_key answers them; a click on the footer runs these)
        for key, label, value in choices:
            self._bindings.bind(key, f"answer({value!r})", label)
        if cancel is not None and cancel not in {value for _key, _label, value in choices}:
            self._bindings.bind("escape", f"answer({cancel!r})", "取消")

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

    def action_answer(self, value: str) -> None:
        self.dismiss(value)

    def on_key(self, event) -> None:
        value = self.answers.get(event.key)
        if value is not None:
            event.stop()
            self.dismiss(value)


def quit_dialog(names: list[str]) -> ChoiceDialog:
    """``names``: what has unsaved edits, in words (「项目名称」, 单位「…」, 工作区设置)."""
    shown = "、".join(names[:5]) + (f" 等 {len(names)} 个" if len(names) > 5 else "")
    return ChoiceDialog(
        "有未保存的修改",
        f"以下内容有未保存的修改：{shown}\n退出前要保存吗？",
        [("s", "保存并退出", "save"), ("d", "放弃修改并退出", "discard"), ("c", "取消", "cancel")],
        cancel="cancel",
    )


def delete_dialog(what: str) -> ChoiceDialog:
    """F8 in the tree: ``what`` names the project or unit and what it holds."""
    return ChoiceDialog("删除", f"删除{what}？\n删除后可用 ctrl+z 撤销；保存时才删除文件。",
                        [("d", "删除", "delete"), ("c", "取消", "cancel")], cancel="cancel")


def conflict_dialog(rel: str, deleted: bool = False, project: bool = True) -> ChoiceDialog:
    """A file with unsaved edits changed on disk; ``deleted``: it is gone from disk (a
    ``project`` file's deletion can be taken: the project leaves the editor)."""
    if deleted:
        return deleted_dialog(rel, project)
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


def deleted_dialog(rel: str, project: bool) -> ChoiceDialog:
    take = [("d", "接受删除", "delete")] if project else []
    return ChoiceDialog(
        "文件已在磁盘上被删除",
        Text.assemble(
            (rel, "bold"), " 在 jixiao 之外被删除了（可能是 git pull 或在文件夹中删除），而你对它有未保存的修改。\n\n",
            "接受删除：从编辑器中移除这个项目，连同你的修改（可用 ctrl+z 找回）。\n" if project else "",
            "保留我的修改：下次保存时按你的版本重新创建这个文件。\n",
            "稍后决定：暂不处理，保存时不会重新创建这个文件。",
        ),
        [*take, ("k", "保留我的修改", "keep"), ("c", "稍后决定", "later")],
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
