"""Key presses to enter a new project with five indicators from a paper form, at 120×30.

    uv run python -m benchmarks.entry_keys [--flow typed|completion|paste|all] [--size 120x30]

Each flow opens the editor (Textual's Pilot, the real app and its real key bindings) on a fresh
copy of the sample workspace at the size clerks have, presses its keys one at a time as a
person would, saves with ctrl+s, and then checks what it got: the new project in the editor's
model *and* in its file on disk — name, amounts, goal, and the five indicators with their
categories and both values — so a flow that mistyped or lost a key fails instead of counting.

Two figures per flow, apart:
- **command keys**: the keys that are not text — Tab, Enter, ↓, ctrl+n, ctrl+s, a paste;
- **typed characters**: the text itself (a Chinese character counts one, as if the IME gave it
  in one stroke).

While a cell is being edited, after every key it also checks that the edit bar's input is on
screen, clear of the problems panel (the issue's first complaint: five indicators entered
blind); a flow where it was hidden fails.

Flows:
- ``typed``: every category code, name and value typed (ctrl+n, ``11`` Enter sets both levels,
  the name Enter, the period value Enter, Enter takes the prefilled annual value).
- ``completion``: names completed from what the workspace holds (ctrl+n, Enter to skip the
  category, a few characters of the name, Tab to take the suggestion with its category and values).
- ``paste``: the five rows pasted at once from a spreadsheet (tab-separated) into the table.

The issue's figure before this work: 37 command keys, with the cell editor invisible at 120×30.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
import tomllib
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "guangzhou-hrss-2025"

NAME = "广州市人社数据中心2026年系统运维项目"
GOAL = "保障系统稳定运行。"
# (level-2 code, name, value, the few characters typed for completion)
INDICATORS = [
    ("11", "巡检完成率（%）", "90%或以上", "巡检完"),
    ("11", "故障响应率（%）", "90%或以上", "故障响"),
    ("12", "业务系统故障处理成功率（%）", "90%或以上", "业务系"),
    ("22", "全年信息系统可用率", "99%或以上", "信息系"),
    ("22", "系统用户数（个）", "≥1000", "用户数"),
]
# the categories the sample's code table gives for each code
LEVELS = {"11": ("1-产出指标", "11-数量指标"), "12": ("1-产出指标", "12-质量指标"),
          "22": ("2-效益指标", "22-社会效益")}

Step = tuple[str, str]  # ("key", a Textual key name) | ("text", characters) | ("paste", text)


def project_head() -> list[Step]:
    """From the tree as it opens (cursor on the workspace's node): ctrl+n adds a project to the
    first unit with the cursor in its name; then the amounts and the goal, Tab to the table."""
    return [
        ("key", "ctrl+n"),
        ("text", NAME), ("key", "tab"),
        ("text", "100"), ("key", "tab"),  # 总计
        ("text", "100"), ("key", "tab"),  # 财政拨款
        ("key", "tab"), ("key", "tab"),  # 财政专户拨款, 其他资金: blank
        ("text", GOAL), ("key", "tab"),  # 绩效目标 -> the indicator table
    ]


def flow_typed() -> list[Step]:
    steps = project_head()
    for code, name, value, _ in INDICATORS:
        steps += [("key", "ctrl+n"), ("text", code), ("key", "enter"),  # a level-2 code sets both levels
                  ("text", name), ("key", "enter"), ("text", value), ("key", "enter"),
                  ("key", "enter")]  # 年度指标值 is prefilled with the period value
    return steps + [("key", "ctrl+s")]


def flow_completion() -> list[Step]:
    steps = project_head()
    for _, _, _, typed in INDICATORS:
        steps += [("key", "ctrl+n"), ("key", "enter"),  # Enter on an empty category: on to 三级指标
                  ("text", typed), ("key", "tab")]  # take the suggestion: name, category, values
    return steps + [("key", "ctrl+s")]


def flow_paste() -> list[Step]:
    rows = "".join(f"{code}\t{name}\t{value}\t{value}\n" for code, name, value, _ in INDICATORS)
    return project_head() + [("paste", rows), ("key", "ctrl+s")]


FLOWS = {"typed": flow_typed, "completion": flow_completion, "paste": flow_paste}


def count(steps: list[Step]) -> tuple[int, int]:
    """(command keys, typed characters)."""
    commands = sum(1 for kind, _ in steps if kind != "text")
    return commands, sum(len(v) for kind, v in steps if kind == "text")


def expected() -> list[tuple[str, str, str, str, str]]:
    return [(*LEVELS[code], name, value, value) for code, name, value, _ in INDICATORS]


def check_model(project) -> None:
    got = [(i.level1, i.level2, i.name, i.period, i.annual) for i in project.indicators]
    facts = (project.name, project.total, project.fiscal, project.goal)
    if facts != (NAME, Decimal("100"), Decimal("100"), GOAL) or got != expected():
        raise SystemExit(f"the editor's model differs:\n{facts}\n{got}")


def check_file(path: Path) -> None:
    data = tomllib.loads(path.read_text("utf-8"))
    got = [(i.get("level1"), i.get("level2"), i.get("name"), i.get("period"), i.get("annual"))
           for i in data.get("indicators", [])]
    if data.get("name") != NAME or got != expected():
        raise SystemExit(f"the saved file differs:\n{data}")


async def type_character(app, pilot, ch: str) -> None:
    """One character as a terminal delivers it: a key event carrying the character (Pilot's
    ``press`` loses the character of keys such as （ ） ≥ 。, whose names it cannot look up)."""
    from textual import events
    from textual.keys import _character_to_key

    event = events.Key(ch if ch.isalnum() else _character_to_key(ch), ch)
    event.set_sender(app)
    app._driver.send_message(event)
    await pilot.pause()


async def run(flow: str, size: tuple[int, int] = (120, 30)) -> tuple[int, int]:
    """Play ``flow`` in the editor; returns (command keys, typed characters) once its result is checked."""
    from textual import events

    from storage.workspace.store import Store
    from tui.app import JixiaoApp
    from tui.widgets.indicators import EditBar
    from tui.widgets.problems import ProblemsPanel

    steps = FLOWS[flow]()
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        shutil.copytree(SAMPLE, ws)
        before = {p.name for p in (ws / "u01").glob("p*.toml")}
        app = JixiaoApp(Store.open(ws), poll_seconds=0, journal_seconds=0, recover=False)
        hidden = []
        async with app.run_test(size=size) as pilot:
            await pilot.pause()

            async def look(what: str) -> None:
                await pilot.pause()
                bar = app.query_one(EditBar)
                if bar.display:
                    inp, panel = bar.query_one("#edit-input"), app.query_one(ProblemsPanel)
                    if not (app.screen.region.contains_region(inp.region) and inp.region.height
                            and not inp.region.overlaps(panel.region)):
                        hidden.append(what)

            for kind, value in steps:
                if kind == "key":
                    await pilot.press(value)
                    await look(value)
                elif kind == "text":
                    for ch in value:
                        await type_character(app, pilot, ch)
                        await look(ch)
                else:  # a bracketed paste, as the terminal delivers it, to what has the focus
                    app.screen.focused.post_message(events.Paste(value))
                    await look("paste")
            await pilot.pause()
            uid, pid = app.current.unit_id, app.current.project_id
            found = app.session.project(uid, pid)
            if found is None:
                raise SystemExit(f"{flow}: no project on screen at the end")
            check_model(found[1])
            if app.session.is_dirty():
                raise SystemExit(f"{flow}: ctrl+s left unsaved edits")
        if hidden:
            raise SystemExit(f"{flow}: the cell editor was off screen after {len(hidden)} keys: {hidden[:10]}")
        new = sorted({p.name for p in (ws / uid).glob("p*.toml")} - before)
        if new != [f"{pid}.toml"]:
            raise SystemExit(f"{flow}: expected one new project file, got {new}")
        check_file(ws / uid / f"{pid}.toml")
    return count(steps)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--flow", choices=[*FLOWS, "all"], default="all")
    ap.add_argument("--size", default="120x30", help="terminal columns x rows (default 120x30)")
    args = ap.parse_args()
    size = tuple(int(n) for n in args.size.lower().split("x"))
    print(f"a new project with five indicators at {size[0]}×{size[1]} (the issue: 37 command keys, editor invisible)")
    for flow in FLOWS if args.flow == "all" else [args.flow]:
        commands, typed = asyncio.run(run(flow, size))
        print(f"{flow:<11} {commands:>3} command keys + {typed:>3} typed characters = {commands + typed:>3} key presses"
              "  (model and saved file checked; editor on screen at every key)")


if __name__ == "__main__":
    main()
