"""The editor's 导出 XLSX dialog: an existing file is overwritten only after a second Enter."""

from __future__ import annotations

from textual.widgets import Input, Static

from tui.screens.export import ExportDialog

SIZE = (140, 45)


async def test_an_existing_workbook_is_overwritten_only_on_a_second_enter(make_app, tmp_path):
    out = tmp_path / "表.xlsx"
    out.write_bytes(b"a colleague's copy")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.action_export()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#export-path", Input).value = str(out)
        dialog.query_one("#export-path", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        message = str(dialog.query_one("#dialog-message", Static).render())
        assert message == f"{out} 已存在（可能是同事改过的副本）。再按 Enter 覆盖它，或改一个文件名，Esc 取消。"
        assert out.read_bytes() == b"a colleague's copy"
        assert app.screen is dialog
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not dialog
        assert out.read_bytes()[:2] == b"PK"
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith("xlsx") or p.name.endswith(".tmp")] == ["表.xlsx"]


async def test_the_indicator_list_is_chosen_with_the_keys_and_a_csv_name_writes_csv(make_app, tmp_path, monkeypatch):
    from textual.widgets import RadioSet

    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=(90, 25)) as pilot:
        app.action_export()
        await pilot.pause()
        dialog = app.screen
        path = dialog.query_one("#export-path", Input)
        assert path.value == str(tmp_path / "广州市人力资源和社会保障数据服务中心-2025绩效目标表.xlsx")
        await pilot.press("tab")  # from the file name to the layouts
        assert isinstance(app.focused, RadioSet)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert dialog.chosen == "indicators"
        assert path.value == str(tmp_path / "广州市人力资源和社会保障数据服务中心-2025指标清单.xlsx")
        box = dialog.query_one("#dialog").region
        assert box.bottom <= 25 and box.right <= 90  # the whole dialog on a 90×25 terminal
        path.value = str(tmp_path / "清单.csv")
        path.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not dialog
    lines = (tmp_path / "清单.csv").read_text("utf-8-sig").splitlines()
    assert lines[0].startswith("单位名称,项目名称,一级指标,二级指标,三级指标,实施周期指标性质,实施周期指标值")
    assert lines[1].endswith("物品入库率,≥,98,%,≥98%,≥,98,%,≥98%")


async def test_the_proposed_file_is_beside_the_workspace_folder(make_app, sample_copy, tmp_path, monkeypatch):
    """Not in the folder the editor was started from: beside the workspace's own folder."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        app.action_export()
        await pilot.pause()
        path = app.screen.query_one("#export-path", Input).value
        assert path == str(sample_copy.resolve().parent / "广州市人力资源和社会保障数据服务中心-2025绩效目标表.xlsx")
        await pilot.press("enter")
        await pilot.pause()
        assert (sample_copy.resolve().parent / "广州市人力资源和社会保障数据服务中心-2025绩效目标表.xlsx").read_bytes()[:2] == b"PK"
        assert list(elsewhere.iterdir()) == []
