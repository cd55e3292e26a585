"""A workspace file in budget words, for dialogs that list files: 「项目名称」, 单位「单位名称」,
工作区设置 (the quit and commit dialogs; the path itself is shown beside it, dim, if at all)."""

from __future__ import annotations

from model.text import escaped


def file_title(session, rel: str) -> str:
    """``rel`` ("u01/p21.toml") as the user knows it; a file that is not the workspace's data, or
    a project no longer in the session (deleted), by its path."""
    from storage.workspace.editing import key_of

    key = key_of(rel)
    if key is None:
        return escaped(rel)
    if key.kind == "workspace":
        return "工作区设置"
    if key.kind == "unit":
        u = session.unit(key.unit_id)
        return f"单位「{escaped(u.name) or '（未命名单位）'}」" if u is not None else escaped(rel)
    found = session.project(key.unit_id, key.project_id)
    return f"「{escaped(found[1].name) or '（未命名项目）'}」" if found is not None else escaped(rel)
