"""``jixiao export`` of 10,000 projects against a bare openpyxl write of the same rows.

    uv run python -m benchmarks.export [--units 100] [--projects 100] [--repeat 3] [--cli]

Target (issue 3): the styled export (title, header, borders, fonts, number formats, widths, row
heights, print setup) within 1.5x of openpyxl writing the same cell values with no style at
all (write-only mode, values appended row by row, saved to memory).

The bare write is given its rows ready-made — packed 绩效指标 text already formatted, sums
already computed — so the comparison charges the export with all of its own work. ``--cli`` also
times the whole command on a workspace written to disk (reading and checking included).
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import generate_workspace, write_workspace


def bare_write(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("Sheet1")
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.export")
    ap.add_argument("--units", type=int, default=100)
    ap.add_argument("--projects", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cli", action="store_true", help="also time `jixiao export` on a workspace on disk")
    args = ap.parse_args(argv)

    from storage.published.xlsx_detail import export_detail
    from storage.published.xlsx_export import export_table, table_rows

    t = time.perf_counter()
    ws = generate_workspace(args.units, args.projects)
    n_units, n_projects, n_ind = ws.counts()
    print(f"generated {n_units} units, {n_projects} projects, {n_ind} indicators in {time.perf_counter() - t:.1f} s")
    export_table(generate_workspace(1, 1))  # imports and first-use costs out of the way

    build_t, rows = best(lambda: [values for _, values in table_rows(ws)], args.repeat)
    bare_t, bare = best(lambda: bare_write(rows), args.repeat)
    export_t, data = best(lambda: export_table(ws), args.repeat)
    detail_t, detail = best(lambda: export_detail(ws), 1)
    print(f"rows ready-made (sums, packed text)       {build_t:7.3f} s   ({len(rows)} rows)")
    print(f"bare openpyxl write of those rows         {bare_t:7.3f} s   {len(bare) / 1e6:5.1f} MB")
    print(f"jixiao table export (from the workspace)  {export_t:7.3f} s   {len(data) / 1e6:5.1f} MB   "
          f"{export_t / bare_t:.2f}x bare   (target ≤ 1.5x)")
    print(f"jixiao detail export (申报表, one block per project) {detail_t:7.3f} s   {len(detail) / 1e6:5.1f} MB")

    if args.cli:
        with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
            root = Path(tmp) / "ws"
            write_workspace(root, args.units, args.projects)
            out = Path(tmp) / "out.xlsx"

            def run() -> None:
                r = subprocess.run([sys.executable, "-m", "tui.cli", "export", str(root), "-o", str(out)],
                                   capture_output=True)
                assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]

            cli_t, _ = best(run, args.repeat)
            print(f"jixiao export (whole command: read, check, write) {cli_t:7.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
