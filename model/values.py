"""Target values (指标值): keep the typed text, read comparison + number + unit from it.

Grammar (domain.md section 5): ``[definition] [comparison] number [unit] [suffix]`` where a
suffix 或以上/及以上/以上 means ≥ and 或以下/及以下/以下/以内 means ≤, no comparison means ＝, and
``万`` alone is a multiplier on a count. A date or deadline (``2026年12月底前`` ≤ 2026-12-31,
``model/deadlines.py``) is measurable too: comparison, ``date``, unit 日期, no number. Text without
any digit or date is qualitative (定性); a value with digits that does not fit the grammar can be
marked qualitative with a ``定性`` prefix.

``published()`` is the text the exported table shows: the typed comparison in its published form
(``>=30万页`` → ``≥30万页``), the rest as typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from model.deadlines import DATE_HINT, Deadline, read_date, vague_month

Comparison = Literal["≥", ">", "=", "<", "≤"]
Kind = Literal["quantitative", "qualitative", "unparsed", "empty"]

# One-system comparison codes (domain.md section 5, practice).
COMPARISON_CODES: dict[str, int] = {"≥": 1, ">": 2, "=": 3, "<": 4, "≤": 5}

_OPS: list[tuple[str, Comparison]] = [
    (">=", "≥"), ("≥", "≥"), ("≧", "≥"), ("不低于", "≥"), ("不少于", "≥"), ("不小于", "≥"),
    ("<=", "≤"), ("≤", "≤"), ("≦", "≤"), ("不高于", "≤"), ("不超过", "≤"), ("不大于", "≤"),
    ("不多于", "≤"), (">", ">"), ("大于", ">"), ("高于", ">"), ("超过", ">"),
    ("<", "<"), ("小于", "<"), ("低于", "<"), ("少于", "<"), ("==", "="), ("=", "="), ("等于", "="),
]
_SUFFIXES: list[tuple[str, Comparison]] = [
    ("或以上", "≥"), ("及以上", "≥"), ("以上", "≥"),
    ("或以下", "≤"), ("及以下", "≤"), ("以下", "≤"), ("以内", "≤"),
]
_OP_RE = "|".join(re.escape(op) for op, _ in _OPS)
_OP_MAP = dict(_OPS)
_SUFFIX_RE = "|".join(re.escape(s) for s, _ in _SUFFIXES)
_SUFFIX_MAP = dict(_SUFFIXES)

# number [unit] [suffix]; the unit is anything that is not a digit, comparison or suffix.
_TAIL = re.compile(
    rf"^(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    rf"(?P<unit>(?:(?!{_SUFFIX_RE})[^\d<>=≥≤≧≦])*?)\s*(?P<suffix>{_SUFFIX_RE})?$"
)
_LAST_OP = re.compile(rf"(?P<op>{_OP_RE})\s*(?=[\d])")
_DIGIT = re.compile(r"\d")
_QUALITATIVE_PREFIX = re.compile(r"^\s*定性\s*[:：]?\s*")


@dataclass(frozen=True, slots=True)
class Value:
    text: str  # exactly what the user typed: the source of truth
    kind: Kind
    comparison: Comparison | None = None
    number: Decimal | None = None  # as written, before the 万 multiplier
    unit: str = ""
    scale: int = 1  # 10000 when 万 stands alone as a multiplier
    definition: str = ""  # e.g. （无事故发生天数÷运维天数）×100%
    reason: str = ""  # why it is unparsed
    date: Deadline | None = None  # a date or deadline: number None, unit 日期
    op_span: tuple[int, int] | None = None  # where the typed comparison is in ``text``

    @property
    def quantity(self) -> Decimal | None:
        return None if self.number is None else self.number * self.scale

    @property
    def comparison_code(self) -> int:
        """The one-system code: 1 ≥ … 5 ≤, 6 定性."""
        return COMPARISON_CODES[self.comparison] if self.comparison else 6

    def describe(self) -> str:
        """A short Chinese reading for the UI: ``≥ 98 %``, ``定性``, or why it fails."""
        if self.kind == "empty":
            return "（空）"
        if self.kind == "qualitative":
            return "定性指标"
        if self.kind == "unparsed":
            return f"无法解析：{self.reason}"
        if self.date is not None:
            day = self.date.iso() if self.date.year is not None else f"当年 {self.date.iso()}"
            return {"≤": f"截止 {day} 前", "=": f"日期 {day}", "<": f"{day} 之前"}.get(
                self.comparison or "=", f"{self.comparison} {day}")
        parts = [self.comparison or "="]
        num = f"{self.number:,}" if self.number is not None else ""
        parts.append(num + ("万" if self.scale == 10000 else ""))
        if self.unit:
            parts.append(self.unit)
        head = f"{self.definition} " if self.definition else ""
        return head + " ".join(parts)

    def canonical(self) -> str:
        """The value written as comparison + number + unit (``90%或以上`` → ``≥90%``)."""
        if self.kind != "quantitative" or self.date is not None:
            return self.text
        comp = "" if self.comparison == "=" else self.comparison
        num = format(self.number, "f") + ("万" if self.scale == 10000 else "")
        return f"{self.definition}{comp}{num}{self.unit}"


    def published(self) -> str:
        """The text for the published table: a typed comparison in the form the table uses
        (``>=`` ``≧`` ``不低于`` → ``≥``; ``＞`` → ``>`` as in the seed's ``>95%``), a ``定性：``
        mark (jixiao's own, to silence I4) dropped; everything else exactly as typed."""
        if self.op_span is not None and self.comparison is not None:
            a, b = self.op_span
            return self.text[:a] + self.comparison + self.text[b:]
        if self.kind == "qualitative":
            m = _QUALITATIVE_PREFIX.match(self.text)
            if m and self.text.lstrip().startswith("定性") and self.text[m.end():].strip():
                return self.text[m.end():]
        return self.text

    def reading(self) -> tuple:
        """What the value means, for comparing two values (``≥98%`` and ``>=98%`` read alike)."""
        if self.kind == "quantitative":
            return (self.kind, self.comparison, self.quantity, self.unit,
                    unicodedata.normalize("NFKC", self.definition), self.date)
        return (self.kind, unicodedata.normalize("NFKC", self.published()).strip())


def parse_value(text: str, year: int | None = None) -> Value:
    """``year``: the workspace's year, for a date written without one (``12月31日前``)."""
    return _parse(text) if year is None else _parse_in_year(text, year)


def published_value(text: str) -> str:
    """The value as the published table writes it (see ``Value.published``)."""
    return _parse(text).published()


# Two caches: a one-argument lru_cache keys on the string itself (no tuple built), which keeps
# the call made for every indicator as cheap as before years existed.
@lru_cache(maxsize=65536)
def _parse(text: str) -> Value:
    return _read(text, None)


@lru_cache(maxsize=4096)
def _parse_in_year(text: str, year: int) -> Value:
    return _read(text, year)


def _read(text: str, year: int | None) -> Value:
    s, origin = _normalize(text)
    if not s:
        return Value(text, "empty")
    if _QUALITATIVE_PREFIX.match(s) and s.startswith("定性"):
        return Value(text, "qualitative")
    if ("年" in s or "月" in s or "日" in s or "季" in s or "-" in s or "/" in s or "." in s) \
            and DATE_HINT.search(s):
        d = read_date(s, year)
        if d is not None:
            span = (origin[d.op_span[0]], origin[d.op_span[1] - 1] + 1) if d.op_span else None
            if d.deadline is None:
                return Value(text, "unparsed", reason=d.problem)
            return Value(text, "quantitative", d.comparison, unit="日期", date=d.deadline,
                         op_span=span)  # type: ignore[arg-type]
        vague = vague_month(s)
        if vague:
            return Value(text, "unparsed", reason=vague)
    if not _DIGIT.search(s):
        return Value(text, "qualitative")
    comparison: Comparison | None = None
    definition = ""
    rest = s
    op_span = None
    ops = list(_LAST_OP.finditer(s))
    if ops:
        m = ops[-1]
        comparison = _OP_MAP[m.group("op")]
        op_span = (origin[m.start("op")], origin[m.end("op") - 1] + 1)
        # keep the definition as typed (full-width brackets stay full-width)
        definition = text[: origin[m.start()]].strip() if m.start() else ""
        rest = s[m.end():].strip()
    t = _TAIL.match(rest)
    if not t:
        return Value(text, "unparsed", reason=_why(rest))
    if definition and not _looks_like_definition(definition):
        return Value(text, "unparsed", reason=f"比较符前的「{definition}」不是计算口径")
    suffix = t.group("suffix")
    if suffix:
        implied = _SUFFIX_MAP[suffix]
        if comparison and comparison != implied:
            return Value(text, "unparsed", reason=f"比较符 {comparison} 与后缀「{suffix}」矛盾")
        comparison = implied
    number = Decimal(t.group("num").replace(",", ""))
    unit = t.group("unit").strip()
    scale = 1
    if unit == "万":
        unit, scale = "", 10000
    if unit and _DIGIT.search(unit):
        return Value(text, "unparsed", reason=f"单位「{unit}」中含有数字")
    return Value(
        text, "quantitative", comparison or "=", number, unit, scale, definition, op_span=op_span
    )


def _normalize(text: str) -> tuple[str, list[int]]:
    """NFKC per character, stripped, with the index in ``text`` of each output character."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        n = unicodedata.normalize("NFKC", ch)
        out.append(n)
        origin.extend([i] * len(n))
    s = "".join(out)
    lead = len(s) - len(s.lstrip())
    s = s.strip()
    return s, origin[lead:lead + len(s)] + [len(text)]


def _looks_like_definition(s: str) -> bool:
    # A definition is a formula or a label, not another number with a comparison.
    return not re.fullmatch(r"[\d.,%\s]+", s)


DATE_FORMS = "2026年12月31日前、12月底前、2026年底前、第三季度末前"
_DATE_LIKE = re.compile(r"\d\s*[年月日号]|季度|半年|年[底末内]")


def _why(rest: str) -> str:
    if _DATE_LIKE.search(rest):
        return f"「{rest[:20]}」不是可识别的日期；日期写作 {DATE_FORMS}"
    if re.match(r"^-\s*\d", rest):
        return "指标值不能为负数"
    if not re.match(r"^\d", rest):
        return f"应以数字开头，实为「{rest[:12]}」"
    if re.search(r"\d[^\d\s]{0,2}\s*[-~～至到]\s*\d", rest):
        return "不支持区间，请写成「≥下限」或「≤上限」"
    return f"应为「比较符 数字 单位」（如 ≥98%）或日期（如 2026年12月底前），实为「{rest[:20]}」"
