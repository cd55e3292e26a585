"""Setting a repository up for jixiao: a new workspace repository (with a ``.gitignore`` for
what is not workspace data), the pre-commit hook, and the diff settings that make ``git diff --word-diff`` compare Chinese text character by character.

Hooks and ``git config`` live in ``.git`` and do not travel with a clone or a bundle: run
``jixiao hooks install`` once in each copy. ``.gitattributes`` is committed and travels.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from model.validate import Diagnostic
from model.workspace import Unit, Workspace
from storage.errors import StorageError
from storage.git.command import GitError, GitMissing, Repo, engine, engine_ready, git_path, repo_for
from storage.git.commits import HOOK_MARK, LINK_MODE, NO_IDENTITY, commit, has_identity, remember_author
from storage.git.revisions import cat_blobs, index_entries
from storage.git.workspace_data import ensure_lines, is_workspace_data, unit_folders, write_gitignore
from storage.workspace import layout
from storage.workspace.store import Store, write_new_workspace

ATTRIBUTES = ".gitattributes"
ATTRIBUTES_LINE = "*.toml diff=jixiao"
ATTRIBUTES_TEXT = (
    "# jixiao：git diff --word-diff 对 TOML 中的中文逐字比较（git config diff.jixiao.wordRegex，\n"
    "# 由 jixiao hooks install 设置）\n"
    f"{ATTRIBUTES_LINE}\n"
)

# One "word" for git's word diff: an ASCII word or number (144.33 stays whole), or one UTF-8
# encoded character written as raw bytes (lead byte + continuation bytes) so it works whatever
# the locale git runs in, or any other non-space byte.
WORD_REGEX = b"[A-Za-z0-9_.%]+|[\xc0-\xff][\x80-\xbf]*|[^[:space:]]"
# Windows passes arguments as UTF-16, so raw bytes cannot get through: one character at a time.
WORD_REGEX_WINDOWS = "[A-Za-z0-9_.%]+|[^[:space:]]"


def hook_script(python: str | None = None) -> str:
    """The pre-commit hook: the Python that installed it when it is still there, else the
    ``jixiao`` on PATH; without either it refuses rather than commit unchecked."""
    py = Path(python or sys.executable).as_posix().replace("'", "'\\''")
    return f"""#!/bin/sh
{HOOK_MARK}: checks the staged workspace files with jixiao check (jixiao hooks install)
PY='{py}'
if [ -x "$PY" ] && "$PY" -c 'import tui.cli' >/dev/null 2>&1; then
  exec "$PY" -m tui.cli hooks pre-commit
fi
if command -v jixiao >/dev/null 2>&1; then
  exec jixiao hooks pre-commit
fi
echo "jixiao pre-commit：找不到 jixiao（原来的 Python：$PY），无法检查，未提交。" >&2
echo "请重新运行 jixiao hooks install，或用 git commit --no-verify 跳过检查。" >&2
exit 1
"""


@dataclass(frozen=True)
class HooksResult:
    hook: Path
    attributes: Path
    replaced_hook: bool  # an older jixiao hook was replaced
    ignore: Path  # the workspace's .gitignore (exports, bundles, temp files stay out of git)


def write_attributes(root: Path) -> Path:
    return ensure_lines(root / ATTRIBUTES, [ATTRIBUTES_LINE], ATTRIBUTES_TEXT)


def configure_diff(repo: Repo) -> None:
    regex: str | bytes = WORD_REGEX_WINDOWS if os.name == "nt" else WORD_REGEX
    engine().config_set(repo, "diff.jixiao.wordRegex", regex)


def install_hooks(root: str | os.PathLike[str], force: bool = False, python: str | None = None) -> HooksResult:
    """Install the pre-commit hook, ``.gitattributes``, the workspace's ``.gitignore`` and the
    word-diff setting. A pre-commit hook that is not jixiao's is left alone unless ``force``."""
    repo = repo_for(root)
    hooks = git_path(repo, "hooks")
    hook = hooks / "pre-commit"
    replaced = False
    if hook.exists():
        current = hook.read_text("utf-8", "replace")
        if HOOK_MARK not in current and not force:
            raise GitError(f"{hook} 已有别的 pre-commit 钩子，未覆盖（确认不再需要它时可加 --force）")
        replaced = True
    hooks.mkdir(parents=True, exist_ok=True)
    hook.write_text(hook_script(python), "utf-8", newline="\n")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    attributes = write_attributes(repo.root)
    ignore = write_gitignore(Path(root))  # a copy made before init wrote one gets it too
    configure_diff(repo)
    return HooksResult(hook, attributes, replaced, ignore)


# -- what the hook runs ------------------------------------------------------------------------

@dataclass(frozen=True)
class StagedCheck:
    workspace: str  # repository path of the workspace folder ("" = the repository root)
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


STAGED_LINK = ("符号链接不能提交：git 提交的是链接而不是内容，别的电脑上它会指向别处（可能在工作区之外）；"
               "用 git rm --cached 取消暂存，把它换成所指的文件本身再提交")


