"""``jixiao export``: the published table as a workbook, read back without openpyxl."""

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from benchmarks.generate import generate_workspace
from model.workspace import Indicator, Project, Unit, Workspace
from storage.published.rows import assign_ids
from storage.published.xlsx_detail import export_detail
from storage.published.xlsx_export import HEADER, export_table
from storage.published.xlsx_style import display_width
from storage.workspace.store import Store, write_new_workspace
from tests.paths import SAMPLE
from tests.xlsxcells import XBook
from tui.cli import main

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def seed_table(seed: Path) -> tuple[list[str], list[list[str]]]:
    """(title, 单位名称 line, 单位 line, header) and the data rows of the published text."""
    lines = [line.split("\t") for line in seed.read_text("utf-8").splitlines() if line.strip()]
    head = [lines[0][0], lines[1][0], lines[2][0]]
    header = lines[3]
    data = [cells + [""] * (7 - len(cells)) for cells in lines[4:] if not cells[0].startswith("项目名称")]
    return head + ["|".join(header)], data


def punctuation(text: str) -> str:
    """One punctuation style, no stray spaces around separators: the seed mixes styles."""
    text = text.translate(str.maketrans(";:()", "；：（）"))
    return re.sub(r"\s*([；：。、])\s*", r"\1", text)


def padded(row: list[str]) -> list[str]:
    return row + [""] * (7 - len(row))


def test_sample_export_reads_back_as_the_seed(seed_path, tmp_path, capsys):
    out = tmp_path / "表.xlsx"
    assert main(["export", str(SAMPLE), "-o", str(out)]) == 0
    assert "已导出绩效目标表：1 个单位、19 个项目、81 个指标" in capsys.readouterr().out
    head, seed_rows = seed_table(seed_path)
    rows = XBook(out).rows()
    assert rows[0] == [head[0]] == ["项目支出绩效目标表（含转移支付项目）"]
    assert rows[1][0] == head[1] == "单位名称：广州市人力资源和社会保障数据服务中心"
    assert rows[1][-1] == head[2] == "单位：万元"
    assert "|".join(rows[2]) == head[3] == "|".join(HEADER)
    exported = [padded(r) for r in rows[3:]]
    assert len(exported) == len(seed_rows) == 21  # 合计, the unit, 19 projects
    for got, want in zip(exported, seed_rows):
        assert got[0] == want[0]
        for g, w in zip(got[1:5], want[1:5]):
            assert (g == "") == (w == "")
            if w:
                assert Decimal(g) == Decimal(w.replace(",", "")), (got[0], g, w)
        assert got[5] == want[5]
        assert punctuation(got[6]) == punctuation(want[6])
    assert exported[0][:3] == ["合计", "4402.83", "4402.83"]


def test_amounts_are_numbers_shown_with_two_decimals_and_blank_when_empty(tmp_path):
    out = tmp_path / "t.xlsx"
    out.write_bytes(export_table(Store.open(SAMPLE).workspace))
    book = XBook(out)
    cells = book.cells()
    total = cells["B4"]  # 合计 总计
    assert total.type == "n" and total.text == "4402.83" and total.formula is None
    assert book.number_format(total) == "#,##0.00"
    p1 = cells["B6"]
    assert p1.text == "17.60" and book.number_format(p1) == "#,##0.00"
    # 财政专户拨款 and 其他资金 are empty in the seed: blank cells that still carry the border
    for ref in ("D4", "E4", "D6", "E6"):
        assert cells[ref].text is None and book.boxed(cells[ref])
    assert not any(c.formula is not None for c in cells.values())


def test_looks_like_an_official_form(tmp_path):
    out = tmp_path / "t.xlsx"
    out.write_bytes(export_table(Store.open(SAMPLE).workspace))
    book = XBook(out)
    cells = book.cells()
    assert book.font(cells["A1"]) == ("宋体", 16.0, True)
    assert book.font(cells["A3"])[0] == "宋体" and book.font(cells["A3"])[2]
    assert book.font(cells["F6"]) == ("宋体", 10.5, False)
    assert all(book.boxed(cells[f"{c}6"]) for c in "ABCDEFG")
    assert not book.boxed(cells["A1"])
    assert {"A1:G1", "A2:E2"} <= book.merged()
    assert book.defined_names["_xlnm.Print_Titles"] == "'绩效目标表'!$3:$3"
    sheet = book.sheet_xml()
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    setup = sheet.find("m:pageSetup", ns)
    assert (setup.get("orientation"), setup.get("paperSize"), setup.get("fitToWidth"), setup.get("fitToHeight")) == (
        "landscape", "9", "1", "0")
    assert sheet.find("m:sheetPr/m:pageSetUpPr", ns).get("fitToPage") == "1"
    widths = [float(c.get("width")) for c in sheet.find("m:cols", ns)]
    # the name column takes the header's 24 display columns; 财政专户拨款 fits on one line
    assert widths[0] >= display_width(HEADER[0]) and widths[3] >= display_width("财政专户拨款")
    wrap = {x.find("m:alignment", ns).get("wrapText") for x in (book.xfs[cells[r].style] for r in ("A6", "F6", "G6"))}
    assert wrap == {"1"}
    # a project row is as tall as its longest wrapped text
    row6 = next(r for r in sheet.iter("{%s}row" % ns["m"]) if r.get("r") == "6")
    assert float(row6.get("ht")) > 40 and row6.get("customHeight") == "1"


