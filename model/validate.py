"""Validation: every diagnostic at once, each with a stable rule id and a precise location.

Rules are those of domain.md section 6 plus U1 (unit names). ``validate_project`` is cheap
(codes and values are cached), so the editor can rerun it on each keystroke; unit rules (P2
duplicates, F3 control figures) run per unit.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Callable

from model.codes import CodeTable
from model.diagnostic import RULES, Diagnostic, Severity, count
from model.fields import FUNDING, FUNDING_LABELS, INDICATOR_LABELS, PROJECT_LABELS, SOURCES
from model.money import amount_problem, fmt, valid
from model.values import parse_value
from model.workspace import Project, Unit, Workspace

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


def validate_project(p: Project, codes: CodeTable, unit: str = "", file: str = "", unit_id: str = "") -> list[Diagnostic]:
    out: list[Diagnostic] = []

    def diag(rule: str, message: str, field: str = "", indicator: int | None = None) -> None:
        out.append(Diagnostic(rule, message, file, unit, p.name, indicator, field, None, unit_id, p.id))

    if not p.name.strip():
        diag("P2", "项目名称为空", "name")

    # F2 then F1
    bad = False
    for key, label in FUNDING:
        problem = amount_problem(getattr(p, key))
        if problem:
            bad = True
            diag("F2", f"{label}：{problem}（应为不小于 0、最多两位小数的数字，单位万元）", key)
    if not bad:
        total = valid(p.total)
        sources = p.sources_sum()
        assert total is not None and sources is not None
        if total != sources:
            d = total - sources
            parts = " + ".join(f"{FUNDING_LABELS[k]} {fmt(valid(getattr(p, k)))}" for k in SOURCES)
            diag(
                "F1",
                f"总计 {fmt(total)} ≠ {parts} = {fmt(sources)}，"
                f"总计{'多' if d > 0 else '少'} {fmt(abs(d))} 万元",
                "total",
            )

    if not p.goal.strip():
        diag("P3", "绩效目标为空（应写明项目实施后要达到的目标）", "goal")

    for field, text in (("name", p.name), ("goal", p.goal)):
        mixed = mixed_punctuation(text)
        if mixed:
            diag("T1", f"{PROJECT_LABELS[field]}中全角「{mixed[0]}」与半角「{mixed[1]}」混用", field)

    seen: dict[str, int] = {}
    level1_seen: set[str] = set()
    for n, ind in enumerate(p.indicators, 1):
        r1 = codes.resolve(ind.level1, 1)
        r2 = codes.resolve(ind.level2, 2)
        for field, r in (("level1", r1), ("level2", r2)):
            if r.problem:
                diag(r.rule or "I1", r.problem, field, n)
        if r1.category is not None:
            level1_seen.add(r1.category.code)
        if r1.category is not None and r2.category is not None and r2.category.parent != r1.category.code:
            parent = codes.level1.get(r2.category.parent or "")
            diag(
                "I1",
                f"二级指标 {r2.category.label} 不属于一级指标 {r1.category.label}"
                f"（它属于 {parent.label if parent else r2.category.parent}）",
                "level2",
                n,
            )
        elif r1.category is None and r2.category is not None and r2.category.parent:
            level1_seen.add(r2.category.parent)

        name = ind.name.strip()
        if not name:
            diag("I3", "三级指标名称为空", "name", n)
        else:
            if name in seen:
                diag("I6", f"指标名称「{name}」与指标{seen[name]}重复", "name", n)
            else:
                seen[name] = n
            mixed = mixed_punctuation(name)
            if mixed:
                diag("T1", f"指标名称中全角「{mixed[0]}」与半角「{mixed[1]}」混用", "name", n)

        values = {}
        for field in ("period", "annual"):
            text = getattr(ind, field)
            v = values[field] = parse_value(text)
            label = INDICATOR_LABELS[field]
            if v.kind == "empty":
                diag("I3", f"{label}为空", field, n)
            elif v.kind == "unparsed":
                diag(
                    "I4",
                    f"{label}「{text}」无法解析：{v.reason}；如为定性指标，可写作「定性：…」",
                    field,
                    n,
                )
        stricter = _stricter(values["period"], values["annual"])
        if stricter:
            diag("I5", stricter, "annual", n)

    missing = [c.label for c in codes.level1.values() if c.required and c.code not in level1_seen]
    if missing:
        diag("P1", f"项目没有{'、'.join(missing)}（评审要求每个项目至少各有一个）", "indicators")
    return out


def _stricter(period, annual) -> str | None:
    if period.kind != "quantitative" or annual.kind != "quantitative":
        return None
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


def _num(d: Decimal) -> str:
    s = format(d.normalize(), "f")
    return s


# -- unit and workspace ----------------------------------------------------------------------

FileOf = Callable[[Unit, "Project | None"], str]


def _no_file(unit: Unit, project: Project | None) -> str:
    return ""


def validate_unit_rules(u: Unit, file_of: FileOf = _no_file) -> list[Diagnostic]:
    """Rules that look at a unit as a whole: P2 duplicates, F2/F3 on the control figure."""
    out: list[Diagnostic] = []
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
            out.append(Diagnostic("F2", f"{label}控制数：{problem}", ufile, u.name, "", None, f"control.{key}", None, u.id))
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
    return out


def validate_unit(u: Unit, codes: CodeTable, file_of: FileOf = _no_file) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    if not u.name.strip():
        out.append(Diagnostic("U1", "单位名称为空", file_of(u, None), "", "", None, "name", None, u.id))
    for p in u.projects:
        out.extend(validate_project(p, codes, u.name, file_of(u, p), u.id))
    out.extend(validate_unit_rules(u, file_of))
    return out


def validate_workspace(ws: Workspace, file_of: FileOf = _no_file) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    names: dict[str, Unit] = {}
    for u in ws.units:
        key = u.name.strip()
        if key and key in names:
            out.append(Diagnostic("U1", f"单位名称「{key}」重复", file_of(u, None), u.name, "", None, "name", None, u.id))
        names.setdefault(key, u)
        out.extend(validate_unit(u, ws.codes, file_of))
    return out


