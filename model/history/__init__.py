"""Editing a workspace: undoable changes, dirty files, live validation.

Every edit the editor makes goes through :class:`EditSession` (``session``). Its parts, by role:

- ``operations``: the primitive undoable operations (set an attribute, insert, remove, move,
  reorder list items), ``Change`` (one undo step) and ``Target`` (where it happened);
- ``editable``: the fields an edit may set, what typed input becomes, ``EditError``;
- ``structure`` and ``bulk``: changes planned from the objects they edit (adding, deleting,
  moving; compound edits for bulk entry), which the session applies;
- ``journal``: files as plain data (for dirtiness and the recovery journal) and restoring a
  journal as one change;
- ``live``: the diagnostics, revalidated file by file after each change;
- ``ids``: the ids new projects and units get (never one used before in the session).

The modules import one another directly, never through this package.
"""

from model.filekey import WORKSPACE_KEY, FileKey, project_key, unit_key
from model.history.editable import INDICATOR_FIELDS, WORKSPACE_FIELDS, EditError
from model.history.live import LiveDiagnostics
from model.history.operations import Change, Target
from model.history.session import EditSession

__all__ = [
    "INDICATOR_FIELDS",
    "WORKSPACE_FIELDS",
    "WORKSPACE_KEY",
    "Change",
    "EditError",
    "EditSession",
    "FileKey",
    "LiveDiagnostics",
    "Target",
    "project_key",
    "unit_key",
]
