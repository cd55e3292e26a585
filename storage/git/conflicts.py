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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from model.codes import CodeTable, default_codes
from model.comments import merge_comments
from model.diff import FieldChange, match_indicators, project_field_differences
from model.fields import FUNDING_LABELS, PROJECT_FIELDS
from model.workspace import Indicator, Project
from storage.atomic import atomic_write
from storage.errors import StorageError
from storage.git.command import engine, repo_for
from storage.git.revisions import cat_blobs, index_entries
from storage.toml import textform
from storage.toml.render import render
from storage.workspace import layout
from storage.workspace.conflict_markers import BASE, OURS, SEP, THEIRS
from storage.workspace.decode import parse_project

Side = Literal["ours", "theirs"]


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
        if state == "both" and OURS.match(bare):
            state, seen = "ours", True
        elif state == "ours" and BASE.match(bare):
            state, has_base = "base", True
        elif state in ("ours", "base") and SEP.match(bare):
            state = "theirs"
        elif state == "theirs" and THEIRS.match(bare):
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
    fields: list[FieldChange] = field(default_factory=list)  # every difference; old = ours, new = theirs
    ours_text: str | None = None
    theirs_text: str | None = None
    # differences only one side made since the common base: taken from that side by default
    auto: dict[str, Side] = field(default_factory=dict)

    @property
    def conflicts(self) -> list[FieldChange]:
        """The fields both sides changed, differently: the user chooses."""
        return [f for f in self.fields if f.field not in self.auto]

    def combine(self, choices: dict[str, Side], codes: CodeTable | None = None) -> Project:
        """Our version with the fields chosen ``"theirs"`` taken from theirs; fields not in
        ``choices`` follow ``self.auto`` (the side that changed them), else ours.

        Keys are the ``field`` of ``self.fields``: ``name``, ``total`` … ``goal``, and for
        indicators ``indicators[N].annual`` (a field of a matched indicator),
        ``indicators+[N]`` (an indicator only theirs has: "theirs" adds it),
        ``indicators-[N]`` (one only ours has: "theirs" drops it) and ``indicators.order``.
        When one side deleted the file, the only choice is ``"file"``: whose version to keep."""
        choices = {**self.auto, **choices}
        if self.ours is None or self.theirs is None:
            side = self.theirs if choices.get("file") == "theirs" else self.ours
            if side is None:
                raise StorageError(f"{self.rel}：这一方删除了项目，没有可合并的字段")
            return side.model_copy(deep=True)
        codes = codes or default_codes()
        ours, theirs = self.ours, self.theirs
        result = ours.model_copy(deep=True)
        for key in PROJECT_FIELDS:
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
        # 审核意见 are never a choice: both sides' are kept (model.comments.merge_comments)
        result.comments = merge_comments(self.base.comments if self.base else [], ours.comments, theirs.comments)
        return result


def _where(rel: str) -> tuple[str, str]:
    key = layout.project_of(rel)
    if key is None:
        raise StorageError(f"{rel} 不是项目文件（应为 单位/项目.toml）")
    return key


def conflict_from_texts(rel: str, ours_text: str | None, theirs_text: str | None,
                        base_text: str | None = None, codes: CodeTable | None = None) -> ProjectConflict:
    unit_id, pid = _where(rel)

    def parse(text: str | None, side: str) -> Project | None:
        return None if text is None else parse_project(text.encode("utf-8"), pid, f"{rel}（{side}）")

    ours, theirs, base = parse(ours_text, "我方"), parse(theirs_text, "对方"), parse(base_text, "共同祖先")
    fields: list[FieldChange] = []
    auto: dict[str, Side] = {}
    if ours is not None and theirs is not None:
        codes = codes or default_codes()
        fields = project_field_differences(ours, theirs, codes)
        if base is not None:
            auto = one_sided(base, ours, theirs, fields, codes)
    return ProjectConflict(rel, unit_id, pid, ours, theirs, base, fields, ours_text, theirs_text, auto)


_INDICATOR_FIELD = re.compile(r"^indicators\[(\d+)\]\.(\w+)$")
_INDICATOR_ONLY = re.compile(r"^indicators([+-])\[(\d+)\]$")


def one_sided(base: Project, ours: Project, theirs: Project, fields: list[FieldChange],
              codes: CodeTable) -> dict[str, Side]:
    """For each difference, the side that made it when only one did (the other still has the
    base value); a difference both sides made is left out: that is a real conflict."""
    ours_of = dict(match_indicators(ours.indicators, theirs.indicators, codes, codes))  # ours i -> theirs j
    theirs_to_ours = {j: i for i, j in ours_of.items()}
    base_of_theirs = {j: b for b, j in match_indicators(base.indicators, theirs.indicators, codes, codes)}
    base_of_ours = {i: b for b, i in match_indicators(base.indicators, ours.indicators, codes, codes)}
    out: dict[str, Side] = {}

    def side(base_value, ours_value, theirs_value) -> Side | None:
        if ours_value == base_value:
            return "theirs"
        if theirs_value == base_value:
            return "ours"
        return None

    for f in fields:
        who: Side | None = None
        m = _INDICATOR_FIELD.match(f.field)
        n = _INDICATOR_ONLY.match(f.field)
        if f.field in PROJECT_FIELDS:
            who = side(getattr(base, f.field), f.old, f.new)
        elif m:
            j = int(m.group(1)) - 1
            b = base_of_theirs.get(j)
            if b is None:
                b = base_of_ours.get(theirs_to_ours.get(j, -1))
            if b is not None:
                who = side(getattr(base.indicators[b], m.group(2)), f.old, f.new)
        elif n:
            k = int(n.group(2)) - 1
            if n.group(1) == "+":  # only theirs has it now
                b = base_of_theirs.get(k)
                # theirs added it -> take it; ours deleted an untouched one -> keep it deleted
                who = "theirs" if b is None else "ours" if base.indicators[b] == theirs.indicators[k] else None
            else:  # only ours has it now
                b = base_of_ours.get(k)
                who = "ours" if b is None else "theirs" if base.indicators[b] == ours.indicators[k] else None
        elif f.field == "indicators.order":
            names = [i.name for i in base.indicators]
            who = side(names, f.old, f.new)
        if who is not None:
            out[f.field] = who
    # the amounts add up (总计 = the three sources): when one of them is a real conflict, the
    # user chooses all of them rather than get a mix that no longer adds up
    amounts = [f.field for f in fields if f.field in FUNDING_LABELS]
    if any(a not in out for a in amounts):
        for a in amounts:
            out.pop(a, None)
    return out


def read_conflict(root: str | os.PathLike[str], unit_id: str, project_id: str,
                  codes: CodeTable | None = None) -> ProjectConflict:
    """The conflict in ``unit_id/project_id.toml``: from the index stages when git has them,
    else from the conflict markers in the file."""
    rel = f"{unit_id}/{project_id}.toml"
    _where(rel)
    repo = repo_for(root)
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
    repo = repo_for(root)
    data, arrays = layout.project_data(project)
    base = conflict.ours_text if conflict.ours is not None else conflict.theirs_text
    # in the form that version had (a Notepad BOM, Windows line endings), like any other save
    base, form = textform.decode(base.encode("utf-8")) if base is not None else (None, textform.NEW_FILE)
    text = render(base, data, None, arrays)
    atomic_write(Path(repo.root) / conflict.rel, textform.encode(text, form))
    engine().stage(repo, [repo.path(conflict.rel)])
