"""审核意见 in project files: saved in place (hand-written comments and layout kept), a bad one
an S1 with its file and line (never a traceback), a comment merge of three versions of a file."""

from __future__ import annotations

from datetime import datetime

from model.comments import Target, new_comment, resolved
from storage.git.merge_comments import merge_comment_file
from storage.workspace.decode import parse_project
from storage.workspace.store import StorageError, Store

NOW = datetime(2026, 11, 30, 15, 4)


def test_a_comment_is_appended_and_resolved_in_place_keeping_hand_written_lines(sample_copy):
    path = sample_copy / "u01" / "p01.toml"
    original = path.read_text("utf-8").replace('name = "物品验收率"', 'name = "物品验收率"  # 手写的注释')
    path.write_text(original, "utf-8")
    store = Store.open(sample_copy)
    u, p = store.workspace.find_project("u01", "p01")
    p.comments.append(new_comment("王审核", Target("total"), "请核实总计", NOW))
    store.save_project(u, p)
    added = ('\n[[comments]]\nauthor = "王审核"\ndate = "2026-11-30 15:04"\ntarget = "总计"\n'
             'text = "请核实总计"\nresolved = false\n')
    assert path.read_text("utf-8") == original + added
    store = Store.open(sample_copy)
    u, p = store.workspace.find_project("u01", "p01")
    p.comments[0] = resolved(p.comments[0], "李", datetime(2026, 12, 1, 9, 0))
    store.save_project(u, p)
    assert path.read_text("utf-8") == original + added.replace(
        "resolved = false\n", 'resolved = true\nresolved_by = "李"\nresolved_date = "2026-12-01 09:00"\n')
    assert Store.open(sample_copy).workspace.find_project("u01", "p01")[1].comments[0].resolved_by == "李"


def test_a_hand_written_toml_date_is_read_as_its_text(sample_copy):
    path = sample_copy / "u01" / "p02.toml"
    path.write_text(path.read_text("utf-8") + '\n[[comments]]\nauthor = "王"\ndate = 2026-11-30\ntext = "请核实"\n', "utf-8")
    store = Store.open(sample_copy)
    [c] = store.workspace.find_project("u01", "p02")[1].comments
    assert (c.date, c.target, c.resolved) == ("2026-11-30", "项目", False)
    before = path.read_text("utf-8")
    u, p = store.workspace.find_project("u01", "p02")
    p.total = p.total  # a save of the project: the date stays as written, the keys left out are filled in
    store.save_project(u, p)
    assert path.read_text("utf-8") == before.replace('text = "请核实"\n', 'target = "项目"\ntext = "请核实"\nresolved = false\n')


def test_a_bad_comment_is_an_s1_at_its_line_and_the_file_is_kept(sample_copy):
    path = sample_copy / "u01" / "p02.toml"
    text = path.read_text("utf-8")
    n = text.count("\n") + 2
    path.write_text(text + '\n[[comments]]\nauthor = "王"\ntarget = "金额"\ntext = "x"\n'
                    '\n[[comments]]\nauthor = "王"\ntext = "y"\nresolved = "是"\n', "utf-8")
    store = Store.open(sample_copy)
    [d] = [d for d in store.problems if d.file == "u01/p02.toml"]
    assert (d.rule, d.line) == ("S1", n)
    assert d.message.startswith("审核意见 1（[[comments]]）target「金额」不是可以批注的位置：应为「项目」")
    path.write_text(text + '\n[[comments]]\nauthor = "王"\ntext = "y"\nresolved = "是"\n', "utf-8")
    store = Store.open(sample_copy)
    [d] = [d for d in store.problems if d.file == "u01/p02.toml"]
    assert (d.rule, d.line) == ("S1", n)
    assert "comments[1].resolved" in d.message
    assert "u01/p02.toml" in store.broken  # read-only: a save never overwrites it
    try:
        parse_project(path.read_bytes(), "p02", "HEAD:u01/p02.toml")
    except StorageError as e:
        assert str(e).startswith(f"HEAD:u01/p02.toml:{n}：")
    else:
        raise AssertionError("parse_project accepted a bad comment")


BASE = 'name = "购置经费"\ntotal = 17.60\ngoal = "目标"\n'
A = '\n[[comments]]\nauthor = "王"\ndate = "2026-11-30 10:00"\ntarget = "项目"\ntext = "甲"\nresolved = false\n'
B = '\n[[comments]]\nauthor = "李"\ndate = "2026-11-30 11:00"\ntarget = "总计"\ntext = "乙"\nresolved = false\n'


def _naive_merge(three: list[str]) -> str | None:
    """A stand-in for git merge-file: the side that changed, None when both did."""
    base, ours, theirs = three
    if ours == base or ours == theirs:
        return theirs
    return ours if theirs == base else None


def test_comment_file_merge_takes_both_comments_and_the_other_sides_edit():
    theirs = BASE.replace("17.60", "18.00") + B
    merged = merge_comment_file([BASE, BASE + A, theirs], _naive_merge)
    assert merged == BASE.replace("17.60", "18.00") + A + B


def test_comment_file_merge_leaves_a_real_conflict_alone():
    assert merge_comment_file([BASE, BASE.replace("目标", "甲目标") + A, BASE.replace("目标", "乙目标") + B],
                              _naive_merge) is None
    assert merge_comment_file([BASE, BASE + A, BASE + A], _naive_merge) is None  # nothing to merge
    assert merge_comment_file([BASE, BASE + A, BASE + 'text = "no"\n[[comments]\n'], _naive_merge) is None
