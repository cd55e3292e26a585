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

from storage.atomic import replace, sync_folder

STAGING = ".jixiao-staging-"
SYNC_THREADS = 16


def staging_folders(target: Path) -> list[Path]:
    """Staging folders of earlier writes to ``target`` (left by a crash)."""
    pattern = re.compile(re.escape(f".{target.name}{STAGING}") + r"[0-9a-f]{8}")
    try:
        return [p for p in target.parent.iterdir() if pattern.fullmatch(p.name) and p.is_dir()]
    except OSError:
        return []


def write_new_folder(target: Path, files: dict[str, bytes], last: str) -> None:
    """Write ``files`` ({relative path with /: bytes}) as the folder ``target`` (missing, empty,
    or holding only ``.git``), ``last`` moved in last when the folder exists."""
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
        for name in names:
            replace(staging / name, target / name)
        sync_folder(target)
        staging.rmdir()
    sync_folder(target.parent)
