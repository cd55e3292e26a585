"""The ``jixiao`` command line: open the editor, or check / import / export without it.

Heavy imports (textual, openpyxl) happen inside the command that needs them, so
``jixiao check`` in a pre-commit hook starts fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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


COMMANDS = ("check", "import", "export", "diff", "commit", "init", "hooks", "bundle", "pull")


def _out(text: str = "", err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:  # a legacy console code page: degrade, never crash
        stream.write(text.encode(stream.encoding or "ascii", "replace").decode(stream.encoding or "ascii") + "\n")


def _open_store(path: str | None):
    from storage.workspace.store import Store

    return Store.open(_workspace_root(path))


def _workspace_root(path: str | None) -> Path:
    from storage.workspace.store import StorageError, find_root

    start = Path(path or ".")
    root = find_root(start) if path is None else start
    if root is None:
        raise StorageError(f"{start.resolve()} 及其上级文件夹中没有 jixiao 工作区（jixiao.toml）")
    return root


def cmd_check(args: argparse.Namespace) -> int:
    from storage.workspace.check import check_folder
    from storage.workspace.store import StorageError

    try:
        checked = check_folder(_workspace_root(args.workspace))
    except StorageError as e:
        _out(f"jixiao check: {e}", err=True)
        return 2
    diags = checked.diagnostics
    if args.format == "json":
        import json

        _out(json.dumps([d.to_dict() for d in diags], ensure_ascii=False, indent=2))
    else:
        for d in diags:
            _out(d.text_line())
    errors = sum(1 for d in diags if d.severity == "error")
    _out(
        f"{checked.root}: {checked.units} 个单位，{checked.projects} 个项目，{checked.indicators} 个指标；"
        f"{errors} 个错误，{len(diags) - errors} 个警告",
        err=True,
    )
    return 1 if errors else 0


def cmd_import(args: argparse.Namespace) -> int:
    from storage.workspace.store import StorageError, write_new_workspace

    source = Path(args.source)
    if source.is_dir():
        _out(f"jixiao import: {source} 是文件夹；请给出要导入的表格文件（.txt/.tsv 或 .xlsx）", err=True)
        return 2
    if not source.is_file():
        _out(f"jixiao import: 找不到文件 {source}", err=True)
        return 2
    into = Path(args.into)
    if into.exists() and not into.is_dir():
        _out(f"jixiao import: {into} 是文件，不是文件夹；--into 应为新工作区的文件夹", err=True)
        return 2
    if into.exists() and any(p.name != ".git" for p in into.iterdir()):
        _out(f"jixiao import: {into} 不是空文件夹，拒绝写入（以免覆盖已有内容）", err=True)
        return 2
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        from storage.published.xlsx_import import XlsxImportError, import_xlsx

        try:
            result = import_xlsx(source, year=args.year)
        except XlsxImportError as e:
            _out(f"jixiao import: {source}: {e}", err=True)
            return 2
    else:
        from storage.published.text_import import import_text

        result = import_text(source, year=args.year)
    for p in result.warnings:
        _out(f"{source}: {p.where}: 警告 {p.message}", err=True)
    for p in result.errors:
        _out(f"{source}: {p.where}: 错误 {p.message}", err=True)
    if result.errors:
        _out(f"jixiao import: {len(result.errors)} 处无法读取，未写入任何文件", err=True)
        return 1
    try:
        store = write_new_workspace(result.workspace, into)
    except StorageError as e:
        _out(f"jixiao import: {e}", err=True)
        return 2
    n_units, n_projects, n_ind = result.workspace.counts()
    _out(f"已导入 {n_units} 个单位、{n_projects} 个项目、{n_ind} 个指标到 {store.root}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from storage.workspace.store import StorageError

    try:
        store = _open_store(args.workspace)
    except StorageError as e:
        _out(f"jixiao export: {e}", err=True)
        return 2
    try:
        from storage.published.export import export_cli
    except ImportError:
        _out("jixiao export: 本版本尚未提供 XLSX 导出", err=True)
        return 2
    return export_cli(store, args, _out)


def cmd_open(argv: list[str]) -> int:
    _chinese_argparse()
    parser = argparse.ArgumentParser(prog="jixiao", description="项目支出绩效目标表编辑器")
    parser.add_argument("workspace", nargs="?", help="工作区文件夹（默认当前文件夹）")
    parser.add_argument("--goto", metavar="NAME", help="打开名称包含 NAME 的第一个项目")
    args = parser.parse_args(argv)
    import gc

    from storage.workspace.filesource import find_root
    from storage.workspace.snapshot import start_reading

    root = Path(args.workspace) if args.workspace else find_root(Path.cwd())
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
            _out(f"jixiao: {e}", err=True)
            return 2
        if snapshot is not None:
            return run_app(root, goto=args.goto, snapshot=snapshot)
    from storage.workspace.store import StorageError, Store

    try:
        root = _workspace_root(args.workspace)
        Store.open_header(root)  # a missing or broken jixiao.toml: say so here, before the screen
    except StorageError as e:
        gc.enable()
        _out(f"jixiao: {e}", err=True)
        return 2
    from tui.app import run_app

    return run_app(root, goto=args.goto, prefetch=prefetch)  # reads the workspace in the background


def build_parser() -> argparse.ArgumentParser:
    _chinese_argparse()
    parser = argparse.ArgumentParser(prog="jixiao", description="项目支出绩效目标表：检查、导入、导出")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="检查工作区，列出全部问题")
    p.add_argument("workspace", nargs="?", help="工作区文件夹（默认：当前文件夹或其上级）")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("import", help="导入已公开的绩效目标表（文本/TSV 或 XLSX）为新工作区")
    p.add_argument("source", help="源文件：.txt/.tsv 或 .xlsx")
    p.add_argument("--into", required=True, metavar="DIR", help="新工作区文件夹（必须为空或不存在）")
    p.add_argument("--year", type=int, help="预算年度（默认从标题中读取）")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("export", help="导出为公开格式的 XLSX")
    p.add_argument("workspace", nargs="?", help="工作区文件夹（默认：当前文件夹或其上级）")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    p.add_argument("--force", action="store_true", help="有错误时仍然导出")
    p.add_argument("--layout", choices=("table", "detail"), default="table",
                   help="table：公开的汇总表；detail：逐项目的申报表")
    p.set_defaults(func=cmd_export)
    from tui.cli.git import add_parsers

    add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in COMMANDS or argv[:1] in (["-h"], ["--help"]):
        args = build_parser().parse_args(argv)
        return args.func(args)
    return cmd_open(argv)

