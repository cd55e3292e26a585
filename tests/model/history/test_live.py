"""Diagnostics kept up to date change by change equal a full validation (model/history/live.py)."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from model.history import WORKSPACE_KEY, EditSession, LiveDiagnostics, project_key
from model.ruleset import DEFAULT_RULES, RuleSet
from model.validate import validate_workspace
from model.workspace import Unit
from storage.workspace.store import Store
from tests.model.history.helpers import file_of, make_ws
from tests.paths import SAMPLE


def test_live_diagnostics_revalidate_the_files_they_are_told_of():
    ws = make_ws()
    live = LiveDiagnostics(ws, ws.codes, file_of)
    assert live.diagnostics() == validate_workspace(ws, file_of) == []
    u, p = ws.units[0], ws.units[0].projects[0]
    p.total = Decimal("12.00")
    assert live.diagnostics() == []  # not told yet
    live.revalidate([project_key("u01", "p01")])
    assert [d.rule for d in live.diagnostics()] == ["F1", "F3"]  # the project, and its unit's control figure
    assert [d.rule for d in live.project_diagnostics(u, p)] == ["F1"]
    assert live.diagnostics() == validate_workspace(ws, file_of)
    ws.units.append(Unit(id="u02", name=" 某单位"))
    live.revalidate([WORKSPACE_KEY])
    assert [d.message for d in live.unit_diagnostics(ws.units[1])] == ["单位名称「某单位」重复"]
    assert live.diagnostics() == validate_workspace(ws, file_of)
    ws.units.pop(0)
    live.revalidate([WORKSPACE_KEY])
    assert live.diagnostics() == validate_workspace(ws, file_of) == []


# the shipped rule set, and one as a rules.toml may give (rules off, raised, R9 on two projects)
RULE_SETS = [DEFAULT_RULES, RuleSet(levels={"P1": "off", "I4": "error", "R9": "error", "U1": "warning"},
                                    params={"R9": {"min_agree": Decimal(1)}})]


@pytest.mark.parametrize("rules", RULE_SETS)
def test_random_edits_keep_incremental_validation_equal_to_full_validation(rules):
    store = Store.open(SAMPLE)
    store.workspace.rules = rules
    s = EditSession(store.workspace, file_of)
    rng = random.Random(7)
    texts = ["", "1", "2.5", "abc", "-1", "4402.83", "0.001"]
    values = ["≥98%", "", "很好", "90%或以上", "≤5秒", "1-2天"]
    for step in range(400):
        ws = s.ws
        u = rng.choice(ws.units)
        if not u.projects:
            s.add_project(u)
            continue
        p = rng.choice(u.projects)
        r = rng.random()
        if r < 0.3:
            s.set_project_field(u, p, rng.choice(["total", "fiscal", "special", "other"]), rng.choice(texts),
                                typing=rng.random() < 0.5)
        elif r < 0.45 and p.indicators:
            s.set_indicator_field(u, p, rng.randrange(len(p.indicators)), rng.choice(["period", "annual", "name"]),
                                  rng.choice(values))
        elif r < 0.55:
            s.set_project_field(u, p, "name", rng.choice(["", "甲", "乙", p.name]))
        elif r < 0.6:
            s.add_indicator(u, p)
        elif r < 0.65 and p.indicators:
            s.delete_indicator(u, p, rng.randrange(len(p.indicators)))
        elif r < 0.7:
            s.duplicate_project(u, p)
        elif r < 0.73:
            s.delete_project(u, p)
        elif r < 0.76:
            s.set_unit_field(u, rng.choice(["name", "control.total"]), rng.choice(["", "1", "某单位"]))
        elif r < 0.78:
            s.add_unit()
        elif r < 0.9:
            s.undo()
        else:
            s.redo()
        if step % 20 == 0:
            full = validate_workspace(s.ws, file_of)
            assert s.diagnostics() == full, step
    while s.undo():
        pass
    assert not s.is_dirty()
    assert s.diagnostics() == validate_workspace(s.ws, file_of)
