"""tui.text.console: the stand-ins a stream gets for characters its encoding lacks."""

import io

import pytest

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
