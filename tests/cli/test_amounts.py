"""Amounts no budget has, in a project file or a unit's [control] (issue #12): check, export,
diff, commit and the pre-commit hook report them as F2 and refuse as for any error, never
with a traceback."""

import subprocess
import sys

import pytest

from tests.gitrepo import edit, git, git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tests.paths import ROOT
from tui.cli import main

PROJECT = "u01/p01.toml: error F2 广州市人力资源和社会保障数据服务中心 › 市人社数据服务中心购置经费 › 总计 总计："
CONTROL = "u01/unit.toml: error F2 广州市人力资源和社会保障数据服务中心 › 财政拨款控制数 财政拨款控制数："
RULE = "（应为不小于 0、最多两位小数的数字，单位万元）"
OVER = "超出上限（金额应小于 1,000,000,000,000 万元（10^12 万元））"
CASES = [
    ("1e308", "inf", f"金额 1E+308 {OVER}", "「inf」不是有限的数字"),
    ("99999999999999999999999999999", "true", f"金额 99999999999999999999999999999 {OVER}",
     "「true」是布尔值（真/假），不是数字"),
    ("nan", "-1e308", "「nan」不是有限的数字", f"金额 -1E+308 {OVER}"),
]


def spoil(ws, amount: str, control: str) -> None:
    edit(ws / "u01" / "p01.toml", "total = 17.60", f"total = {amount}")
    edit(ws / "u01" / "unit.toml", "fiscal = 4402.83", f"fiscal = {control}")


@pytest.mark.parametrize("amount, control, project_says, control_says", CASES)
def test_check_reports_f2_and_exits_1(sample_copy, capsys, amount, control, project_says, control_says):
    spoil(sample_copy, amount, control)
    assert main(["check", str(sample_copy)]) == 1
    out, err = capsys.readouterr()
    errors = [line for line in out.splitlines() if ": warning R" not in line]  # the sample's SAMPLE_REVIEW
    assert errors == [f"{PROJECT}{project_says}{RULE}", f"{CONTROL}{control_says}"]
    assert err.endswith("1 个单位，19 个项目，81 个指标；2 个错误，3 个警告\n")  # every project still read


@pytest.mark.parametrize("amount, control, project_says, control_says", CASES)
def test_export_refuses_with_the_errors(sample_copy, tmp_path, capsys, amount, control, project_says, control_says):
    spoil(sample_copy, amount, control)
    assert main(["export", str(sample_copy), "-o", str(tmp_path / "t.xlsx")]) == 1
    err = capsys.readouterr().err
    assert f"{CONTROL}{control_says}" in err and "工作区有 2 个错误，未导出" in err
    assert not (tmp_path / "t.xlsx").exists()


def test_the_pre_commit_hook_refuses_with_the_reason(tmp_path, git_env):
    ws = sample_repo(tmp_path)
    assert main(["hooks", "install", "-w", str(ws)]) == 0
    spoil(ws, "1e308", "inf")
    git(ws, "add", "-A")
    r = git(ws, "commit", "-m", "坏金额", check=False)
    assert r.returncode != 0
    assert "Traceback" not in r.stderr + r.stdout
    assert f"{CONTROL}「inf」不是有限的数字" in r.stderr + r.stdout


def test_commit_and_diff_report_normally(tmp_path, git_env, capsys):
    ws = sample_repo(tmp_path)
    spoil(ws, "1e308", "true")
    assert main(["commit", "-w", str(ws), "-m", "坏金额"]) == 1
    assert f"{CONTROL}「true」是布尔值（真/假），不是数字" in capsys.readouterr().err
    assert main(["diff", "-w", str(ws)]) == 0
    out = capsys.readouterr().out
    assert "市人社数据服务中心购置经费" in out and "1E+308" in out


def test_no_traceback_from_a_child_interpreter(sample_copy):
    spoil(sample_copy, "1e308", "inf")
    r = subprocess.run([sys.executable, "-m", "tui.cli", "check", str(sample_copy)], capture_output=True, text=True,
                       cwd=ROOT)
    assert r.returncode == 1 and "Traceback" not in r.stderr
