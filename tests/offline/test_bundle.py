"""What `bash scripts/build-offline` puts in the zip: the locked runtime wheels for every target,
the installers with the line endings Windows and Linux need, the sample and the instructions."""

import hashlib
import re
import subprocess
import tomllib
import zipfile

from tests.offline.conftest import VERSION
from tests.paths import ROOT

TOP = f"jixiao-offline-{VERSION}/"
TARGETS = {"win_amd64": r"win_amd64", "x86_64": r"manylinux.*_x86_64", "aarch64": r"manylinux.*_aarch64"}


def locked_runtime() -> dict:
    """{name: version} of jixiao's runtime dependencies, walked through uv.lock (extras such as
    markdown-it-py[linkify] followed, dev groups left out)."""
    packages = {p["name"]: p for p in tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))["package"]}
    found, seen, todo = {}, set(), list(packages["jixiao"].get("dependencies", []))
    while todo:
        dep = todo.pop()
        key = (dep["name"], tuple(dep.get("extra", ())))
        if key in seen:
            continue
        seen.add(key)
        package = packages[dep["name"]]
        found[dep["name"]] = package["version"]
        todo += package.get("dependencies", [])
        for extra in dep.get("extra", ()):
            todo += package.get("optional-dependencies", {}).get(extra, [])
    return found


def wheel_tags(filename: str) -> tuple:
    parts = filename[:-4].split("-")
    return re.sub(r"[-_.]+", "-", parts[0]).lower(), parts[1], parts[-3], parts[-2], parts[-1]


def test_zip_holds_installers_sample_and_instructions(bundle_zip):
    assert bundle_zip.name == f"jixiao-offline-{VERSION}.zip"
    names = zipfile.ZipFile(bundle_zip).namelist()
    assert all(n.startswith(TOP) for n in names), "everything in one folder, so unzipping makes one folder"
    top = {n[len(TOP):].split("/")[0] for n in names}
    assert top == {"wheels", "samples", "install.cmd", "install.sh", "install.py", "离线安装说明.txt"}
    committed = subprocess.run(["git", "ls-files", "samples"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    with zipfile.ZipFile(bundle_zip) as z:
        bundled = {n[len(TOP):]: z.read(n) for n in names if n.startswith(TOP + "samples/") and not n.endswith("/")}
    assert committed and bundled == {rel: (ROOT / rel).read_bytes() for rel in committed}


def test_wheels_are_the_locked_runtime_set_and_nothing_else(bundle_zip):
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    hashes = {w["hash"].split(":")[1] for p in lock["package"] for w in p.get("wheels", [])}
    runtime = locked_runtime()
    assert "pydantic-core" in runtime and "pytest" not in runtime
    with zipfile.ZipFile(bundle_zip) as z:
        wheels = {n[len(TOP + "wheels/"):]: z.read(n) for n in z.namelist()
                  if n.startswith(TOP + "wheels/") and n.endswith(".whl")}
    versions = {}
    for filename, data in wheels.items():
        name, version, *_ = wheel_tags(filename)
        versions.setdefault(name, set()).add(version)
        if name != "jixiao":
            assert hashlib.sha256(data).hexdigest() in hashes, filename + " is not the locked file"
    pip = next(p["version"] for p in lock["package"] if p["name"] == "pip")
    assert versions == {**{n: {v} for n, v in runtime.items()}, "jixiao": {VERSION}, "pip": {pip}}
    assert not {"pytest", "hypothesis", "import-linter", "pytest-asyncio", "pytest-textual-snapshot"} & set(versions)


def test_each_compiled_package_has_a_wheel_for_every_platform_and_python(bundle_zip):
    names = [n.rsplit("/", 1)[-1] for n in zipfile.ZipFile(bundle_zip).namelist() if n.endswith(".whl")]
    tags = [wheel_tags(n) for n in names]
    compiled = {t[0] for t in tags if t[4] != "any"} - {t[0] for t in tags if t[4] == "any"}
    assert "pydantic-core" in compiled
    for name in compiled:
        for platform, pattern in TARGETS.items():
            for minor in (11, 12, 13):
                assert any(t[0] == name and "cp3%d" % minor in t[2].split(".") and re.search(pattern, t[4])
                           for t in tags), "%s: no wheel for %s cp3%d" % (name, platform, minor)


def test_installers_have_the_line_endings_their_systems_need(bundle_zip):
    with zipfile.ZipFile(bundle_zip) as z:
        cmd = z.read(TOP + "install.cmd")
        sh = z.getinfo(TOP + "install.sh")
        sh_bytes = z.read(sh)
    assert cmd.count(b"\n") > 50 and cmd.count(b"\r\n") == cmd.count(b"\n"), "install.cmd: CRLF on every line"
    assert not cmd.startswith(b"\xef\xbb\xbf"), "a BOM would make cmd read '\ufeff@echo' as a command"
    cmd.decode("utf-8")
    assert b"\r" not in sh_bytes and sh_bytes.startswith(b"#!/bin/sh\n")
    assert (sh.external_attr >> 16) & 0o777 == 0o755, "install.sh stays executable after unzip"


def test_instructions_are_chinese_text_notepad_shows(bundle_zip):
    raw = zipfile.ZipFile(bundle_zip).read(TOP + "离线安装说明.txt")
    assert raw.startswith(b"\xef\xbb\xbf"), "a BOM, so every Notepad reads UTF-8"
    assert raw.count(b"\r\n") == raw.count(b"\n") > 50, "CRLF on every line"
    text = raw.decode("utf-8-sig")
    assert "@VERSION@" not in text and f"jixiao-offline-{VERSION}" in text
    for heading in ("拷贝到 U 盘", "先装 Python", "三、安装", "打开示例", "更新", "卸载", "龙芯电脑（loongarch64）"):
        assert heading in text
    assert "install.cmd --uninstall" in text and "sh install.sh --uninstall" in text
    assert "麒麟 V10 自带的是 Python 3.8" in text and "pydantic-core" in text
