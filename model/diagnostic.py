"""A diagnostic: one problem found by validation, with its rule id and precise location.

Plain data without pydantic, so the editor can show diagnostics (and a child process can hand
them over) before the models are loaded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable, Literal
from unicodedata import east_asian_width

from model.fields import FUNDING, INDICATOR_LABELS, PROJECT_LABELS
from model.text import escaped

Severity = Literal["error", "warning"]

RULES: dict[str, tuple[Severity, str]] = {
    "F1": ("error", "总计不等于三项资金之和"),
    "F2": ("error", "金额不是数字、为负、超过两位小数或超出上限"),
    "F3": ("error", "单位项目合计与预算控制数不符"),
    "I1": ("error", "指标代码不在代码表中或二级指标不属于一级指标"),
    "I2": ("error", "指标代码与名称不符"),
    "I3": ("error", "指标名称或指标值为空"),
    "I4": ("warning", "指标值无法解析且未标为定性"),
    "I5": ("warning", "年度指标值比实施周期指标值更严格"),
    "I6": ("warning", "同一项目中指标名称重复"),
    "P1": ("warning", "项目缺少产出指标或效益指标"),
    "P2": ("error", "项目名称为空或在单位内重复"),
    "P3": ("warning", "绩效目标为空"),
    "T1": ("warning", "文本中全角与半角标点混用"),
    "T2": ("error", "文本中有控制字符（换行和制表符只可用于绩效目标）"),
    "U1": ("error", "单位名称为空或重复"),
    "S1": ("error", "文件无法读取"),
    "S2": ("warning", "工作区结构问题"),
    "S3": ("error", "链接或同一文件的第二个名称：不读取、不写入"),
    # review rules (model/review): what sends a table back from the finance bureau
    "R1": ("warning", "绩效目标中的数量没有指标衡量"),
    "R2": ("warning", "比率或百分比超过 100%"),
    "R3": ("warning", "满意度目标低于下限或比较符用反"),
    "R4": ("warning", "年度指标值与实施周期指标值矛盾"),
    "R5": ("warning", "指标值含糊：没有数字也没有分级"),
    "R6": ("warning", "项目缺少要求的二级指标"),
    "R7": ("warning", "金额较大的项目没有成本指标"),
    "R8": ("warning", "定量指标所占比例过低"),
    "R9": ("warning", "同名指标在本单位各项目中取值不一（疑似复制后漏改）"),
}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    rule: str
    message: str
    file: str = ""
    unit: str = ""  # unit name
    project: str = ""  # project name
    indicator: int | None = None  # 1-based indicator number
    field: str = ""  # model field name: total, goal, name, level2, annual …
    line: int | None = None  # line in file, when known (parse errors)
    unit_id: str = ""
    project_id: str = ""
    # the rule's default (RULES) unless the workspace's rule set (rules.toml) says otherwise
    severity: Severity = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.severity is None:
            object.__setattr__(self, "severity", RULES[self.rule][0])

    def location(self) -> str:
        """``单位 › 项目 › 指标2 › 年度指标值`` for people."""
        parts = [p for p in (self.unit, self.project) if p]
        return " › ".join(parts + self._place())

    def _place(self, short: bool = False) -> list[str]:
        """``指标2``, ``年度指标值``: where in the project (or unit, workspace); ``short``: the
        indicator's field as ``年度值``."""
        parts = []
        if self.indicator is not None:
            parts.append(f"指标{self.indicator}")
        if self.field:
            labels = _SHORT_LABELS if short else INDICATOR_LABELS
            label = labels.get(self.field) if self.indicator is not None else None
            if self.field == "name" and self.unit_id and not self.project_id:
                label = "单位名称"  # a unit's own name, not a project's
            parts.append(label or PROJECT_LABELS.get(self.field) or _UNIT_LABELS.get(self.field, self.field))
        return parts

    def short_location(self, budget: int = 40) -> str:
        """The location as a list line shows it, at most ``budget`` terminal cells wide, control
        characters escaped: a project's problem names the project only (without the part of its
        name it shares with its unit's, ``市人社数据服务中心购置经费`` → ``购置经费``), cut in the
        middle when long, then the indicator and field; a unit's names the unit."""
        place = " ".join(self._place(short=True))
        name = _distinct(escaped(self.project), escaped(self.unit)) if self.project else escaped(self.unit)
        if not name:
            return middle_cut(place, budget)
        if not place:
            return middle_cut(name, budget)
        room = budget - cells(place) - 3  # " › "
        if room < 4:  # no room for a name worth reading: cut the whole
            return middle_cut(f"{name} › {place}", budget)
        return f"{middle_cut(name, room)} › {place}"

    def text_line(self) -> str:
        """The one-line form ``jixiao check`` prints (``file:line: severity rule location message``)."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity} {self.rule} {self.location() or '-'} {self.message}"

    def to_dict(self) -> dict:
        return asdict(self)


WORKSPACE_LABELS = {"title": "标题", "department": "单位名称"}  # the workspace's texts
_SHORT_LABELS = {"level1": "一级", "level2": "二级", "name": "名称", "period": "周期值", "annual": "年度值"}
_UNIT_LABELS = {**{f"control.{k}": f"{v}控制数" for k, v in FUNDING}, **WORKSPACE_LABELS}


def _distinct(project: str, unit: str) -> str:
    """``project`` without its first characters when they abbreviate the unit's name (they
    appear in it in order: 市人社数据服务中心 in 广州市人力资源和社会保障数据服务中心), as
    project names often begin with their unit's; kept whole unless at least four characters go
    and two stay."""
    at = n = 0
    for n, c in enumerate(project):
        at = unit.find(c, at) + 1
        if not at:
            break
    else:
        n = len(project)
    return project[n:] if n >= 4 and len(project) - n >= 2 else project


def cells(text: str) -> int:
    """Terminal cells ``text`` takes (CJK characters take two)."""
    return sum(2 if east_asian_width(c) in "WF" else 1 for c in text)


def middle_cut(text: str, budget: int) -> str:
    """``text`` within ``budget`` cells, its middle replaced by ``…`` if it must be cut."""
    if cells(text) <= budget:
        return text
    if budget <= 1:
        return "…"[:budget]
    head: list[str] = []
    tail: list[str] = []
    room = budget - 1
    i, j = 0, len(text) - 1
    while i <= j:  # alternately from the front (which reads first) and the back
        c = text[i] if len(head) <= len(tail) else text[j]
        if cells(c) > room:
            break
        room -= cells(c)
        if len(head) <= len(tail):
            head.append(c)
            i += 1
        else:
            tail.append(c)
            j -= 1
    return "".join(head) + "…" + "".join(reversed(tail))


def count(diags: Iterable[Diagnostic]) -> tuple[int, int]:
    errors = warnings = 0
    for d in diags:
        if d.severity == "error":
            errors += 1
        else:
            warnings += 1
    return errors, warnings
