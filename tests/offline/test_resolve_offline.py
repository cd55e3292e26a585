"""The Windows and ARM64 wheel sets cannot be installed here, but uv can resolve and lay them out
for those platforms with no index and no network: proof that no wheel is missing."""

import os
import shutil
import subprocess

import pytest

from tests.offline.conftest import VERSION

# uv's --python-platform, and the name pydantic-core's compiled module gets there
PLATFORMS = {
    "x86_64-pc-windows-msvc": "_pydantic_core.cp3{minor}-win_amd64.pyd",
    "aarch64-manylinux_2_17": "_pydantic_core.cpython-3{minor}-aarch64-linux-gnu.so",
}


@pytest.mark.parametrize("platform", PLATFORMS)
def test_wheel_set_installs_offline_for(platform, bundle_dir, tmp_path):
    env = dict(os.environ, UV_PYTHON_DOWNLOADS="never", UV_NO_PROGRESS="1")
    for minor in (11, 12, 13):
        target = tmp_path / ("3.%d" % minor)
        r = subprocess.run(
            [shutil.which("uv"), "pip", "install", "--offline", "--no-index",
             "--find-links", str(bundle_dir / "wheels"),
             "--python-platform", platform, "--python-version", "3.%d" % minor, "--target", str(target),
             "--no-cache", "jixiao==" + VERSION],
            capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
        assert r.returncode == 0, r.stderr
        assert (target / "pydantic_core" / PLATFORMS[platform].format(minor=minor)).is_file()
        assert (target / "tui" / "__main__.py").is_file() and (target / "textual").is_dir()
        assert (target / (f"jixiao-{VERSION}.dist-info")).is_dir()
