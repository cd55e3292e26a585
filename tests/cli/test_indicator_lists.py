"""``jixiao import LIST --layout indicators``: which workspace it goes into, and refusals."""

import shutil

from tests.paths import SAMPLE
from tui.cli import main


def test_without_into_it_updates_the_workspace_around_the_current_folder(tmp_path, capsys, monkeypatch):
    ws = tmp_path / "ws"
    shutil.copytree(SAMPLE, ws)
    out = tmp_path / "清单.csv"
    assert main(["export", str(ws), "--layout", "indicators", "-o", str(out)]) == 0
    text = out.read_text("utf-8-sig").replace("物品入库率,≥,98,%,≥98%", "物品入库率,≥,99,%,≥99%", 1)
    out.write_text(text, "utf-8-sig")
    monkeypatch.chdir(ws / "u01")
    capsys.readouterr()
    assert main(["import", str(out), "--layout", "indicators"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["已更新「市人社数据服务中心购置经费」：3 个指标（修改 1）",
                     "1 个项目的指标已更新，18 个项目与清单相同；0 个项目不在清单中，未改动。金额、绩效目标不在指标清单中，均未改动",
                     f"下一步：jixiao diff -w {ws} 查看修改；jixiao commit -w {ws} -m 说明 记下这一版"]
    assert 'name = "物品入库率"\nperiod = "≥99%"\nannual = "≥98%"' in (ws / "u01" / "p01.toml").read_text("utf-8")


def test_outside_a_workspace_without_into_it_says_what_to_give(tmp_path, capsys, monkeypatch):
    out = tmp_path / "清单.csv"
    assert main(["export", str(SAMPLE), "--layout", "indicators", "-o", str(out)]) == 0
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["import", str(out), "--layout", "indicators"]) == 2
    assert capsys.readouterr().err == (f"jixiao import: {tmp_path} 及其上级文件夹中没有 jixiao 工作区（jixiao.toml）；"
                                       "用 --into 指定要更新的工作区，或要新建工作区的空文件夹\n")


def test_a_folder_that_is_neither_a_workspace_nor_empty_is_refused(tmp_path, capsys):
    out = tmp_path / "清单.xlsx"
    assert main(["export", str(SAMPLE), "--layout", "indicators", "-o", str(out)]) == 0
    other = tmp_path / "其他"
    other.mkdir()
    (other / "笔记.txt").write_text("x", "utf-8")
    capsys.readouterr()
    assert main(["import", str(out), "--layout", "indicators", "--into", str(other)]) == 2
    assert capsys.readouterr().err == f"jixiao import: {other} 既不是 jixiao 工作区（没有 jixiao.toml），也不是空文件夹，拒绝写入\n"
    assert [p.name for p in other.iterdir()] == ["笔记.txt"]


def test_the_published_table_is_not_an_indicator_list(tmp_path, capsys):
    table = tmp_path / "表.xlsx"
    assert main(["export", str(SAMPLE), "-o", str(table)]) == 0
    capsys.readouterr()
    assert main(["import", str(table), "--layout", "indicators", "--into", str(tmp_path / "new")]) == 2
    assert capsys.readouterr().err.startswith("jixiao import: 表.xlsx：前 50 行中没有指标清单的表头")
    assert not (tmp_path / "new").exists()


def test_the_table_layouts_are_not_for_import(tmp_path, capsys):
    src = tmp_path / "表.xlsx"
    src.write_bytes(b"PK")
    assert main(["import", str(src), "--layout", "table"]) == 2
    assert capsys.readouterr().err == ("jixiao import: 导入时 --layout 只用于指标清单（indicators 或映射文件）；"
                                       f"公开的汇总表直接 jixiao import {src} --into 新文件夹\n")
