"""Who writes or resolves a 审核意见 when nobody says: the workspace's git user name (the name
its commits carry), else nobody (the caller then asks)."""

from __future__ import annotations

import os


def default_reviewer(root: str | os.PathLike[str]) -> str:
    from storage.errors import StorageError

    try:
        from storage.git.command import repo_for

        return repo_for(root).out("config", "--get", "user.name", check=False).strip()
    except (StorageError, OSError):
        return ""
