"""Missing kinds of indicators: a required level-2 category (R6), a 成本 indicator for a large
project (R7), too few quantitative indicators (R8). Which categories and how large are
parameters (``rules.toml``), in codes or names of the workspace's code table."""

from __future__ import annotations

from decimal import Decimal

from model.codes import CodeTable
from model.money import fmt, valid
from model.problem import Problem
from model.review.quantities import categories, wanted_codes
from model.ruleset import RuleSet
from model.values import parse_value
from model.workspace import Project


def check_required_level2(p: Project, codes: CodeTable, rules: RuleSet) -> list[Problem]:
    """R6: each category of ``level2`` (default 11-数量指标) has an indicator in the project (a
    project without any indicator is P1's)."""
    if not p.indicators or not _all_filed(p, codes):
        return []
    have = set().union(*(categories(ind, codes) for ind in p.indicators))
    missing = [label for code, label in wanted_codes(rules.param("R6", "level2"), codes) if code not in have]
    if not missing:
        return []
    return [Problem("R6", f"项目没有{'、'.join(missing)}（本工作区要求每个项目都有）：加一个这类指标，"
                          "如数量指标「完成……数量 ≥N个」", "indicators")]


def check_cost(p: Project, codes: CodeTable, rules: RuleSet) -> list[Problem]:
    """R7: a project whose total reaches ``above`` 万元 (1000) has an indicator in one of
    ``categories`` (14-成本指标)."""
    total = valid(p.total)
    above: Decimal = rules.param("R7", "above")
    if total is None or total < above or not p.indicators or not _all_filed(p, codes):
        return []
    wanted = wanted_codes(rules.param("R7", "categories"), codes)
    if not wanted:
        return []
    have = set().union(*(categories(ind, codes) for ind in p.indicators))
    if any(code in have for code, _ in wanted):
        return []
    return [Problem("R7", f"项目总计 {fmt(total)} 万元（不少于 {format(above.normalize(), ',f')} 万元）而没有成本指标"
                          f"（{'、'.join(label for _, label in wanted)}）：金额较大的项目应写明成本控制的目标，"
                          "如「单位运维成本 ≤N万元」", "indicators")]


def _all_filed(p: Project, codes: CodeTable) -> bool:
    """Whether every indicator's level 2, when typed, is in the code table: one that is not (I1)
    may be the category asked for, so R6 and R7 wait until it is. A blank one (a row being
    entered) is not filed yet: it does not hold them back."""
    return all(not ind.level2.strip() or codes.resolve(ind.level2, 2).category is not None for ind in p.indicators)


def check_quantitative_share(p: Project, codes: CodeTable, rules: RuleSet) -> list[Problem]:
    """R8: at least ``min_share`` (half) of the indicators have a measurable target (a number or
    a date) for the period, or, without one, for the year."""
    filled = [ind for ind in p.indicators if (ind.period.strip() or ind.annual.strip())]
    if not filled:
        return []
    share: Decimal = rules.param("R8", "min_share")
    qualitative = sum(1 for ind in filled if parse_value(ind.period if ind.period.strip() else ind.annual).kind == "qualitative")
    quantitative = len(filled) - qualitative  # an unreadable value is I4's, not counted against
    if quantitative >= share * len(filled):
        return []
    return [Problem("R8", f"{len(filled)} 个指标中只有 {quantitative} 个是定量的（有数字或日期），"
                          f"少于 {format((share * 100).normalize(), 'f')}%：把定性指标改写为可衡量的值（如「≥95%」）", "indicators")]
