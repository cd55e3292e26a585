"""Fitting the indicator table's six columns into the width it has.

A DataTable sizes each column to its widest cell, so one long 三级指标 pushed the target values
off the right edge (at 120 columns only 序号 … 三级指标 showed). Here the widths are chosen
so that all six columns are visible: the columns grow in stages — first to a readable minimum
each, then the values and categories to what they need, then the name, then everything to its
natural width — and what does not fit is cut with an ellipsis (the full text of the cursor's
cell is shown above the table). Category cells shrink to code + short name (``11-数量``) and
headers to a shorter form (``周期指标值``) when their column is narrow.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

# per column: the header's forms, longest first
HEADERS = (("序号", "序"), ("一级指标", "一级"), ("二级指标", "二级"), ("三级指标", "三级"),
           ("实施周期指标值", "周期指标值", "周期值"), ("年度指标值", "年度值"))
PADDING = 1  # DataTable's cell_padding, on each side of a column

_CATEGORY = re.compile(r"^(\d+)\s*-\s*(.+?)(?:指标)?$")

def short_category(label: str) -> str:
    """``1-产出指标`` → ``1-产出``; anything else as it is."""
    m = _CATEGORY.match(label.strip())
    return f"{m.group(1)}-{m.group(2)}" if m else label


def fit_widths(stages: list[list[int]], available: int) -> list[int]:
    """Content widths (without padding) within ``available`` cells: from the first stage's
    widths (given even when they overflow a very narrow table), each column grows towards its
    width in each later stage, in column order, while cells are left."""
    widths = list(stages[0])
    budget = available - sum(widths)
    for targets in stages[1:]:
        for i, want in enumerate(targets):
            grow = min(max(0, want - widths[i]), max(0, budget))
            widths[i] += grow
            budget -= grow
    return widths


def header_for(column: int, width: int) -> str:
    """The longest form of the column's header that fits ``width`` (else the shortest)."""
    forms = HEADERS[column]
    return next((h for h in forms if cell_len(h) <= width), forms[-1])


def natural_widths(rows: list[list[str]], full_categories: bool) -> list[int]:
    """Each column's widest cell (categories full or short), at least its shortest header."""
    out = [cell_len(forms[-1]) for forms in HEADERS]
    for cells in rows:
        for i, text in enumerate(cells):
            if i in (1, 2) and not full_categories:
                text = short_category(text)
            out[i] = max(out[i], cell_len(text))
    return out


def layout(rows: list[list[str]], width: int) -> tuple[list[int], bool]:
    """Column content widths for a table ``width`` cells wide (its scrollbar included), and
    whether the category columns show full labels."""
    available = max(0, width - 2 - 2 * PADDING * len(HEADERS))  # 2: a vertical scrollbar
    full = natural_widths(rows, True)
    long = [cell_len(h[0]) for h in HEADERS]
    whole = [max(n, h) for n, h in zip(full, long)]
    if sum(whole) <= available:
        return whole, True
    short = natural_widths(rows, False)
    seq = max(full[0], 2)
    s1, s2, n3, v1, v2 = short[1], short[2], short[3], short[4], short[5]
    stages = [
        [seq, min(s1, 4), min(s2, 4), 4, 6, 6],  # the least: a code, a few characters
        [seq, min(s1, 6), min(s2, 7), min(n3, 10), min(v1, 8), min(v2, 8)],  # readable
        # the values mostly whole; then short categories and headers in full
        [0, 0, 0, 0, min(v1, 16), min(v2, 16)],
        [max(seq, long[0]), max(s1, long[1]), min(max(s2, long[2]), 11), min(max(n3, long[3]), 16),
         max(min(v1, 16), long[4]), max(min(v2, 16), long[5])],
        [0, 0, 0, n3],  # the name whole
        [0, 0, s2],
        whole,
    ]
    widths = fit_widths(stages, available)
    return widths, widths[1] >= full[1] and widths[2] >= full[2]
