"""jixiao 离线安装：在一个文件夹里建立 Python 虚拟环境，从安装包的 wheels 文件夹安装 jixiao，不连网。

install.sh (Linux) and install.cmd (Windows) find a Python >= 3.11 and run this file with the
install folder; uninstalling is theirs (it needs no Python). What it does, in order:

1. checks that wheels/ holds a wheel of every distribution for this Python and machine (the
   bundle covers CPython 3.11-3.13 on win_amd64 and manylinux x86_64/aarch64), else says in
   Chinese what this machine is, what the bundle covers and what to do;
2. refuses a folder that holds other files (uninstalling deletes the folder: only one this
   installer made, marked by jixiao-install.txt, is ever reused or deleted);
3. reuses the folder's venv when it runs the same Python minor version, else makes it anew with
   ``--without-pip`` (Debian's and Kylin's python3.x lack ensurepip unless python3.x-venv is
   installed; ensurepip also costs ~4 s);
4. runs pip from the bundle's own pip wheel (put on sys.path, as ensurepip does) with the venv's
   python: ``install --isolated --no-index --find-links wheels
   jixiao==VERSION``; nothing reaches the network. Into an existing venv: first ``--upgrade
   --upgrade-strategy eager`` (the dependencies the bundle changed), then ``--force-reinstall
   --no-deps`` for jixiao itself, so a rebuilt bundle that kept its version number still puts
   its files in place;
5. writes the launcher (``bin/jixiao`` or ``jixiao.cmd``), which runs ``python -P -m tui``
   (-P: a ``tui`` or ``model`` folder in the current directory is never imported).

A first install that fails removes the folder it made. Kept to Python 3.7 syntax, so that an
old interpreter run on it by hand gets the Chinese message, not a SyntaxError.
"""

from __future__ import annotations

import os
import platform
import shlex
import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARKER = "jixiao-install.txt"
MINIMUM = (3, 11)
PLATFORM_NAMES = {"win_amd64": "Windows 64 位（x86-64）", "x86_64": "Linux x86_64", "aarch64": "Linux ARM64（aarch64）"}


class Refusal(Exception):
    """What could not be done, in Chinese, for the person at the keyboard."""


# --- which wheels suit which machine ------------------------------------------------------------


class Wheel:
    """The tags in a wheel's file name (name-version[-build]-python-abi-platform.whl)."""

    def __init__(self, filename: str) -> None:
        parts = filename[: -len(".whl")].split("-")
        if not filename.endswith(".whl") or len(parts) not in (5, 6):
            raise ValueError(filename)
        self.filename = filename
        self.dist = parts[0].lower().replace("_", "-").replace(".", "-")
        self.version = parts[1]
        self.pythons = set(parts[-3].split("."))
        self.abis = set(parts[-2].split("."))
        self.platforms = set(parts[-1].split("."))

    @property
    def pure(self) -> bool:
        return self.platforms == {"any"}


