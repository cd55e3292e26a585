"""The editor's git features (diff, history, commit, merge conflicts, tree marks), mixed into
``JixiaoApp``. Every git call runs in a thread worker (where git is not installed, the first one
imports dulwich, off the screen's thread); outside a repository the features say so in one line
and the rest of the editor works as before."""

from __future__ import annotations

from textual import work

from storage.workspace.conflict_markers import is_conflict_message
from tui.actions.host import EditorMixin
from tui.screens.choice import ChoiceDialog

NO_GIT = "没有找到 git 命令（JIXIAO_GIT=git 要求使用它）：差异、历史和提交不可用（去掉 JIXIAO_GIT 后重新打开 jixiao）"
NO_REPO = "工作区不在 git 仓库中：差异、历史和提交不可用（退出后运行 jixiao init 工作区文件夹，把它建为 git 仓库）"


class GitActions(EditorMixin):
    """Mixed into JixiaoApp; each app has its own git state."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.git_repo = None  # storage.git.Repo, once found
        self.git_problem: str | None = None  # why git features are unavailable (one line)
        self.git_files: dict[str, str] = {}  # last ``git status``: {rel: status}
        self.git_conflicts: list[str] = []  # files with an unresolved merge conflict
        self.conflicts_offered: frozenset[str] = frozenset()

    # -- status and tree marks ------------------------------------------------------------------

    def refresh_git_marks(self) -> None:
        if self.git_problem is None:
            self._git_status_worker()

    @work(thread=True, exclusive=True, group="git-status")
    def _git_status_worker(self) -> None:
        from storage import git as sgit

        try:
            if self.git_repo is None:
                self.git_repo = sgit.repo_for(self.store.root)
            files = sgit.status(self.git_repo)
        except sgit.GitMissing:
            self.call_from_thread(self._git_unavailable, NO_GIT)
            return
        except sgit.GitError:
            if self.git_repo is None:
                self.call_from_thread(self._git_unavailable, NO_REPO)
            return  # e.g. a moment of index.lock: the next poll tries again
        conflicts = [rel for rel, st in files.items() if st == "conflict"]
        for rel, problem in sorted(self.store.broken.items()):  # markers committed or left without git's stages
            if rel not in conflicts and is_conflict_message(problem.message):
                conflicts.append(rel)
                files[rel] = "conflict"
        self.call_from_thread(self._git_status_done, files, conflicts)

    def _git_unavailable(self, message: str) -> None:
        self.git_problem = message

    def _git_status_done(self, files: dict[str, str], conflicts: list[str]) -> None:
        from tui.widgets.git_marks import apply_marks

        self.git_files = files
        self.git_conflicts = conflicts
        apply_marks(self.tree_widget, files)
        new = set(conflicts) - self.conflicts_offered
        self.conflicts_offered = frozenset(conflicts)
        if new:
            self.offer_conflicts()

    def _git_ready(self) -> bool:
        if self.git_problem:
            self.notify(self.git_problem, severity="warning", timeout=6)
            return False
        return True

    # -- diff and history -----------------------------------------------------------------------

    def _git_scope(self):
        from tui.screens.diff import Scope

        ref = self.current
        if ref.kind == "project":
            found = self.session.project(ref.unit_id, ref.project_id)
            if found is not None:
                return Scope(ref.unit_id, ref.project_id, found[1].name)
        return Scope()

    def action_git_diff(self) -> None:
        from tui.screens.diff import DiffScreen

        if self._git_ready():
            self.push_screen(DiffScreen(self._git_scope()))

    def action_git_history(self) -> None:
        from tui.screens.history import HistoryScreen

        if self._git_ready():
            self.push_screen(HistoryScreen(self._git_scope()))

    # -- committing -----------------------------------------------------------------------------

    def action_git_commit(self) -> None:
        if not self._git_ready():
            return
        if not self.session.is_dirty():
            self._open_commit()
            return

        def answered(choice: str | None) -> None:
            if choice == "save":
                self.save(then=self._open_commit)
            elif choice == "nosave":
                self._open_commit()

        n = len(self.session.dirty)
        self.push_screen(ChoiceDialog(
            "有未保存的修改",
            f"{n} 个文件有未保存的修改。提交只包括已保存的文件，要先保存吗？",
            [("s", "保存后提交", "save"), ("n", "不保存，只提交已保存的", "nosave"), ("c", "取消", "cancel")],
            cancel="cancel"), answered)

    def _open_commit(self) -> None:
        from tui.screens.commit import CommitDialog

        def done(short: str | None) -> None:
            if short:
                self.notify(f"已提交 {short}")
            self.refresh_git_marks()

        self.push_screen(CommitDialog(), done)

    # -- merge conflicts ------------------------------------------------------------------------

    def offer_conflicts(self) -> None:
        files = self.git_conflicts
        shown = "、".join(files[:4]) + (f" 等 {len(files)} 个文件" if len(files) > 4 else "")

        def answered(choice: str | None) -> None:
            if choice == "resolve":
                self.action_git_conflicts()

        self.push_screen(ChoiceDialog(
            "合并冲突",
            f"{shown} 有合并冲突（两个人改了同一个项目）。jixiao 会并排列出两个版本的不同之处，逐项选用。",
            [("r", "现在解决", "resolve"), ("l", "稍后（命令面板：解决合并冲突）", "later")],
            cancel="later"), answered)

    def action_git_conflicts(self) -> None:
        from tui.screens.conflict import ConflictScreen

        if not self._git_ready():
            return
        if not self.git_conflicts:
            self.notify("没有未解决的合并冲突")
            return
        if self.session.is_dirty():
            self.notify("先保存（ctrl+s）再解决合并冲突：解决后会从磁盘重新载入这些项目", severity="warning")
            return

        def done(resolved: list[str] | None) -> None:
            left = [r for r in self.git_conflicts if r not in (resolved or [])]
            if resolved and not left:
                self.notify("冲突已全部解决：按 F9 提交合并结果", timeout=6)
            self.refresh_git_marks()

        self.push_screen(ConflictScreen(self.git_conflicts), done)

    def conflict_resolved(self, rel: str) -> None:
        """A conflicted file was written: take it into the editor."""
        self.reload(rel)
        self.refresh_problems()
        self.update_title()
        parts = rel.split("/")
        if len(parts) == 2:
            self.reveal(parts[0], parts[1].removesuffix(".toml"))

    def git_commands(self):
        """Command palette entries (name, help, callback)."""
        yield "差异", "当前项目或整个工作区与上次提交相比的变化（F3）", self.action_git_diff
        yield "历史", "当前项目或工作区的提交记录，可与任一版本比较（F4）", self.action_git_history
        yield "提交", "把已保存的修改记为一个版本（F9）", self.action_git_commit
        yield "解决合并冲突", "逐项选用两个版本中的内容", self.action_git_conflicts
