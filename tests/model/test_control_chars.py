"""T2: control characters in data are an error, shown escaped (issue #12, "text is text")."""

from model.text import control_chars, escaped, pictured
from model.validate import validate_workspace
from model.workspace import Unit
from storage.workspace.layout import file_of
from storage.workspace.store import Store
from tests.paths import SAMPLE

HOSTILE = "市人社\u001b]0;pwned\u0007服务\u001b[2J"


def t2(ws):
    return [d for d in validate_workspace(ws, file_of, "jixiao.toml") if d.rule == "T2"]


def test_escaped_and_pictured():
    assert escaped(HOSTILE) == "市人社\\x1b]0;pwned\\x07服务\\x1b[2J"
    assert escaped("a\tb\nc\u2028\x9b", multiline=True) == "a\tb\nc\\u2028\\u009b"
    assert escaped("a\tb") == "a\\x09b"
    assert pictured("a\x1bb\tc\x7f") == "a␛b␉c␡"
    assert control_chars("目标\n\t第二行", multiline=True) == []
    assert control_chars("a\x00b\u2029") == [(1, "\x00"), (3, "\u2029")]


def test_t2_project_name_with_position_escaped():
    ws = Store.open(SAMPLE).workspace
    p = ws.units[0].projects[0]
    p.name = HOSTILE
    [d] = t2(ws)
    assert d.severity == "error" and d.field == "name" and d.file == "u01/p01.toml"
    assert d.message == ("项目名称第 4 个字符是控制字符 \\x1b（ESC）（共 3 个）：它看不见，却会扰乱终端显示和"
                         "导出的表格；请删去（编辑器中显示为 ␛ 一类的符号）")


def test_t2_goal_allows_newline_and_tab_but_not_vt():
    ws = Store.open(SAMPLE).workspace
    p = ws.units[0].projects[0]
    p.goal = "第一行\n\t第二行"
    assert t2(ws) == []
    p.goal = "第一行\u000b第二行"
    [d] = t2(ws)
    assert d.field == "goal" and d.message.startswith("绩效目标第 4 个字符是控制字符 \\x0b（垂直制表符）：")


def test_t2_indicators_unit_and_workspace_texts():
    ws = Store.open(SAMPLE).workspace
    p = ws.units[0].projects[1]
    p.indicators[1].annual = "≥98%\x00"
    p.indicators[0].name = "名称\n换行"
    ws.units[0].name = "\x9b单位"
    ws.title = "标题\u2028"
    ws.department = "部门\x7f"
    got = [(d.file, d.indicator, d.field, d.location(), d.message.split("：")[0]) for d in t2(ws)]
    assert got == [
        ("jixiao.toml", None, "title", "标题", "标题第 3 个字符是控制字符 \\u2028（行分隔符）"),
        ("jixiao.toml", None, "department", "单位名称", "单位名称第 3 个字符是控制字符 \\u007f（DEL）"),
        ("u01/p02.toml", 1, "name", f"\x9b单位 › {p.name} › 指标1 › 三级指标", "指标1的三级指标第 3 个字符是控制字符 \\x0a（换行）"),
        ("u01/p02.toml", 2, "annual", f"\x9b单位 › {p.name} › 指标2 › 年度指标值", "指标2的年度指标值第 5 个字符是控制字符 \\x00（NUL）"),
        ("u01/unit.toml", None, "name", "\x9b单位 › 单位名称", "单位名称第 1 个字符是控制字符 \\u009b"),
    ]
