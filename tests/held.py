"""A file another program holds, as Windows reports it, simulated on any system.

On Windows ``os.replace`` onto a workbook open in Excel/WPS, or onto a file an antivirus or a
cloud-sync client is reading, raises ``PermissionError`` with errno EACCES and ``winerror`` 32
(sharing violation) or 5 (access denied). ``Held`` stands in for ``os.replace`` and raises that
error for ``times`` calls (None: every call) after the first ``after`` ones, then replaces for
real: "held briefly then released" or "held throughout". ``winerror=None`` raises a plain
EACCES, as POSIX does.
"""

from __future__ import annotations

import errno
import os

import pytest

_REAL_REPLACE = os.replace
WINDOWS_TEXT = {5: "拒绝访问。", 32: "另一个程序正在使用此文件，进程无法访问。", 33: "另一个程序已锁定文件的一部分，进程无法访问。"}
HOLDERS = [32, 5, None]  # the sharing violation, access denied, and POSIX' plain EACCES


def held_error(winerror: int | None, src, dst) -> PermissionError:
    e = PermissionError(errno.EACCES, WINDOWS_TEXT.get(winerror, "Permission denied"), str(src), None, str(dst))
    if winerror is not None:
        e.winerror = winerror  # as Windows' Python sets it (the attribute exists only there)
    return e


class Held:
    def __init__(self, winerror: int | None, times: int | None = None, after: int = 0):
        self.winerror, self.times, self.after, self.calls = winerror, times, after, 0

    def __call__(self, src, dst) -> None:
        self.calls += 1
        n = self.calls - self.after
        if n > 0 and (self.times is None or n <= self.times):
            raise held_error(self.winerror, src, dst)
        _REAL_REPLACE(src, dst)


@pytest.fixture(name="hold")
def hold_fixture(monkeypatch):
    """``hold(winerror, times=None, after=0)``: os.replace held that way from now on (no pauses
    between the retries, so tests stay fast); returns the ``Held`` to count its calls."""
    monkeypatch.setattr("storage.atomic.REPLACE_PAUSES", (0,) * 6)

    def start(winerror: int | None, times: int | None = None, after: int = 0) -> Held:
        held = Held(winerror, times, after)
        monkeypatch.setattr(os, "replace", held)
        return held

    return start


def leftovers(folder) -> list[str]:
    """Temp files and staging folders a write may have left in ``folder`` (recursively)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.name.endswith(".tmp") or ".jixiao-staging-" in p.name)
