"""The diff view (F3): what changed since a commit, in budget terms.

It reads git in a thread worker. The "new" side is always what the editor holds, unsaved
edits included; the "old" side is a commit (HEAD unless one was picked in the history view).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from model.text import escaped
from tui import keys
from tui.screens.base import ViewScreen

# render_diff's kinds as Rich styles; ins/del are also underlined/struck so they read without colour
STYLES = {
    "title": "bold", "unit": "bold", "added": "bold green", "removed": "bold red",
    "changed": "bold yellow", "moved": "bold cyan", "ins": "green underline", "del": "red strike",
    "new": "green", "old": "red", "delta": "bold", "dim": "dim",
}
_OPEN, _MID, _CLOSE = "\x00", "\x01", "\x02"


def marker_style(kind: str, text: str) -> str:
    """A ``diff_text`` style function whose marks ``rich_line`` turns into styles (robust
    against brackets in names, unlike Rich markup)."""
    return f"{_OPEN}{kind}{_MID}{text}{_CLOSE}" if text else text


def rich_line(line: str) -> Text:
    """The line with its marks as styles and the text between escaped (a name may hold control
    characters, even the marks' own: an unmatched mark is shown as text)."""
    out = Text()
    pos = 0
    while True:
        start = line.find(_OPEN, pos)
        mid = line.find(_MID, start) if start >= 0 else -1
        end = line.find(_CLOSE, mid) if mid >= 0 else -1
        if end < 0:
            out.append(escaped(line[pos:]))
            return out
        out.append(escaped(line[pos:start]))
        out.append(escaped(line[mid + 1:end]), STYLES.get(line[start + 1:mid], ""))
        pos = end + 1


@dataclass(frozen=True)
class Scope:
    """What to compare: one project, or the whole workspace (unit_id == "")."""

    unit_id: str = ""
    project_id: str = ""
    name: str = ""

    @property
    def is_project(self) -> bool:
        return bool(self.project_id)


@dataclass
class Computed:
    """What the view shows, and what its 对照表 (ctrl+e) writes."""

    lines: list[str]
    rows: list = field(default_factory=list)  # model.diff.review.ReviewRow
    compared: str = ""  # the 对照表's heading line


def diff_lines(app, scope: Scope, rev: str, rev_label: str, current, against=None) -> Computed:
    """The diff as marked lines and as 对照表 rows (runs in a worker; ``current`` is a copy of
    the edited project, or the editor's workspace; ``against``: (workspace, label) to compare
    with instead of a revision)."""
    from model.diff import diff_workspaces
    from model.diff.review import project_rows, review_rows
    from model.diff.years import diff_years
    from storage import git as sgit
    from storage.published.review_export import heading
    from tui.text.diff_text import project_lines, render_diff

    root = app.store.root
    new_label = "编辑器中的内容" + ("（含未保存的修改）" if app.session.is_dirty() else "")
    if against is not None:
        ws, label = against
        d = diff_years(ws, current)
        return Computed(render_diff(d, label, new_label, marker_style), review_rows(d, current, ws),
                        heading(label, new_label))
    old_date = sgit.revision_date(root, rev)
    compared = heading(rev_label, new_label, old_date)
    if scope.is_project:
        d = sgit.project_diff(root, scope.unit_id, scope.project_id, rev, current=current,
                              codes=app.session.codes)
        head = marker_style("title", f"比较：{rev_label} → {new_label}")
        unit = app.session.unit(scope.unit_id)
        rows = project_rows(unit.name if unit else scope.unit_id, d) if d else []
        return Computed([head, *(project_lines(d, marker_style, indent="") if d else ["没有变化"])], rows, compared)
    repo = sgit.repo_for(root)
    old = sgit.workspace_at(root, rev, repo) if sgit.resolve(repo, rev) else None
    skipped = sorted(app.store.broken)
    if old is not None and skipped:
        # an unreadable file (e.g. one with conflict markers) is not "deleted": leave it out
        ws = old.workspace.model_copy(deep=True)
        ws.units = [u for u in ws.units if f"{u.id}/unit.toml" not in app.store.broken]
        for u in ws.units:
            u.projects = [p for p in u.projects if f"{u.id}/{p.id}.toml" not in app.store.broken]
        old_ws = ws
    else:
        old_ws = old.workspace if old is not None else None
    d = diff_workspaces(old_ws, current)
    lines = render_diff(d, rev_label, new_label, marker_style)
    if skipped:
        lines.append(marker_style("dim", "无法读取、未参与比较的文件：" + "、".join(skipped)))
    return Computed(lines, review_rows(d, current, old_ws), compared)


class DiffScreen(ViewScreen[None]):
    """The semantic diff of one project or the whole workspace, ``rev`` → the editor."""

    DEFAULT_CSS = """
    DiffScreen #diff-scroll {
        height: 1fr;
    }
    """

    BINDINGS = keys.DIFF_VIEW

    def __init__(self, scope: Scope, rev: str = "HEAD", rev_label: str | None = None, against=None) -> None:
        """``against``: (workspace, label), e.g. last year's, compared instead of ``rev``."""
        super().__init__()
        self.scope = scope
        self.rev = rev
        self.rev_label = rev_label or ("上次提交" if rev == "HEAD" else rev)
        self.against = against
        self.project_scope = scope if scope.is_project and against is None else None
        self.computed: Computed | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="git-view"):
            yield Label("", id="git-view-title")
            with VerticalScroll(id="diff-scroll"):
                yield Static("正在比较…", id="diff-body")
            yield Label("", id="git-view-help")

    def on_mount(self) -> None:
        self.load()
        self.query_one("#diff-scroll").focus()

    def load(self) -> None:
        s = self.scope
        what = f"项目 {s.project_id} {s.name}" if s.is_project else "整个工作区"
        if self.against is not None:
            what += f" · 与 {self.against[1]} 相比"
        self.query_one("#git-view-title", Label).update(escaped(f"差异 · {what}"))
        hint = f"Esc 关闭，{keys.shown_key(self.app, 'diff.review')} 写出修订对照表"
        if self.project_scope is not None:
            hint += "，ctrl+w 切换 当前项目 / 整个工作区"
        self.query_one("#git-view-help", Label).update(hint)
        app = self.app
        if s.is_project:
            found = app.session.project(s.unit_id, s.project_id)
            current = found[1].model_copy(deep=True) if found else None
        else:
            # the lists copied (cheap even for 10,000 projects), so a reload from disk while the
            # worker reads cannot change them under it; projects themselves are only read
            ws = app.session.ws
            current = ws.model_copy(update={"units": [u.model_copy(update={"projects": list(u.projects)})
                                                      for u in ws.units]})
        self._compute(s, current)

    @work(thread=True, exclusive=True, group="diff")
    def _compute(self, scope: Scope, current) -> None:
        from storage.workspace.store import StorageError

        try:
            computed = diff_lines(self.app, scope, self.rev, self.rev_label, current, self.against)
        except StorageError as e:
            computed = Computed([str(e)])
        self.app.call_from_thread(self.show_lines, computed)

    def show_lines(self, computed: Computed) -> None:
        self.computed = computed
        lines = self.lines = computed.lines
        self.query_one("#diff-body", Static).update(Text("\n").join(rich_line(x) for x in lines))

    @property
    def text(self) -> str:
        """The view's text, as the user reads it."""
        return "\n".join(rich_line(x).plain for x in getattr(self, "lines", []))

    def action_toggle_scope(self) -> None:
        if self.project_scope is None:
            return
        self.scope = Scope() if self.scope.is_project else self.project_scope
        self.query_one("#diff-body", Static).update("正在比较…")
        self.load()

    def action_review(self) -> None:
        """Write what the view shows as the printable 修订对照表."""
        from tui.screens.review import ReviewDialog

        c = self.computed
        if c is None:
            self.app.notify("还在比较，稍候再试")
            return
        if not c.rows:
            self.app.notify("没有变化：不写修订对照表")
            return
        self.app.push_screen(ReviewDialog(c.rows, c.compared))
