"""model.comments: targets as people write them, and the three-way merge of a project's
comments that ``jixiao pull`` uses."""

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.comments import (
    Comment,
    Target,
    comment_problem,
    describe,
    merge_comments,
    new_comment,
    parse_target,
    resolved,
    target_for,
)
from model.history.session import EditSession
from model.workspace import Indicator, Project, Unit, Workspace

NOW = datetime(2026, 11, 30, 15, 4)


@pytest.mark.parametrize(("text", "target"), [
    ("项目", Target()),
    ("", Target()),
    ("总计", Target("total")),
    ("绩效目标", Target("goal")),
    ("指标「物品入库率」", Target("", "物品入库率")),
    ("指标「物品入库率」年度指标值", Target("annual", "物品入库率")),
    ("指标「新购置设备使用率（%）」三级指标", Target("name", "新购置设备使用率（%）")),
])
def test_targets_read_and_write_back_alike(text, target):
    assert parse_target(text) == target
    assert parse_target(target.text()) == target


@pytest.mark.parametrize("text", ["金额", "指标「」", "指标「物品入库率」年度值", "绩效指标"])
def test_a_target_naming_nothing_is_none(text):
    assert parse_target(text) is None


def test_command_line_targets_take_labels_or_keys():
    assert target_for("总计", None) == target_for("total", None) == Target("total")
    assert target_for("年度指标值", "物品入库率") == target_for("annual", "物品入库率") == Target("annual", "物品入库率")
    assert target_for(None, None) == Target()
    with pytest.raises(ValueError, match="项目的字段「金额」不存在"):
        target_for("金额", None)


@pytest.mark.parametrize(("entry", "why"), [
    ({"author": "王", "text": ""}, "缺少意见内容（text）"),
    ({"text": "请核实"}, "缺少审核人（author）"),
    ({"author": "王", "text": "x", "target": "金额"}, "target「金额」不是可以批注的位置"),
    ("王：请核实", "应为表"),
    ({"author": "王", "text": "x", "target": "总计"}, None),
])
def test_comment_problem_says_what_a_hand_edit_broke(entry, why):
    got = comment_problem(entry)
    assert got == why if why is None else got.startswith(why)


def test_describe_names_a_renamed_indicator():
    c = new_comment("王审核", Target("annual", "物品入库率"), "偏低", NOW)
    assert describe(c, [Indicator(name="物品入库率")]) == "指标「物品入库率」年度指标值｜王审核 2026-11-30 15:04：偏低"
    assert describe(c, [Indicator(name="入库率")], dated=False) == "指标「物品入库率」年度指标值（已改名或删除）｜王审核：偏低"
    done = resolved(c, "李", datetime(2026, 12, 1, 9, 0))
    assert describe(done).endswith("：偏低（已解决：李 2026-12-01 09:00）")
    assert c.resolved is False  # resolving makes a copy: undo keeps the original


def _c(text, date="2026-11-30 10:00", author="王", **kw):
    return Comment(author=author, date=date, text=text, **kw)


def test_merge_keeps_both_sides_new_comments_in_time_order_and_a_resolution():
    a = _c("请核实总计")
    base = [a]
    ours = [a, _c("指标偏低", "2026-12-02 09:00")]
    theirs = [a.model_copy(update={"resolved": True, "resolved_by": "李", "resolved_date": "2026-12-01 08:00"}),
              _c("已压减", "2026-12-01 08:00", "李")]
    merged = merge_comments(base, ours, theirs)
    assert [(c.text, c.resolved) for c in merged] == [("请核实总计", True), ("已压减", False), ("指标偏低", False)]
    assert merge_comments(base, theirs, ours) == merged  # the same whichever side is ours


comments = st.lists(st.builds(_c, st.sampled_from(["甲", "乙", "丙", "丁"]),
                              st.sampled_from(["2026-11-30 10:00", "2026-12-01 09:00"]),
                              resolved=st.booleans()), max_size=4, unique_by=lambda c: c.key())


@settings(max_examples=60, derandomize=True)
@given(comments, comments, comments)
def test_merge_loses_no_comment_added_and_does_not_depend_on_the_side(base, ours_new, theirs_new):
    keys = {c.key() for c in base}
    ours = base + [c for c in ours_new if c.key() not in keys]
    theirs = base + [c for c in theirs_new if c.key() not in keys]
    merged = merge_comments(base, ours, theirs)
    assert {c.key() for c in merged} == {c.key() for c in ours + theirs}
    assert len(merged) == len({c.key() for c in merged})
    assert [c.key() for c in merged] == [c.key() for c in merge_comments(base, theirs, ours)]


def test_adding_and_resolving_in_the_session_are_undone_step_by_step():
    p = Project(id="p01", name="购置经费", indicators=[Indicator(name="物品入库率")])
    ws = Workspace(units=[Unit(id="u01", name="单位", projects=[p])])
    s = EditSession(ws)
    c = new_comment("王", Target("annual", "物品入库率"), "偏低", NOW)
    change = s.add_comment(ws.units[0], p, c)
    assert change.where.indicator == 0 and change.where.field == "annual"
    assert s.is_dirty() and p.comments == [c]
    s.resolve_comment(ws.units[0], p, 0, resolved(c, "李", NOW))
    assert p.comments[0].resolved and p.comments[0].text == "偏低"
    s.undo()
    assert p.comments == [c] and not p.comments[0].resolved
    s.undo()
    assert p.comments == [] and not s.is_dirty()
