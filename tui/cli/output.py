"""What the commands print: one line at a time, to stdout or stderr, never crashing on a
console that cannot show Chinese; ``fail`` for the "jixiao CMD: why" line and its exit code."""

from __future__ import annotations

import sys


def out(text: str = "", err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:  # a legacy console code page: degrade, never crash
        stream.write(text.encode(stream.encoding or "ascii", "replace").decode(stream.encoding or "ascii") + "\n")


def fail(command: str, why: object, code: int = 2) -> int:
    """Print "jixiao COMMAND: why" to stderr; returns ``code`` (2: the command cannot run)."""
    out(f"jixiao {command}: {why}", err=True)
    return code
