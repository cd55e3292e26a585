"""``jixiao init NEW --from OLD --year 2026`` and ``jixiao diff --against OLD``: next year's
workspace started from last year's, and the two compared in budget terms."""

import json
import shutil

import pytest

from storage.workspace.store import Store
from tests.gitrepo import edit, git, git_env  # noqa: F401  (git_env is a fixture)
from tests.paths import SAMPLE
from tests.xlsxcells import XBook
from tui.cli import main

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
ENDED = ["u01/p09", "u01/p10", "u01/p13", "u01/p15"]  # 2023年-2024年…, 2024年-2025年…, 2024-2025年…


@pytest.fixture
def years(tmp_path, git_env, capsys):
    """Last year's workspace (a copy of the sample) and a new 2026 workspace made from it."""
    old = tmp_path / "2025"
    shutil.copytree(SAMPLE, old)
    new = tmp_path / "2026"
    assert main(["init", str(new), "--from", str(old), "--year", "2026"]) == 0
    return old, new


def test_init_from_carries_everything_with_its_ids_and_a_fresh_history(years, capsys):
    old, new = years
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"已新建 2026 年度工作区 {new}：从 {old} 结转 1 个单位、19 个项目")
    assert out[1].startswith('jixiao.toml 中 compare = "../2025"')
    # the ended ones are named, and how to leave them out
    assert "--drop-ended" in out[2] and [line.split()[0] for line in out[3:7]] == ENDED
    assert git(new, "log", "--format=%s").stdout.splitlines() == ["从 2025 结转：2026 年度起点"]
    assert git(new, "status", "--porcelain").stdout == ""
    a, b = Store.open(old).workspace, Store.open(new).workspace
    assert b.year == 2026 and a.year == 2025
    assert [(p.id, p.name, p.total, p.indicators) for _, p in a.projects()] == [
        (p.id, p.name, p.total, p.indicators) for _, p in b.projects()]
    assert (new / "jixiao.toml").read_text("utf-8").endswith('units = [\n  "u01",\n]\ncompare = "../2025"\n')
    assert Store.open(new).settings == {"compare": "../2025"}
    assert (new / ".git" / "hooks" / "pre-commit").is_file()


