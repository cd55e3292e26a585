"""install.py's decisions, for machines this one is not: which wheels suit which machine, the
Chinese message when none do (loongarch64, Python 3.14, 32-bit Windows, musl), the launchers."""

import ast
import subprocess

import pytest

from tests.offline.conftest import SCRIPTS, load_installer

install = load_installer()

# the wheel folder of a bundle, as build-offline makes it (pydantic-core compiled, the rest pure)
BUNDLE = ["jixiao-0.1.0-py3-none-any.whl", "pip-26.3-py3-none-any.whl", "pydantic-2.14.4-py3-none-any.whl",
          "defusedxml-0.7.1-py2.py3-none-any.whl"] + [
    "pydantic_core-2.50.5-cp3%d-cp3%d-%s.whl" % (m, m, p) for m in (11, 12, 13) for p in (
        "win_amd64", "manylinux2014_x86_64.manylinux_2_17_x86_64", "manylinux2014_aarch64.manylinux_2_17_aarch64")]
COVERS = "Windows 64 位（x86-64）、Linux x86_64、Linux ARM64（aarch64）上的 Python 3.11、3.12、3.13"


def machine(system="linux", arch="x86_64", python=(3, 12), glibc=(2, 28), implementation="cpython"):
    return install.Machine(python, implementation, system, arch, glibc)


@pytest.mark.parametrize("m", [
    machine(), machine(arch="aarch64", python=(3, 11), glibc=(2, 17)), machine("windows", "win_amd64", (3, 13), None),
])
def test_a_covered_machine_has_every_wheel(m):
    assert install.missing_for(BUNDLE, m) == []


def test_glibc_older_than_manylinux_2_17_is_not_covered():
    assert install.missing_for(BUNDLE, machine(glibc=(2, 12))) == ["pydantic-core"]


def test_loongarch64_is_told_what_to_do_instead():
    m = machine(arch="loongarch64", glibc=(2, 28))
    missing = install.missing_for(BUNDLE, m)
    assert missing == ["pydantic-core"]
    message = install.no_wheels_message(missing, m, BUNDLE)
    assert message.startswith("这个安装包里没有适用于这台电脑的 pydantic-core：这台电脑是 Linux loongarch64，Python 3.12，"
                              f"安装包只含 {COVERS}。")
    assert "龙芯（loongarch64）上没有现成的 pydantic-core" in message and "离线安装说明.txt「龙芯电脑」" in message


def test_a_loongarch64_wheel_built_there_and_added_to_wheels_is_accepted():
    """What the README offers a maintainer with a Rust toolchain on a loongarch64 machine."""
    m = machine(arch="loongarch64", glibc=(2, 28))
    assert install.missing_for(BUNDLE + ["pydantic_core-2.50.5-cp312-cp312-linux_loongarch64.whl"], m) == []


def test_a_python_newer_than_the_bundle_is_asked_for_3_13():
    m = machine(python=(3, 14))
    message = install.no_wheels_message(install.missing_for(BUNDLE, m), m, BUNDLE)
    assert "这台电脑是 Linux x86_64，Python 3.14" in message and "请安装 Python 3.13、3.12 或 3.11" in message


def test_32_bit_python_on_windows_is_asked_for_the_64_bit_one():
    m = machine("windows", "win32", (3, 12), None)
    message = install.no_wheels_message(install.missing_for(BUNDLE, m), m, BUNDLE)
    assert "这台电脑是 Windows 32 位，Python 3.12" in message
    assert "请安装 64 位（x86-64）的 Python，如 python-3.12.x-amd64.exe" in message


def test_musl_linux_is_named():
    m = machine(glibc=None)
    assert "Alpine 的 musl" in install.no_wheels_message(install.missing_for(BUNDLE, m), m, BUNDLE)


def test_abi3_and_pure_wheels():
    m = machine(python=(3, 12))
    assert m.accepts(install.Wheel("x-1-cp38-abi3-manylinux_2_17_x86_64.whl"))
    assert not m.accepts(install.Wheel("x-1-cp313-abi3-manylinux_2_17_x86_64.whl"))
    assert not m.accepts(install.Wheel("x-1-cp312-cp312-manylinux_2_34_x86_64.whl"))  # needs a newer glibc
    assert not m.accepts(install.Wheel("x-1-py2-none-any.whl"))


