"""``jixiao import`` / ``jixiao export``: a published table (text/TSV or XLSX) into a new
workspace, and a workspace out to the published XLSX layout."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.cli.output import arg, fail, out
from tui.cli.workspace import workspace_root


def cmd_import(args: argparse.Namespace) -> int:
    from storage.workspace.store import StorageError, write_new_workspace

    if args.into is None and args.layout is None:  # as argparse said it when --into was required
        args.parser.error("缺少参数：--into")
    source = Path(args.source)
    if source.is_dir():
        return fail("import", f"{source} 是文件夹；请给出要导入的表格文件（.txt/.tsv 或 .xlsx）")
    if not source.is_file():
        return fail("import", f"找不到文件 {source}")
    if args.layout is not None:
        from tui.cli.lists import cmd_import_list

        return cmd_import_list(args, source, _next_steps)
    into = Path(args.into)
    if into.exists() and not into.is_dir():
        return fail("import", f"{into} 是文件，不是文件夹；--into 应为新工作区的文件夹")
    if into.exists() and any(p.name != ".git" for p in into.iterdir()):
        return fail("import", f"{into} 不是空文件夹，拒绝写入（以免覆盖已有内容）")
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        from storage.published.xlsx_import import XlsxImportError, import_xlsx

        try:
            result = import_xlsx(source, year=args.year)
        except XlsxImportError as e:
            return fail("import", f"{source}: {e}")
    else:
        from storage.published.text_import import import_text

        result = import_text(source, year=args.year)
    for p in result.warnings:
        out(f"{source}: {p.where}: 警告 {p.message}", err=True)
    for p in result.errors:
        out(f"{source}: {p.where}: 错误 {p.message}", err=True)
    if result.errors:
        return fail("import", f"{len(result.errors)} 处无法读取，未写入任何文件", code=1)
    try:
        store = write_new_workspace(result.workspace, into)
    except StorageError as e:
        return fail("import", e)
    n_units, n_projects, n_ind = result.workspace.counts()
    out(f"已导入 {n_units} 个单位、{n_projects} 个项目、{n_ind} 个指标到 {store.root}")
    _report_checks(result, source)
    out(_next_steps(Path(store.root)))
    return 0


def _report_checks(result, source: Path) -> None:
    """What ``jixiao check`` finds in the imported workspace (a negative amount, 12.345, a
    blank or repeated name, an unknown code …), each with the source cell or line it came from.
    The table is imported as published, so the import still succeeds: these are fixed in the
    editor, where each one is listed and jumps to its field."""
    from model.validate import validate_workspace
    from storage.workspace.layout import file_of

    diags = validate_workspace(result.workspace, file_of)
    for d in diags:
        field = "indicators" if d.indicator is not None else d.field
        origin = result.origin(d.unit_id, d.project_id, field)
        out(f"{d.text_line()}" + (f"（{source.name}: {origin}）" if origin else ""), err=True)
    errors = sum(1 for d in diags if d.severity == "error")
    if diags:
        out(f"导入的工作区有 {errors} 个错误、{len(diags) - errors} 个警告（jixiao check 会报告的问题，见上）；"
            "表格已照原样导入，请在编辑器中改正", err=True)


def _next_steps(root: Path) -> str:
    """What a new user does after an import: look at it, then start its history in git."""
    if (root / ".git").exists():
        keep = f"jixiao commit -w {arg(root)} -m 说明 把导入的这一版记为第一个版本"
    else:
        keep = f"jixiao init {arg(root)} 把它建为 git 仓库，记下这一版和以后的每次修改"
    return f"下一步：jixiao {arg(root)} 打开编辑器核对；{keep}"


def cmd_export(args: argparse.Namespace) -> int:
    from storage.workspace.store import StorageError, Store

    try:
        store = Store.open(workspace_root(args.workspace))
    except StorageError as e:
        return fail("export", e)
    try:
        from storage.published.export import export_cli
    except ImportError:
        return fail("export", "本版本尚未提供 XLSX 导出")
    return export_cli(store, args, out)


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="导入已公开的绩效目标表（文本/TSV 或 XLSX）为新工作区")
    p.add_argument("source", help="源文件：.txt/.tsv 或 .xlsx（指标清单：.xlsx 或 .csv）")
    p.add_argument("--into", metavar="DIR", help="新工作区文件夹（必须为空或不存在）；导入指标清单时也可为已有的工作区")
    p.add_argument("--year", type=int, help="预算年度（默认从标题中读取）")
    p.add_argument("--layout", metavar="indicators|映射.toml",
                   help="源文件是指标清单（每行一个指标）：indicators，或描述省级模板的映射文件")
    p.set_defaults(func=cmd_import, parser=p)
    p = sub.add_parser("export", help="导出为公开格式的 XLSX，或指标清单（XLSX/CSV）")
    p.add_argument("workspace", nargs="?", help="工作区文件夹（默认：当前文件夹或其上级）")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx|FILE.csv")
    p.add_argument("--force", action="store_true", help="有错误时仍然导出，并覆盖已有的文件")
    p.add_argument("--layout", default="table", metavar="table|detail|indicators|映射.toml",
                   help="table：公开的汇总表；detail：逐项目的申报表；indicators：指标清单（每行一个指标）；"
                        "或映射文件：按省级导入模板排列的指标清单")
    p.add_argument("--format", choices=("xlsx", "csv"), help="xlsx 或 csv（只用于指标清单；默认按文件扩展名）")
    p.set_defaults(func=cmd_export)