class Machine:
    """This interpreter and system, as wheel tags see them."""

    def __init__(self, python: tuple, implementation: str, system: str, arch: str, glibc: tuple | None) -> None:
        self.python = tuple(python[:2])
        self.implementation = implementation
        self.system = system  # "windows", "linux" or another platform.system().lower()
        self.arch = arch  # "win_amd64", "win32", "win_arm64" on Windows; platform.machine() elsewhere
        self.glibc = glibc

    @classmethod
    def this(cls) -> Machine:
        system = platform.system().lower()
        if system == "windows":
            arch = sysconfig.get_platform().replace("-", "_").replace(".", "_")
        else:
            arch = platform.machine().lower()
        glibc = None
        try:
            name, _, number = os.confstr("CS_GNU_LIBC_VERSION").partition(" ")  # "glibc 2.31"
            if name == "glibc":
                glibc = tuple(int(x) for x in number.split(".")[:2])
        except (AttributeError, ValueError, OSError):
            pass
        return cls(sys.version_info, sys.implementation.name, system, arch, glibc)

    def platform_tags(self) -> set:
        if self.system == "windows":
            return {self.arch}
        if self.system != "linux":
            return set()
        tags = {"linux_" + self.arch}
        if self.glibc and self.glibc[0] == 2:
            tags.update("manylinux_2_%d_%s" % (m, self.arch) for m in range(5, self.glibc[1] + 1))
            for legacy, needs in (("manylinux1", 5), ("manylinux2010", 12), ("manylinux2014", 17)):
                if self.glibc[1] >= needs:
                    tags.add(f"{legacy}_{self.arch}")
        return tags

    def accepts(self, wheel: Wheel) -> bool:
        minor = self.python[1]
        if wheel.pure:
            return bool(wheel.pythons & {"py3", "py3%d" % minor}) and "none" in wheel.abis
        if self.implementation != "cpython" or not wheel.platforms & self.platform_tags():
            return False
        if "cp3%d" % minor in wheel.pythons and wheel.abis & {"cp3%d" % minor, "none"}:
            return True
        return "abi3" in wheel.abis and any(
            p.startswith("cp3") and p[3:].isdigit() and int(p[3:]) <= minor for p in wheel.pythons
        )

    def describe(self) -> str:
        where = {"win_amd64": "Windows 64 位", "win32": "Windows 32 位", "win_arm64": "Windows ARM64"}.get(self.arch)
        if where is None:
            where = "{} {}".format({"linux": "Linux", "darwin": "macOS"}.get(self.system, self.system), self.arch)
            if self.system == "linux" and not self.glibc:
                where += "（不是 glibc，如 Alpine 的 musl）"
        python = "Python %d.%d" % self.python
        if self.implementation != "cpython":
            python = f"{self.implementation} {python}"
        return f"{where}，{python}"


def missing_for(filenames: list, machine: Machine) -> list:
    """The distributions in the wheel folder with no wheel this machine can install, sorted."""
    wheels = [Wheel(f) for f in filenames]
    return sorted({w.dist for w in wheels} - {w.dist for w in wheels if machine.accepts(w)})


def bundle_covers(filenames: list) -> str:
    """What the compiled wheels cover, e.g. 'Windows 64 位（x86-64）、Linux x86_64 上的 Python 3.11、3.12'."""
    places, pythons = set(), set()
    for f in filenames:
        w = Wheel(f)
        for tag in w.platforms:
            places.update(p for p in PLATFORM_NAMES if tag == p or "linux" in tag and tag.endswith("_" + p))
        pythons.update(int(p[3:]) for p in w.pythons if not w.pure and p.startswith("cp3") and p[3:].isdigit())
    order = list(PLATFORM_NAMES)
    where = "、".join(PLATFORM_NAMES[p] for p in sorted(places, key=order.index))
    versions = "、".join(f"3.{m}" for m in sorted(pythons))
    return "{}{}上的 Python {}".format(where, "" if where.endswith("）") else " ", versions)


def no_wheels_message(missing: list, machine: Machine, filenames: list) -> str:
    head = "这个安装包里没有适用于这台电脑的 {}：这台电脑是 {}，安装包只含 {}。".format(
        "、".join(missing), machine.describe(), bundle_covers(filenames))
    if machine.arch == "loongarch64":
        advice = ("龙芯（loongarch64）上没有现成的 pydantic-core，jixiao 目前不能在这台电脑上安装；"
                  "请在 Windows 或 x86_64、ARM64 的 Linux 电脑上使用 jixiao（工作区文件夹可以用 U 盘来回拷贝），"
                  "详见安装包中的 离线安装说明.txt「龙芯电脑」一节。")
    elif machine.arch in ("win32", "win_arm64"):
        advice = "请安装 64 位（x86-64）的 Python，如 python-3.12.x-amd64.exe（可从其他电脑拷贝），再运行 install.cmd。"
    elif machine.implementation != "cpython" or machine.python > (3, 13) or machine.python < MINIMUM:
        advice = ("请安装 Python 3.13、3.12 或 3.11（可从其他电脑拷贝），再运行安装程序；"
                  "已有多个 Python 时可用环境变量 PYTHON 指定其中一个。")
    else:
        advice = "请改用 Windows 或 x86_64、ARM64 的 Linux 电脑，或请维护人员为这种电脑制作安装包。"
    return head + advice


