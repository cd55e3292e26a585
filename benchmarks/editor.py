"""The editor's speed: start to first paint, and a keystroke in an amount to the updated problems.

    uv run python -m benchmarks.editor [--units 100] [--projects 100] [--repeat 5] [--sample-only]

Targets (issue 4):
- the sample paints within 1.5x the time of a bare Textual app (a Static, nothing else);
- the 10,000-project workspace paints within 3 s;
- a keystroke in an amount updates the problems panel within 50 ms at 10,000 projects.

First paint is timed from outside: a fresh interpreter is started (``python -c``) and the clock
stops when it prints that a screen refresh is done (headless, 140x45), so interpreter start,
imports, reading the workspace and building the widgets all count, for the bare app too. The
children may write and use Python's bytecode cache (``__pycache__``), as every start after the
first does on a user's machine; one warm-up start of each fills it first.
The app starts as ``jixiao WORKSPACE`` starts it (tui.cli.main): a small workspace is read and
validated by a child process into a snapshot while the app imports textual; the first paint
shows the workspace from that snapshot (tree, overview, problems: the target), then the app
loads the models and reads the workspace itself ("editor ready": keys typed meanwhile wait and
are then delivered in order). A large workspace is parsed by child processes while the screen
shows a loading line; "workspace painted" is the first refresh after the editor replaced it.
The keystroke is timed inside a headless Pilot session: from just before the key is pressed in
总计 until the screen refresh that follows the problems panel's update has been painted (a
callback from the panel's update, scheduled with ``call_after_refresh``); Pilot's own waiting
for idle after the key is not counted. The model's part (the edit, incremental validation, the
flattened diagnostics) is reported separately.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "guangzhou-hrss-2025"

_PAINT_BARE = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("jixiao")
    def on_mount(self):
        self.call_after_refresh(self.done)
    def done(self):
        print("PAINTED", flush=True)
        self.exit()

Bare().run(headless=True, size=(140, 45))
"""

# as ``jixiao WORKSPACE`` runs it (tui.cli.main.cmd_open): FIRST when the first screen is painted (the
# snapshot of a small workspace, the loading line of a large one), PAINTED when the editor is ready
_PAINT_APP = """
import sys
from pathlib import Path
from storage.workspace.snapshot import start_reading
root = Path(sys.argv[1])
child, prefetch = start_reading(root)
import gc
gc.disable()
from tui.app import JixiaoApp
snapshot = child.result() if child is not None else None

class Timed(JixiaoApp):
    def on_mount(self):  # Textual calls JixiaoApp.on_mount too (handlers of every class in the MRO)
        if self.session is None:
            self.call_after_refresh(print, "FIRST", flush=True)
    def start_editing(self):
        super().start_editing()
        self.call_after_refresh(self.done)
    def done(self):
        print("PAINTED", flush=True)
        self.exit()

app = Timed(root=root, snapshot=snapshot, poll_seconds=0, journal_seconds=0, recover=False)
app.prefetch = prefetch
app.run(headless=True, size=(140, 45))
"""

_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def time_to_paint(code: str, *args: str, first: list[float] | None = None) -> float:
    """Seconds until the child prints PAINTED; the time of FIRST (if printed) goes to ``first``."""
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ROOT, text=True, env=_ENV)
    for line in proc.stdout:
        if line.startswith("FIRST") and first is not None:
            first.append(time.perf_counter() - t)
        if line.startswith("PAINTED"):
            elapsed = time.perf_counter() - t
            break
    else:
        raise RuntimeError(proc.stderr.read()[-3000:])
    proc.wait(timeout=30)
    return elapsed


