"""A mapping file (``--layout my-province.toml``) that cannot be used: every problem in Chinese
with file:line, exit code 2, and nothing written."""

from tests.paths import SAMPLE
from tui.cli import main

GOOD_COLUMNS = '''
[[columns]]
column = "项目名称"
header = "项目"

[[columns]]
column = "三级指标"
header = "指标"
'''


def export_with(tmp_path, capsys, mapping: str) -> list[str]:
    layout = tmp_path / "省模板.toml"
    layout.write_text(mapping, "utf-8")
    out = tmp_path / "清单.xlsx"
    assert main(["export", str(SAMPLE), "--layout", str(layout), "-o", str(out)]) == 2
    assert not out.exists()
    return [line.replace(str(layout), "省模板.toml") for line in capsys.readouterr().err.splitlines()]


def test_each_problem_names_its_line(tmp_path, capsys):
    mapping = '''level1 = "编号"
sheet = "指标/清单"

[natures]
"≈" = "约"
"≥" = "≤"

[[columns]]
column = "项目名称"
header = "项目"

[[columns]]
column = "指标名"
header = "指标"

[[columns]]
column = "三级指标"
header = "项目"
colour = "red"
'''
    assert export_with(tmp_path, capsys, mapping) == [
        "jixiao export: 省模板.toml:2: 工作表名称不能含 [ ] : * ? / \\，且不超过 31 个字",
        "省模板.toml:1: level1 应为 label（1-产出指标）、name（产出指标）、code（1）、short（产出）、text（照输入），实为 '编号'",
        "省模板.toml:5: [natures] 中的「≈」不是指标性质（可用：≥ > = < ≤ 定性）",
        "省模板.toml:6: [natures] 中「≥」写作「≤」，与「≤」相同，导入时无法区分",
        ("省模板.toml:13: 第 2 列：column = '指标名' 不是可用的列（可用：序号、单位名称、项目名称、预算年度、一级指标、二级指标、"
        "三级指标、实施周期指标性质、实施周期指标值、实施周期度量单位、实施周期指标值原文、实施周期比较符代码、实施周期计算口径、"
        "年度指标性质、年度指标值、年度度量单位、年度指标值原文、年度比较符代码、年度计算口径、空列）"),
        "省模板.toml:19: 第 3 列：未知的设置「colour」（可用：column、header）",
        "省模板.toml:18: 第 3 列：表头「项目」与第 1 列相同，导入时无法区分",
    ]


def test_a_toml_syntax_error_says_the_line_and_how_text_is_written(tmp_path, capsys):
    assert export_with(tmp_path, capsys, GOOD_COLUMNS + "\n[[columns]]\ncolumn = 年度指标值\n") == [
        ("jixiao export: 省模板.toml:11: TOML 格式错误，第 10 个字符处无法读取（Invalid value）；"
        "文字要加英文双引号，如 header = \"项目名称\"")]


def test_columns_missing_or_without_the_project(tmp_path, capsys):
    assert export_with(tmp_path, capsys, 'name = "省模板"\n') == [
        ("jixiao export: 省模板.toml:1: 缺少 [[columns]]：每一列写一个 [[columns]]，其中 column = \"项目名称\" 这样的列名"
        "和 header = \"表头文字\"")]
    assert export_with(tmp_path, capsys, 'name = "省模板"\n\n[[columns]]\ncolumn = "三级指标"\n') == [
        "jixiao export: 省模板.toml:3: 缺少「项目名称」列：没有它，清单中的指标不知道属于哪个项目"]


def test_a_missing_mapping_file_and_csv_for_the_table(tmp_path, capsys):
    out = tmp_path / "表.csv"
    assert main(["export", str(SAMPLE), "--layout", str(tmp_path / "无.toml"), "-o", str(out)]) == 2
    assert capsys.readouterr().err == (f"jixiao export: 找不到映射文件 {tmp_path / '无.toml'}"
                                       "（--layout 可为 table、detail、indicators 或一个 .toml 映射文件）\n")
    assert main(["export", str(SAMPLE), "--format", "csv", "-o", str(out)]) == 2
    assert capsys.readouterr().err == ("jixiao export: CSV 只用于指标清单（--layout indicators 或映射文件）；"
                                       "汇总表和申报表导出为 .xlsx\n")
    assert main(["export", str(SAMPLE), "--layout", "indicators", "--format", "csv", "-o", str(tmp_path / "a.xlsx")]) == 2
    assert capsys.readouterr().err == f"jixiao export: 输出文件名应以 .csv 结尾：{tmp_path / 'a.xlsx'}\n"
    assert list(tmp_path.iterdir()) == []


def test_the_same_mapping_refuses_an_import_too(tmp_path, capsys):
    layout = tmp_path / "省模板.toml"
    layout.write_text('sheet = 3\n' + GOOD_COLUMNS, "utf-8")
    src = tmp_path / "清单.csv"
    src.write_text("项目,指标\r\n甲,乙\r\n", "utf-8")
    assert main(["import", str(src), "--layout", str(layout), "--into", str(tmp_path / "new")]) == 2
    assert capsys.readouterr().err == f"jixiao import: {layout}:1: sheet 应为非空的文字\n"
    assert not (tmp_path / "new").exists()
