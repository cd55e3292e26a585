"""The import contracts in pyproject.toml ([tool.importlinter]) hold, imports inside functions
included: the layers, a pure model, a command line without Textual, and no cycles."""

import re
import subprocess
import sys

import pytest

from tests.paths import ROOT

CONTRACTS = ["layers", "model-pure", "storage-no-ui", "cli-no-textual", "acyclic-model", "acyclic-storage",
             "acyclic-tui"]


@pytest.fixture(scope="module")
def report() -> str:
    lint = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command as c; "
            "sys.exit(c())", "--no-cache"]
    return subprocess.run(lint, capture_output=True, text=True, cwd=ROOT, encoding="utf-8").stdout


@pytest.mark.parametrize("contract", CONTRACTS)
def test_contract_is_kept(report, contract):
    names = dict(re.findall(r'^id = "(.+)"\nname = "(.+)"$', (ROOT / "pyproject.toml").read_text("utf-8"), re.M))
    status = re.search(rf"^{re.escape(names[contract])}\s*(KEPT|BROKEN)", report, re.M)
    assert status is not None, report
    assert status.group(1) == "KEPT", report[report.find("Broken contracts"):]


def test_every_contract_is_checked():
    ids = re.findall(r'^id = "(.+)"$', (ROOT / "pyproject.toml").read_text("utf-8"), re.M)
    assert sorted(ids) == sorted(CONTRACTS)
