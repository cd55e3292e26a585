"""Validation: every diagnostic at once, each with a stable rule id and a precise location.

Rules are those of domain.md section 6 plus U1 (unit names). A project's rules are small
checks listed in ``PROJECT_CHECKS``, each yielding what it finds, run in that order (the order
the diagnostics are listed in). ``validate_project`` is cheap (codes and values are cached), so
the editor can rerun it on each keystroke; unit rules (P2 duplicates, F3 control figures) run
per unit.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Callable, Iterable, Iterator

from model.codes import CodeTable
from model.diagnostic import RULES, WORKSPACE_LABELS, Diagnostic, Severity, count
from model.fields import FUNDING, FUNDING_LABELS, INDICATOR_LABELS, PROJECT_LABELS, SOURCES
from model.money import amount_problem, fmt, valid
from model.problem import Problem
from model.review import REVIEW_CHECKS
from model.review.copies import copy_errors
from model.ruleset import DEFAULT_RULES, RuleSet
from model.text import CONTROL, CONTROL_IN_LINES, control_problem
from model.values import parse_value
from model.workspace import Indicator, Project, Unit, Workspace

__all__ = ["RULES", "Diagnostic", "Severity", "count"]  # re-exported

# -- project ---------------------------------------------------------------------------------

_HALF = re.compile(r"[;:()!?]|(?<!\d),|,(?!\d)")
_FULL = re.compile(r"[，；：（）！？]")


def mixed_punctuation(text: str) -> tuple[str, str] | None:
    """The first full-width and half-width punctuation marks when a text mixes both."""
    full = _FULL.search(text)
    if full is None:
        return None
    half = _HALF.search(text)
    if half is None:
        return None
    return full.group(), half.group()


# (project, code table, the workspace's year — for a deadline written without one, 12月31日前)
ProjectCheck = Callable[[Project, CodeTable, "int | None"], list[Problem]]


def check_project_name(p: Project, codes: CodeTable, year: int | None = None) -> list[Problem]:
    return [] if p.name.strip() else [Problem("P2", "项目名称为空", "name")]


def check_amounts(p: Project, codes: CodeTable, year: int | None = None) -> list[Problem]:
    """F2 for each amount that is not one; when all are, F1 if the total is not the sum of the sources."""
    out = []
    for key, label in FUNDING:
        problem = amount_problem(getattr(p, key))
        if problem:
            out.append(Problem("F2", f"{label}：{problem}（应为不小于 0、最多两位小数的数字，单位万元）", key))
    if out:
        return out
    total = valid(p.total)
    sources = p.sources_sum()
    assert total is not None and sources is not None
    if total == sources:
        return []
    d = total - sources
    parts = " + ".join(f"{FUNDING_LABELS[k]} {fmt(valid(getattr(p, k)))}" for k in SOURCES)
    message = f"总计 {fmt(total)} ≠ {parts} = {fmt(sources)}，总计{'多' if d > 0 else '少'} {fmt(abs(d))} 万元"
    return [Problem("F1", message, "total")]


def check_goal(p: Project, codes: CodeTable, year: int | None = None) -> list[Problem]:
    return [] if p.goal.strip() else [Problem("P3", "绩效目标为空（应写明项目实施后要达到的目标）", "goal")]


def check_punctuation(p: Project, codes: CodeTable, year: int | None = None) -> list[Problem]:
    out = []
    for field, text in (("name", p.name), ("goal", p.goal)):
        mixed = mixed_punctuation(text)
        if mixed:
            out.append(Problem("T1", f"{PROJECT_LABELS[field]}中全角「{mixed[0]}」与半角「{mixed[1]}」混用", field))
    return out


_INDICATOR_TEXTS = tuple(INDICATOR_LABELS)  # level1 level2 name period annual


def check_control_chars(p: Project, codes: CodeTable, year: int | None = None) -> list[Problem]:
    """T2 for each text holding a control character (tab and newline allowed in the goal)."""
    # one search over all of the project's one-line texts: the usual answer is "none"
    texts = [p.name]
    for ind in p.indicators:
        texts.extend((ind.level1, ind.level2, ind.name, ind.period, ind.annual))
    if CONTROL.search("".join(texts)) is None and CONTROL_IN_LINES.search(p.goal) is None:
        return []
    out = []
    for field, multiline in (("name", False), ("goal", True)):
        problem = control_problem(PROJECT_LABELS[field], getattr(p, field), multiline)
        if problem:
            out.append(Problem("T2", problem, field))
    for n, ind in enumerate(p.indicators, 1):
        for field in _INDICATOR_TEXTS:
            problem = control_problem(f"指标{n}的{INDICATOR_LABELS[field]}", getattr(ind, field))
            if problem:
                out.append(Problem("T2", problem, field, n))
    return out


def check_indicators(p: Project, codes: CodeTable, year: int | None = None) -> list[Problem]:
    """Each indicator in turn: its categories, its name, its two target values (a deadline
    without a year read in ``year``, the workspace's)."""
    out: list[Problem] = []
    first: dict[str, int] = {}  # each name and the number of the first indicator with it
    for n, ind in enumerate(p.indicators, 1):
        _check_categories(ind, n, codes, out)
        _check_name(ind, n, first, out)
        _check_values(ind, n, out, year)
    return out


def check_required_categories(p: Project, codes: CodeTable, year: int | None = None) -> list[Problem]:
    """P1: every required level-1 category (产出, 效益) has at least one indicator."""
    covered = {_level1_code(ind, codes) for ind in p.indicators}
    missing = [c.label for c in codes.level1.values() if c.required and c.code not in covered]
    if not missing:
        return []
    return [Problem("P1", f"项目没有{'、'.join(missing)}（评审要求每个项目至少各有一个）", "indicators")]


# the project rules, in the order their diagnostics are listed
PROJECT_CHECKS: tuple[ProjectCheck, ...] = (
    check_project_name,
    check_amounts,
    check_goal,
    check_punctuation,
    check_control_chars,
    check_indicators,
    check_required_categories,
)


def validate_project(p: Project, codes: CodeTable, unit: str = "", file: str = "",
                     unit_id: str = "", year: int | None = None, rules: RuleSet = DEFAULT_RULES) -> list[Diagnostic]:
    """Every diagnostic of one project, rule by rule (``PROJECT_CHECKS``, then the review rules
    that ``rules`` has not turned off), with the severities ``rules`` gives; ``year``: the
    workspace's (a month-day deadline such as 12月31日前 is a day of that year)."""
    problems = [problem for check in PROJECT_CHECKS for problem in check(p, codes, year)]
    every = not rules.levels  # the shipped rule set: all on
    for reviewed, review in REVIEW_CHECKS:
        if every or any(rules.on(rule) for rule in reviewed):
            problems.extend(review(p, codes, rules))
    return rules.apply([
        Diagnostic(rule, message, file, unit, p.name, indicator, field, None, unit_id, p.id)
        for rule, message, field, indicator in problems
    ])


# -- the checks of one indicator (number ``n``), adding what they find to ``out`` ------------

def _check_categories(ind: Indicator, n: int, codes: CodeTable, out: list[Problem]) -> None:
    """I1/I2 for a category not in the code table; I1 for a level 2 under another level 1."""
    r1 = codes.resolve(ind.level1, 1)
    r2 = codes.resolve(ind.level2, 2)
    if r1.problem:
        out.append(Problem(r1.rule or "I1", r1.problem, "level1", n))
    if r2.problem:
        out.append(Problem(r2.rule or "I1", r2.problem, "level2", n))
    c1, c2 = r1.category, r2.category
    if c1 is not None and c2 is not None and c2.parent != c1.code:
        parent = codes.level1.get(c2.parent or "")
        belongs = parent.label if parent else c2.parent
        out.append(Problem("I1", f"二级指标 {c2.label} 不属于一级指标 {c1.label}（它属于 {belongs}）", "level2", n))


def _check_name(ind: Indicator, n: int, first: dict[str, int], out: list[Problem]) -> None:
    """I3 for an empty name, I6 for a name an earlier indicator has, T1 for mixed punctuation."""
    name = ind.name.strip()
    if not name:
        out.append(Problem("I3", "三级指标名称为空", "name", n))
        return
    earlier = first.setdefault(name, n)
    if earlier != n:
        out.append(Problem("I6", f"指标名称「{name}」与指标{earlier}重复", "name", n))
    mixed = mixed_punctuation(name)
    if mixed:
        out.append(Problem("T1", f"指标名称中全角「{mixed[0]}」与半角「{mixed[1]}」混用", "name", n))


def _check_values(ind: Indicator, n: int, out: list[Problem], year: int | None = None) -> None:
    """I3 for an empty target value, I4 for one that cannot be read, I5 for an annual target
    stricter than the one for the whole period (or a deadline later than the period's)."""
    period, annual = parse_value(ind.period, year), parse_value(ind.annual, year)
    for field, text, v in (("period", ind.period, period), ("annual", ind.annual, annual)):
        if v.kind == "empty":
            out.append(Problem("I3", f"{INDICATOR_LABELS[field]}为空", field, n))
        elif v.kind == "unparsed":
            out.append(Problem("I4", f"{INDICATOR_LABELS[field]}「{text}」无法解析：{v.reason}；"
                                     "如为定性指标，可写作「定性：…」", field, n))
    stricter = _stricter(period, annual)
    if stricter:
        out.append(Problem("I5", stricter, "annual", n))


def _level1_code(ind: Indicator, codes: CodeTable) -> str | None:
    """The level-1 category an indicator counts for: its own, else its level 2's parent."""
    c1 = codes.resolve(ind.level1, 1).category
    if c1 is not None:
        return c1.code
    c2 = codes.resolve(ind.level2, 2).category
    return c2.parent if c2 is not None and c2.parent else None


def _stricter(period, annual) -> str | None:
    if period.kind != "quantitative" or annual.kind != "quantitative":
        return None
    if period.date is not None or annual.date is not None:
        return _later_deadline(period, annual)
    if period.comparison != annual.comparison or period.unit != annual.unit:
        return None
    p, a = period.quantity, annual.quantity
    if period.comparison in ("≥", ">") and a > p:
        how = "高于"
    elif period.comparison in ("≤", "<") and a < p:
        how = "低于"
    else:
        return None
    return (
        f"年度指标值「{annual.text}」{how}实施周期指标值「{period.text}」，"
        f"年度目标比整个实施周期更严格（相差 {_num(abs(a - p))}{period.unit}）"
    )


def _later_deadline(period, annual) -> str | None:
    """For dates the year's target lies inside the period: an annual deadline *earlier* than the
    period's is the normal multi-year case, one *later* than it cannot be met in the period.
    A month-day reads in the workspace's year (``check_indicators``' ``year``); without one it
    is compared only with another month-day."""
    p, a = period.date, annual.date
    if p is None or a is None or (p.year is None) != (a.year is None) or a.key() <= p.key():
        return None
    return (f"年度指标值「{annual.text}」（{a.iso()}）晚于实施周期指标值「{period.text}」"
            f"（{p.iso()}），年度目标不应晚于整个实施周期的期限")


def _num(d: Decimal) -> str:
    s = format(d.normalize(), "f")
    return s


# -- unit and workspace ----------------------------------------------------------------------

FileOf = Callable[[Unit, "Project | None"], str]


def no_files(unit: Unit, project: Project | None) -> str:
    """The default ``FileOf``: no file names (diagnostics then name no file)."""
    return ""


def check_unit_name(u: Unit, file_of: FileOf = no_files) -> list[Diagnostic]:
    """U1 when the unit has no name."""
    if u.name.strip():
        return []
    return [Diagnostic("U1", "单位名称为空", file_of(u, None), "", "", None, "name", None, u.id)]


def duplicate_unit_names(units: Iterable[Unit], file_of: FileOf = no_files) -> Iterator[tuple[Unit, Diagnostic]]:
    """U1 for each unit named like an earlier one (names compared without surrounding blanks)."""
    seen: set[str] = set()
    for u in units:
        key = u.name.strip()
        if key and key in seen:
            yield u, Diagnostic("U1", f"单位名称「{key}」重复", file_of(u, None), u.name, "", None, "name", None, u.id)
        seen.add(key)


def check_unit_text(u: Unit, file_of: FileOf = no_files) -> list[Diagnostic]:
    """T2 when the unit's name holds a control character."""
    problem = control_problem("单位名称", u.name)
    return [Diagnostic("T2", problem, file_of(u, None), u.name, "", None, "name", None, u.id)] if problem else []


def check_workspace_text(ws: Workspace, file: str = "") -> list[Diagnostic]:
    """T2 when the workspace's title or department (its 单位名称 line) holds a control character."""
    out = []
    for field, label in WORKSPACE_LABELS.items():
        problem = control_problem(label, getattr(ws, field))
        if problem:
            out.append(Diagnostic("T2", problem, file, "", "", None, field))
    return out


def validate_unit_rules(u: Unit, file_of: FileOf = no_files, rules: RuleSet = DEFAULT_RULES) -> list[Diagnostic]:
    """Rules that look at a unit as a whole: T2 on its name, P2 duplicates, F2/F3 on the
    control figure, R9 one indicator copied with another value; with ``rules``' severities."""
    out: list[Diagnostic] = check_unit_text(u, file_of)
    ufile = file_of(u, None)
    first: dict[str, Project] = {}
    for p in u.projects:
        key = p.name.strip()
        if not key:
            continue
        if key in first:
            out.append(Diagnostic(
                "P2", f"项目名称「{key}」在单位内重复（另见 {file_of(u, first[key]) or first[key].id}）",
                file_of(u, p), u.name, p.name, None, "name", None, u.id, p.id,
            ))
        else:
            first[key] = p
    sums = None
    for key, label in FUNDING:
        control = getattr(u.control, key)
        if control is None:
            continue
        problem = amount_problem(control)
        if problem:
            out.append(Diagnostic("F2", f"{label}控制数：{problem}", ufile, u.name, "", None, f"control.{key}", None,
                                  u.id))
            continue
        if u.unreadable:
            continue  # the sum is unknown while a project file is unreadable (reported as S1)
        if sums is None:
            sums = u.sums()
        s = sums[key]
        if s is None or s == control:
            continue  # an invalid project amount is already reported by F2
        d = s - control
        out.append(Diagnostic(
            "F3",
            f"{label}：项目合计 {fmt(s)} ≠ 预算控制数 {fmt(control)}，"
            f"{'超出' if d > 0 else '尚差'} {fmt(abs(d))} 万元",
            ufile, u.name, "", None, f"control.{key}", None, u.id,
        ))
    if rules.on("R9"):
        out.extend(Diagnostic("R9", c.message, file_of(u, c.project), u.name, c.project.name, c.indicator, c.field,
                              None, u.id, c.project.id) for c in copy_errors(u, rules))
    return rules.apply(out)


def validate_unit(u: Unit, codes: CodeTable, file_of: FileOf = no_files, year: int | None = None,
                  rules: RuleSet = DEFAULT_RULES) -> list[Diagnostic]:
    out = rules.apply(check_unit_name(u, file_of))
    for p in u.projects:
        out.extend(validate_project(p, codes, u.name, file_of(u, p), u.id, year, rules))
    out.extend(validate_unit_rules(u, file_of, rules))
    return out


def validate_workspace(ws: Workspace, file_of: FileOf = no_files, workspace_file: str = "") -> list[Diagnostic]:
    """Every diagnostic, under the workspace's rule set (``ws.rules``, from rules.toml)."""
    rules = ws.rules
    duplicates = {id(u): d for u, d in duplicate_unit_names(ws.units, file_of)}
    out: list[Diagnostic] = rules.apply(check_workspace_text(ws, workspace_file))
    for u in ws.units:
        if id(u) in duplicates:
            out.extend(rules.apply([duplicates[id(u)]]))
        out.extend(validate_unit(u, ws.codes, file_of, ws.year, rules))
    return out


