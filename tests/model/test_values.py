from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.values import parse_value
from storage.workspace.store import Store
from tests.paths import SAMPLE

SEED_VALUES = [
    "≥98%", "100%", "1份", "0次", "90%或以上", "80%或以上", "≥1000", "≥10", ">1800万", ">95%", "≤5秒",
    "20万", "11区", "10万条或以上", "1000个或以上", "90分或以上", "≥3种", "（无事故发生天数÷运维天数）×100%≥99%",
]


@pytest.mark.parametrize("text", SEED_VALUES)
def test_every_value_of_domain_section_5_parses(text):
    v = parse_value(text)
    assert v.kind == "quantitative", v.reason
    assert v.text == text


def test_every_value_in_the_sample_parses():
    ws = Store.open(SAMPLE).workspace
    values = {getattr(i, f) for _, p in ws.projects() for i in p.indicators for f in ("period", "annual")}
    assert len(values) > 20
    bad = {t: parse_value(t).reason for t in values if parse_value(t).kind != "quantitative"}
    assert bad == {}


@pytest.mark.parametrize(
    "text, comparison, number, unit, scale, definition",
    [
        ("≥98%", "≥", "98", "%", 1, ""),
        ("100%", "=", "100", "%", 1, ""),
        ("90%或以上", "≥", "90", "%", 1, ""),
        ("10万条或以上", "≥", "10", "万条", 1, ""),
        (">1800万", ">", "1800", "", 10000, ""),
        ("20万", "=", "20", "", 10000, ""),
        ("≤5秒", "≤", "5", "秒", 1, ""),
        ("（无事故发生天数÷运维天数）×100%≥99%", "≥", "99", "%", 1, "（无事故发生天数÷运维天数）×100%"),
        (">=95 %", "≥", "95", "%", 1, ""),
        ("＞９５％", ">", "95", "%", 1, ""),
        ("不低于1,000人次", "≥", "1000", "人次", 1, ""),
        ("3天以内", "≤", "3", "天", 1, ""),
        ("5元/人·月", "=", "5", "元/人·月", 1, ""),
    ],
)
def test_reading(text, comparison, number, unit, scale, definition):
    v = parse_value(text)
    assert (v.kind, v.comparison, v.number, v.unit, v.scale, v.definition) == (
        "quantitative", comparison, Decimal(number), unit, scale, definition,
    )


def test_qualitative_and_unparsed():
    assert parse_value("有效提升").kind == "qualitative"
    assert parse_value("达到预期目标").describe() == "定性指标"
    assert parse_value("定性：完成2025年度任务").kind == "qualitative"
    assert parse_value("").kind == "empty"
    v = parse_value("约100-200人")
    assert v.kind == "unparsed" and "约100-200人" in v.reason
    assert parse_value("-5%").reason == "指标值不能为负数"
    assert parse_value("≥90%或以下").kind == "unparsed"


def test_canonical_rewrites_only_on_request():
    v = parse_value("90%或以上")
    assert v.text == "90%或以上"
    assert v.canonical() == "≥90%"
    assert parse_value(">1800万").canonical() == ">1800万"


def test_comparison_codes():
    assert [parse_value(t).comparison_code for t in ("≥1", ">1", "1", "<1", "≤1", "有效")] == [1, 2, 3, 4, 5, 6]


units = st.sampled_from(["", "%", "个", "次", "份", "种", "分", "秒", "天", "万元", "万条", "区", "人次", "元/人·月"])
comparisons = st.sampled_from([("≥", "≥"), (">", ">"), ("", "="), ("<", "<"), ("≤", "≤"), (">=", "≥"), ("＜", "<")])
numbers = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@given(comparisons, numbers, units, st.booleans())
def test_round_trip_text_to_reading(comp, number, unit, spaced):
    typed, meant = comp
    sep = " " if spaced else ""
    text = f"{typed}{sep}{number}{sep}{unit}"
    v = parse_value(text)
    assert v.kind == "quantitative"
    assert (v.comparison, v.number, v.unit) == (meant, number, unit)
    again = parse_value(v.canonical())
    assert (again.comparison, again.quantity, again.unit) == (v.comparison, v.quantity, v.unit)


@given(numbers, units, st.sampled_from([("或以上", "≥"), ("及以上", "≥"), ("以上", "≥"), ("或以下", "≤"), ("以内", "≤")]))
def test_round_trip_suffix(number, unit, suffix):
    v = parse_value(f"{number}{unit}{suffix[0]}")
    assert (v.kind, v.comparison, v.number, v.unit) == ("quantitative", suffix[1], number, unit)


# -- the published form of a typed comparison (export) ---------------------------------------

@pytest.mark.parametrize(
    "typed, published",
    [
        (">=30万页", "≥30万页"),
        ("<=5秒", "≤5秒"),
        ("≧95%", "≥95%"),
        ("＞９５％", ">９５％"),  # the seed's published table writes > half-width (>95%, >1800万)
        ("不低于1,000人次", "≥1,000人次"),
        ("不超过 3 天", "≤ 3 天"),
        ("==100%", "=100%"),
        ("（无事故发生天数÷运维天数）×100%>=99%", "（无事故发生天数÷运维天数）×100%≥99%"),
        ("定性：较上年有所提升", "较上年有所提升"),  # jixiao's mark, not the table's
        ("定性：", "定性："),
        ("90%或以上", "90%或以上"),  # a suffix is a published form: rewriting it is the user's choice
        ("约100-200人", "约100-200人"),
    ],
)
def test_published_form_changes_only_the_comparison(typed, published):
    v = parse_value(typed)
    assert v.text == typed and v.published() == published
    again = parse_value(published)
    if v.kind == "quantitative":
        assert again.reading() == v.reading()


@pytest.mark.parametrize("text", SEED_VALUES)
def test_seed_values_are_published_as_written(text):
    assert parse_value(text).published() == text


definitions = st.sampled_from(["", "（无事故发生天数÷运维天数）×100%", "(完成数/计划数)×100%"])
typed_comparisons = st.sampled_from([
    (">=", "≥"), ("≥", "≥"), ("≧", "≥"), ("不低于", "≥"), ("<=", "≤"), ("≦", "≤"), ("不超过", "≤"),
    (">", ">"), ("＞", ">"), ("大于", ">"), ("<", "<"), ("＜", "<"), ("=", "="), ("＝", "="), ("等于", "="),
])


@given(definitions, typed_comparisons, numbers, units, st.booleans())
def test_published_keeps_everything_but_the_comparison(definition, comp, number, unit, spaced):
    typed, symbol = comp
    sep = " " if spaced else ""
    text = f"{definition}{typed}{sep}{number}{sep}{unit}"
    v = parse_value(text)
    assert v.published() == f"{definition}{symbol}{sep}{number}{sep}{unit}"
    assert parse_value(v.published()).reading() == v.reading()
