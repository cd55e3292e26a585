"""Dates and deadlines as target values (model/deadlines.py through parse_value), and rules I4/I5
on them, with the sample's 时效指标 (p18 支撑平台查询) and hypothesis-generated dates."""

import calendar
import datetime as dt
import functools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.codes import default_codes
from model.validate import validate_project, validate_workspace
from model.values import parse_value
from storage.workspace.layout import file_of
from storage.workspace.store import Store
from tests.model.test_values import SEED_VALUES
from tests.paths import SAMPLE, quiet_review


@pytest.mark.parametrize(
    "text, comparison, iso, reading",
    [
        ("2026年12月底前", "≤", "2026-12-31", "截止 2026-12-31 前"),
        ("12月31日前", "≤", "12-31", "截止 当年 12-31 前"),
        ("2026年6月30日前完成", "≤", "2026-06-30", "截止 2026-06-30 前"),
        ("2026年底前", "≤", "2026-12-31", "截止 2026-12-31 前"),
        ("年底前", "≤", "12-31", "截止 当年 12-31 前"),
        ("第三季度末前", "≤", "09-30", "截止 当年 09-30 前"),
        ("2026年12月31日", "=", "2026-12-31", "日期 2026-12-31"),
        ("6月底前完成", "≤", "06-30", "截止 当年 06-30 前"),
        ("２０２６年６月３０日之前完成验收", "≤", "2026-06-30", "截止 2026-06-30 前"),
        ("2025年2月底前", "≤", "2025-02-28", "截止 2025-02-28 前"),
        ("2028年2月底前", "≤", "2028-02-29", "截止 2028-02-29 前"),
        ("2026-06-30前", "≤", "2026-06-30", "截止 2026-06-30 前"),
        ("截至2026年12月31日", "≤", "2026-12-31", "截止 2026-12-31 前"),
        ("≤2026年9月30日", "≤", "2026-09-30", "截止 2026-09-30 前"),
        ("<=2026年9月30日", "≤", "2026-09-30", "截止 2026-09-30 前"),
        ("2026年内完成", "≤", "2026-12-31", "截止 2026-12-31 前"),
        ("2026年上半年完成", "≤", "2026-06-30", "截止 2026-06-30 前"),
        ("完成时间：2026年12月底前", "≤", "2026-12-31", "截止 2026-12-31 前"),
    ],
)
def test_a_deadline_reads_as_a_comparison_with_a_day(text, comparison, iso, reading):
    v = parse_value(text)
    assert v.kind == "quantitative", v.reason
    assert (v.comparison, v.date.iso(), v.unit, v.number, v.describe()) == (comparison, iso, "日期", None, reading)
    assert v.text == v.canonical() == text  # the date is kept as written …
    assert v.published() == text.replace("<=", "≤")  # … only a typed comparison is published as ≤


def test_the_workspace_year_completes_a_month_day():
    assert parse_value("12月31日前", 2026).describe() == "截止 2026-12-31 前"
    assert parse_value("2月底前", 2028).date.iso() == "2028-02-29"
    assert parse_value("2027年2月底前", 2028).date.iso() == "2027-02-28"  # a written year wins


@pytest.mark.parametrize(
    "text, why",
    [
        ("2026年2月30日前", "2月30日不是有效日期"),
        ("6月前", "「6月前」不明确"),
        ("2026年6月前", "写作「6月底前」"),
        ("第三季度前", "写作「第三季度末前」"),
        ("≥2026年底前", "比较符 ≥ 与「前」矛盾"),
        ("完成时间为2026年底", "日期写作 2026年12月31日前、12月底前"),
    ],
)
def test_what_is_not_a_date_says_how_to_write_one(text, why):
    v = parse_value(text)
    assert v.kind == "unparsed" and why in v.reason and why in v.describe()


def test_on_time_stays_qualitative_and_quantities_stay_quantities():
    assert parse_value("按期完成").kind == parse_value("按时完成").kind == "qualitative"
    for text in ("≥1年", "3个月", "12月", "1年内", "2026年"):
        v = parse_value(text)
        assert v.kind == "quantitative" and v.date is None, text
    for text in SEED_VALUES:
        assert parse_value(text).date is None


def test_the_sample_and_seed_values_read_as_before():
    ws = Store.open(SAMPLE).workspace
    values = {getattr(i, f) for _, p in ws.projects() for i in p.indicators for f in ("period", "annual")}
    assert all(parse_value(t).kind == "quantitative" and parse_value(t).date is None for t in values)


# -- I4 and I5 on the sample's 时效指标 ---------------------------------------------------------

@pytest.fixture
def ws():
    return Store.open(SAMPLE).workspace


def timely(ws):
    p = next(p for u, p in ws.projects() if (u.id, p.id) == ("u01", "p18"))
    ind = next(i for i in p.indicators if i.name == "支撑平台查询")
    assert (ind.period, ind.annual) == ("≤5秒", "≤5秒")
    return p.indicators.index(ind) + 1, ind


def found(ws, rule):
    return [(d.indicator, d.field, d.message) for d in validate_workspace(ws, file_of) if d.rule == rule]


