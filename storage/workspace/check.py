"""``jixiao check`` on a folder: every diagnostic, in the order ``Store.diagnostics()`` gives.

A large workspace is read and validated unit by unit in worker processes (one per core): the
units are independent, and what comes back is only diagnostics and a few counts, so the work
splits cleanly. Small workspaces, and platforms without ``fork``, stay in one process.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from model.validate import Diagnostic, check_workspace_text, validate_unit
from storage.workspace import layout
from storage.workspace.comment_refs import CommentRef, unit_comments
from storage.workspace.store import Store

PARALLEL_FROM = 1500  # project files; below this a second process costs more than it saves


@dataclass
class Checked:
    root: Path
    diagnostics: list[Diagnostic]
    units: int
    projects: int
    indicators: int
    comments: list[CommentRef] = field(default_factory=list)  # open 审核意见: never problems


@dataclass
class _UnitResult:
    read_problems: list[Diagnostic]
    diagnostics: list[Diagnostic]
    name: str | None  # None when the unit could not be read
    projects: int
    indicators: int
    comments: list[CommentRef] = field(default_factory=list)


def _check_units(root: str, unit_ids: list[str]) -> tuple[list[_UnitResult], set[tuple[int, int]]]:
    """The units' results, and the identities of the files read (see ``_shared_file``)."""
    store = Store(Path(root), Store.open_header(root).workspace)
    codes, rules = store.workspace.codes, store.workspace.rules
    out = []
    for uid in unit_ids:
        before = len(store.problems)
        unit = store.read_unit_file(uid)
        problems = store.problems[before:]
        if unit is None:
            out.append(_UnitResult(problems, [], None, 0, 0))
            continue
        diags = validate_unit(unit, codes, layout.file_of, store.workspace.year, rules)
        out.append(_UnitResult(problems, diags, unit.name, len(unit.projects),
                               sum(len(p.indicators) for p in unit.projects), unit_comments(unit, store.raw)))
    return out, store.file_identities()


def _shared_file(parts: list[tuple[list[_UnitResult], set[tuple[int, int]]]]) -> bool:
    """Whether two workers read one file under two names (a hard link between units): only a
    single reader can tell which name came first, report the second (S3) and count it once."""
    seen: set[tuple[int, int]] = set()
    for _, identities in parts:
        if seen & identities:
            return True
        seen |= identities
    return False


def _count_files(root: str, unit_ids: list[str]) -> int:
    n = 0
    for uid in unit_ids:
        try:
            n += len(os.listdir(os.path.join(root, uid)))
        except OSError:
            pass
    return n


def check_folder(root: str | os.PathLike[str], jobs: int | None = None) -> Checked:
    """Raises ``StorageError`` when the folder is no readable workspace."""
    header = Store.open_header(root)
    ids = header.unit_ids
    root_s = str(header.root)
    jobs = jobs or min(os.cpu_count() or 1, 8)
    parallel = (jobs > 1 and len(ids) > 1 and "fork" in multiprocessing.get_all_start_methods()
                and _count_files(root_s, ids) >= PARALLEL_FROM)
    if parallel:
        chunks = [ids[i::jobs] for i in range(jobs)]
        chunks = [c for c in chunks if c]
        with ProcessPoolExecutor(len(chunks), mp_context=multiprocessing.get_context("fork")) as pool:
            parts = list(pool.map(_check_units, [root_s] * len(chunks), chunks))
        by_id = {uid: r for chunk, (part, _) in zip(chunks, parts) for uid, r in zip(chunk, part)}
        results = [by_id[uid] for uid in ids]
        if _shared_file(parts):  # rare: read again in one process, as Store.open does
            results = _check_units(root_s, ids)[0]
    else:
        results = _check_units(root_s, ids)[0]
    # same order as Store.diagnostics(): reading problems, then validation unit by unit
    diags = list(header.problems)
    for r in results:
        diags.extend(r.read_problems)
    rules = header.workspace.rules  # reading problems (header.problems …) already carry its severities
    diags.extend(rules.apply(check_workspace_text(header.workspace, layout.WORKSPACE_FILE)))
    names: set[str] = set()
    for uid, r in zip(ids, results):
        if r.name is None:
            continue
        key = r.name.strip()
        if key and key in names:
            diags.extend(rules.apply([Diagnostic("U1", f"单位名称「{key}」重复", f"{uid}/{layout.UNIT_FILE}", r.name, "", None,
                                                 "name", None, uid)]))
        names.add(key)
        diags.extend(r.diagnostics)
    units = sum(1 for r in results if r.name is not None)
    return Checked(header.root, diags, units, sum(r.projects for r in results), sum(r.indicators for r in results),
                   [c for r in results for c in r.comments])
