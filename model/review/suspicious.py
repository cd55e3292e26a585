"""Values a reviewer questions: a rate above 100% (R2), a 满意度 below the floor or turned
round (R3), an annual value that contradicts the period value in a way I5 does not cover (R4).
Each looks at one indicator's two values, already read (``model/review/values.py`` walks the
indicators once for all the value rules)."""

from __future__ import annotations

import re
from decimal import Decimal

from model.codes import CodeTable
from model.fields import INDICATOR_LABELS
from model.problem import Problem
from model.review.quantities import category_names, holds, value_amount
from model.values import Value
from model.workspace import Indicator

_AT_LEAST = ("≥", ">", "=")
_UP, _DOWN = ("≥", ">"), ("≤", "<")
_BARE_CODE = re.compile(r"^\s*[0-9０-９]+\s*$")
FIELDS = ("period", "annual")


def _is_rate(ind: Indicator, v: Value) -> bool:
    """A percentage, or a plain number for an indicator named as a rate (``完成率（%）``)."""
    unit = v.unit.strip()
    return unit == "%" or (unit == "" and v.scale == 1 and ("%" in ind.name or ind.name.rstrip("）)").endswith("率")))


def _num(d: Decimal) -> str:
    return format(d.normalize(), "f")


def rate_above(ind: Indicator, n: int, values: tuple[Value, Value], limit: Decimal, exempt) -> list[Problem]:
    """R2: a rate or percentage above ``limit`` (100) that must reach it (≥ > =); growth rates
    (names with a word of ``except_names``) may exceed it."""
    out = []
    for field, v in zip(FIELDS, values):
        if v.kind != "quantitative" or v.quantity is None or v.comparison not in _AT_LEAST:
            continue
        if v.quantity > limit and _is_rate(ind, v) and not holds(ind.name, exempt):
            out.append(Problem("R2", f"{INDICATOR_LABELS[field]}「{v.text}」超过 {_num(limit)}%：完成率、达标率等"
                                     "比率不会超过 100%，请核对（如 ≥98%）；增长率等可以超过的，名称中写明「增长」", field, n))
    return out


def satisfaction_below(ind: Indicator, n: int, values: tuple[Value, Value], floor: Decimal,
                       codes: CodeTable) -> list[Problem]:
    """R3: a 满意度 target in % below ``floor`` (80), or with ≤/< (not more than) instead of ≥."""
    if not is_satisfaction(ind, codes):
        return []
    out = []
    for field, v in zip(FIELDS, values):
        if v.kind != "quantitative" or v.quantity is None or not _is_rate(ind, v):
            continue
        label = INDICATOR_LABELS[field]
        if v.comparison in _DOWN:
            out.append(Problem("R3", f"{label}「{v.text}」用的是「{v.comparison}」（不超过）：满意度的目标是下限，"
                                     f"应写作「≥{_num(v.quantity)}%」", field, n))
        elif v.quantity < floor:
            out.append(Problem("R3", f"{label}「{v.text}」低于满意度的下限 {_num(floor)}%：评审通常要求"
                                     f"满意度不低于 {_num(floor)}%，请核对（如 ≥90%）", field, n))
    return out


def is_satisfaction(ind: Indicator, codes: CodeTable) -> bool:
    """An indicator of satisfaction: 满意 in its name or its categories' names (typed, or the
    code table's for a category typed as a bare code)."""
    if "满意" in ind.name or "满意" in ind.level1 or "满意" in ind.level2:
        return True
    return _BARE_CODE.match(ind.level2) is not None and "满意" in category_names(ind, codes)


def period_annual(ind: Indicator, n: int, values: tuple[Value, Value]) -> list[Problem]:
    """R4: the two values of one indicator that cannot both hold (I5 covers a stricter annual
    value with the same comparison and unit, and deadlines)."""
    if ind.period == ind.annual:  # most indicators: one value for both
        return []
    why = contradiction(*values)
    if not why:
        return []
    return [Problem("R4", f"年度指标值「{ind.annual}」与实施周期指标值「{ind.period}」矛盾：{why}", "annual", n)]


def contradiction(period: Value, annual: Value) -> str | None:
    kinds = {period.kind, annual.kind}
    if kinds & {"empty", "unparsed"} or kinds == {"qualitative"}:
        return None
    if period.kind != annual.kind:
        which = "实施周期指标值" if period.kind == "quantitative" else "年度指标值"
        return f"只有{which}可衡量，另一个是定性的；两者应衡量同一件事"
    if (period.date is None) != (annual.date is None):
        return "一个是日期，一个是数字；两者应衡量同一件事"
    if period.date is not None:
        return None  # deadlines: I5
    pa, aa = value_amount(period), value_amount(annual)
    if pa is None or aa is None:
        return None
    if pa[1] != aa[1]:
        return f"单位不同（{pa[1] or '无单位'} 与 {aa[1] or '无单位'}）；两者应以同一单位衡量同一件事"
    if (period.comparison in _UP and annual.comparison in _DOWN) or (period.comparison in _DOWN and annual.comparison in _UP):
        return f"比较符方向相反（{period.comparison} 与 {annual.comparison}）"
    if period.comparison == annual.comparison == "=" and aa[0] > pa[0]:
        return "年度的目标大于整个实施周期的目标（年度目标是实施周期目标的一部分）"
    return None
