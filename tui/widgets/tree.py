"""The workspace tree: workspace → units → projects, each with its problem counts and an
unsaved marker. Project nodes of a unit are added when the unit is first expanded, so a
10,000-project workspace opens with 100 nodes, not 10,100."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from model.diagnostic import Diagnostic
from model.summary import NodeInfo, Summary, differs_at, short_names
from model.text import escaped
from tui import keys
from tui.widgets.git_marks import with_mark
from tui.widgets.tree_find import TypeToFind

EXPAND_UNDER = 200  # projects: a smaller workspace opens with every unit expanded


@dataclass(frozen=True)
class Ref:
    kind: str  # "workspace" | "unit" | "project" | "broken"
    unit_id: str = ""
    project_id: str = ""
    file: str = ""  # for "broken": the unreadable file


def _counts(name: Text, info: NodeInfo) -> Text:
    """Marks before the name, so a long name cut by the tree's width never hides them."""
    text = Text()
    if info.dirty:
        text.append("● ", "bold cyan")
    if info.errors:
        text.append(f"✗{info.errors} ", "bold red")
    if info.warnings:
        text.append(f"⚠{info.warnings} ", "yellow")
    if info.comments:  # open 审核意见
        text.append(f"审{info.comments} ", "bold magenta")
    return text.append_text(name)


