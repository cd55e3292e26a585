"""``jixiao import LIST --layout indicators|MAPPING.toml``: an indicator list (XLSX or CSV) into an
existing workspace (the indicators of the projects it names are replaced, nothing else changes)
or into a new folder (projects without amounts or goals). All or nothing: any unreadable cell or
unknown project, and no file is written."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.cli.output import fail, out


def cmd_import_list(args: argparse.Namespace, source: Path, next_steps) -> int:
    """``next_steps(root)``: what to do after writing a new workspace (as the table import says)."""
    from storage.published.list_file import LayoutFileError, load_layout
    from tui.cli.workspace import find_workspace

    if args.layout in ("table", "detail"):
        return fail("import", f"导入时 --layout 只用于指标清单（indicators 或映射文件）；公开的汇总表直接 "
                              f"jixiao import {source} --into 新文件夹")
    try:
        layout = load_layout(args.layout)
    except LayoutFileError as e:
        return fail("import", e)
    target = Path(args.into) if args.into else find_workspace(None)
    if target is None:
        return fail("import", f"{Path.cwd()} 及其上级文件夹中没有 jixiao 工作区（jixiao.toml）；"
                              "用 --into 指定要更新的工作区，或要新建工作区的空文件夹")
    if (target / "jixiao.toml").is_file():
        return _into_workspace(args, source, layout, target)
    if target.exists() and not target.is_dir():
        return fail("import", f"{target} 是文件，不是文件夹；--into 应为工作区或新工作区的文件夹")
    if target.exists() and any(p.name != ".git" for p in target.iterdir()):
        return fail("import", f"{target} 既不是 jixiao 工作区（没有 jixiao.toml），也不是空文件夹，拒绝写入")
    return _into_new_folder(args, source, layout, target, next_steps)


def _read(source: Path, layout, codes, year):
    """The list's entries, or None after printing why it cannot be imported."""
    from storage.published.list_import import ListImportError, read_indicator_list

    try:
        read = read_indicator_list(source, layout, codes, year)
    except ListImportError as e:
        fail("import", e)
        return None, 2
    for p in read.warnings:
        out(f"{source}: {p.where}: 警告 {p.message}", err=True)
    for p in read.errors:
        out(f"{source}: {p.where}: 错误 {p.message}", err=True)
    if read.errors:
        return None, fail("import", f"{len(read.errors)} 处无法读取，未写入任何文件", code=1)
    if not read.entries:
        return None, fail("import", f"{source} 的表头之下没有指标行，未写入任何文件", code=1)
    return read.entries, 0


def _into_workspace(args, source: Path, layout, root: Path) -> int:
    from model.indicator_list.apply import apply_to_workspace
    from storage.workspace.store import StorageError, Store

    try:
        store = Store.open(root)
    except StorageError as e:
        return fail("import", e)
    ws = store.workspace
    entries, code = _read(source, layout, ws.codes, ws.year)
    if entries is None:
        return code
    result = apply_to_workspace(ws, entries)
    for p in result.errors:
        out(f"{source}: {p.where}: 错误 {p.message}", err=True)
    if result.errors:
        return fail("import", f"{len(result.errors)} 个项目在工作区中找不到，未写入任何文件", code=1)
    done = 0
    try:
        for change in result.changes:
            store.save_project(change.unit, change.project)
            done += 1
    except (StorageError, OSError) as e:
        from storage.os_errors import os_error_text

        why = e if isinstance(e, StorageError) else os_error_text(e, root, "写入")
        return fail("import", f"{why}；已更新 {done} 个项目的文件，其余 {len(result.changes) - done} 个未写入"
                              "（可用 jixiao diff 查看，改正后重新导入）")
    for change in result.changes:
        out(f"已更新{change.summary()}")
    out(f"{len(result.changes)} 个项目的指标已更新，{len(result.same)} 个项目与清单相同；"
        f"{len(result.untouched)} 个项目不在清单中，未改动。金额、绩效目标不在指标清单中，均未改动")
    changed = {(c.unit.id, c.project.id) for c in result.changes}
    diags = [d for d in store.diagnostics() if (d.unit_id, d.project_id) in changed]
    for d in diags:
        out(d.text_line(), err=True)
    if diags:
        out(f"更新的项目有 {len(diags)} 个问题（jixiao check 会报告的，见上），请在编辑器中改正", err=True)
    if result.changes:
        out(f"下一步：jixiao diff -w {root} 查看修改；jixiao commit -w {root} -m 说明 记下这一版")
    return 0


def _into_new_folder(args, source: Path, layout, target: Path, next_steps) -> int:
    from model.codes import default_codes
    from model.indicator_list.apply import new_workspace
    from storage.published.rows import assign_ids
    from storage.workspace.store import StorageError, write_new_workspace

    entries, code = _read(source, layout, default_codes(), args.year)
    if entries is None:
        return code
    ws = new_workspace(entries, default_codes(), args.year)
    assign_ids(ws)
    try:
        store = write_new_workspace(ws, target)
    except StorageError as e:
        return fail("import", e)
    n_units, n_projects, n_ind = ws.counts()
    out(f"已导入 {n_units} 个单位、{n_projects} 个项目、{n_ind} 个指标到 {store.root}；"
        "指标清单不含金额和绩效目标，这些项目的金额和绩效目标为空，请在编辑器中填写")
    out(next_steps(Path(store.root)))
    return 0
