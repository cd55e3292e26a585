"""``jixiao diff --xlsx``: the printable 修订对照表, read back with an independent reader."""

import tomllib
from datetime import date
from decimal import Decimal

import pytest

from tests.gitrepo import edit, git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tests.xlsxcells import XBook
from tui.cli import main

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
UNIT = "广州市人力资源和社会保障数据服务中心"


@pytest.fixture
def revised(tmp_path, git_env):  # noqa: F811  (the fixture imported above)
    """The sample committed, then one project's funding raised (144.33 → 150.00) and another
    project's indicator target changed (≥98% → ≥99%), by hand in the files."""
    ws = sample_repo(tmp_path)
    edit(ws / "u01" / "p02.toml", "total = 144.33\nfiscal = 144.33", "total = 150.00\nfiscal = 150.00")
    edit(ws / "u01" / "p01.toml", 'annual = "≥98%"', 'annual = "≥99%"')
    return ws


def test_the_table_names_both_projects_fields_old_new_and_delta(revised, tmp_path, capsys):
    out = tmp_path / "对照表.xlsx"
    assert main(["diff", "-w", str(revised), "--xlsx", str(out)]) == 0
    assert capsys.readouterr().out == f"已写入修订对照表 → {out}\n"
    book = XBook(out)
    rows = book.rows()
    today = f"{date.today():%Y-%m-%d}"
    commit_day = rows[1][0].split("（")[1].split("）")[0]
    assert rows[0] == [f"{UNIT}2025年绩效目标修订对照表"]
    assert rows[1] == [f"比较：HEAD（{commit_day}） → 工作区（未提交，{today}）；制表日期 {today}",
                       "", "", "", "", "", "", "", "单位：万元"]
    assert rows[2] == ["序号", "单位", "项目", "内容", "修改前", "修改后", "变动", "审核意见", "说明"]
    assert rows[3:] == [
        ["1", UNIT, "p01 市人社数据服务中心购置经费", "指标1「物品入库率」年度指标值", "≥98%", "≥99%"],
        ["2", UNIT, "p02 市人社数据服务中心业务运行工作经费", "总计", "144.33", "150.00", "5.67"],
        ["3", UNIT, "p02 市人社数据服务中心业务运行工作经费", "财政拨款", "144.33", "150.00", "5.67"],
        ["", UNIT, "小计", "总计", "4402.83", "4408.50", "5.67"],
        ["", UNIT, "小计", "财政拨款", "4402.83", "4408.50", "5.67"],
        ["", "合计", "", "总计", "4402.83", "4408.50", "5.67"],
        ["", "合计", "", "财政拨款", "4402.83", "4408.50", "5.67"],
    ]
    cells = book.cells()
    # amounts are numbers shown as #,##0.00, the change signed; texts are text; 序号 a number
    assert (cells["E5"].type, book.number_format(cells["E5"])) == ("n", "#,##0.00")
    assert (cells["G5"].type, book.number_format(cells["G5"])) == ("n", "+#,##0.00;-#,##0.00;0.00")
    assert cells["E4"].type == "inlineStr" and cells["A4"].type == "n"
    # no comments here: 审核意见 is blank; 说明 is left blank for a hand note; all boxed
    assert cells["H4"].text is None and cells["I4"].text is None
    assert all(book.boxed(cells[f"{c}4"]) for c in "ABCDEFGHI")
    # the official form's print style: 宋体, bold sums, header on every page, A4 landscape fitted
    assert book.font(cells["A1"]) == ("宋体", 16.0, True)
    assert book.font(cells["D4"]) == ("宋体", 10.5, False)
    assert book.font(cells["E9"])[2] and book.font(cells["B9"])[2]
    assert book.defined_names["_xlnm.Print_Titles"] == "'修订对照表'!$3:$3"
    sheet = book.sheet_xml()
    setup = sheet.find("m:pageSetup", NS)
    assert (setup.get("orientation"), setup.get("paperSize"), setup.get("fitToWidth")) == ("landscape", "9", "1")
    assert "&P" in sheet.find("m:headerFooter/m:oddFooter", NS).text
    assert {"A1:I1", "A2:H2"} <= book.merged()


