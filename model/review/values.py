"""The value rules (R2 rates, R3 satisfaction, R4 period vs annual, R5 vague values, R8 the share
of quantitative indicators) in one walk over a project's indicators: each value is read once
and handed to the rules that are on (``suspicious.py``, ``vague.py``). One walk rather than one
per rule keeps ``jixiao check`` on 10,000 projects and the editor's keystrokes fast."""

from __future__ import annotations

from decimal import Decimal

from model.codes import CodeTable
from model.problem import Problem
from model.review.suspicious import is_satisfaction, period_annual, rate_above, satisfaction_below
from model.review.vague import vague_values
from model.ruleset import RuleSet
from model.values import Value, parse_value
from model.workspace import Project

VALUE_RULES = ("R2", "R3", "R4", "R5", "R8")


def check_values(p: Project, codes: CodeTable, rules: RuleSet) -> list[Problem]:
    r2 = r3 = r4 = r5 = r8 = True
    if rules.levels:
        r2, r3, r4, r5, r8 = (rules.on(r) for r in VALUE_RULES)
    if r2:
        limit, exempt = rules.param("R2", "limit"), rules.param("R2", "except_names")
    if r3:
        floor = rules.param("R3", "floor")
    if r5:
        words, grades = rules.param("R5", "words"), rules.param("R5", "grades")
    out: list[Problem] = []
    filled = qualitative = 0
    for n, ind in enumerate(p.indicators, 1):
        period = parse_value(ind.period)
        annual = period if ind.annual == ind.period else parse_value(ind.annual)
        values = (period, annual)
        # each rule is asked only about values it may find something in (the usual answer: none)
        if r2 and (_large(period, limit) or _large(annual, limit)):
            out.extend(rate_above(ind, n, values, limit, exempt))
        if r3 and is_satisfaction(ind, codes):
            out.extend(satisfaction_below(ind, n, values, floor, codes))
        if r4 and annual is not period:
            out.extend(period_annual(ind, n, values))
        if r5 and (period.kind == "qualitative" or annual.kind == "qualitative"):
            out.extend(vague_values(n, values, words, grades))
        if r8:
            main = period if period.kind != "empty" else annual
            if main.kind != "empty":
                filled += 1
                qualitative += main.kind == "qualitative"
    if r8 and filled:
        out.extend(quantitative_share(filled, qualitative, rules.param("R8", "min_share")))
    return out


def _large(v: Value, limit: Decimal) -> bool:
    """A number above ``limit`` (before the 万 multiplier, which makes any count large)."""
    return v.number is not None and (v.scale != 1 or v.number > limit)


def quantitative_share(filled: int, qualitative: int, share: Decimal) -> list[Problem]:
    """R8: at least ``min_share`` (half) of the indicators have a measurable target (a number or
    a date) for the period, or, without one, for the year (an unreadable value is I4's, not
    counted against)."""
    quantitative = filled - qualitative
    if quantitative >= share * filled:
        return []
    return [Problem("R8", f"{filled} 个指标中只有 {quantitative} 个是定量的（有数字或日期），"
                          f"少于 {format((share * 100).normalize(), 'f')}%：把定性指标改写为可衡量的值（如「≥95%」）",
                    "indicators")]
