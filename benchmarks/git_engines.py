"""The two git engines on a large workspace (100 units × 100 projects = 10,000 files): the
status the editor polls every 2 s, a diff against HEAD, a commit of one change, and the first
commit of everything.

``uv run python -m benchmarks.git_engines [--units N --projects M]`` prints seconds per engine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.generate import write_workspace


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(engine: str, template: Path, work: Path) -> dict[str, float]:
    from storage import git as sgit

    os.environ["JIXIAO_GIT"] = engine
    ws = work / engine
    shutil.copytree(template, ws)
    out = {"adopt (first commit)": _timed(lambda: sgit.adopt_workspace(ws, author=("测试", "t@example.cn")))}
    repo = sgit.repo_for(ws)
    sgit.status(repo)  # a second later the index is no longer racily clean
    time.sleep(1.1)
    out["status, nothing changed"] = _timed(lambda: sgit.status(repo))
    p = sorted(ws.glob("u*/p*.toml"))[0]
    p.write_text(p.read_text("utf-8") + "# 看过\n", "utf-8")
    out["status, one file changed"] = _timed(lambda: sgit.status(repo))
    out["changed_files vs HEAD"] = _timed(lambda: sgit.changed_files(ws))
    out["commit one change"] = _timed(lambda: sgit.commit(ws, "一处修改"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--projects", type=int, default=100)
    args = parser.parse_args(argv)
    engines = ["dulwich"] + (["git"] if shutil.which("git") else [])
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        template = Path(tmp) / "template"
        write_workspace(template, args.units, args.projects)
        for name in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM"):
            os.environ[name] = os.devnull if name == "GIT_CONFIG_GLOBAL" else "1"
        results = {engine: run(engine, template, Path(tmp)) for engine in engines}
        if "git" in results:
            subprocess.run(["git", "fsck", "--no-progress"], cwd=Path(tmp) / "dulwich", check=True)
    print(f"{args.units * args.projects} project files")
    for step in results["dulwich"]:
        print(f"  {step:28}" + "".join(f"  {e} {results[e][step]:6.2f} s" for e in engines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
