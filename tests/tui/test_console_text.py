"""tui.text.console: the stand-ins a stream gets for characters its encoding lacks."""

import io
import os
from types import SimpleNamespace

import pytest

from tui.text import console
from tui.text.console import fit, write

SYMBOLS = "单位 › 项目 ✗2 ⚠1 ⛔ ☑ ▶ ⭘ ↕ ⏎"


def test_gbk_gets_readable_stand_ins_for_every_symbol_it_lacks():
    assert fit(SYMBOLS, "gbk") == "单位 > 项目 ×2 !1 × √ → ○ ↑↓ ↙"
    assert fit("≥98% ≤5秒 ≠ → … ·", "gbk") == "≥98% ≤5秒 ≠ → … ·"  # GBK has these: kept


def test_ascii_gets_ascii_stand_ins_and_escapes_the_rest():
    assert fit("› ✗ ☑ ≥ … 中", "ascii") == "> x [x] >= ... \\u4e2d"


@pytest.mark.parametrize("encoding", ["utf-8", "UTF8", None, "no-such-codec"])
def test_a_stream_that_takes_everything_or_says_nothing_gets_the_text_as_it_is(encoding):
    assert fit(SYMBOLS, encoding) == SYMBOLS


def test_write_to_a_gbk_stream_never_raises():
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="gbk", errors="strict")
    write(stream, SYMBOLS + "\n")
    stream.flush()
    assert raw.getvalue().decode("gbk") == "单位 > 项目 ×2 !1 × √ → ○ ↑↓ ↙\n"
    write(None, "pythonw has no stream")  # nothing to write to: no error either


@pytest.fixture
def terminal():
    """A text stream on a pseudo-terminal (what `jixiao diff` writes to in a console)."""
    pty = pytest.importorskip("pty")
    main_fd, side_fd = pty.openpty()
    stream = open(side_fd, "w", encoding="utf-8")  # noqa: SIM115  (closed below)
    yield stream
    stream.close()
    os.close(main_fd)


def test_colours_only_on_a_terminal(terminal, tmp_path):
    assert console.colours_work(terminal)
    with open(tmp_path / "out.txt", "w", encoding="utf-8") as f:  # jixiao diff > 差异.txt
        assert not console.colours_work(f)
    assert not console.colours_work(None)


def test_windows_colours_only_when_the_console_agrees_to_draw_them(terminal, monkeypatch):
    monkeypatch.setattr(console, "os", SimpleNamespace(name="nt"))
    assert not console.colours_work(terminal)  # no console API here: as a console that refuses
    monkeypatch.setattr(console, "_windows_vt", lambda stream: True)
    assert console.colours_work(terminal)
