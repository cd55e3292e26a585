"""Which workspace a command works on, and what it says when there is none."""

from pathlib import Path

import pytest

from storage.workspace.store import StorageError
from tests.paths import SAMPLE
from tui.cli.workspace import find_workspace, workspace_root


def test_a_given_folder_is_taken_as_is_and_otherwise_found_upwards(monkeypatch):
    monkeypatch.chdir(SAMPLE / "u01")
    assert find_workspace("elsewhere") == Path("elsewhere")
    assert find_workspace(None) == SAMPLE.resolve()
    assert workspace_root(None, option="-w") == SAMPLE.resolve()


def test_no_workspace_here_says_so_and_the_git_commands_name_their_option(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StorageError) as e:
        workspace_root(None)
    assert str(e.value) == f"{tmp_path.resolve()} 及其上级文件夹中没有 jixiao 工作区（jixiao.toml）"
    with pytest.raises(StorageError) as e:
        workspace_root(None, option="-w")
    assert str(e.value) == f"{Path.cwd()} 及其上级文件夹中没有 jixiao 工作区（jixiao.toml）；可用 -w 指定"


def test_a_folder_given_with_the_option_must_hold_jixiao_toml(tmp_path):
    assert workspace_root(str(tmp_path)) == tmp_path  # check/export: the reader says what is missing
    with pytest.raises(StorageError) as e:
        workspace_root(str(tmp_path), option="-w")
    assert str(e.value) == f"{tmp_path} 不是 jixiao 工作区：缺少 jixiao.toml"
