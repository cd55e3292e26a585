"""Git's merge-conflict markers in a workspace file: where the first one is, and the message a
file that has them gets instead of a TOML syntax error.

Looked for only when a file fails to parse (a marker line is never valid TOML), so reading
good files costs nothing more. Free of pydantic: the parsing workers import it.
"""

from __future__ import annotations

import re

OURS = re.compile(r"^<{7}(?: .*)?$")
BASE = re.compile(r"^\|{7}(?: .*)?$")
SEP = re.compile(r"^={7}$")
THEIRS = re.compile(r"^>{7}(?: .*)?$")

CONFLICT = "合并冲突未解决"
CONFLICT_MESSAGE = (
    f"{CONFLICT}：文件中有 <<<<<<< 标记（两个人改了同一处）。在编辑器中打开工作区逐项选择"
    "（jixiao 工作区文件夹），或用文本编辑器保留正确的内容并删去 <<<<<<<、=======、>>>>>>> 标记行；"
    "然后 jixiao commit 完成合并（放弃这次合并：jixiao pull --abort）"
)


BY_HAND_MESSAGE = (
    f"{CONFLICT}：文件中有 <<<<<<< 标记（两个人改了同一处）。这个文件要用文本编辑器（如记事本）处理："
    "<<<<<<< 与 ======= 之间是本机的内容，======= 与 >>>>>>> 之间是对方的；保留正确的一份，删去这些标记行"
    "（还有 ||||||| 一段时也删去它）；然后 jixiao commit 完成合并（放弃这次合并：jixiao pull --abort）"
)


def conflict_message(rel: str) -> str:
    """The message for markers in ``rel``: a project file (``u01/p02.toml``) is settled field by
    field in the editor's conflict screen; jixiao.toml, codes.toml and a unit.toml only by hand
    (the editor cannot open a workspace whose jixiao.toml is conflicted)."""
    folder, _, name = rel.rpartition("/")
    project_file = bool(folder) and "/" not in folder and name != "unit.toml"
    return CONFLICT_MESSAGE if project_file else BY_HAND_MESSAGE


def conflict_marker_line(data: bytes | str) -> int | None:
    """The line number (from 1) of the first ``<<<<<<<`` marker line, or None."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    if "<<<<<<<" not in text:
        return None
    for number, line in enumerate(text.split("\n"), 1):
        if OURS.match(line.rstrip("\r")):
            return number
    return None


def is_conflict_message(message: str) -> bool:
    """Whether a reading problem's message is the one for conflict markers."""
    return message.startswith(CONFLICT)
