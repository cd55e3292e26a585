"""With no git anywhere on PATH, the real command line does everything git did (through dulwich):
init, commit, diff (working tree, and HEAD~1 HEAD), history, bundle and pull both ways. And
neither ``jixiao check`` nor the editor's start pays for importing dulwich."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gitrepo import edit, git
from tests.paths import ROOT, SAMPLE

AUTHOR = "李四 <lisi@example.cn>"


@pytest.fixture
def no_git_env(tmp_path) -> dict[str, str]:
    """An environment whose PATH holds no git (the Python is run by its full path), no git
    settings, no identity, no engine forced."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (tmp_path / "gitconfig").write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "JIXIAO_GIT"))}
    env.update(PATH=str(bin_dir), HOME=str(tmp_path), GIT_CONFIG_GLOBAL=str(tmp_path / "gitconfig"),
               GIT_CONFIG_NOSYSTEM="1", PYTHONPATH=str(ROOT))
    return env


def jixiao(env: dict[str, str], *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8")


def ok(r: subprocess.CompletedProcess[str]) -> str:
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout + r.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git reads back what was made without it")
def test_everything_works_without_git_on_path(tmp_path, no_git_env):
    env = no_git_env
    no_author = jixiao(env, "init", str(tmp_path / "new"), "--year", "2026")
    assert no_author.returncode == 2 and "git 还不知道提交人是谁" in no_author.stderr and "没有找到 git" not in no_author.stderr
    assert '命令加 --author "姓名 <邮箱>"' in no_author.stderr  # what works without git comes first
    ok(jixiao(env, "init", str(tmp_path / "new"), "--year", "2026", "--author", AUTHOR))
    office = tmp_path / "office"
    shutil.copytree(SAMPLE, office)
    assert "第一次提交" in ok(jixiao(env, "init", str(office), "--author", AUTHOR))

    p02 = office / "u01" / "p02.toml"
    edit(p02, "fiscal = 144.33", "fiscal = 150.00")
    edit(p02, "total = 144.33", "total = 150.00")
    edit(office / "u01" / "unit.toml", "4402.83", "4408.50", 2)
    assert "财政拨款：144.33 → 150.00（+5.67）" in ok(jixiao(env, "diff", "-w", str(office)))
    assert "已提交" in ok(jixiao(env, "commit", "-m", "业务运行经费增加到 150 万元", "-w", str(office)))
    out = ok(jixiao(env, "diff", "HEAD~1", "HEAD", "-w", str(office)))
    assert out.startswith("比较：HEAD~1 → HEAD\n") and "总计：144.33 → 150.00（+5.67）" in out
    history = subprocess.run(
        [sys.executable, "-c", ("import sys; from storage.git import history; from storage.git.command import engine; "
                                "print(engine().name, [c.subject for c in history(sys.argv[1], 'u01', 'p02')])"),
         str(office)],
        env=env, capture_output=True, text=True, encoding="utf-8", cwd=ROOT)
    assert history.returncode == 0, history.stderr
    assert history.stdout.strip() == "dulwich ['业务运行经费增加到 150 万元', '建立版本记录：项目支出绩效目标表（含转移支付项目）']"

    ok(jixiao(env, "bundle", "-o", str(tmp_path / "full.bundle"), "-w", str(office)))
    home = tmp_path / "home"
    assert "新建副本" in ok(jixiao(env, "pull", str(tmp_path / "full.bundle"), "--into", str(home)))
    assert (home / "u01" / "p02.toml").read_bytes() == p02.read_bytes()
    edit(home / "u01" / "p05.toml", "name = ", "# 家里看过\nname = ")
    ok(jixiao(env, "commit", "-m", "家里的修改", "--author", AUTHOR, "-w", str(home)))
    tag = git(office, "tag", "--list", "已发送-*").stdout.split()[0]
    ok(jixiao(env, "bundle", "--since", tag, "-o", str(tmp_path / "since.bundle"), "-w", str(home)))
    assert "已导入 1 个提交（快进" in ok(jixiao(env, "pull", str(tmp_path / "since.bundle"), "-w", str(office)))
    assert (office / "u01" / "p05.toml").read_text("utf-8").startswith("# 家里看过")
    # next year's workspace from this one, and the two compared
    next_year = tmp_path / "next"
    assert "已新建" in ok(jixiao(env, "init", str(next_year), "--from", str(office), "--author", AUTHOR))
    assert "没有变化" in ok(jixiao(env, "diff", "--against", str(office), "-w", str(next_year)))
    for ws in (office, home, next_year):  # ordinary git repositories
        assert git(ws, "fsck").returncode == 0 and git(ws, "status", "--porcelain").stdout == ""


LOADED = """
import sys
{code}
print("dulwich" in sys.modules, "merge3" in sys.modules, file=sys.stderr)
"""

EDITOR = """
import asyncio
from tui.app import JixiaoApp

async def start():
    app = JixiaoApp(root=sys.argv[1], poll_seconds=0, journal_seconds=0, recover=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()

asyncio.run(start())
"""


@pytest.mark.parametrize("code", [
    "from tui.cli import main; main(['check', sys.argv[1]])",
    EDITOR,
], ids=["check", "editor"])
def test_check_and_the_editor_start_do_not_import_dulwich(code, tmp_path):
    if shutil.which("git") is None:
        pytest.skip("without git the editor's tree marks use dulwich, in a worker")
    ws = tmp_path / "ws"
    shutil.copytree(SAMPLE, ws)
    git(ws, "init", "-q")
    r = subprocess.run([sys.executable, "-c", LOADED.format(code=code), str(ws)], capture_output=True, text=True,
                       cwd=ROOT, env={k: v for k, v in os.environ.items() if k != "JIXIAO_GIT"})
    assert r.stderr.strip().splitlines()[-1] == "False False", r.stderr
