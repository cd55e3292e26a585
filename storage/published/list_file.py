"""Reading a mapping file (``--layout my-province.toml``): the layout of a province's indicator
list template, checked by ``model.indicator_list.layout.layout_from_dict``; every problem says
``file:line: what``, the line found by a small scan of the file's tables and keys."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from model.errors import JixiaoError
from model.indicator_list.layout import BUILTIN, ListLayout, layout_from_dict

BUILTIN_NAMES = ("indicators",)


class LayoutFileError(JixiaoError):
    """A mapping file that cannot be used; the message lists each problem with file:line."""


def load_layout(name: str) -> ListLayout:
    """``indicators`` (the built-in list) or a mapping file's layout."""
    if name in BUILTIN_NAMES:
        return BUILTIN
    path = Path(name)
    if not path.is_file():
        raise LayoutFileError(f"找不到映射文件 {path}（--layout 可为 table、detail、indicators 或一个 .toml 映射文件）")
    raw = path.read_bytes()
    if len(raw) > 256 * 1024:
        raise LayoutFileError(f"{path}: 文件过大（{len(raw) // 1024} KB），不像映射文件")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        raise LayoutFileError(f"{path}:{line}: 不是 UTF-8 编码的文字（用记事本另存为 UTF-8 后重试）") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        where = f"{path}:{m.group(1)}" if m else str(path)
        col = f"第 {m.group(2)} 个字符处" if m else ""
        raise LayoutFileError(f"{where}: TOML 格式错误，{col}无法读取（{_reason(str(e))}）；"
                              "文字要加英文双引号，如 header = \"项目名称\"") from None
    layout, problems = layout_from_dict(data)
    if problems:
        lines = [f"{path}:{_line_of(text, p.path)}: {p.message}" for p in problems]
        raise LayoutFileError("\n".join(lines))
    assert layout is not None
    return layout


def _reason(message: str) -> str:
    return re.sub(r"\s*\(at line \d+, column \d+\)", "", message).replace("\x1b", "")


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_\-]+))\s*=""")


def _line_of(text: str, path: tuple[str | int, ...]) -> int:
    """The line a TOML path is written on, else the line of the table holding it, else 1."""
    table: tuple = ()
    counts: dict[str, int] = {}
    table_line = root_line = None
    for n, line in enumerate(text.split("\n"), 1):
        if h := _HEADER.match(line):
            name = h.group(2).strip().strip('"')
            if h.group(1) == "[[":
                table = (name, counts.get(name, 0))
                counts[name] = table[1] + 1
            else:
                table = (name,)
            if path == table:
                return n
            if path[:len(table)] == table or (table[:len(path)] == path and table_line is None):
                table_line = n
            continue
        if k := _KEY.match(line):
            key = next(g for g in k.groups() if g is not None)
            if table + (key,) == path:
                return n
            if not table and path[:1] == (key,):
                root_line = n  # e.g. columns = [...] written inline
    return table_line or root_line or 1
