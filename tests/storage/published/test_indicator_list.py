"""Indicator lists (``--layout indicators`` or a mapping file): the exported cells read back with
an independent reader (tests/xlsxcells.py, csv), and export → import giving the same indicators."""

import csv
import shutil
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.indicator_list.layout import BUILTIN_COLUMNS
from model.workspace import Indicator, Project, Unit, Workspace
from storage.published.list_export import export_list_csv, export_list_xlsx
from storage.published.list_file import load_layout
from storage.workspace.store import Store, write_new_workspace
from tests.paths import ROOT, SAMPLE
from tests.xlsxcells import XBook
from tui.cli import main

EXAMPLE = ROOT / "samples" / "layouts" / "example-province.toml"
# the example mapping's columns, as the README documents them
EXAMPLE_HEADER = ["序号", "项目名称", "预算单位", "一级指标", "二级指标", "指标名称", "指标性质", "年度指标值", "计量单位",
                  "中期指标性质", "中期指标值", "中期计量单位", "备注"]


def indicators(root):
    ws = Store.open(root).workspace
    return [(u.name, p.name, p.indicators) for u, p in ws.projects()]


def csv_rows(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads it as UTF-8
    return list(csv.reader(raw.decode("utf-8-sig").splitlines()))


def test_the_sample_as_an_indicator_list_reads_back_cell_by_cell(tmp_path, capsys):
    out = tmp_path / "清单.xlsx"
    assert main(["export", str(SAMPLE), "--layout", "indicators", "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"已导出指标清单（指标清单，XLSX）：19 个项目的 81 个指标，每行一个 → {out}\n"
    book = XBook(out)
    rows = book.rows()
    assert rows[0] == list(BUILTIN_COLUMNS)
    assert len(rows) == 82
    row = next(r for r in rows if r[4] == "物品入库率")
    head = rows[0]
    got = dict(zip(head, row))
    assert got["实施周期指标性质"] == "≥" and got["实施周期指标值"] == "98" and got["实施周期度量单位"] == "%"
    assert got["年度指标性质"] == "≥" and got["年度指标值"] == "98" and got["年度度量单位"] == "%"
    assert got["实施周期指标值原文"] == "≥98%" and got["一级指标"] == "1-产出指标" and got["二级指标"] == "12-质量指标"
    ref = next(c for c in book.cells().values() if c.text == "98")
    assert ref.type == "n"  # 指标值 is a number cell
    by_name = {r[4]: dict(zip(head, r)) for r in rows[1:]}
    assert [by_name["支撑平台查询"][k] for k in ("实施周期指标性质", "实施周期指标值", "实施周期度量单位")] == ["≤", "5", "秒"]
    over = next(r for r in by_name.values() if r["实施周期指标值原文"] == ">1800万")
    assert [over["实施周期指标性质"], over["实施周期指标值"], over["实施周期度量单位"]] == [">", "1800", "万"]


def test_the_example_mapping_reorders_and_renames_columns(tmp_path):
    out = tmp_path / "导入模板.xlsx"
    assert main(["export", str(SAMPLE), "--layout", str(EXAMPLE), "-o", str(out)]) == 0
    book = XBook(out)
    assert list(book.sheet_parts) == ["绩效指标"]
    rows = book.rows()
    assert rows[0] == EXAMPLE_HEADER
    first = dict(zip(EXAMPLE_HEADER, rows[1] + [""] * (len(EXAMPLE_HEADER) - len(rows[1]))))
    assert first == {"序号": "1", "项目名称": "市人社数据服务中心购置经费", "预算单位": "广州市人力资源和社会保障数据服务中心",
                     "一级指标": "产出指标", "二级指标": "质量指标", "指标名称": "物品入库率", "指标性质": "大于等于",
                     "年度指标值": "98", "计量单位": "%", "中期指标性质": "大于等于", "中期指标值": "98",
                     "中期计量单位": "%", "备注": ""}
    assert {r[6] for r in rows[1:]} == {"大于等于", "等于", "小于等于", "大于"}


def test_csv_has_a_bom_and_no_formula_runs(tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(SAMPLE, ws)
    p01 = ws / "u01" / "p01.toml"
    p01.write_text(p01.read_text("utf-8").replace('name = "物品入库率"', 'name = "=HYPERLINK(\\"http://x\\")"'), "utf-8")
    out = tmp_path / "清单.csv"
    assert main(["export", str(ws), "--layout", "indicators", "-o", str(out)]) == 0
    rows = csv_rows(out)
    assert rows[0] == list(BUILTIN_COLUMNS)
    assert rows[1][4] == "'=HYPERLINK(\"http://x\")"
    assert rows[4][5] == "="  # the nature of 100% stays as the template wants it
    back = tmp_path / "back"
    assert main(["import", str(out), "--layout", "indicators", "--into", str(back)]) == 0
    assert indicators(back)[0][2][0].name == '=HYPERLINK("http://x")'


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_into_a_new_folder_gives_the_sample_s_indicators(tmp_path, capsys, fmt):
    out = tmp_path / f"清单.{fmt}"
    assert main(["export", str(SAMPLE), "--layout", "indicators", "-o", str(out)]) == 0
    assert main(["import", str(out), "--layout", "indicators", "--into", str(tmp_path / "new")]) == 0
    assert indicators(tmp_path / "new") == indicators(SAMPLE)
    new = Store.open(tmp_path / "new").workspace
    assert all(p.total is None and p.goal == "" for _, p in new.projects())


@pytest.mark.parametrize("layout", ["indicators", str(EXAMPLE)])
def test_export_then_import_into_the_workspace_changes_no_file(tmp_path, capsys, layout):
    ws = tmp_path / "ws"
    shutil.copytree(SAMPLE, ws)
    before = {p.relative_to(ws): p.read_bytes() for p in ws.rglob("*") if p.is_file()}
    out = tmp_path / "清单.csv"
    assert main(["export", str(ws), "--layout", layout, "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["import", str(out), "--layout", layout, "--into", str(ws)]) == 0
    assert capsys.readouterr().out == ("0 个项目的指标已更新，19 个项目与清单相同；0 个项目不在清单中，未改动。"
                                       "金额、绩效目标不在指标清单中，均未改动\n")
    assert {p.relative_to(ws): p.read_bytes() for p in ws.rglob("*") if p.is_file()} == before


def test_an_edited_list_updates_only_what_changed(tmp_path, capsys):
    ws = tmp_path / "ws"
    shutil.copytree(SAMPLE, ws)
    out = tmp_path / "清单.csv"
    assert main(["export", str(ws), "--layout", str(EXAMPLE), "-o", str(out)]) == 0
    rows = csv_rows(out)
    rows[1][7] = "99"  # 物品入库率's annual value, edited in the template's own columns
    rows = [r for r in rows if r[5] != "物品验收率"]  # and one indicator deleted
    out.write_text("\ufeff" + "".join(",".join(r) + "\r\n" for r in rows), "utf-8")
    p02 = (ws / "u01" / "p02.toml").read_bytes()
    capsys.readouterr()
    assert main(["import", str(out), "--layout", str(EXAMPLE), "--into", str(ws)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "已更新「市人社数据服务中心购置经费」：2 个指标（修改 1、删除 1）"
    p01 = Store.open(ws).workspace.units[0].projects[0]
    assert [(i.name, i.period, i.annual) for i in p01.indicators] == [
        ("物品入库率", "≥98%", "≥99%"), ("新购置设备使用率（%）", "≥95%", "≥95%")]
    assert (ws / "u01" / "p01.toml").read_text("utf-8").startswith('name = "市人社数据服务中心购置经费"\ntotal = 17.60')
    assert (ws / "u01" / "p02.toml").read_bytes() == p02


def test_a_project_the_workspace_lacks_refuses_the_import(tmp_path, capsys):
    ws = tmp_path / "ws"
    shutil.copytree(SAMPLE, ws)
    before = (ws / "u01" / "p01.toml").read_bytes()
    out = tmp_path / "清单.xlsx"
    assert main(["export", str(ws), "--layout", "indicators", "-o", str(out)]) == 0
    p01 = ws / "u01" / "p01.toml"
    p01.write_text(p01.read_text("utf-8").replace("市人社数据服务中心购置经费", "购置经费（改名）", 1), "utf-8")
    capsys.readouterr()
    assert main(["import", str(out), "--layout", "indicators", "--into", str(ws)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        (f"{out}: 指标清单!B2: 错误 单位「广州市人力资源和社会保障数据服务中心」中没有项目「市人社数据服务中心购置经费」："
        "清单中的指标无处可放，未导入任何内容；请改正清单中的项目名称，或先在编辑器中新增该项目"),
        "jixiao import: 1 个项目在工作区中找不到，未写入任何文件"]
    assert p01.read_bytes() == before.replace("市人社数据服务中心购置经费".encode(), "购置经费（改名）".encode(), 1)


def test_bad_cells_are_named_and_nothing_is_written(tmp_path, capsys):
    src = tmp_path / "清单.csv"
    header = ",".join(BUILTIN_COLUMNS)
    src.write_text("\ufeff" + header + "\r\n"
                   "单位,项目,1-产出指标,19-神秘指标,A,≥,98,%,,≥,98,%,\r\n"
                   "单位,项目,,,B,约等于,98,%,,≥,98,%,\r\n"
                   "单位,项目,,12-质量指标,C,≥,九十八,%,,≥,98,%,≥98%\r\n"
                   "单位,项目,,12-质量指标,D,≥,97,%,≥98%,≥,98,%,\r\n"
                   "单位,项目,,12-质量指标,E\x1b,≥,97,%,,≥,98,%,\r\n", "utf-8")
    assert main(["import", str(src), "--layout", "indicators", "--into", str(tmp_path / "new")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{src}: 第6行第5列: 错误 含控制字符 \\x1b（ESC）：「E\\x1b」；这类字符不属于表格文字，请在源文件中删去后重新导入",
        (f"{src}: 第2行第4列: 错误 二级指标代码 19 不在代码表中（可用：11-数量指标、12-质量指标、13-时效指标、14-成本指标、"
        "21-经济效益、22-社会效益、23-生态效益、24-可持续影响、31-服务对象满意度）"),
        f"{src}: 第3行第4列: 错误 一级指标和二级指标都为空（至少需要二级指标，一级指标可由它得出）",
        f"{src}: 第3行第6列: 错误 实施周期指标性质「约等于」无法识别（应为 ≥ > = < ≤ 或 定性）",
        f"{src}: 第4行第7列: 错误 实施周期指标值：指标性质为 ≥，指标值应为数字，实为「九十八」",
        f"{src}: 第5行第7列: 错误 实施周期指标值「≥ 97 %」与原文「≥98%」不一致：改正其中一处（或清空原文，按拆分的各列导入）",
        "jixiao import: 6 处无法读取，未写入任何文件",
    ]
    assert not (tmp_path / "new").exists()


def test_a_list_without_its_header_says_what_it_expects(tmp_path, capsys):
    src = tmp_path / "别的.csv"
    src.write_text("a,b,c\r\n1,2,3\r\n", "utf-8")
    assert main(["import", str(src), "--layout", "indicators", "--into", str(tmp_path / "new")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jixiao import: 别的.csv：前 50 行中没有指标清单的表头（至少要有「项目名称」和「三级指标」两列")


def test_excel_s_gbk_csv_and_a_header_below_a_title_are_read(tmp_path, capsys):
    src = tmp_path / "清单.csv"
    src.write_bytes(("某省绩效指标导入\r\n" + ",".join(BUILTIN_COLUMNS[1:5]) + ",年度指标值原文\r\n"
                     "项目甲,产出指标,数量指标,培训人次,≥300人次\r\n").encode("gb18030"))
    assert main(["import", str(src), "--layout", "indicators", "--into", str(tmp_path / "new")]) == 0
    assert capsys.readouterr().err.startswith(f"{src}: 第2行第1列: 警告 表头中没有「单位名称」「实施周期指标性质」")
    [(unit, project, inds)] = indicators(tmp_path / "new")
    assert (unit, project) == ("", "项目甲")
    assert inds == [Indicator(level1="1-产出指标", level2="11-数量指标", name="培训人次", period="", annual="≥300人次")]


def test_the_seed_exported_and_imported_keeps_every_indicator(seed_path, tmp_path, capsys):
    assert main(["import", str(seed_path), "--into", str(tmp_path / "seed"), "--year", "2025"]) == 0
    for fmt in ("xlsx", "csv"):
        out = tmp_path / f"清单.{fmt}"
        assert main(["export", str(tmp_path / "seed"), "--layout", "indicators", "-o", str(out)]) == 0
        assert main(["import", str(out), "--layout", "indicators", "--into", str(tmp_path / fmt), "--year", "2025"]) == 0
        assert indicators(tmp_path / fmt) == indicators(tmp_path / "seed")
    # the province's template has no 原文 and no 计算口径: the workspace keeps them all the same
    out = tmp_path / "模板.xlsx"
    assert main(["export", str(tmp_path / "seed"), "--layout", str(EXAMPLE), "-o", str(out)]) == 0
    before = {p: p.read_bytes() for p in (tmp_path / "seed").rglob("*.toml")}
    assert main(["import", str(out), "--layout", str(EXAMPLE), "--into", str(tmp_path / "seed")]) == 0
    assert {p: p.read_bytes() for p in (tmp_path / "seed").rglob("*.toml")} == before


# -- generated values ----------------------------------------------------------------------------

NUMBER = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
VALUE = st.one_of(
    st.builds(lambda c, n, u: f"{c}{n}{u}", st.sampled_from(["", "≥", ">=", ">", "<", "≤", "<=", "＞"]), NUMBER,
              st.sampled_from(["", "%", "个", "次", "万条", "秒", "万", "人次"])),
    st.builds(lambda n, u, s: f"{n}{u}{s}", NUMBER, st.sampled_from(["%", "个", "分"]), st.sampled_from(["或以上", "以内"])),
    st.sampled_from(["有效提升", "定性：完成3项", "按期完成", "2026年12月底前", "12月31日前", "2025年6月30日",
                     "（无事故发生天数÷运维天数）×100%≥99%", "=开头的文字", "-号开头", ""]),
)
CATEGORY = st.sampled_from([("1-产出指标", "11-数量指标"), ("1-产出指标", "13-时效指标"), ("2-效益指标", "22-社会效益"),
                            ("3-满意度指标", "31-服务对象满意度")])
NAME = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=12) \
    .map(str.strip).filter(bool)
INDICATOR = st.builds(lambda c, n, p, a: Indicator(level1=c[0], level2=c[1], name=n, period=p, annual=a),
                      CATEGORY, NAME, VALUE, VALUE)


@settings(max_examples=25, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(INDICATOR, min_size=1, max_size=4), min_size=1, max_size=4))
def test_generated_indicators_survive_export_and_import(tmp_path_factory, projects):
    ws = Workspace(department="单位", year=2025, units=[Unit(id="u01", name="单位", projects=[
        Project(id=f"p{i:02d}", name=f"项目{i}", total=Decimal("1.00"), fiscal=Decimal("1.00"), goal="目标", indicators=inds)
        for i, inds in enumerate(projects, 1)])])
    tmp = tmp_path_factory.mktemp("gen")
    write_new_workspace(ws, tmp / "ws")
    for name, data in (("清单.xlsx", export_list_xlsx(ws, load_layout("indicators"))),
                       ("清单.csv", export_list_csv(ws, load_layout("indicators")))):
        (tmp / name).write_bytes(data)
        assert main(["import", str(tmp / name), "--layout", "indicators", "--into", str(tmp / f"new-{name}"),
                     "--year", "2025"]) == 0
        assert indicators(tmp / f"new-{name}") == indicators(tmp / "ws")
        before = {f: f.read_bytes() for f in (tmp / "ws").rglob("*.toml")}
        assert main(["import", str(tmp / name), "--layout", "indicators", "--into", str(tmp / "ws")]) == 0
        assert {f: f.read_bytes() for f in (tmp / "ws").rglob("*.toml")} == before


# -- garbage in ----------------------------------------------------------------------------------

CELL = st.one_of(st.text(max_size=8), st.sampled_from(["≥", "定性", "日期", "98", "2026-02-30", "'=1+1", "１２", "1e9"]))
GARBAGE_CSV = st.lists(st.lists(CELL, max_size=14), max_size=6).map(
    lambda rows: "\r\n".join([",".join(BUILTIN_COLUMNS)] + [",".join(f'"{c.replace(chr(34), "")}"' for c in r) for r in rows]))


@settings(max_examples=40, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=300).map(lambda b: ("x.xlsx", b)), st.binary(max_size=300).map(lambda b: ("x.csv", b)),
                 GARBAGE_CSV.map(lambda t: ("x.csv", t.encode("utf-8")))))
def test_garbage_lists_give_messages_never_tracebacks(tmp_path_factory, named):
    from model.codes import default_codes
    from model.errors import JixiaoError
    from model.indicator_list.layout import BUILTIN
    from storage.published.list_import import read_indicator_list

    name, data = named
    path = tmp_path_factory.mktemp("garbage") / name
    path.write_bytes(data)
    try:
        read = read_indicator_list(path, BUILTIN, default_codes(), 2025)
    except JixiaoError as e:
        assert str(e)
        return
    assert all(p.where and p.message for p in read.errors)


def test_a_csv_a_spreadsheet_re_saved_still_agrees_with_its_original_text(tmp_path, capsys):
    ws = tmp_path / "ws"
    shutil.copytree(SAMPLE, ws)
    p18 = ws / "u01" / "p18.toml"
    p18.write_text(p18.read_text("utf-8").replace('period = "≤5秒"', 'period = "2026年6月底前"', 1), "utf-8")
    out = tmp_path / "清单.csv"
    assert main(["export", str(ws), "--layout", "indicators", "-o", str(out)]) == 0
    text = out.read_text("utf-8-sig")
    assert ",≤,2026-06-30,日期,2026年6月底前," in text
    out.write_text(text.replace(",≤,2026-06-30,日期,", ",≤,2026/6/30,日期,"), "gbk")  # as Excel saves it
    before = p18.read_bytes()
    assert main(["import", str(out), "--layout", "indicators", "--into", str(ws)]) == 0
    assert p18.read_bytes() == before
