"""The 审核意见 of a project file both sides of a ``jixiao pull`` changed: two offices adding
comments to one project both append a ``[[comments]]`` at the end of its file, which git calls
a conflict. Here the comments merge as a list (``model.comments.merge_comments``) and the rest
of the file as text, each side's comments first set to the base's so only their other changes
meet; a file whose other fields both sides changed stays in conflict."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from typing import Any

import tomlkit
from pydantic import ValidationError
from tomlkit.exceptions import TOMLKitError

from model.comments import Comment, merge_comments
from storage.toml.update import update_document
from storage.workspace.layout import comment_data


def _comments(text: str) -> list[Comment]:
    rows: Any = tomllib.loads(text).get("comments", [])
    if not isinstance(rows, list):
        raise TypeError("comments is no list")
    return [Comment.model_validate(r) for r in rows]


def _with_comments(text: str, comments: list[Comment]) -> str:
    doc = tomlkit.parse(text)
    update_document(doc, {}, None, {"comments": [comment_data(c) for c in comments]})
    text = tomlkit.dumps(doc)
    # without comments, no blank line left at the end where they were: the three sides then
    # differ only where they really do
    return text if comments else text.rstrip("\n") + "\n"


def merge_comment_file(texts: list[str], merge_text: Callable[[list[str]], str | None]) -> str | None:
    """The merged text of a project file from (base, ours, theirs), or None when this cannot
    settle it (the comments are not what differs, a side is unreadable, or the rest of the file
    conflicts). ``merge_text`` merges three texts (``git merge-file``), None on conflicts."""
    try:
        lists = [_comments(t) for t in texts]
        if lists[1] == lists[2]:
            return None
        merged = merge_comments(*lists)
        text = merge_text([_with_comments(t, lists[0]) for t in texts])
        if text is None:
            return None
        result = _with_comments(text, merged)
        tomllib.loads(result)
    except (tomllib.TOMLDecodeError, TOMLKitError, ValidationError, ValueError, TypeError):
        return None
    return result
