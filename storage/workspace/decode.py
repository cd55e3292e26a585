"""From a file's parsed TOML to model objects, with pydantic's complaints said in the user's
words. ``parse_project`` reads one project file's bytes exactly as ``Store`` reads them, for the
places that have bytes rather than a folder (a git revision, one side of a merge conflict)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from model.comments import comment_problem
from model.workspace import Project
from storage.errors import StorageError
from storage.workspace.parsing import parse_bytes


def explain(e: ValidationError) -> str:
    """One line, in Chinese, naming each field pydantic refused and why."""
    parts = []
    for err in e.errors():
        loc = ".".join(str(x) if not isinstance(x, int) else f"[{x + 1}]" for x in err["loc"]).replace(".[", "[")
        typ = err["type"]
        if typ == "extra_forbidden":
            parts.append(f"未知字段 {loc}")
        elif typ.startswith("string"):
            parts.append(f"{loc} 应为文本")
        elif typ.startswith("int"):
            parts.append(f"{loc} 应为整数")
        elif typ.startswith("list"):
            parts.append(f"{loc} 应为列表")
        elif typ in ("model_type", "dict_type"):
            parts.append(f"{loc} 应为表")
        else:
            parts.append(f"{loc}：{err['msg']}")
    return "；".join(parts)


def invalid_project_text(e: ValidationError | TypeError) -> str:
    """Why a project file's data is not a project (a TypeError: data of the wrong shape)."""
    return explain(e) if isinstance(e, ValidationError) else str(e)


class BadProject(Exception):
    """A project file's data that is no project: ``message`` in Chinese, ``line`` when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


_COMMENTS_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*comments[ \t]*\]\]", re.MULTILINE)


def comment_lines(raw: bytes | None) -> list[int]:
    """The line of each ``[[comments]]`` header in a file's bytes, in order."""
    if raw is None:
        return []
    text = raw.decode("utf-8", "replace")
    return [text.count("\n", 0, m.start()) + 1 for m in _COMMENTS_HEADER.finditer(text)]


def comment_line(raw: bytes | None, index: int) -> int | None:
    """The line of the ``index``-th (0-based) ``[[comments]]`` header in a file's bytes."""
    lines = comment_lines(raw)
    return lines[index] if 0 <= index < len(lines) else None


def project_from_data(data: dict[str, Any], raw: Callable[[], bytes | None]) -> Project:
    """The project a file's parsed data holds; ``BadProject`` when it holds none. A bad
    审核意见 is named by its number and the line of its ``[[comments]]`` (read from ``raw()``,
    only then: a good file costs nothing more)."""
    comments = data.get("comments")
    if isinstance(comments, list):
        for i, entry in enumerate(comments):
            if (why := comment_problem(entry)) is not None:
                raise BadProject(f"审核意见 {i + 1}（[[comments]]）{why}", comment_line(raw(), i))
    try:
        return Project.model_validate(data)
    except (ValidationError, TypeError) as e:
        line = None
        if isinstance(e, ValidationError):
            at = next((err["loc"] for err in e.errors() if err["loc"][:1] == ("comments",)), None)
            if at is not None and len(at) > 1 and isinstance(at[1], int):
                line = comment_line(raw(), at[1])
        raise BadProject(invalid_project_text(e), line) from None


def parse_project(data: bytes, project_id: str, where: str) -> Project:
    """A project file's bytes read exactly as ``Store`` reads them; StorageError when unreadable
    (``where`` starts the message, e.g. ``HEAD:u01/p02.toml``)."""
    parsed = parse_bytes(data)
    if parsed[0] != "ok":
        raise StorageError(f"{where}：{parsed[1]}")
    try:
        project = project_from_data(parsed[1], lambda: data)
    except BadProject as e:
        raise StorageError(f"{where}:{e.line}：{e.message}" if e.line else f"{where}：{e.message}") from None
    project.id = project_id
    return project
