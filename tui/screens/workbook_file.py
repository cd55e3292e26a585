"""Writing a workbook from a dialog (the export and the 修订对照表 dialogs): the file replaced
only after a second Enter, and every failure said in the dialog as plain text, never as markup
(a path such as ``D:\\[2025]\\表.xlsx`` would lose its backslash; a ``[/]`` would end the editor)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.content import Content
from textual.widgets import Static

from model.text import escaped


def plain(text: str) -> Content:
    """``text`` shown as it is, control characters escaped."""
    return Content(escaped(text, multiline=True))


def write_or_say(message: Static, path: Path, data: Callable[[], object]) -> bool:
    """Write the workbook ``data()`` builds to ``path``; False, with the reason in ``message``, when
    it cannot be written (the file left as it was)."""
    from storage.atomic import FileInUseError
    from storage.errors import StorageError
    from storage.os_errors import os_error_text
    from storage.published.export import write_workbook

    try:
        write_workbook(path, data())
    except FileInUseError as e:  # Windows: open in Excel/WPS; closing it and Enter again works
        message.update(plain(f"{e}（原有文件未改动）。Enter 重试，或改一个文件名；Esc 取消。"))
    except StorageError as e:
        message.update(plain(str(e)))
    except OSError as e:
        message.update(plain(f"{os_error_text(e, path, '写入')}（原有文件未改动）"))
    else:
        return True
    return False