def test_display_width_counts_chinese_as_two():
    assert display_width("abc") == 3
    assert display_width("财政专户拨款") == 12
    assert display_width("≥98%") == 5  # ≥ is ambiguous width: wide in 宋体


def workspace_with(*units: Unit) -> Workspace:
    return Workspace(department="某区教育局", year=2026, units=list(units))


def indicator(name="完成率", level1="1-产出指标", level2="11-数量指标", value="100%") -> Indicator:
    return Indicator(level1=level1, level2=level2, name=name, period=value, annual=value)


def test_formula_looking_text_is_written_as_text(tmp_path):
    tricky = ["=1+1", "+SUM(A1:A9)", "-2-3", "@cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\")"]
    unit = Unit(name="=单位", projects=[
        Project(name=tricky[0], total="1.00", fiscal="1.00", goal=tricky[1],
                indicators=[indicator(tricky[2]), indicator(tricky[3], level1="2-效益指标", level2="22-社会效益")]),
        Project(name=tricky[4], total="2.00", fiscal="2.00", goal="-"),
    ])
    out = tmp_path / "t.xlsx"
    out.write_bytes(export_table(workspace_with(unit)))
    book = XBook(out)
    cells = book.cells()
    assert not any(c.formula is not None for c in cells.values())
    assert cells["A5"].text == "=单位" and cells["A5"].type == "inlineStr"
    assert cells["A6"].text == "=1+1" and cells["F6"].text == "+SUM(A1:A9)"
    assert cells["A7"].text == tricky[4] and cells["F7"].text == "-"
    assert "1、1-产出指标；11-数量指标；-2-3；" in cells["G6"].text
    for ref in ("A5", "A6", "F6", "A7", "F7"):
        assert cells[ref].type == "inlineStr"
        assert book.quote_prefix(cells[ref]), ref  # stays text when retyped in Excel/WPS
    assert not book.quote_prefix(cells["A3"])
    # and openpyxl agrees it is text
    import openpyxl

    ws = openpyxl.load_workbook(out).active
    assert ws["A6"].data_type == "s" and ws["A6"].value == "=1+1"


def test_zero_and_blank_sources_are_blank_cells_and_sums_are_exact(tmp_path):
    unit_a = Unit(name="甲单位", projects=[
        Project(name="一", total="1234567.89", fiscal="1234567.88", special="0.01", other="0.00", goal="g",
                indicators=[indicator()]),
        Project(name="二", total="0.10", fiscal="0.10", goal="g", indicators=[indicator()]),
    ])
    unit_b = Unit(name="乙单位", projects=[
        Project(name="三", total="0.20", other="0.20", goal="g", indicators=[indicator()]),
    ])
    out = tmp_path / "t.xlsx"
    out.write_bytes(export_table(workspace_with(unit_a, unit_b)))
    rows = [padded(r) for r in XBook(out).rows()]
    assert rows[3][:5] == ["合计", "1234568.19", "1234567.98", "0.01", "0.20"]
    assert rows[4][:5] == ["甲单位", "1234567.99", "1234567.98", "0.01", ""]
    assert rows[5][:5] == ["一", "1234567.89", "1234567.88", "0.01", ""]  # 0.00 other: blank
    assert rows[6][:5] == ["二", "0.10", "0.10", "", ""]
    assert rows[7][:5] == ["乙单位", "0.20", "", "", "0.20"]
    assert rows[8][:5] == ["三", "0.20", "", "", "0.20"]
    assert len(rows) == 9


def test_several_units_print_in_workspace_order(tmp_path):
    ws = generate_workspace(units=3, projects=4, seed=7)
    ws.units.reverse()
    out = tmp_path / "t.xlsx"
    out.write_bytes(export_table(ws))
    rows = [padded(r) for r in XBook(out).rows()[3:]]
    names = [r[0] for r in rows]
    expected = ["合计"]
    for u in ws.units:
        expected += [u.name] + [p.name for p in u.projects]
    assert names == expected
    total = sum(Decimal(r[1]) for r in rows if r[0] in {u.name for u in ws.units})
    assert Decimal(rows[0][1]) == total == ws.sums()["total"]


def test_text_that_xml_cannot_carry_survives(tmp_path):
    unit = Unit(name="单位", projects=[
        Project(name=" 前后空格 ", total="1.00", fiscal="1.00", goal="a\x0bb_x0041_c\r\nd <&> e",
                indicators=[indicator()]),
    ])
    out = tmp_path / "t.xlsx"
    out.write_bytes(export_table(workspace_with(unit)))
    from storage.published.xlsx_import import import_xlsx

    # the control character VT is kept by the export, and refused by the import (issue #12)
    assert [str(e) for e in import_xlsx(out).errors] == [
        "绩效目标表!F6: 含控制字符 \\x0b（垂直制表符）：「a\\x0bb_x0041_c\\x0d\\x0ad <&> e」；这类字符不属于表格文字"
        "（可能来自损坏或被改动的文件，会扰乱终端显示），请在源文件中删去后重新导入"]
    # published.normalise_cell trims the ends of every cell on import; the workbook keeps them
    assert XBook(out).cells()["A6"].text == " 前后空格 "


