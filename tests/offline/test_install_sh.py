"""install.sh run as a user would, with the network cut (`unshare -n`): install into a fresh
folder, run the installed `jixiao check` on the bundled sample, re-run (repairs and upgrades in
place), uninstall; and its Chinese messages when Python is too old or the folder is not its own."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.offline.conftest import VERSION
from tests.paths import ROOT, SAMPLE, SAMPLE_REVIEW


def network_cut_available() -> str | None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "unshare -n 需要 root"
    if shutil.which("unshare") is None:
        return "没有 unshare"
    if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode != 0:
        return "unshare -n 在这里不能用"
    return None


def offline(cmd: list, **kw) -> subprocess.CompletedProcess:
    """A command in a new network namespace: only a loopback, and it is down."""
    return subprocess.run(["unshare", "-n", *cmd], capture_output=True, text=True, stdin=subprocess.DEVNULL, **kw)


def user_env(tmp_path: Path, **extra) -> dict:
    """The environment of a user's shell: none of the test run's venv or uv settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_", "PYTHON", "PIP_"))}
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and not p.startswith(str(ROOT))]
    env.update({"PATH": os.pathsep.join(path), "HOME": str(tmp_path / "home"), **extra})
    return env


def base_python() -> str:
    """The machine's Python >= 3.11 behind the test run's venv."""
    return getattr(sys, "_base_executable", None) or sys.executable


def installed_file(folder: Path, *parts: str) -> Path:
    return next((folder / "venv" / "lib").glob("python3.*")) / "site-packages" / Path(*parts)


def test_install_check_reinstall_uninstall_with_the_network_cut(bundle_dir, tmp_path):
    reason = network_cut_available()
    if reason:
        pytest.skip(reason)
    folder = tmp_path / "装在 这里"
    env = user_env(tmp_path, PYTHON=base_python())
    r = offline(["sh", str(bundle_dir / "install.sh"), str(folder)], env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"jixiao {VERSION} 已安装：{folder}" in r.stdout
    assert f'export PATH="{folder}/bin:$PATH"' in r.stdout
    launcher = folder / "bin" / "jixiao"
    assert "jixiao check" not in r.stderr and launcher.stat().st_mode & 0o111

    sample = bundle_dir / "samples" / SAMPLE.name
    checked = offline([str(launcher), "check", str(sample)], env=env, cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # the sample's three review warnings (README: 检查规则), no errors; the summary goes to stderr
    assert [line.split()[2] for line in checked.stdout.splitlines()] == SAMPLE_REVIEW
    assert checked.stderr.strip() == f"{sample}: 1 个单位，19 个项目，81 个指标；0 个错误，3 个警告"
    assert offline([str(launcher), "check", "--format", "json", str(sample)], env=env).returncode == 0

    # Re-running puts the bundle's files back in place (a rebuilt bundle keeps its version
    # number), reusing the venv: a damaged module is restored, a file beside the venv stays.
    module = installed_file(folder, "tui", "cli", "check.py")
    original = module.read_bytes()
    module.write_text("raise SystemExit('damaged')\n", encoding="utf-8")
    (folder / "venv" / "kept").write_text("", encoding="utf-8")
    again = offline(["sh", str(bundle_dir / "install.sh"), str(folder)], env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"jixiao {VERSION} 已更新（原为 {VERSION}）：{folder}" in again.stdout
    assert module.read_bytes() == original and (folder / "venv" / "kept").exists()
    assert offline([str(launcher), "check", str(sample)], env=env).returncode == 0

    gone = subprocess.run(["sh", str(bundle_dir / "install.sh"), "--uninstall", str(folder)], capture_output=True,
                          text=True, env=env)
    assert gone.returncode == 0, gone.stderr
    assert f"jixiao 已卸载：删除了 {folder}" in gone.stdout
    assert not folder.exists()


def test_a_folder_with_other_files_is_neither_used_nor_uninstalled(bundle_dir, tmp_path):
    folder = tmp_path / "文档"
    folder.mkdir()
    (folder / "工作.txt").write_text("别删", encoding="utf-8")
    env = user_env(tmp_path, PYTHON=base_python())
    r = subprocess.run(["sh", str(bundle_dir / "install.sh"), str(folder)], capture_output=True, text=True, env=env)
    assert r.returncode == 2
    assert f"文件夹 {folder} 里已有其他文件，不是 jixiao 的安装文件夹" in r.stderr
    r = subprocess.run(["sh", str(bundle_dir / "install.sh"), "--uninstall", str(folder)], capture_output=True,
                       text=True, env=env)
    assert r.returncode == 2
    assert r.stderr.strip() == f"{folder} 不是 jixiao 的安装文件夹（里面没有 jixiao-install.txt），没有删除任何文件。"
    assert sorted(p.name for p in folder.iterdir()) == ["工作.txt"]


def test_only_an_old_python_kylin_v10_style_gets_told_what_to_install(bundle_dir, tmp_path):
    """A PATH with just the tools the script uses and a python3 that is 3.8 (Kylin V10's)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("dirname", "sed"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    old = bin_dir / "python3"
    old.write_text("#!/bin/sh\necho 3.8\n", encoding="utf-8")
    old.chmod(0o755)
    env = user_env(tmp_path, PATH=str(bin_dir))
    r = subprocess.run([shutil.which("sh"), str(bundle_dir / "install.sh"), str(tmp_path / "jx")], capture_output=True,
                       text=True, env=env)
    assert r.returncode == 2
    lines = r.stderr.splitlines()
    assert lines[0] == "没有找到 Python 3.11 或更新版本（找到的 python3（3.8） 太旧）。"
    assert "麒麟 V10 自带的 3.8" in lines[1] and "PYTHON=/完整路径/python3.11 sh install.sh" in r.stderr
    assert not (tmp_path / "jx").exists()

    env["PYTHON"] = str(old)
    r = subprocess.run([shutil.which("sh"), str(bundle_dir / "install.sh")], capture_output=True, text=True, env=env)
    assert r.returncode == 2
    assert r.stderr.splitlines()[0] == (
        f"环境变量 PYTHON 指定的 {old} 不能用：版本是 {old}（3.8）：jixiao 需要 Python 3.11 或更新版本。")


def test_the_newest_covered_python_on_path_is_chosen(bundle_dir, tmp_path):
    """python3.13 absent, python3.12 there, python3 a 3.8: install.py is run with python3.12."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "dirname").symlink_to(shutil.which("dirname"))
    for name, version in (("python3.12", "3.12"), ("python3", "3.8")):
        fake = bin_dir / name
        fake.write_text('#!/bin/sh\nif [ "$1" = -c ]; then echo %s; else echo "%s $*"; fi\n' % (version, name),
                        encoding="utf-8")
        fake.chmod(0o755)
    env = user_env(tmp_path, PATH=str(bin_dir))
    r = subprocess.run([shutil.which("sh"), str(bundle_dir / "install.sh")], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "python3.12 %s %s\n" % (bundle_dir / "install.py", tmp_path / "home/.local/share/jixiao")
