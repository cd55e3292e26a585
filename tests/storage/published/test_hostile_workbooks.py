"""Workbooks as anyone may send them (issue #12): cell references beyond Excel's sheet, dates
in amount cells, numbers no budget has. Each is refused or reported naming the cell itself,
in memory and time proportional to the cells present."""

import os
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from storage.published.xlsx_import import import_xlsx
from tests.paths import ROOT
from tui.cli import main

MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER = ["项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标"]
PACKED = ("1、1-产出指标；11-数量指标；维修面积；实施周期指标值：≥2000平方米；年度指标值：≥2000平方米。"
          "2、2-效益指标；22-社会效益；满意度；实施周期指标值：≥90%；年度指标值：≥90%。")
DATE_STYLES = (f'<styleSheet {MAIN}><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
               '</numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/></cellXfs></styleSheet>')


def cell(ref: str, value, style: int | None = None) -> str:
    """An inline string for text, a number cell for an int or a ``('n', raw)`` pair."""
    s = f' s="{style}"' if style is not None else ""
    if isinstance(value, tuple):
        return f'<c r="{ref}"{s}><v>{value[1]}</v></c>'
    return f'<c r="{ref}"{s} t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def row(r: int, values: list, extra: str = "") -> str:
    cells = "".join(cell(f"{chr(65 + i)}{r}", v) for i, v in enumerate(values) if v != "")
    return f'<row r="{r}">{cells}{extra}</row>'


def table(*data: str) -> str:
    """Title, header, a unit row, then ``data`` rows (from row 4)."""
    return row(1, ["项目支出绩效目标表（含转移支付项目）"]) + row(2, HEADER) + row(3, ["单位甲", 10, 10]) + "".join(data)


def workbook(path: Path, rows_xml: str, styles: str | None = None) -> Path:
    rels = f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
    if styles:
        rels += f'<Relationship Id="rId2" Type="{DOC}/styles" Target="styles.xml"/>'
    files = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{DOC}/officeDocument" '
                       'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook {MAIN} xmlns:r="{DOC}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
                           "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}">{rels}</Relationships>',
        "xl/worksheets/sheet1.xml": f"<worksheet {MAIN}><sheetData>{rows_xml}</sheetData></worksheet>",
    }
    if styles:
        files["xl/styles.xml"] = styles
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return path


def run_limited(*args: str) -> tuple[subprocess.CompletedProcess, float]:
    """``jixiao ARGS`` in a child limited to 1 GB of memory (the old reader asked for gigabytes)."""
    def limit():
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    start = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True, cwd=ROOT,
                       timeout=60, preexec_fn=limit if os.name == "posix" else None,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    return r, time.perf_counter() - start


def test_a_cell_beyond_excel_is_refused_at_once_naming_it(tmp_path):
    bad = cell("ZZZZZZZZZZ6", "x")
    src = workbook(tmp_path / "bomb.xlsx", table(row(4, ["项目一", 10, 10, "", "", "目标", PACKED]), f'<row r="6">{bad}</row>'))
    assert src.stat().st_size < 6000
    r, seconds = run_limited("import", str(src), "--into", str(tmp_path / "ws"))
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    assert "工作表「Sheet1」的单元格 ZZZZZZZZZZ6 超出 Excel 的范围（最多 1,048,576 行 × 16,384 列，即 A1:XFD1048576）" in r.stderr
    assert seconds < 10  # a child interpreter's start-up included; the old reader ran out of memory
    assert not (tmp_path / "ws").exists()


def test_a_row_beyond_excel_is_refused_naming_it(tmp_path, capsys):
    src = workbook(tmp_path / "rows.xlsx", table(f'<row r="1048577">{cell("A1048577", "x")}</row>'))
    assert main(["import", str(src), "--into", str(tmp_path / "ws")]) == 2
    assert "工作表「Sheet1」的第 1048577 行 超出 Excel 的范围" in capsys.readouterr().err


