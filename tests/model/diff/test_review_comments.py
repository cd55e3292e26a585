"""The 修订对照表's 审核意见: which comments are shown and beside which row, with the sample's
real projects (built in code, so the rules are tested apart from git and files)."""

from decimal import Decimal

import pytest

from model.comments import Comment
from model.diff import diff_workspaces
from model.diff.review import review_rows
from model.diff.years import diff_years
from model.workspace import Indicator, Workspace
from storage.workspace.store import Store
from tests.paths import SAMPLE

pytestmark = pytest.mark.skipif(not SAMPLE.is_dir(), reason="the sample workspace is not there")


def _ws() -> Workspace:
    return Store.open(SAMPLE).workspace


def _note(target: str, text: str, resolved: bool = False) -> Comment:
    return Comment(author="王", date="2026-11-30 09:00", target=target, text=text, resolved=resolved,
                   resolved_by="李" if resolved else "", resolved_date="2026-11-30 10:00" if resolved else "")


def _project(ws: Workspace, pid: str):
    found = ws.find_project("u01", pid)
    assert found is not None
    return found[1]


def _comments(rows, pid):
    return [(r.content, r.comments) for r in rows if r.project_id == pid]


def test_a_comment_on_an_indicator_that_did_not_change_goes_on_the_projects_first_row():
    old = _ws()
    p = _project(old, "p01")
    name = p.indicators[0].name
    p.comments = [_note(f"指标「{name}」年度指标值", "偏低"), _note("项目", "整体偏高"), _note("总计", "旧意见", True)]
    new = old.model_copy(deep=True)
    q = _project(new, "p01")
    q.total = q.fiscal = (q.total or Decimal(0)) + 1
    q.indicators.append(Indicator(level1="2-效益指标", level2="22-社会效益", name="满意度", period="≥90%", annual="≥90%"))
    q.comments.append(_note("指标「满意度」", "新指标的依据？"))
    rows = review_rows(diff_workspaces(old, new), new, old)
    n = len(q.indicators)
    assert _comments(rows, "p01") == [
        ("总计", (f"指标「{name}」年度指标值｜王：偏低", "项目｜王：整体偏高")),
        ("财政拨款", ()),
        (f"指标{n}「满意度」（新增）", ("指标「满意度」｜王：新指标的依据？",)),
    ]


def test_a_renamed_indicator_keeps_its_comment_on_the_project_saying_so():
    old = _ws()
    _project(old, "p01").comments = [_note("指标「物品入库率」", "请核实")]
    new = old.model_copy(deep=True)
    _project(new, "p01").indicators[0].name = "入库率"
    rows = review_rows(diff_workspaces(old, new), new, old)
    assert _comments(rows, "p01")[0][1] == ("指标「物品入库率」（已改名或删除）｜王：请核实",)


def test_a_removed_project_shows_its_open_comments_and_the_empty_diff_no_table():
    old = _ws()
    _project(old, "p03").comments = [_note("项目", "建议取消"), _note("总计", "已答复", True)]
    assert review_rows(diff_workspaces(old, old.model_copy(deep=True)), old, old) == []  # no change: no table
    new = old.model_copy(deep=True)
    unit = new.find_unit("u01")
    unit.projects = [p for p in unit.projects if p.id != "p03"]
    rows = review_rows(diff_workspaces(old, new), new, old)
    assert _comments(rows, "p03") == [("删除项目", ("项目｜王：建议取消",))]


def test_a_years_comparison_shows_this_years_comments_though_it_compares_the_table_only():
    old = _ws()
    new = old.model_copy(deep=True)
    new.year = 2026
    q = _project(new, "p02")
    q.total = q.fiscal = Decimal("150.00")
    q.comments = [_note("财政拨款", "比上年增加，请说明"), _note("项目", "已核", True)]
    _project(new, "p05").comments = [_note("项目", "未改动也要看")]
    d = diff_years(old, new)
    assert all(not p.new.comments for u in d.units for p in u.projects if p.new)  # the diff leaves them out
    rows = review_rows(d, new, old)
    assert _comments(rows, "p02") == [("总计", ("项目｜王：已核（已解决：李 2026-11-30 10:00）",)),
                                      ("财政拨款", ("财政拨款｜王：比上年增加，请说明",))]
    assert _comments(rows, "p05") == [("审核意见（项目未修改）", ("项目｜王：未改动也要看",))]
    assert [r.project_id for r in rows if r.kind == "change"] == ["p02", "p02", "p05"]
    assert rows[-1].kind == "total"
