from decimal import Decimal
from pathlib import Path

from model.validate import validate_workspace
from storage.published.text_import import import_text
from storage.workspace.layout import file_of
from storage.workspace.store import Store
from tests.paths import SAMPLE, SAMPLE_REVIEW
from tui.cli import main


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_reimporting_the_seed_gives_the_committed_sample(seed_path, tmp_path, capsys):
    assert main(["import", str(seed_path), "--into", str(tmp_path / "a"), "--year", "2025"]) == 0
    assert "已导入 1 个单位、19 个项目、81 个指标" in capsys.readouterr().out
    assert files(tmp_path / "a") == files(SAMPLE)
    assert main(["import", str(seed_path), "--into", str(tmp_path / "b"), "--year", "2025"]) == 0
    assert files(tmp_path / "b") == files(tmp_path / "a")


def test_import_refuses_a_non_empty_folder(seed_path, tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["import", str(seed_path), "--into", str(tmp_path)]) == 2
    assert "不是空文件夹" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_import_into_a_file_is_refused(seed_path, tmp_path, capsys):
    (tmp_path / "ws").write_text("mine")
    assert main(["import", str(seed_path), "--into", str(tmp_path / "ws")]) == 2
    assert f"{tmp_path / 'ws'} 是文件，不是文件夹" in capsys.readouterr().err
    assert (tmp_path / "ws").read_text() == "mine"


def test_seed_details(seed_path):
    r = import_text(seed_path)
    assert r.errors == r.warnings == []
    ws = r.workspace
    p = ws.units[0].projects[17]
    assert p.name == "广州市人社数据中心2025年人工智能大模型创新应用建设项目"
    assert p.total == p.fiscal == Decimal("321.20") and p.special is None and p.other is None
    assert [(i.level2, i.name, i.period) for i in p.indicators][2] == ("13-时效指标", "支撑平台查询", "≤5秒")
    # half-width block with a stray space before ';'
    q = ws.units[0].projects[16]
    assert q.indicators[0].name == "巡检完成率(%)"
    assert ws.units[0].projects[1].total == Decimal("144.33")
    assert ws.units[0].projects[12].total == Decimal("1011.92")  # "1,011.92"


TABLE = """项目支出绩效目标表（含转移支付项目）
单位名称：某区教育局
单位：万元
项目名称（资金使用单位）\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\t绩效指标
合计\t1,250.50\t1,000.00\t200.00\t50.50\t\t
某区第一中学\t1,000.00\t800.00\t200.00\t\t\t
校舍维修\t1,000.00\t800.00\t200.00\t\t完成校舍维修。\t1、1-产出指标；11-数量指标；维修面积；实施周期指标值：≥2000平方米；年度指标值：≥2000平方米。2、2-效益指标；22-社会效益；安全事故；实施周期指标值：0次；年度指标值：0次。
某区实验小学\t250.00\t200.00\t\t50.00\t\t
图书购置\t250.50\t200.00\t\t50.50\t购置图书.\t1、1-产出指标;11-数量指标;购书数量;实施周期指标值:≥5000册;年度指标值:≥5000册。2、2-效益指标；22-社会效益；借阅率（%）；实施周期指标值：≥80%；年度指标值：≥80%。
"""


def test_several_units_and_a_unit_row_that_disagrees(tmp_path):
    src = tmp_path / "t.txt"
    src.write_text(TABLE, "utf-8")
    r = import_text(src)
    assert r.errors == []
    ws = r.workspace
    assert [u.name for u in ws.units] == ["某区第一中学", "某区实验小学"]
    assert ws.units[1].control.total == Decimal("250.00")
    assert ws.units[1].projects[0].indicators[0].period == "≥5000册"
    assert ws.department == "某区教育局"
    f3 = [d for d in validate_workspace(ws, file_of) if d.rule == "F3"]
    assert [(d.unit, d.field, d.message) for d in f3] == [
        ("某区实验小学", "control.total", "总计：项目合计 250.50 ≠ 预算控制数 250.00，超出 0.50 万元"),
        ("某区实验小学", "control.other", "其他资金：项目合计 50.50 ≠ 预算控制数 50.00，超出 0.50 万元"),
    ]
    assert [str(w) for w in r.warnings] == [
        "第5行: 合计行总计 1,250.50 与各单位之和 1,250.00 不符，相差 0.50 万元（合计由工作区计算，不保存）",
        "第5行: 合计行其他资金 50.50 与各单位之和 50.00 不符，相差 0.50 万元（合计由工作区计算，不保存）",
    ]


