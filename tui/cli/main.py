"""The ``jixiao`` command line: parse the arguments and run a command (check, import/export,
the git commands), or open the editor (``jixiao [WORKSPACE]``, here).

Heavy imports (textual, openpyxl) happen inside the command that needs them, so
``jixiao check`` in a pre-commit hook starts fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from model.text import escaped
from tui.cli import crash
from tui.cli.output import out
from tui.cli.workspace import find_workspace, workspace_root
from tui.text.console import write

# argparse's own words (usage, errors) in Chinese: argparse looks each template up through its
# module-level gettext function at the moment it prints, so a small catalogue is enough.
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "位置参数",
    "show this help message and exit": "显示帮助并退出",
    "the following arguments are required: %s": "缺少参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "值 %(value)r 无效（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "值 %(value)r 格式不对（应为 %(type)s）",
    "expected one argument": "后面需要一个值",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s": "参数 %(option)s 不明确，可能是：%(matches)s",
}


def _chinese_argparse() -> None:
    argparse._ = lambda text: _ARGPARSE_ZH.get(text, text)  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """argparse, but what it prints (usage, errors quoting what was typed) has its control
    characters escaped and fits the stream's encoding like every other output (sub-commands'
    parsers are of this class too)."""

    def _print_message(self, message: str, file=None) -> None:
        if message:  # as argparse's own, through tui.text.console (a GBK file, a closed stream)
            write(file or sys.stderr, escaped(message, multiline=True))


COMMANDS = ("check", "import", "export", "diff", "commit", "init", "hooks", "bundle", "pull", "comment")


def cmd_open(argv: list[str]) -> int:
    _chinese_argparse()
    parser = Parser(prog="jixiao", description="项目支出绩效目标表编辑器")
    parser.add_argument("workspace", nargs="?", help="工作区文件夹（默认当前文件夹）")
    parser.add_argument("--goto", metavar="NAME", help="打开名称包含 NAME 的第一个项目")
    args = parser.parse_args(argv)
    import gc

    from storage.workspace.snapshot import start_reading

    root = find_workspace(args.workspace or None)
    # start reading in child processes now, while this one imports the UI: a small workspace
    # is read and validated into a snapshot for the first screen, a large one parsed by children
    child = prefetch = None
    if root is not None and (root / "jixiao.toml").is_file():
        child, prefetch = start_reading(root)
    gc.disable()  # imports and reading only add objects that stay; on again once read (tui.loading)
    if child is not None:
        from storage.workspace.snapshot import SnapshotError
        from tui.app import run_app

        try:
            snapshot = child.result()
        except SnapshotError as e:
            gc.enable()
            out(f"jixiao: {e}", err=True)
            return 2
        if snapshot is not None:
            return run_app(root, goto=args.goto, snapshot=snapshot)
    from storage.workspace.store import StorageError, Store

    try:
        root = workspace_root(args.workspace)
        Store.open_header(root)  # a missing or broken jixiao.toml: say so here, before the screen
    except StorageError as e:
        gc.enable()
        out(f"jixiao: {e}", err=True)
        return 2
    from tui.app import run_app

    return run_app(root, goto=args.goto, prefetch=prefetch)  # reads the workspace in the background


def build_parser() -> argparse.ArgumentParser:
    _chinese_argparse()
    parser = Parser(prog="jixiao", description="项目支出绩效目标表：检查、导入、导出")
    parser.add_argument("--version", action=_Version, help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", required=True)
    from tui.cli import check, comments, git, published

    for commands in (check, published, git, comments):  # in this order in the help
        commands.add_parsers(sub)
    return parser


class _Version(argparse.Action):
    """``--version``: "jixiao 0.1.0" on stdout, exit 0. The metadata is looked up only when asked
    (not on every ``jixiao check`` a pre-commit hook runs)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        parser._print_message(f"jixiao {version()}\n", sys.stdout)
        parser.exit()


def version() -> str:
    """jixiao's version from the installed package's metadata (what pip/uv installed)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("jixiao")
    except PackageNotFoundError:  # run from a source folder that was never installed
        return "（未安装，版本未知）"


def main(argv: list[str] | None = None) -> int:
    """Run a command (or the editor); never a traceback: an OSError that reaches here is said
    with its path (exit 2), any other exception is a bug told in one line with a log file
    (``tui.cli.crash``), Ctrl+C ends quietly with 130."""
    argv = sys.argv[1:] if argv is None else argv
    command = argv[0] if argv and argv[0] in COMMANDS else ""
    try:
        if command or argv[:1] in (["-h"], ["--help"], ["--version"]):
            args = build_parser().parse_args(argv)
            return args.func(args)
        return cmd_open(argv)
    except KeyboardInterrupt:
        return 130
    except OSError as e:
        return crash.os_error(command, e)
    except Exception as e:  # noqa: BLE001  (the last resort: a bug, told without a traceback)
        return crash.unexpected(command, e, argv, _workspace_of(argv))


def _workspace_of(argv: list[str]) -> Path | None:
    """The workspace the command line names (for the crash log), else the one around the
    current folder; None when neither can be found."""
    try:
        given = [a for a in argv[1 if argv and argv[0] in COMMANDS else 0:] if not a.startswith("-")]
        for a in ([argv[argv.index("-w") + 1]] if "-w" in argv[:-1] else []) + given[:1]:
            if (Path(a) / "jixiao.toml").is_file():
                return Path(a)
        return find_workspace(None)
    except (OSError, ValueError):
        return None

