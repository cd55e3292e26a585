"""Atomic file writes: a temp file in the same folder, fsync, then replace.

The replaced file keeps its mode (a project saved at 0644 stays 0644); a new file gets the mode
the umask gives, as any program's new file would (the temp file is created with 0666 and the
system applies the umask, so the process-wide umask is never changed). On Windows a file open in
Excel/WPS or held by an antivirus cannot be replaced for a moment: the replace is retried briefly,
then ``FileInUseError`` says so in Chinese.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import time
from pathlib import Path

from storage.errors import StorageError

REPLACE_TRIES = 5
REPLACE_PAUSE = 0.1  # seconds between tries


class FileInUseError(StorageError):
    def __init__(self, path: Path):
        super().__init__(f"{path} 正被其他程序占用（例如在 Excel/WPS 中打开），无法替换；关闭该程序后重试")
        self.path = path


STALE_AFTER = 60.0  # seconds: a temp file untouched this long has no live writer


def remove_stale_temps(path: Path, older_than: float = STALE_AFTER) -> list[Path]:
    """Remove the temp files that killed writes to ``path`` left (``.NAME.xxxxxxxx.tmp``
    untouched for ``older_than`` seconds: a write fills its temp file in one go, so an older one
    has no live writer); the ones removed."""
    pattern = re.compile(re.escape(f".{path.name}.") + r"[0-9a-f]{8}\.tmp")  # as create_temp names them
    now, gone = time.time(), []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return []
    for entry in entries:
        try:
            if pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False) \
                    and now - entry.stat(follow_symlinks=False).st_mtime > older_than:
                os.unlink(entry.path)
                gone.append(Path(entry.path))
        except OSError:
            continue  # another export removed it first, or it cannot be removed: leave it
    return gone


def create_temp(folder: Path, name: str) -> tuple[int, Path]:
    """A new hidden temp file beside ``name`` in ``folder``, opened for writing with the
    umask's mode: (descriptor, path)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue


def replace(tmp: Path, path: Path) -> None:
    """``os.replace``, retried briefly while another program holds ``path`` (Windows)."""
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(tmp, path)
            return
        except PermissionError:
            if attempt == REPLACE_TRIES - 1:
                raise FileInUseError(path) from None
            time.sleep(REPLACE_PAUSE)


def sync_folder(folder: Path) -> None:
    """Make a rename or new entry in ``folder`` durable (POSIX; Windows has no such call)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = None  # a new file: the umask decides
    fd, tmp = create_temp(path.parent, path.name)
    try:
        with os.fdopen(fd, "wb") as f:
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(f.fileno(), mode)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    sync_folder(path.parent)
