"""R5: a value with no number and no grading (``有效提升``, ``进一步改善``): nobody can say
whether it was met. Qualitative values such as ``按期完成`` or ``达到预期目标`` are not vague in
this sense (no word of ``words``); a graded one (``优秀/良好/合格``) is measurable."""

from __future__ import annotations

import unicodedata

from model.fields import INDICATOR_LABELS
from model.problem import Problem
from model.review.quantities import holds
from model.values import Value

HOW = "写成可衡量的值（如「≥95%」「≥90分」「≤3天」「2025年12月底前」），或写出分级（如「好/较好/一般/差」并说明各级的标准）"


def vague_values(n: int, values: tuple[Value, Value], words, grades) -> list[Problem]:
    out = []
    for field, v in zip(("period", "annual"), values):
        if v.kind != "qualitative":
            continue
        s = unicodedata.normalize("NFKC", v.text)
        word = holds(s, words)
        if word and not holds(s, grades):
            out.append(Problem("R5", f"{INDICATOR_LABELS[field]}「{v.text.strip()}」含糊（「{word}」）：没有数字也没有分级，"
                                     f"无法判断是否达到；{HOW}", field, n))
    return out
