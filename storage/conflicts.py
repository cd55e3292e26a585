"""A merge conflict inside one project file, as two versions of a project to choose from.

Two people editing different projects never conflict (one file per project). When both edited
the same project, git leaves the file with conflict markers and the index holds the versions
(stage 1 base, 2 ours, 3 theirs). ``read_conflict`` returns both versions as ``Project``s and
the fields that differ; ``ProjectConflict.combine`` builds the project from per-field choices,
and ``resolve_conflict`` writes it (keeping the comments of our version) and marks it resolved.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

import tomlkit
from pydantic import ValidationError

from model.codes import CodeTable, default_codes
from model.diff import FieldChange, match_indicators, project_field_differences
from model.workspace import FUNDING, Indicator, Project

from . import layout
from .atomic import atomic_write
from .store import StorageError, _explain
from .tomlfmt import emit_document, update_document

Side = Literal["ours", "theirs"]


def parse_project(data: bytes, project_id: str, where: str) -> Project:
    """A project file's bytes read exactly as ``Store`` reads them; StorageError when unreadable."""
    try:
        raw = tomllib.loads(data.decode("utf-8"), parse_float=Decimal)
    except UnicodeDecodeError:
        raise StorageError(f"{where}：文件不是 UTF-8 编码") from None
    except tomllib.TOMLDecodeError as e:
        raise StorageError(f"{where}：TOML 语法错误：{e}") from None
    try:
        project = Project.model_validate(raw)
    except ValidationError as e:
        raise StorageError(f"{where}：{_explain(e)}") from None
    except TypeError as e:
        raise StorageError(f"{where}：{e}") from None
    project.id = project_id
    return project


_OURS = re.compile(r"^<{7}(?: .*)?$")
_BASE = re.compile(r"^\|{7}(?: .*)?$")
_SEP = re.compile(r"^={7}$")
_THEIRS = re.compile(r"^>{7}(?: .*)?$")


def split_markers(text: str) -> tuple[str, str, str | None]:
    """(ours, theirs, base or None) from a file with git conflict markers (merge or diff3 style).
    ValueError when the markers are not well formed."""
    ours: list[str] = []
    theirs: list[str] = []
    base: list[str] = []
    state = "both"
    has_base = False
    seen = False
    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        if state == "both" and _OURS.match(bare):
            state, seen = "ours", True
        elif state == "ours" and _BASE.match(bare):
            state, has_base = "base", True
        elif state in ("ours", "base") and _SEP.match(bare):
            state = "theirs"
        elif state == "theirs" and _THEIRS.match(bare):
            state = "both"
        elif state == "both":
            ours.append(line)
            theirs.append(line)
            base.append(line)
        elif state == "ours":
            ours.append(line)
        elif state == "base":
            base.append(line)
        else:
            theirs.append(line)
    if not seen:
        raise ValueError("文件中没有冲突标记")
    if state != "both":
        raise ValueError("冲突标记不完整（缺少 ======= 或 >>>>>>>）")
    return "".join(ours), "".join(theirs), "".join(base) if has_base else None


