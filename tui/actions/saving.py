"""Saving the edited files (ctrl+s) and quitting with unsaved edits (ctrl+q asks first)."""

from __future__ import annotations

from typing import Callable

from tui.actions.host import EditorMixin
from tui.screens.choice import quit_dialog
from tui.text.file_names import file_title


class SavingActions(EditorMixin):
    """Mixed into JixiaoApp."""

    def action_save(self) -> None:
        self.save()

    def save(self, then: Callable[[], None] | None = None) -> None:
        """Write every file with unsaved edits; ``then`` runs once nothing is left unsaved."""
        from storage.workspace import editing

        if not self.session.is_dirty():
            self.notify("没有需要保存的修改")
            if then:
                then()
            return
        before = set(self.session.dirty)
        result = editing.save_session(self.store, self.session, self.force)
        self.files_saved(result.saved)
        self.tree_widget.relabel(before)
        self.update_title()
        if result.saved:
            self.notify(f"已保存 {len(result.saved)} 个文件")
        for msg in result.errors:  # the edits stay in the editor, unsaved: ctrl+s again later
            self.notify(f"未保存（修改仍在编辑器中）：{msg}", severity="error", timeout=10)
        if not self.session.is_dirty():
            self.journal_settled()
        if result.saved:
            self.refresh_git_marks()
        for rel in result.conflicts:
            self.ask_conflict(rel)
        if then and not self.session.is_dirty():
            then()

    async def action_quit(self) -> None:
        from storage.workspace import editing, recovery

        if self.session is None:  # quit while reading
            self.exit(0)
            return
        if not self.session.is_dirty():
            recovery.delete_journal(self.store.root)
            self.exit(0)
            return
        files = [file_title(self.session, rel) for rel in sorted(editing.rel_of(k) for k in self.session.dirty)]

        def answered(choice: str | None) -> None:
            if choice == "save":
                self.save(then=lambda: self.exit(0))
            elif choice == "discard":
                recovery.delete_journal(self.store.root)
                self.exit(0)

        self.push_screen(quit_dialog(files), answered)
