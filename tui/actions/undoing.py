"""Undo and redo (ctrl+z / ctrl+y), saying what they undo and where.

A change to what the pane shows is undone at once and the notification names it. A change made
elsewhere (another project, a unit, the workspace's settings) is undone there: the tree and the
form go to it, and the notification says where (「撤销：修改总计（在「购置经费」）」). A change
to several projects — a workspace-wide replace, a bulk edit of marked projects — is asked about
first, naming what it was and the projects it touched, so that a second ctrl+z never silently
takes back, in 18 projects, a replace made an hour ago.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.text import escaped
from tui.actions.host import EditorMixin

if TYPE_CHECKING:
    from model.filekey import FileKey
    from model.history import Change
    from model.history.session import EditSession

NAMED = 3  # projects named in a message; the rest counted


def place_name(session: EditSession, key: FileKey) -> str:
    """A changed file as the user knows it: 「项目名称」, 单位「…」, 工作区设置."""
    if key.kind == "workspace":
        return "工作区设置"
    if key.kind == "unit":
        u = session.unit(key.unit_id)
        return f"单位「{escaped(u.name) or '（未命名单位）'}」" if u is not None else f"单位 {key.unit_id}"
    found = session.project(key.unit_id, key.project_id)
    if found is None:  # an added project, gone again
        return f"项目 {key.unit_id}/{key.project_id}"
    return f"「{escaped(found[1].name) or '（未命名项目）'}」"


def projects_of(change: Change) -> list[FileKey]:
    return [k for k in change.files if k.kind == "project"]


def named(session: EditSession, keys: list[FileKey]) -> str:
    names = "、".join(place_name(session, k) for k in keys[:NAMED])
    return names + (f" 等 {len(keys)} 个项目" if len(keys) > NAMED else "")


class UndoActions(EditorMixin):
    """Mixed into JixiaoApp."""

    _asking_undo = False  # the question about a change to several projects is open

    def action_undo(self) -> None:
        self._step(undo=True)

    def action_redo(self) -> None:
        self._step(undo=False)

    def _step(self, undo: bool) -> None:
        if self._asking_undo:  # a ctrl+z pressed again while asked: the question stands
            return
        stack = self.session.undo_stack if undo else self.session.redo_stack
        verb = "撤销" if undo else "重做"
        if not stack:
            self.notify("没有可撤销的修改" if undo else "没有可重做的修改")
            return
        change = stack[-1]
        projects = projects_of(change)
        if len(projects) <= 1:
            self._do_step(undo)
            return
        from tui.screens.choice import ChoiceDialog

        message = (f"下一步{verb}的是「{escaped(change.label)}」，它修改了 {len(projects)} 个项目："
                   f"{named(self.session, projects)}（不只是当前项目）。\n"
                   f"Enter 或 Y {verb}这些修改，Esc 或 N 不{verb}。")

        def answered(choice: str | None) -> None:
            self._asking_undo = False
            if choice == "go":
                self._do_step(undo)

        self._asking_undo = True
        self.push_screen(ChoiceDialog(f"{verb}多个项目的修改？", message,
                                      [("y", verb, "go"), ("n", "取消", "cancel")], cancel="cancel"), answered)

    def _do_step(self, undo: bool) -> None:
        here = self.current
        change = self.session.undo() if undo else self.session.redo()
        if change is None:
            return
        self.after_change(change)
        w = change.where
        elsewhere = bool(w.unit_id) and (here.unit_id != w.unit_id or here.project_id != w.project_id)
        if elsewhere:
            self.reveal(w.unit_id, w.project_id)
        if w.project_id and w.indicator is not None:
            self.view("project").move_to_cell(w.indicator, w.field)
        self.notify(f"{'撤销' if undo else '重做'}：{change.label}{self._where_text(change, here)}",
                    timeout=5 if elsewhere or len(projects_of(change)) > 1 else 2)

    def _where_text(self, change: Change, here) -> str:
        """（在「购置经费」）for a change made elsewhere, （涉及 N 个项目：…） for several;
        nothing when it is the project (or unit) on screen."""
        projects = projects_of(change)
        if len(projects) > 1:
            return f"（涉及 {len(projects)} 个项目：{named(self.session, projects)}）"
        keys = projects or list(change.files[:1])
        if not keys:
            return ""
        k = keys[0]
        if k.kind == "project" and (k.unit_id, k.project_id) == (here.unit_id, here.project_id):
            return ""
        if k.kind == "unit" and here.kind == "unit" and k.unit_id == here.unit_id:
            return ""
        if k.kind == "workspace" and here.kind == "workspace":
            return ""
        return f"（在{place_name(self.session, k)}）"
