"""Completion from what the workspace already holds: indicator names with their usual category
and values, goal texts, project names."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from model.workspace import Workspace


@dataclass(frozen=True)
class IndicatorSuggestion:
    name: str
    level1: str
    level2: str
    period: str
    annual: str
    uses: int  # how many indicators in the workspace have this name


class IndicatorIndex:
    """Names used in the workspace; each with its most common category and values."""

    def __init__(self, ws: Workspace) -> None:
        cats: dict[str, Counter] = defaultdict(Counter)
        values: dict[str, Counter] = defaultdict(Counter)
        for _, p in ws.projects():
            for i in p.indicators:
                name = i.name.strip()
                if not name:
                    continue
                cats[name][(i.level1, i.level2)] += 1
                values[name][(i.period, i.annual)] += 1
        self._items: list[IndicatorSuggestion] = []
        for name, c in cats.items():
            (l1, l2), _ = c.most_common(1)[0]
            (period, annual), _ = values[name].most_common(1)[0]
            self._items.append(IndicatorSuggestion(name, l1, l2, period, annual, sum(c.values())))

    def suggest(self, query: str, limit: int = 8, exclude: str = "") -> list[IndicatorSuggestion]:
        return _rank(self._items, query, limit, lambda s: s.name, lambda s: s.uses, exclude)


class TextIndex:
    """Distinct texts (goal texts, project names) with how often each is used."""

    def __init__(self, texts) -> None:
        counts = Counter(t.strip() for t in texts if t and t.strip())
        self._items = list(counts.items())

    @classmethod
    def goals(cls, ws: Workspace) -> "TextIndex":
        return cls(p.goal for _, p in ws.projects())

    @classmethod
    def project_names(cls, ws: Workspace) -> "TextIndex":
        return cls(p.name for _, p in ws.projects())

    def suggest(self, query: str, limit: int = 8, exclude: str = "") -> list[str]:
        return [t for t, _ in _rank(self._items, query, limit, lambda i: i[0], lambda i: i[1], exclude)]


def _rank(items, query, limit, text_of, uses_of, exclude):
    q = query.strip()
    if not q:
        return []
    hits = []
    for item in items:
        text = text_of(item)
        if text == exclude or text == q:
            continue
        pos = text.find(q)
        if pos < 0:
            continue
        # prefix matches first, then by use, then shorter, then by text for a stable order
        hits.append(((pos != 0, -uses_of(item), len(text), text), item))
    hits.sort(key=lambda h: h[0])
    return [item for _, item in hits[:limit]]
