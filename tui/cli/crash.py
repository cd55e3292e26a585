"""The last resort of every command and of the editor: what the user sees instead of a traceback.

An ``OSError`` that reached the top is a file that could not be read or written: it is said in
Chinese with its path and what to do (``storage.os_errors``). Anything else is a bug: a short
Chinese message says so and names a log file holding the details (the traceback, the command
line, the versions), to send to the maintainers. The log goes to the workspace's ``.jixiao/``
(ignored by git, beside the recovery journal) when there is a workspace, else to the user's
configuration folder (``tui.config.config_dir``: ``%APPDATA%\\jixiao``, ``~/.config/jixiao`` or ``JIXIAO_CONFIG_DIR``),
else to the system's temp folder.
"""

from __future__ import annotations

import platform
import sys
import tempfile
import time
import traceback
from pathlib import Path

from storage.os_errors import os_error_text
from tui.cli.output import out
from tui.config import config_dir

LOG_FOLDER = ".jixiao"  # as the recovery journal's (storage.workspace.recovery.FOLDER)


def os_error(command: str, e: OSError) -> int:
    """「jixiao 命令: 无法读写 PATH：原因；怎么办」on stderr; exit code 2."""
    out(f"{_prefix(command)}: {os_error_text(e)}", err=True)
    return 2


def unexpected(command: str, e: BaseException, argv: list[str], workspace: Path | None) -> int:
    """A bug: a short message naming the log file that holds the details; exit code 2."""
    log = write_log(e, argv, workspace)
    where = f"详细信息已写入 {log}，请把它发给维护人员" if log else "详细信息未能写入日志文件：请把这条消息和你做的操作告诉维护人员"
    out(f"jixiao 出错了（这是程序的问题，不是你的操作）：{type(e).__name__}: {_first_line(e)}；{where}", err=True)
    return 2


def _prefix(command: str) -> str:
    return f"jixiao {command}" if command else "jixiao"


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0][:200] if text else "（无说明）"


def log_folders(workspace: Path | None) -> list[Path]:
    """Where a log may go, best first: the workspace's .jixiao/ (never through a symlink, which
    could lead outside it), the configuration folder, the temp folder."""
    folders = []
    if workspace is not None and (workspace / "jixiao.toml").is_file() and not (workspace / LOG_FOLDER).is_symlink():
        folders.append(workspace / LOG_FOLDER)
    folders += [config_dir(), Path(tempfile.gettempdir())]
    return folders


def write_log(e: BaseException, argv: list[str], workspace: Path | None) -> Path | None:
    """Write the details of ``e`` to a new log file; its path, or None when nowhere would take it."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    text = "".join([
        f"jixiao 出错日志 {time.strftime('%Y-%m-%d %H:%M:%S')}\n",
        f"命令：jixiao {' '.join(argv)}\n",
        f"Python {sys.version.split()[0]} · {platform.platform()}\n\n",
        *traceback.format_exception(type(e), e, e.__traceback__),
    ])
    for folder in log_folders(workspace):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if folder.name == LOG_FOLDER and not (folder / ".gitignore").exists():
                (folder / ".gitignore").write_text("*\n", "utf-8", newline="\n")
            path = folder / f"jixiao-crash-{stamp}.log"
            with open(path, "a", encoding="utf-8", errors="replace") as f:
                f.write(text)
            return path
        except OSError:
            continue
    return None