def test_memory_follows_the_cells_present_not_their_references(tmp_path):
    # every data row also holds a cell in the last column Excel has (XFD): legal, but a reader
    # that fills the gaps builds 16,384 cells a row
    data = "".join(row(r, [f"项目{r}", 10, 10, "", "", "目标", PACKED], cell(f"XFD{r}", "备注")) for r in range(4, 1004))
    src = workbook(tmp_path / "wide.xlsx", table(data))
    tracemalloc.start()
    try:
        result = import_xlsx(src)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024, f"{peak / 1048576:.0f} MB"
    assert len(result.errors) == 1000
    # the extra content is reported at its own cell
    assert str(result.errors[0]) == "Sheet1!XFD4: 多出 1 列：「备注」（表格应为 7 列）"


def test_a_date_in_an_amount_cell_is_refused_naming_the_cell(tmp_path, capsys):
    data = row(4, ["项目一", "", "", "", "", "目标", PACKED], cell("B4", ("n", "45667"), 1) + cell("C4", ("n", "45667.5"), 2))
    src = workbook(tmp_path / "dates.xlsx", table(data), DATE_STYLES)
    hint = "（单元格格式为日期：请改为数值格式并填入金额，单位万元）"
    assert [str(e) for e in import_xlsx(src).errors] == [
        f"Sheet1!B4: 总计「2025-01-10」是日期，不是金额{hint}",
        f"Sheet1!C4: 财政拨款「2025-01-10 12:00:00」是日期，不是金额{hint}",
    ]
    assert main(["import", str(src), "--into", str(tmp_path / "ws")]) == 1
    assert "dates.xlsx: Sheet1!B4: 错误 总计「2025-01-10」是日期，不是金额" in capsys.readouterr().err
    assert not (tmp_path / "ws").exists()


def test_numbers_in_date_styled_text_columns_show_the_date(tmp_path):
    # a goal typed as a date stays what the sheet shows, not its serial number
    data = row(4, ["项目一", 10, 10, "", "", "", PACKED], cell("F4", ("n", "45667"), 1))
    ws = import_xlsx(workbook(tmp_path / "goal.xlsx", table(data), DATE_STYLES)).workspace
    assert ws.units[0].projects[0].goal == "2025-01-10"


def test_every_amount_message_names_the_cell_itself(tmp_path):
    src = workbook(tmp_path / "bad.xlsx", table(row(4, ["项目一", 10, 10, "十元", "", "目标", PACKED])))
    assert [str(e) for e in import_xlsx(src).errors] == ["Sheet1!D4: 财政专户拨款「十元」不是数字"]


def test_a_forty_digit_amount_is_explained_as_too_large_not_as_lost_cells(tmp_path):
    big = "1234567890" * 4
    src = workbook(tmp_path / "big.xlsx", table(row(4, ["项目一", ("n", big), ("n", big), "", "", "目标", PACKED])))
    limit = "超出上限（金额应小于 1,000,000,000,000 万元（10^12 万元））"
    assert [str(e) for e in import_xlsx(src).errors] == [
        f"Sheet1!B4: 总计：金额 {big} {limit}",
        f"Sheet1!C4: 财政拨款：金额 {big} {limit}",
    ]


def test_import_reports_what_check_finds_at_the_cell_it_came_from(tmp_path, capsys):
    src = workbook(tmp_path / "neg.xlsx", table(row(4, ["项目一", 10, -5, 15, "", "目标", PACKED])))
    assert main(["import", str(src), "--into", str(tmp_path / "ws")]) == 0
    err = capsys.readouterr().err
    assert ("u01/p01.toml: error F2 单位甲 › 项目一 › 财政拨款 财政拨款：金额 -5.00 为负数"
            "（应为不小于 0、最多两位小数的数字，单位万元）（neg.xlsx: Sheet1!C4）") in err