def test_posix_launcher_runs_the_venv_python_with_the_arguments(tmp_path):
    folder = tmp_path / "它's a \"folder\" $HOME"
    python = folder / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    launcher = tmp_path / "jixiao"
    launcher.write_text(install.launcher_text(folder, windows=False), encoding="utf-8")
    r = subprocess.run(["sh", str(launcher), "check", "我的 工作区"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["-P", "-m", "tui", "check", "我的 工作区"]


def test_windows_launcher_is_ascii_crlf_and_finds_the_venv_beside_itself(tmp_path):
    text = install.launcher_text(tmp_path / "张三", windows=True)
    assert text == '@"%~dp0venv\\Scripts\\python.exe" -P -m tui %*\r\n'
    assert text.isascii(), "no folder name in it: the console's code page cannot garble it"


def test_windows_path_advice_quotes_the_folder_for_powershell():
    from pathlib import PureWindowsPath
    advice = install.path_advice(PureWindowsPath(r"C:\Users\O'Brien\AppData\Local\jixiao"), windows=True)
    assert r"+ ';C:\Users\O''Brien\AppData\Local\jixiao', 'User')" in advice


def test_posix_path_advice_is_a_line_for_bashrc(tmp_path):
    assert install.path_advice(tmp_path / "a$b", windows=False).endswith(f'export PATH="{tmp_path}/a\\$b/bin:$PATH"')


def test_an_old_python_gets_the_chinese_message_not_a_syntax_error(monkeypatch, capsys):
    source = (SCRIPTS / "install.py").read_text(encoding="utf-8")
    ast.parse(source, feature_version=(3, 7))  # no syntax newer than Python 3.7 (UOS 20's)
    monkeypatch.setattr(install, "MINIMUM", (3, 99))
    assert install.main([]) == 2
    assert capsys.readouterr().err.startswith("jixiao 需要 Python 3.11 或更新版本，这个 Python 是 3.")


def test_a_bundle_without_wheels_says_what_to_copy(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(install, "HERE", tmp_path)
    assert install.main([str(tmp_path / "jx")]) == 2
    assert capsys.readouterr().err == (
        "安装未完成：安装包不完整：%s 中没有 jixiao 的 .whl 文件。请把整个 jixiao-offline 文件夹"
        "（含 wheels 文件夹）一起复制过来，再运行安装程序。\n" % (tmp_path / "wheels"))
    assert not (tmp_path / "jx").exists()


def test_windows_layout_and_default_folder():
    from pathlib import PureWindowsPath
    folder = install.default_folder(windows=True, environ={"LOCALAPPDATA": r"C:\Users\张三\AppData\Local"})
    assert str(PureWindowsPath(folder)) == r"C:\Users\张三\AppData\Local\jixiao"
    root = PureWindowsPath(r"D:\jixiao")
    assert install.venv_python(root, windows=True) == PureWindowsPath(r"D:\jixiao\venv\Scripts\python.exe")
    assert install.launcher_path(root, windows=True) == PureWindowsPath(r"D:\jixiao\jixiao.cmd")
    # the launcher's relative path names the same python
    launcher = install.launcher_text(root, windows=True)
    assert launcher.split('"')[1].replace("%~dp0", str(root) + "\\") == str(install.venv_python(root, windows=True))


def test_posix_default_folder_follows_xdg():
    assert install.default_folder(windows=False, environ={"XDG_DATA_HOME": "/data/me"}).as_posix() == "/data/me/jixiao"


def test_a_reader_that_goes_away_does_not_stop_the_installer_with_a_traceback(tmp_path):
    """``install.sh | head -1``: the pipe closes after the first line; the installer's own messages
    must not end it half-way with a BrokenPipeError traceback."""
    import sys

    script = "import sys; sys.path.insert(0, %r); import install; sys.exit(install.main(['--help']))" % str(SCRIPTS)
    r = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    r.stdout.close()  # the reader is gone before anything is written
    err = r.stderr.read().decode("utf-8", "replace")
    assert r.wait(30) == 0 and "Traceback" not in err and "BrokenPipeError" not in err, err
