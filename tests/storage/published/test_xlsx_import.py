"""``jixiao import FILE.xlsx``: workbooks in the published layout, ours or other tools'."""

import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from benchmarks.generate import generate_workspace
from storage.published import xlsx_read
from storage.published.xlsx_export import export_table
from storage.published.xlsx_import import XlsxImportError, import_xlsx
from storage.workspace.store import Store
from tests.paths import SAMPLE
from tests.xlsxcells import XBook
from tui.cli import main

# -- a workbook as another program writes it: shared strings, formulas, numbers as text ----------

@dataclass
class Num:
    raw: str  # the <v> text exactly as stored


@dataclass
class Formula:
    formula: str
    cached: str | None


@dataclass
class Inline:
    text: str


def make_xlsx(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None,
              parts: dict[str, bytes] | None = None) -> Path:
    shared: list[str] = []
    sheet_xml = {}
    for n, (name, rows) in enumerate(sheets.items(), 1):
        out = []
        for r, row in enumerate(rows, 1):
            cells = []
            for c, v in enumerate(row, 1):
                ref = f"{xlsx_read.column_letter(c)}{r}"
                if v is None or v == "":
                    continue
                if isinstance(v, str):
                    shared.append(v)
                    cells.append(f'<c r="{ref}" t="s"><v>{len(shared) - 1}</v></c>')
                elif isinstance(v, Num):
                    cells.append(f'<c r="{ref}"><v>{v.raw}</v></c>')
                elif isinstance(v, Inline):
                    cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(v.text)}</t></is></c>')
                else:
                    cached = "" if v.cached is None else f"<v>{v.cached}</v>"
                    cells.append(f'<c r="{ref}"><f>{escape(v.formula)}</f>{cached}</c>')
            out.append(f'<row r="{r}">{"".join(cells)}</row>')
        merged = (merges or {}).get(name, [])
        merge_xml = (f'<mergeCells count="{len(merged)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merged)
                     + "</mergeCells>") if merged else ""
        sheet_xml[n] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                        f'<sheetData>{"".join(out)}</sheetData>{merge_xml}</worksheet>')
    main_ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    doc = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{doc}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f"<workbook {main_ns} {rel_ns}><sheets>"
        + "".join(f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(sheets, 1))
        + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{pkg}">'
        + "".join(f'<Relationship Id="rId{n}" Type="{doc}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                  for n in sheet_xml)
        + f'<Relationship Id="rIdS" Type="{doc}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst {main_ns} count="{len(shared)}">'
        + "".join(f"<si><t>{escape(s)}</t></si>" for s in shared) + "</sst>",
        **{f"xl/worksheets/sheet{n}.xml": x for n, x in sheet_xml.items()},
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, (parts or {}).get(name, text.encode("utf-8")))
        for name, data in (parts or {}).items():
            if name not in files:
                z.writestr(name, data)
    return path


