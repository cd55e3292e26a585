"""Long texts (绩效目标) compared by sentence, and a changed sentence character by character."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal


@dataclass(frozen=True)
class Segment:
    op: Literal["=", "-", "+"]  # kept, deleted, inserted
    text: str


@dataclass(frozen=True)
class TextEdit:
    """One changed stretch of a long text: a sentence (or a few) before and after."""

    old: str
    new: str
    segments: tuple[Segment, ...]

    @property
    def kind(self) -> Literal["added", "removed", "changed"]:
        return "added" if not self.old else "removed" if not self.new else "changed"


_SENTENCE = re.compile(r"[^。；;！？!?\n]*(?:[。；;！？!?]+[ \t\u3000]*|\n|$)")


def sentences(text: str) -> list[str]:
    """``text`` cut after each sentence end (。；！？ and their ASCII forms) and each newline."""
    return [s for s in _SENTENCE.findall(text) if s]


def char_segments(old: str, new: str) -> tuple[Segment, ...]:
    """Character-level edit of ``old`` into ``new``; tiny kept islands (one character between
    two changes) are folded into the change so the result reads as words, not confetti."""
    sm = SequenceMatcher(None, old, new, autojunk=False)
    ops = [list(op) for op in sm.get_opcodes()]
    for k in range(1, len(ops) - 1):
        tag, i1, i2, _, _ = ops[k]
        if tag == "equal" and i2 - i1 <= 1 and ops[k - 1][0] != "equal" and ops[k + 1][0] != "equal":
            ops[k][0] = "replace"
    out: list[Segment] = []
    dels: list[str] = []
    ins: list[str] = []

    def flush() -> None:
        if dels:
            out.append(Segment("-", "".join(dels)))
        if ins:
            out.append(Segment("+", "".join(ins)))
        dels.clear()
        ins.clear()

    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            flush()
            out.append(Segment("=", old[i1:i2]))
        else:
            dels.append(old[i1:i2])
            ins.append(new[j1:j2])
    flush()
    return tuple(s for s in out if s.text)


def text_edits(old: str, new: str) -> tuple[TextEdit, ...]:
    """The changed sentences of a long text; each changed one with its character-level edit."""
    a, b = sentences(old), sentences(new)
    out: list[TextEdit] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        o, n = "".join(a[i1:i2]), "".join(b[j1:j2])
        if o and n and SequenceMatcher(None, o, n, autojunk=False).ratio() >= 0.5:
            out.append(TextEdit(o, n, char_segments(o, n)))
        else:
            segs = tuple(Segment(op, t) for op, t in (("-", o), ("+", n)) if t)
            out.append(TextEdit(o, n, segs))
    return tuple(out)
