"""The packed 绩效指标 cell of the published table (domain.md section 4).

``1、1-产出指标；12-质量指标；物品入库率；实施周期指标值：≥98%；年度指标值：≥98%。2、…``
Reading accepts full- and half-width separators and stray spaces; writing emits one style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from model.codes import CodeTable
from model.values import published_value
from model.workspace import Indicator

_SEP = re.compile(r"\s*[；;]\s*")
_PERIOD = re.compile(r"^\s*实施周期(?:指标值|值)?\s*[:：]\s*(.*?)\s*$", re.S)
_ANNUAL = re.compile(r"^\s*年度(?:指标值|值)?\s*[:：]\s*(.*?)\s*$", re.S)


@dataclass(frozen=True)
class PackedProblem:
    indicator: int  # 1-based
    message: str


def split_packed(text: str) -> list[str]:
    """Cut the cell into indicator chunks at ``N、`` where N counts 1, 2, 3 … in order, so
    digits and 、 inside names (12345政务服务热线…) do not split."""
    s = text.strip()
    chunks: list[str] = []
    n = 1
    m = re.match(r"\s*1\s*[、,，.．]\s*", s)
    if not m:
        return [s] if s else []
    start = m.end()
    while True:
        n += 1
        nxt = re.compile(rf"[。.]\s*{n}\s*[、,，]\s*").search(s, start)
        if not nxt:
            chunks.append(s[start:])
            return chunks
        chunks.append(s[start:nxt.start() + 1])
        start = nxt.end()


def parse_packed(text: str) -> tuple[list[Indicator], list[PackedProblem]]:
    indicators: list[Indicator] = []
    problems: list[PackedProblem] = []
    for i, chunk in enumerate(split_packed(text), 1):
        body = re.sub(r"[。.]\s*$", "", chunk.strip())
        fields = [f for f in _SEP.split(body)]
        period_i = next((k for k, f in enumerate(fields) if _PERIOD.match(f)), None)
        annual_i = next((k for k, f in enumerate(fields) if _ANNUAL.match(f)), None)
        if period_i is None or annual_i is None or annual_i < period_i or period_i < 3:
            problems.append(PackedProblem(
                i,
                f"第{i}个指标应为「一级指标；二级指标；指标名称；实施周期指标值：…；年度指标值：…」，实为「{chunk[:60]}」",
            ))
            continue
        extra = fields[annual_i + 1:] + fields[period_i + 1:annual_i]
        if any(f.strip() for f in extra):
            problems.append(PackedProblem(i, f"第{i}个指标有多余内容：「{'；'.join(extra)}」"))
            continue
        indicators.append(Indicator(
            level1=fields[0].strip(),
            level2=fields[1].strip(),
            name="；".join(fields[2:period_i]).strip(),
            period=_PERIOD.match(fields[period_i]).group(1),
            annual=_ANNUAL.match(fields[annual_i]).group(1),
        ))
    return indicators, problems


def category_label(text: str, codes: CodeTable, level: int) -> str:
    """The canonical ``12-质量指标`` when the text resolves cleanly, else the text as typed."""
    r = codes.resolve(text, level)
    return r.category.label if r.category is not None and r.problem is None else text.strip()


def format_packed(indicators: list[Indicator], codes: CodeTable) -> str:
    """The cell as published: canonical categories, values with the published comparison
    (``>=30万页`` → ``≥30万页``, ``values.published_value``), the rest as typed."""
    return "".join(
        f"{n}、{category_label(ind.level1, codes, 1)}；{category_label(ind.level2, codes, 2)}；"
        f"{ind.name}；实施周期指标值：{published_value(ind.period)}；"
        f"年度指标值：{published_value(ind.annual)}。"
        for n, ind in enumerate(indicators, 1)
    )
