"""A semantic diff of two workspaces, in budget terms (pure: two models in, a structured diff out).

- ``compare``: matching units, projects and indicators and comparing them (``diff_workspaces``,
  ``diff_project``, ``project_field_differences`` for a conflict);
- ``changes``: what a diff is made of (``WorkspaceDiff`` down to ``FieldChange``);
- ``text``: long texts compared by sentence, then character by character.

The modules import one another directly, never through this package.
"""

from model.diff.changes import FieldChange, IndicatorChange, Kind, ProjectDiff, Status, UnitDiff, WorkspaceDiff
from model.diff.compare import (
    WORKSPACE_LABELS,
    diff_indicators,
    diff_project,
    diff_unit,
    diff_workspaces,
    match_indicators,
    project_field_differences,
    sum_changes,
)
from model.diff.text import Segment, TextEdit, char_segments, sentences, text_edits

__all__ = [
    "WORKSPACE_LABELS",
    "FieldChange",
    "IndicatorChange",
    "Kind",
    "ProjectDiff",
    "Segment",
    "Status",
    "TextEdit",
    "UnitDiff",
    "WorkspaceDiff",
    "char_segments",
    "diff_indicators",
    "diff_project",
    "diff_unit",
    "diff_workspaces",
    "match_indicators",
    "project_field_differences",
    "sentences",
    "sum_changes",
    "text_edits",
]
