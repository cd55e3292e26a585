"""``jixiao diff … --xlsx FILE`` and the editor's diff view: a comparison written as the printable
修订对照表 (the heading line, the target file's checks, the workbook written atomically)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from model.diff import WorkspaceDiff
from model.diff.review import review_rows
from model.workspace import Workspace


def heading(old_label: str, new_label: str, old_date: str | None = None, new_date: str | None = None) -> str:
    """``比较：HEAD（2026-11-28） → 工作区（未提交，2026-11-30）``: what the table compares."""
    def side(label: str, day: str | None) -> str:
        if not day:
            return label
        return f"{label[:-1]}，{day}）" if label.endswith("）") else f"{label}（{day}）"

    return f"比较：{side(old_label, old_date)} → {side(new_label, new_date)}；制表日期 {date.today():%Y-%m-%d}"


def review_target(path: str, force: bool) -> tuple[Path | None, str, int]:
    """The file to write, or None, why not and the exit code (2 cannot, 1 refused)."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        return None, f"输出文件名应以 .xlsx 结尾：{target}", 2
    if target.is_dir():
        return None, f"{target} 是文件夹，请给出 .xlsx 文件名", 2
    if target.exists() and not force:
        return None, f"{target} 已存在，未覆盖；换一个文件名，或加 --force 覆盖它", 1
    return target, "", 0


def build_review(d: WorkspaceDiff, new_ws: Workspace | None, old_ws: Workspace | None, compared: str) -> bytes | None:
    """The workbook's bytes; None when nothing changed (no empty table is written)."""
    from storage.published.xlsx_review import export_review, review_title

    rows = review_rows(d, new_ws, old_ws)
    if not rows:
        return None
    ws = new_ws or old_ws
    title = review_title(ws.department if ws else "", ws.year if ws else None)
    return export_review(rows, title, compared)


def write_review(d: WorkspaceDiff, new_ws: Workspace | None, old_ws: Workspace | None, compared: str,
                 path: str, force: bool, out: Callable[..., None]) -> int:
    """0 written (or nothing to write: said so), 1 the file exists, 2 cannot write."""
    from storage.atomic import FileInUseError
    from storage.os_errors import os_error_text
    from storage.published.export import write_workbook

    target, why, code = review_target(path, force)
    if target is None:
        out(f"jixiao diff: {why}", err=True)
        return code
    data = build_review(d, new_ws, old_ws, compared)
    if data is None:
        out(f"没有变化：两边相同，未写入修订对照表 {target}")
        return 0
    try:
        write_workbook(target, data)
    except FileInUseError as e:
        out(f"jixiao diff: {e}", err=True)
        return 2
    except OSError as e:
        out(f"jixiao diff: {os_error_text(e, target, '写入')}（原有文件未改动）", err=True)
        return 2
    out(f"已写入修订对照表 → {target}")
    return 0
