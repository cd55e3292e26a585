"""Git for a workspace folder, through the ``git`` command line or, where git is not installed,
dulwich: ``from storage import git as sgit`` then ``sgit.commit(...)``, or ``from storage.git
import commit``.

One module per role:

- ``engine``: what jixiao asks of git (``Engine``); ``Repo``; ``GitError``
- ``binary`` / ``pure``: the two engines, the git command and dulwich (pure Python)
- ``command``: the engine of this process; the repository around a workspace
- ``revisions``: the workspace at a revision or as staged; merge-conflicted files
- ``changes``: comparing versions (``jixiao diff``), the changed files behind the tree's marks
- ``workspace_data``: which files of the folder are workspace data (committed), the .gitignore
- ``commits``: the log, and committing (refused while the check finds errors)
- ``conflicts``: one conflicted project as two versions, resolved field by field
- ``bundles``: history on a USB stick (``jixiao bundle`` / ``pull``)
- ``setup``: a new workspace repository, the pre-commit hook, the word-diff settings
- ``adopt``: an existing workspace folder made a repository (``jixiao init`` on it)
- ``new_year``: a new year's workspace from last year's (``init --from``), two workspaces compared

The names below are loaded on first use (PEP 562), so importing one module does not load git's
every other module, and nothing is cached here: a test that patches ``storage.git.commits.commit``
is seen by ``sgit.commit``. The modules import one another directly, never through this package.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS: dict[str, tuple[str, ...]] = {
    "command": ("GitError", "GitMissing", "Repo", "git_exe", "git_path", "repo_for", "require_commit",
                "resolve", "run"),
    "revisions": ("IndexEntry", "cat_blobs", "conflicted_files", "index_entries", "index_files", "project_at",
                  "revision_date", "staged_workspace", "tree_files", "unmerged", "workspace_at"),
    "changes": ("WORKTREE", "Comparison", "changed_files", "changed_projects", "compare", "project_diff",
                "project_marks", "status"),
    "commits": ("HOOK_MARK", "LINK_MODE", "NO_IDENTITY", "CheckFailed", "Commit", "CommitResult", "NothingToCommit",
                "Unresolved", "check_staged", "commit", "has_identity", "history", "remember_author"),
    "workspace_data": ("is_workspace_data", "left_out_text", "split_changes", "write_gitignore"),
    "conflicts": ("ProjectConflict", "read_conflict", "resolve_conflict", "split_markers"),
    "bundles": ("BundleResult", "PullResult", "abort_pull", "clone_bundle", "create_bundle", "pull_bundle"),
    "setup": ("HooksResult", "StagedCheck", "check_staged_workspaces", "init_workspace", "install_hooks"),
    "adopt": ("Adopted", "adopt_workspace", "is_workspace_folder"),
    "new_year": ("Carried", "carry_forward", "compare_root", "compare_workspaces", "init_from", "workspace_label"),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
