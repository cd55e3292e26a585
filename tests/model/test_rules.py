"""Each rule of domain.md section 6, on the seed's real numbers (the clean sample has no
diagnostic at all, so each test below fails without its rule)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.codes import CodeTable, default_codes
from model.validate import RULES, validate_project, validate_workspace
from model.workspace import Indicator, Project, Unit
from storage.workspace.layout import file_of
from storage.workspace.store import Store
from tests.paths import SAMPLE


@pytest.fixture
def ws():
    return Store.open(SAMPLE).workspace


def by(ws, name):
    return next(p for _, p in ws.projects() if p.name == name)


def diags(ws, rule=None):
    """The diagnostics of ``rule``; without one, those of every rule but the review rules (R1–R9,
    tests/model/test_review_rules.py), which find three things in the sample."""
    out = validate_workspace(ws, file_of)
    return [d for d in out if d.rule == rule or (rule is None and not d.rule.startswith("R"))]


def test_sample_is_clean(ws):
    assert diags(ws) == []


def test_f1_total_not_sum_of_sources(ws):
    p = by(ws, "市人社数据服务中心业务运行工作经费")  # 144.33
    p.total = Decimal("144.30")
    [d] = diags(ws, "F1")
    assert d.severity == "error"
    assert d.message == "总计 144.30 ≠ 财政拨款 144.33 + 财政专户拨款 0.00 + 其他资金 0.00 = 144.33，总计少 0.03 万元"
    assert (d.file, d.unit, d.project, d.field) == ("u01/p02.toml", "广州市人力资源和社会保障数据服务中心", p.name, "total")
    assert d.location() == "广州市人力资源和社会保障数据服务中心 › 市人社数据服务中心业务运行工作经费 › 总计"
    p.other = Decimal("-0.03") * -1 - Decimal("0.06")  # -0.03: F2 instead of F1
    assert [d.rule for d in diags(ws) if d.project == p.name] == ["F2"]


def test_f1_with_thousands(ws):
    p = by(ws, "广州市人社数据中心2024年-2025年运维项目")  # 1,011.92
    p.fiscal = Decimal("1001.92")
    p.special = Decimal("10.00")
    assert diags(ws, "F1") == []
    p.special = Decimal("9.99")
    [d] = diags(ws, "F1")
    assert "= 1,011.91，总计多 0.01 万元" in d.message


@pytest.mark.parametrize(
    "typed, expect",
    [("abc", "财政拨款：「abc」不是数字"), ("-17.60", "财政拨款：金额 -17.60 为负数"), ("17.605", "财政拨款：金额 17.605 超过两位小数")],
)
def test_f2_amount(ws, typed, expect):
    p = by(ws, "市人社数据服务中心购置经费")
    p.fiscal = typed
    found = diags(ws, "F2")
    assert [d.message.split("（")[0] for d in found] == [expect]
    assert found[0].field == "fiscal"


def test_f3_control_figure(ws):
    u = ws.units[0]
    assert u.control.total == Decimal("4402.83")
    p = by(ws, "机构运行辅助经费")  # 13.25
    p.total = p.fiscal = Decimal("15.25")
    f3 = diags(ws, "F3")
    assert [d.message for d in f3] == [
        "总计：项目合计 4,404.83 ≠ 预算控制数 4,402.83，超出 2.00 万元",
        "财政拨款：项目合计 4,404.83 ≠ 预算控制数 4,402.83，超出 2.00 万元",
    ]
    assert f3[0].file == "u01/unit.toml" and f3[0].field == "control.total"
    u.control.total = u.control.fiscal = None  # no control figure declared: nothing to check
    assert diags(ws, "F3") == []


def test_i1_unknown_code_and_wrong_parent(ws):
    p = by(ws, "市人社数据服务中心购置经费")
    p.indicators[0].level2 = "15-成本效益"
    p.indicators[1].level2 = "22-社会效益"  # under 1-产出指标
    found = diags(ws, "I1")
    assert [(d.indicator, d.field) for d in found] == [(1, "level2"), (2, "level2")]
    assert found[0].message.startswith("二级指标代码 15 不在代码表中")
    assert found[1].message == "二级指标 22-社会效益 不属于一级指标 1-产出指标（它属于 2-效益指标）"


def test_i2_code_and_name_disagree(ws):
    p = by(ws, "市人社数据服务中心购置经费")
    p.indicators[0].level2 = "12-数量指标"
    [d] = diags(ws, "I2")
    assert d.message == "二级指标代码与名称不符：12-数量指标 中代码 12 是「质量指标」，「数量指标」是 11-数量指标（应为 12-质量指标）"
    assert d.indicator == 1


def test_aliases_are_accepted(ws):
    p = by(ws, "市人社数据服务中心购置经费")
    p.indicators[0].level1 = "1-产出"
    p.indicators[2].level2 = "22-社会效益指标"
    p.indicators[1].level2 = "质量"
    assert diags(ws) == []
    p.indicators[2].level2 = "环境效益"  # = 生态效益, 23
    assert diags(ws) == []


def test_i3_empty_name_or_value(ws):
    p = by(ws, "市人社数据服务中心购置经费")
    p.indicators[1].name = " "
    p.indicators[2].annual = ""
    found = diags(ws, "I3")
    assert [(d.indicator, d.field, d.message) for d in found] == [(2, "name", "三级指标名称为空"), (3, "annual", "年度指标值为空")]


def test_i4_unparseable_value(ws):
    p = by(ws, "市人社数据服务中心购置经费")
    p.indicators[0].period = "约98%-99%"
    [d] = diags(ws, "I4")
    assert d.severity == "warning" and d.field == "period" and "约98%-99%" in d.message
    p.indicators[0].period = "定性：较上年有所提升"
    assert diags(ws, "I4") == []


def test_i5_annual_stricter(ws):
    # seed: 社保卡应用服务领域数量 ≥5个 for the period, ≥4个 for the year: fine
    p = by(ws, "广州市人社数据中心2023年广州市社会保障(市民)卡管理系统升级改造项")
    assert (p.indicators[2].period, p.indicators[2].annual) == ("≥5个", "≥4个")
    assert diags(ws, "I5") == []
    p.indicators[2].annual = "≥6个"
    [d] = diags(ws, "I5")
    assert d.message == "年度指标值「≥6个」高于实施周期指标值「≥5个」，年度目标比整个实施周期更严格（相差 1个）"
    p.indicators[2].annual = "≥6种"  # other unit: not comparable
    assert diags(ws, "I5") == []


def test_i6_duplicate_indicator_name(ws):
    p = by(ws, "市人社数据服务中心购置经费")
    p.indicators[1].name = "物品入库率"
    [d] = diags(ws, "I6")
    assert d.indicator == 2 and d.message == "指标名称「物品入库率」与指标1重复"


def test_p1_needs_output_and_benefit(ws):
    p = by(ws, "机构运行辅助经费")  # 1 产出 + 1 效益
    del p.indicators[1]
    [d] = diags(ws, "P1")
    assert d.location() == "广州市人力资源和社会保障数据服务中心 › 机构运行辅助经费 › 绩效指标"
    assert d.message == "项目没有2-效益指标（评审要求每个项目至少各有一个）"


def test_p2_empty_or_duplicate_project_name(ws):
    a = by(ws, "机构运行辅助经费")
    b = by(ws, "市人社数据服务中心房屋维护维修经费")
    b.name = a.name
    [d] = diags(ws, "P2")
    assert d.message == "项目名称「机构运行辅助经费」在单位内重复（另见 u01/p05.toml）"
    assert d.file == "u01/p06.toml"
    b.name = ""
    assert [d.message for d in diags(ws, "P2")] == ["项目名称为空"]


def test_p3_empty_goal(ws):
    by(ws, "机构运行辅助经费").goal = "  "
    [d] = diags(ws, "P3")
    assert d.field == "goal" and d.severity == "warning"


def test_t1_mixed_punctuation(ws):
    p = by(ws, "广州市人力资源和社会保障数据服务中心2024-2025年积分制系统运维项目")
    assert diags(ws, "T1") == []  # consistently half-width: fine
    p.goal = p.goal.replace(",使积分制", "，使积分制")
    [d] = diags(ws, "T1")
    assert d.message == "绩效目标中全角「，」与半角「,」混用"
    p.indicators[0].name = "运维完成率(%）"
    assert [d.field for d in diags(ws, "T1")] == ["goal", "name"]


def test_t1_ignores_thousands_separators(ws):
    p = by(ws, "机构运行辅助经费")
    p.goal += "投入1,000万元。"
    assert diags(ws, "T1") == []


def test_u1_unit_names(ws):
    ws.units.append(Unit(id="u02", name=ws.units[0].name))
    [d] = diags(ws, "U1")
    assert d.message == "单位名称「广州市人力资源和社会保障数据服务中心」重复"


def test_all_diagnostics_at_once(ws):
    p = by(ws, "市人社数据服务中心购置经费")
    p.total = Decimal("1.00")
    p.indicators[0].level2 = "12-数量指标"
    p.goal = ""
    assert sorted(d.rule for d in diags(ws)) == ["F1", "F3", "I2", "P3"]


def test_every_rule_has_a_severity():
    assert set(RULES) >= {"F1", "F2", "F3", "I1", "I2", "I3", "I4", "I5", "I6", "P1", "P2", "P3", "T1"}
    assert {RULES[r][0] for r in ("I4", "I5", "I6", "P1", "P3", "T1")} == {"warning"}


def test_workspace_code_table_replaces_default():
    # 财预〔2021〕101号: 成本指标 becomes a level-1 category
    codes = CodeTable.from_dict({
        "level1": [
            {"code": "1", "name": "产出指标", "required": True},
            {"code": "2", "name": "成本指标"},
            {"code": "3", "name": "效益指标", "required": True},
        ],
        "level2": [
            {"code": "11", "name": "数量指标"},
            {"code": "21", "name": "经济成本"},
            {"code": "31", "name": "社会效益"},
        ],
    })
    p = Project(name="x", goal="y", indicators=[
        Indicator(level1="1-产出指标", level2="11-数量指标", name="a", period="1个", annual="1个"),
        Indicator(level1="2-成本指标", level2="21-经济成本", name="b", period="≤5万元", annual="≤5万元"),
        Indicator(level1="3-效益指标", level2="31-社会效益", name="c", period="100%", annual="100%"),
    ])
    assert validate_project(p, codes) == []
    # the default table reads 2 as 效益指标, 21 as 经济效益 …: every line disagrees
    assert [(d.rule, d.indicator) for d in validate_project(p, default_codes())] == [
        ("I2", 2), ("I2", 2), ("I2", 3), ("I2", 3)]


money = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)


@given(money, money, money, st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False))
def test_f1_exact_for_any_amounts(fiscal, special, other, delta):
    good = fiscal + special + other
    p = Project(name="x", goal="y", total=good + delta, fiscal=fiscal, special=special, other=other, indicators=[
        Indicator(level1="1", level2="11", name="a", period="1个", annual="1个"),
        Indicator(level1="2", level2="22", name="b", period="1个", annual="1个"),
    ])
    found = [d for d in validate_project(p, default_codes()) if d.rule.startswith("F")]
    if p.total < 0:
        assert [d.rule for d in found] == ["F2"]
    elif delta == 0:
        assert found == []
    else:
        [d] = found
        assert d.rule == "F1"
        assert d.message.endswith(f"{'多' if delta > 0 else '少'} {abs(delta):,.2f} 万元")


@given(st.lists(money, min_size=1, max_size=30))
def test_unit_sums_are_exact(amounts):
    u = Unit(name="u", projects=[Project(name=str(i), total=a, fiscal=a) for i, a in enumerate(amounts)])
    assert u.sums()["total"] == sum(amounts, Decimal("0.00"))
    u.control.total = sum(amounts, Decimal("0.00"))
    from model.validate import validate_unit_rules
    assert validate_unit_rules(u) == []
    u.control.total += Decimal("0.01")
    assert [d.message for d in validate_unit_rules(u)] == [
        f"总计：项目合计 {sum(amounts):,.2f} ≠ 预算控制数 {u.control.total:,.2f}，尚差 0.01 万元"
    ]