def check_staged_workspaces(top: str | os.PathLike[str]) -> list[StagedCheck]:
    """Check, as staged, every workspace of the repository that the commit changes (a folder
    with jixiao.toml in the index)."""
    repo = repo_for(top)
    repo = Repo(repo.top, "", repo.top)
    entries = [e for e in index_entries(repo, whole_repo=True) if e.stage == 0]
    changed = engine().staged_paths(repo, whole_repo=True)
    roots = sorted({e.path[: -len(layout.WORKSPACE_FILE)] for e in entries
                    if e.path == layout.WORKSPACE_FILE or e.path.endswith("/" + layout.WORKSPACE_FILE)})
    staged = {e.path for e in entries}
    out = []
    for prefix in roots:
        if not _changes_data(prefix, changed, staged):
            continue
        # a nested workspace's files belong to it, not to the one around it
        mine = [e for e in entries if e.path.startswith(prefix)
                and not any(r != prefix and r.startswith(prefix) and e.path.startswith(r) for r in roots)]
        links = [e for e in mine if e.mode == LINK_MODE]  # a plain `git commit` of a link
        mine = [e for e in mine if e.mode != LINK_MODE]
        blobs = cat_blobs(repo, [e.oid for e in mine])
        files = {e.path[len(prefix):]: b for e, b in zip(mine, blobs) if b is not None}
        label = prefix.rstrip("/") or "."
        try:
            store = Store.from_files(files, f"暂存区 {label}", repo.top / prefix)
            diags = store.diagnostics()
        except StorageError as e:
            diags = [Diagnostic("S1", str(e), file=layout.WORKSPACE_FILE)]
        diags = [Diagnostic("S3", STAGED_LINK, file=e.path[len(prefix):]) for e in links] + diags
        out.append(StagedCheck(prefix, diags))
    return out


def _changes_data(prefix: str, changed: list[str], staged: set[str]) -> bool:
    """Whether the commit changes the data of the workspace at ``prefix`` (as ``jixiao commit``
    sees it: a bundle or workbook added next to it is not checked against it)."""
    mine = [p[len(prefix):] for p in changed if p.startswith(prefix)]
    units = unit_folders(mine, lambda d: f"{prefix}{d}/{layout.UNIT_FILE}" in staged)
    return any(is_workspace_data(rel, units) for rel in mine)


# -- a new workspace repository ----------------------------------------------------------------

NO_IDENTITY_INIT = NO_IDENTITY + "\n或在 jixiao init 时加 --author \"姓名 <邮箱>\""


def init_repo(target: Path) -> None:
    engine().init(target)


def init_workspace(target: str | os.PathLike[str], title: str | None = None, year: int | None = None,
                   department: str = "", author: tuple[str, str] | None = None) -> Store:
    """A new folder with a git repository, an empty workspace (one unit named after the
    department when one is given), ``.gitattributes``, the pre-commit hook and a first commit."""
    engine_ready()  # JIXIAO_GIT=git without git: said before anything is created
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise StorageError(f"{target} 是一个文件，不是文件夹：请指定一个新文件夹的名称")
    if target.exists() and any(target.iterdir()):
        raise StorageError(
            f"{target} 不是空文件夹，也不是 jixiao 工作区（没有 {layout.WORKSPACE_FILE}），未在其中新建："
            f"请指定一个新的或空的文件夹；要把已公开的表格导入为工作区，用 jixiao import 表格 --into 新文件夹")
    ws = Workspace(department=department, year=year)
    if title:
        ws.title = title
    if department:
        ws.units.append(Unit(id="u01", name=department))
    with new_repository(target, author):
        store = write_new_workspace(ws, target)
        write_gitignore(target)
        install_hooks(target)
        commit(target, f"新建工作区：{ws.title}" + (f"（{year} 年度）" if year else ""))
    return store


@contextmanager
def new_repository(target: Path, author: tuple[str, str] | None) -> Iterator[Repo]:
    """A new git repository in ``target`` (made if missing) whose commits know their author —
    ``author``, remembered, or git's own; the body writes the workspace into it. Any failure (git,
    a held or unwritable file, no author) undoes it all: a folder made here is removed, one the
    user gave is left empty."""
    existed = target.exists()
    target.mkdir(parents=True, exist_ok=True)
    try:
        init_repo(target)
        repo = repo_for(target)
        if author:
            remember_author(repo, author)
        elif not has_identity(repo):
            raise GitError(NO_IDENTITY_INIT)
        yield repo
    except GitMissing:
        raise
    except (StorageError, OSError):  # GitError is a StorageError
        _remove_new(target, existed)
        raise


def _remove_new(target: Path, existed: bool) -> None:
    """Undo a half-made new workspace (only what init_workspace created: an empty folder it was
    given stays, emptied)."""
    if not existed:
        shutil.rmtree(target, ignore_errors=True)
        return
    for child in target.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
