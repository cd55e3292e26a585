"""Who writes or resolves a 审核意见 when nobody says: the workspace's git user name (the name
its commits carry), else nobody (the caller then asks)."""

from __future__ import annotations

import os


def default_reviewer(root: str | os.PathLike[str]) -> str:
    from storage.errors import StorageError

    try:
        from storage.git.command import engine, repo_for

        who = engine().author(repo_for(root))
        return who.split(" <", 1)[0].strip()
    except (StorageError, OSError):
        return ""
