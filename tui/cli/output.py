"""What the commands print: one line at a time, to stdout or stderr, never crashing on a
console or file that cannot show a character (a symbol GBK lacks gets a stand-in: ``tui.text.console``),
and never passing a control character through (a name with an ESC in a file could otherwise
clear or retitle the terminal: it prints as ``\\x1b``); ``out_json`` for ``--format json``,
always UTF-8; ``fail`` for the "jixiao CMD: why" line and its exit code."""

from __future__ import annotations

import re
import sys

from model.text import escaped
from tui.text.console import write

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
    write(stream, text + "\n")


def out_json(text: str) -> None:
    """JSON for programs: UTF-8 bytes on stdout whatever the console's code page, the locale or
    ``PYTHONIOENCODING`` (a GBK file would hold a reader expecting JSON's UTF-8 to mojibake, and
    lose the characters GBK lacks). Control characters are escaped as in ``out`` (JSON reads
    ``\\u009b`` back as the same character); the Windows console takes UTF-8 bytes too."""
    data = (escaped(text, multiline=True) + "\n").encode("utf-8")
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (a test's StringIO): it holds any character
        write(sys.stdout, data.decode("utf-8"))
        return
    sys.stdout.flush()  # whatever was printed as text comes first
    buffer.write(data)
    buffer.flush()


_PLAIN_ARG = re.compile(r"[^\s\"'&|<>()^;!$`%*?]+")


def arg(value: object) -> str:
    """``value`` as it is typed in a command line suggested to the user: in double quotes when
    it holds a space or a character a shell reads (``C:\\Users\\Zhang San\\Desktop\\工作区``),
    which cmd, PowerShell and sh all take."""
    text = str(value)
    return text if _PLAIN_ARG.fullmatch(text) else f'"{text}"'


def fail(command: str, why: object, code: int = 2) -> int:
    """Print "jixiao COMMAND: why" to stderr; returns ``code`` (2: the command cannot run)."""
    out(f"jixiao {command}: {why}", err=True)
    return code
