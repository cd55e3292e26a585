"""The canonical TOML text of workspace files (a file that exists is updated in place instead:
``storage.toml.update``).

New files are emitted here as text in one canonical form (stable key order, amounts as exact
decimals, long Chinese text as a multi-line string cut after each sentence with TOML's
line-ending backslash, so a change to one sentence is a one-line ``git diff``). Saving over an
existing file edits only the values that changed, through tomlkit, so hand-written comments and
blank lines survive.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

SHORT = 40  # strings longer than this (in characters) become multi-line
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_CTRL = re.compile(r'["\\\x00-\x1f\x7f]')
_ML_CTRL = re.compile(r'["\\\x00-\x09\x0b-\x1f\x7f]')
# a sentence end, then spaces; cut there when a non-space follows
_CUT = re.compile(r"[。；;！？!?][ \t\u3000]*(?=[^\s])")


def _esc(m: re.Match[str]) -> str:
    c = m.group()
    return _ESCAPES.get(c) or f"\\u{ord(c):04X}"


def emit_string(s: str) -> str:
    if "\n" not in s and len(s) <= SHORT:
        return '"' + _CTRL.sub(_esc, s) + '"'
    lines: list[str] = []
    start = 0
    for m in _CUT.finditer(s):
        lines.append(s[start:m.end()])
        start = m.end()
    lines.append(s[start:])
    body = "\\\n".join(_ML_CTRL.sub(_esc, part) for part in lines)
    return '"""\n' + body + '"""'


def emit_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return _decimal(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return emit_string(v)
    if isinstance(v, list):
        if not v:
            return "[]"
        return "[\n" + "".join(f"  {emit_value(x)},\n" for x in v) + "]"
    raise TypeError(f"cannot emit {type(v).__name__}")


def _decimal(v: Decimal) -> str:
    s = format(v, "f")
    # an integral amount keeps two places so TOML reads it as a float, like every other amount
    return s if "." in s else s + ".00"


def emit_table_body(data: dict[str, Any]) -> str:
    return "".join(f"{k} = {emit_value(v)}\n" for k, v in data.items() if v is not None)


def emit_document(root: dict[str, Any], tables: dict[str, dict[str, Any]] | None = None,
                  arrays: dict[str, list[dict[str, Any]]] | None = None, header: str = "") -> str:
    """Root keys, then ``[table]``s, then ``[[array]]`` entries, a blank line between blocks."""
    blocks = [header + emit_table_body(root)]
    for name, body in (tables or {}).items():
        text = emit_table_body(body)
        if text:
            blocks.append(f"[{name}]\n{text}")
    for name, rows in (arrays or {}).items():
        for row in rows:
            blocks.append(f"[[{name}]]\n{emit_table_body(row)}")
    return "\n".join(blocks)
