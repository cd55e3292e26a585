"""Line endings between the working tree and the repository, as git converts them: with
``core.autocrlf=true`` (Git for Windows' default) a text file is CRLF on disk and LF in the
repository, so it is hashed and staged with CRLF → LF; ``input`` converts only on staging;
``false`` or unset, nothing. ``.gitattributes`` ``text`` / ``-text`` / ``eol=lf|crlf`` (and
``core.eol``) decide per path first, as in git's convert.c — dulwich's ``line_ending`` reads
them; this only applies its decision. Binary files (a NUL byte) are never converted, and with
autocrlf a file committed with CRLF stays CRLF, as git keeps it.

Files are written with LF → CRLF by dulwich itself (``reset_index`` and ``merge`` take the
same settings); what is staged records the working file's own size and time, as git does, so
the stat comparison before reading a file stays right.
"""

from __future__ import annotations

import stat
from collections.abc import Callable

from dulwich.index import ConflictedIndexEntry, Index
from dulwich.line_ending import is_binary, line_ending_filter_for_action, read_eol_config, resolve_crlf_action
from dulwich.objects import Blob
from dulwich.repo import Repo as DRepo


class LineEnds:
    """The conversion of one repository's files when they are staged (``clean``), for the
    working tree ``index`` describes (consulted for files committed with CRLF)."""

    def __init__(self, r: DRepo, index: Index):
        self.r, self.index = r, index
        self.core_eol, self.autocrlf, _ = read_eol_config(r.get_config_stack())
        self._attributes = None

    def _attrs(self, path: bytes) -> dict:
        if self._attributes is None:
            self._attributes = self.r.get_gitattributes()  # working tree's, each folder's read when first needed
        return self._attributes.match_path(path)

    def _index_has_crlf(self, path: bytes) -> Callable[[], bool]:
        def has() -> bool:
            entry = self.index[path] if path in self.index else None
            if isinstance(entry, ConflictedIndexEntry):
                entry = entry.this  # our side, as git looks
            if entry is None or not stat.S_ISREG(entry.mode) or entry.sha not in self.r.object_store:
                return False
            data = self.r.object_store[entry.sha].as_raw_string()
            return b"\r\n" in data and not is_binary(data)
        return has

    def clean(self, path: bytes, data: bytes) -> bytes:
        """The bytes git would store for a working-tree file ``path`` holding ``data``."""
        if b"\r" not in data:
            return data  # nothing to convert, whatever the settings
        action = resolve_crlf_action(self._attrs(path), self.core_eol, self.autocrlf)
        found = line_ending_filter_for_action(action, index_has_crlf=self._index_has_crlf(path))
        return data if found is None else found.clean(data, path)

    def blob(self, path: bytes, blob: Blob) -> Blob:
        """``blob`` (read from the working tree) as git would store it."""
        data = blob.as_raw_string()
        cleaned = self.clean(path, data)
        return blob if cleaned is data or cleaned == data else Blob.from_string(cleaned)
