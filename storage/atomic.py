"""Atomic file writes: a temp file in the same folder, fsync, then replace.

The replaced file keeps its mode (a project saved at 0644 stays 0644); a new file gets the mode
the umask gives, as any program's new file would (the temp file is created with 0666 and the
system applies the umask, so the process-wide umask is never changed).

On Windows a file another program holds cannot be replaced: Excel/WPS keep an open workbook
locked, an antivirus or a cloud-sync client reads a file just written for a moment. ``os.replace``
then raises ``PermissionError`` with ``winerror`` 32 (sharing violation), 33 (lock violation) or
5 (access denied). The replace is retried for about a second (enough for a scanner), then
``FileInUseError`` names the file and the likely holder in Chinese (a read-only file is said as
such). The temp file is removed and the original is left as it was: nothing half-written stays.
A ``PermissionError`` without ``winerror`` (POSIX: no permission on the folder) is retried the
same way and then raised as it is, for ``storage.os_errors`` to say.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import time
from pathlib import Path

from storage.errors import StorageError

# seconds to wait before each further try: about one second in all
REPLACE_PAUSES = (0.05, 0.1, 0.15, 0.2, 0.25, 0.25)
_WIN_HELD = {5, 32, 33}  # ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
_OFFICE = {".xlsx", ".xlsm", ".xls", ".et", ".csv"}  # files people open in Excel/WPS


class FileInUseError(StorageError):
    """``path`` could not be replaced: another program holds it (or it is read-only). ``why``
    is the message without the path, for a caller that names the file its own way."""

    def __init__(self, path: Path, read_only: bool = False, folder: bool = False):
        if read_only:
            why = "是只读文件，无法覆盖；在资源管理器中右键该文件 → 属性，取消勾选「只读」后重试"
        elif folder:
            why = ("被其他程序占用（可能是杀毒软件正在检查刚写入的文件，或资源管理器、命令行窗口正打开着这个文件夹）；"
                   "稍等片刻后重试")
        elif path.suffix.lower() in _OFFICE:
            why = "被其他程序占用（是否在 Excel/WPS 中打开着？关闭后重试）"
        else:
            why = "被其他程序占用（可能是杀毒软件或网盘同步程序正在读取它，或它在另一个程序中打开着）；稍等片刻，或关闭该程序后重试"
        super().__init__(f"「{path}」{why}")
        self.path, self.why = path, why


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
    """``os.replace``, retried for about a second while another program holds ``path`` or
    ``tmp`` (Windows); then ``FileInUseError``, or the ``PermissionError`` itself when it is no
    Windows sharing error (POSIX permissions)."""
    for pause in (*REPLACE_PAUSES, None):
        try:
            os.replace(tmp, path)
            return
        except PermissionError as e:
            if pause is None:
                if getattr(e, "winerror", None) in _WIN_HELD:
                    raise FileInUseError(path, read_only=_read_only(path), folder=os.path.isdir(tmp)) from None
                raise
            time.sleep(pause)


def _read_only(path: Path) -> bool:
    """The file has Windows' read-only attribute (which os.stat reports as no write bit)."""
    try:
        return os.path.isfile(path) and not os.stat(path).st_mode & stat.S_IWRITE
    except OSError:
        return False


def remove_quietly(tmp: Path) -> None:
    """Remove a temp file, retried briefly (a scanner may still be reading it); never raises,
    so the error that made the write fail is the one reported."""
    for pause in (*REPLACE_PAUSES[:3], None):
        try:
            os.unlink(tmp)
            return
        except FileNotFoundError:
            return
        except PermissionError:
            if pause is None:
                return
            time.sleep(pause)
        except OSError:
            return


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
            if mode is not None and os.name == "posix":  # Windows: the mode is only the read-only flag
                os.fchmod(f.fileno(), mode)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        replace(tmp, path)
    except BaseException:
        remove_quietly(tmp)
        raise
    sync_folder(path.parent)
