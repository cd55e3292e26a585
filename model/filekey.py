"""Which file a change touches: the workspace file, a unit's file or a project's file.

Plain data without pydantic: the editor's tree relabels nodes by these keys before the models
are loaded.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

FileKind = Literal["workspace", "unit", "project"]


class FileKey(NamedTuple):
    kind: FileKind
    unit_id: str = ""
    project_id: str = ""


WORKSPACE_KEY = FileKey("workspace")


def unit_key(uid: str) -> FileKey:
    return FileKey("unit", uid)


def project_key(uid: str, pid: str) -> FileKey:
    return FileKey("project", uid, pid)
