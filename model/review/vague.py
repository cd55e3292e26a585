"""R5: a value with no number and no grading (``有效提升``, ``进一步改善``): nobody can say
whether it was met. Qualitative values such as ``按期完成`` or ``达到预期目标`` are not vague in
this sense (no word of ``words``); a graded one (``优秀/良好/合格``) is measurable."""

from __future__ import annotations

import unicodedata

from model.codes import CodeTable
from model.fields import INDICATOR_LABELS
from model.problem import Problem
from model.review.quantities import holds
from model.ruleset import RuleSet
from model.values import parse_value
from model.workspace import Project

HOW = "写成可衡量的值（如「≥95%」「≥90分」「≤3天」「2025年12月底前」），或写出分级（如「好/较好/一般/差」并说明各级的标准）"


def check_vague_values(p: Project, codes: CodeTable, rules: RuleSet) -> list[Problem]:
    words = rules.param("R5", "words")
    grades = rules.param("R5", "grades")
    out = []
    for n, ind in enumerate(p.indicators, 1):
        for field in ("period", "annual"):
            text = getattr(ind, field)
            if parse_value(text).kind != "qualitative":
                continue
            s = unicodedata.normalize("NFKC", text)
            word = holds(s, words)
            if word and not holds(s, grades):
                out.append(Problem("R5", f"{INDICATOR_LABELS[field]}「{text.strip()}」含糊（「{word}」）：没有数字也没有分级，"
                                         f"无法判断是否达到；{HOW}", field, n))
    return out
