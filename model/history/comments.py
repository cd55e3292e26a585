"""Adding and resolving 审核意见 (``model.comments``) as undoable changes. A comment is never
removed: resolving replaces it by its resolved copy, which undo puts back."""

from __future__ import annotations

from model.comments import Comment, place
from model.filekey import project_key
from model.history.operations import Change, Insert, Remove, Target
from model.workspace import Project, Unit


def _where(unit: Unit, project: Project, c: Comment) -> Target:
    t, row, _ = place(c, project.indicators)
    return Target(unit.id, project.id, row, t.field or ("" if row is not None else "name"))


def add_comment(unit: Unit, project: Project, comment: Comment) -> Change:
    index = len(project.comments)
    return Change("添加审核意见", [Insert(project, "comments", index, comment)],
                  (project_key(unit.id, project.id),), _where(unit, project, comment))


def resolve_comment(unit: Unit, project: Project, index: int, done: Comment) -> Change:
    """Replace comment ``index`` by ``done`` (its resolved copy, ``model.comments.resolved``)."""
    old = project.comments[index]
    return Change("标记审核意见已解决", [Remove(project, "comments", index, old), Insert(project, "comments", index, done)],
                  (project_key(unit.id, project.id),), _where(unit, project, old))
