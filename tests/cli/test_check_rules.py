"""The review rules and rules.toml from the command line: what the issue's done-when asks."""

import json

import pytest

from model.diagnostic import RULES
from tests.gitrepo import git, git_env  # noqa: F401  (git_env is a fixture)
from tui.cli import main


def edit(path, old, new):
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_goal_quantity_no_indicator_measures_is_reported(sample_copy, capsys):
    # 市人社数据服务中心购置经费: the goal now promises 30万页, no indicator counts pages
    edit(sample_copy / "u01" / "p01.toml", "保障中心日常办公需要。", "保障中心日常办公需要，完成30万页档案扫描。")
    assert main(["check", str(sample_copy), "--format", "json"]) == 0
    found = [d for d in json.loads(capsys.readouterr().out) if d["rule"] == "R1" and d["file"] == "u01/p01.toml"]
    assert [(d["severity"], d["field"]) for d in found] == [("warning", "goal")]
    assert "「30万页」" in found[0]["message"]


def test_a_rate_of_120_percent_is_reported(sample_copy, capsys):
    edit(sample_copy / "u01" / "p01.toml", 'period = "≥98%"', 'period = "≥120%"')
    assert main(["check", str(sample_copy)]) == 0
    [line] = [line for line in capsys.readouterr().out.splitlines() if " R2 " in line]
    assert line.startswith("u01/p01.toml: warning R2 广州市人力资源和社会保障数据服务中心 › 市人社数据服务中心购置经费 › 指标1 › 实施周期指标值 "
                           "实施周期指标值「≥120%」超过 100%")


def _without_benefit(ws):
    """机构运行辅助经费 (p06) keeps only its 产出 indicator: P1."""
    p = ws / "u01" / "p06.toml"
    p.write_text(p.read_text("utf-8").partition('[[indicators]]\nlevel1 = "2-效益指标"')[0], "utf-8")


def _p1(out):
    return [line for line in out.splitlines() if " P1 " in line]


def test_rules_toml_turns_p1_off_or_makes_it_an_error(sample_copy, capsys):
    _without_benefit(sample_copy)
    assert main(["check", str(sample_copy)]) == 0
    assert [line.split(" ")[1] for line in _p1(capsys.readouterr().out)] == ["warning"]
    (sample_copy / "rules.toml").write_text('[P1]\nseverity = "off"\n', "utf-8")
    assert main(["check", str(sample_copy)]) == 0
    assert _p1(capsys.readouterr().out) == []
    (sample_copy / "rules.toml").write_text('[P1]\nseverity = "error"\n', "utf-8")
    assert main(["check", str(sample_copy)]) == 1
    out, err = capsys.readouterr()
    assert [line.split(" ")[1] for line in _p1(out)] == ["error"]
    assert err.endswith("；1 个错误，3 个警告\n")


def test_a_bad_rules_toml_is_named_with_its_line(sample_copy, capsys):
    (sample_copy / "rules.toml").write_text('# 本单位的规则\n[P1]\nseverity = "关"\n', "utf-8")
    assert main(["check", str(sample_copy)]) == 1
    [line] = [line for line in capsys.readouterr().out.splitlines() if " S1 " in line]
    assert line == ('rules.toml:3: error S1 - 规则设置无效：[P1] 的 severity 应为 "error"（错误）、"warning"（警告）'
                    '或 "off"（关闭），实为 "关"；这一项不起作用')


def test_export_follows_the_rule_set(sample_copy, tmp_path, capsys):
    (sample_copy / "rules.toml").write_text('[R7]\nseverity = "error"\n', "utf-8")
    target = tmp_path / "表.xlsx"
    assert main(["export", str(sample_copy), "-o", str(target)]) == 1
    assert "R7" in capsys.readouterr().err and not target.exists()
    (sample_copy / "rules.toml").write_text('[R7]\nabove = 2000\n', "utf-8")
    assert main(["export", str(sample_copy), "-o", str(target)]) == 0
    assert target.exists()


@pytest.mark.parametrize("rule", list(RULES))
def test_explain_every_rule(rule, capsys):
    assert main(["check", "--explain", rule.lower()]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"{rule}（默认：") and "检查什么：" in text and "怎么改：" in text


def test_explain_names_the_parameters_and_their_defaults(capsys):
    assert main(["check", "--explain", "R7"]) == 0
    text = capsys.readouterr().out
    assert "  above = 1000    总计达到这个金额（万元）的项目要有成本指标（数字）" in text
    assert main(["check", "--explain", "S1"]) == 0
    assert "级别：总是错误，rules.toml 不能改" in capsys.readouterr().out


def test_explain_an_unknown_rule_exits_2(capsys):
    assert main(["check", "--explain", "R99"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("jixiao check: 没有规则「R99」；规则有 F1、F2")


def test_commit_follows_the_rule_set(tmp_path, git_env, capsys):
    from tests.gitrepo import sample_repo

    ws = sample_repo(tmp_path)
    (ws / "rules.toml").write_text('[R6]\nseverity = "error"\n', "utf-8")
    assert main(["commit", "-w", str(ws), "-m", "本单位的规则"]) == 1
    assert "u01/p01.toml: error R6" in capsys.readouterr().err
    (ws / "rules.toml").write_text('[R6]\nseverity = "warning"\n', "utf-8")
    assert main(["commit", "-w", str(ws), "-m", "本单位的规则"]) == 0
    assert "rules.toml" in git(ws, "show", "--name-only", "--format=").stdout


def test_the_seed_checks_clean_of_errors_with_three_review_warnings(seed_path, tmp_path, capsys):
    ws = tmp_path / "seed"
    assert main(["import", str(seed_path), "--into", str(ws)]) == 0
    capsys.readouterr()
    assert main(["check", str(ws), "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(d["severity"], d["rule"], d["file"]) for d in found] == [
        ("warning", "R6", "u01/p01.toml"),  # 购置经费: 质量 and 效益 indicators, no 数量
        ("warning", "R1", "u01/p11.toml"),  # 对25个系统的元数据资源进行全量编目: not measured
        ("warning", "R7", "u01/p13.toml"),  # 1,011.92 万元 without a 成本指标
    ]