def test_the_same_revision_twice_says_so_and_writes_nothing(revised, tmp_path, capsys):
    out = tmp_path / "空.xlsx"
    assert main(["diff", "HEAD", "HEAD", "-w", str(revised), "--xlsx", str(out)]) == 0
    assert capsys.readouterr().out == f"没有变化：两边相同，未写入修订对照表 {out}\n"
    assert not out.exists()


def test_an_existing_file_is_kept_unless_forced(revised, tmp_path, capsys):
    out = tmp_path / "对照表.xlsx"
    out.write_bytes(b"colleague's copy")
    assert main(["diff", "-w", str(revised), "--xlsx", str(out)]) == 1
    assert "已存在，未覆盖" in capsys.readouterr().err and out.read_bytes() == b"colleague's copy"
    assert main(["diff", "-w", str(revised), "--xlsx", str(out), "--force"]) == 0
    assert XBook(out).rows()[2][0] == "序号"
    assert main(["diff", "-w", str(revised), "--xlsx", str(tmp_path / "a.csv")]) == 2
    assert "应以 .xlsx 结尾" in capsys.readouterr().err


def test_added_and_removed_projects_and_indicators_are_rows(revised, tmp_path, capsys):
    ws = revised
    (ws / "u01" / "p03.toml").unlink()
    edit(ws / "u01" / "unit.toml", '  "p03",\n', "")
    edit(ws / "u01" / "p04.toml", "[[indicators]]", '[[indicators]]\nlevel1 = "1-产出指标"\nlevel2 = "11-数量指标"\n'
         'name = "=HYPERLINK(\\"x\\")"\nperiod = "3次"\nannual = "3次"\n\n[[indicators]]')
    edit(ws / "u01" / "p05.toml", 'name = "市人社数据服务中心房屋维护维修经费"', 'name = "=1+1"')
    out = tmp_path / "t.xlsx"
    assert main(["diff", "-w", str(ws), "--xlsx", str(out)]) == 0
    book = XBook(out)
    rows = book.rows()
    removed = next(r for r in rows if r[3:4] == ["删除项目"])
    assert removed[2] == "p03 市人社数据服务中心双回路机房供电维护项目"
    assert removed[4].startswith("市人社数据服务中心双回路机房供电维护项目；总计 ") and removed[4].endswith("个指标")
    assert removed[5] == "" and Decimal(removed[6]) < 0  # 变动: the amount that went, negative
    added = next(r for r in rows if r[3:] and r[3].startswith("指标1「=HYPERLINK"))
    assert added[3] == '指标1「=HYPERLINK("x")」（新增）' and added[4:6] == ["", "1-产出指标／11-数量指标；实施周期 3次；年度 3次"]
    # text that looks like a formula stays text: no formula anywhere, and the quote prefix
    cells = book.cells()
    assert all(c.formula is None for c in cells.values())
    renamed = next(r for r, c in cells.items() if c.text == "=1+1" and r.startswith("F"))
    assert cells[renamed].type == "inlineStr" and book.quote_prefix(cells[renamed])
    assert rows[-1][:2] == ["", "合计"]


