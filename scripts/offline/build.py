"""Builds the offline bundle OUTDIR/jixiao-offline-VERSION.zip (run by scripts/build-offline).

The runtime dependency set and its files come from uv.lock: ``uv export --frozen --no-dev``
lists every runtime package at the lock's version (so a dependency added to pyproject, such as
dulwich, is picked up with no change here). For each target (win_amd64, manylinux x86_64,
manylinux aarch64 x CPython 3.11, 3.12, 3.13) ``uv pip compile --no-deps`` evaluates the
export's environment markers for that target; the wheel each target needs is then taken from
the lock's own list of files (a compiled one where the package has one, chosen with the
installer's tag test) and downloaded from the URL the lock records, its sha256 checked against
the lock. pip's own wheel (the dependency group ``offline``) joins them: the installers run
pip from it. (``pip download --platform`` did the same in about 50 s: it reads the package's whole
5 MB index page once per target.) jixiao's own wheel is built with ``uv build``; every target is
checked against the finished wheel folder.

Text files are written as the bundle needs them: install.cmd with CRLF (cmd.exe misreads labels
in LF batch files), 离线安装说明.txt with CRLF and a UTF-8 BOM (Notepad before Windows 10 1903
reads a BOM-less file as GBK), install.sh with LF and mode 755.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
import install

PYTHONS = ("3.11", "3.12", "3.13")
# name, uv's --python-platform, the platform tags, the installer's Machine
TARGETS = (
    ("win_amd64", "x86_64-pc-windows-msvc", ("win_amd64",), ("windows", "win_amd64", None)),
    ("manylinux_x86_64", "x86_64-manylinux_2_17", ("manylinux_2_17_x86_64", "manylinux2014_x86_64"),
     ("linux", "x86_64", (2, 17))),
    ("manylinux_aarch64", "aarch64-manylinux_2_17", ("manylinux_2_17_aarch64", "manylinux2014_aarch64"),
     ("linux", "aarch64", (2, 17))),
)
INSTRUCTIONS = "离线安装说明.txt"


class BuildError(Exception):
    pass


def run(cmd: list, cwd: Path = ROOT) -> str:
    env = dict(os.environ, UV_PYTHON_DOWNLOADS="never", UV_NO_PROGRESS="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    r = subprocess.run(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       encoding="utf-8", errors="replace")
    if r.returncode != 0:
        raise BuildError("命令失败（退出码 %d）：%s\n%s" % (r.returncode, " ".join(cmd), (r.stderr or r.stdout)[-3000:]))
    return r.stdout


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_wheels() -> dict:
    """{(normalized name, version): [wheel entries of uv.lock: url, hash, size]}."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    return {(normalize(p["name"]), p["version"]): p.get("wheels", []) for p in lock.get("package", [])}


def pins(requirements: str) -> list:
    """(normalized name, version) of each 'name==version' line of uv's requirements output."""
    found = []
    for line in requirements.splitlines():
        m = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line)
        if m:
            found.append((normalize(m.group(1)), m.group(2)))
    return found


def choose(entries: list, machine: install.Machine) -> dict | None:
    """The lock's wheel for this machine: a compiled one if there is one, else the pure one."""
    suitable = [e for e in entries if machine.accepts(install.Wheel(e["url"].rsplit("/", 1)[-1]))]
    compiled = [e for e in suitable if not install.Wheel(e["url"].rsplit("/", 1)[-1]).pure]
    return (compiled or suitable or [None])[0]


def fetch(entry: dict, wheels: Path) -> None:
    filename = entry["url"].rsplit("/", 1)[-1]
    algorithm, _, expected = entry["hash"].partition(":")
    for attempt in range(3):
        try:
            with urllib.request.urlopen(entry["url"], timeout=120) as r:
                data = r.read()
            break
        except OSError as e:
            if attempt == 2:
                raise BuildError(f"无法下载 {filename}：{e}（需要能访问软件包索引）") from None
            time.sleep(2)
    if hashlib.new(algorithm, data).hexdigest() != expected:
        raise BuildError(f"{filename} 的 {algorithm} 与 uv.lock 不符")
    (wheels / filename).write_bytes(data)


def download_wheels(wheels: Path, work: Path) -> dict:
    """Fills `wheels` for every target; returns {target: [(name, version) needed]}."""
    export = run(["uv", "export", "--frozen", "--no-dev", "--no-emit-project", "--no-header", "--no-annotate",
                  "--no-hashes"])
    requirements = work / "requirements.txt"
    requirements.write_text(export, encoding="utf-8")
    installer = pins(run(["uv", "export", "--frozen", "--only-group", "offline", "--no-emit-project", "--no-header",
                          "--no-annotate", "--no-hashes"]))
    lock = locked_wheels()
    needed, chosen = {}, {}
    for label, uv_platform, _, (system, arch, glibc) in TARGETS:
        for py in PYTHONS:
            compiled = run(["uv", "pip", "compile", str(requirements), "--python-platform", uv_platform,
                            "--python-version", py, "--no-deps", "--no-header", "--no-annotate", "--quiet"])
            key = "{} cp{}".format(label, py.replace(".", ""))
            needed[key] = pins(compiled) + installer
            machine = install.Machine((3, int(py.split(".")[1])), "cpython", system, arch, glibc)
            for pin in needed[key]:
                entry = choose(lock.get(pin, []), machine)
                if entry is None:
                    raise BuildError(f"uv.lock 中没有 {pin[0]}=={pin[1]} 适用于 {key} 的 wheel")
                chosen[entry["url"]] = entry
    print("  %d 个 wheel，%d 个目标平台" % (len(chosen), len(needed)), flush=True)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda e: fetch(e, wheels), chosen.values()))
    return {key: [name for name, _ in pinned] for key, pinned in needed.items()}


