"""The editor's problems follow the workspace's rules.toml, as `jixiao check` does."""

from __future__ import annotations

from tests.tui.test_loading import text_of
from tui.widgets.problems import ProblemsPanel


async def test_rules_toml_sets_what_the_editor_shows(make_app, sample_copy):
    (sample_copy / "rules.toml").write_text('[R6]\nseverity = "error"\n\n[R7]\nseverity = "off"\n', "utf-8")
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        panel = app.query_one(ProblemsPanel)
        assert [(d.rule, d.severity) for d in panel.diagnostics] == [("R6", "error"), ("R1", "warning")]
        assert panel.border_title == "问题：1 个错误，1 个警告"
        assert str(app.tree_widget.project_nodes[("u01", "p01")].label).startswith("✗1 ")
        summary = text_of(app.query_one("#w-summary"))
        assert "R6" in summary and "错误" in summary and "R7" not in summary
        u = app.session.ws.units[0]
        p = u.projects[10]  # 对25个系统…编目: R1 until an indicator value measures it
        app.edit(lambda s: s.set_indicator_field(u, p, 2, "period", "25个"))
        await pilot.pause()
        assert [(d.rule, d.severity) for d in panel.diagnostics] == [("R6", "error")]
