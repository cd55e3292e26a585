"""Writing text to a console or file that may not hold every character.

On Windows, output redirected to a file (or a pipe) is encoded with the system's code page —
GBK (cp936) on a Chinese Windows — unless ``PYTHONIOENCODING`` says otherwise, and GBK has none
of the symbols jixiao prints (› ✗ ⚠ ⛔ ☑ ▶ ⭘ ↕ ⏎ …). A plain ``write`` would then raise
``UnicodeEncodeError`` (stdout) or print ``\\u203a`` (stderr). ``write`` swaps each character the
stream cannot encode for a readable stand-in that it can (› → >, ✗ → ×, ☑ → √, ▶ → →, ⭘ → ○),
and anything else for its escape (``\\u2028``), so output never fails and stays readable. A
stream that takes everything (UTF-8, the Windows console) gets the text as it is.
"""

from __future__ import annotations

import codecs
import os
from typing import TextIO

# stand-ins, best first; the first the stream's encoding can hold is used (GBK holds × √ → ○ ↑ ↓)
FALLBACKS: dict[str, tuple[str, ...]] = {
    "›": (">",),
    "‹": ("<",),
    "✗": ("×", "x"),
    "✓": ("√", "v"),
    "✔": ("√", "v"),
    "⚠": ("!",),
    "⛔": ("×", "X"),
    "☑": ("√", "[x]"),
    "☐": ("□", "[ ]"),
    "▶": ("→", ">"),
    "⭘": ("○", "o"),
    "●": ("*",),
    "↕": ("↑↓", "^v"),
    "⏎": ("↙", "/"),
    "…": ("...",),
    "→": ("->",),
    "≠": ("!=",),
    "≥": (">=",),
    "≤": ("<=",),
    "×": ("x",),
    "·": (".",),
    "—": ("-",),
}

ERRORS = "jixiao.fallback"  # the codec error handler below, registered on import


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _fallback(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeEncodeError):
        raise err
    parts = []
    for ch in err.object[err.start:err.end]:
        alt = next((a for a in FALLBACKS.get(ch, ()) if _encodes(a, err.encoding)), None)
        parts.append(alt if alt is not None else ch.encode("ascii", "backslashreplace").decode("ascii"))
    return "".join(parts), err.end


codecs.register_error(ERRORS, _fallback)


def fit(text: str, encoding: str | None) -> str:
    """``text`` with every character ``encoding`` cannot hold replaced by its stand-in."""
    if not encoding:
        return text
    try:
        text.encode(encoding)
        return text
    except LookupError:
        return text
    except UnicodeEncodeError:
        return text.encode(encoding, ERRORS).decode(encoding)


def write(stream: TextIO | None, text: str) -> None:
    """Write ``text`` to ``stream`` in a form its encoding holds; nothing when there is no
    stream (``pythonw``) or it is closed."""
    if stream is None:
        return
    try:
        stream.write(fit(text, getattr(stream, "encoding", None)))
    except (AttributeError, ValueError):  # no stream, or closed: nowhere to say it
        pass


def colours_work(stream: TextIO | None) -> bool:
    """Whether ``stream`` is a terminal that draws ANSI colour codes. On Windows the console
    draws them only once asked (Windows Terminal always does; the older console host of Windows
    10 needs ENABLE_VIRTUAL_TERMINAL_PROCESSING): it is asked here, and when it refuses there are
    no colours rather than ``←[31m`` on the screen."""
    try:
        if stream is None or not stream.isatty():
            return False
    except (AttributeError, ValueError):
        return False
    return os.name != "nt" or _windows_vt(stream)


def _windows_vt(stream: TextIO) -> bool:
    """Turn on ANSI processing for the console behind ``stream`` (Windows 10 1511 and later)."""
    try:
        import ctypes
        import msvcrt
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        handle = msvcrt.get_osfhandle(stream.fileno())
        mode = wintypes.DWORD()
        if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            return False
        return bool(mode.value & _VT) or bool(kernel32.SetConsoleMode(handle, mode.value | _VT))
    except (ImportError, AttributeError, OSError, ValueError):
        return False


_VT = 0x0004  # ENABLE_VIRTUAL_TERMINAL_PROCESSING