def check_targets(wheels: Path, needed: dict) -> None:
    names = sorted(p.name for p in wheels.glob("*.whl"))
    for label, _, _, (system, arch, glibc) in TARGETS:
        for py in PYTHONS:
            machine = install.Machine((3, int(py.split(".")[1])), "cpython", system, arch, glibc)
            key = "{} cp{}".format(label, py.replace(".", ""))
            suitable = {install.Wheel(n).dist for n in names if machine.accepts(install.Wheel(n))}
            missing = sorted(set(needed[key]) - suitable)
            if missing:
                raise BuildError("{} 缺少：{}".format(key, "、".join(missing)))


def text_file(src: Path, dest: Path, version: str, crlf: bool, bom: bool) -> None:
    text = src.read_text(encoding="utf-8").replace("@VERSION@", version)
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    dest.write_bytes(("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8"))


def sample_files() -> list:
    """The sample workspace's files as committed (never a local .jixiao/ or __pycache__)."""
    try:
        out = run(["git", "ls-files", "-z", "--", "samples"])
        return sorted(out.strip("\0").split("\0")) if out.strip("\0") else []
    except (BuildError, OSError):
        return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "samples").rglob("*")
                      if p.is_file() and ".jixiao" not in p.parts and "__pycache__" not in p.parts)


def write_zip(stage: Path, target: Path) -> None:
    tmp = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for path in sorted(stage.rglob("*")):
            name = path.relative_to(stage.parent).as_posix()
            info = zipfile.ZipInfo(name + "/" if path.is_dir() else name, date_time=(2026, 1, 1, 0, 0, 0))
            info.create_system = 3  # unix: the mode below is read by unzip and Python's zipfile
            if path.is_dir():
                info.external_attr = (0o40755 << 16) | 0x10
                z.writestr(info, b"")
                continue
            info.external_attr = (0o100755 if path.name == "install.sh" else 0o100644) << 16
            info.compress_type = zipfile.ZIP_STORED if path.suffix == ".whl" else zipfile.ZIP_DEFLATED
            z.writestr(info, path.read_bytes())
    os.replace(tmp, target)


def build(outdir: Path) -> Path:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    name = f"jixiao-offline-{version}"
    started = time.monotonic()
    outdir.mkdir(parents=True, exist_ok=True)  # before the downloads: a bad OUTDIR fails at once
    with tempfile.TemporaryDirectory(prefix="jixiao-offline-") as tmp:
        work = Path(tmp)
        stage = work / name
        wheels = stage / "wheels"
        wheels.mkdir(parents=True)
        print(f"构建 jixiao {version} 的 wheel……", flush=True)
        run(["uv", "build", "--wheel", "--out-dir", str(work / "own"), "--quiet"])
        for whl in (work / "own").glob("*.whl"):
            shutil.copy2(whl, wheels / whl.name)
        print("下载依赖（版本取自 uv.lock）……", flush=True)
        needed = download_wheels(wheels, work)
        check_targets(wheels, needed)
        text_file(HERE / "install.cmd", stage / "install.cmd", version, crlf=True, bom=False)
        text_file(HERE / "install.sh", stage / "install.sh", version, crlf=False, bom=False)
        (stage / "install.sh").chmod(0o755)
        shutil.copy2(HERE / "install.py", stage / "install.py")
        text_file(HERE / INSTRUCTIONS, stage / INSTRUCTIONS, version, crlf=True, bom=True)
        for rel in sample_files():
            dest = stage / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest)
        target = outdir / (name + ".zip")
        write_zip(stage, target)
    count = len(list(zipfile.ZipFile(target).namelist()))
    print("已写出 %s（%.1f MB，%d 个文件，用时 %.0f 秒）" % (
        target, target.stat().st_size / 1e6, count, time.monotonic() - started))
    return target


def main(argv: list) -> int:
    if len(argv) > 1 or argv[:1] and argv[0].startswith("-"):
        print("用法：bash scripts/build-offline [输出文件夹]（默认 dist）", file=sys.stderr)
        return 2
    try:
        build(Path(argv[0]) if argv else ROOT / "dist")
    except BuildError as e:
        print(f"build-offline：{e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"build-offline：无法写入 {e.filename or ''}：{e.strerror or e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
