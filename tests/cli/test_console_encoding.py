"""Output on a console or file that cannot hold every character: a GBK code page (what a
Chinese Windows uses when output is redirected) or any other ``PYTHONIOENCODING``. The real
command line runs in a child process; text output never fails and shows stand-ins for the
symbols GBK lacks (› → >, ☑ → √, ↕ → ↑↓); ``--format json`` is UTF-8 whatever the encoding."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.gitrepo import git, git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tests.paths import ROOT, SAMPLE

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def run(args, encoding="gbk", stdout=None, cwd=ROOT):
    """``python -m tui.cli ARGS`` with its output encoded as ``encoding``: (exit code, stdout
    bytes, stderr bytes); ``stdout``: a file to redirect it to instead of a pipe."""
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONUTF8": "0", "COLUMNS": "200"}
    r = subprocess.run([sys.executable, "-m", "tui.cli", *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                       stdout=stdout if stdout is not None else subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    assert b"Traceback" not in r.stderr and b"UnicodeEncodeError" not in r.stderr, r.stderr.decode("utf-8", "replace")
    return r.returncode, r.stdout, r.stderr


@pytest.fixture
def marked(tmp_path):
    """The sample in a folder named 工作区☑, project p01 named …购置经费☑ with its total off by
    0.01 (F1, located 单位 › 项目 › 总计)."""
    ws = tmp_path / "工作区☑"
    shutil.copytree(SAMPLE, ws)
    p01 = ws / "u01" / "p01.toml"
    text = p01.read_text("utf-8")
    p01.write_text(text.replace('name = "市人社数据服务中心购置经费"', 'name = "市人社数据服务中心购置经费☑"')
                   .replace("total = 17.60", "total = 17.61"), "utf-8")
    return ws


UNIT = "广州市人力资源和社会保障数据服务中心"
F1 = "总计 17.61 ≠ 财政拨款 17.60 + 财政专户拨款 0.00 + 其他资金 0.00 = 17.60，总计多 0.01 万元"


def test_check_text_in_gbk_shows_stand_ins_and_never_fails(marked, tmp_path):
    out_file = tmp_path / "out.txt"
    with open(out_file, "wb") as f:  # redirected to a file, as `jixiao check > 问题.txt` does
        code, _, err = run(["check", str(marked)], stdout=f)
    assert code == 1
    lines = out_file.read_bytes().decode("gbk").splitlines()
    assert lines[0] == f"u01/p01.toml: error F1 {UNIT} > 市人社数据服务中心购置经费√ > 总计 {F1}"
    assert err.decode("gbk").splitlines()[-1] == f"{tmp_path / '工作区√'}: 1 个单位，19 个项目，81 个指标；2 个错误，3 个警告"


@pytest.mark.parametrize("encoding", ["gbk", "latin-1", "ascii", "utf-8"])
def test_check_json_is_utf8_whatever_the_encoding(marked, encoding):
    code, out, _ = run(["check", str(marked), "--format", "json"], encoding=encoding)
    assert code == 1
    data = json.loads(out.decode("utf-8"))
    assert (data[0]["project"], data[0]["message"]) == ("市人社数据服务中心购置经费☑", F1)


def test_check_text_in_ascii_escapes_what_has_no_stand_in(marked):
    code, out, _ = run(["check", str(marked)], encoding="ascii")
    assert code == 1
    line = out.decode("ascii").splitlines()[0]
    assert line.startswith("u01/p01.toml: error F1 \\u5e7f\\u5dde") and " > " in line and "[x]" in line


def test_argparse_help_and_errors_in_gbk():
    code, out, _ = run(["--help"])
    assert code == 0 and out.decode("gbk").startswith("用法：jixiao [-h] [--version]")
    code, out, err = run(["check", "--format", "›"])
    assert code == 2
    assert err.decode("gbk").splitlines()[-1] == "jixiao check：错误：参数 --format：值 '>' 无效（可选：'text', 'json'）"
    code, out, err = run(["--version"])
    assert code == 0 and out.decode("gbk").startswith("jixiao ")


def test_import_and_export_messages_in_gbk(tmp_path):
    from tests.storage.published.test_text_import import TABLE

    src = tmp_path / "表☑.txt"
    src.write_text(TABLE.replace("校舍维修", "校舍维修☑"), "utf-8")
    ws = tmp_path / "新工作区"
    code, out, err = run(["import", str(src), "--into", str(ws)])
    assert code == 0
    assert out.decode("gbk").splitlines()[0] == f"已导入 2 个单位、2 个项目、4 个指标到 {ws}"
    assert f"{tmp_path / '表√.txt'}: 第5行: 警告 合计行总计" in err.decode("gbk")
    code, out, err = run(["export", str(ws), "-o", str(tmp_path / "表.xlsx"), "--force"])
    assert code == 0 and out.decode("gbk").endswith(f"→ {tmp_path / '表.xlsx'}\n")
    code, out, err = run(["export", str(ws), "-o", str(tmp_path / "表.xlsx")])
    assert code == 1
    assert f"jixiao export: {tmp_path / '表.xlsx'} 已存在" in err.decode("gbk")


@pytest.mark.usefixtures("git_env")
def test_diff_text_in_gbk_and_json_in_utf8(tmp_path):
    ws = sample_repo(tmp_path)
    p01 = ws / "u01" / "p01.toml"
    text = p01.read_text("utf-8")
    first, second = text.index("[[indicators]]"), text.index("[[indicators]]", text.index("[[indicators]]") + 1)
    third = text.index("[[indicators]]", second + 1)
    swapped = text[:first] + text[second:third] + text[first:second] + text[third:]  # indicators 1 and 2 swap
    p01.write_text(swapped.replace('name = "市人社数据服务中心购置经费"', 'name = "购置经费☑"'), "utf-8")
    code, out, _ = run(["diff", "-w", str(ws), "--color", "never"])
    assert code == 0
    lines = out.decode("gbk").splitlines()
    assert lines == ["比较：HEAD → 工作区（未提交）", f"~ 单位 u01 {UNIT}", "  ~ p01 购置经费√",
                     "      项目名称：市人社数据服务中心购置经费 → 购置经费√",
                     "      ↑↓ 指标「物品验收率」顺序：第 2 项 → 第 1 项"]
    code, out, _ = run(["diff", "-w", str(ws), "--format", "json"])
    assert code == 0 and "购置经费☑" in out.decode("utf-8")
    json.loads(out.decode("utf-8"))


@pytest.mark.usefixtures("git_env")
def test_init_message_in_gbk(tmp_path):
    target = tmp_path / "工作区☑"
    code, out, err = run(["init", str(target), "--department", "某某单位"])
    assert code == 0, err.decode("gbk")
    assert out.decode("gbk") == f"已新建工作区 {tmp_path / '工作区√'}（git 仓库，已安装提交前检查，并完成第一次提交）\n"


def test_every_command_writes_its_json_through_out_json():
    """A guard for commands added later: JSON printed with ``out`` would take the console's
    code page (GBK) instead of UTF-8."""
    offenders = [f"{p.name}:{n}" for p in sorted((ROOT / "tui" / "cli").glob("*.py"))
                 for n, line in enumerate(p.read_text("utf-8").splitlines(), 1) if "out(json.dumps" in line]
    assert offenders == []
