"""``jixiao import`` killed at random points: the target is absent (or left as it was) or a
whole workspace, never a partial one; the next import cleans up what the killed one left."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.generate import generate_workspace
from benchmarks.import_ import published_text
from storage.new_folder import staging_folders
from tests.paths import ROOT
from tui.cli import main

UNITS, PROJECTS = 5, 60
WRITING = 0.002 * UNITS * PROJECTS  # seconds the child takes to write the files, at least
# The child runs the real command; it says when it starts writing files, and each file written
# sleeps a little, so that kills land in the writing, the syncing and the renaming.
CHILD = """
import sys, time, builtins
import storage.new_folder as nf
def slow_open(*a, **kw):
    if not nf.__dict__.get("said"):
        nf.said = True
        print("writing", flush=True)
    time.sleep(0.002)
    return builtins.open(*a, **kw)
nf.open = slow_open
from tui.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("src") / "表.txt"
    path.write_text(published_text(generate_workspace(UNITS, PROJECTS)), "utf-8")
    return path


def start(source: Path, target: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", CHILD, "import", str(source), "--into", str(target)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


def assert_whole_workspace(target: Path, capsys) -> None:
    capsys.readouterr()
    assert main(["check", str(target), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    diagnostics = report["diagnostics"] if isinstance(report, dict) else report
    assert not [d for d in diagnostics if d["rule"] == "S1"]
    assert sum(1 for _ in target.glob("u*/p*.toml")) == UNITS * PROJECTS


@pytest.mark.parametrize("existing, kills", [("missing", 4), ("only .git", 3)])
def test_a_killed_import_leaves_no_workspace_or_a_whole_one(tmp_path, source, capsys, existing, kills):
    rng = random.Random(11)
    outcomes = []
    for run in range(kills):
        target = tmp_path / f"ws{run}"
        if existing == "only .git":
            (target / ".git").mkdir(parents=True)
            (target / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
        child = start(source, target)
        assert child.stdout.readline() == b"writing\n"
        time.sleep(WRITING * (0.2 + 1.5 * run / (kills - 1)) * rng.uniform(0.9, 1.1))  # up to the end and past it
        child.kill()
        child.wait(timeout=60)
        child.stdout.close()
        names = sorted(p.name for p in target.iterdir()) if target.exists() else []
        if "jixiao.toml" in names:
            outcomes.append("whole")
            assert_whole_workspace(target, capsys)
        else:
            outcomes.append("staged" if staging_folders(target) else "none")
            assert names == ([] if existing == "missing" else [".git"])
            # the next import succeeds and removes the killed one's staging folder
            assert main(["import", str(source), "--into", str(target)]) == 0
            assert_whole_workspace(target, capsys)
            assert staging_folders(target) == []
        if existing == "only .git":
            assert (target / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert "staged" in outcomes  # at least one kill fell in the middle of writing