def middle_ellipsis(text: Text, width: int, keep: int = 0, head_past: int = 0) -> Text:
    """``text`` cut to ``width`` cells by taking out its middle: the marks at its start and the
    name's end both stay. ``keep``: the index of a character that must stay visible (where a
    name differs from its sibling's): when the head would not reach it, the label becomes
    head…from-there, cut at its end if need be ("2023年-…基础运维项目"), the head reaching past
    ``head_past`` (where it differs from the other siblings) if it can."""
    if text.cell_len <= width:
        return text
    cells = [cell_len(ch) for ch in text.plain]

    def fit(start: int, room: int) -> int:  # the end of what fits in ``room`` cells from ``start``
        end = start
        while end < len(cells) and cells[end] <= room:
            room -= cells[end]
            end += 1
        return end

    head = fit(0, (width - 1) * 2 // 3)
    if keep < head:
        tail_room = width - 1 - sum(cells[:head])
        tail = len(cells)
        while tail > head and cells[tail - 1] <= tail_room:
            tail_room -= cells[tail - 1]
            tail -= 1
        return Text.assemble(text[:head], "…", text[tail:])
    head = min(max(fit(0, (width - 2) // 3), head_past + 1), fit(0, (width - 2) // 2))
    end = fit(keep, width - 1 - sum(cells[:head]))
    if end < len(cells):
        end = fit(keep, width - 2 - sum(cells[:head]))
        return Text.assemble(text[:head], "…", text[keep:end], "…")
    return Text.assemble(text[:head], "…", text[keep:])


class WorkspaceTree(TypeToFind, Tree[Ref]):
    BINDINGS = keys.TREE

    def __init__(self, summary: Summary, broken: dict[str, Diagnostic], **kw) -> None:
        """``summary``: where names and marks come from (model.summary: live, or a frozen copy
        while the workspace is still loading)."""
        super().__init__("工作区", data=Ref("workspace"), **kw)
        self.summary = summary
        self.broken = broken
        self.guide_depth = 3
        self.unit_nodes: dict[str, TreeNode[Ref]] = {}
        self.project_nodes: dict[tuple[str, str], TreeNode[Ref]] = {}
        self._populated: set[str] = set()
        self._short: dict[str, dict[str, str]] = {}  # unit id -> project id -> label name
        self._differs: dict[tuple[str, str], tuple[int, int]] = {}
        self._short_from: dict[str, list[str]] = {}  # the project names they come from  # where a label name differs from its siblings'
        self.marked: set[tuple[str, str]] = set()  # projects marked for a bulk change (space)
        # changed since the last commit (tui.widgets.git_marks.apply_marks sets them)
        self.git_marks: dict[tuple[str, str], str] = {}
        self.git_unit_marks: dict[str, str] = {}
        self.git_root_mark: str | None = None

    # -- labels -------------------------------------------------------------------------------

    def workspace_label(self) -> Text:
        info = self.summary.root()
        t = Text(escaped(info.name) or "（无标题）", "bold")
        year = self.summary.year()
        if year:
            t.append(f" {year}")
        return with_mark(_counts(t, info), self.git_root_mark)

    def unit_label(self, uid: str) -> Text:
        info = self.summary.unit(uid)
        if info is None:
            return Text(escaped(uid))
        return with_mark(_counts(Text(escaped(info.name) or "（未命名单位）"), info), self.git_unit_marks.get(uid))

    def project_label(self, uid: str, pid: str) -> Text:
        info = self.summary.project(uid, pid)
        if info is None:
            return Text(escaped(pid))
        name = self._short.get(uid, {}).get(pid, info.name)
        t = Text(escaped(name) or "（未命名项目）")
        if (uid, pid) in self.marked:
            t = Text("☑ ", "bold magenta").append_text(t)
        return with_mark(_counts(t, info), self.git_marks.get((uid, pid)))

    def shorten(self, uid: str) -> None:
        """Work out the unit's project labels: the part of each name that tells it from its
        siblings (model.summary.short_names); the form on the right shows the whole name."""
        info = self.summary.unit(uid)
        pids, names = self.summary.project_ids(uid), self.summary.project_names(uid)
        self._short_from[uid] = names
        short = short_names(info.name if info else "", names)
        self._short[uid] = dict(zip(pids, short))
        self._differs.update(((uid, pid), at) for pid, at in zip(pids, differs_at(short)))

    def render_label(self, node: TreeNode[Ref], base_style, style) -> Text:
        """Labels fit the tree's width, cut in the middle (see middle_ellipsis)."""
        label = super().render_label(node, base_style, style)
        depth, parent = 0, node.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth - 1
        if room < 6:
            return label
        ref = node.data
        if ref is None or ref.kind != "project":
            return middle_ellipsis(label, room)
        name = escaped(self._short.get(ref.unit_id, {}).get(ref.project_id, ""))
        at = len(label.plain) - len(name)  # the marks come first: the name ends the label
        first, second = self._differs.get((ref.unit_id, ref.project_id), (0, 0))
        return middle_ellipsis(label, room, at + first, at + second)

    @staticmethod
    def broken_label(d: Diagnostic) -> Text:
        t = Text("⛔ ", "bold red")
        t.append(f"{escaped(d.file)}（无法读取，只读）", "red")
        return t

    # -- building -----------------------------------------------------------------------------

    def build(self, expand_small: bool = True) -> None:
        """``expand_small``: expand every unit when the workspace has fewer than EXPAND_UNDER
        projects (a large one opens with its units collapsed: their project nodes wait)."""
        self.clear()
        self.root.set_label(self.workspace_label())
        self.unit_nodes.clear()
        self.project_nodes.clear()
        self._populated.clear()
        uids = self.summary.unit_ids()
        for uid in uids:
            node = self.root.add(self.unit_label(uid), Ref("unit", uid), allow_expand=True)
            self.unit_nodes[uid] = node
        for rel, d in self.broken.items():
            if rel.endswith("/unit.toml"):
                self.root.add_leaf(self.broken_label(d), Ref("broken", rel.split("/")[0], file=rel))
        self.root.expand()
        if expand_small and sum(len(self.summary.project_ids(uid)) for uid in uids) < EXPAND_UNDER:
            for uid in uids:
                self.populate(uid)
                self.unit_nodes[uid].expand()

    def populate(self, uid: str) -> None:
        node = self.unit_nodes.get(uid)
        if node is None or self.summary.unit(uid) is None:
            return
        node.remove_children()
        for k in [k for k in self.project_nodes if k[0] == uid]:
            del self.project_nodes[k]
        self.shorten(uid)
        for pid in self.summary.project_ids(uid):
            self.project_nodes[(uid, pid)] = node.add_leaf(self.project_label(uid, pid), Ref("project", uid, pid))
        for rel, d in self.broken.items():
            parts = rel.split("/")
            if parts[0] == uid and parts[1] != "unit.toml":
                node.add_leaf(self.broken_label(d), Ref("broken", uid, parts[1][:-5], rel))
        self._populated.add(uid)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Ref]) -> None:
        ref = event.node.data
        if ref is not None and ref.kind == "unit" and ref.unit_id not in self._populated:
            self.populate(ref.unit_id)

    def sync_structure(self) -> None:
        """Units added, removed or reordered: rebuild the unit level, keeping expansion."""
        expanded = {uid for uid, n in self.unit_nodes.items() if n.is_expanded}
        cursor = self.cursor_node.data if self.cursor_node is not None else None
        self.build(expand_small=False)
        for uid in expanded:
            if uid in self.unit_nodes:
                self.populate(uid)
                self.unit_nodes[uid].expand()
        if cursor is not None:
            self.reveal(cursor.unit_id, cursor.project_id)

    def sync_unit(self, uid: str) -> None:
        """A unit's project list changed."""
        node = self.unit_nodes.get(uid)
        if node is None:
            return
        if uid in self._populated:
            self.populate(uid)
        node.set_label(self.unit_label(uid))

    @staticmethod
    def _set(node: TreeNode[Ref], label: Text) -> None:
        # a label change redraws every visible line under the node (all of them for the root):
        # only pay for that when the text differs
        if node.label.plain != label.plain:
            node.set_label(label)

    def relabel(self, files, all_projects: bool = False) -> None:
        """Update the labels of the nodes a change touched. ``all_projects``: also every
        project of the touched units (a rename can add or remove P2 duplicates)."""
        units = set()
        for k in files:
            if k.kind == "project":
                node = self.project_nodes.get((k.unit_id, k.project_id))
                if node is not None:
                    self._set(node, self.project_label(k.unit_id, k.project_id))
                units.add(k.unit_id)
            elif k.kind == "unit":
                units.add(k.unit_id)
        for uid in units:
            node = self.unit_nodes.get(uid)
            if node is not None:
                self._set(node, self.unit_label(uid))
                if uid in self._populated and (all_projects or self._names_changed(uid)):
                    self.shorten(uid)
                    for (u2, pid), pnode in self.project_nodes.items():
                        if u2 == uid:
                            self._set(pnode, self.project_label(uid, pid))
        self._set(self.root, self.workspace_label())

    def _names_changed(self, uid: str) -> bool:
        """A project's name changed by other than a rename (reloaded from disk, replaced): the
        unit's labels are worked out again (a unit's rename comes with ``all_projects``)."""
        return self._short_from.get(uid) != self.summary.project_names(uid)

    def relabel_all(self) -> None:
        self.root.set_label(self.workspace_label())
        for uid, node in self.unit_nodes.items():
            node.set_label(self.unit_label(uid))
        for uid in self._populated:
            self.shorten(uid)
        for (uid, pid), node in self.project_nodes.items():
            node.set_label(self.project_label(uid, pid))

    def reveal(self, uid: str, pid: str = "") -> None:
        """Move the cursor to a unit or project, expanding its unit."""
        if not uid:
            self.move_cursor(self.root)
            return
        node = self.unit_nodes.get(uid)
        if node is None:
            return
        if pid:
            if uid not in self._populated:
                self.populate(uid)
            node.expand()
            target = self.project_nodes.get((uid, pid))
            if target is not None:
                node = target
        self._tree_lines  # noqa: B018 -- lays out new nodes so that node._line is known
        self.move_cursor(node)

    def reveal_file(self, rel: str) -> None:
        """Move the cursor to the node of an unreadable file."""
        uid = rel.split("/")[0]
        if uid in self.unit_nodes and uid not in self._populated:
            self.populate(uid)
            self.unit_nodes[uid].expand()
        stack = [self.root]
        while stack:
            node = stack.pop()
            if node.data is not None and node.data.file == rel:
                self._tree_lines  # noqa: B018
                self.move_cursor(node)
                return
            stack.extend(node.children)

    @property
    def current(self) -> Ref | None:
        node = self.cursor_node
        return node.data if node is not None else None
