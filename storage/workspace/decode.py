"""From a file's parsed TOML to model objects, with pydantic's complaints said in the user's
words. ``parse_project`` reads one project file's bytes exactly as ``Store`` reads them, for the
places that have bytes rather than a folder (a git revision, one side of a merge conflict)."""

from __future__ import annotations

from pydantic import ValidationError

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


def parse_project(data: bytes, project_id: str, where: str) -> Project:
    """A project file's bytes read exactly as ``Store`` reads them; StorageError when unreadable
    (``where`` starts the message, e.g. ``HEAD:u01/p02.toml``)."""
    parsed = parse_bytes(data)
    if parsed[0] != "ok":
        raise StorageError(f"{where}：{parsed[1]}")
    try:
        project = Project.model_validate(parsed[1])
    except (ValidationError, TypeError) as e:
        raise StorageError(f"{where}：{invalid_project_text(e)}") from None
    project.id = project_id
    return project
