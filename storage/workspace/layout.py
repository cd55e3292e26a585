"""How the model maps onto files.

::

    WORKSPACE/
      jixiao.toml          title, department, year, the order of units
      codes.toml           optional: this workspace's indicator code table
      rules.toml           optional: the rules' severities and parameters (rules_file.py)
      u01/
        unit.toml          unit name, the order of its projects, [control] figures
        p01.toml           one project: name, amounts, goal, [[indicators]], [[comments]]

Folder and file names are short stable ids; names live inside the files, so renaming a project
is a one-line diff and git history follows the file. Derived figures (unit sums, 合计) are never
stored; a unit's control figure is typed, so it is.
"""

from __future__ import annotations

import re
from typing import Any

from model.comments import Comment
from model.workspace import FUNDING, Indicator, Project, Unit, Workspace

WORKSPACE_FILE = "jixiao.toml"
CODES_FILE = "codes.toml"
UNIT_FILE = "unit.toml"
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

WORKSPACE_HEADER = "# jixiao 工作区：项目支出绩效目标表。units 列出单位文件夹的顺序。\n"
UNIT_HEADER = "# 单位。projects 列出项目文件的顺序；[control] 为预算控制数（万元），可省略。\n"


# jixiao.toml keys that set up this copy rather than hold table data (compare: the folder of the
# workspace shown beside this one, e.g. last year's): kept in the file, never in the model
SETTINGS = ("compare",)


def pop_settings(data: dict[str, Any]) -> dict[str, Any]:
    """Take the settings out of jixiao.toml's data (what is left is the model's)."""
    return {k: data.pop(k) for k in SETTINGS if k in data}


def valid_id(s: str) -> bool:
    return bool(_ID.match(s))


def project_path(unit: Unit, project: Project) -> str:
    return f"{unit.id}/{project.id}.toml"


def unit_path(unit: Unit) -> str:
    return f"{unit.id}/{UNIT_FILE}"


def file_of(unit: Unit, project: Project | None) -> str:
    return unit_path(unit) if project is None else project_path(unit, project)


def project_of(rel: str) -> tuple[str, str] | None:
    """(unit id, project id) of a project file's workspace-relative path; None for any other."""
    parts = rel.split("/")
    if len(parts) == 2 and parts[1].endswith(".toml") and parts[1] != UNIT_FILE:
        return parts[0], parts[1][: -len(".toml")]
    return None


def id_width(count: int) -> int:
    return max(2, len(str(count)))


# -- model -> plain data (key order here is the file's key order) -----------------------------

def project_data(p: Project) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    root: dict[str, Any] = {"name": p.name}
    for key, _ in FUNDING:
        root[key] = getattr(p, key)
    root["goal"] = p.goal
    rows = [indicator_data(i) for i in p.indicators]
    return root, {"indicators": rows, "comments": [comment_data(c) for c in p.comments]}


def comment_data(c: Comment) -> dict[str, Any]:
    """A 审核意见 as written: who resolved it and when only once it is resolved."""
    done = c.resolved or None
    return {"author": c.author, "date": c.date, "target": c.target, "text": c.text, "resolved": c.resolved,
            "resolved_by": done and c.resolved_by, "resolved_date": done and c.resolved_date}


def indicator_data(i: Indicator) -> dict[str, Any]:
    return {"level1": i.level1, "level2": i.level2, "name": i.name, "period": i.period, "annual": i.annual}


def unit_data(u: Unit) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    root = {"name": u.name, "projects": [p.id for p in u.projects]}
    control = {key: getattr(u.control, key) for key, _ in FUNDING}
    return root, {"control": control}


def workspace_data(ws: Workspace) -> dict[str, Any]:
    return {"title": ws.title, "department": ws.department, "year": ws.year, "units": [u.id for u in ws.units]}