HEADER = ["项目名称(资金使用单位)", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标"]
PACKED_HALF = ("1、1-产出指标;11-数量指标;购书数量;实施周期指标值:≥5000册;年度指标值:≥5000册。"
               "2、2-效益指标;22-社会效益;借阅率(%) ;实施周期指标值:≥80%;年度指标值:≥80%。")
PACKED_FULL = "1、1-产出指标；11-数量指标；维修面积；实施周期指标值：≥2000平方米；年度指标值：≥2000平方米。"


def other_tools_workbook(tmp_path: Path) -> Path:
    """A table as a department's own spreadsheet might have it: a 序号 column, the title merged
    across the sheet, numbers stored as text with separators, formulas with cached values,
    binary-float noise, the header repeated for page 2."""
    rows = [
        ["2026年项目支出绩效目标表（含转移支付项目）"],
        ["单位名称：某区教育局", "", "", "", "", "", "", "单位：万元"],
        [],
        ["序号", *HEADER],
        ["", "合计", "1,250.50", "1,000.00", Num("200"), "50.50"],
        ["", "某区第一中学", Formula("SUM(C7)", "1000"), Formula("SUM(D7)", "800"), Num("200")],
        [Num("1"), "校舍维修", Num("1000"), "800.00", Inline("200.00"), "", "完成校舍维修。", PACKED_FULL],
        ["序号", *HEADER],
        ["", "某区实验小学", "250.50", "200.00", "", Num("50.5")],
        [Num("2"), "图书购置", Num("250.50000000000003"), Num("200"), "", Num("50.499999999999993"),
         "购置图书，=提升阅读量", PACKED_HALF],
    ]
    return make_xlsx(tmp_path / "other.xlsx", {"绩效目标表": rows}, merges={"绩效目标表": ["A1:H1", "A2:G2"]})


def test_a_workbook_made_by_other_tools(tmp_path):
    r = import_xlsx(other_tools_workbook(tmp_path))
    assert r.errors == [] and r.warnings == []
    ws = r.workspace
    assert (ws.title, ws.department, ws.year) == ("项目支出绩效目标表（含转移支付项目）", "某区教育局", 2026)
    assert [u.name for u in ws.units] == ["某区第一中学", "某区实验小学"]
    a, b = ws.units[0].projects[0], ws.units[1].projects[0]
    # numbers stored as text with thousands separators, as numbers, as inline strings
    assert (a.total, a.fiscal, a.special, a.other) == (Decimal("1000.00"), Decimal("800.00"), Decimal("200.00"), None)
    # 250.50000000000003 is how a spreadsheet stores 250.50
    assert (b.total, b.fiscal, b.special, b.other) == (Decimal("250.50"), Decimal("200.00"), None, Decimal("50.50"))
    assert ws.units[0].control.total == Decimal("1000.00")  # the formula's cached value
    assert ws.units[1].control.other == Decimal("50.50")
    assert b.goal == "购置图书，=提升阅读量"
    assert [(i.level2, i.name, i.period) for i in b.indicators] == [
        ("11-数量指标", "购书数量", "≥5000册"), ("22-社会效益", "借阅率(%)", "≥80%")]
    assert [u.id for u in ws.units] == ["u01", "u02"]


def test_import_command_writes_the_workspace(tmp_path, capsys):
    src = other_tools_workbook(tmp_path)
    assert main(["import", str(src), "--into", str(tmp_path / "ws")]) == 0
    assert "已导入 2 个单位、2 个项目、3 个指标" in capsys.readouterr().out
    store = Store.open(tmp_path / "ws")
    assert store.workspace.units[1].projects[0].name == "图书购置"


def test_sample_to_xlsx_to_workspace_to_xlsx_gives_the_same_cells(tmp_path):
    first = tmp_path / "a.xlsx"
    assert main(["export", str(SAMPLE), "-o", str(first)]) == 0
    assert main(["import", str(first), "--into", str(tmp_path / "ws")]) == 0
    second = tmp_path / "b.xlsx"
    assert main(["export", str(tmp_path / "ws"), "-o", str(second)]) == 0
    a, b = XBook(first), XBook(second)
    assert a.cells() == b.cells() and len(a.cells()) > 150
    assert a.merged() == b.merged()
    # the workspace files themselves come back byte for byte, year included
    files = lambda root: {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}  # noqa: E731
    assert files(tmp_path / "ws") == files(SAMPLE)


def test_several_units_round_trip(tmp_path):
    ws = generate_workspace(units=3, projects=5, seed=3)
    src = tmp_path / "g.xlsx"
    src.write_bytes(export_table(ws))
    r = import_xlsx(src)
    assert r.errors == [] and r.warnings == []
    back = r.workspace
    assert [u.name for u in back.units] == [u.name for u in ws.units]
    for u, v in zip(ws.units, back.units):
        assert [p.model_dump() for p in u.projects] == [p.model_dump() for p in v.projects]
        assert v.control.model_dump() == {k: (s or None) for k, s in u.sums().items()}


def test_problems_name_their_cell_and_nothing_is_written(tmp_path, capsys):
    rows = [
        ["项目支出绩效目标表（含转移支付项目）"],
        HEADER,
        ["单位甲", "10.00", "10.00"],
        ["项目一", "十元", "10.00", "", "", "目标", PACKED_FULL],
        ["项目二", Num("1.5"), Num("1.5"), "", "", "目标", "1、没有分号的指标"],
    ]
    src = make_xlsx(tmp_path / "bad.xlsx", {"Sheet1": rows})
    r = import_xlsx(src)
    assert [str(p) for p in r.errors] == [
        "Sheet1!B4: 总计「十元」不是数字",
        "Sheet1!G5: 绩效指标：第1个指标应为「一级指标；二级指标；指标名称；实施周期指标值：…；年度指标值：…」，"
        "实为「没有分号的指标」",
    ]
    assert main(["import", str(src), "--into", str(tmp_path / "ws")]) == 1
    err = capsys.readouterr().err
    assert "bad.xlsx: Sheet1!B4: 错误 总计「十元」不是数字" in err
    assert not (tmp_path / "ws").exists()


def test_a_table_over_several_sheets_and_a_notes_sheet(tmp_path):
    page = lambda unit, project, amount: [  # noqa: E731
        ["项目支出绩效目标表（含转移支付项目）"],
        ["单位名称：某区教育局", "", "", "", "", "", "单位：万元"],
        HEADER,
        [unit, amount, amount],
        [project, amount, amount, "", "", "目标", PACKED_FULL],
    ]
    src = make_xlsx(tmp_path / "m.xlsx", {
        "说明": [["本表由财务科填报"]],
        "一中": page("某区第一中学", "校舍维修", "100.00"),
        "二中": page("某区第二中学", "操场改造", "20.00"),
    })
    r = import_xlsx(src)
    assert r.errors == []
    assert [str(w) for w in r.warnings] == ["说明!A1: 工作表「说明」没有绩效目标表的表头，未导入"]
    assert [(u.name, [p.name for p in u.projects]) for u in r.workspace.units] == [
        ("某区第一中学", ["校舍维修"]), ("某区第二中学", ["操场改造"])]


def test_formulas_without_a_saved_value_are_reported(tmp_path):
    rows = [HEADER, ["单位甲", "1.00", Formula("SUM(C3)", None)], ["项目一", "1.00", "1.00", "", "", "目标", PACKED_FULL]]
    r = import_xlsx(make_xlsx(tmp_path / "f.xlsx", {"表": rows}))
    assert r.errors == []
    assert [str(w) for w in r.warnings] == [
        "表!C2: 工作表有 1 个公式没有保存计算结果，按空白读取（在 Excel/WPS 中打开并保存后再导入可得到数值）"]
    assert r.workspace.units[0].control.total == Decimal("1.00") and r.workspace.units[0].control.fiscal is None


# -- what must be refused, with a message and no traceback -------------------------------------

def good_bytes(tmp_path: Path) -> bytes:
    return other_tools_workbook(tmp_path).read_bytes()


def zip_of(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
          b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>')


@pytest.mark.parametrize("case, message", [
    ("text", "不是 XLSX 工作簿（文件不是 zip 格式）"),
    ("truncated", "不是 XLSX 工作簿（文件不是 zip 格式）"),
    ("docx", "不是 XLSX 工作簿（找不到 workbook 部件）"),
    ("broken-sheet", "工作表「绩效目标表」无法解析，文件可能已损坏"),
    ("corrupt-data", "工作表「绩效目标表」无法解析，文件可能已损坏"),
    ("entities", "含有 DTD 或实体定义，出于安全原因拒绝读取"),
    ("bomb", "疑似压缩炸弹，拒绝读取"),
    ("no-header", "没有找到表头行「项目名称（资金使用单位） | 总计 | 财政拨款"),
    ("wrong-header", "第 1 行的表头第 3 列应为「财政拨款」，实为「其他资金」"),
])
def test_unreadable_or_foreign_workbooks_are_refused_clearly(tmp_path, capsys, case, message):
    src = tmp_path / "in.xlsx"
    if case == "text":
        src.write_text("项目名称\t总计\n", "utf-8")
    elif case == "truncated":
        data = good_bytes(tmp_path)
        src.write_bytes(data[: len(data) // 2])
    elif case == "docx":
        src.write_bytes(zip_of({"word/document.xml": b"<w:document/>", "[Content_Types].xml": b"<Types/>"}))
    elif case == "broken-sheet":
        make_xlsx(src, {"绩效目标表": [HEADER]}, parts={"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row>"})
    elif case == "corrupt-data":
        data = bytearray(good_bytes(tmp_path))
        with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
            info = z.getinfo("xl/worksheets/sheet1.xml")
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        for i in range(start + 10, start + info.compress_size - 10):
            data[i] ^= 0x55
        src.write_bytes(bytes(data))
    elif case == "entities":
        make_xlsx(src, {"绩效目标表": [HEADER]}, parts={"xl/sharedStrings.xml": LAUGHS})
    elif case == "bomb":
        # 8 MB of blanks packs into a few KB: a ratio no real workbook has
        filler = b"<worksheet>" + b" " * (8 * 1024 * 1024) + b"</worksheet>"
        make_xlsx(src, {"绩效目标表": [HEADER]}, parts={"xl/worksheets/sheet1.xml": filler})
    elif case == "no-header":
        make_xlsx(src, {"预算": [["部门预算收支总表"], ["收入", "支出"], [Num("1"), Num("2")]]})
    elif case == "wrong-header":
        make_xlsx(src, {"绩效目标表": [[*HEADER[:2], "其他资金", *HEADER[3:]]]})
    with pytest.raises(XlsxImportError, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_xlsx(src)
    assert main(["import", str(src), "--into", str(tmp_path / "ws")]) == 2
    err = capsys.readouterr().err
    assert f"jixiao import: {src}: " in err and message in err and "Traceback" not in err
    assert not (tmp_path / "ws").exists()


def test_the_unpacked_size_limit_counts_every_part(tmp_path, monkeypatch):
    src = other_tools_workbook(tmp_path)
    monkeypatch.setattr(xlsx_read, "MAX_UNPACKED", 4096)
    with pytest.raises(XlsxImportError, match=r"解压后共 0 MB，超过上限 0 MB"):
        import_xlsx(src)


def test_a_ten_thousand_project_export_is_within_the_limits(tmp_path):
    """The zip-bomb limits leave room for real tables: measured on the benchmark's size."""
    src = tmp_path / "big.xlsx"
    src.write_bytes(export_table(generate_workspace(units=20, projects=100)))
    with zipfile.ZipFile(src) as z:
        unpacked = sum(i.file_size for i in z.infolist())
        ratio = max(i.file_size / i.compress_size for i in z.infolist() if i.file_size > 1024 * 1024)
    # 2,000 projects; 10,000 would be 5× the size at the same ratio
    assert unpacked * 5 * 3 < xlsx_read.MAX_UNPACKED
    assert ratio * 3 < xlsx_read.MAX_RATIO
    assert import_xlsx(src).errors == []


def test_content_left_of_the_table_is_reported_not_lost_silently(tmp_path):
    rows = [
        ["项目支出绩效目标表（含转移支付项目）"],
        ["备注", *HEADER],
        ["", "单位甲", "1.00", "1.00"],
        ["待核实", "项目一", "1.00", "1.00", "", "", "目标", PACKED_FULL],
    ]
    r = import_xlsx(make_xlsx(tmp_path / "l.xlsx", {"表": rows}))
    assert [str(w) for w in r.warnings] == [
        "表!B2: 表格左侧的内容「备注」未导入", "表!B4: 表格左侧的内容「待核实」未导入"]
    assert r.workspace.units[0].projects[0].name == "项目一"
