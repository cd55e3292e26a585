"""The rule set as data: what a rules.toml's data may say, and what any data gives."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from model.diagnostic import RULES, Diagnostic
from model.ruleset import PARAMS, RuleSet, read_rule_set


def test_apply_drops_rules_turned_off_and_sets_severities():
    diags = [Diagnostic("P1", "a"), Diagnostic("I4", "b"), Diagnostic("F1", "c"), Diagnostic("R1", "d")]
    rules, problems = read_rule_set({"P1": {"severity": "off"}, "I4": {"severity": "Error"}, "F1": {"severity": "警告"}})
    assert problems == []
    assert [(d.rule, d.severity) for d in rules.apply(diags)] == [("I4", "error"), ("F1", "warning"), ("R1", "warning")]
    assert RuleSet().apply(diags) == diags


def test_parameters_are_read_with_their_kinds():
    rules, problems = read_rule_set({"R3": {"floor": 85}, "R8": {"min_share": 0.25}, "R6": {"level2": ["11", "12"]}})
    assert problems == []
    assert rules.param("R3", "floor") == Decimal(85) and rules.param("R8", "min_share") == Decimal("0.25")
    assert rules.param("R6", "level2") == ("11", "12") and rules.param("R7", "above") == Decimal(1000)


def test_wrong_entries_say_what_is_wrong():
    _, problems = read_rule_set({
        "P1": "off", "R3": {"floor": True}, "R6": {"level2": "11"}, "R8": {"min_share": -1}, "S3": {"severity": "warning"},
    })
    assert [(p.rule, p.key) for p in problems] == [("P1", None), ("R3", "floor"), ("R6", "level2"), ("R8", "min_share"),
                                                   ("S3", "severity")]
    assert problems[0].message == 'P1 应写作一个表：另起一行 [P1]，下面写 severity = "off" 等'
    assert problems[1].message == "[R3] 的 floor 应为不小于 0 的数字，实为 true"
    assert problems[2].message == '[R6] 的 level2 应为文字的列表（如 ["11", "12"]），实为 "11"'


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.decimals() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)
_KEYS = st.sampled_from(["severity", *(p.name for ps in PARAMS.values() for p in ps), "x"])


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from([*RULES, "Q1", ""]), st.dictionaries(_KEYS, _VALUES, max_size=4) | _VALUES,
                       max_size=5))
def test_any_data_gives_a_rule_set_and_problems_never_an_exception(data):
    rules, problems = read_rule_set(data)
    for rule in RULES:
        assert rules.level(rule) in ("error", "warning", "off")
    for rule, params in PARAMS.items():
        for p in params:
            rules.param(rule, p.name)
    assert all(p.message for p in problems)
