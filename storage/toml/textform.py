"""How a file's text is laid out in bytes: a UTF-8 BOM or not, CRLF or LF line endings.

Saving keeps a file's form, so a file from Notepad ("UTF-8 with BOM") or a Windows checkout
(CRLF) comes back with only the changed values different, not every line. The text in between
is handled with LF only (tomlkit would otherwise mix endings: new lines get LF). New files are
written LF without a BOM, the form git stores (see README).
"""

from __future__ import annotations

from dataclasses import dataclass

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class TextForm:
    bom: bool = False
    crlf: bool = False


NEW_FILE = TextForm()


def decode(raw: bytes) -> tuple[str, TextForm]:
    """The text with LF line endings, and the form to write it back in (CRLF when most lines end
    so; UnicodeDecodeError when not UTF-8)."""
    bom = raw.startswith(BOM)
    text = raw[len(BOM):].decode("utf-8") if bom else raw.decode("utf-8")
    crlf = text.count("\r\n") * 2 > text.count("\n")
    return text.replace("\r\n", "\n"), TextForm(bom, crlf)


def encode(text: str, form: TextForm) -> bytes:
    """``text`` (LF line endings) as bytes in ``form``."""
    data = (text.replace("\n", "\r\n") if form.crlf else text).encode("utf-8")
    return BOM + data if form.bom else data
