"""The editor on a workspace whose files hold amounts no budget has (issue #12): it opens, the
problems panel lists them as F2, and a save of another field leaves them as they were."""

from __future__ import annotations

from tests.gitrepo import edit
from tui.widgets.problems import ProblemsPanel

SIZE = (140, 45)


async def test_out_of_range_amounts_are_problems_not_a_crash(make_app, sample_copy):
    edit(sample_copy / "u01" / "p01.toml", "total = 17.60", "total = 1e308")
    edit(sample_copy / "u01" / "unit.toml", "fiscal = 4402.83", "fiscal = inf")
    app = make_app(goto="购置经费")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        f2 = [(d.file, d.field, d.message) for d in app.query_one(ProblemsPanel).diagnostics if d.rule == "F2"]
        assert f2 == [
            ("u01/p01.toml", "total", "总计：金额 1E+308 超出上限（金额应小于 1,000,000,000,000 万元（10^12 万元））"
                                      "（应为不小于 0、最多两位小数的数字，单位万元）"),
            ("u01/unit.toml", "control.fiscal", "财政拨款控制数：「inf」不是有限的数字"),
        ]
        assert app.query_one("#p-total").value == "1E+308"
        assert "有金额不是数字" in str(app.query_one("#p-sums").render())
        # a save of another field rewrites only that field: the amount stays as it was written
        app.query_one("#p-name").focus()
        await pilot.press("end", "甲")
        await pilot.press("ctrl+s")
        await pilot.pause()
    text = (sample_copy / "u01" / "p01.toml").read_text("utf-8")
    assert 'name = "市人社数据服务中心购置经费甲"' in text and "total = 1e308\n" in text
