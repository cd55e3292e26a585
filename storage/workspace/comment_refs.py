"""The 审核意见 of a workspace as a list people read (``jixiao check``, ``jixiao comment list``):
each with its file and line, and the reference ``u01/p03#2`` (the second ``[[comments]]`` of
that file) that ``jixiao comment resolve`` takes. Comments are appended and never removed, so a
reference stays valid."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from model.comments import Comment, describe
from model.workspace import Unit
from storage.workspace import layout
from storage.workspace.decode import comment_lines


@dataclass(frozen=True)
class CommentRef:
    file: str
    line: int | None
    unit: str  # names, for people
    project: str
    unit_id: str
    project_id: str
    number: int  # 1-based, in the file
    comment: Comment
    about: str  # the target as people read it (an indicator renamed since says so)

    @property
    def ref(self) -> str:
        return f"{self.unit_id}/{self.project_id}#{self.number}"

    def text_line(self) -> str:
        """``u01/p01.toml:40: comment u01/p01#1 单位 › 项目 总计｜王审核 …：请核实`` (as ``check``'s lines)."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        state = "resolved" if self.comment.resolved else "comment"
        return f"{where}: {state} {self.ref} {self.unit} › {self.project} {self.about}"

    def to_dict(self) -> dict:
        c = self.comment
        return {"kind": "comment", "severity": "comment", "ref": self.ref, "file": self.file, "line": self.line,
                "unit": self.unit, "project": self.project, "unit_id": self.unit_id,
                "project_id": self.project_id, "target": c.target, "author": c.author, "date": c.date,
                "text": c.text, "resolved": c.resolved, "resolved_by": c.resolved_by,
                "resolved_date": c.resolved_date}


def unit_comments(unit: Unit, raw: Callable[[str], bytes | None], resolved_too: bool = False) -> list[CommentRef]:
    """The unit's comments (open ones only unless ``resolved_too``), in file order; ``raw``
    reads a file's bytes for the lines (only files with a comment to list are read)."""
    out: list[CommentRef] = []
    for p in unit.projects:
        wanted = [(n, c) for n, c in enumerate(p.comments, 1) if resolved_too or not c.resolved]
        if not wanted:
            continue
        rel = layout.project_path(unit, p)
        lines = comment_lines(raw(rel))
        for n, c in wanted:
            line = lines[n - 1] if n <= len(lines) else None
            out.append(CommentRef(rel, line, unit.name, p.name, unit.id, p.id, n, c, describe(c, p.indicators)))
    return out


def all_comments(units: Iterable[Unit], raw: Callable[[str], bytes | None],
                 resolved_too: bool = False) -> list[CommentRef]:
    return [r for u in units for r in unit_comments(u, raw, resolved_too)]

