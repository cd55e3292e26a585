"""Dependencies point one way: tui -> storage -> model; model is pure."""

import json
import subprocess
import sys

import pytest

from tests.paths import ROOT

CODE = """
import json, sys
import {module}
print(json.dumps(sorted(m.split('.')[0] for m in sys.modules)))
"""


def loaded(module: str) -> set[str]:
    r = subprocess.run([sys.executable, "-c", CODE.format(module=module)], capture_output=True, text=True, cwd=ROOT, check=True)
    return set(json.loads(r.stdout))


@pytest.mark.parametrize("module", ["model", "model.workspace", "model.validate", "model.values", "model.codes", "model.packed"]
                         + [f"model.{p.stem}" for p in (ROOT / "model").glob("*.py") if p.stem != "__init__"])
def test_model_is_pure(module):
    mods = loaded(module)
    assert not mods & {"storage", "tui", "textual", "openpyxl", "tomlkit", "rich", "subprocess"}, module


@pytest.mark.parametrize("module", [f"storage.{p.stem}" for p in (ROOT / "storage").glob("*.py") if p.stem != "__init__"])
def test_storage_does_not_import_the_ui(module):
    assert not loaded(module) & {"tui", "textual"}, module


def test_check_command_does_not_load_textual_or_openpyxl():
    r = subprocess.run(
        [sys.executable, "-c", "import sys; from tui.cli import main; main(['check', 'samples/guangzhou-hrss-2025']);"
         "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'openpyxl'}), file=sys.stderr)"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert r.stderr.strip().endswith("[]")
