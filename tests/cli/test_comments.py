"""``jixiao comment add / list / resolve`` and 审核意见 in ``check``, ``diff``, ``bundle`` and
``pull``, through the command line as the clerk and the reviewer type it."""

from __future__ import annotations

import json
import tomllib

import pytest

from storage.workspace.store import Store
from tests.gitrepo import git, git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tui.cli import main


@pytest.fixture
def office(tmp_path, git_env):  # noqa: F811  (the fixture imported above)
    return sample_repo(tmp_path / "office")


def _comments(ws, pid="p01"):
    return tomllib.loads((ws / "u01" / f"{pid}.toml").read_text("utf-8")).get("comments", [])


def test_the_trail_survives_a_round_trip_between_two_copies(office, tmp_path, capsys):
    """Add at the office, commit, bundle, pull into a second copy, resolve there (and add a
    reply) while the office adds another comment on the same project, pull back: every
    comment is there once, the resolved one with who and when, and both copies agree."""
    stick = tmp_path / "usb"
    w = ["-w", str(office)]
    assert main(["comment", "add", *w, "-p", "购置经费", "--field", "总计", "--author", "市财政局王审核",
                 "-m", "总计比上年增长较多，请说明测算依据"]) == 0
    assert capsys.readouterr().out.startswith("已添加审核意见 u01/p01#1：项目「市人社数据服务中心购置经费」 › 总计｜市财政局王审核 ")
    assert main(["commit", *w, "-m", "财政局审核意见"]) == 0
    assert main(["bundle", *w, "-o", str(stick / "1.bundle")]) == 0
    home = tmp_path / "home"
    assert main(["pull", str(stick / "1.bundle"), "--into", str(home)]) == 0
    h = ["-w", str(home)]
    assert main(["comment", "resolve", *h, "u01/p01#1", "--author", "单位李会计"]) == 0
    assert main(["comment", "add", *h, "-p", "u01/p01", "--author", "单位李会计", "-m", "已按实际需求压减"]) == 0
    assert main(["commit", *h, "-m", "处理审核意见"]) == 0
    assert main(["bundle", *h, "-o", str(stick / "2.bundle")]) == 0
    # meanwhile the office comments on an indicator of the same project
    assert main(["comment", "add", *w, "-p", "u01/p01", "--indicator", "物品入库率", "--field", "年度指标值",
                 "--author", "市财政局王审核", "-m", "年度指标值偏低"]) == 0
    assert main(["commit", *w, "-m", "又一条意见"]) == 0
    capsys.readouterr()
    assert main(["pull", *w, str(stick / "2.bundle")]) == 0
    assert git(office, "status", "--porcelain").stdout == ""
    trail = _comments(office)
    assert [(c["author"], c["text"], c["resolved"]) for c in trail] == [
        ("市财政局王审核", "总计比上年增长较多，请说明测算依据", True),
        ("单位李会计", "已按实际需求压减", False),
        ("市财政局王审核", "年度指标值偏低", False),
    ] or [(c["author"], c["text"], c["resolved"]) for c in trail] == [
        ("市财政局王审核", "总计比上年增长较多，请说明测算依据", True),
        ("市财政局王审核", "年度指标值偏低", False),
        ("单位李会计", "已按实际需求压减", False),
    ]
    first = trail[0]
    assert first["target"] == "总计" and first["resolved_by"] == "单位李会计" and first["resolved_date"]
    # the office's merge goes back: the home copy fast-forwards to the same files
    assert main(["bundle", *w, "-o", str(stick / "3.bundle")]) == 0
    assert main(["pull", *h, str(stick / "3.bundle")]) == 0
    assert _comments(home) == trail
    # check lists the two open ones as their own kind, and still exits 0
    capsys.readouterr()
    assert main(["check", str(home), "--format", "json"]) == 0
    listed = [d for d in json.loads(capsys.readouterr().out) if d.get("kind") == "comment"]
    assert [(d["ref"], d["text"], d["line"] is not None) for d in listed] == [
        (f"u01/p01#{n}", trail[n - 1]["text"], True) for n in (2, 3)]


