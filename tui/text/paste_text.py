"""What a paste skipped, as lines for a message or the paste dialog's preview."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from model.paste import Pasted

MAX_SHOWN = 6  # skipped rows listed in a message


def skipped_text(pasted: Pasted) -> str:
    lines = [f"第 {s.row} 行{('「' + s.text[:30] + '」') if s.text else ''}：{s.reason}" for s in pasted.skipped[:MAX_SHOWN]]
    if len(pasted.skipped) > MAX_SHOWN:
        lines.append(f"……另有 {len(pasted.skipped) - MAX_SHOWN} 行")
    return "\n".join(lines)
