"""审核意见 in the editor: F12 (or the palette's 审核意见) opens ``tui.screens.comments`` on the
project shown, the new comment aimed at what the cursor is on (a field, an indicator cell, or
the project when the tree has the focus). Adding and resolving are undoable changes; the
reviewer's name is asked once per run (prefilled with git's user name)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from tui.actions.host import EditorMixin

if TYPE_CHECKING:
    from model.comments import Target
    from model.workspace import Project, Unit


class CommentActions(EditorMixin):
    """Mixed into JixiaoApp."""

    reviewer: str | None = None  # the name typed last in this run

    def comment_target(self) -> tuple[Unit | None, Project | None, Target]:
        from model.comments import Target
        from tui.widgets.editors import ProjectEditor
        from tui.widgets.form import FieldInput
        from tui.widgets.indicators import FIELDS, EditBar, IndicatorTable

        ref = self.current
        found = self.session.project(ref.unit_id, ref.project_id) if ref.kind == "project" else None
        if found is None:
            _, u, p = self.tree_target()
            return u, p, Target()
        u, p = found
        w = self.focused
        form = self.view("project")
        if w is None or not isinstance(form, ProjectEditor) or form not in w.ancestors_with_self:
            return u, p, Target()
        if isinstance(w, FieldInput):
            return u, p, Target(w.field)
        if w.id == "p-goal":
            return u, p, Target("goal")
        if isinstance(w, IndicatorTable) or any(isinstance(a, EditBar) for a in w.ancestors_with_self):
            row, col = form.query_one(IndicatorTable).cursor_coordinate
            if 0 <= row < len(p.indicators) and p.indicators[row].name.strip():
                # the number and category columns: the indicator as a whole
                return u, p, Target(FIELDS[col] if col > 2 else "", p.indicators[row].name)
        return u, p, Target()

    def action_comment(self, resolving: bool = False) -> None:
        from tui.reviewer import default_reviewer
        from tui.screens.comments import CommentDialog

        u, p, target = self.comment_target()
        if u is None or p is None:
            self.notify("先在左侧树中选中一个项目，再添加审核意见", severity="warning")
            return
        if self.reviewer is None:
            self.reviewer = default_reviewer(self.workspace_root)

        def done(answer: tuple | None) -> None:
            if not answer:
                return
            self._comment_answer(u, p, target, answer)

        self.push_screen(CommentDialog(p, target, self.reviewer, resolving), done)

    def _comment_answer(self, u: Unit, p: Project, target: Target, answer: tuple) -> None:
        from model.comments import new_comment, resolved

        kind, what, author = answer
        self.reviewer = author
        now = datetime.now()
        if kind == "add":
            if self.edit(lambda s: s.add_comment(u, p, new_comment(author, target, what, now))):
                self.notify(f"已添加审核意见（{target.text()}），保存后写入项目文件")
        elif kind == "resolve" and not p.comments[what].resolved:
            done = resolved(p.comments[what], author, now)
            if self.edit(lambda s: s.resolve_comment(u, p, what, done)):
                self.notify(f"审核意见 {what + 1} 已标记为已解决（意见保留），保存后写入项目文件")

    def comment_commands(self):
        from textual.app import SystemCommand

        yield SystemCommand("审核意见：添加", "给当前项目（光标所在的字段或指标）添加审核意见（F12）", self.action_comment)
        yield SystemCommand("审核意见：标记已解决", "把当前项目的一条审核意见标记为已解决（意见保留）",
                            lambda: self.action_comment(resolving=True))
