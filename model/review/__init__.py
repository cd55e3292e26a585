"""Review rules (R1–R9): what a finance-bureau reviewer sends a table back for, beyond the
arithmetic and code rules of ``model/validate.py``. Each project check takes the project, the
code table and the rule set (its parameters) and yields ``Problem``s; ``validate_project`` runs
those whose rule is not off. R9 looks across a unit's projects (``copies.copy_errors``)."""

from __future__ import annotations

from collections.abc import Callable

from model.codes import CodeTable
from model.problem import Problem
from model.review.goal import check_goal_quantities
from model.review.kinds import check_cost, check_required_level2
from model.review.values import VALUE_RULES, check_values
from model.ruleset import RuleSet
from model.workspace import Project

ReviewCheck = Callable[[Project, CodeTable, RuleSet], list[Problem]]

# (the rules a check reports, check), in the order their diagnostics are listed, after the other
# project rules; a check runs when one of its rules is on
REVIEW_CHECKS: tuple[tuple[tuple[str, ...], ReviewCheck], ...] = (
    (("R1",), check_goal_quantities),
    (VALUE_RULES, check_values),
    (("R6",), check_required_level2),
    (("R7",), check_cost),
)
