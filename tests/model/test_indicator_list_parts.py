"""A target value as 指标性质 · 指标值 · 度量单位 (the columns of an indicator list) and back."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.indicator_list.parts import Parts, join_value, read_nature, split_value
from model.values import parse_value


@pytest.mark.parametrize(("text", "parts"), [
    ("≥98%", Parts("≥", Decimal(98), "%")),
    (">=98%", Parts("≥", Decimal(98), "%")),
    ("90%或以上", Parts("≥", Decimal(90), "%")),
    ("100%", Parts("=", Decimal(100), "%")),
    (">1800万", Parts(">", Decimal(1800), "万")),
    ("10万条或以上", Parts("≥", Decimal(10), "万条")),
    ("≥1,000", Parts("≥", Decimal(1000), "")),
    ("≤5秒", Parts("≤", Decimal(5), "秒")),
    ("（无事故发生天数÷运维天数）×100%≥99%", Parts("≥", Decimal(99), "%", "（无事故发生天数÷运维天数）×100%")),
    ("有效提升", Parts("定性", "有效提升")),
    ("定性：完成3项", Parts("定性", "完成3项")),
    ("2026年12月底前", Parts("≤", "2026-12-31", "日期")),
    ("2026年6月30日", Parts("=", "2026-06-30", "日期")),
    ("12-31前", Parts("", "12-31前")),  # not a value (I4): blank nature, the text kept
    ("", Parts("", "")),
])
def test_split(text, parts):
    assert split_value(text) == parts


def test_a_month_day_takes_the_workspace_year_and_a_layout_may_want_deadlines_qualitative():
    assert split_value("12月31日前", 2025) == Parts("≤", "2025-12-31", "日期")
    assert split_value("12月31日前") == Parts("≤", "12-31", "日期")
    assert split_value("<=2026年6月30日", 2025, deadline="qualitative") == Parts("定性", "≤2026年6月30日")


def test_one_system_codes():
    assert [split_value(t).code for t in ("≥1", ">1", "1", "<1", "≤1", "有效提升", "")] == ["1", "2", "3", "4", "5", "6", ""]


@pytest.mark.parametrize(("cell", "nature"), [
    ("≥", "≥"), (">=", "≥"), ("＞", ">"), ("大于等于", "≥"), ("1", "≥"), ("5", "≤"), ("6", "定性"),
    (" 定性 ", "定性"), ("", ""), ("约等于", None),
])
def test_read_nature(cell, nature):
    assert read_nature(cell) == nature


def test_a_layout_s_own_words_for_natures():
    assert read_nature("不少于", {"≥": "不少于"}) == "≥"


@pytest.mark.parametrize(("cols", "text"), [
    (("≥", "98", "%"), "≥98%"),
    (("=", "100", "%"), "100%"),
    (("=", "20", "万"), "20万"),
    ((">", "1,800", "万"), ">1800万"),
    (("定性", "有效提升", ""), "有效提升"),
    (("定性", "完成3项", ""), "定性：完成3项"),
    (("≤", "2026-12-31", "日期"), "2026年12月31日前"),
    (("=", "2026-06-30", "日期"), "2026年6月30日"),
    (("", "按期完成", ""), "按期完成"),
])
def test_join(cols, text):
    assert join_value(*cols) == (text, None)


def test_join_keeps_a_definition():
    assert join_value("≥", "99", "%", "（无事故发生天数÷运维天数）×100%") == ("（无事故发生天数÷运维天数）×100%≥99%", None)


@pytest.mark.parametrize(("cols", "problem"), [
    (("≥", "九十八", "%"), "指标性质为 ≥，指标值应为数字，实为「九十八」"),
    (("≥", "98", "1号"), "度量单位「1号」中含有数字"),
    (("定性", "", ""), "指标性质为定性，但指标值为空"),
    (("≤", "明年", "日期"), "度量单位为日期，指标值应为日期（如 2026-12-31），实为「明年」"),
    (("≤", "2026-02-30", "日期"), "2月30日不是有效日期"),
])
def test_join_says_why_columns_make_no_value(cols, problem):
    text, why = join_value(*cols)
    assert text == ""
    assert problem in why


UNITS = st.sampled_from(["", "%", "个", "次", "份", "万条", "万页", "秒", "分", "人次", "元/人·月", "万"])
COMPARISONS = st.sampled_from(["≥", ">", "=", "<", "≤"])
NUMBERS = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, derandomize=True)
@given(COMPARISONS, NUMBERS, UNITS)
def test_split_then_join_reads_the_same(comparison, number, unit):
    text = f"{'' if comparison == '=' else comparison}{number}{unit}"
    parts = split_value(text)
    assert parts.nature == comparison and parts.value == number and parts.unit == unit
    joined, problem = join_value(parts.nature, format(parts.value, "f"), parts.unit)
    assert problem is None
    assert parse_value(joined).reading() == parse_value(text).reading()


@settings(max_examples=100, derandomize=True)
@given(st.dates(date(2000, 1, 1), date(2099, 12, 31)), st.sampled_from(["{y}年{m}月{d}日前", "{y}年{m}月{d}日", "截至{y}年{m}月{d}日", "{y}-{m:02d}-{d:02d}前"]))
def test_dates_split_then_join_read_the_same(day, form):
    text = form.format(y=day.year, m=day.month, d=day.day)
    parts = split_value(text)
    assert parts.unit == "日期" and parts.value == day.isoformat()
    joined, problem = join_value(parts.nature, parts.value, parts.unit)
    assert problem is None and parse_value(joined).reading() == parse_value(text).reading()
