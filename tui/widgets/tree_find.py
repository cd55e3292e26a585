"""Type-to-find in the workspace tree: letters typed on the tree jump to the next project whose
name contains them (as in Explorer or Excel's sheet list). The typed text is shown in the tree's
top border; it starts afresh after a pause, Esc clears it, Backspace takes back a character."""

from __future__ import annotations

from textual import events

FIND_PAUSE = 2.0  # seconds without a key: the next key starts a new search (IME users are slow)


class TypeToFind:
    """Mixed into WorkspaceTree (which provides ``summary``, ``current`` and ``reveal``)."""

    find_text = ""
    _find_timer = None

    def on_key(self, event: events.Key) -> None:
        if event.key in self.screen.active_bindings:  # a bound key (space marks) keeps its meaning
            return
        if event.key == "escape" and self.find_text:
            self.end_find()
        elif event.key == "backspace" and self.find_text:
            self._find(self.find_text[:-1], fresh=False)
        elif event.character and event.character.isprintable() and not event.character.isspace():
            if self.app.session is None:  # the snapshot: the projects cannot be shown yet
                return
            self._find(self.find_text + event.character, fresh=not self.find_text)
        else:
            return
        event.stop()
        event.prevent_default()

    def _find(self, text: str, fresh: bool) -> None:
        """Move to the first project from the cursor on whose name contains ``text``; ``fresh``
        (a new search): from the one after the cursor, so typing again goes on to the next."""
        self.find_text = text
        if self._find_timer is not None:
            self._find_timer.stop()
        self._find_timer = self.set_timer(FIND_PAUSE, self.end_find)
        if not text:
            self._show_find("")
            return
        found = self.next_match(text, fresh)
        if found is not None:
            self.reveal(*found)
        self._show_find(f"查找：{text}" + ("" if found else "（没有找到）"))

    def next_match(self, text: str, fresh: bool) -> tuple[str, str] | None:
        needle = text.casefold()
        order = [(uid, pid, name) for uid in self.summary.unit_ids()
                 for pid, name in zip(self.summary.project_ids(uid), self.summary.project_names(uid))]
        ref = self.current
        start = 0
        if ref is not None and ref.kind == "project":
            at = next((i for i, (u, p, _) in enumerate(order) if (u, p) == (ref.unit_id, ref.project_id)), -1)
            start = at + 1 if fresh else max(at, 0)
        elif ref is not None and ref.unit_id:  # on a unit: from its first project
            start = next((i for i, (u, _, _) in enumerate(order) if u == ref.unit_id), 0)
        for uid, pid, name in order[start:] + order[:start]:
            if needle in name.casefold():
                return uid, pid
        return None

    def end_find(self) -> None:
        self.find_text = ""
        if self._find_timer is not None:
            self._find_timer.stop()
            self._find_timer = None
        self._show_find("")

    def _show_find(self, title: str) -> None:
        self.border_title = title or None
        self.set_class(bool(title), "finding")
