"""``jixiao import`` of 10,000 projects against merely writing the same files and syncing once.

    uv run python -m benchmarks.import_ [--units 100] [--projects 100] [--repeat 3] [--old]

Target (issue 11, item 8): writing the imported workspace (``write_new_workspace``: canonical
text, staging folder, one sync, rename into place) within 2x of the floor — the same bytes,
ready-made, written into a fresh folder and synced once (``os.sync``). The whole import (reading
the published table's text and building the workspace) is timed too. ``--old`` also times the
way it was before: every file written atomically with its own fsync.

Each run writes into a fresh folder, and the disk is synced before each, so no run pays for an
earlier one's writeback.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import generate_workspace


def published_text(ws) -> str:
    """The published table as the tab-separated text an import reads."""
    from storage.published.xlsx_export import table_rows

    def cell(v) -> str:
        return "" if v is None else str(v)

    return "".join("\t".join(cell(v) for v in values) + "\n" for _, values in table_rows(ws))


def floor(files: dict[str, bytes], target: Path) -> None:
    """The same bytes written plainly, then one sync."""
    from storage.new_folder import write_files

    write_files(target, files)
    if hasattr(os, "sync"):
        os.sync()


def old_way(ws, target: Path) -> None:
    """Before item 8: each file through ``atomic_write`` (its own fsync and folder fsync)."""
    from storage.workspace.store import Store

    target.mkdir(parents=True)
    store = Store(target, ws)
    store.save_workspace()
    for unit in ws.units:
        store.save_unit(unit)
        for project in unit.projects:
            store.save_project(unit, project)


def timed(runs: dict, folder: Path, repeat: int) -> dict[str, float]:
    """Best of ``repeat`` runs of each ``fn(fresh target)``, interleaved so that a slow moment of
    the machine does not fall on one of them only."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for i in range(repeat):
        for name, fn in runs.items():
            target = folder / f"{name}{i}"
            if hasattr(os, "sync"):
                os.sync()
            t = time.perf_counter()
            fn(target)
            times[name].append(time.perf_counter() - t)
            shutil.rmtree(target)
    return {name: min(ts) for name, ts in times.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.import_")
    ap.add_argument("--units", type=int, default=100)
    ap.add_argument("--projects", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--old", action="store_true", help="also time the per-file fsync way it was before")
    ap.add_argument("--dir", help="where to write (default: a temp folder; pick the disk you care about)")
    args = ap.parse_args(argv)

    from storage.published.text_import import import_text
    from storage.workspace.store import new_workspace_files, write_new_workspace

    with tempfile.TemporaryDirectory(prefix="jixiao-bench-", dir=args.dir) as tmp:
        folder = Path(tmp)
        source = folder / "表.txt"
        source.write_text(published_text(generate_workspace(args.units, args.projects)), "utf-8")
        ws = import_text(source).workspace
        n_units, n_projects, n_ind = ws.counts()
        files = new_workspace_files(ws)
        print(f"{n_units} units, {n_projects} projects, {n_ind} indicators: {len(files)} files, "
              f"{sum(map(len, files.values())) / 1e6:.1f} MB")

        runs = {"floor": lambda t: floor(files, t), "write": lambda t: write_new_workspace(ws, t),
                "whole": lambda t: write_new_workspace(import_text(source).workspace, t)}
        if args.old:
            runs["old"] = lambda t: old_way(ws, t)
        best = timed(runs, folder, args.repeat)
        floor_t, write_t, whole_t = best["floor"], best["write"], best["whole"]
        print(f"floor: write the same bytes, sync once      {floor_t:7.2f} s")
        print(f"write_new_workspace (render, stage, sync)   {write_t:7.2f} s   {write_t / floor_t:.2f}x floor"
              "   (target ≤ 2x)")
        print(f"whole import (read text, build, write)      {whole_t:7.2f} s   {whole_t / floor_t:.2f}x floor")
        if args.old:
            old_t = best["old"]
            print(f"before: atomic_write + fsync per file       {old_t:7.2f} s   {old_t / floor_t:.2f}x floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
