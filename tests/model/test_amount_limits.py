"""Amounts within reason (issue #12): whatever a file or a cell holds where an amount belongs —
10^308, 29 nines, inf, nan, a boolean, a date — becomes a diagnostic (F2), never an exception."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.codes import default_codes
from model.money import amount_problem, fmt, to_amount
from model.validate import validate_project, validate_unit, validate_workspace
from model.workspace import Funding, Project, Unit, Workspace

LIMIT = Decimal(10) ** 12  # 万元: the limit the F2 message states
RULE = "（应为不小于 0、最多两位小数的数字，单位万元）"
OVER = "超出上限（金额应小于 1,000,000,000,000 万元（10^12 万元））"


@pytest.mark.parametrize("stored, message", [
    (Decimal("1e308"), f"金额 1E+308 {OVER}"),
    (99999999999999999999999999999, f"金额 99999999999999999999999999999 {OVER}"),
    (Decimal("-1e308"), f"金额 -1E+308 {OVER}"),
    (Decimal("1000000000000"), f"金额 1000000000000 {OVER}"),
    ("1,000,000,000,000.00", f"金额 1,000,000,000,000.00 {OVER}"),
    (Decimal("inf"), "「inf」不是有限的数字"),
    (Decimal("-inf"), "「-inf」不是有限的数字"),
    (Decimal("nan"), "「nan」不是有限的数字"),
    (True, "「true」是布尔值（真/假），不是数字"),
    (date(2025, 1, 10), "「2025-01-10」是日期，不是金额"),
    (datetime(2025, 1, 10, 12, 0), "「2025-01-10T12:00:00」是日期，不是金额"),
    (time(12, 30), "「12:30:00」是日期，不是金额"),
    ([1, 2], "「[1, 2]」不是数字"),
])
def test_what_toml_can_hold_where_an_amount_belongs_is_an_f2(stored, message):
    # what tomllib (parse_float=Decimal) gives for `total = 1e308`, `= inf`, `= true`, `= 2025-01-10` …
    p = Project(name="设备购置", goal="目标", total=stored, fiscal="17.60")
    f2 = [(d.rule, d.field, d.message) for d in validate_project(p, default_codes()) if d.rule.startswith("F")]
    assert f2 == [("F2", "total", f"总计：{message}{RULE}")]


def test_the_limit_sits_just_above_the_largest_two_place_amount():
    assert to_amount("999,999,999,999.99") == Decimal("999999999999.99")
    assert amount_problem(to_amount("999999999999.99")) is None
    assert isinstance(to_amount("1000000000000"), str)
    assert isinstance(to_amount(-LIMIT), str)


def test_a_control_figure_out_of_range_is_an_f2_and_no_f3():
    u = Unit(name="数据服务中心", control=Funding(total=Decimal("inf"), fiscal=True),
             projects=[Project(name="购置经费", goal="g", total="17.60", fiscal="17.60")])
    diags = [(d.rule, d.field, d.message) for d in validate_unit(u, default_codes()) if d.rule.startswith("F")]
    assert diags == [("F2", "control.total", "总计控制数：「inf」不是有限的数字"),
                     ("F2", "control.fiscal", "财政拨款控制数：「true」是布尔值（真/假），不是数字")]


def test_the_seed_amounts_read_as_before():
    # the seed's 合计 and a project of it, as printed in the published table
    assert to_amount("4,402.83") == Decimal("4402.83") and amount_problem(to_amount("4,402.83")) is None
    assert to_amount(Decimal("17.60")) == Decimal("17.60")
    assert fmt(to_amount("4402.83")) == "4,402.83"


# anything at all where an amount belongs: numbers of every size and precision, special values,
# text that looks like numbers, booleans, dates
anything = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10 ** 40), max_value=10 ** 40),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(min_value=-10 ** 14, max_value=10 ** 14, places=2),
    st.decimals(min_value=0, max_value=10, places=30),
    st.from_regex(r"\A[+-]?[\d,]{0,45}(\.\d{0,40})?([eE][+-]?\d{1,5})?\Z"),
    st.sampled_from(["inf", "-inf", "nan", "NaN", "Infinity", "true", "1e308", "1E-400", "４４０２.８３", "1，000.00"]),
    st.text(max_size=30), st.dates(), st.times(),
)


@settings(max_examples=400, deadline=None)
@given(total=anything, fiscal=anything, control=anything)
def test_any_amount_gives_diagnostics_never_an_exception(total, fiscal, control):
    p = Project(name="项目", goal="目标", total=total, fiscal=fiscal)
    u = Unit(name="单位", control=Funding(total=control), projects=[p, p.model_copy()])
    ws = Workspace(units=[u])
    diags = validate_workspace(ws)
    for key in ("total", "fiscal"):
        v = getattr(p, key)
        assert v is None or isinstance(v, (str, Decimal))
        if isinstance(v, Decimal):  # what reaches arithmetic is finite and within the limit
            assert v.is_finite() and abs(v) < LIMIT
        problem = amount_problem(v)
        assert (problem is None) == (not [d for d in diags if d.rule == "F2" and d.field == key and d.project])
        fmt(v)
    ws.sums()
    for d in diags:
        d.text_line()
