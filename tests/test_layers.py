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


def modules(package: str) -> list[str]:
    """Every module of a top-level package, sub-packages included."""
    out = []
    for p in sorted((ROOT / package).rglob("*.py")):
        parts = p.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__main__":
            continue
        out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return out


@pytest.mark.parametrize("module", modules("model"))
def test_model_is_pure(module):
    mods = loaded(module)
    assert not mods & {"storage", "tui", "textual", "openpyxl", "tomlkit", "rich", "subprocess"}, module


@pytest.mark.parametrize("module", modules("storage"))
def test_storage_does_not_import_the_ui(module):
    assert not loaded(module) & {"tui", "textual"}, module


def test_check_command_does_not_load_textual_or_openpyxl():
    r = subprocess.run(
        [sys.executable, "-c", "import sys; from tui.cli import main; main(['check', 'samples/guangzhou-hrss-2025']);"
         "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'openpyxl'}), file=sys.stderr)"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert r.stderr.strip().endswith("[]")
