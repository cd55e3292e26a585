"""Key presses to enter a new project with five indicators, measured in a real terminal (tmux).

    uv run python -m benchmarks.entry_keys [--flow typed|completion|paste|all]

Each flow starts ``jixiao`` on a fresh copy of the sample workspace in a detached tmux session,
sends its keys one by one with ``tmux send-keys`` (every typed character counts as one key
press, a Chinese character too, as if the IME produced it in one stroke; a bracketed paste
counts as one), saves with ctrl+s, quits, and checks that the new project's file on disk
holds the project and its five indicators. It prints the key presses per flow.

Flows:
- ``typed``: the editor's own keys before bulk entry: type every category code, name and value.
- ``completion``: indicator names completed from what the workspace holds (ctrl+n, Enter to skip
  the category, a few characters of the name, Tab to take the suggestion with its category and
  values).
- ``paste``: the five rows pasted at once from a spreadsheet (tab-separated) into the table.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
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

Step = tuple[str, str]  # ("key", tmux key name) | ("text", characters) | ("paste", text)


def project_head() -> list[Step]:
    """From the tree (cursor on the workspace root): a new project, its amounts and goal, to the
    indicator table."""
    return [
        ("key", "Down"), ("key", "C-n"),  # the unit; a new project, focus on its name
        ("text", NAME), ("key", "Tab"),
        ("text", "100"), ("key", "Tab"),  # 总计
        ("text", "100"), ("key", "Tab"),  # 财政拨款
        ("key", "Tab"), ("key", "Tab"),  # 财政专户拨款, 其他资金: blank
        ("text", GOAL), ("key", "Tab"),  # 绩效目标 -> the indicator table
    ]


def flow_typed() -> list[Step]:
    steps = project_head()
    for code, name, value, _ in INDICATORS:
        steps += [("key", "C-n"), ("text", code), ("key", "Enter"),  # a level-2 code sets both levels
                  ("text", name), ("key", "Enter"), ("text", value), ("key", "Enter"),
                  ("key", "Enter")]  # 年度指标值 is prefilled with the period value
    return steps + [("key", "C-s")]


def flow_completion() -> list[Step]:
    steps = project_head()
    for _, _, _, typed in INDICATORS:
        steps += [("key", "C-n"), ("key", "Enter"),  # Enter on an empty category: skip to 三级指标
                  ("text", typed), ("key", "Tab")]  # take the suggestion: name, category, values
    return steps + [("key", "C-s")]


def flow_paste() -> list[Step]:
    rows = "".join(f"{code}\t{name}\t{value}\t{value}\n" for code, name, value, _ in INDICATORS)
    return project_head() + [("paste", rows), ("key", "C-s")]


FLOWS = {"typed": flow_typed, "completion": flow_completion, "paste": flow_paste}


def count(steps: list[Step]) -> int:
    return sum(len(v) if kind == "text" else 1 for kind, v in steps)


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def run(flow: str, delay: float = 0.15) -> tuple[int, list[tuple]]:
    steps = FLOWS[flow]()
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        shutil.copytree(SAMPLE, ws)
        session = f"jixiao-keys-{flow}"
        jixiao = shutil.which("jixiao") or str(Path(sys.executable).with_name("jixiao"))
        tmux("new-session", "-d", "-s", session, "-x", "140", "-y", "45",
             f"env JIXIAO_CONFIG_DIR={tmp}/cfg {jixiao} {ws}")
        try:
            time.sleep(2.5)
            for kind, value in steps:
                if kind == "key":
                    tmux("send-keys", "-t", session, value)
                elif kind == "text":
                    for ch in value:
                        tmux("send-keys", "-t", session, "-l", ch)
                        time.sleep(delay)
                else:  # a bracketed paste, as a terminal sends it
                    tmux("set-buffer", "-b", "jx", value)
                    tmux("paste-buffer", "-p", "-b", "jx", "-t", session)
                time.sleep(delay * 3)
            time.sleep(1.0)
            screen = tmux("capture-pane", "-p", "-t", session)
        finally:
            tmux("kill-session", "-t", session)
        path = ws / "u01" / "p20.toml"
        if not path.is_file():
            raise SystemExit(f"{flow}: the new project was not saved\n{screen}")
        data = tomllib.loads(path.read_text("utf-8"))
        got = [(i.get("level2", "")[:2], i.get("name"), i.get("period"), i.get("annual"))
               for i in data.get("indicators", [])]
        want = [(code, name, value, value) for code, name, value, _ in INDICATORS]
        if data.get("name") != NAME or got != want:
            raise SystemExit(f"{flow}: the saved project differs:\n{data}\n{screen}")
        return count(steps), got


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--flow", choices=[*FLOWS, "all"], default="all")
    args = ap.parse_args()
    for flow in FLOWS if args.flow == "all" else [args.flow]:
        n, _ = run(flow)
        print(f"{flow:<11} {n:>4} key presses (project, amounts, goal and five indicators; saved and checked on disk)")


if __name__ == "__main__":
    main()
