"""Changing the workspace's structure from the tree: new project or unit, duplicate, delete, move.

The keys are bound on the tree (tui.keys.TREE, as ``app.*`` actions) and act on the node under
its cursor; each action is one undoable change in the edit session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from tui.actions.host import EditorMixin

if TYPE_CHECKING:
    from model.history import Change
    from model.workspace import Project, Unit
    from tui.actions.host import EditorHost
    from tui.widgets.tree import Ref


class StructureActions(EditorMixin):
    """Mixed into JixiaoApp."""

    def tree_target(self) -> tuple[Ref, Unit | None, Project | None]:
        """The node under the tree's cursor (or else what the pane shows): its unit and project."""
        ref = self.tree_widget.current or self.current
        u = self.session.unit(ref.unit_id) if ref.unit_id else None
        found = self.session.project(ref.unit_id, ref.project_id) if ref.kind == "project" else None
        return ref, u, found[1] if found else None

    def action_new_project(self) -> None:
        ref, u, p = self.tree_target()
        if u is None:
            if not self.session.ws.units:
                self.notify("先新增一个单位（F7）", severity="warning")
                return
            u = self.session.ws.units[0] if ref.kind != "broken" else self.session.unit(ref.unit_id)
            if u is None:
                return
        at = u.projects.index(p) + 1 if p is not None else len(u.projects)
        change = self.edit(lambda s: s.add_project(u, at))
        if change:
            self.reveal(u.id, change.where.project_id)
            self.view("project").focus_field("name")

    def action_new_unit(self) -> None:
        _, u, _ = self.tree_target()
        at = self.session.ws.units.index(u) + 1 if u is not None else None
        change = self.edit(lambda s: s.add_unit(at))
        if change:
            self.reveal(change.where.unit_id)
            self.view("unit").focus_field("name")

    def action_duplicate(self) -> None:
        change, _, _ = _edit_target(self, lambda s, u, p: s.duplicate_project(u, p), lambda s, u: s.duplicate_unit(u))
        if change:
            self.reveal(change.where.unit_id, change.where.project_id)

    def action_delete(self) -> None:
        """F8 asks first, naming what goes (undo still brings it back)."""
        from tui.screens.choice import delete_dialog

        ref, u, p = self.tree_target()
        if u is None or ref.kind == "broken":  # the workspace, or a file that cannot be read
            return
        if p is not None:
            what = f"项目「{p.name or '（未命名项目）'}」及其 {len(p.indicators)} 个指标"
        else:
            indicators = sum(len(q.indicators) for q in u.projects)
            what = f"单位「{u.name or '（未命名单位）'}」及其 {len(u.projects)} 个项目、{indicators} 个指标"

        def answered(choice: str | None) -> None:
            if choice != "delete":
                return
            change = self.edit(lambda s: s.delete_project(u, p) if p is not None else s.delete_unit(u))
            if change:
                self.notify(f"已{change.label}（ctrl+z 撤销）", timeout=3)
                self.reveal(change.where.unit_id)

        self.push_screen(delete_dialog(what), answered)

    def action_tree_width(self, delta: int) -> None:
        """Widen or narrow the tree by ``delta`` cells; the form keeps at least 40
        (tui.widgets.tree_side: the mouse drags the same edge)."""
        from tui.widgets.tree_side import TreeSide

        side = self.query_one(TreeSide)
        side.set_width(side.outer_size.width + delta)

    def action_move(self, delta: int) -> None:
        change, u, p = _edit_target(self, lambda s, u, p: s.move_project(u, p, delta),
                                    lambda s, u: s.move_unit(u, delta))
        if change:
            self.reveal(u.id, p.id if p is not None else "")


def _edit_target(host: EditorHost, on_project: Callable, on_unit: Callable) -> tuple[Change | None, Unit | None,
                                                                                  Project | None]:
    """``on_project(session, unit, project)`` for the project under the tree's cursor, or else
    ``on_unit(session, unit)`` for its unit (nothing on the workspace's node)."""
    _, u, p = host.tree_target()
    if p is not None:
        return host.edit(lambda s: on_project(s, u, p)), u, p
    if u is not None:
        return host.edit(lambda s: on_unit(s, u)), u, None
    return None, u, p
