"""Which workspace a command works on: the folder given, else the current folder or its nearest
parent holding jixiao.toml."""

from __future__ import annotations

from pathlib import Path

from storage.workspace.filesource import find_root


def find_workspace(given: str | None) -> Path | None:
    """``given`` as is, else the current folder or its nearest parent holding jixiao.toml.
    Light (imports no model): the editor looks before it starts reading."""
    return Path(given) if given is not None else find_root(Path.cwd())


def workspace_root(given: str | None, option: str = "") -> Path:
    """``find_workspace``, or a StorageError saying why not. ``option`` is how the git commands
    take the folder (``-w``): a folder given there must hold jixiao.toml, and the message when
    none is found names the option."""
    from storage.workspace.store import StorageError

    root = find_workspace(given)
    if root is None:
        # named as each command has always named it
        where, hint = (Path.cwd(), f"；可用 {option} 指定") if option else (Path(".").resolve(), "")  # noqa: FURB177
        raise StorageError(f"{where} 及其上级文件夹中没有 jixiao 工作区（jixiao.toml）{hint}")
    if option and given is not None and not (root / "jixiao.toml").is_file():
        raise StorageError(f"{root} 不是 jixiao 工作区：缺少 jixiao.toml")
    return root
