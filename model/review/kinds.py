"""Missing kinds of indicators: a required level-2 category (R6), a 成本 indicator for a large
project (R7); too few quantitative indicators (R8) is counted in ``values.py``'s walk. Which
categories and how large are parameters (``rules.toml``), in codes or names of the workspace's
code table."""

from __future__ import annotations

from decimal import Decimal

from model.codes import CodeTable
from model.money import fmt, valid
from model.problem import Problem
from model.review.quantities import filed_codes, wanted_codes
from model.ruleset import RuleSet
from model.workspace import Project


def check_required_level2(p: Project, codes: CodeTable, rules: RuleSet) -> list[Problem]:
    """R6: each category of ``level2`` (default 11-数量指标) has an indicator in the project (a
    project without any indicator is P1's)."""
    have = filed_codes(p, codes) if p.indicators else None
    if have is None:
        return []
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
    if total is None or total < above or not p.indicators:
        return []
    have = filed_codes(p, codes)
    wanted = wanted_codes(rules.param("R7", "categories"), codes)
    if have is None or not wanted:
        return []
    if any(code in have for code, _ in wanted):
        return []
    return [Problem("R7", f"项目总计 {fmt(total)} 万元（不少于 {format(above.normalize(), ',f')} 万元）而没有成本指标"
                          f"（{'、'.join(label for _, label in wanted)}）：金额较大的项目应写明成本控制的目标，"
                          "如「单位运维成本 ≤N万元」", "indicators")]
