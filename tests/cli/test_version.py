"""``jixiao --version``: the installed package's version, without loading the editor."""

import subprocess
import sys
from importlib.metadata import version

import pytest

from tests.paths import ROOT
from tui.cli import main


def test_version_is_the_installed_packages(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    assert capsys.readouterr().out == f"jixiao {version('jixiao')}\n"


def test_version_loads_no_textual():
    code = ("import sys\nfrom tui.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit as e:\n"
            "    assert e.code == 0\nprint(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                       check=True)
    assert r.stdout.splitlines() == [f"jixiao {version('jixiao')}", "[]"]