async def keystrokes(root: Path, n: int) -> tuple[list[float], list[float], int]:
    from textual.widgets import Input

    from storage.workspace.store import Store
    from tui.app import JixiaoApp
    from tui.widgets.problems import ProblemsPanel

    store = Store.open(root)
    u = store.workspace.units[len(store.workspace.units) // 2]
    p = u.projects[len(u.projects) // 2]
    app = JixiaoApp(store, poll_seconds=0, journal_seconds=0, recover=False)
    ui: list[float] = []
    model: list[float] = []
    async with app.run_test(size=(140, 45)) as pilot:
        app.goto_project(u.id, p.id)
        await pilot.pause()
        app.query_one("#p-total", Input).focus()
        await pilot.pause()
        panel = app.query_one(ProblemsPanel)
        painted: list[float] = []
        original = panel.set_diagnostics

        def timed_set(diags):
            original(diags)
            app.call_after_refresh(lambda: painted.append(time.perf_counter()))

        panel.set_diagnostics = timed_set
        for i in range(n):
            key = "9" if i % 2 == 0 else "backspace"
            painted.clear()
            t = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            assert painted, "problems panel was not updated"
            ui.append(painted[0] - t)
        n_diags = len(panel.diagnostics)
    # the model's share: edit + incremental validation + flattened list
    from model.history import EditSession

    session = EditSession(store.workspace)
    for i in range(n):
        t = time.perf_counter()
        session.set_project_field(u, p, "total", "9" if i % 2 == 0 else "1", typing=True)
        session.diagnostics()
        model.append(time.perf_counter() - t)
    return ui, model, n_diags


async def bare_keystrokes(n: int) -> list[float]:
    """The same measure for a bare Textual app holding one Input: the floor."""
    from textual.app import App
    from textual.widgets import Input

    class Bare(App):
        def compose(self):
            yield Input(id="x")

    app = Bare()
    out: list[float] = []
    async with app.run_test(size=(140, 45)) as pilot:
        app.query_one(Input).focus()
        await pilot.pause()
        painted: list[float] = []
        app.query_one(Input).watch_value = lambda v: app.call_after_refresh(lambda: painted.append(time.perf_counter()))
        for i in range(n):
            painted.clear()
            t = time.perf_counter()
            await pilot.press("9" if i % 2 == 0 else "backspace")
            await pilot.pause()
            out.append(painted[0] - t)
    return out


def ms(xs: list[float]) -> str:
    return f"median {statistics.median(xs) * 1000:.1f} ms, max {max(xs) * 1000:.1f} ms"


def sample_paint(repeat: int) -> None:
    """First paint of the sample against a bare Textual app (warm-up first)."""
    for code, arg in ((_PAINT_BARE, ()), (_PAINT_APP, (str(SAMPLE),))):
        time_to_paint(code, *arg)  # warm-up: fills the bytecode cache
    bare: list[float] = []
    first: list[float] = []
    ready: list[float] = []
    for _ in range(repeat):  # interleaved, so a slow moment of the machine hits both
        bare.append(time_to_paint(_PAINT_BARE))
        ready.append(time_to_paint(_PAINT_APP, str(SAMPLE), first=first))
    b, f = statistics.median(bare), statistics.median(first)
    print(f"first paint, bare Textual app:      {ms(bare)}")
    print(f"first paint, sample (19 projects, from the snapshot):  {ms(first)}  = {f / b:.2f}x bare"
          f" (target <= 1.5x)  {'OK' if f <= 1.5 * b else 'MISSED'}")
    print(f"  editor ready, sample:  {ms(ready)}  = {statistics.median(ready) / b:.2f}x bare")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.editor")
    ap.add_argument("--units", type=int, default=100)
    ap.add_argument("--projects", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--keys", type=int, default=40)
    ap.add_argument("--sample-only", action="store_true", help="only the sample's first paint")
    args = ap.parse_args(argv)
    sample_paint(args.repeat)
    if args.sample_only:
        return 0
    from benchmarks.generate import write_workspace

    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        big = Path(tmp) / "ws"
        t = time.perf_counter()
        store = write_workspace(big, args.units, args.projects)
        n_units, n_projects, n_ind = store.workspace.counts()
        print(f"generated {n_units} units, {n_projects} projects, {n_ind} indicators in {time.perf_counter() - t:.1f} s")
        time_to_paint(_PAINT_APP, str(big))  # warm-up
        large_first: list[float] = []
        large = [time_to_paint(_PAINT_APP, str(big), first=large_first) for _ in range(args.repeat)]
        g = statistics.median(large)
        print(f"workspace painted, {n_projects} projects:      {ms(large)}  (target <= 3 s)  {'OK' if g <= 3 else 'MISSED'}")
        if large_first:
            print(f"  loading line painted, {n_projects} projects:  {ms(large_first)}")

        ui, model, n_diags = asyncio.run(keystrokes(big, args.keys))
        k = statistics.median(ui)
        print(f"keystroke in 总计 -> problems panel updated ({n_projects} projects, {n_diags} diagnostics): {ms(ui)}"
              f"  (target <= 50 ms)  {'OK' if k <= 0.05 else 'MISSED'}")
        print(f"  of which edit + incremental validation + diagnostics list: {ms(model)}")
        ui_s, model_s, _ = asyncio.run(keystrokes(SAMPLE, args.keys))
        print(f"keystroke in 总计 on the sample: {ms(ui_s)}; model part {ms(model_s)}")
        print(f"keystroke in a bare Textual app's Input (floor): {ms(asyncio.run(bare_keystrokes(args.keys)))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
