"""The user's configuration folder (keys.toml, crash logs): the platform's place, the variable
that overrides it, and the old ~/.config/jixiao still read where it was left."""

from pathlib import Path

import pytest
from platformdirs.macos import MacOS
from platformdirs.unix import Unix
from platformdirs.windows import Windows

from tui import config
from tui.keys import load_keymap


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A home folder of our own, no JIXIAO_CONFIG_DIR (tests/tui/conftest sets one), no XDG."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    monkeypatch.delenv("JIXIAO_CONFIG_DIR")
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return home


def test_windows_keeps_it_in_appdata(home, monkeypatch):
    roaming = r"C:\Users\王五\AppData\Roaming"
    monkeypatch.setenv("WIN_PD_OVERRIDE_APPDATA", roaming)  # platformdirs' stand-in for the shell's answer
    assert config.platform_dir(Windows) == Path(roaming) / "jixiao"


def test_linux_keeps_it_in_xdg_config_home_or_dot_config(home, monkeypatch):
    assert config.platform_dir(Unix) == home / ".config" / "jixiao"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg"))
    assert config.platform_dir(Unix) == home / "xdg" / "jixiao"


def test_macos_keeps_it_in_application_support(home):
    assert config.platform_dir(MacOS) == home / "Library" / "Application Support" / "jixiao"


def test_the_variable_wins(home, monkeypatch, tmp_path):
    monkeypatch.setenv("JIXIAO_CONFIG_DIR", str(tmp_path / "mine"))
    assert config.config_dir() == tmp_path / "mine"


def test_this_platform_uses_its_own_place(home):
    assert config.config_dir() == config.platform_dir()


def test_an_old_folder_is_read_until_the_platform_folder_exists(home, monkeypatch, tmp_path):
    """Windows/macOS: a keys.toml left in ~/.config/jixiao keeps working, where it is."""
    appdata = tmp_path / "AppData" / "Roaming" / "jixiao"
    monkeypatch.setattr(config, "platform_dir", lambda: appdata)
    old = home / ".config" / "jixiao"
    assert config.config_dir() == appdata  # neither exists: the platform's place
    old.mkdir(parents=True)
    (old / "keys.toml").write_text('[keys]\nsave = "f10"\n', "utf-8")
    assert config.config_dir() == old
    assert load_keymap() == ({"save": "f10"}, [])
    appdata.mkdir(parents=True)  # moved (or created) there: the old one is no longer read
    assert config.config_dir() == appdata
    assert load_keymap() == ({}, [])


def test_a_keys_file_saved_by_notepad_with_a_bom_and_crlf_is_read(tmp_path):
    path = tmp_path / "keys.toml"
    path.write_bytes(b"\xef\xbb\xbf" + '# 我的按键\r\n[keys]\r\nsave = "f10"\r\n'.encode())
    assert load_keymap(path) == ({"save": "f10"}, [])
