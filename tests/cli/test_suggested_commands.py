"""The command lines jixiao suggests hold paths as they must be typed: a Windows user's folder
often has a space (C:\\Users\\Zhang San\\Desktop), so such a path comes in double quotes."""

import shlex

import pytest

from tui.cli import main
from tui.cli.output import arg


@pytest.mark.parametrize("path, typed", [
    (r"D:\新工作区", r"D:\新工作区"),
    (r"C:\Users\Zhang San\Desktop\工作区", r'"C:\Users\Zhang San\Desktop\工作区"'),
    ("预算 2025&2026", '"预算 2025&2026"'),
])
def test_a_path_is_quoted_only_when_a_shell_would_split_it(path, typed):
    assert arg(path) == typed


def test_import_suggests_commands_that_a_shell_reads_back(tmp_path, capsys):
    from tests.storage.published.test_text_import import TABLE

    src = tmp_path / "表.txt"
    src.write_text(TABLE, "utf-8")
    ws = tmp_path / "Zhang San 的桌面" / "新 工作区"
    assert main(["import", str(src), "--into", str(ws)]) == 0
    steps = capsys.readouterr().out.splitlines()[1]
    assert steps == f'下一步：jixiao "{ws}" 打开编辑器核对；jixiao init "{ws}" 把它建为 git 仓库，记下这一版和以后的每次修改'
    for command in steps.removeprefix("下一步：").split("；"):
        words = shlex.split(command)
        assert words[0] == "jixiao" and str(ws) in words