def test_check_lists_open_comments_apart_from_problems(sample_copy, capsys):
    assert main(["comment", "add", "-w", str(sample_copy), "-p", "u01/p03", "--field", "绩效目标",
                 "--author", "王审核", "-m", "目标太空泛"]) == 0
    capsys.readouterr()
    assert main(["check", str(sample_copy)]) == 0
    out, err = capsys.readouterr()
    line = next(x for x in out.splitlines() if "目标太空泛" in x)
    text = (sample_copy / "u01" / "p03.toml").read_text("utf-8").splitlines()
    n = text.index("[[comments]]") + 1
    assert line.startswith(f"u01/p03.toml:{n}: comment u01/p03#1 ")
    assert line.endswith("绩效目标｜王审核 " + _comments(sample_copy, "p03")[0]["date"] + "：目标太空泛")
    assert err.rstrip().endswith("0 个错误，3 个警告；1 条未解决的审核意见（不算问题）")  # the sample's R6, R1, R7
    assert main(["comment", "resolve", "-w", str(sample_copy), "u01/p03#1", "--author", "李"]) == 0
    capsys.readouterr()
    assert main(["check", str(sample_copy), "--format", "json"]) == 0
    assert all(d.get("kind") != "comment" for d in json.loads(capsys.readouterr().out))
    assert main(["comment", "list", "-w", str(sample_copy), "--all"]) == 0
    out = capsys.readouterr().out
    assert ": resolved u01/p03#1 " in out and "（已解决：李 " in out


def test_diff_shows_a_comment_added_and_one_resolved(office, capsys):
    w = ["-w", str(office)]
    assert main(["comment", "add", *w, "-p", "u01/p02", "--author", "王", "-m", "请补充依据"]) == 0
    assert main(["commit", *w, "-m", "意见"]) == 0
    assert main(["comment", "resolve", *w, "u01/p02#1", "--author", "李"]) == 0
    assert main(["comment", "add", *w, "-p", "u01/p02", "--author", "李", "-m", "已补充"]) == 0
    capsys.readouterr()
    assert main(["diff", *w]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(x.strip().startswith("~ 审核意见1（已解决）项目｜王 ") and x.endswith("：请补充依据（已解决：李 " + _comments(office, "p02")[0]["resolved_date"] + "）") for x in lines)
    assert any(x.strip().startswith("+ 审核意见2（新增）项目｜李 ") and x.endswith("：已补充") for x in lines)
    assert main(["diff", *w, "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    [p] = [p for u in d["units"] for p in u["projects"]]
    assert [(c["status"], c["kind"], c["comment"]["text"]) for c in p["comments"]] == [
        ("resolved", "comment", "请补充依据"), ("added", "comment", "已补充")]


@pytest.mark.parametrize(("args", "message"), [
    (["-p", "经费", "-m", "x"], "「经费」对应 5 个项目："),
    (["-p", "没有这个", "-m", "x"], "没有名称包含「没有这个」的项目"),
    (["-p", "u01/p01", "--field", "金额", "-m", "x"], "项目的字段「金额」不存在：可写 项目名称、绩效目标、总计"),
    (["-p", "u01/p01", "--indicator", "物品", "-m", "x"], "没有名为「物品」的指标：它的指标是 「物品入库率」"),
    (["-p", "u01/p01", "--indicator", "物品入库率", "--field", "年度", "-m", "x"], "指标的列「年度」不存在"),
    (["-p", "u01/p01", "-m", "  "], "意见内容为空"),
    (["-p", "u01/p01", "-m", "a\x1bb"], "意见内容第 2 个字符是控制字符 \\x1b"),
])
def test_add_refuses_what_it_cannot_place_and_writes_nothing(sample_copy, capsys, args, message):
    before = (sample_copy / "u01" / "p01.toml").read_bytes()
    assert main(["comment", "add", "-w", str(sample_copy), "--author", "王", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jixiao comment add: ") and message in err
    assert (sample_copy / "u01" / "p01.toml").read_bytes() == before


def test_resolve_refuses_a_reference_it_cannot_find(sample_copy, capsys):
    assert main(["comment", "resolve", "-w", str(sample_copy), "p01"]) == 2
    assert "应写成 u01/p03#2" in capsys.readouterr().err
    assert main(["comment", "resolve", "-w", str(sample_copy), "u01/p01#1", "--author", "李"]) == 1
    assert "没有第 1 条审核意见（共 0 条）" in capsys.readouterr().err
    assert Store.open(sample_copy).workspace.units[0].projects[0].comments == []
