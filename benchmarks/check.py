"""``jixiao check`` on a 10,000-project workspace against the floor of merely parsing its files.

    uv run python -m benchmarks.check [--units 100] [--projects 100] [--repeat 3]

Target (issue 2): check within 1.5x of reading + ``tomllib.loads`` of the same files.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from benchmarks.generate import write_workspace


def floor(root: Path) -> float:
    """Read every TOML file and parse it with tomllib: what any checker must at least do."""
    t = time.perf_counter()
    for dirpath, _, names in os.walk(root):
        for n in names:
            if n.endswith(".toml"):
                with open(os.path.join(dirpath, n), "rb") as f:
                    tomllib.loads(f.read().decode("utf-8"))
    return time.perf_counter() - t


def check_in_process(root: Path, jobs: int | None = 1) -> tuple[float, int]:
    from storage.workspace.store import Store

    t = time.perf_counter()
    diags = Store.open(root, jobs=jobs).diagnostics()
    return time.perf_counter() - t, len(diags)


def check_folder_time(root: Path, jobs: int | None) -> float:
    from storage.workspace.check import check_folder

    t = time.perf_counter()
    check_folder(root, jobs=jobs)
    return time.perf_counter() - t


def check_cli(root: Path) -> float:
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "tui.cli", "check", str(root)], capture_output=True)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.check")
    ap.add_argument("--units", type=int, default=100)
    ap.add_argument("--projects", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        root = Path(tmp) / "ws"
        t = time.perf_counter()
        store = write_workspace(root, args.units, args.projects)
        n_units, n_projects, n_ind = store.workspace.counts()
        print(f"generated {n_units} units, {n_projects} projects, {n_ind} indicators in {time.perf_counter() - t:.1f} s")
        floor_t = min(floor(root) for _ in range(args.repeat))
        runs = [check_in_process(root) for _ in range(args.repeat)]
        check_t = min(r[0] for r in runs)
        open_par_t = min(check_in_process(root, None)[0] for _ in range(args.repeat))
        par_t = min(check_folder_time(root, None) for _ in range(args.repeat))
        cli_t = min(check_cli(root) for _ in range(args.repeat))
        print(f"cores: {os.cpu_count()}")
        print(f"floor  (read + tomllib.loads, one process)   {floor_t:7.3f} s")
        print(f"Store.open + diagnostics (one process)       {check_t:7.3f} s   {check_t / floor_t:.2f}x floor   ({runs[0][1]} diagnostics)")
        print(f"Store.open (parsing in children) + diagnostics {open_par_t:5.3f} s   {open_par_t / floor_t:.2f}x floor")
        print(f"check_folder (units over worker processes)   {par_t:7.3f} s   {par_t / floor_t:.2f}x floor")
        print(f"jixiao check (whole command, with start-up)  {cli_t:7.3f} s   {cli_t / floor_t:.2f}x floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
