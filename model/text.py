"""Control characters in text: finding them (rule T2) and showing them harmlessly.

Text from files (project names, goals, commit messages …) must never reach a terminal raw: an
ESC starts a command that can clear the screen or retitle the window. ``escaped`` writes each
control character as a visible escape (``\\x1b``), ``pictured`` as one visible symbol (``␛``,
same length: for inputs, whose cursor counts characters). Plain ``re``: no heavy imports, so
the editor's first screen can use it.
"""

from __future__ import annotations

import re

# C0 (but tab and newline), DEL, C1, and the Unicode line/paragraph separators
_CONTROL = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029"
CONTROL_IN_LINES = re.compile(f"[{_CONTROL}]")  # multi-line text: tab and newline allowed
CONTROL = re.compile(f"[\t\n{_CONTROL}]")  # one-line text: tab and newline too

NAMES = {
    0x00: "NUL", 0x07: "BEL", 0x08: "退格", 0x09: "制表符", 0x0A: "换行", 0x0B: "垂直制表符",
    0x0C: "换页", 0x0D: "回车", 0x1B: "ESC", 0x7F: "DEL", 0x2028: "行分隔符", 0x2029: "段分隔符",
}


def control_chars(text: str, multiline: bool = False) -> list[tuple[int, str]]:
    """Each control character of ``text`` with its 0-based index (``multiline``: tab and
    newline are not)."""
    pattern = CONTROL_IN_LINES if multiline else CONTROL
    if pattern.search(text) is None:  # the usual case: one search
        return []
    return [(m.start(), m.group()) for m in pattern.finditer(text)]


def escape_char(c: str) -> str:
    """``\\x1b`` for C0; ``\\u007f``, ``\\u009b``, ``\\u2028`` for the rest (a form a JSON
    string also reads as the same character, so escaped JSON stays valid)."""
    n = ord(c)
    return f"\\x{n:02x}" if n < 0x20 else f"\\u{n:04x}"


def describe_char(c: str) -> str:
    """``\\x1b（ESC）`` for a message."""
    name = NAMES.get(ord(c))
    return f"{escape_char(c)}（{name}）" if name else escape_char(c)


def escaped(text: str, multiline: bool = False) -> str:
    """``text`` with each control character written as its escape (``multiline``: tab and
    newline kept as they are)."""
    pattern = CONTROL_IN_LINES if multiline else CONTROL
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda m: escape_char(m.group()), text)


def _picture(m: re.Match[str]) -> str:
    n = ord(m.group())
    if n < 0x20:
        return chr(0x2400 + n)  # the Control Pictures block: ␀ … ␛ …
    return "␡" if n == 0x7F else "�"


def pictured(text: str) -> str:
    """``text`` with each control character (tab and newline too) replaced by one visible
    symbol, so that positions in it stay those of ``text``."""
    if CONTROL.search(text) is None:
        return text
    return CONTROL.sub(_picture, text)


def control_problem(label: str, text: str, multiline: bool = False) -> str | None:
    """The T2 message for a text holding control characters, None when it holds none."""
    found = control_chars(text, multiline)
    if not found:
        return None
    i, c = found[0]
    more = f"（共 {len(found)} 个）" if len(found) > 1 else ""
    return (f"{label}第 {i + 1} 个字符是控制字符 {describe_char(c)}{more}：它看不见，却会扰乱终端显示和"
            "导出的表格；请删去（编辑器中显示为 ␛ 一类的符号）")