def test_deadlines_are_not_i4_warnings(ws):
    _, ind = timely(ws)
    for text in ("2026年12月底前", "12月31日前", "2026年6月30日前完成", "年底前", "第三季度末前"):
        ind.period = ind.annual = text
        assert found(ws, "I4") == [], text
    ind.annual = "6月前"
    [(_, field, message)] = found(ws, "I4")
    assert field == "annual" and "「6月前」不明确" in message


def test_i5_an_annual_deadline_later_than_the_period_deadline(ws):
    n, ind = timely(ws)
    ind.period, ind.annual = "2027年12月底前", "2026年12月底前"  # the year's part of a longer project
    assert found(ws, "I5") == []
    ind.period, ind.annual = "2026年6月30日前完成", "2026年12月底前"
    assert found(ws, "I5") == [(n, "annual", "年度指标值「2026年12月底前」（2026-12-31）晚于实施周期指标值"
                                             "「2026年6月30日前完成」（2026-06-30），年度目标不应晚于整个实施周期的期限")]
    ind.period, ind.annual = "6月底前", "第三季度末前"  # month-days: days of the workspace's year
    assert [m for *_, m in found(ws, "I5")] == ["年度指标值「第三季度末前」（2025-09-30）晚于实施周期指标值「6月底前」"
                                                "（2025-06-30），年度目标不应晚于整个实施周期的期限"]
    ind.period, ind.annual = "2026年6月底前", "12月底前"  # 12月底 of the workspace's 2025: earlier
    assert found(ws, "I5") == []
    ind.period, ind.annual = "按期完成", "2026年12月底前"
    assert found(ws, "I5") == []


days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2199, 12, 31))
forms = st.sampled_from([
    ("{y}年{m}月{d}日前", "≤"), ("{y}年{m}月{d}日之前完成", "≤"), ("{y}年{m}月{d}日", "="),
    ("{y}-{m:02d}-{d:02d}前", "≤"), ("截至{y}年{m}月{d}日", "≤"), ("{y}年{m}月底前", "≤"),
])


def written(form: str, day: dt.date) -> tuple[str, dt.date]:
    text = form.format(y=day.year, m=day.month, d=day.day)
    if "底" in form:  # 底 is the month's last day
        day = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return text, day


@given(days, forms)
def test_any_written_day_reads_as_that_day(day, form):
    text, meant = written(*form[:1], day)
    v = parse_value(text)
    assert (v.kind, v.comparison, v.date.iso()) == ("quantitative", form[1], meant.isoformat())


@functools.cache
def sample_p18():
    return next(p for u, p in Store.open(SAMPLE).workspace.projects() if (u.id, p.id) == ("u01", "p18"))


@given(days, days, forms, forms)
def test_i5_fires_exactly_when_the_annual_deadline_is_later(period_day, annual_day, pform, aform):
    project = sample_p18().model_copy(deep=True)
    ind = next(i for i in project.indicators if i.name == "支撑平台查询")
    ind.period, p = written(pform[0], period_day)
    ind.annual, a = written(aform[0], annual_day)
    i5 = [d for d in validate_project(project, default_codes()) if d.rule == "I5"]
    assert bool(i5) == (a > p)


def test_i5_reads_a_month_day_in_the_workspace_year(ws):
    """12月31日前 is a day of the workspace's year (2025 in the sample) for I5 as for the 读作
    line: later than a period deadline of 2025-06-30, earlier than one in 2026."""
    n, ind = timely(ws)
    ind.period, ind.annual = "2025年6月30日前完成", "12月31日前"
    assert found(ws, "I5") == [(n, "annual", "年度指标值「12月31日前」（2025-12-31）晚于实施周期指标值"
                                             "「2025年6月30日前完成」（2025-06-30），年度目标不应晚于整个实施周期的期限")]
    ind.period = "2026年6月30日前完成"
    assert found(ws, "I5") == []
    ws.year = 2026  # the same annual value is now 2026-12-31
    assert [m for *_, m in found(ws, "I5")] == ["年度指标值「12月31日前」（2026-12-31）晚于实施周期指标值"
                                                "「2026年6月30日前完成」（2026-06-30），年度目标不应晚于整个实施周期的期限"]
    ws.year = None  # no year known: a month-day is compared only with another month-day
    assert found(ws, "I5") == []
    ind.period = "6月底前"
    assert [m for *_, m in found(ws, "I5")] == ["年度指标值「12月31日前」（12-31）晚于实施周期指标值「6月底前」"
                                                "（06-30），年度目标不应晚于整个实施周期的期限"]


def test_the_editor_rereads_month_days_when_the_year_changes(sample_copy):
    """The live diagnostics (the editor's problems panel) read month-days in the year too, and
    again when the workspace's year is edited."""
    from storage.workspace.editing import open_session

    quiet_review(sample_copy)  # only what the year changes
    session = open_session(Store.open(sample_copy))
    u, p = session.project("u01", "p18")
    n, _ = timely(session.ws)
    session.set_indicator_field(u, p, n - 1, "period", "2026年6月30日前完成")
    session.set_indicator_field(u, p, n - 1, "annual", "12月31日前")
    assert [d.rule for d in session.diagnostics()] == []
    session.set_workspace_field("year", 2026)
    [d] = session.diagnostics()
    assert (d.rule, d.project_id, d.indicator, d.field) == ("I5", "p18", n, "annual")
    assert "（2026-12-31）晚于" in d.message
    session.undo()
    assert session.diagnostics() == []
