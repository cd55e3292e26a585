"""An ``OSError`` said in Chinese for people: which path, why (no permission, disk full,
read-only, missing, in use …) and what to do about it. Used wherever a file operation can fail
(import, export, the command line's last-resort handler)."""

from __future__ import annotations

import errno
from pathlib import Path

# Windows' own error numbers (OSError.winerror) for a file another program holds open
_WIN_IN_USE = {32, 33}  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION

_ASK_ADMIN = "请管理员给你这个文件夹的权限，或换一个你有权限的文件夹（如「文档」或桌面）"

_REASONS: dict[int, tuple[str, str]] = {
    errno.EACCES: ("没有权限", _ASK_ADMIN),
    errno.EPERM: ("没有权限", _ASK_ADMIN),
    errno.ENOSPC: ("磁盘已满", "删除不需要的文件腾出空间，或换一个磁盘后重试"),
    errno.EROFS: ("磁盘是只读的", "U 盘可能开了写保护（侧面的小开关），或换一个可写的位置后重试"),
    errno.ENOENT: ("不存在", "检查路径是否写对，文件夹是否已被移走或 U 盘是否已拔出"),
    errno.ENOTDIR: ("路径中有一段是文件而不是文件夹", "检查路径是否写对，换一个文件夹"),
    errno.EISDIR: ("是文件夹而不是文件", "给出文件名而不是文件夹"),
    errno.EEXIST: ("已存在", "换一个名称，或先移走已有的文件"),
    errno.EBUSY: ("被其他程序占用", "关闭正在使用它的程序（如 Excel/WPS、杀毒软件）后重试"),
    errno.ENAMETOOLONG: ("路径太长", "换一个较短的文件夹或文件名"),
    errno.EIO: ("读写出错（磁盘或 U 盘可能有问题）", "检查磁盘或 U 盘，换一个位置后重试"),
}
for _name in ("EDQUOT", "ETXTBSY"):  # not on every system
    if hasattr(errno, _name):
        _REASONS[getattr(errno, _name)] = _REASONS[errno.ENOSPC if _name == "EDQUOT" else errno.EBUSY]


def reason(e: OSError) -> tuple[str, str]:
    """(why, what to do) in Chinese; an errno not listed gives the system's own words."""
    if getattr(e, "winerror", None) in _WIN_IN_USE:
        return _REASONS[errno.EBUSY]
    if e.errno in _REASONS:
        return _REASONS[e.errno]
    return (e.strerror or str(e) or type(e).__name__), "检查该路径后重试"


def os_error_text(e: OSError, path: str | Path | None = None, verb: str = "读写") -> str:
    """「无法读写 PATH：原因；what to do」, ``path`` being the error's own when not given."""
    where = path if path is not None else (e.filename if e.filename is not None else "")
    if isinstance(where, bytes):
        where = where.decode("utf-8", "replace")
    if e.filename2 is not None and path is None:
        where = f"{where} → {e.filename2}"
    why, todo = reason(e)
    return f"无法{verb} {where}：{why}；{todo}" if where != "" else f"无法{verb}文件：{why}；{todo}"
