"""install.cmd cannot run here (no cmd.exe): what can be checked without Windows is checked on
its text. The bundle writes it as UTF-8 with CRLF (tests/offline/test_bundle.py); cmd.exe reads
a batch file in the console's code page, so everything up to `chcp 65001` must be ASCII, every
way out must restore the code page, and no echoed text may hold a character cmd would act on."""

import re

from tests.offline.conftest import SCRIPTS

LINES = (SCRIPTS / "install.cmd").read_text(encoding="utf-8").splitlines()
LABELS = {line[1:].split()[0].lower() for line in LINES if line.startswith(":")}


def blocks() -> dict:
    """{label: its lines up to the next label}."""
    found, current = {}, "(top)"
    for line in LINES:
        if line.startswith(":"):
            current = line[1:].split()[0].lower()
        found.setdefault(current, []).append(line)
    return found


def test_ascii_until_the_code_page_is_utf8():
    switch = LINES.index("chcp 65001 >nul")
    assert all(line.isascii() for line in LINES[:switch])
    assert any(not line.isascii() for line in LINES[switch:])


def test_every_way_out_restores_the_code_page():
    exits = [i for i, line in enumerate(LINES) if re.search(r"(^|&) *exit\b", line, re.IGNORECASE)]
    assert [LINES[i] for i in exits] == ["endlocal & exit /b %JX_RC%"]
    finish = blocks()["finish"]
    assert finish[1:] == ["if defined JX_OLDCP chcp %JX_OLDCP% >nul", "if defined JX_PAUSE pause",
                          "endlocal & exit /b %JX_RC%"]
    for label, lines in blocks().items():
        body = [line for line in lines if line.strip() and not line.startswith(("rem", ":"))]
        if label in ("(top)", "args_done", "finish") or not body:
            continue  # the top and args_done fall through on purpose; finish is the way out
        assert re.match(r"goto (:eof|\w+)$", body[-1]), f"{label} falls through into the next label"


def test_every_goto_and_call_has_its_label():
    targets = re.findall(r"\b(?:goto|call) :?(\w+)", "\n".join(LINES), re.IGNORECASE)
    assert {t.lower() for t in targets} - {"eof"} <= LABELS
    assert {"finish", "no_python", "uninstall", "usage"} <= LABELS


def test_echoed_text_is_taken_literally():
    known = {"JX_DIR", "JX_ARG", "PYTHON"}
    for line in LINES:
        m = re.match(r"(?:>&2 )?echo (.*)$", line)
        if not m:
            continue
        text = m.group(1)
        assert not re.search(r"[<>|&^]", text), line
        assert set(re.findall(r"%(\w+)%", text.replace("%%", ""))) <= known, line
        assert "(" not in line.split("echo")[0], "no echo inside a ( ) block: " + line
    assert not any(line.rstrip().endswith("(") for line in LINES), "no multi-line ( ) blocks"


def test_says_in_chinese_what_is_missing():
    text = "\n".join(LINES)
    assert "没有找到 Python 3.11 或更新版本：请先安装 python-3.12.x-amd64.exe（可从其他电脑拷贝）" in text
    assert '-c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)"' in text  # > inside quotes
    assert '%JX_PY% "%~dp0install.py" "%JX_DIR%"' in text