def errors_workspace(tmp_path) -> Path:
    unit = Unit(name="单位", projects=[
        Project(name="错账项目", total="10.00", fiscal="9.00", goal="g", indicators=[indicator()]),
    ])
    ws = workspace_with(unit)
    assign_ids(ws)
    write_new_workspace(ws, tmp_path / "ws")
    return tmp_path / "ws"


def test_a_workspace_with_errors_is_refused_with_the_list(tmp_path, capsys):
    root = errors_workspace(tmp_path)
    out = tmp_path / "out.xlsx"
    assert main(["export", str(root), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "u01/p01.toml: error F1 单位 › 错账项目 › 总计 总计 10.00 ≠" in err
    assert "工作区有 1 个错误，未导出" in err
    assert not out.exists()
    assert main(["export", str(root), "-o", str(out), "--force"]) == 0
    assert "按 --force 仍然导出" in capsys.readouterr().err
    assert XBook(out).rows()[5][:3] == ["错账项目", "10.00", "9.00"]


def test_output_must_be_an_xlsx_path_that_can_be_written(tmp_path, capsys):
    assert main(["export", str(SAMPLE), "-o", str(tmp_path / "t.csv")]) == 2
    assert "应以 .xlsx 结尾" in capsys.readouterr().err
    (tmp_path / "d.xlsx").mkdir()
    assert main(["export", str(SAMPLE), "-o", str(tmp_path / "d.xlsx")]) == 2
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["export", str(SAMPLE), "-o", str(blocker / "t.xlsx")]) == 2
    assert "无法写入" in capsys.readouterr().err


def test_export_overwrites_an_existing_workbook_with_force(tmp_path):
    out = tmp_path / "t.xlsx"
    out.write_bytes(b"old")
    assert main(["export", str(SAMPLE), "-o", str(out), "--force"]) == 0
    assert XBook(out).rows()[0] == ["项目支出绩效目标表（含转移支付项目）"]
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]  # no temp file left behind


def test_detail_layout_one_block_per_project(tmp_path, capsys):
    ws_dir = tmp_path / "ws"
    shutil.copytree(SAMPLE, ws_dir)
    out = tmp_path / "d.xlsx"
    assert main(["export", str(ws_dir), "-o", str(out), "--layout", "detail"]) == 0
    assert "已导出逐项目申报表" in capsys.readouterr().out
    book = XBook(out)
    rows = [padded(r) for r in book.rows()]
    titles = [i for i, r in enumerate(rows) if r[0] == "项目支出绩效目标申报表"]
    assert len(titles) == 19
    sample = Store.open(SAMPLE).workspace
    p = sample.units[0].projects[0]
    block = rows[titles[0]:titles[1]]
    assert block[1] == ["（2025年度）", "", "", "", "", "", ""] and block[2][4] == "单位：万元"
    assert block[3][:2] == ["项目名称", p.name]
    assert block[4][:2] == ["资金使用单位", sample.units[0].name]
    assert block[5] == ["项目资金（万元）", "总计", "财政拨款", "财政专户拨款", "其他资金", "", ""]
    assert block[6][1:5] == ["17.60", "17.60", "", ""]
    assert block[7][:2] == ["绩效目标", p.goal]
    assert block[8][:5] == ["一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值"]
    # one row per indicator; the 一级/二级 of a run print once, in merged cells
    assert [r[:5] for r in block[9:12]] == [
        ["1-产出指标", "12-质量指标", "物品入库率", "≥98%", "≥98%"],
        ["", "", "物品验收率", "≥98%", "≥98%"],
        ["2-效益指标", "22-社会效益", "新购置设备使用率（%）", "≥95%", "≥95%"],
    ]
    first = titles[0] + 10  # 1-based row of the first indicator
    assert {f"A{first}:A{first + 1}", f"B{first}:B{first + 1}", f"B{first - 6}:E{first - 6}"} <= book.merged()
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    sheet = book.sheet_xml()
    assert len(sheet.findall("m:rowBreaks/m:brk", ns)) == 18
    assert sheet.find("m:pageSetup", ns).get("orientation") == "portrait"
    n_ind = sum(1 for r in rows if r[2] and r[3] and r[0] != "一级指标" and r[1] != "总计")
    assert n_ind == 81


def test_import_refuses_the_detail_layout_clearly(tmp_path):
    out = tmp_path / "d.xlsx"
    out.write_bytes(export_detail(Store.open(SAMPLE).workspace))
    from storage.published.xlsx_import import XlsxImportError, import_xlsx

    with pytest.raises(XlsxImportError, match="逐项目的绩效目标申报表"):
        import_xlsx(out)
