"""What the review rules share: a value's amount with its multiplier applied, the categories an
indicator counts for, and whether a name or text holds one of a few words."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from model.codes import CodeTable
from model.values import Value
from model.workspace import Indicator, Project

# 千 is no multiplier here: 千克, 千米 and 千瓦时 are units of their own
_MULTIPLIERS = (("亿", Decimal(100_000_000)), ("万", Decimal(10_000)))


def amount(number: Decimal, unit: str, scale: int = 1) -> tuple[Decimal, str]:
    """(quantity, unit) with a leading 万/亿 of the unit taken as a multiplier, so ``30万页``
    and ``300000页`` read alike, and ``1800万`` is 18,000,000 without a unit."""
    q = number * scale
    for word, factor in _MULTIPLIERS:
        if unit.startswith(word):
            return q * factor, unit[len(word):]
    return q, unit


def value_amount(v: Value) -> tuple[Decimal, str] | None:
    """A quantitative value's (quantity, unit); None for dates and the rest."""
    if v.kind != "quantitative" or v.number is None:
        return None
    return amount(v.number, v.unit.strip(), v.scale)


@lru_cache(maxsize=16384)
def plain(text: str) -> str:
    """``text`` compared loosely: NFKC (full-width ``（%）`` as ``(%)``), no blanks."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def holds(text: str, words: Iterable[str]) -> str | None:
    """The first of ``words`` that ``text`` contains."""
    return next((w for w in words if w and w in text), None)


def filed_codes(p: Project, codes: CodeTable) -> frozenset[str] | None:
    """The categories a project's indicators are filed under; None while one has a level 2 the
    code table does not know (I1): it may be the category a rule asks for."""
    out: set[str] = set()
    for ind in p.indicators:
        cats, known = codes.filed(ind.level1, ind.level2)
        if not known:
            return None
        out |= cats
    return frozenset(out)


def wanted_codes(texts: Iterable[str], codes: CodeTable) -> list[tuple[str, str]]:
    """(code, label) of each category that ``texts`` (codes or names, as in rules.toml) name in
    this code table; names the table does not know are skipped."""
    out = []
    for text in texts:
        for level in (2, 1):
            c = codes.resolve(text, level).category
            if c is not None:
                if (c.code, c.label) not in out:
                    out.append((c.code, c.label))
                break
    return out


def category_names(ind: Indicator, codes: CodeTable) -> str:
    """The canonical names of an indicator's categories and its own name, for word tests."""
    parts = [ind.name]
    for text, level in ((ind.level1, 1), (ind.level2, 2)):
        c = codes.resolve(text, level).category
        parts.append(c.name if c is not None else text)
    return " ".join(parts)
