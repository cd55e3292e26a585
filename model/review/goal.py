"""R1: the 绩效目标 promises a quantity (``30万页``, ``11区``, ``1800万``) that no indicator measures.

A quantity is a number (Arabic digits) followed by 万/亿 and/or a unit from ``UNITS``; numbers
that are dates (``2023年``), list numbers (``1.完成``), ordinals (``第3批``), parts of a name
(``H5``, ``12345热线``) or of ``7×24小时`` are not quantities. It counts as measured when an
indicator value (either of the two) has the same amount in the same unit (a bare count, 个 and
no unit, matches any count unit: ``11个区`` is measured by ``11区``), or when an indicator's name
contains it. Money equal to one of the project's own amounts restates the budget and is left out.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from model.codes import CodeTable
from model.money import valid
from model.problem import Problem
from model.review.quantities import amount, plain, value_amount
from model.ruleset import RuleSet
from model.values import parse_value
from model.workspace import FUNDING, Project

# units a target may count in, longest first where one begins another (个工作日 before 个)
UNITS = (
    "个工作日", "工作日", "个月", "人次", "户次", "件次", "条次", "课时", "学时", "小时", "分钟",
    "平方米", "平米", "公里", "千米", "公顷", "公斤", "千克", "万元", "亿元",
    "%", "‰", "个", "项", "件", "套", "台", "部", "本", "册", "份", "篇", "页", "张", "条", "次",
    "人", "名", "户", "家", "所", "座", "栋", "间", "处", "区", "县", "镇", "村", "场", "期", "批",
    "类", "种", "门", "节", "天", "秒", "周", "米", "亩", "吨", "辆", "架", "株", "棵", "床", "宗",
    "笔", "例", "支", "队", "组", "元", "GB", "TB", "PB", "G", "T", "M",
)
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
_QUANTITY = re.compile(
    rf"(?<![0-9A-Za-z.．×xX*＊第/-])(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.(?P<frac>\d+))?"
    rf"\s*(?P<mult>万|亿)?\s*(?P<unit>{_UNIT_RE})?(?![0-9A-Za-z×xX*])"
)
_DIGIT = re.compile(r"\d")
_MONEY = ("元", "万元", "亿元")
_COUNTS = ("", "个")


@lru_cache(maxsize=4096)
def goal_quantities(text: str) -> tuple[tuple[str, Decimal, str], ...]:
    """(as written, quantity, unit) of each quantity in a text, in order, without repeats (cached:
    the editor asks again on every keystroke in the project)."""
    if not _DIGIT.search(text):  # most goals and names: no number at all (\d takes full-width digits too)
        return ()
    s = unicodedata.normalize("NFKC", text)
    out: list[tuple[str, Decimal, str]] = []
    seen = set()
    for m in _QUANTITY.finditer(s):
        mult, unit = m.group("mult") or "", m.group("unit") or ""
        if not mult and not unit:
            continue
        if unit in ("G", "T", "M") and s[m.end():m.end() + 1].isalpha():
            continue  # 5G网络: not a size
        number = Decimal(m.group("num").replace(",", "") + ("." + m.group("frac") if m.group("frac") else ""))
        written = m.group().strip()
        q, u = amount(number, mult + unit)
        if (q, u) not in seen:
            seen.add((q, u))
            out.append((written, q, u))
    return tuple(out)


def _same(a: tuple[Decimal, str], b: tuple[Decimal, str]) -> bool:
    if a[0] != b[0]:
        return False
    if a[1] == b[1]:
        return True
    return (a[1] in _COUNTS or b[1] in _COUNTS) and "%" not in (a[1], b[1])


def check_goal_quantities(p: Project, codes: CodeTable, rules: RuleSet) -> list[Problem]:
    found = goal_quantities(p.goal)
    if not found:
        return []
    ignore = {plain(t) for t in rules.param("R1", "ignore")}
    measured: list[tuple[Decimal, str]] = []
    names = []
    for ind in p.indicators:
        names.append(plain(ind.name))
        for text in (ind.period, ind.annual):
            a = value_amount(parse_value(text))
            if a is not None:
                measured.append(a)
        for _, q, u in goal_quantities(ind.name):
            measured.append((q, u))
    budget = {valid(getattr(p, k)) for k, _ in FUNDING} - {None}
    out = []
    for written, q, u in found:
        if plain(written) in ignore or any(_same((q, u), m) for m in measured):
            continue
        if any(plain(written) in n for n in names):
            continue
        if u in _MONEY and _in_wan(q, u) in budget:
            continue
        out.append(Problem("R1", f"绩效目标中的「{written}」没有指标衡量：没有一个指标值是这个数量；"
                                 f"加一个衡量它的指标（如指标值为「≥{written}」的数量指标），或改写绩效目标", "goal"))
    return out


def _in_wan(q: Decimal, unit: str) -> Decimal:
    """A money amount in 万元 (the table's unit)."""
    return q / 10000 if unit == "元" else q
