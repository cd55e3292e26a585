"""Files changed on disk while the editor runs, and the recovery journal of unsaved edits.

A thread worker polls the disk (storage.workspace.watch) every few seconds and when the app gets
the focus back; storage.workspace.reload decides what to take into the session and what to ask
about, and this mixin shows the outcome. The journal of unsaved edits is written in a thread
worker too, and offered back when the editor opens after a crash.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from tui.actions.host import EditorMixin
from tui.screens.choice import conflict_dialog, recovery_dialog

if TYPE_CHECKING:
    from storage.workspace.reload import Reload


class DiskActions(EditorMixin):
    """Mixed into JixiaoApp."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.watch = None  # storage.workspace.watch.DiskWatch, on the first poll
        self.force = set()  # files the user chose to overwrite despite outside changes
        self.asking: set[str] = set()  # files with a conflict question on screen
        self.journal_version = -1  # the session's version the journal on disk holds
        self.journal_problem: str | None = None  # why the last journal write failed (shown once)

    # -- changes on disk ----------------------------------------------------------------------

    def on_app_focus(self) -> None:
        self.poll_disk()

    def poll_disk(self) -> None:
        if self.session is None:  # focus came back while reading
            return
        self._poll_worker()
        self.refresh_git_marks()

    @work(thread=True, exclusive=True, group="disk")
    def _poll_worker(self) -> None:
        from storage.workspace.watch import DiskWatch

        if self.watch is None:
            self.watch = DiskWatch(self.store)
        changed = self.watch.poll()
        if changed:
            self.call_from_thread(self.disk_changed, changed)

    def disk_changed(self, rels: list[str]) -> None:
        """Files changed outside: reload those without edits; ask about the others."""
        from storage.workspace.reload import disk_changes

        for result in disk_changes(self.store, self.session, rels):
            self.show_reload(result)

    def reload(self, rel: str) -> bool:
        """Take the disk version of ``rel`` into the model (undoable). False when unreadable."""
        from storage.workspace.reload import reload_file

        return self.show_reload(reload_file(self.store, self.session, rel))

    def show_reload(self, result: Reload) -> bool:
        """Say what reading a changed file did and redraw; True when the session took it."""
        for rel in result.looked_at:
            if self.watch is not None:
                self.watch.forget(rel)
            self.force.discard(rel)
        rel, tree = result.rel, self.tree_widget
        if result.outcome == "conflict":
            self.ask_conflict(rel)
        elif result.outcome == "missing":
            self.notify(f"{rel} 已在磁盘上被删除；保存时会按编辑器中的内容重新创建", severity="warning", timeout=8)
            tree.relabel([result.key])
            self.update_title()
        elif result.outcome == "unreadable":
            tree.broken = self.store.broken
            tree.sync_structure()
            self.refresh_problems()
            self.update_title()
            self.notify(f"{rel} 在磁盘上被修改，但无法读取：{result.message}；保留编辑器中的内容",
                        severity="error", timeout=10)
        elif result.outcome == "unlisted":
            self.notify(f"{rel} 已改变，但它的单位不在工作区列表中", severity="warning")
        elif result.outcome == "reloaded":
            tree.broken = self.store.broken
            if any(k.kind in ("workspace", "unit") for k in result.change.files):
                tree.sync_structure()
            self.after_change(result.change)
            self.notify(f"已从磁盘重新载入 {rel}（ctrl+z 可撤销）", timeout=4)
            return True
        return False

    def ask_conflict(self, rel: str) -> None:
        from storage.workspace.editing import key_of

        if rel in self.asking:
            return
        self.asking.add(rel)
        deleted = not (Path(self.store.root) / rel).exists()
        project = key_of(rel).kind == "project"

        def answered(choice: str | None) -> None:
            self.asking.discard(rel)
            if choice == "load":
                self.reload(rel)
            elif choice == "delete":
                self.take_deletion(rel)
            elif choice == "keep":
                self.force.add(rel)
                self.notify(f"保存时将用你的版本{'重新创建' if deleted else '覆盖'} {rel}")

        self.push_screen(conflict_dialog(rel, deleted, project), answered)

    def take_deletion(self, rel: str) -> None:
        """A project file deleted on disk leaves the editor too (one undoable step)."""
        from storage.workspace.editing import forget_deleted, key_of

        key = key_of(rel)
        found = self.session.project(key.unit_id, key.project_id)
        if found is None:
            return
        unit, project = found
        forget_deleted(self.store, rel)
        if self.edit(lambda s: s.delete_project(unit, project)) is not None:
            self.notify(f"已从编辑器中移除 {rel}（ctrl+z 可撤销）", timeout=4)

    def files_saved(self, rels: list[str]) -> None:
        """Saved files hold the editor's version now: no longer overwritten by force, and
        looked at afresh on the next poll."""
        self.force -= set(rels)
        if self.watch is not None:
            for rel in rels:
                self.watch.forget(rel)

    # -- recovery journal ---------------------------------------------------------------------

    def write_journal(self) -> None:
        from storage.workspace import recovery

        if self.session.version == self.journal_version:
            return
        self.journal_version = self.session.version
        if self.session.is_dirty():
            self._journal_worker(recovery.journal_data(self.store, self.session))
        else:
            recovery.delete_journal(self.store.root)

    def journal_settled(self) -> None:
        """Everything is saved: no journal, until the next edit."""
        from storage.workspace import recovery

        recovery.delete_journal(self.store.root)
        self.journal_version = self.session.version

    def save_journal_now(self):
        """Write the journal here and now (on the way out after a crash): its path, or None
        when there was nothing unsaved or it could not be written."""
        from storage.workspace import recovery

        if self.session is None or not self.session.is_dirty():
            return None
        try:
            return recovery.write_journal(self.store, self.session)
        except Exception:  # noqa: BLE001  (the crash being handled is what gets reported)
            return None

    @work(thread=True, exclusive=True, group="journal")
    def _journal_worker(self, data: bytes) -> None:
        from storage.atomic import FileInUseError
        from storage.os_errors import os_error_text
        from storage.workspace import recovery
        from storage.workspace.confine import Refused

        try:
            recovery.write_journal_data(self.store.root, data)
        except Refused as e:  # .jixiao is a link: says so itself
            self.call_from_thread(self._journal_failed, str(e))
        except FileInUseError as e:  # Windows: a scanner held it for more than a second
            self.call_from_thread(self._journal_failed, f"恢复记录未写入（请及时 ctrl+s 保存）：{e}")
        except OSError as e:
            path = recovery.journal_path(self.store.root)
            self.call_from_thread(self._journal_failed, f"恢复记录未写入（请及时 ctrl+s 保存）：{os_error_text(e, path, '写入')}")
        else:
            self.journal_problem = None

    def _journal_failed(self, why: str) -> None:
        """Try again on the next tick; say so once (not every three seconds while it lasts)."""
        self.journal_version = -1
        if why != self.journal_problem:
            self.journal_problem = why
            self.notify(why, severity="error", timeout=10)

    def offer_recovery(self) -> None:
        from storage.workspace import recovery

        data = recovery.read_journal(self.store.root)
        if data is None:
            return
        files = recovery.journal_files(data)
        changed = recovery.changed_since(self.store, data)

        def answered(choice: str | None) -> None:
            if choice == "restore":
                change = self.session.restore_states(data["states"])
                if change is not None:
                    self.tree_widget.sync_structure()
                    self.after_change(change)
                    self.tree_widget.relabel_all()
                    self.notify(f"已恢复 {len(files)} 个文件的未保存修改")
            else:
                recovery.delete_journal(self.store.root)

        self.push_screen(recovery_dialog(str(data.get("written", "")), files, changed), answered)
