"""Merging: different projects never conflict; a conflict in one project file becomes two
project versions and the fields that differ, to choose from."""

from decimal import Decimal

import pytest

from storage import git as sgit
from storage.git.conflicts import read_conflict, resolve_conflict, split_markers
from storage.workspace.store import StorageError, Store
from tests.gitrepo import edit, git, git_env, sample_repo  # noqa: F401  (git_env is a fixture)


@pytest.fixture
def ws(tmp_path, git_env):
    return sample_repo(tmp_path)


def test_two_people_editing_different_projects_merge_cleanly(ws):
    git(ws, "branch", "colleague")
    edit(ws / "u01" / "p02.toml", "goal = \"\"\"\n通过项目实施：1.", "goal = \"\"\"\n通过本项目实施：1.")
    sgit.commit(ws, "我改 p02 的绩效目标")
    git(ws, "checkout", "-q", "colleague")
    edit(ws / "u01" / "p05.toml", 'annual = "100%"', 'annual = "98%"')
    sgit.commit(ws, "同事改 p05 的指标")
    git(ws, "checkout", "-q", "main")
    r = git(ws, "merge", "--no-edit", "colleague", check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    projects = Store.open(ws).workspace.units[0].projects
    assert projects[1].goal.startswith("通过本项目实施")
    assert projects[4].indicators[0].annual == "98%"
    assert [d for d in Store.open(ws).diagnostics() if d.severity == "error"] == []


@pytest.fixture
def conflicted(ws):
    """Both sides changed p02's amounts (and unit.toml stays alone); ours also edits the goal,
    theirs reorders and edits indicators."""
    git(ws, "branch", "colleague")
    p = ws / "u01" / "p02.toml"
    edit(p, "total = 144.33\nfiscal = 144.33", "# 我方调整\ntotal = 150.00\nfiscal = 140.00\nother = 10.00")
    edit(p, "保证中心基础工作有效运作。", "保证中心基础工作高效运作。")
    sgit.commit(ws, "我方", force=True)  # the unit total no longer matches the control figure
    git(ws, "checkout", "-q", "colleague")
    text = p.read_text("utf-8").replace("total = 144.33\nfiscal = 144.33", "total = 160.00\nfiscal = 160.00")
    text = text.replace('name = "服务工作报告"\nperiod = "1份"\nannual = "1份"', 'name = "服务工作报告"\nperiod = "1份"\nannual = "2份"')
    p.write_text(text, "utf-8")
    sgit.commit(ws, "对方", force=True)
    git(ws, "checkout", "-q", "main")
    r = git(ws, "merge", "--no-edit", "colleague", check=False)
    assert r.returncode == 1 and "CONFLICT (content): Merge conflict in u01/p02.toml" in r.stdout
    return ws


def test_conflict_gives_both_versions_and_the_differing_fields(conflicted):
    c = read_conflict(conflicted, "u01", "p02")
    assert (c.rel, c.unit_id, c.project_id) == ("u01/p02.toml", "u01", "p02")
    assert (c.ours.total, c.ours.fiscal, c.ours.other) == (Decimal("150.00"), Decimal("140.00"), Decimal("10.00"))
    assert (c.theirs.total, c.theirs.fiscal, c.theirs.other) == (Decimal("160.00"), Decimal("160.00"), None)
    assert c.base.total == Decimal("144.33")
    assert [f.field for f in c.fields] == ["total", "fiscal", "other", "goal", "indicators[2].annual"]
    # both changed the amounts: to choose; each changed one other thing: taken from that side
    assert [(f.field, f.old, f.new) for f in c.conflicts] == [
        ("total", Decimal("150.00"), Decimal("160.00")),
        ("fiscal", Decimal("140.00"), Decimal("160.00")),
        ("other", Decimal("10.00"), None)]
    assert c.auto == {"goal": "ours", "indicators[2].annual": "theirs"}
    assert sgit.conflicted_files(conflicted) == ["u01/p02.toml"]
    with pytest.raises(sgit.GitError, match="未解决的冲突"):
        sgit.commit(conflicted, "合并")


def test_choosing_fields_resolves_and_commits(conflicted):
    c = read_conflict(conflicted, "u01", "p02")
    chosen = c.combine({"total": "theirs", "fiscal": "theirs", "other": "theirs"})
    assert (chosen.total, chosen.fiscal, chosen.other) == (Decimal("160.00"), Decimal("160.00"), None)
    assert "高效运作" in chosen.goal  # only ours changed it
    assert chosen.indicators[1].annual == "2份"  # only theirs changed it
    assert c.combine({"indicators[2].annual": "ours"}).indicators[1].annual == "1份"
    resolve_conflict(conflicted, c, chosen)
    text = (conflicted / "u01" / "p02.toml").read_text("utf-8")
    assert "<<<<<<<" not in text and "# 我方调整" in text  # our comment survives
    assert sgit.conflicted_files(conflicted) == []
    edit(conflicted / "u01" / "unit.toml", "4402.83", "4418.50", 2)
    sgit.commit(conflicted, "合并同事的修改")
    assert git(conflicted, "log", "-1", "--format=%p").stdout.count(" ") == 1  # a merge commit
    assert Store.open(conflicted).workspace.units[0].projects[1].total == Decimal("160.00")


def test_conflict_from_markers_in_the_file(conflicted):
    # without the index stages (e.g. a file copied elsewhere), the markers are read
    text = (conflicted / "u01" / "p02.toml").read_text("utf-8")
    git(conflicted, "merge", "--abort")
    (conflicted / "u01" / "p02.toml").write_text(text, "utf-8")
    c = read_conflict(conflicted, "u01", "p02")
    assert (c.ours.fiscal, c.theirs.fiscal, c.base) == (Decimal("140.00"), Decimal("160.00"), None)
    # git already merged the parts only one side changed into both sides of the markers
    assert "高效运作" in c.ours.goal and c.theirs.indicators[1].annual == "2份"
    assert [f.field for f in c.conflicts] == ["total", "fiscal", "other"]


def test_split_markers_diff3_style_and_errors():
    text = "a = 1\n<<<<<<< HEAD\nb = 2\n||||||| base\nb = 0\n=======\nb = 3\n>>>>>>> other\nc = 4\n"
    assert split_markers(text) == ("a = 1\nb = 2\nc = 4\n", "a = 1\nb = 3\nc = 4\n", "a = 1\nb = 0\nc = 4\n")
    with pytest.raises(ValueError, match="没有冲突标记"):
        split_markers("a = 1\n")
    with pytest.raises(ValueError, match="不完整"):
        split_markers("<<<<<<< HEAD\nb = 2\n=======\n")


def test_combining_indicator_additions_removals_and_order():
    from model.codes import default_codes
    from model.diff import project_field_differences
    from model.workspace import Indicator, Project
    from storage.git.conflicts import ProjectConflict

    def ind(name, annual="1个"):
        return Indicator(level1="1-产出指标", level2="11-数量指标", name=name, period="1个", annual=annual)

    ours = Project(id="p01", name="甲", indicators=[ind("A"), ind("B"), ind("C")])
    theirs = Project(id="p01", name="甲", indicators=[ind("C", "2个"), ind("A"), ind("D", "5个")])
    fields = project_field_differences(ours, theirs, default_codes())
    assert [f.field for f in fields] == ["indicators[1].annual", "indicators+[3]", "indicators-[2]", "indicators.order"]
    c = ProjectConflict("u01/p01.toml", "u01", "p01", ours, theirs, fields=fields)
    assert [i.name for i in c.combine({}).indicators] == ["A", "B", "C"]
    every = c.combine({f.field: "theirs" for f in fields})
    assert [(i.name, i.annual) for i in every.indicators] == [("C", "2个"), ("A", "1个"), ("D", "5个")]
    assert [i.name for i in c.combine({"indicators+[3]": "theirs"}).indicators] == ["A", "B", "C", "D"]


def test_read_conflict_refuses_a_unit_file(ws):
    with pytest.raises(StorageError, match="不是项目文件"):
        read_conflict(ws, "u01", "unit")


def test_resolving_keeps_the_file_in_its_form_bom_and_crlf(ws):
    # a project file saved by Notepad on Windows: UTF-8 with BOM, CRLF line endings
    p = ws / "u01" / "p02.toml"
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes().replace(b"\n", b"\r\n"))
    sgit.commit(ws, "记事本另存", force=True)
    git(ws, "branch", "colleague")

    def amounts(value: bytes) -> None:
        p.write_bytes(p.read_bytes().replace(b"total = 144.33\r\nfiscal = 144.33",
                                             b"total = " + value + b"\r\nfiscal = " + value))

    amounts(b"150.00")
    sgit.commit(ws, "我方", force=True)
    git(ws, "checkout", "-q", "colleague")
    amounts(b"160.00")
    sgit.commit(ws, "对方", force=True)
    git(ws, "checkout", "-q", "main")
    assert git(ws, "merge", "--no-edit", "colleague", check=False).returncode == 1

    c = read_conflict(ws, "u01", "p02")
    resolve_conflict(ws, c, c.combine({"total": "theirs", "fiscal": "theirs"}))
    raw = p.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"<<<<<<<" not in raw
    assert raw.count(b"\r\n") == raw.count(b"\n")  # every line still ends CRLF
    assert b"total = 160.00\r\nfiscal = 160.00\r\n" in raw


def test_a_field_conflict_keeps_both_sides_comments(ws):
    """Both changed p02's total and theirs added a 审核意见: the amounts are the person's choice,
    the comments are not — whichever side's amounts are chosen, the comment stays."""
    from tests.gitrepo import conflicting_merge

    p = ws / "u01" / "p02.toml"
    comment = '\n[[comments]]\nauthor = "{0}"\ndate = "2026-11-30 1{1}:00"\ntext = "{0}的意见"\n'
    text = p.read_text("utf-8")
    p.write_text(text + comment.format("王", 0), "utf-8")
    sgit.commit(ws, "王的意见", force=True)

    def theirs(ws):
        p.write_text(p.read_text("utf-8") + comment.format("李", 1), "utf-8")

    conflicting_merge(ws, theirs)
    c = read_conflict(ws, "u01", "p02")
    for side in ("ours", "theirs"):
        chosen = c.combine({"total": side, "fiscal": side})
        assert [x.author for x in chosen.comments] == ["王", "李"]
