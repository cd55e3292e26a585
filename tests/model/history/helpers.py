"""A small workspace (one unit, two clean projects) and an edit session over it, for the
history tests."""

from __future__ import annotations

from model.history import EditSession
from model.workspace import Indicator, Project, Unit, Workspace


def file_of(u, p):
    return f"{u.id}/unit.toml" if p is None else f"{u.id}/{p.id}.toml"


def make_ws() -> Workspace:
    def ind(l1, l2, name, v="≥90%"):
        return Indicator(level1=l1, level2=l2, name=name, period=v, annual=v)

    p1 = Project(id="p01", name="甲项目", total="10.00", fiscal="10.00", goal="目标。",
                 indicators=[ind("1-产出指标", "11-数量指标", "数量"), ind("2-效益指标", "22-社会效益", "效益")])
    p2 = Project(id="p02", name="乙项目", total="5.00", fiscal="5.00", goal="目标。",
                 indicators=[ind("1-产出指标", "11-数量指标", "质量"), ind("2-效益指标", "22-社会效益", "效益")])
    u = Unit(id="u01", name="某单位", projects=[p1, p2])
    u.control.total = "15.00"
    return Workspace(year=2025, department="某部门", units=[u])


def session(ws=None) -> EditSession:
    return EditSession(ws or make_ws(), file_of)


def rules(s: EditSession) -> list[str]:
    return [d.rule for d in s.diagnostics()]
