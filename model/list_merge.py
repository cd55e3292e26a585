"""Three-way merge of an ordered list of ids: a unit's ``projects``, a workspace's ``units``.

Both sides' additions are kept, each after the item it followed on its side (at the end when
it was at the end there, as an appended project is); an item either
side removed is removed; the order of the items both kept is the order of the side that
reordered them (ours when both did). The result does not depend on which side is "ours" unless
both reordered, so two copies merging each other's work reach the same list.
"""

from __future__ import annotations

from collections.abc import Sequence


def merge_ids(base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]) -> list[str]:
    if list(ours) == list(theirs) or list(theirs) == list(base):
        return list(ours)
    if list(ours) == list(base):
        return list(theirs)
    in_ours, in_theirs = set(ours), set(theirs)
    kept = [x for x in base if x in in_ours and x in in_theirs]
    order = next((side for side in (ours, theirs) if _relative(side, kept) != kept), kept)
    kept = _relative(order, kept)
    base_set = set(base)
    placed = set(kept)
    runs: dict[str | None, list[list[str]]] = {}  # anchor (None: the start) -> runs added after it
    for side in (ours, theirs):
        anchor: str | None = None
        run: list[str] = []
        for x in side:
            if x in base_set or x in placed:
                if run:
                    runs.setdefault(anchor, []).append(run)
                    run = []
                if x in placed:
                    anchor = x
            else:
                run.append(x)
        if run:  # added at the end of this side: stays at the end
            runs.setdefault(_END, []).append(run)
        placed.update(x for r in runs.values() for rr in r for x in rr)
    out: list[str] = []

    def emit(anchor: str | None) -> None:
        # runs added at the same place by both sides: in id order, whichever side is ours
        for r in sorted(runs.pop(anchor, []), key=lambda r: r[0]):
            for x in r:
                out.append(x)
                emit(x)

    emit(None)
    for x in kept:
        out.append(x)
        emit(x)
    emit(_END)
    return out


_END = "\0end"  # the anchor of what was added at the end (no id holds a NUL)


def _relative(side: Sequence[str], items: list[str]) -> list[str]:
    """``items`` in the order ``side`` has them."""
    wanted = set(items)
    return [x for x in side if x in wanted]
