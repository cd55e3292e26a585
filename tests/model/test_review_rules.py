"""The review rules R1–R9 on the seed's real values (the sample is the seed's table): each test
changes what a reviewer would send back and reads the diagnostic a user sees."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.codes import default_codes
from model.review.goal import UNITS, goal_quantities
from model.ruleset import RuleSet
from model.validate import validate_project, validate_workspace
from model.workspace import Indicator, Project, Workspace
from storage.workspace.layout import file_of
from storage.workspace.store import Store
from tests.paths import SAMPLE


@pytest.fixture
def ws():
    return Store.open(SAMPLE).workspace


def by(ws, name):
    return next(p for _, p in ws.projects() if p.name == name)


def diags(ws, rule):
    return [d for d in validate_workspace(ws, file_of) if d.rule == rule]


# the sample's own warnings from the review rules: each is what a reviewer asks (see README)
SAMPLE_WARNINGS = [
    ("R6", "市人社数据服务中心购置经费"),
    ("R1", "广州市人社数据中心2024年广州城市大数据平台人力资源和社会保障数据节点及局财务内控管理和视频调度会议系统建设项目"),
    ("R7", "广州市人社数据中心2024年-2025年运维项目"),
]


def test_the_sample_gets_three_review_warnings_and_no_error(ws):
    found = validate_workspace(ws, file_of)
    assert [(d.rule, d.project) for d in found] == SAMPLE_WARNINGS
    assert {d.severity for d in found} == {"warning"}


# -- R1: a quantity the goal promises -----------------------------------------------------------

def test_r1_goal_quantity_no_indicator_measures(ws):
    p = by(ws, "市人社数据服务中心购置经费")
    p.goal += "完成30万页档案扫描。"
    [d] = diags(ws, "R1")[:1]
    assert d.project == p.name and d.field == "goal" and d.severity == "warning"
    assert d.message.startswith("绩效目标中的「30万页」没有指标衡量")
    p.indicators.append(Indicator(level1="1-产出指标", level2="11-数量指标", name="档案扫描页数",
                                  period="≥300000页", annual="≥30万页"))
    assert [d.project for d in diags(ws, "R1")] == [SAMPLE_WARNINGS[1][1]]


def test_r1_seed_goal_twelve_systems_measured_twenty_five_not(ws):
    [d] = diags(ws, "R1")
    assert "「25个」" in d.message  # 对25个系统的元数据资源进行全量编目: no indicator
    assert "12个" not in d.message  # 汇聚…12个系统: 人社节点汇聚系统数 12个


def test_r1_count_units_match_and_the_seed_1800_wan(ws):
    p = by(ws, "广州市人社数据中心2023年广州市社会保障(市民)卡管理系统升级改造项")  # >1800万 存量
    p.goal += "支撑持卡人1800万，覆盖全市11个区。"
    [d] = [d for d in diags(ws, "R1") if d.project == p.name]  # 1800万 is measured
    assert d.message.startswith("绩效目标中的「11个」")
    q = by(ws, "广州市人社数据中心2025年人工智能大模型创新应用建设项目")  # 场景覆盖全市区 11区
    q.goal += "场景覆盖全市11个区。"
    assert all(d.project != q.name for d in diags(ws, "R1"))


@pytest.mark.parametrize("goal", [
    "通过项目实施：1.完成会议室设备更新，2.按照近年我市社会保障PSAM卡的申请情况",
    "广州市人社数据中心2023年-2024年基础运维项目，提供7×24小时服务",
    "以广州市现有H5为基础搭建H5页面，12345政务服务热线",
    "第3批次，上千万社保参保人群",
])
def test_r1_not_quantities(goal):
    assert goal_quantities(goal) == ()


def test_r1_money_equal_to_the_budget_is_no_promise(ws):
    p = by(ws, "市人社数据服务中心购置经费")  # 17.60 万元
    p.goal += "投入资金17.60万元。"
    assert all(d.project != p.name for d in diags(ws, "R1"))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 10**6), st.sampled_from([u for u in UNITS if u not in ("G", "T", "M")]), st.booleans())
def test_r1_any_quantity_reported_unless_an_indicator_has_it(n, unit, measured):
    p = Project(name="项目", goal=f"通过项目实施，完成{n}{unit}的工作。",
                indicators=[Indicator(level1="1-产出指标", level2="11-数量指标", name="完成量",
                                      period=f"≥{n}{unit}" if measured else "100%", annual="100%")])
    found = [d for d in validate_project(p, default_codes()) if d.rule == "R1"]
    assert (found == []) == measured
    if found:
        assert f"「{n}{unit}」" in found[0].message


# -- R2 rates, R3 satisfaction, R4 period vs annual ------------------------------------------------

def test_r2_rate_above_100(ws):
    p = by(ws, "市人社数据服务中心购置经费")
    p.indicators[0].period = "≥120%"  # 物品入库率 ≥98%
    [d] = diags(ws, "R2")
    assert (d.indicator, d.field) == (1, "period")
    assert d.message.startswith("实施周期指标值「≥120%」超过 100%")
    p.indicators[0].period = "100%"
    assert diags(ws, "R2") == []


def test_r2_growth_rates_may_exceed_100(ws):
    p = by(ws, "广州市人社数据中心2025年人工智能大模型创新应用建设项目")
    ind = next(i for i in p.indicators if i.name == "场景用户增长率")  # 10%或以上
    ind.period = ind.annual = "150%或以上"
    assert diags(ws, "R2") == []


@settings(max_examples=60, deadline=None)
@given(st.decimals(0, 1000, places=1), st.sampled_from(["≥", ">", "", "≤"]))
def test_r2_only_above_the_limit_with_at_least(x, op):
    p = Project(name="项目", goal="", indicators=[Indicator(level1="1-产出指标", level2="12-质量指标",
                                                           name="物品验收率", period=f"{op}{x}%", annual="≥98%")])
    found = [d for d in validate_project(p, default_codes()) if d.rule == "R2"]
    assert bool(found) == (x > 100 and op != "≤")


def test_r3_satisfaction_floor_and_direction(ws):
    p = by(ws, "广州市人社数据中心2023年六个信息系统升级改造改造项目")
    ind = p.indicators[3]  # 系统用户满意度 90%或以上
    ind.period = ind.annual = "60%或以上"
    found = diags(ws, "R3")
    assert [d.field for d in found] == ["period", "annual"]
    assert found[0].message.startswith("实施周期指标值「60%或以上」低于满意度的下限 80%")
    ind.period = ind.annual = "≤90%"
    assert "应写作「≥90%」" in diags(ws, "R3")[0].message
    ind.period = ind.annual = "60%或以上"
    ws.rules = RuleSet(params={"R3": {"floor": Decimal(50)}})
    assert diags(ws, "R3") == []


def test_r4_seed_multi_year_values_are_fine_but_contradictions_are_not(ws):
    p = by(ws, "广州市人社数据中心2023年广州市社会保障(市民)卡管理系统升级改造项")
    ind = p.indicators[2]  # 社保卡应用服务领域数量 ≥5个 / ≥4个: the year's part of the period's
    assert diags(ws, "R4") == []
    for annual, why in [("≤4个", "比较符方向相反"), ("4次", "单位不同"), ("2026年12月底前", "一个是日期"),
                        ("有效提升", "只有实施周期指标值可衡量")]:
        ind.annual = annual
        [d] = diags(ws, "R4")
        assert (d.indicator, d.field) == (3, "annual") and why in d.message, annual
    ind.period, ind.annual = "5个", "6个"
    assert "年度的目标大于整个实施周期的目标" in diags(ws, "R4")[0].message


# -- R5 vague values --------------------------------------------------------------------------------

@pytest.mark.parametrize("value, vague", [
    ("有效提升", True), ("进一步改善", True), ("定性：较上年有所提升", True), ("服务水平明显提高", True),
    ("按期完成", False), ("达到预期目标", False), ("优秀/良好/合格", False), ("进一步提升，达到良好", False),
    ("≥95%", False),
])
def test_r5_vague_values(ws, value, vague):
    p = by(ws, "机构运行辅助经费")
    p.indicators[1].annual = value  # 人员稳岗率 80%或以上
    found = diags(ws, "R5")
    assert bool(found) == vague
    if vague:
        assert found[0].message.startswith(f"年度指标值「{value}」含糊")
        assert "写成可衡量的值（如「≥95%」" in found[0].message and "好/较好/一般/差" in found[0].message


# -- R6 R7 R8 missing kinds ---------------------------------------------------------------------------

def test_r6_required_level2_configurable(ws):
    [d] = diags(ws, "R6")  # 购置经费: 质量 and 效益 only, no 数量
    assert d.message.startswith("项目没有11-数量指标") and d.field == "indicators"
    ws.rules = RuleSet(params={"R6": {"level2": ("数量", "12")}})  # names or codes
    found = diags(ws, "R6")
    assert len(found) == 11  # the seed's 10 projects without a 12-质量指标, and 购置经费 without 11
    assert [d.message[:12] for d in found[:2]] == ["项目没有11-数量指标（", "项目没有12-质量指标（"]


def test_r7_cost_indicator_above_the_amount(ws):
    [d] = diags(ws, "R7")
    assert d.message.startswith("项目总计 1,011.92 万元（不少于 1,000 万元）而没有成本指标（14-成本指标）")
    p = by(ws, "广州市人社数据中心2024年-2025年运维项目")
    p.indicators.append(Indicator(level1="1-产出指标", level2="14-成本指标", name="运维成本", period="≤1011.92万元",
                                  annual="≤1011.92万元"))
    assert diags(ws, "R7") == []
    p.indicators.pop()
    ws.rules = RuleSet(params={"R7": {"above": Decimal(100)}})
    assert len(diags(ws, "R7")) == 13  # the seed's projects of at least 100 万元


def test_r8_share_of_quantitative_indicators(ws):
    p = by(ws, "市人社数据服务中心双回路机房供电维护项目")  # 3 indicators, all quantitative
    p.indicators[0].period = p.indicators[0].annual = "按期完成"
    assert diags(ws, "R8") == []  # 2 of 3
    p.indicators[1].period = p.indicators[1].annual = "正常运转"
    [d] = diags(ws, "R8")
    assert d.message.startswith("3 个指标中只有 1 个是定量的（有数字或日期），少于 50%")


# -- R9 copies across a unit ---------------------------------------------------------------------------

def test_r9_one_project_differs_from_the_others(ws):
    # 全年信息系统可用率 is 99%或以上 in three of the seed's projects
    p = by(ws, "广州市人社数据中心2024年-2025年运维项目")
    ind = next(i for i in p.indicators if i.name == "全年信息系统可用率")
    assert diags(ws, "R9") == []
    ind.period = ind.annual = "9%或以上"
    [d] = diags(ws, "R9")
    assert (d.project, d.indicator, d.field) == (p.name, 4, "period")
    assert d.message == ("指标「全年信息系统可用率」的实施周期指标值在本单位其他 2 个项目中都是「99%或以上」，这里是「9%或以上」"
                         "（数字只差一位，像是多打、漏打或打错了一位）：如是复制后漏改或改错，请改正；如确是本项目的目标，可不理会")


def test_r9_hints_at_a_factor_of_ten_or_another_unit(ws):
    p = by(ws, "广州市人社数据中心2024年-2025年运维项目")
    ind = next(i for i in p.indicators if i.name == "全年网络系统可用率")  # 98%或以上 in three projects
    ind.period = "9.8%或以上"
    assert "（相差 10 的整数倍，像是多打或漏打了 0）" in diags(ws, "R9")[0].message
    ind.period = "98个"
    assert "（单位不同：% 与 个）" in diags(ws, "R9")[0].message


def test_r9_no_majority_is_no_copy_error(ws):
    # 巡检完成率（%）: ≥95%, 98%或以上, 90%或以上, 90%或以上, 98%或以上 in the seed: each project's own
    assert diags(ws, "R9") == []
    p = by(ws, "市人社数据服务中心业务用房物业管理费项目")
    p.indicators[0].period = "≥95次"
    assert diags(ws, "R9") == []  # still no majority


# -- the rule set --------------------------------------------------------------------------------------

def test_rule_set_turns_off_and_raises(ws):
    p = by(ws, "机构运行辅助经费")
    p.indicators = [i for i in p.indicators if not i.level1.startswith("2")]
    [d] = diags(ws, "P1")
    assert d.severity == "warning"
    ws.rules = RuleSet(levels={"P1": "off"})
    assert diags(ws, "P1") == []
    ws.rules = RuleSet(levels={"P1": "error"})
    [d] = diags(ws, "P1")
    assert d.severity == "error"


def test_an_off_review_rule_is_not_run(monkeypatch):
    import model.validate

    calls = []
    checks = [(rules, lambda p, codes, rs, check=check, rules=rules: calls.append(rules) or check(p, codes, rs))
              for rules, check in model.validate.REVIEW_CHECKS]
    monkeypatch.setattr(model.validate, "REVIEW_CHECKS", tuple(checks))
    p = Project(name="x", goal="完成30万页", indicators=[Indicator(name="a", level1="1", level2="11", period="1个", annual="1个")])
    assert [d.rule for d in validate_project(p, default_codes())] == ["P1", "R1"]
    assert len(calls) == 4
    calls.clear()
    off = RuleSet(levels={"R1": "off", "R6": "off"})
    assert [d.rule for d in validate_project(p, default_codes(), rules=off)] == ["P1"]
    assert calls == [("R2", "R3", "R4", "R5", "R8"), ("R7",)]


def test_workspace_carries_default_rules():
    assert Workspace().rules.level("R1") == "warning"
