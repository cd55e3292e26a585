"""``jixiao export``: refuse a workspace with errors (unless ``--force``), build the layout asked
for (the published table, or ``--layout detail``: one 申报表 per project) and write the file."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from storage.atomic import atomic_write
from storage.published.xlsx_detail import export_detail
from storage.published.xlsx_export import export_table


def export_cli(store, args, out: Callable[..., None]) -> int:
    """0 written, 1 refused because the workspace has errors, 2 cannot write."""
    target = Path(args.output)
    if target.suffix.lower() != ".xlsx":
        out(f"jixiao export: 输出文件名应以 .xlsx 结尾：{target}", err=True)
        return 2
    if target.is_dir():
        out(f"jixiao export: {target} 是文件夹，请给出 .xlsx 文件名", err=True)
        return 2
    errors = [d for d in store.diagnostics() if d.severity == "error"]
    if errors:
        for d in errors:
            out(d.text_line(), err=True)
        if not args.force:
            out(f"jixiao export: 工作区有 {len(errors)} 个错误，未导出（改正后重试，或用 --force 仍然导出）", err=True)
            return 1
        out(f"jixiao export: 工作区有 {len(errors)} 个错误，按 --force 仍然导出", err=True)
    layout = getattr(args, "layout", "table") or "table"
    if layout == "detail":
        data = export_detail(store.workspace)
    else:
        data = export_table(store.workspace)
    try:
        atomic_write(target, data)
    except OSError as e:
        out(f"jixiao export: 无法写入 {target}：{e.strerror or e}", err=True)
        return 2
    n_units, n_projects, n_ind = store.workspace.counts()
    what = "逐项目申报表" if layout == "detail" else "绩效目标表"
    out(f"已导出{what}：{n_units} 个单位、{n_projects} 个项目、{n_ind} 个指标 → {target}")
    return 0
