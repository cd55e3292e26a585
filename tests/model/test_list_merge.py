"""Three-way merge of the id lists (``projects``, ``units``)."""

import pytest

from model.list_merge import merge_ids

BASE = ["p01", "p02", "p03"]


@pytest.mark.parametrize("ours, theirs, merged", [
    (BASE, BASE, BASE),
    (BASE + ["p04"], BASE, BASE + ["p04"]),
    (BASE, BASE + ["p04"], BASE + ["p04"]),
    # both added at the end: both kept, in id order whichever side is ours
    (BASE + ["p04"], BASE + ["p05"], BASE + ["p04", "p05"]),
    (BASE + ["p05"], BASE + ["p04"], BASE + ["p04", "p05"]),
    # both added the same id (identical file): once
    (BASE + ["p04"], BASE + ["p04"], BASE + ["p04"]),
    # one reordered, the other added: the new order, the addition after the item it followed
    (["p03", "p01", "p02"], BASE + ["p04"], ["p03", "p01", "p02", "p04"]),
    (["p03", "p01", "p02"], ["p01", "p04", "p02", "p03"], ["p03", "p01", "p04", "p02"]),
    (["p01", "p04", "p02", "p03"], ["p02", "p01", "p03"], ["p02", "p01", "p04", "p03"]),
    (["p04", "p01", "p02", "p03"], ["p03", "p02", "p01"], ["p04", "p03", "p02", "p01"]),
    # appended on one side, the last two swapped on the other: still at the end
    (BASE + ["p04"], ["p01", "p03", "p02"], ["p01", "p03", "p02", "p04"]),
    (["p01", "p04", "p05", "p02", "p03"], ["p03", "p02", "p01", "p06"], ["p03", "p02", "p01", "p04", "p05", "p06"]),
    # deletions honoured, additions kept
    (["p01", "p03"], BASE + ["p04"], ["p01", "p03", "p04"]),
    (["p01", "p02"], ["p02", "p03", "p04"], ["p02", "p04"]),
    # an addition after another side's deleted item stays where it was
    (["p01", "p03"], ["p01", "p02", "p05", "p03"], ["p01", "p05", "p03"]),
])
def test_merge_ids(ours, theirs, merged):
    assert merge_ids(BASE, ours, theirs) == merged


def test_symmetric_unless_both_reordered():
    cases = [(["p03", "p01", "p02", "p07"], BASE + ["p04", "p06"]), (["p02", "p05"], ["p06", "p01", "p02", "p03"])]
    for a, b in cases:
        assert merge_ids(BASE, a, b) == merge_ids(BASE, b, a)
