"""No control character reaches the terminal from the command line: names print escaped."""

import subprocess
import sys

import pytest

from tests.gitrepo import git_env, sample_repo  # noqa: F401 -- a fixture
from tui.cli import main
from tui.cli.output import out

HOSTILE = "市人社\u001b]0;pwned\u0007服务\u001b[2J"
SHOWN = "市人社\\x1b]0;pwned\\x07服务\\x1b[2J"


def hostile_name(ws):
    p = ws / "u01" / "p01.toml"
    p.write_text(p.read_text("utf-8").replace('name = "市人社数据服务中心购置经费"', 'name = "市人社\\u001b]0;pwned\\u0007服务\\u001b[2J"'), "utf-8")


def test_out_escapes_control_chars_keeps_newline_and_tab(capsys):
    out(f"a\t{HOSTILE}\nb\r\u2028", err=True)
    assert capsys.readouterr().err == f"a\t{SHOWN}\nb\\x0d\\u2028\n"


def test_check_prints_the_name_escaped_and_t2(sample_copy):
    hostile_name(sample_copy)
    r = subprocess.run([sys.executable, "-m", "tui.cli", "check", str(sample_copy)], capture_output=True)
    assert r.returncode == 1
    assert b"\x1b" not in r.stdout + r.stderr and b"\x07" not in r.stdout + r.stderr
    lines = [line for line in r.stdout.decode("utf-8").splitlines() if ": warning R" not in line]
    assert lines == [
        f"u01/p01.toml: error T2 广州市人力资源和社会保障数据服务中心 › {SHOWN} › 项目名称 "
        "项目名称第 4 个字符是控制字符 \\x1b（ESC）（共 3 个）：它看不见，却会扰乱终端显示和导出的表格；"
        "请删去（编辑器中显示为 ␛ 一类的符号）",
    ]


def test_check_json_stays_valid_json(sample_copy, capsys):
    import json

    hostile_name(sample_copy)
    p = sample_copy / "u01" / "p02.toml"
    p.write_text(p.read_text("utf-8").replace('name = "', 'name = "\\u009b\\u2028', 1), "utf-8")
    assert main(["check", str(sample_copy), "--format", "json"]) == 1
    text = capsys.readouterr().out
    assert "\x1b" not in text and "\x9b" not in text and "\u2028" not in text
    names = [d["project"] for d in json.loads(text) if not d["rule"].startswith("R")]
    assert names == [HOSTILE, "\x9b\u2028市人社数据服务中心业务运行工作经费"]


def test_diff_and_commit_print_names_escaped(tmp_path, git_env, capsys):
    ws = sample_repo(tmp_path)
    hostile_name(ws)
    for colour in ("never", "always"):
        assert main(["diff", "-w", str(ws), "--color", colour]) == 0
        text = capsys.readouterr().out
        assert "\x07" not in text and "\x1b]" not in text and "\x1b[2J" not in text
        assert f"~ p01 {SHOWN}" in text.replace("\x1b[33m~\x1b[0m", "~")
    assert "\x1b[31m市人社数据服务中心购置经费\x1b[0m" in text  # the diff's own colours stay
    assert main(["commit", "-w", str(ws), "-m", "改名"]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and f"› {SHOWN} › 项目名称 项目名称第 4 个字符是控制字符 \\x1b（ESC）" in err


def test_export_error_list_and_import_messages_escaped(sample_copy, tmp_path, capsys):
    from tests.storage.published.test_text_import import TABLE

    hostile_name(sample_copy)
    assert main(["export", str(sample_copy), "-o", str(tmp_path / "表.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and f"› {SHOWN} › 项目名称 项目名称第 4 个字符" in err
    src = tmp_path / "表\x1b[2J.txt"
    src.write_text(TABLE, "utf-8")
    ws = tmp_path / "ws\x1b]0;x\x07"
    assert main(["import", str(src), "--into", str(ws)]) == 0
    printed = capsys.readouterr().out
    assert "\x1b" not in printed and "\x07" not in printed
    assert printed.splitlines()[0] == f"已导入 2 个单位、2 个项目、4 个指标到 {tmp_path}/ws\\x1b]0;x\\x07"


def test_argparse_messages_quote_what_was_typed_escaped(capsys):
    with pytest.raises(SystemExit) as e:
        main(["check", ".", "x\x1b]0;pwned\x07"])  # "unrecognized arguments: …" quotes it as typed
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "x\\x1b]0;pwned\\x07" in err
