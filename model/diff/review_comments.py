"""The 审核意见 column of the 修订对照表 (pure): which comments of a project the table shows, and
beside which of the project's rows.

Shown are the comments a leader signing the table must see: every **open** comment of the newer
side (of the older side for a removed project), and those **resolved between the two sides**
(written 「已解决：谁 何时」, so the paper shows that the point was answered and by whom).
Comments resolved before the older side are the trail of an earlier round and are left out;
a comment removed by hand (jixiao never removes one) is left out too.

A comment goes beside the row of what it is about: a field (``fiscal``) on that field's row,
an indicator (``指标「巡检完成率」年度指标值``) on that indicator's row — its column's when it
changed, else any row of that indicator — and anything else (the project, a field or
indicator that did not change, an indicator since renamed or removed) on the project's first
row. A project with comments and no other row gets a row of its own (``review.project_rows``).
"""

from __future__ import annotations

from collections.abc import Sequence

from model.comments import Comment, describe, place
from model.workspace import Project

COMMENTS_CONTENT = "审核意见"


def shown_comments(new: Project | None, old: Project | None) -> list[Comment]:
    """The comments of a project the table shows (``new`` None: a removed project, its open
    comments as they were)."""
    if new is None:
        return [c for c in (old.comments if old else []) if not c.resolved]
    was_resolved = {c.key() for c in (old.comments if old else []) if c.resolved}
    return [c for c in new.comments if not c.resolved or c.key() not in was_resolved]


def place_comments(targets: Sequence[str], project: Project | None, comments: Sequence[Comment]) -> dict[int, list[str]]:
    """{row index: the comments' texts} for a project's rows, whose ``targets`` are the review
    rows' (``fiscal``, ``indicators[3].annual``, ``indicators+[3]`` …); every comment lands on
    some row (the first when nothing closer matches). ``targets`` must not be empty."""
    indicators = project.indicators if project is not None else []
    out: dict[int, list[str]] = {}
    for c in comments:
        out.setdefault(_row_for(c, targets, indicators), []).append(describe(c, indicators, dated=False))
    return out


def _row_for(c: Comment, targets: Sequence[str], indicators: Sequence) -> int:
    t, row, _ = place(c, indicators)
    if t.indicator is None:
        wanted = [t.field] if t.field else []
    elif row is None:
        wanted = []
    else:
        n = row + 1
        wanted = [f"indicators[{n}].{t.field}"] if t.field else []
        wanted += [f"indicators+[{n}]", f"indicators[{n}]."]
    for w in wanted:
        for i, target in enumerate(targets):
            if target == w or (w.endswith(".") and target.startswith(w)):
                return i
    return 0