def test_review_comments_sit_beside_what_they_are_about(tmp_path, git_env, capsys):  # noqa: F811
    """The reviewer's comments committed; then the clerk revises two projects and resolves two
    comments. The 审核意见 column: the open comment on an indicator beside that indicator's
    row, the resolved one on 总计 beside 总计 marked 已解决 with who; a project whose only change
    is a resolved comment, and an unchanged one with an open comment, each on a row of its own;
    a comment resolved in an earlier round is not shown."""
    ws = sample_repo(tmp_path)
    w = ["-w", str(ws)]

    def comment(*args):
        assert main(["comment", "add", *w, "--author", "市财政局王审核", *args]) == 0

    comment("-p", "u01/p02", "--field", "总计", "-m", "请说明测算依据")
    comment("-p", "u01/p01", "--indicator", "物品入库率", "--field", "年度指标值", "-m", "入库率偏低")
    comment("-p", "u01/p03", "-m", "该项目是否延续？")
    comment("-p", "u01/p04", "--field", "绩效目标", "-m", "目标太空泛")
    comment("-p", "u01/p05", "-m", "上一轮的意见")
    assert main(["comment", "resolve", *w, "u01/p05#1", "--author", "单位李会计"]) == 0
    assert main(["commit", *w, "-m", "财政局审核意见"]) == 0
    edit(ws / "u01" / "p02.toml", "total = 144.33\nfiscal = 144.33", "total = 150.00\nfiscal = 150.00")
    edit(ws / "u01" / "p01.toml", 'annual = "≥98%"', 'annual = "≥99%"')
    for ref in ("u01/p02#1", "u01/p04#1"):
        assert main(["comment", "resolve", *w, ref, "--author", "单位李会计"]) == 0
    out = tmp_path / "对照表.xlsx"
    capsys.readouterr()
    assert main(["diff", *w, "--xlsx", str(out)]) == 0
    resolved = tomllib.loads((ws / "u01" / "p02.toml").read_text("utf-8"))["comments"][0]["resolved_date"]
    resolved4 = tomllib.loads((ws / "u01" / "p04.toml").read_text("utf-8"))["comments"][0]["resolved_date"]
    rows = XBook(out).rows()
    assert rows[2][7] == "审核意见"
    body = [(r[2], r[3], r[7] if len(r) > 7 else "") for r in rows[3:]]
    assert body == [
        ("p01 市人社数据服务中心购置经费", "指标1「物品入库率」年度指标值",
         "指标「物品入库率」年度指标值｜市财政局王审核：入库率偏低"),
        ("p02 市人社数据服务中心业务运行工作经费", "总计",
         f"总计｜市财政局王审核：请说明测算依据（已解决：单位李会计 {resolved}）"),
        ("p02 市人社数据服务中心业务运行工作经费", "财政拨款", ""),
        ("p03 市人社数据服务中心双回路机房供电维护项目", "审核意见（项目未修改）", "项目｜市财政局王审核：该项目是否延续？"),
        (rows[7][2], "审核意见", f"绩效目标｜市财政局王审核：目标太空泛（已解决：单位李会计 {resolved4}）"),
        ("小计", "总计", ""),
        ("小计", "财政拨款", ""),
        ("", "总计", ""),
        ("", "财政拨款", ""),
    ]
    assert rows[7][2].startswith("p04 ") and [r[0] for r in rows[3:8]] == ["1", "2", "3", "4", "5"]
    # nothing else changed since: the same comparison without the revisions keeps the comments
    assert main(["commit", *w, "-m", "修改", "--force"]) == 0
    assert main(["diff", "HEAD~1", "HEAD", *w, "--xlsx", str(tmp_path / "2.xlsx")]) == 0
    again = XBook(tmp_path / "2.xlsx").rows()[3:]
    assert [(r[2], r[3], r[7] if len(r) > 7 else "") for r in again] == body


def test_a_project_whose_only_change_is_a_comment_keeps_its_row(tmp_path, git_env, capsys):  # noqa: F811
    ws = sample_repo(tmp_path)
    assert main(["comment", "add", "-w", str(ws), "-p", "u01/p06", "--author", "王", "-m", "=请核实\x7f"]) == 2
    assert main(["comment", "add", "-w", str(ws), "-p", "u01/p06", "--author", "王", "-m", "=SUM(A1)请核实"]) == 0
    out = tmp_path / "t.xlsx"
    assert main(["diff", "-w", str(ws), "--xlsx", str(out)]) == 0
    book = XBook(out)
    rows = book.rows()
    assert len(rows) == 4 and rows[3][0] == "1" and rows[3][2].startswith("p06 ") and rows[3][3] == "审核意见"
    assert rows[3][7] == "项目｜王：=SUM(A1)请核实"
    assert all(c.formula is None for c in book.cells().values())
