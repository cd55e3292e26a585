"""The offline bundle, built once per test session by `bash scripts/build-offline`.

Building it downloads the locked wheels, so the tests that need it skip (saying why) where the
package index cannot be reached; the tests of the installers' text and logic need no network.
"""

import importlib.util
import os
import shutil
import stat
import subprocess
import tomllib
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.paths import ROOT

SCRIPTS = ROOT / "scripts" / "offline"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def load_installer():
    """scripts/offline/install.py as a module (it is a file of the bundle, not a package)."""
    spec = importlib.util.spec_from_file_location("jixiao_offline_install", SCRIPTS / "install.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def index_unreachable() -> str | None:
    """Why the locked wheels cannot be downloaded here, or None when they can."""
    if shutil.which("uv") is None:
        return "uv 不在 PATH 中"
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    url = next(w["url"] for p in lock["package"] for w in p.get("wheels", []))
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=15):
            return None
    except OSError as e:
        return "软件包索引无法访问（{}：{}）".format(url.split("/")[2], e)


@pytest.fixture(scope="session")
def bundle_zip(tmp_path_factory) -> Path:
    reason = index_unreachable()
    if reason:
        pytest.skip("不能构建离线安装包：" + reason)
    out = tmp_path_factory.mktemp("dist")
    r = subprocess.run(["bash", str(ROOT / "scripts" / "build-offline"), str(out)], capture_output=True, text=True,
                       stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stdout + r.stderr
    return out / (f"jixiao-offline-{VERSION}.zip")


@pytest.fixture(scope="session")
def bundle_dir(bundle_zip, tmp_path_factory) -> Path:
    """The bundle unpacked as a user would (modes from the zip), in a folder whose name has a
    space and Chinese in it, as 'D:\\离线 安装' might."""
    dest = tmp_path_factory.mktemp("usb") / "离线 安装"
    with zipfile.ZipFile(bundle_zip) as z:
        z.extractall(dest)
        for info in z.infolist():
            mode = info.external_attr >> 16
            if not info.is_dir() and mode:
                os.chmod(dest / info.filename, stat.S_IMODE(mode))
    return dest / (f"jixiao-offline-{VERSION}")