def test_diff_against_last_year_is_empty_until_an_edit_then_shows_exactly_it(years, tmp_path, capsys):
    old, new = years
    capsys.readouterr()
    assert main(["diff", "-w", str(new), "--against", str(old)]) == 0
    assert capsys.readouterr().out.splitlines() == ["比较：2025 年度（2025） → 2026 年度（2026）", "没有变化"]
    assert main(["diff", "-w", str(new), "--against", str(old), "--xlsx", str(tmp_path / "t.xlsx")]) == 0
    assert "没有变化" in capsys.readouterr().out and not (tmp_path / "t.xlsx").exists()
    edit(new / "u01" / "p02.toml", "total = 144.33\nfiscal = 144.33", "total = 150.00\nfiscal = 150.00")
    assert main(["diff", "-w", str(new), "--against", str(old), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    [unit] = data["units"]
    [p02] = unit["projects"]
    assert p02["project_id"] == "p02" and not p02["indicators"]
    assert [(c["label"], c["old"], c["new"], c["delta"]) for c in p02["changes"]] == [
        ("总计", "144.33", "150.00", "5.67"), ("财政拨款", "144.33", "150.00", "5.67")]
    assert data["changes"] == []  # the year is no change
    assert main(["diff", "-w", str(new), "--against", str(old), "--xlsx", str(tmp_path / "t.xlsx")]) == 0
    rows = XBook(tmp_path / "t.xlsx").rows()
    assert rows[0] == ["广州市人力资源和社会保障数据服务中心2026年绩效目标修订对照表"]
    assert rows[1][0].startswith("比较：2025 年度（2025） → 2026 年度（2026）；制表日期 ")
    assert [r[3:7] for r in rows[3:]] == [["总计", "144.33", "150.00", "5.67"], ["财政拨款", "144.33", "150.00", "5.67"],
                                         ["总计", "4402.83", "4408.50", "5.67"], ["财政拨款", "4402.83", "4408.50", "5.67"],
                                         ["总计", "4402.83", "4408.50", "5.67"], ["财政拨款", "4402.83", "4408.50", "5.67"]]


def test_drop_ended_leaves_them_out_but_keep_and_drop_choose(tmp_path, git_env, capsys):
    new = tmp_path / "2026"
    # no --year: the year after last year's
    assert main(["init", str(new), "--from", str(SAMPLE), "--drop-ended", "--keep", "p13", "--drop", "u01/p01"]) == 0
    assert Store.open(new).workspace.year == 2026
    out = capsys.readouterr().out
    assert "未结转 u01/p01 市人社数据服务中心购置经费" in out and "未结转 u01/p09 " in out
    ids = [p.id for _, p in Store.open(new).workspace.projects()]
    assert "p13" in ids and not {"p01", "p09", "p10", "p15"} & set(ids) and len(ids) == 15
    # the dropped ones show as removed against last year, nothing else
    assert main(["diff", "-w", str(new), "--against", str(SAMPLE), "--format", "json"]) == 0
    projects = json.loads(capsys.readouterr().out)["units"][0]["projects"]
    assert sorted((p["project_id"], p["status"]) for p in projects) == [
        ("p01", "removed"), ("p09", "removed"), ("p10", "removed"), ("p15", "removed")]


def test_init_from_refuses_what_it_cannot_do(tmp_path, git_env, capsys):
    assert main(["init", str(tmp_path / "x" / "2027"), "--from", str(tmp_path / "x")]) == 2
    assert "不是文件夹" in capsys.readouterr().err
    shutil.copytree(SAMPLE, tmp_path / "old")
    assert main(["init", str(tmp_path / "old" / "2026"), "--from", str(tmp_path / "old")]) == 2
    assert "应放在它旁边" in capsys.readouterr().err and not (tmp_path / "old" / "2026").exists()
    assert main(["init", str(tmp_path / "a"), "--from", str(SAMPLE), "--year", "2025"]) == 2
    assert "应晚于" in capsys.readouterr().err
    assert main(["init", str(tmp_path / "a"), "--from", str(SAMPLE), "--year", "2026", "--drop", "p99"]) == 2
    assert "找不到项目 p99" in capsys.readouterr().err
    assert not (tmp_path / "a").exists()
    assert main(["init", str(tmp_path / "a"), "--drop-ended"]) == 2
    assert "只与 --from 同用" in capsys.readouterr().err
    assert main(["diff", "HEAD", "-w", str(SAMPLE), "--against", str(SAMPLE)]) == 2
    assert "不与版本号" in capsys.readouterr().err


def test_the_compare_setting_is_kept_when_the_workspace_is_saved(years):
    _, new = years
    store = Store.open(new)
    store.workspace.title = "新标题"
    store.save_workspace()
    text = (new / "jixiao.toml").read_text("utf-8")
    assert 'title = "新标题"' in text and text.endswith('compare = "../2025"\n')
    assert Store.open(new).settings == {"compare": "../2025"}
    assert main(["check", str(new)]) == 0  # a setting, not an unknown field


def test_a_far_away_source_is_named_by_its_full_path(tmp_path, git_env, capsys):
    new = tmp_path / "a" / "b" / "c" / "2026"
    assert main(["init", str(new), "--from", str(SAMPLE), "--year", "2026"]) == 0
    assert Store.open(new).settings == {"compare": SAMPLE.resolve().as_posix()}
    assert main(["diff", "-w", str(new), "--against", str(tmp_path / "nowhere")]) == 2


def test_init_from_without_a_known_author_asks_for_one_and_leaves_nothing(tmp_path, git_env, capsys, monkeypatch):
    from tests.gitrepo import forget_identity

    forget_identity(monkeypatch, tmp_path)
    old = tmp_path / "2025"
    shutil.copytree(SAMPLE, old)
    new = tmp_path / "2026"
    assert main(["init", str(new), "--from", str(old)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jixiao init: ") and "--author" in err and "Traceback" not in err
    assert not new.exists()  # no half-made folder holding .git
    given = tmp_path / "given"
    given.mkdir()  # an empty folder the user made stays, empty
    assert main(["init", str(given), "--from", str(old)]) == 2
    assert given.is_dir() and list(given.iterdir()) == []
    assert main(["init", str(new), "--from", str(old), "--author", "李四 <lisi@example.cn>"]) == 0
    assert git(new, "log", "--format=%an").stdout.split() == ["李四"]
