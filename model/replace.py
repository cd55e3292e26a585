"""Find and replace across a workspace, planned as a list of edits to preview before applying.

Besides plain text (or a regular expression), two normalisations users ask for:
one punctuation style (全角 or 半角) and target values rewritten as comparison + number + unit
(``90%或以上`` → ``≥90%``). Planning never changes the model; the editor applies the plan as one
undoable step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Literal

from model.errors import JixiaoError
from model.values import parse_value
from model.workspace import Project, Unit, Workspace

Field = Literal["project_name", "goal", "indicator_name", "value"]
FIELD_LABELS: dict[str, str] = {
    "project_name": "项目名称",
    "goal": "绩效目标",
    "indicator_name": "三级指标",
    "value": "指标值",
}
ALL_FIELDS: tuple[Field, ...] = ("project_name", "goal", "indicator_name", "value")


class PatternError(JixiaoError, ValueError):
    """A find or replace text that cannot be used (empty, or an invalid regular expression)."""


@dataclass(frozen=True)
class Edit:
    unit_id: str
    project_id: str
    indicator: int | None  # 0-based row, None for a project field
    field: str  # model field: name, goal, period, annual
    old: str
    new: str
    unit: str = ""  # names, for the preview
    project: str = ""

    def location(self) -> str:
        parts = [self.project]
        if self.indicator is not None:
            parts.append(f"指标{self.indicator + 1}")
            parts.append({"name": "三级指标", "period": "实施周期指标值", "annual": "年度指标值"}[self.field])
        else:
            parts.append({"name": "项目名称", "goal": "绩效目标"}[self.field])
        return " › ".join(parts)


def _targets(scope: Iterable[tuple[Unit, Project]], fields: Iterable[Field]):
    fields = set(fields)
    for u, p in scope:
        if "project_name" in fields:
            yield u, p, None, "name", p.name
        if "goal" in fields:
            yield u, p, None, "goal", p.goal
        for i, ind in enumerate(p.indicators):
            if "indicator_name" in fields:
                yield u, p, i, "name", ind.name
            if "value" in fields:
                yield u, p, i, "period", ind.period
                yield u, p, i, "annual", ind.annual


def plan(scope: Iterable[tuple[Unit, Project]], rewrite: Callable[[str], str],
         fields: Iterable[Field] = ALL_FIELDS) -> list[Edit]:
    out = []
    for u, p, i, f, text in _targets(scope, fields):
        new = rewrite(text)
        if new != text:
            out.append(Edit(u.id, p.id, i, f, text, new, u.name, p.name))
    return out


def text_rewriter(find: str, replace: str, regex: bool = False, ignore_case: bool = False) -> Callable[[str], str]:
    """Raises ``PatternError`` (a ``ValueError``) with a Chinese message for an empty or invalid pattern."""
    if not find:
        raise PatternError("查找内容为空")
    flags = re.IGNORECASE if ignore_case else 0
    try:
        pattern = re.compile(find if regex else re.escape(find), flags)
    except re.error as e:
        raise PatternError(f"正则表达式有误：{e}") from None
    if regex:
        try:
            pattern.sub(replace, "")
        except (re.error, IndexError) as e:
            raise PatternError(f"替换内容有误：{e}") from None
        return lambda s: pattern.sub(replace, s)
    return lambda s: pattern.sub(lambda m: replace, s)


def plan_replace(ws_or_scope, find: str, replace: str, fields: Iterable[Field] = ALL_FIELDS,
                 regex: bool = False, ignore_case: bool = False) -> list[Edit]:
    return plan(_scope(ws_or_scope), text_rewriter(find, replace, regex, ignore_case), fields)


# -- normalisations --------------------------------------------------------------------------

_TO_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
_TO_HALF = {v: k for k, v in _TO_FULL.items()}
# a half-width mark, except , and : between digits (1,000 / 10:30)
_HALF_MARK = re.compile(r"(?<!\d)[,:]|[,:](?!\d)|[;()!?]")
_FULL_MARK = re.compile("[" + "".join(_TO_HALF) + "]")


def fullwidth_punctuation(text: str) -> str:
    """``,;:()!?`` → ``，；：（）！？`` (not in 1,000 or 10:30); a space after a mark goes too."""
    return re.sub(r"(?<=[，；：！？])[ \t]+", "", _HALF_MARK.sub(lambda m: _TO_FULL[m.group()], text)) \
        if _HALF_MARK.search(text) else text


def halfwidth_punctuation(text: str) -> str:
    return _FULL_MARK.sub(lambda m: _TO_HALF[m.group()], text)


def canonical_value(text: str) -> str:
    v = parse_value(text)
    return v.canonical() if v.kind == "quantitative" else text


def plan_punctuation(ws_or_scope, style: Literal["full", "half"] = "full",
                     fields: Iterable[Field] = ("project_name", "goal", "indicator_name")) -> list[Edit]:
    rewrite = fullwidth_punctuation if style == "full" else halfwidth_punctuation
    return plan(_scope(ws_or_scope), rewrite, fields)


def plan_canonical_values(ws_or_scope) -> list[Edit]:
    return plan(_scope(ws_or_scope), canonical_value, ("value",))


def _scope(ws_or_scope) -> Iterable[tuple[Unit, Project]]:
    return ws_or_scope.projects() if isinstance(ws_or_scope, Workspace) else ws_or_scope
