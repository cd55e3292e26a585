"""Control characters in an imported cell: found, named and shown escaped, never printed raw.

A minimal private version of what ``model/text.py`` (issue #12) provides for the workspace's
own files; the importers use it until the two are merged. Tab, newline and carriage return are
left to the rules of each field (a goal may hold several lines).
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the Unicode line/paragraph separators (which str.splitlines and
# terminals treat as line breaks)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_NAMES = {"\x00": "NUL", "\x07": "BEL", "\x08": "退格", "\x0b": "垂直制表符 VT", "\x0c": "换页符 FF",
          "\x1b": "ESC", "\x7f": "DEL", "\u2028": "行分隔符 U+2028", "\u2029": "段分隔符 U+2029"}


def control_char(text: str) -> str | None:
    """The first control character in ``text``, or None."""
    m = _CONTROL.search(text)
    return m.group() if m else None


def escaped(text: str) -> str:
    """``text`` with each control character written as ``\\x1b`` / ``\\u2028``."""
    return _CONTROL.sub(lambda m: _escape(m.group()), text)


def describe(ch: str) -> str:
    """``\\x1b（ESC）`` for a message."""
    name = _NAMES.get(ch)
    return f"{_escape(ch)}（{name}）" if name else _escape(ch)


def _escape(ch: str) -> str:
    n = ord(ch)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"