def test_full_and_half_width_and_spaces(tmp_path):
    text = TABLE.replace("单位名称：", "单位名称: ").replace("\t1,000.00\t800.00", "\t 1,000.00 \t800.00 ")
    src = tmp_path / "t.txt"
    src.write_text(text, "utf-8")
    r = import_text(src)
    assert r.errors == []
    assert r.workspace.department == "某区教育局"
    assert r.workspace.units[0].projects[0].total == Decimal("1000.00")


def test_lines_it_cannot_read_are_reported_and_nothing_written(tmp_path, capsys):
    text = TABLE.replace("某区实验小学\t250.00", "这一行是从PDF页脚复制来的\n某区实验小学\t250.00")
    text = text.replace("年度指标值:≥5000册", "≥5000册")
    text += "备注\t1\t2\t3\t4\t5\t6\t7\t8\n"
    src = tmp_path / "t.txt"
    src.write_text(text, "utf-8")
    r = import_text(src)
    assert [str(e) for e in r.errors] == [
        "第8行: 无法识别的行：「这一行是从PDF页脚复制来的」（应为标题、单位名称、表头或数据行）",
        "第10行: 绩效指标：第1个指标应为「一级指标；二级指标；指标名称；实施周期指标值：…；年度指标值：…」，实为「1-产出指标;11-数量指标;购书数量;实施周期指标值:≥5000册;≥5000册。」",
        "第11行: 多出 2 列：「7 | 8」（表格应为 7 列）",
    ]
    out = tmp_path / "ws"
    assert main(["import", str(src), "--into", str(out)]) == 1
    assert "3 处无法读取，未写入任何文件" in capsys.readouterr().err
    assert not out.exists()


def test_amount_that_is_not_a_number_is_an_error(tmp_path):
    src = tmp_path / "t.txt"
    src.write_text(TABLE.replace("250.50\t200.00", "250.50\t二百"), "utf-8")
    assert [str(e) for e in import_text(src).errors] == ["第9行: 财政拨款「二百」不是数字"]


def test_space_separated_copy(tmp_path, seed_path):
    text = seed_path.read_text("utf-8").replace("\t", "   ")
    src = tmp_path / "t.txt"
    src.write_text(text, "utf-8")
    r = import_text(src)
    # blank cells vanish in a space-separated copy, so cells shift: say so rather than guess
    assert len(r.errors) == 19  # one per project row
    assert str(r.errors[0]) == (
        "第12行: 财政专户拨款列里是文字「通过项目实施：1.完成会议室设备更新，采…」：这一行的空白单元格可能在复制时丢失了，"
        "无法确定各金额属于哪一列；请复制为以 Tab 分隔的文本，或从 XLSX 导入"
    )


def test_space_separated_copy_with_every_cell_filled(tmp_path):
    text = (
        "项目支出绩效目标表（含转移支付项目）\n单位名称：某区教育局\n单位：万元\n"
        "项目名称（资金使用单位）   总计   财政拨款   财政专户拨款   其他资金   绩效目标   绩效指标\n"
        "某区第一中学   1,000.00   800.00   200.00   0.00\n"
        "校舍维修   1,000.00   800.00   200.00   0.00   完成校舍维修。   "
        "1、1-产出指标；11-数量指标；维修面积；实施周期指标值：≥2000平方米；年度指标值：≥2000平方米。"
        "2、2-效益指标；22-社会效益；安全事故；实施周期指标值：0次；年度指标值：0次。\n"
    )
    src = tmp_path / "t.txt"
    src.write_text(text, "utf-8")
    r = import_text(src)
    assert r.errors == []
    p = r.workspace.units[0].projects[0]
    assert (p.name, p.total, p.special, p.other, p.goal) == ("校舍维修", Decimal("1000.00"), Decimal("200.00"), Decimal("0.00"), "完成校舍维修。")
    assert [i.name for i in p.indicators] == ["维修面积", "安全事故"]


def test_imported_workspace_checks_clean(seed_path, tmp_path):
    main(["import", str(seed_path), "--into", str(tmp_path / "w")])
    # no errors; the review warnings a reviewer would raise on the real table (README: 检查规则)
    assert [d.rule for d in Store.open(tmp_path / "w").diagnostics()] == SAMPLE_REVIEW


def test_a_file_in_neither_utf8_nor_gb18030_is_refused_with_where(tmp_path, capsys):
    src = tmp_path / "table.txt"
    src.write_bytes("项目支出绩效目标表\n".encode() + b"ab\x80\xff\n")
    assert main(["import", str(src), "--into", str(tmp_path / "ws")]) == 1
    err = capsys.readouterr().err
    assert f"{src}: 第2行: 错误 第3个字节无法解码：文件既不是 UTF-8 也不是 GB18030 编码的文本" in err
    assert "未写入任何文件" in err
    assert not (tmp_path / "ws").exists()
