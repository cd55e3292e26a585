"""Marks in the tree for what changed since the last commit: ``~`` modified, ``+`` new, ``-``
deleted, ``!`` a merge conflict to resolve (the same signs as the diff view)."""

from __future__ import annotations

from rich.text import Text

MARKS = {"modified": ("~", "yellow"), "new": ("+", "green"), "deleted": ("-", "red"),
         "conflict": ("!", "bold magenta")}
WORDS = {"modified": "已修改", "new": "新增", "deleted": "已删除", "conflict": "有冲突"}
_RANK = {"conflict": 3, "deleted": 2, "new": 1, "modified": 0}


def with_mark(label: Text, status: str | None) -> Text:
    if not status:
        return label
    sign, style = MARKS[status]
    return Text(sign + " ", style).append_text(label)


def unit_marks(files: dict[str, str]) -> dict[str, str]:
    """One mark per unit folder: "new" when its unit.toml is new, else the strongest change
    of any file inside (a deleted project shows as a change of its unit)."""
    out: dict[str, str] = {}
    for rel, st in files.items():
        parts = rel.split("/")
        if len(parts) != 2:
            continue
        uid = parts[0]
        if parts[1] == "unit.toml" and st == "new":
            out[uid] = "new"
            continue
        st = "modified" if st in ("new", "deleted") else st
        if out.get(uid) != "new" and _RANK[st] >= _RANK.get(out.get(uid, ""), -1):
            out[uid] = st
    return out


def apply_marks(tree, files: dict[str, str]) -> None:
    """Set the tree's marks from ``storage.git.status`` and redraw only the nodes whose mark
    changed."""
    from storage.git import project_marks

    projects, units = project_marks(files), unit_marks(files)
    root = "conflict" if "conflict" in files.values() else "modified" if files else None
    old_p, old_u, old_root = tree.git_marks, tree.git_unit_marks, tree.git_root_mark
    tree.git_marks, tree.git_unit_marks, tree.git_root_mark = projects, units, root
    for key in set(old_p) | set(projects):
        if old_p.get(key) != projects.get(key) and key in tree.project_nodes:
            tree._set(tree.project_nodes[key], tree.project_label(*key))
    for uid in set(old_u) | set(units):
        if old_u.get(uid) != units.get(uid) and uid in tree.unit_nodes:
            tree._set(tree.unit_nodes[uid], tree.unit_label(uid))
    if old_root != root:
        tree._set(tree.root, tree.workspace_label())
