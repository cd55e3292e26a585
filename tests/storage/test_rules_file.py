"""rules.toml: read with the workspace, applied to every diagnostic; a wrong entry is an S1 at
its line and the rest still applies."""

from decimal import Decimal

import pytest

from model.ruleset import read_rule_set
from storage.workspace.rules_file import line_of
from storage.workspace.store import Store


def _drop_benefit(root):
    """机构运行辅助经费 (p06) without its 效益 indicator: P1."""
    p = root / "u01" / "p06.toml"
    text = p.read_text("utf-8")
    head, _, _ = text.partition('[[indicators]]\nlevel1 = "2-效益指标"')
    p.write_text(head, "utf-8")


def rules_of(store, rule):
    return [d for d in store.diagnostics() if d.rule == rule]


def test_no_rules_file_means_the_defaults(sample_copy):
    _drop_benefit(sample_copy)
    [d] = rules_of(Store.open(sample_copy), "P1")
    assert d.severity == "warning" and d.file == "u01/p06.toml"


@pytest.mark.parametrize("text, expect", [
    ('[P1]\nseverity = "off"\n', []),
    ('[P1]\nseverity = "error"\n', ["error"]),
    ('[P1]\nseverity = "错误"\n', ["error"]),
    ('P1.severity = "off"\n', []),
    ('P1 = { severity = "off" }\n', []),
])
def test_severity_from_rules_toml(sample_copy, text, expect):
    _drop_benefit(sample_copy)
    (sample_copy / "rules.toml").write_text(text, "utf-8")
    store = Store.open(sample_copy)
    assert [d.severity for d in rules_of(store, "P1")] == expect
    assert [d for d in store.diagnostics() if d.rule == "S1"] == []


def test_parameters_from_rules_toml(sample_copy):
    (sample_copy / "rules.toml").write_text('# 本单位的评审要求\n[R7]\nabove = 2000\n\n[R6]\nlevel2 = ["11", "12"]\n', "utf-8")
    store = Store.open(sample_copy)
    assert store.workspace.rules.param("R7", "above") == Decimal(2000)
    assert rules_of(store, "R7") == []
    assert len(rules_of(store, "R6")) == 11


def test_bad_entries_are_s1_at_their_line_and_the_rest_applies(sample_copy):
    _drop_benefit(sample_copy)
    (sample_copy / "rules.toml").write_text(
        '[P1]\nseverity = "off"\n\n[R3]\nfloor = "九十"\n\n[Q7]\nseverity = "off"\n\n[R2]\nsevere = "error"\n'
        '[R5]\nseverity = "ignore"\n[S1]\nseverity = "off"\n[R8]\nmin_share = 1.5\n', "utf-8")
    store = Store.open(sample_copy)
    s1 = [(d.file, d.line, d.message) for d in store.diagnostics() if d.rule == "S1"]
    assert s1 == [
        ("rules.toml", 5, '规则设置无效：[R3] 的 floor 应为不小于 0 的数字，实为 "九十"；这一项不起作用'),
        ("rules.toml", 7, ("规则设置无效：没有规则「Q7」（规则有 F1、F2、F3、I1、I2、I3、I4、I5、I6、P1、P2、P3、T1、T2、U1、"
                           "S1、S2、S3、R1、R2、R3、R4、R5、R6、R7、R8、R9；jixiao check --explain 规则 说明每一条）；这一项不起作用")),
        ("rules.toml", 11, "规则设置无效：规则 R2 没有参数「severe」（可设：severity、limit、except_names）；这一项不起作用"),
        ("rules.toml", 13, ('规则设置无效：[R5] 的 severity 应为 "error"（错误）、"warning"（警告）或 "off"（关闭），'
                            '实为 "ignore"；这一项不起作用')),
        ("rules.toml", 15, "规则设置无效：S1 不能改级别或关闭：无法读取的文件不计入合计，必须报告；这一项不起作用"),
        ("rules.toml", 17, "规则设置无效：[R8] 的 min_share 应为0 到 1 之间的数字（如 0.5），实为 1.5；这一项不起作用"),
    ]
    assert rules_of(store, "P1") == []  # the good entry applies


def test_a_rules_toml_syntax_error_is_s1_with_its_line(sample_copy):
    (sample_copy / "rules.toml").write_text('[P1]\nseverity = off\n', "utf-8")
    [d] = [d for d in Store.open(sample_copy).diagnostics() if d.rule == "S1"]
    assert (d.file, d.line) == ("rules.toml", 2) and d.message.startswith("TOML 语法错误")


def test_s2_can_be_turned_off_while_reading(sample_copy):
    (sample_copy / "u01" / "p20.toml").write_text((sample_copy / "u01" / "p01.toml").read_text("utf-8")
                                                  .replace("购置经费", "购置经费二"), "utf-8")
    assert [d.rule for d in Store.open(sample_copy).problems] == ["S2"]
    (sample_copy / "rules.toml").write_text('[S2]\nseverity = "off"\n', "utf-8")
    assert Store.open(sample_copy).problems == []


def test_line_of_forms():
    text = 'R3.floor = 1\n[P1]\nseverity = "off"\n["R2"]\n  limit = 5\nR4.x = 1\n'
    assert line_of(text, "P1", "severity") == 3
    assert line_of(text, "P1", None) == 2
    assert line_of(text, "R2", "limit") == 5
    assert line_of(text, "R2", "missing") == 4
    assert line_of(text, "R3", "floor") == 1
    assert line_of(text, "R4", "x") is None  # inside [R2]: that is R2.R4.x
    assert line_of(text, "Q9", None) is None


def test_read_rule_set_keeps_only_differences():
    rules, problems = read_rule_set({"P1": {"severity": "warning"}, "R1": {"ignore": ["7×24小时", " "]}})
    assert problems == [] and dict(rules.levels) == {}
    assert rules.param("R1", "ignore") == ("7×24小时",)
