"""A comparison workspace (last year's) beside the one being edited, mixed into ``JixiaoApp``.

Set by ``compare = "../2025"`` in jixiao.toml (``jixiao init --from`` writes it) or chosen from
the palette (比较工作区, for this session). It is read in a thread worker, read-only; the
project form then shows last year's amounts and indicator values, the overview the change by
unit (``tui.widgets.last_year``), and 与比较工作区的差异 opens the diff view against it.
从本工作区开始新年度… goes the other way: next year's workspace made from this one
(``tui.screens.new_year``), which then compares with this one.
"""

from __future__ import annotations

from pathlib import Path

from textual import work

from tui.actions.host import EditorMixin


class CompareActions(EditorMixin):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.compare_ws = None  # model Workspace, read-only; None: no comparison
        self.compare_label = ""  # 2025 年度（guangzhou-hrss-2025）
        self.compare_path: Path | None = None

    def start_compare(self) -> None:
        """Read the comparison workspace jixiao.toml names, if any."""
        if "compare" not in self.store.settings:  # the usual case: no need to load the comparison code
            return
        from storage.git.new_year import compare_root

        path = compare_root(self.store)
        if path is not None:
            self.load_compare(path, quiet=True)

    @work(thread=True, exclusive=True, group="compare")
    def load_compare(self, path: Path, quiet: bool = False) -> None:
        from storage.git.new_year import workspace_label
        from storage.workspace.store import StorageError, Store

        try:
            store = Store.open(path, jobs=1)
        except (StorageError, OSError) as e:
            self.call_from_thread(self.notify, f"无法读取比较工作区 {path}：{e}", severity="warning", timeout=8)
            return
        self.call_from_thread(self._compare_loaded, path, store.workspace, workspace_label(store), quiet)

    def _compare_loaded(self, path: Path, ws, label: str, quiet: bool) -> None:
        self.compare_path, self.compare_ws, self.compare_label = path, ws, label
        self.refresh_view()
        if not quiet:
            self.notify(f"比较工作区：{label}；项目旁显示它的数字")

    def stop_compare(self) -> None:
        if self.compare_ws is None:
            self.notify("没有设置比较工作区")
            return
        self.compare_path, self.compare_ws, self.compare_label = None, None, ""
        self.refresh_view()
        self.notify("不再显示比较工作区的数字")

    def action_choose_compare(self) -> None:
        from tui.screens.compare import CompareDialog

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.load_compare(path)

        start = self.compare_path or Path(self.store.root).resolve().parent
        self.push_screen(CompareDialog(start), chosen)

    def action_diff_compare(self) -> None:
        from tui.screens.diff import DiffScreen, Scope

        if self.compare_ws is None:
            self.notify("先在命令面板中选择「比较工作区…」（或在 jixiao.toml 中写 compare = \"../上一年度文件夹\"）",
                        severity="warning", timeout=6)
            return
        self.push_screen(DiffScreen(Scope(), against=(self.compare_ws, self.compare_label)))

    def action_new_year(self) -> None:
        """从本工作区开始新年度…: the checklist dialog (``tui.screens.new_year``)."""
        from tui.screens.new_year import NewYearDialog

        if self.session.is_dirty():
            self.notify("先保存（ctrl+s）再开始新年度：新年度从已保存的文件结转", severity="warning", timeout=6)
            return
        if self.store.broken:
            self.notify("工作区中有无法读取的文件：改正后再开始新年度，以免其中的项目被漏掉（问题列表中可见）",
                        severity="warning", timeout=8)
            return
        self.push_screen(NewYearDialog())

    def compare_commands(self):
        """Command palette entries (name, help, callback)."""
        yield ("从本工作区开始新年度…", "新建下一年度的工作区：结转单位和项目（勾选不再延续的项目），与本工作区比较",
               self.action_new_year)
        yield "比较工作区…", "选择另一个工作区（如上一年度）：项目旁显示它的金额和指标值", self.action_choose_compare
        yield "与比较工作区的差异", "与比较工作区（如上一年度）相比的全部变化，可写出修订对照表", self.action_diff_compare
        yield "不再比较", "不再显示比较工作区的数字", self.stop_compare
