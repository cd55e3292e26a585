"""The workspace is a closed world: jixiao reads and writes only regular files inside it.

Copies arrive by USB stick and by bundle (git carries a symbolic link as a link, mode 120000),
so a unit folder may be a link to a folder elsewhere, a project file a link to another
project's file, to /dev/zero or to a FIFO, or a file may be gigabytes. Reading opens a file
once without following a final link where the system can say so (``O_NOFOLLOW``; Windows has
none, so one ``lstat`` first), never blocks on a FIFO (``O_NONBLOCK``), takes one ``fstat`` and
reads only a regular file of at most ``MAX_FILE`` bytes. Writing first checks that no part of
the target's path below the root is a link or a Windows junction. Free of pydantic and the
model: the parsing workers import it.
"""

from __future__ import annotations

import errno
import os
import stat

MAX_FILE = 1 << 20  # bytes: a real project file is a few KB
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) | _NOFOLLOW
_LINK_ERRNOS = {errno.ELOOP, errno.EMLINK}  # open(O_NOFOLLOW) on a link: Linux/macOS, FreeBSD
_LINK_TAGS = {0xA000000C, 0xA0000003}  # Windows reparse tags: a symbolic link, a junction


class Refused(OSError):
    """A file jixiao does not read (or write): ``str()`` says why, in Chinese; ``rule`` is S1
    (not a regular file, too large) or S3 (a link: it may lead out of the workspace)."""

    def __init__(self, message: str, rule: str = "S1") -> None:
        super().__init__(message)
        self.message = message
        self.rule = rule

    def __str__(self) -> str:
        return self.message


def is_link(st: os.stat_result) -> bool:
    """Whether an ``lstat`` result is a symbolic link (or, on Windows, a junction)."""
    return stat.S_ISLNK(st.st_mode) or getattr(st, "st_reparse_tag", 0) in _LINK_TAGS


def is_link_path(path: str | os.PathLike[str]) -> bool:
    try:
        return is_link(os.lstat(path))
    except OSError:
        return False


def where(root: str | os.PathLike[str], path: str | os.PathLike[str]) -> str:
    """Where the link ``path`` points, for people: its target and whether that is outside."""
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    real, top = os.path.realpath(path), os.path.realpath(root)
    inside = os.path.normcase(real).startswith(os.path.normcase(top) + os.sep)
    if inside:
        return f"{target}（工作区内的 {os.path.relpath(real, top).replace(os.sep, '/')}）"
    return f"{target}（在工作区外）"


def link_message(root: str | os.PathLike[str], rel: str) -> str:
    return (f"{rel} 是符号链接，指向 {where(root, os.path.join(root, rel))}：jixiao 只读写工作区内的普通文件，"
            f"未读取，也不会写入（git 提交的是链接而不是内容）；把它换成所指文件的副本，或删除它")


def folder_link_message(root: str | os.PathLike[str], folder: str) -> str:
    return (f"单位文件夹 {folder} 是符号链接，指向 {where(root, os.path.join(root, folder))}：其中的文件未读取，"
            f"也不会写入；把那个文件夹复制到工作区里（替换这个链接），或从 units 中删去 {folder}")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "是文件夹"
    if stat.S_ISFIFO(mode):
        return "是命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "是设备"
    if stat.S_ISSOCK(mode):
        return "是套接字"
    return "不是普通文件"


def too_large(size: int) -> Refused:
    return Refused(f"文件过大（{size / (1 << 20):.1f} MB，上限 {MAX_FILE >> 20} MB），不像项目文件，未读取；"
                   "请检查它是不是放错了地方的其他文件")


def read_regular(root: str, rel: str, limit: int = MAX_FILE) -> tuple[bytes, tuple[int, int]]:
    """The bytes of ``root/rel`` and its (device, inode), which tell two names of one file apart.
    ``Refused`` for a link, anything but a regular file, or more than ``limit`` bytes;
    FileNotFoundError / OSError as from the disk."""
    path = os.path.join(root, rel)
    if not _NOFOLLOW and is_link(os.lstat(path)):  # Windows: the one extra call per file
        raise Refused(link_message(root, rel), "S3")
    try:
        fd = os.open(path, _FLAGS)
    except OSError as e:
        if _NOFOLLOW and e.errno in _LINK_ERRNOS and is_link_path(path):
            raise Refused(link_message(root, rel), "S3") from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Refused(f"{_kind(st.st_mode)}，不是普通文件，未读取")
        if st.st_size > limit:
            raise too_large(st.st_size)
        chunks, total = [], 0
        while True:  # to the end, which may have moved since fstat: never past the limit
            want = max(st.st_size + 1 - total, 1 << 16)
            chunk = os.read(fd, want)
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise too_large(total)
            if len(chunk) < want:
                break
    finally:
        os.close(fd)
    return (chunks[0] if len(chunks) == 1 else b"".join(chunks)), (st.st_dev, st.st_ino)


def read_bytes(root: str | os.PathLike[str], rel: str) -> bytes:
    """``read_regular`` without the identity."""
    return read_regular(str(root), rel)[0]


def link_on_the_way(root: str | os.PathLike[str], rel: str) -> str | None:
    """The first part of ``rel`` (a folder or the file itself) that is a link, as a message; None
    when the path stays inside the workspace (parts that do not exist yet are fine)."""
    path = os.fspath(root)
    done: list[str] = []
    for part in rel.split("/"):
        if part in ("", ".", ".."):
            return f"{rel} 不是工作区内的路径"
        path = os.path.join(path, part)
        done.append(part)
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return None
        if is_link(st):
            inner = "/".join(done)
            return f"{inner} 是符号链接，指向 {where(root, path)}：jixiao 不通过链接写入"
    return None
