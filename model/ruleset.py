"""The rule set: each rule's severity (error, warning, off) and the review rules' parameters.

Data, not code: the shipped defaults are ``RULES`` (severities) and ``PARAMS`` (parameters); a
workspace may carry ``rules.toml`` (storage reads it and hands the dict to :func:`read_rule_set`)
to change any of them::

    [P1]
    severity = "off"

    [R3]
    floor = 85

Every consumer (the editor's problems panel, ``jixiao check``, the commit check, export) sees
diagnostics through the same ``RuleSet`` (``Workspace.rules``): rules turned off are dropped,
the others carry the severity it gives (:meth:`RuleSet.apply`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from model.diagnostic import RULES, Diagnostic

Level = Literal["error", "warning", "off"]
LEVELS: dict[str, Level] = {"error": "error", "warning": "warning", "off": "off",
                            "错误": "error", "警告": "warning", "关闭": "off"}
FIXED = {"S1": "无法读取的文件不计入合计，必须报告", "S3": "链接不读取、不写入，必须报告"}

ParamKind = Literal["number", "share", "words"]
_KIND_TEXT = {"number": "不小于 0 的数字", "share": "0 到 1 之间的数字（如 0.5）", "words": "文字的列表（如 [\"11\", \"12\"]）"}


class Param(NamedTuple):
    name: str
    kind: ParamKind
    default: Any
    doc: str  # Chinese, for --explain and the README


# the review rules' parameters and their shipped defaults (conservative: the seed stays quiet)
PARAMS: dict[str, tuple[Param, ...]] = {
    "R1": (Param("ignore", "words", ("365天", "366天"), "不报告的写法（绩效目标中原样出现的文字，如 \"全年365天\" 的 \"365天\"）"),),
    "R2": (Param("limit", "number", Decimal(100), "百分比的上限"),
           Param("except_names", "words", ("增长", "增幅", "增速", "增加", "同比", "环比", "较上年", "比上年"),
                 "名称含这些字的指标（增长率等可以超过 100%）不检查")),
    "R3": (Param("floor", "number", Decimal(80), "满意度（%）目标的下限"),),
    "R5": (Param("words", "words", ("有效", "进一步", "明显", "显著", "逐步", "不断", "持续", "大幅",
                                    "有所", "稳步", "较大", "一定程度"), "含糊的字眼"),
           Param("grades", "words", ("优", "良", "中", "差", "好", "合格", "达标", "等级", "档"),
                 "表示分级的字：含这些字的定性值视为有分级")),
    "R6": (Param("level2", "words", ("11",), "每个项目都要有的二级指标（代码或名称）"),),
    "R7": (Param("above", "number", Decimal(1000), "总计达到这个金额（万元）的项目要有成本指标"),
           Param("categories", "words", ("14", "成本指标"), "算作成本指标的二级或一级指标（代码或名称）")),
    "R8": (Param("min_share", "share", Decimal("0.5"), "定量指标（有数字或日期的）至少占全部指标的比例"),),
    "R9": (Param("min_agree", "number", Decimal(2), "至少这么多个其他项目的同名指标取值相同，才报告与它们不同的那一个"),),
}


_DEFAULTS = {(rule, p.name): p.default for rule, params in PARAMS.items() for p in params}


@dataclass(frozen=True)
class RuleSet:
    levels: Mapping[str, Level] = field(default_factory=dict)  # only what differs from RULES
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # only what is set

    def level(self, rule: str) -> Level:
        return self.levels.get(rule) or RULES[rule][0]

    def on(self, rule: str) -> bool:
        return self.levels.get(rule) != "off"

    def param(self, rule: str, name: str) -> Any:
        given = self.params.get(rule)
        if given is not None and name in given:
            return given[name]
        return _DEFAULTS[rule, name]

    def apply(self, diags: Iterable[Diagnostic]) -> list[Diagnostic]:
        """``diags`` without the rules turned off, each with the severity this set gives."""
        if not self.levels:
            return diags if isinstance(diags, list) else list(diags)
        out = []
        for d in diags:
            level = self.levels.get(d.rule)
            if level is None or level == d.severity:
                out.append(d)
            elif level != "off":
                out.append(replace(d, severity=level))
        return out


DEFAULT_RULES = RuleSet()


class RuleProblem(NamedTuple):
    """Something wrong in a rules.toml: ``rule`` (the table) and ``key`` (None: the table
    itself) say where, for storage to find the line."""

    rule: str
    key: str | None
    message: str


def read_rule_set(data: Mapping[str, Any]) -> tuple[RuleSet, list[RuleProblem]]:
    """The rule set a rules.toml's data describes, and what is wrong in it (each wrong entry
    is left out; the rest applies)."""
    levels: dict[str, Level] = {}
    params: dict[str, dict[str, Any]] = {}
    problems: list[RuleProblem] = []
    for rule, table in data.items():
        if rule not in RULES:
            problems.append(RuleProblem(rule, None, f"没有规则「{rule}」（规则有 {'、'.join(RULES)}；"
                                                    "jixiao check --explain 规则 说明每一条）"))
            continue
        if not isinstance(table, dict):
            problems.append(RuleProblem(rule, None, f"{rule} 应写作一个表：另起一行 [{rule}]，下面写 severity = \"off\" 等"))
            continue
        for key, value in table.items():
            problem = _read_entry(rule, key, value, levels, params)
            if problem:
                problems.append(RuleProblem(rule, key, problem))
    return RuleSet(levels, params), problems


def _read_entry(rule: str, key: str, value: Any, levels: dict, params: dict) -> str | None:
    if key == "severity":
        level = LEVELS.get(value.strip().lower()) if isinstance(value, str) else None
        if level is None:
            return f"[{rule}] 的 severity 应为 \"error\"（错误）、\"warning\"（警告）或 \"off\"（关闭），实为 {_shown(value)}"
        if rule in FIXED and level != RULES[rule][0]:
            return f"{rule} 不能改级别或关闭：{FIXED[rule]}"
        if level != RULES[rule][0]:
            levels[rule] = level
        return None
    spec = next((p for p in PARAMS.get(rule, ()) if p.name == key), None)
    if spec is None:
        names = "、".join(["severity", *(p.name for p in PARAMS.get(rule, ()))])
        return f"规则 {rule} 没有参数「{key}」（可设：{names}）"
    read = _read_param(spec, value)
    if isinstance(read, str):
        return f"[{rule}] 的 {key} 应为{_KIND_TEXT[spec.kind]}，实为 {_shown(value)}"
    params.setdefault(rule, {})[key] = read[0]
    return None


def _read_param(spec: Param, value: Any) -> tuple[Any] | str:
    """(the value,) when it fits the parameter's kind, else a word saying it does not."""
    if spec.kind == "words":
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return (tuple(v.strip() for v in value if v.strip()),)
        return "bad"
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return "bad"
    number = Decimal(str(value))
    if not number.is_finite() or number < 0 or (spec.kind == "share" and number > 1):
        return "bad"
    return (number,)


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"\"{value}\""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return "一个列表" if isinstance(value, list) else "一个表"
    return str(value)
