"""Target values in the exported workbook: a comparison typed ``>=``/``<=`` is printed in the
published form (``≥30万页``), the rest as typed; deadlines as written; the 定性： mark dropped.
Cells are read back with openpyxl, not with jixiao's own reader."""

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from storage.workspace.store import Store
from tests.paths import SAMPLE
from tui.cli import main

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

P01 = "市人社数据服务中心购置经费"  # its 物品入库率 is ≥98% / ≥98% in the seed
P18 = next(p.name for u, p in Store.open(SAMPLE).workspace.projects() if (u.id, p.id) == ("u01", "p18"))


def typed_workspace(tmp_path, period: str, annual: str):
    """The sample with p01's first indicator and p18's 支撑平台查询 (≤5秒) retyped."""
    ws = tmp_path / "ws"
    shutil.copytree(SAMPLE, ws)
    p01 = ws / "u01" / "p01.toml"
    p01.write_text(p01.read_text("utf-8").replace('period = "≥98%"\nannual = "≥98%"',
                                                  f'period = "{period}"\nannual = "{annual}"', 1), "utf-8")
    p18 = ws / "u01" / "p18.toml"
    p18.write_text(p18.read_text("utf-8").replace('period = "≤5秒"\nannual = "≤5秒"',
                                                  'period = "<=5秒"\nannual = "2026年12月底前"'), "utf-8")
    return ws


def cells(path, sheet_index=0):
    sheet = load_workbook(path).worksheets[sheet_index]
    return [[c.value for c in row] for row in sheet.iter_rows()]


def packed_cell(path, project: str) -> str:
    return next(row[6] for row in cells(path) if row[0] == project)


def test_typed_comparisons_are_exported_in_the_published_form(tmp_path, capsys):
    ws = typed_workspace(tmp_path, ">=30万页", "定性：较上年有所提升")
    assert [i.period for _, p in Store.open(ws).workspace.projects() for i in p.indicators][0] == ">=30万页"
    out = tmp_path / "表.xlsx"
    assert main(["export", str(ws), "-o", str(out)]) == 0, capsys.readouterr()
    p01 = packed_cell(out, P01)
    assert p01.startswith("1、1-产出指标；12-质量指标；物品入库率；实施周期指标值：≥30万页；年度指标值：较上年有所提升。2、")
    assert ">=" not in p01 and "定性" not in p01
    p18 = packed_cell(out, P18)
    assert "支撑平台查询；实施周期指标值：≤5秒；年度指标值：2026年12月底前。" in p18
    # the files keep what was typed
    assert 'period = ">=30万页"' in (ws / "u01" / "p01.toml").read_text("utf-8")
    assert 'period = "<=5秒"' in (ws / "u01" / "p18.toml").read_text("utf-8")


def test_detail_layout_prints_the_published_form(tmp_path, capsys):
    ws = typed_workspace(tmp_path, ">=30万页", "（无事故发生天数÷运维天数）×100%>=99%")
    out = tmp_path / "申报表.xlsx"
    assert main(["export", str(ws), "-o", str(out), "--layout", "detail"]) == 0, capsys.readouterr()
    values = {v for row in cells(out) for v in row if isinstance(v, str)}
    assert {"≥30万页", "（无事故发生天数÷运维天数）×100%≥99%", "≤5秒", "2026年12月底前"} <= values
    assert not {">=30万页", "<=5秒"} & values


def test_the_exported_table_imports_back_with_the_published_values(tmp_path, capsys):
    ws = typed_workspace(tmp_path, ">=30万页", "<=30万页")
    out = tmp_path / "表.xlsx"
    assert main(["export", str(ws), "-o", str(out)]) == 0
    assert main(["import", str(out), "--into", str(tmp_path / "back")]) == 0, capsys.readouterr()
    back = Store.open(tmp_path / "back").workspace
    first = next(p for _, p in back.projects() if p.name == P01).indicators[0]
    assert (first.period, first.annual) == ("≥30万页", "≤30万页")


typed = st.sampled_from([">=", "<=", "≧", "≦", "不低于", "不超过", "＞", "＜"])
published = {">=": "≥", "≧": "≥", "不低于": "≥", "<=": "≤", "≦": "≤", "不超过": "≤", "＞": ">", "＜": "<"}
numbers = st.decimals(min_value=0, max_value=10**6, places=1, allow_nan=False, allow_infinity=False)
units = st.sampled_from(["%", "万页", "秒", "个", "人次", ""])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed, numbers, units)
def test_any_typed_comparison_is_exported_published(tmp_path_factory, op, number, unit):
    tmp = tmp_path_factory.mktemp("w")
    ws = typed_workspace(tmp, f"{op}{number}{unit}", "100%")
    out = tmp / "表.xlsx"
    assert main(["export", str(ws), "-o", str(out), "--force"]) == 0
    assert f"物品入库率；实施周期指标值：{published[op]}{number}{unit}；年度指标值：100%。" in packed_cell(out, P01)