# --- the install folder -------------------------------------------------------------------------


WINDOWS = os.name == "nt"


def default_folder(windows: bool = WINDOWS, environ: dict | None = None) -> Path:
    environ = os.environ if environ is None else environ
    if windows:
        return Path(environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "jixiao"
    return Path(environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "jixiao"


def venv_python(folder: Path, windows: bool = WINDOWS) -> Path:
    return folder / "venv" / "Scripts" / "python.exe" if windows else folder / "venv" / "bin" / "python"


def launcher_path(folder: Path, windows: bool = WINDOWS) -> Path:
    return folder / "jixiao.cmd" if windows else folder / "bin" / "jixiao"


def launcher_text(folder: Path, windows: bool) -> str:
    """The launcher: Windows' finds the venv beside itself (an ASCII-only file, whatever the
    folder's name, so the console's code page cannot garble it); the POSIX one names it."""
    if windows:
        return '@"%~dp0venv\\Scripts\\python.exe" -P -m tui %*\r\n'
    python = shlex.quote(str(folder / "venv" / "bin" / "python"))
    return f"#!/bin/sh\n# jixiao（由 install.sh 生成）\nexec {python} -P -m tui \"$@\"\n"


def path_advice(folder: Path, windows: bool) -> str:
    if windows:
        literal = str(folder).replace("'", "''")
        return (
            f"要在任何文件夹中直接输入 jixiao，请把这个文件夹加入 PATH：\n  {folder}\n"
            "可以在 PowerShell 中运行下面这一行（只改当前用户的 PATH，重新打开终端后生效）：\n"
            "  [Environment]::SetEnvironmentVariable('Path', "
            f"[Environment]::GetEnvironmentVariable('Path', 'User') + ';{literal}', 'User')\n"
            "或在「设置 → 编辑账户的环境变量」中把它加到 Path。"
        )
    bin_dir = str(folder / "bin").replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`")
    return (
        "要在任何文件夹中直接输入 jixiao，把下面这一行加到 ~/.bashrc 的末尾（重新打开终端后生效）：\n"
        f'  export PATH="{bin_dir}:$PATH"'
    )


def read_marker(folder: Path) -> str | None:
    """The version recorded by an earlier install in this folder ('' if unreadable), None if none."""
    try:
        lines = (folder / MARKER).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return ""
    for line in lines:
        if line.startswith("版本："):
            return line[len("版本："):].strip()
    return ""


def write_marker(folder: Path, version: str, state: str) -> None:
    text = (
        "这个文件夹是 jixiao 的安装文件夹（install.sh / install.cmd 生成，卸载时整个删除）。\n"
        "版本：{}\n状态：{}\nPython：{}\n时间：{}\n"
        "卸载：运行安装包中的 install.cmd --uninstall 或 install.sh --uninstall，也可以直接删除这个文件夹。\n"
    ).format(version, state, sys.version.split()[0], time.strftime("%Y-%m-%d %H:%M:%S"))
    (folder / MARKER).write_text(text, encoding="utf-8", newline="\r\n" if WINDOWS else "\n")


def prepare_folder(folder: Path) -> bool:
    """Checks the folder may be used; True when this install creates it."""
    if folder.exists() and not folder.is_dir():
        raise Refusal(f"{folder} 是一个文件，不是文件夹：请指定另一个安装文件夹。")
    if folder.is_dir() and read_marker(folder) is None and any(folder.iterdir()):
        raise Refusal(
            "文件夹 {} 里已有其他文件，不是 jixiao 的安装文件夹（卸载时会整个删除安装文件夹）："
            "请指定一个新的或空的文件夹，例如 {}。".format(folder, folder / "jixiao"))
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise Refusal(f"无法建立文件夹 {folder}：{e.strerror or e}。请换一个有写入权限的文件夹。") from None
    return created


# --- venv and pip -------------------------------------------------------------------------------


def run(cmd: list, log: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_", "VIRTUAL_ENV"))}
    env["PYTHONIOENCODING"] = "utf-8"
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    output = r.stdout.decode("utf-8", "replace")
    if log is not None:
        with open(log, "a", encoding="utf-8") as f:
            f.write("$ {}\n{}\n".format(" ".join(map(str, cmd)), output))
    return subprocess.CompletedProcess(cmd, r.returncode, output, "")


def tail(text: str, lines: int = 8) -> str:
    return "\n".join("  " + line for line in text.strip().splitlines()[-lines:])


def ensure_venv(folder: Path, log: Path) -> tuple:
    """The venv's python, and whether the venv is new."""
    python = venv_python(folder)
    wanted = "%d.%d" % sys.version_info[:2]
    if python.exists():
        r = run([str(python), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"])
        found = r.stdout.strip() if r.returncode == 0 else None
        if found == wanted:
            return python, False
        print("已有的虚拟环境{}，这次用 Python {}：重新建立。".format(
            f"用的是 Python {found}" if found else "不能运行（建立它的 Python 已卸载或移动？）", wanted))
        shutil.rmtree(folder / "venv", ignore_errors=True)
    r = run([sys.executable, "-m", "venv", "--without-pip", str(folder / "venv")], log)
    if r.returncode != 0 or not python.exists():
        shutil.rmtree(folder / "venv", ignore_errors=True)
        if "No module named venv" in r.stdout:
            raise Refusal(
                f"这个 Python（{sys.executable}）缺少建立虚拟环境所需的 venv 模块：请安装完整的 Python {wanted}"
                f"（Linux 上还有 python{wanted}-venv 软件包；没有网络时从其他电脑拷贝它的软件包），然后重新运行安装程序。")
        raise Refusal("无法在 {} 建立虚拟环境：\n{}".format(folder / "venv", tail(r.stdout)))
    return python, True


# pip run from its wheel as ensurepip does: the wheel on sys.path, pip run as __main__
RUN_PIP = "import runpy, sys; sys.path.insert(0, sys.argv.pop(1)); runpy.run_module('pip', run_name='__main__', alter_sys=True)"


def pip_install(python: Path, wheels: Path, pip_wheel: Path, version: str, log: Path, fresh: bool) -> None:
    pip = [str(python), "-c", RUN_PIP, str(pip_wheel), "--isolated", "--disable-pip-version-check", "--no-input",
           "install", "--no-index", "--find-links", str(wheels)]
    wanted = "jixiao==" + version
    if fresh:
        steps = [pip + [wanted]]
    else:  # the dependencies the bundle changed, then jixiao's own files, whatever version is there
        steps = [pip + ["--upgrade", "--upgrade-strategy", "eager", wanted],
                 pip + ["--force-reinstall", "--no-deps", wanted]]
    for step in steps:
        r = run(step, log)
        if r.returncode != 0:
            raise Refusal("从 %s 安装失败（pip 退出码 %d），最后几行：\n%s\n完整记录在 %s。" % (
                wheels, r.returncode, tail(r.stdout), log))
    r = run([str(python), "-P", "-c", "import tui.cli, pydantic_core"], log)
    if r.returncode != 0:
        raise Refusal(f"安装后 jixiao 不能运行：\n{tail(r.stdout)}\n完整记录在 {log}。")


def write_launcher(folder: Path) -> Path:
    path = launcher_path(folder)
    path.parent.mkdir(exist_ok=True)
    windows = WINDOWS
    path.write_bytes(launcher_text(folder, windows).encode("utf-8"))
    if not windows:
        path.chmod(0o755)
    return path


# --- the whole install --------------------------------------------------------------------------


def bundle_wheels() -> tuple:
    wheels = HERE / "wheels"
    names = sorted(p.name for p in wheels.glob("*.whl")) if wheels.is_dir() else []
    own = [Wheel(n).version for n in names if Wheel(n).dist == "jixiao"]
    pip = [n for n in names if Wheel(n).dist == "pip"]
    if not own or not pip:
        raise Refusal("安装包不完整：{} 中没有 {} 的 .whl 文件。请把整个 jixiao-offline 文件夹"
                      "（含 wheels 文件夹）一起复制过来，再运行安装程序。".format(wheels, "jixiao" if not own else "pip"))
    return wheels, names, own[-1], wheels / pip[-1]


def shown(path: Path, windows: bool) -> str:
    return f'"{path}"' if windows else shlex.quote(str(path))


def install(folder: Path) -> None:
    started = time.monotonic()
    wheels, names, version, pip_wheel = bundle_wheels()
    machine = Machine.this()
    missing = missing_for(names, machine)
    if missing:
        raise Refusal(no_wheels_message(missing, machine, names))
    folder = folder.expanduser().absolute()
    before = read_marker(folder) if folder.is_dir() else None
    created = prepare_folder(folder)
    print(f"正在把 jixiao {version} 安装到 {folder}（用 Python {sys.version.split()[0]}，不连网，约需半分钟）……", flush=True)
    log = folder / "install.log"
    try:
        write_marker(folder, version, "安装未完成（重新运行安装程序即可）")
        log.write_text("", encoding="utf-8")
        python, fresh = ensure_venv(folder, log)
        pip_install(python, wheels, pip_wheel, version, log, fresh)
        launcher = write_launcher(folder)
        write_marker(folder, version, "已安装")
    except (Refusal, OSError) as e:
        message = str(e) if isinstance(e, Refusal) else f"无法写入 {e.filename or folder}：{e.strerror or e}"
        if created:
            shutil.rmtree(folder, ignore_errors=True)
            message += f"\n（没有留下安装文件夹 {folder}。）"
        raise Refusal(message) from None
    windows = WINDOWS
    done = "已更新" if before is not None else "已安装"
    was = f"（原为 {before}）" if before else ""
    sample = HERE / "samples" / "guangzhou-hrss-2025"
    print(f"jixiao {version} {done}{was}：{folder}（用时 {time.monotonic() - started:.0f} 秒）。")
    print(f"启动 jixiao：{shown(launcher, windows)}")
    print(path_advice(folder, windows))
    if sample.is_dir():
        print(f"试一试，检查安装包中的示例工作区：\n  {shown(launcher, windows)} check {shown(sample, windows)}")
        print("打开示例：先把 samples 中的 guangzhou-hrss-2025 文件夹复制到自己的文件夹（编辑器会在其中保存），"
              "再运行 jixiao 加上它的路径。")
    script = "install.cmd" if windows else "install.sh"
    print("卸载：{} --uninstall{}".format(shown(HERE / script, windows),
                                    "" if folder == default_folder().absolute() else " " + shown(folder, windows)))


USAGE = "用法：python install.py [安装文件夹]（默认 %s）"


class _Forgiving:
    """A stream that goes quiet when its reader goes away (``install.sh | head``): the install
    carries on instead of stopping half-way with a BrokenPipeError, and Python's last flush at
    exit finds /dev/null (NUL) where the pipe was, not a traceback to print."""

    def __init__(self, stream):
        self._stream = stream

    def _gone(self):
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self._stream.fileno())
            os.close(null)
        except (OSError, ValueError, AttributeError):
            pass

    def write(self, text):
        try:
            return self._stream.write(text)
        except (BrokenPipeError, OSError):
            self._gone()
            return len(text)

    def flush(self):
        try:
            self._stream.flush()
        except (BrokenPipeError, OSError):
            self._gone()

    def __getattr__(self, name):
        return getattr(self._stream, name)


def main(argv: list | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    sys.stdout, sys.stderr = _Forgiving(sys.stdout), _Forgiving(sys.stderr)
    if sys.version_info < MINIMUM:
        print("jixiao 需要 Python 3.11 或更新版本，这个 Python 是 %d.%d：请安装 Python 3.13、3.12 或 3.11"
              "（可从其他电脑拷贝）后重新运行安装程序。" % sys.version_info[:2], file=sys.stderr)
        return 2
    if argv[:1] in (["-h"], ["--help"]) or len(argv) > 1 or argv[:1] and argv[0].startswith("-"):
        print(USAGE % default_folder(), file=sys.stderr if argv[:1] not in (["-h"], ["--help"]) else sys.stdout)
        sys.stdout.flush()
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    try:
        install(Path(argv[0]) if argv else default_folder())
    except Refusal as e:
        print(f"安装未完成：{e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("安装被中断：重新运行安装程序即可。", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
