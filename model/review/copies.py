"""R9: one indicator name with different values across the projects of a unit, where that looks
like a copy error: the other projects (at least ``min_agree``, 2) all give one reading and this
one another (the message adds when it is another unit, or off by a factor of ten). Different values that no majority
settles (巡检完成率 95%, 98%, 90% in five projects) are projects' own targets, not reported."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from model.review.quantities import plain, value_amount
from model.ruleset import RuleSet
from model.values import parse_value
from model.workspace import Project, Unit


class Copy(NamedTuple):
    project: Project
    indicator: int  # 1-based
    field: str
    message: str


@lru_cache(maxsize=16384)
def _reading(text: str) -> tuple:
    return parse_value(text).reading()


def copy_errors(u: Unit, rules: RuleSet) -> list[Copy]:
    min_agree = int(rules.param("R9", "min_agree"))
    groups: dict[str, list[tuple[Project, int]]] = {}
    for p in u.projects:
        seen = set()
        for n, ind in enumerate(p.indicators, 1):
            key = plain(ind.name)
            if key and key not in seen:  # the first of a name in a project (a second is I6's)
                seen.add(key)
                groups.setdefault(key, []).append((p, n))
    out = []
    for members in groups.values():
        if len(members) < max(2, min_agree + 1):
            continue
        for field in ("period", "annual"):
            found = _odd_one(members, field, min_agree)
            if found:
                out.append(found)
                break  # one finding per name
    return out


def _odd_one(members: list[tuple[Project, int]], field: str, min_agree: int) -> Copy | None:
    readings = [_reading(getattr(p.indicators[n - 1], field)) for p, n in members]
    common, count = Counter(readings).most_common(1)[0]
    if count != len(members) - 1 or count < min_agree:
        return None
    i = next(i for i, r in enumerate(readings) if r != common)
    p, n = members[i]
    ind = p.indicators[n - 1]
    typical = next(getattr(q.indicators[m - 1], field) for (q, m), r in zip(members, readings) if r == common)
    mine = getattr(ind, field)
    if not mine.strip():
        return None  # empty: I3's
    label = "实施周期指标值" if field == "period" else "年度指标值"
    hint = _unit_hint(typical, mine)
    return Copy(p, n, field, f"指标「{ind.name.strip()}」的{label}在本单位其他 {count} 个项目中都是「{typical.strip()}」，"
                             f"这里是「{mine.strip()}」{hint}：如是复制后漏改或改错，请改正；如确是本项目的目标，可不理会")


def _unit_hint(typical: str, mine: str) -> str:
    a, b = value_amount(parse_value(typical)), value_amount(parse_value(mine))
    if a is None or b is None:
        return ""
    if a[1] != b[1]:
        return f"（单位不同：{a[1] or '无单位'} 与 {b[1] or '无单位'}）"
    if b[0] and a[0] and (a[0] / b[0] in _TENS or b[0] / a[0] in _TENS):
        return "（相差 10 的整数倍，像是多打或漏打了 0）"
    if _one_edit(format(a[0].normalize(), "f"), format(b[0].normalize(), "f")):
        return "（数字只差一位，像是多打、漏打或打错了一位）"
    return ""


_TENS = {Decimal(10) ** k for k in range(1, 7)}


def _one_edit(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one character added, dropped, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))
