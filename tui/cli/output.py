"""What the commands print: one line at a time, to stdout or stderr, never crashing on a
console that cannot show Chinese, and never passing a control character through (a name with
an ESC in a file could otherwise clear or retitle the terminal: it prints as ``\\x1b``);
``fail`` for the "jixiao CMD: why" line and its exit code."""

from __future__ import annotations

import re
import sys

from model.text import escaped

# the colours ``jixiao diff --color`` writes itself (tui.text.diff_text.ANSI): bold, dim, 31–36
_OWN_COLOURS = re.compile(r"(\x1b\[(?:[012]|3[1-6])m)")


def out(text: str = "", err: bool = False, colours: bool = False) -> None:
    """``colours``: keep jixiao's own colour codes (only these: nothing else a name may hold)."""
    stream = sys.stderr if err else sys.stdout
    if colours:
        # the split keeps the codes at odd indices
        text = "".join(p if i % 2 else escaped(p, multiline=True) for i, p in enumerate(_OWN_COLOURS.split(text)))
    else:
        text = escaped(text, multiline=True)
    text += "\n"
    try:
        stream.write(text)
    except UnicodeEncodeError:  # a legacy console code page: degrade, never crash
        stream.write(text.encode(stream.encoding or "ascii", "replace").decode(stream.encoding or "ascii"))


def fail(command: str, why: object, code: int = 2) -> int:
    """Print "jixiao COMMAND: why" to stderr; returns ``code`` (2: the command cannot run)."""
    out(f"jixiao {command}: {why}", err=True)
    return code
