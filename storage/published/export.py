"""``jixiao export``: refuse a workspace with errors and an existing file (unless ``--force``),
build the layout asked for (the published table, ``--layout detail``: one 申报表 per project, or
an indicator list: ``--layout indicators`` or a mapping file, as XLSX or ``--format csv``)
and write the file atomically (a failure leaves no half-written workbook, and the temp file a
killed export left beside the target is removed by the next one)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from storage.atomic import FileInUseError, atomic_write, remove_stale_temps
from storage.os_errors import os_error_text
from storage.published.xlsx_detail import export_detail
from storage.published.xlsx_export import export_table


def write_workbook(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically, first removing the temp files that killed exports
    to the same target left (older than a minute: ``storage.atomic.remove_stale_temps``)."""
    remove_stale_temps(target)
    atomic_write(target, data)


def export_cli(store, args, out: Callable[..., None]) -> int:
    """0 written, 1 refused (errors in the workspace, or the file exists), 2 cannot write (or
    cannot use the layout asked for)."""
    target = Path(args.output)
    layout = getattr(args, "layout", "table") or "table"
    fmt = getattr(args, "format", None) or "xlsx"
    listing = None
    if layout not in ("table", "detail"):
        if not getattr(args, "format", None) and target.suffix.lower() == ".csv":
            fmt = "csv"
        from storage.published.list_file import LayoutFileError, load_layout

        try:
            listing = load_layout(layout)
        except LayoutFileError as e:
            out(f"jixiao export: {e}", err=True)
            return 2
    elif fmt == "csv":
        out("jixiao export: CSV 只用于指标清单（--layout indicators 或映射文件）；汇总表和申报表导出为 .xlsx", err=True)
        return 2
    if target.suffix.lower() != f".{fmt}":
        out(f"jixiao export: 输出文件名应以 .{fmt} 结尾：{target}", err=True)
        return 2
    if target.is_dir():
        out(f"jixiao export: {target} 是文件夹，请给出 .{fmt} 文件名", err=True)
        return 2
    if target.exists() and not args.force:
        out(f"jixiao export: {target} 已存在（可能是同事改过的副本），未覆盖；换一个文件名，或加 --force 覆盖它", err=True)
        return 1
    errors = [d for d in store.diagnostics() if d.severity == "error"]
    if errors:
        for d in errors:
            out(d.text_line(), err=True)
        if not args.force:
            out(f"jixiao export: 工作区有 {len(errors)} 个错误，未导出（改正后重试，或用 --force 仍然导出）", err=True)
            return 1
        out(f"jixiao export: 工作区有 {len(errors)} 个错误，按 --force 仍然导出", err=True)
    if listing is not None:
        from storage.published.list_export import export_list_csv, export_list_xlsx

        data = (export_list_csv if fmt == "csv" else export_list_xlsx)(store.workspace, listing)
    elif layout == "detail":
        data = export_detail(store.workspace)
    else:
        data = export_table(store.workspace)
    try:
        write_workbook(target, data)
    except FileInUseError as e:  # Windows: open in Excel/WPS, or a scanner holds it
        out(f"jixiao export: {e}（原有文件未改动）", err=True)
        return 2
    except OSError as e:
        out(f"jixiao export: {os_error_text(e, target, '写入')}（原有文件未改动）", err=True)
        return 2
    n_units, n_projects, n_ind = store.workspace.counts()
    if listing is not None:
        out(f"已导出指标清单（{listing.name}，{fmt.upper()}）：{n_projects} 个项目的 {n_ind} 个指标，每行一个 → {target}")
        return 0
    what = "逐项目申报表" if layout == "detail" else "绩效目标表"
    out(f"已导出{what}：{n_units} 个单位、{n_projects} 个项目、{n_ind} 个指标 → {target}")
    return 0
