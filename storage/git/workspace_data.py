"""Which files of a workspace folder are its data — what ``jixiao commit`` takes and the
pre-commit hook checks — and the ``.gitignore`` that keeps the rest out of ``git status``.

Data: jixiao.toml, codes.toml, rules.toml, the ``.gitattributes`` / ``.gitignore`` jixiao
writes, and in each unit folder (one holding unit.toml, on disk or in the index) its
``*.toml`` files. Anything else in the folder — a bundle, an exported workbook, a temp file
left by a crash — is left out and named, never committed behind the user's back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from storage.workspace import layout

RULES_FILE = "rules.toml"
ROOT_FILES = frozenset({layout.WORKSPACE_FILE, layout.CODES_FILE, RULES_FILE, ".gitattributes", ".gitignore"})

IGNORE_FILE = ".gitignore"
IGNORE_LINES = ("*.bundle", "*.xlsx", "*.tmp", ".jixiao/")
IGNORE_TEXT = (
    "# jixiao：不进入版本记录的文件（U 盘传递的包、导出的表格、中断留下的临时文件、编辑器的恢复文件）\n"
    + "".join(line + "\n" for line in IGNORE_LINES)
)

SHOWN = 10  # left-out files named in a message; the rest are counted


def is_workspace_data(rel: str, unit_folders: Iterable[str]) -> bool:
    """Whether a workspace-relative path is workspace data, given the unit folders."""
    if rel in ROOT_FILES:
        return True
    folder, _, name = rel.partition("/")
    return folder in unit_folders and "/" not in name and name.endswith(".toml") and not name.startswith(".")


def unit_folders(rels: Iterable[str], has_unit_file: Callable[[str], bool]) -> set[str]:
    """The folders among ``rels``' first components for which ``has_unit_file(folder)``, plus
    those whose unit.toml is itself among ``rels`` (e.g. a unit being deleted)."""
    candidates = {rel.split("/")[0] for rel in rels if "/" in rel}
    return {d for d in candidates if f"{d}/{layout.UNIT_FILE}" in rels or has_unit_file(d)}


def split_changes(root: Path, files: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """``changes.status`` of a workspace split into (its data changes, the other paths)."""
    units = unit_folders(files, lambda d: (root / d / layout.UNIT_FILE).is_file())
    data = {rel: st for rel, st in files.items() if is_workspace_data(rel, units)}
    return data, sorted(rel for rel in files if rel not in data)


def left_out_text(paths: list[str]) -> str:
    """「未提交（不属于工作区数据）：a.bundle、表.xlsx」 and what to do about them."""
    shown = "、".join(paths[:SHOWN]) + (f" 等 {len(paths)} 个文件" if len(paths) > SHOWN else "")
    return f"未提交（不属于工作区数据）：{shown}；它们留在文件夹中，需要保存时请另行存放"


def write_gitignore(root: Path) -> Path:
    """``.gitignore`` in the workspace with ``IGNORE_LINES``, keeping what it already says."""
    return ensure_lines(root / IGNORE_FILE, IGNORE_LINES, IGNORE_TEXT)


def ensure_lines(path: Path, lines: Iterable[str], text: str) -> Path:
    """Write ``text`` to a new file; to an existing one, append the ``lines`` it lacks (after
    ``text``'s comment lines), keeping everything it says."""
    try:
        current = path.read_text("utf-8")
    except FileNotFoundError:
        path.write_text(text, "utf-8", newline="\n")
        return path
    present = {line.strip() for line in current.splitlines()}
    missing = [line for line in lines if line not in present]
    if missing:
        sep = "" if current.endswith("\n") or not current else "\n"
        comment = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
        path.write_text(current + sep + comment + "".join(m + "\n" for m in missing), "utf-8", newline="\n")
    return path
