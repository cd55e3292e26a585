"""The errors storage raises about the workspace on disk (git, import and export errors derive
from these or from ``model.errors.JixiaoError``); kept apart so every storage module can raise
them without importing the store."""

from __future__ import annotations

from model.errors import JixiaoError


class StorageError(JixiaoError):
    """The workspace cannot be used at all (no jixiao.toml, not a folder …)."""


class ConflictError(StorageError):
    def __init__(self, path: str):
        super().__init__(f"{path} 已在磁盘上被修改（可能是 git pull 或其他编辑器），未覆盖")
        self.path = path
