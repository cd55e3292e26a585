"""Text copied from PDFs or sheets, as anyone may send it (issue #12): control characters in
cells, line separators that are not line ends, numbers no budget has."""

import pytest

from storage.published.text_import import import_text
from tests.storage.published.test_text_import import TABLE
from tui.cli import main

GOAL = "完成校舍维修。"  # the goal on line 7
LIMIT = "超出上限（金额应小于 1,000,000,000,000 万元（10^12 万元））"
WHY = "这类字符不属于表格文字（可能来自损坏或被改动的文件，会扰乱终端显示），请在源文件中删去后重新导入"


@pytest.mark.parametrize("char, named", [("\u2028", "\\u2028（行分隔符）"), ("\x0b", "\\x0b（垂直制表符）"),
                                         ("\x0c", "\\x0c（换页）"), ("\x85", "\\u0085")])
def test_a_line_separator_inside_a_cell_is_flagged_and_keeps_line_numbers(tmp_path, char, named):
    text = TABLE.replace(GOAL, f"完成{char}校舍维修。").replace("250.50\t200.00", "250.50\t二百")
    src = tmp_path / "t.txt"
    src.write_text(text, "utf-8")
    escaped = named.split("（")[0]
    assert [str(e) for e in import_text(src).errors] == [
        f"第7行第6列: 含控制字符 {named}：「完成{escaped}校舍维修。」；{WHY}",
        "第9行: 财政拨款「二百」不是数字",  # the line an editor shows, not one further down
    ]


@pytest.mark.parametrize("char, named", [("\x1b", "\\x1b（ESC）"), ("\x00", "\\x00（NUL）")])
def test_escape_or_nul_in_a_cell_is_refused_and_never_printed_raw(tmp_path, capsys, char, named):
    src = tmp_path / "t.txt"
    src.write_text(TABLE.replace("校舍维修\t", f"校舍{char}]0;pwned\x07维修\t"), "utf-8")
    assert main(["import", str(src), "--into", str(tmp_path / "ws")]) == 1
    err = capsys.readouterr().err
    assert f"t.txt: 第7行第1列: 错误 含控制字符 {named}：「校舍{named.split('（')[0]}]0;pwned\\x07维修」；{WHY}" in err
    assert char not in err and "\x07" not in err
    assert not (tmp_path / "ws").exists()


def test_crlf_lines_count_as_one_line_each(tmp_path):
    src = tmp_path / "t.txt"
    src.write_bytes(TABLE.replace("250.50\t200.00", "250.50\t二百").replace("\n", "\r\n").encode())
    assert [str(e) for e in import_text(src).errors] == ["第9行: 财政拨款「二百」不是数字"]


def test_a_forty_digit_amount_is_too_large_not_lost_blank_cells(tmp_path):
    big = "1234567890" * 4
    src = tmp_path / "t.txt"
    src.write_text(TABLE.replace("250.50\t200.00", f"250.50\t{big}"), "utf-8")
    assert [str(e) for e in import_text(src).errors] == [f"第9行: 财政拨款：金额 {big} {LIMIT}"]


def test_a_date_in_an_amount_column_is_said_to_be_a_date(tmp_path):
    src = tmp_path / "t.txt"
    src.write_text(TABLE.replace("250.50\t200.00", "250.50\t2025-01-10"), "utf-8")
    assert [str(e) for e in import_text(src).errors] == ["第9行: 财政拨款「2025-01-10」是日期，不是金额"]


def test_prose_in_an_amount_column_is_still_explained_as_lost_blank_cells(tmp_path):
    src = tmp_path / "t.txt"
    src.write_text(TABLE.replace("某区实验小学\t250.00\t200.00\t\t50.00\t\t", "某区实验小学  250.00  200.00  完成校舍维修工作并通过验收"),
                   "utf-8")
    errors = [str(e) for e in import_text(src).errors]
    assert len(errors) == 1 and "空白单元格可能在复制时丢失了" in errors[0]
