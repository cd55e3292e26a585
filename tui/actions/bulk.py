"""Bulk entry in the editor: paste indicator rows, fill down, copy target values, mark projects
and change them together; the app's side of find-and-replace and of copying a project from
another workspace.

``BulkActions`` is mixed into the app: each action reads where the user is (the project shown,
the table's cursor, the projects marked in the tree) and makes ONE change in the edit session,
so one ctrl+z takes the whole paste, fill or bulk edit back.
"""

from __future__ import annotations

from textual.actions import SkipAction
from textual.app import SystemCommand

from model.filekey import project_key
from tui.actions.host import EditorMixin
from tui.text.paste_text import skipped_text


class BulkActions(EditorMixin):
    """Mixed into JixiaoApp."""

    # -- where the user is --------------------------------------------------------------------

    def _shown_project(self):
        from tui.widgets.editors import ProjectEditor

        if self.current.kind != "project":
            return None
        ed = self.query_one(ProjectEditor)
        if ed.project is None:
            return None
        return ed, ed.unit, ed.project

    def _table(self):
        from tui.widgets.indicators import IndicatorTable

        return self.query_one(IndicatorTable)

    # -- Tab: a completion, the next cell, the next field -----------------------------------

    def action_focus_next(self) -> None:
        from tui.widgets.editors import ProjectEditor
        from tui.widgets.indicators import EditBar

        focused = self.focused
        if focused is not None and focused.id == "edit-input" and self.query_one(EditBar).accept_completion():
            return
        if focused is not None and self.current.kind == "project" and self.query_one(ProjectEditor).accept_completion():
            return
        self._skip_in_table()
        super().action_focus_next()

    def action_focus_previous(self) -> None:
        self._skip_in_table()
        super().action_focus_previous()

    def _skip_in_table(self) -> None:
        """In the indicator table and its edit bar, Tab is theirs (the next cell, as in a
        spreadsheet; keys.TABLE, keys.EDIT_BAR): this binding steps aside."""
        focused = self.focused
        if focused is not None and (focused.id == "edit-input" or focused.id == "indicators"):
            raise SkipAction()

    # -- paste --------------------------------------------------------------------------------

    def paste_indicators(self, text: str, at_end: bool = False) -> bool:
        """Insert pasted rows into the shown project's table: after the cursor's row, or
        ``at_end``; the notification says where they went."""
        where = self._shown_project()
        if where is None:
            self.notify("先打开一个项目，再在指标表中粘贴", severity="warning")
            return False
        _, u, p = where
        from model.paste import parse_paste

        pasted = parse_paste(text, self.session.codes)
        if not pasted.indicators:
            why = skipped_text(pasted) or "没有内容"
            self.notify(f"没有可粘贴的指标行：\n{why}", severity="error", timeout=12)
            return False
        table = self._table()
        at = len(p.indicators) if at_end else table.cursor_row + 1 if p.indicators else 0
        n = len(pasted.indicators)
        change = self.edit(lambda s: s.insert_indicators(u, p, at, pasted.indicators, f"粘贴 {n} 个指标"))
        if change is None:
            return False
        table.move_cursor(row=at, column=3)
        rows = f"第 {at + 1} 行" if n == 1 else f"第 {at + 1}–{at + n} 行"
        msg = f"已粘贴 {n} 个指标到「{p.name or '（未命名项目）'}」的指标表{rows}（ctrl+z 撤销）"
        if pasted.skipped:
            self.notify(f"{msg}；跳过 {len(pasted.skipped)} 行：\n{skipped_text(pasted)}", severity="warning", timeout=15)
        else:
            self.notify(msg, timeout=6)
        return True

    def on_project_editor_paste_rows(self, event) -> None:
        self.paste_indicators(event.text)

    def on_paste(self, event) -> None:
        """A paste nobody took (the tree, the problems list have the focus): into the shown
        project's table from the tree, else a word on where a paste goes."""
        from textual.widgets import Input, TextArea

        if self.session is None or len(self.screen_stack) > 1 or isinstance(self.focused, (Input, TextArea)):
            return  # still loading; a dialog's own; an input took it
        event.stop()
        if self.current.kind == "project" and self.focused is self.tree_widget:
            if self.paste_indicators(event.text, at_end=True):
                self._table().focus()
            return
        if self.current.kind == "project":
            self.notify("粘贴指标行：把光标放在指标表（F6 切换窗格）或左侧树中的项目上，再粘贴", severity="warning")
        else:
            self.notify("粘贴指标行：先在左侧树中选中一个项目，粘贴的行进入它的指标表", severity="warning")

    def action_paste_rows(self) -> None:
        """ctrl+v in the table (when the terminal passes it on rather than pasting itself)."""
        if self._shown_project() is None:
            return

        def done(text: str | None) -> None:
            if text:
                self.paste_indicators(text)

        from tui.screens.paste import PasteDialog

        self.push_screen(PasteDialog(self.clipboard or "", self.session.codes), done)

    # -- fill down, period <-> annual ---------------------------------------------------------

    def action_fill_down(self) -> None:
        from tui.widgets.indicators import FIELDS

        where = self._shown_project()
        if where is None or not where[2].indicators:
            return
        _, u, p = where
        table = self._table()
        row, col = table.cursor_coordinate
        field = FIELDS[max(col, 1)]
        if self.edit(lambda s: s.fill_down(u, p, row, field)) is None and row > 0:
            self.notify("与上一行相同，无需填充")

    def action_copy_values(self, scope: str = "row", direction: str = "") -> None:
        """Copy the target value under the cursor into the other value column (``direction``
        forces period→annual or annual→period); ``scope`` "all" does every row."""
        from tui.widgets.indicators import FIELDS

        where = self._shown_project()
        if where is None or not where[2].indicators:
            return
        _, u, p = where
        row, col = self._table().cursor_coordinate
        src = direction or ("annual" if FIELDS[col] == "annual" else "period")
        dst = "period" if src == "annual" else "annual"
        rows = list(range(len(p.indicators))) if scope == "all" else [row]
        if self.edit(lambda s: s.copy_values(u, p, rows, src, dst)) is None:
            self.notify("两列指标值已经相同")

    # -- marked projects ----------------------------------------------------------------------

    @property
    def marked(self) -> set[tuple[str, str]]:
        return self.tree_widget.marked

    def marked_targets(self):
        out = []
        for u, p in self.session.ws.projects():
            if (u.id, p.id) in self.marked:
                out.append((u, p))
        return out

    def action_toggle_mark(self) -> None:
        tree = self.tree_widget
        ref = tree.current
        if ref is None:
            return
        if ref.kind == "project":
            key = (ref.unit_id, ref.project_id)
            self.marked.symmetric_difference_update({key})
            tree.relabel([project_key(*key)])
            n = len(self.marked)
            self.notify(f"已标记 {n} 个项目（ctrl+b 批量修改）" if n else "没有标记的项目", timeout=2)
            tree.action_cursor_down()
        else:
            tree.action_toggle_node()

    def action_bulk(self) -> None:
        targets = self.marked_targets()
        if not targets:
            self.notify("先在左侧树中用空格标记项目", severity="warning")
            return
        from tui.screens.marked import MarkedDialog

        self.push_screen(MarkedDialog(targets))

    # -- find and replace, copy from another workspace ----------------------------------------

    def action_find_replace(self) -> None:
        from tui.screens.replace import ReplaceDialog

        self.push_screen(ReplaceDialog(self.marked_targets()))

    def action_copy_from_other(self) -> None:
        from tui.screens.copy_project import CopyProjectDialog

        self.push_screen(CopyProjectDialog())

    def bulk_commands(self):
        yield SystemCommand("查找替换", "在项目名称、绩效目标、指标名称和指标值中查找替换（先预览）", self.action_find_replace)
        yield SystemCommand("统一标点 / 规范指标值", "查找替换：全角标点、90%或以上 → ≥90%", self.action_find_replace)
        yield SystemCommand("批量修改已标记的项目", "向已标记的项目新增同一指标，或设置同一字段", self.action_bulk)
        yield SystemCommand("从其他工作区复制项目", "如去年的工作区：按路径和项目名称选择", self.action_copy_from_other)
        yield SystemCommand("粘贴指标行", "粘贴从表格复制的指标行（Tab 分隔）或绩效指标文字", self.action_paste_rows)
        yield SystemCommand("向下填充", "把上一行的单元格复制到当前行", self.action_fill_down)
        yield SystemCommand("全部指标：实施周期指标值 → 年度指标值", "当前项目的每一行",
                            lambda: self.action_copy_values("all", "period"))
        yield SystemCommand("全部指标：年度指标值 → 实施周期指标值", "当前项目的每一行",
                            lambda: self.action_copy_values("all", "annual"))
