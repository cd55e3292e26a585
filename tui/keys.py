"""Every key binding of the editor, by id, and the user's overrides.

Keys are F-keys and ctrl+letters (ctrl+enter never reaches the app in many terminals). Each
binding has an id; ``keys.toml`` in the user's config folder remaps them::

    # ~/.config/jixiao/keys.toml, %APPDATA%\\jixiao\\keys.toml (or $JIXIAO_CONFIG_DIR/keys.toml: tui.config)
    [keys]
    save = "f10"
    "indicator.add" = "ctrl+n,insert"

The help screen (F1) lists ids, keys and what they do.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.binding import Binding

from tui.config import config_dir


def _b(keys: str, action: str, description: str, id: str, show: bool = True, priority: bool = False) -> Binding:
    return Binding(keys, action, description, show=show, priority=priority, id=id)


# The footer shows only the keys a clerk needs every day (show=True), so they fit in 90 columns
# with the palette's ^p; F1 lists them all.
APP = [
    _b("ctrl+s", "save", "保存", "save", priority=True),
    _b("ctrl+z", "undo", "撤销", "undo", priority=True),
    _b("ctrl+y", "redo", "重做", "redo", show=False, priority=True),
    _b("ctrl+q", "quit", "退出", "quit", priority=True),
    _b("f1", "help", "帮助", "help"),
    _b("f5", "check", "检查", "check", show=False),
    _b("f3", "git_diff", "差异", "git.diff", show=False),
    _b("f9", "git_commit", "提交", "git.commit", show=False),
    _b("f4", "git_history", "历史", "git.history", show=False),
    _b("f6", "cycle_focus", "切换窗格", "focus.next"),
    _b("ctrl+g", "goto", "转到项目", "goto", show=False),
    _b("ctrl+f", "find_replace", "查找替换", "find_replace", show=False),
    _b("ctrl+b", "bulk", "批量修改", "bulk", show=False),
    _b("ctrl+o", "copy_from_other", "从其他工作区复制项目", "copy_from_other", show=False),
    _b("f12", "comment", "审核意见", "comment", show=False),
    _b("ctrl+p", "command_palette", "命令", "palette", show=False, priority=True),
    # the tree's width, for the session (in an input box ctrl+←/→ still move by words)
    _b("alt+left,ctrl+left", "tree_width(-4)", "树变窄", "tree.narrower", show=False),
    _b("alt+right,ctrl+right", "tree_width(4)", "树变宽", "tree.wider", show=False),
    # Tab moves focus before the keys typed after it are delivered, even in a fast burst
    # (a screen-level binding would only see Tab after the focused Input had queued them)
    _b("tab", "app.focus_next", "下一字段", "focus.field_next", show=False, priority=True),
    _b("shift+tab", "app.focus_previous", "上一字段", "focus.field_previous", show=False, priority=True),
]

# the tree's keys act on the node under its cursor; the app's actions (tui.actions.structure) do it
TREE = [
    _b("ctrl+n", "app.new_project", "新增项目", "project.add"),
    _b("f7", "app.new_unit", "新增单位", "unit.add", show=False),
    _b("ctrl+d", "app.duplicate", "复制", "tree.duplicate", show=False),
    _b("f8", "app.delete", "删除", "tree.delete"),
    _b("space", "app.toggle_mark", "标记项目", "tree.mark", show=False),
    _b("ctrl+up,alt+up", "app.move(-1)", "上移", "tree.move_up", show=False),
    _b("ctrl+down,alt+down", "app.move(1)", "下移", "tree.move_down", show=False),
]

TABLE = [
    _b("enter,f2", "edit", "编辑", "indicator.edit"),
    _b("ctrl+n", "add", "新增指标", "indicator.add"),
    _b("ctrl+d", "duplicate", "复制指标", "indicator.duplicate", show=False),
    _b("f8", "delete", "删除行", "indicator.delete"),  # "删除指标" made the footer 2 cells too wide at 90
    _b("ctrl+v", "app.paste_rows", "粘贴行", "indicator.paste", show=False),
    _b("ctrl+l", "app.fill_down", "向下填充", "indicator.fill_down", show=False),
    _b("ctrl+t", "app.copy_values('row')", "周期↔年度值", "indicator.copy_values", show=False),
    # Tab in the table: the app's Tab lets these run (tui.actions.bulk)
    _b("tab", "next_cell(1)", "下一单元格", "indicator.next_cell", show=False),
    _b("shift+tab", "next_cell(-1)", "上一单元格", "indicator.previous_cell", show=False),
    _b("ctrl+up,alt+up", "move(-1)", "上移", "indicator.move_up", show=False),
    _b("ctrl+down,alt+down", "move(1)", "下移", "indicator.move_down", show=False),
]

EDIT_BAR = [
    _b("escape", "cancel", "取消", "edit.cancel"),
    _b("tab", "commit(1)", "确认，到下一单元格", "edit.next_cell", show=False),
    _b("shift+tab", "commit(-1)", "确认，到上一单元格", "edit.previous_cell", show=False),
]

PROBLEMS = [
    _b("enter", "jump", "转到", "problems.jump"),
]

PASTE_DIALOG = [
    _b("f2", "insert", "插入", "paste.insert"),
    _b("escape", "close", "取消", "paste.cancel"),
]

MARKED_DIALOG = [
    _b("escape", "close", "关闭", "bulk.close"),
]

REPLACE_SCREEN = [
    _b("ctrl+r", "apply", "全部替换", "replace.apply"),
    _b("escape", "close", "关闭", "replace.close"),
]

COPY_DIALOG = [
    _b("up", "option(-1)", "上一个", "copy.up", show=False),
    _b("down", "option(1)", "下一个", "copy.down", show=False),
    _b("escape", "close", "取消", "copy.cancel"),
]

DIFF_VIEW = [
    _b("escape,f3", "close", "关闭", "diff.close"),
    _b("ctrl+w", "toggle_scope", "项目/工作区", "diff.scope"),
    _b("ctrl+e", "review", "写出修订对照表", "diff.review"),
]

HISTORY_VIEW = [
    _b("escape,f4", "close", "关闭", "history.close"),
]

COMMIT_DIALOG = [
    _b("escape", "close", "取消", "commit.cancel"),
    _b("f9", "force", "仍然提交", "commit.force"),
]

CONFLICT_VIEW = [
    _b("left", "choose('ours')", "用我方", "conflict.ours", priority=True),
    _b("right", "choose('theirs')", "用对方", "conflict.theirs", priority=True),
    _b("f10", "resolve", "写入所选", "conflict.resolve"),
    _b("escape", "close", "稍后", "conflict.later"),
]

NEW_YEAR_DIALOG = [
    _b("f10", "create", "新建", "newyear.create"),
    _b("escape", "close", "取消", "newyear.cancel"),
]

GROUPS = {"全局": APP, "左侧树": TREE, "指标表": TABLE, "编辑栏": EDIT_BAR, "问题列表": PROBLEMS,
          "差异": DIFF_VIEW, "历史": HISTORY_VIEW, "提交": COMMIT_DIALOG, "合并冲突": CONFLICT_VIEW}
GROUPS.update({"粘贴指标": PASTE_DIALOG, "批量修改": MARKED_DIALOG, "查找替换": REPLACE_SCREEN,
               "复制项目": COPY_DIALOG, "开始新年度": NEW_YEAR_DIALOG})


def shown_key(app, bid: str) -> str:
    """The (first) key that does ``bid`` now: the user's keys.toml, else the default."""
    override = (getattr(app, "keymap", None) or {}).get(bid)
    if override:
        return override.split(",")[0].strip()
    for group in GROUPS.values():
        for b in group:
            if b.id == bid:
                return b.key.split(",")[0]
    return bid


def keymap_path() -> Path:
    return config_dir() / "keys.toml"


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """The user's overrides and problems with them (in Chinese); a missing file is no problem."""
    path = path or keymap_path()
    try:
        data = tomllib.loads(path.read_text("utf-8-sig"))  # Notepad may save "UTF-8 with BOM"
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        return {}, [f"{path}：无法读取按键配置（{e}），使用默认按键"]
    known = {b.id for group in GROUPS.values() for b in group}
    keys = data.get("keys", {})
    out: dict[str, str] = {}
    problems = []
    if not isinstance(keys, dict):
        return {}, [f"{path}：[keys] 应为表"]
    for bid, value in keys.items():
        if bid not in known:
            problems.append(f"{path}：未知的按键 id「{bid}」（按 F1 查看全部 id）")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"{path}：{bid} 的值应为按键文本，如 \"ctrl+s\"")
        else:
            out[bid] = value.strip()
    return out, problems
