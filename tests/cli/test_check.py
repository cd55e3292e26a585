import json

from tests.paths import SAMPLE, SAMPLE_REVIEW, quiet_review
from tui.cli import main


def test_check_clean_sample_exits_0(capsys):
    assert main(["check", str(SAMPLE)]) == 0
    out, err = capsys.readouterr()
    assert [line.split(" ", 3)[1:3] for line in out.splitlines()] == [["warning", r] for r in SAMPLE_REVIEW]
    assert err.endswith("1 个单位，19 个项目，81 个指标；0 个错误，3 个警告\n")


def test_check_reports_errors_one_line_each(sample_copy, capsys):
    p = sample_copy / "u01" / "p02.toml"
    p.write_text(p.read_text("utf-8").replace("total = 144.33", "total = 144.30"), "utf-8")
    q = sample_copy / "u01" / "p06.toml"
    q.write_text(q.read_text("utf-8").replace("goal = ", "goal = \"\"\nxgoal = ", 1), "utf-8")
    assert main(["check", str(sample_copy)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    lines = [line for line in lines if ": warning R" not in line]  # the sample's SAMPLE_REVIEW
    assert lines[0] == "u01/p06.toml: error S1 广州市人力资源和社会保障数据服务中心 › 机构运行辅助经费 未知字段 xgoal"
    assert lines[1] == (
        "u01/p02.toml: error F1 广州市人力资源和社会保障数据服务中心 › 市人社数据服务中心业务运行工作经费 › 总计 "
        "总计 144.30 ≠ 财政拨款 144.33 + 财政专户拨款 0.00 + 其他资金 0.00 = 144.33，总计少 0.03 万元"
    )
    # while p06 is unreadable the unit's sums are unknown: no F3 against its control figure
    assert lines[2:] == []
    assert err.splitlines()[-1] == f"{sample_copy}: 1 个单位，18 个项目，79 个指标；2 个错误，3 个警告"


def test_check_warnings_only_exits_0(sample_copy, capsys):
    p = sample_copy / "u01" / "p06.toml"
    p.write_text(p.read_text("utf-8").replace('annual = "90%或以上"', 'annual = "90%-95%"', 1), "utf-8")
    assert main(["check", str(sample_copy), "--format", "json"]) == 0
    [d] = [d for d in json.loads(capsys.readouterr().out) if not d["rule"].startswith("R")]
    assert d["severity"] == "warning" and d["rule"] == "I4"
    assert {k: d[k] for k in ("file", "unit", "project", "indicator", "field")} == {
        "file": "u01/p06.toml", "unit": "广州市人力资源和社会保障数据服务中心",
        "project": "机构运行辅助经费", "indicator": 1, "field": "annual",
    }
    assert d["message"] == "年度指标值「90%-95%」无法解析：不支持区间，请写成「≥下限」或「≤上限」；如为定性指标，可写作「定性：…」"


def test_check_parse_error_has_line(sample_copy, capsys):
    p = sample_copy / "u01" / "p01.toml"
    p.write_text(p.read_text("utf-8").replace("total = 17.60", "total = = 17.60"), "utf-8")
    assert main(["check", str(sample_copy)]) == 1
    assert capsys.readouterr().out.startswith("u01/p01.toml:2: error S1 - TOML 语法错误")


def test_check_unreadable_workspace_exits_2(tmp_path, capsys):
    assert main(["check", str(tmp_path)]) == 2
    assert "缺少 jixiao.toml" in capsys.readouterr().err


def test_check_finds_workspace_from_a_subfolder(monkeypatch, capsys):
    monkeypatch.chdir(SAMPLE / "u01")
    assert main(["check"]) == 0


def test_a_broken_jixiao_toml_is_named_with_its_line(sample_copy, capsys):
    (sample_copy / "jixiao.toml").write_text('year = 2025\ntitle = "项目支出\n', "utf-8")
    assert main(["check", str(sample_copy)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jixiao check: jixiao.toml:2: TOML 语法错误：")


def test_check_reads_a_month_day_deadline_in_the_workspace_year(sample_copy, capsys):
    """I5 in `jixiao check`: 12月31日前 is 2025-12-31 in the sample's 2025 workspace, later than
    the period's 2025-06-30 (as the editor's 读作 line reads it)."""
    quiet_review(sample_copy)  # the sample's own review warnings aside
    p = sample_copy / "u01" / "p18.toml"
    text = p.read_text("utf-8")
    assert text.count('period = "≤5秒"') == 1
    text = text.replace('period = "≤5秒"\nannual = "≤5秒"', 'period = "2025年6月30日前完成"\nannual = "12月31日前"')
    p.write_text(text, "utf-8")
    assert main(["check", str(sample_copy)]) == 0  # a warning
    out, err = capsys.readouterr()
    [line] = out.splitlines()
    assert line.startswith("u01/p18.toml: warning I5 ")
    assert line.endswith("年度指标值「12月31日前」（2025-12-31）晚于实施周期指标值「2025年6月30日前完成」（2025-06-30），"
                         "年度目标不应晚于整个实施周期的期限")
    assert err.splitlines()[-1].endswith("0 个错误，1 个警告")