@dataclass
class ProjectConflict:
    rel: str  # workspace-relative path, e.g. u01/p02.toml
    unit_id: str
    project_id: str
    ours: Project | None  # None: this side deleted the file
    theirs: Project | None
    base: Project | None = None
    fields: list[FieldChange] = field(default_factory=list)  # old = ours, new = theirs
    ours_text: str | None = None
    theirs_text: str | None = None

    def combine(self, choices: dict[str, Side], codes: CodeTable | None = None) -> Project:
        """Our version with the fields listed in ``choices`` as ``"theirs"`` taken from theirs.

        Keys are the ``field`` of ``self.fields``: ``name``, ``total`` … ``goal``, and for
        indicators ``indicators[N].annual`` (a field of a matched indicator),
        ``indicators+[N]`` (an indicator only theirs has: "theirs" adds it),
        ``indicators-[N]`` (one only ours has: "theirs" drops it) and ``indicators.order``.
        When one side deleted the file, the only choice is ``"file"``: whose version to keep."""
        if self.ours is None or self.theirs is None:
            side = self.theirs if choices.get("file") == "theirs" else self.ours
            if side is None:
                raise StorageError(f"{self.rel}：这一方删除了项目，没有可合并的字段")
            return side.model_copy(deep=True)
        codes = codes or default_codes()
        ours, theirs = self.ours, self.theirs
        result = ours.model_copy(deep=True)
        for key in ("name", *(k for k, _ in FUNDING), "goal"):
            if choices.get(key) == "theirs":
                setattr(result, key, getattr(theirs, key))
        pairs = dict(match_indicators(ours.indicators, theirs.indicators, codes, codes))
        rows: list[tuple[float, Indicator]] = []  # (position in theirs' order, indicator)
        for i, ind in enumerate(ours.indicators):
            if i not in pairs:  # only ours has it: "theirs" drops it
                if choices.get(f"indicators-[{i + 1}]") != "theirs":
                    rows.append((float("inf"), ind.model_copy()))
                continue
            j = pairs[i]
            other = theirs.indicators[j]
            ind = ind.model_copy()
            for key in ("level1", "level2", "name", "period", "annual"):
                if choices.get(f"indicators[{j + 1}].{key}") == "theirs":
                    setattr(ind, key, getattr(other, key))
            rows.append((j, ind))
        matched_theirs = set(pairs.values())
        for j, ind in enumerate(theirs.indicators):
            if j not in matched_theirs and choices.get(f"indicators+[{j + 1}]") == "theirs":
                rows.append((j, ind.model_copy()))
        if choices.get("indicators.order") == "theirs":
            rows.sort(key=lambda r: r[0])  # stable: ours-only ones stay last, in our order
        result.indicators = [ind for _, ind in rows]
        return result


def _where(rel: str) -> tuple[str, str]:
    parts = rel.split("/")
    if len(parts) != 2 or not parts[1].endswith(".toml") or parts[1] == layout.UNIT_FILE:
        raise StorageError(f"{rel} 不是项目文件（应为 单位/项目.toml）")
    return parts[0], parts[1][: -len(".toml")]


def conflict_from_texts(rel: str, ours_text: str | None, theirs_text: str | None,
                        base_text: str | None = None, codes: CodeTable | None = None) -> ProjectConflict:
    unit_id, pid = _where(rel)

    def parse(text: str | None, side: str) -> Project | None:
        return None if text is None else parse_project(text.encode("utf-8"), pid, f"{rel}（{side}）")

    ours, theirs, base = parse(ours_text, "我方"), parse(theirs_text, "对方"), parse(base_text, "共同祖先")
    fields: list[FieldChange] = []
    if ours is not None and theirs is not None:
        fields = project_field_differences(ours, theirs, codes or default_codes())
    return ProjectConflict(rel, unit_id, pid, ours, theirs, base, fields, ours_text, theirs_text)


def read_conflict(root: str | os.PathLike[str], unit_id: str, project_id: str,
                  codes: CodeTable | None = None) -> ProjectConflict:
    """The conflict in ``unit_id/project_id.toml``: from the index stages when git has them,
    else from the conflict markers in the file."""
    from .git import cat_blobs, index_entries, repo_for

    repo = repo_for(root)
    rel = f"{unit_id}/{project_id}.toml"
    path = repo.path(rel)
    stages = {e.stage for e in index_entries(repo) if e.path == path and e.stage}
    if stages:
        blobs = cat_blobs(repo, [f":{n}:{path}" for n in (1, 2, 3)])
        texts = [None if b is None else b.decode("utf-8", "replace") for b in blobs]
        return conflict_from_texts(rel, texts[1], texts[2], texts[0], codes)
    file = repo.root / rel
    try:
        text = file.read_text("utf-8")
    except FileNotFoundError:
        raise StorageError(f"{rel} 不存在") from None
    try:
        ours, theirs, base = split_markers(text)
    except ValueError as e:
        raise StorageError(f"{rel}：{e}") from None
    return conflict_from_texts(rel, ours, theirs, base, codes)


def resolve_conflict(root: str | os.PathLike[str], conflict: ProjectConflict, project: Project) -> None:
    """Write the chosen ``project`` over the conflicted file (editing our version's text, so
    its comments stay) and tell git the conflict is resolved."""
    from .git import repo_for

    repo = repo_for(root)
    data, arrays = layout.project_data(project)
    base = conflict.ours_text if conflict.ours is not None else conflict.theirs_text
    if base is None:
        text = emit_document(data, None, arrays)
    else:
        doc = tomlkit.parse(base)
        update_document(doc, data, None, arrays)
        text = doc.as_string()
    atomic_write(Path(repo.root) / conflict.rel, text.encode("utf-8"))
    repo.git("add", "--", repo.path(conflict.rel))
