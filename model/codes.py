"""The indicator code table (一级指标 / 二级指标): data, not code.

The default is the Guangdong/Guangzhou frame of domain.md section 3. A workspace may replace it
(storage reads ``codes.toml`` and hands the dict to :meth:`CodeTable.from_dict`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from model.errors import JixiaoError

SUFFIX = "指标"


class CodeTableError(JixiaoError, ValueError):
    """A code table that cannot be used (a level missing, a code twice, a parent unknown)."""


@dataclass(frozen=True)
class Category:
    code: str
    name: str  # canonical name, used on export
    parent: str | None = None  # level-1 code for a level-2 category
    aliases: tuple[str, ...] = ()
    required: bool = False  # level-1 only: every project should have one (rule P1)

    @property
    def label(self) -> str:
        """The published form, e.g. ``12-质量指标``."""
        return f"{self.code}-{self.name}"


@dataclass(frozen=True)
class Resolved:
    """What a typed category text such as ``12-数量指标`` means under a code table."""

    text: str
    code: str | None  # the code typed, if any
    name: str | None  # the name typed, if any
    category: Category | None  # the category the text designates, if it designates one
    problem: str | None  # why it is wrong (I1/I2 wording), None when fine
    rule: str | None = None


_SPLIT = re.compile(r"^\s*([0-9０-９]+)\s*(?:[-－—–_.、:：\s]\s*)?(.*?)\s*$")


def _norm_name(name: str) -> str:
    return re.sub(r"\s+", "", name)


def _variants(name: str) -> set[str]:
    """A name and its form with/without the 指标 suffix."""
    n = _norm_name(name)
    out = {n}
    if n.endswith(SUFFIX) and len(n) > len(SUFFIX):
        out.add(n[: -len(SUFFIX)])
    else:
        out.add(n + SUFFIX)
    return out


@dataclass
class CodeTable:
    level1: dict[str, Category]
    level2: dict[str, Category]
    _by_name1: dict[str, Category] = field(default_factory=dict, repr=False)
    _by_name2: dict[str, Category] = field(default_factory=dict, repr=False)
    _cache: dict[tuple[int, str], Resolved] = field(default_factory=dict, repr=False)
    _filed: dict[tuple[str, str], tuple[frozenset[str], bool]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for table, index in ((self.level1, self._by_name1), (self.level2, self._by_name2)):
            for cat in table.values():
                for alias in (cat.name, *cat.aliases):
                    for v in _variants(alias):
                        index.setdefault(v, cat)
        for cat in self.level2.values():
            if cat.parent not in self.level1:
                raise CodeTableError(f"二级指标 {cat.label} 的上级代码 {cat.parent!r} 不在一级指标中")

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "CodeTable":
        """Build from ``{"level1": [{code, name, aliases?, required?}], "level2": [{code, name,
        parent?, aliases?}]}``; a level-2 without ``parent`` belongs to its code's first digit."""

        def cats(items: Any, level: int) -> dict[str, Category]:
            if not isinstance(items, list) or not items:
                raise CodeTableError(f"代码表缺少 level{level} 列表")
            out: dict[str, Category] = {}
            for i, item in enumerate(items, 1):
                if not isinstance(item, dict) or "code" not in item or "name" not in item:
                    raise CodeTableError(f"代码表 level{level} 第 {i} 项需要 code 和 name")
                code = str(item["code"]).strip()
                if code in out:
                    raise CodeTableError(f"代码表 level{level} 代码 {code} 重复")
                parent = None
                if level == 2:
                    parent = str(item.get("parent") or code[0])
                out[code] = Category(
                    code=code,
                    name=str(item["name"]).strip(),
                    parent=parent,
                    aliases=tuple(str(a) for a in item.get("aliases", ())),
                    required=bool(item.get("required", False)),
                )
            return out

        return cls(cats(data.get("level1"), 1), cats(data.get("level2"), 2))

    def to_dict(self) -> dict[str, Any]:
        def dump(c: Category, level: int) -> dict[str, Any]:
            d: dict[str, Any] = {"code": c.code, "name": c.name}
            if level == 2:
                d["parent"] = c.parent
            if c.aliases:
                d["aliases"] = list(c.aliases)
            if c.required:
                d["required"] = True
            return d

        return {
            "level1": [dump(c, 1) for c in self.level1.values()],
            "level2": [dump(c, 2) for c in self.level2.values()],
        }

    # -- lookup -------------------------------------------------------------------------------

    def children(self, level1_code: str) -> list[Category]:
        return [c for c in self.level2.values() if c.parent == level1_code]

    def resolve(self, text: str, level: int) -> Resolved:
        """Read ``12-质量指标``, ``12``, ``质量指标`` or ``质量`` as a category of ``level``."""
        key = (level, text)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = self._resolve(text, level)
        return hit

    def filed(self, level1: str, level2: str) -> tuple[frozenset[str], bool]:
        """The codes of the categories an indicator typed with these two texts is filed under
        (its level 1, its level 2 and that one's parent), and whether a typed level 2 is in the
        table (False: an I1); cached, as the review rules ask it for every indicator."""
        key = (level1, level2)
        hit = self._filed.get(key)
        if hit is None:
            out = set()
            c1, c2 = self.resolve(level1, 1).category, self.resolve(level2, 2).category
            if c1 is not None:
                out.add(c1.code)
            if c2 is not None:
                out.add(c2.code)
                if c2.parent:
                    out.add(c2.parent)
            hit = self._filed[key] = (frozenset(out), c2 is not None or not level2.strip())
        return hit

    def _resolve(self, text: str, level: int) -> Resolved:
        table = self.level1 if level == 1 else self.level2
        by_name = self._by_name1 if level == 1 else self._by_name2
        what = "一级指标" if level == 1 else "二级指标"
        raw = text.strip()
        if not raw:
            return Resolved(text, None, None, None, f"{what}为空", "I1")
        m = _SPLIT.match(raw)
        if m:
            code = m.group(1).translate(_FULLWIDTH_DIGITS)
            name = _norm_name(m.group(2)) or None
        else:
            code, name = None, _norm_name(raw)
        by_code = table.get(code) if code else None
        by_nm = by_name.get(name) if name else None
        if code and by_code is None:
            known = "、".join(c.label for c in table.values())
            return Resolved(text, code, name, None, f"{what}代码 {code} 不在代码表中（可用：{known}）", "I1")
        if code is None and by_nm is None:
            known = "、".join(c.label for c in table.values())
            return Resolved(text, None, name, None, f"{what}「{raw}」不在代码表中（可用：{known}）", "I1")
        if by_code is not None and name and by_nm is not by_code:
            right = by_code.label
            meant = f"，「{name}」是 {by_nm.label}" if by_nm else ""
            return Resolved(
                text, code, name, by_code,
                f"{what}代码与名称不符：{raw} 中代码 {code} 是「{by_code.name}」{meant}（应为 {right}）",
                "I2",
            )
        return Resolved(text, code, name, by_code or by_nm, None)

    def candidates(self, query: str, level: int, parent: str | None = None) -> list[Category]:
        """Categories whose code starts with, or whose name/alias contains, ``query``."""
        table = self.level1 if level == 1 else self.level2
        q = _norm_name(query)
        out = []
        for c in table.values():
            if parent is not None and c.parent != parent:
                continue
            names = (c.name, *c.aliases)
            if not q or c.code.startswith(q) or any(q in n for n in names) or q in c.label:
                out.append(c)
        return out


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


DEFAULT_CODES: dict[str, Any] = {
    "level1": [
        {"code": "1", "name": "产出指标", "aliases": ["产出"], "required": True},
        {"code": "2", "name": "效益指标", "aliases": ["效益"], "required": True},
        {"code": "3", "name": "满意度指标", "aliases": ["满意度"]},
    ],
    "level2": [
        {"code": "11", "name": "数量指标", "parent": "1"},
        {"code": "12", "name": "质量指标", "parent": "1"},
        {"code": "13", "name": "时效指标", "parent": "1"},
        {"code": "14", "name": "成本指标", "parent": "1"},
        {"code": "21", "name": "经济效益", "parent": "2"},
        {"code": "22", "name": "社会效益", "parent": "2"},
        {"code": "23", "name": "生态效益", "parent": "2", "aliases": ["环境效益"]},
        {"code": "24", "name": "可持续影响", "parent": "2"},
        {"code": "31", "name": "服务对象满意度", "parent": "3"},
    ],
}


def default_codes() -> CodeTable:
    return CodeTable.from_dict(DEFAULT_CODES)
