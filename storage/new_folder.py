"""Writing a whole new folder of files at once (``jixiao import``): all or nothing, one sync.

The files go into a hidden staging folder beside the target (same parent, so the same disk),
are made durable together, and the finished folder is then renamed into place. A crash leaves
either no target or the whole one; a leftover staging folder (``.名称.jixiao-staging-…``) is
removed by the next write to the same target.

Making 10,000 small files durable one ``fsync`` at a time costs seconds of waiting on the disk;
here the files are written without syncing and flushed together at the end: on Linux with one
``syncfs`` of the staging folder's file system (``os.sync`` where syncfs is missing), elsewhere
(Windows, macOS) with an ``fsync`` of every file from a pool of threads, which lets the disk
take the flushes in batches.

A target that exists must be empty, or hold only ``.git``. An empty target is replaced by the
staging folder in one rename (POSIX); otherwise the entries are moved in one by one, the
workspace file (``last``) after everything else, so the folder is not a workspace until it is
whole.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from storage.atomic import FileInUseError, replace, sync_folder
from storage.errors import StorageError
from storage.os_errors import os_error_text

STAGING = ".jixiao-staging-"
SYNC_THREADS = 16


def staging_folders(target: Path) -> list[Path]:
    """Staging folders of earlier writes to ``target`` (left by a crash)."""
    pattern = re.compile(re.escape(f".{target.name}{STAGING}") + r"[0-9a-f]{8}")
    try:
        return [p for p in target.parent.iterdir() if pattern.fullmatch(p.name) and p.is_dir()]
    except OSError:
        return []


class NewFolderError(StorageError):
    """The folder could not be written (a file in the way, full disk, read-only, no permission):
    nothing of it was left behind."""


def write_new_folder(target: Path, files: dict[str, bytes], last: str) -> None:
    """Write ``files`` ({relative path with /: bytes}) as the folder ``target`` (missing, empty,
    or holding only ``.git``), ``last`` moved in last when the folder exists. An OSError
    becomes a ``NewFolderError`` saying where and what to do, with nothing half-written."""
    blocker = next((p for p in (target, *target.parents) if p.exists() or p.is_symlink()), None)
    if blocker is not None and not blocker.is_dir():
        raise NewFolderError(f"{blocker} 是文件，不是文件夹，无法在其中建立 {target}；请换一个文件夹")
    try:
        _write_new_folder(target, files, last)
    except FileInUseError as e:  # Windows: a scanner or a window holds the new folder
        raise NewFolderError(f"无法写入 {target}：{e.why}（未留下任何文件）") from None
    except OSError as e:
        raise NewFolderError(f"{os_error_text(e, target, '写入')}（未留下任何文件）") from None


def _write_new_folder(target: Path, files: dict[str, bytes], last: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    for old in staging_folders(target):
        shutil.rmtree(old, ignore_errors=True)
    staging = target.parent / f".{target.name}{STAGING}{secrets.token_hex(4)}"
    staging.mkdir()
    try:
        folders = write_files(staging, files)
        _sync(staging, [staging / rel for rel in files], folders)
        _move_into_place(staging, target, last)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_files(root: Path, files: dict[str, bytes]) -> list[Path]:
    """Write ``files`` under ``root`` plainly (no sync); the folders made, deepest first."""
    root.mkdir(parents=True, exist_ok=True)
    folders = {root}
    for rel, data in files.items():
        path = root / rel
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        with open(path, "wb") as f:
            f.write(data)
    return sorted(folders, key=lambda p: len(p.parts), reverse=True)


def _sync(root: Path, paths: list[Path], folders: list[Path]) -> None:
    if sys.platform.startswith("linux") and _syncfs(root):
        return
    with ThreadPoolExecutor(SYNC_THREADS) as pool:
        list(pool.map(_fsync_file, paths))
    for folder in folders:
        sync_folder(folder)


def _syncfs(folder: Path) -> bool:
    """Flush the file system holding ``folder`` (Linux ``syncfs``, else ``os.sync``)."""
    try:
        import ctypes

        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        os.sync()
        return True
    fd = os.open(folder, os.O_RDONLY)
    try:
        return syncfs(fd) == 0
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows flushes only a writable handle
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _move_into_place(staging: Path, target: Path, last: str) -> None:
    if not target.exists():
        replace(staging, target)
    elif os.name == "posix" and not any(target.iterdir()):
        os.replace(staging, target)  # rename(2) replaces an empty folder in one step
    else:  # holds .git (or Windows, which cannot rename over a folder): move the entries in
        names = sorted(p.name for p in staging.iterdir() if p.name != last) + [last]
        moved: list[str] = []
        try:
            for name in names:
                replace(staging / name, target / name)
                moved.append(name)
        except BaseException:  # take back what was moved: the folder holds only .git again
            for name in moved:
                _remove(target / name)
            raise
        sync_folder(target)
        staging.rmdir()
    sync_folder(target.parent)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
