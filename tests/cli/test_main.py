"""The command line's entry points and argparse in Chinese."""

import subprocess
import sys

import pytest

from tests.paths import ROOT, SAMPLE
from tui.cli import main


def test_console_script_runs():
    r = subprocess.run([sys.executable, "-m", "tui.cli", "check", str(SAMPLE)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr


def test_usage_errors_are_in_chinese(capsys):
    with pytest.raises(SystemExit) as e:
        main(["import", "table.txt"])
    assert e.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == "jixiao import：错误：缺少参数：--into"
    with pytest.raises(SystemExit):
        main(["check", "--format", "xml"])
    assert capsys.readouterr().err.splitlines()[-1] == "jixiao check：错误：参数 --format：值 'xml' 无效（可选：'text', 'json'）"
