"""``jixiao hooks install``: the pre-commit hook checks what is staged; word diff by character."""

import os
import subprocess
import sys

import pytest

from storage.git import GitError
from storage.git.setup import WORD_REGEX, install_hooks
from tests.gitrepo import edit, git, git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tui.cli import main


@pytest.fixture
def ws(tmp_path, git_env):
    ws = sample_repo(tmp_path, "ws")
    assert main(["hooks", "install", "-w", str(ws)]) == 0
    return ws


def test_install_writes_hook_attributes_and_config(capsys, ws):
    out = capsys.readouterr().out
    assert "已安装提交前检查" in out
    hook = ws.parent / ".git" / "hooks" / "pre-commit"
    assert hook.stat().st_mode & 0o111
    assert "*.toml diff=jixiao" in (ws / ".gitattributes").read_text("utf-8").splitlines()
    # a copy made before init wrote a .gitignore gets one: exports and bundles stay out of git
    assert f"已写入 {ws / '.gitignore'}：导出的 .xlsx、U 盘的 .bundle 和临时文件不进入版本记录" in out
    assert {"*.bundle", "*.xlsx", "*.tmp", ".jixiao/"} <= set((ws / ".gitignore").read_text("utf-8").splitlines())
    regex = subprocess.run(["git", "config", "diff.jixiao.wordRegex"], cwd=ws, capture_output=True).stdout
    assert regex.strip() == WORD_REGEX
    assert main(["hooks", "install", "-w", str(ws)]) == 0  # again: replaces its own hook, one attributes line
    assert "已更新" in capsys.readouterr().out
    assert (ws / ".gitattributes").read_text("utf-8").count("*.toml diff=jixiao") == 1
    assert (ws / ".gitignore").read_text("utf-8").count("*.bundle") == 1


def test_hook_refuses_a_plain_git_commit_with_errors(ws):
    edit(ws / "u01" / "p02.toml", "total = 144.33", "total = 144.30")
    git(ws, "add", "-A")
    r = git(ws, "commit", "-m", "改错了的总计", check=False)
    assert r.returncode == 1
    assert "ws/u01/p02.toml: error F1 广州市人力资源和社会保障数据服务中心 › 市人社数据服务中心业务运行工作经费 › 总计 " \
           "总计 144.30 ≠ 财政拨款 144.33 + 财政专户拨款 0.00 + 其他资金 0.00 = 144.33，总计少 0.03 万元" in r.stderr
    assert "提交被拒绝" in r.stderr
    assert git(ws, "rev-list", "--count", "HEAD").stdout.strip() == "1"
    assert git(ws, "commit", "-q", "--no-verify", "-m", "坚持提交").returncode == 0


def test_hook_checks_the_staged_content_not_the_working_tree(ws):
    p = ws / "u01" / "p03.toml"
    edit(p, 'period = "', 'period = "≥', 1)
    git(ws, "add", "-A")
    edit(p, "total = ", "total = 9", 1)  # broken in the working tree only, not staged
    r = git(ws, "commit", "-m", "只提交暂存的正确内容", check=False)
    assert r.returncode == 0, r.stderr
    # now the reverse: the staged file is broken, the working tree is fine
    git(ws, "add", "-A")
    edit(p, "total = 9", "total = ", 1)
    r = git(ws, "commit", "-m", "暂存的是错的", check=False)
    assert r.returncode == 1 and "ws/u01/p03.toml: error F1" in r.stderr


def test_hook_ignores_commits_that_do_not_touch_the_workspace(ws):
    edit(ws / "u01" / "p02.toml", "total = 144.33", "total = 1.00")  # an error, but not staged
    (ws.parent / "README.txt").write_text("说明")
    git(ws.parent, "add", "README.txt")
    assert git(ws.parent, "commit", "-q", "-m", "说明文件").returncode == 0


def test_hook_runs_the_check_of_a_new_repository(tmp_path, git_env):
    assert main(["init", str(tmp_path / "w"), "--department", "甲单位"]) == 0
    p = tmp_path / "w" / "u01" / "unit.toml"
    edit(p, 'name = "甲单位"', 'name = ""')
    git(tmp_path / "w", "add", "-A")
    r = git(tmp_path / "w", "commit", "-m", "清空单位名称", check=False)
    assert r.returncode == 1 and "u01/unit.toml: error U1" in r.stderr


def test_foreign_hook_is_kept_unless_forced(tmp_path, git_env):
    ws = sample_repo(tmp_path)
    hook = ws / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nexit 0\n")
    with pytest.raises(GitError, match="已有别的 pre-commit 钩子"):
        install_hooks(ws)
    assert hook.read_text() == "#!/bin/sh\nexit 0\n"
    assert install_hooks(ws, force=True).replaced_hook


@pytest.mark.parametrize("locale", ["C", "C.UTF-8"])
def test_word_diff_compares_chinese_character_by_character(ws, locale, monkeypatch):
    monkeypatch.setenv("LC_ALL", locale)
    edit(ws / "u01" / "p01.toml", "保障中心日常办公需要。", "保障中心日常工作需要。")
    edit(ws / "u01" / "p01.toml", "total = 17.60", "total = 18.60")
    r = subprocess.run(["git", "diff", "--word-diff=porcelain", "--", "u01/p01.toml"], cwd=ws,
                       capture_output=True, check=True)
    lines = r.stdout.decode("utf-8").splitlines()
    assert "-17.60" in lines and "+18.60" in lines  # a number stays whole
    assert "-办公" in lines and "+工作" in lines  # only the changed characters, not the whole line
    assert " 保障中心日常" in lines


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="needs symbolic links")
def test_hook_refuses_a_plain_git_commit_of_a_symlink(ws, tmp_path):
    # `jixiao commit` refuses links itself; a plain `git commit` is stopped by the hook
    outside = tmp_path / "outside.toml"
    outside.write_text("name = \"外面的文件\"\n", "utf-8")
    (ws / "u01" / "p99.toml").symlink_to(outside)
    git(ws, "add", "u01/p99.toml")
    r = git(ws, "commit", "-m", "带链接", check=False)
    assert r.returncode == 1
    assert "ws/u01/p99.toml: error S3 - 符号链接不能提交" in r.stderr
    assert "提交被拒绝" in r.stderr
