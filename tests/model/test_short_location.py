"""Problem lines name a project by what sets it apart, within a width budget."""

from __future__ import annotations

from model.diagnostic import Diagnostic, cells, middle_cut

UNIT = "广州市人力资源和社会保障数据服务中心"


def loc(project: str, budget: int = 40, **kw) -> str:
    kw.setdefault("indicator", 3)
    kw.setdefault("field", "period")
    return Diagnostic("I4", "m", unit=UNIT, project=project, unit_id="u01", project_id="p01", **kw).short_location(budget)


def test_the_part_a_project_shares_with_its_unit_is_dropped():
    assert loc("市人社数据服务中心购置经费") == "购置经费 › 指标3 周期值"  # an abbreviation of the unit
    assert loc("广州市人社数据中心2023年六个信息系统升级改造改造项目", 30) == "2023年…改造项目 › 指标3 周期值"
    assert loc("机构运行辅助经费") == "机构运行辅助经费 › 指标3 周期值"  # nothing shared: whole
    assert loc("市人社", field="goal", indicator=None) == "市人社 › 绩效目标"  # too little would be left


def test_the_location_keeps_to_its_budget():
    for budget in (12, 20, 30, 40):
        assert cells(loc("广州市人社数据中心2023年六个信息系统升级改造改造项目", budget)) <= budget
    unit = Diagnostic("U1", "m", unit=UNIT, unit_id="u01", field="name")
    assert unit.short_location(20) == "广州…中心 › 单位名称"


def test_middle_cut():
    assert middle_cut("abcdef", 6) == "abcdef"
    assert middle_cut("abcdefgh", 5) == "ab…gh"
    assert cells(middle_cut("一二三四五六七八", 9)) <= 9
