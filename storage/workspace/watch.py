"""Noticing files that changed on disk while the editor runs (a git pull, another editor).

Hashing every file every two seconds is too slow for 10,000 projects, so a poll first compares
``os.stat`` (mtime, size) with what it saw last time and hashes only the files whose stat
changed; a file counts as changed when its bytes differ from the store's fingerprint.
"""

from __future__ import annotations

import os

from storage.workspace.confine import read_bytes
from storage.workspace.store import Store, fingerprint


class DiskWatch:
    def __init__(self, store: Store) -> None:
        self.store = store
        # empty: the first poll hashes every file, so a change made between opening the
        # workspace and the first poll is not missed
        self._stat: dict[str, tuple[int, int] | None] = {}

    def _stat_of(self, rel: str) -> tuple[int, int] | None:
        try:
            st = os.stat(self.store.root / rel)
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    def poll(self) -> list[str]:
        """Files whose bytes differ from the store's fingerprint (deleted ones included)."""
        changed = []
        for rel, fp in list(self.store.fingerprints.items()):
            st = self._stat_of(rel)
            if rel in self._stat and st == self._stat[rel]:
                continue
            self._stat[rel] = st
            if st is None:
                changed.append(rel)
                continue
            try:
                now = fingerprint(read_bytes(self.store.root, rel))
            except OSError:
                now = None
            if now != fp:
                changed.append(rel)
        return changed

    def forget(self, rel: str) -> None:
        """Look at ``rel`` again on the next poll (after a reload or a decision about it)."""
        self._stat.pop(rel, None)
