"""`python -m tui` is the `jixiao` command where the console script is missing (the offline
installer's launchers run it): same output, same exit codes."""

import subprocess
import sys

from tests.paths import ROOT, SAMPLE


def test_python_m_tui_is_the_jixiao_command(tmp_path):
    r = subprocess.run([sys.executable, "-P", "-m", "tui", "check", str(SAMPLE)], capture_output=True, text=True,
                       cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stderr.strip() == f"{SAMPLE}: 1 个单位，19 个项目，81 个指标；0 个错误，3 个警告"  # R6, R1, R7 (README: 检查规则)
    missing = subprocess.run([sys.executable, "-m", "tui", "check", str(tmp_path / "没有")], capture_output=True,
                             text=True, cwd=ROOT)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    usage = subprocess.run([sys.executable, "-m", "tui", "--help"], capture_output=True, text=True, cwd=tmp_path)
    assert usage.returncode == 0 and usage.stdout.startswith("用法：jixiao")
