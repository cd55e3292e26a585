"""A workspace checked out by Git for Windows (core.autocrlf=true: every file CRLF in the
working tree, LF in the repository) checks clean, and saving it writes CRLF back, changing
only the edited lines: ``git status`` and ``git diff`` show the edits and nothing else."""

from decimal import Decimal

import pytest

from model.workspace import Indicator, Project
from storage.workspace.check import check_folder
from storage.workspace.editing import open_session, save_session
from storage.workspace.store import Store
from tests.gitrepo import git, git_env, sample_repo  # noqa: F401  (git_env is a fixture)
from tests.paths import SAMPLE_REVIEW


def _edit_and_save(root):
    """One of each kind of edit: a multi-line goal (written with \\ continuations in p01), an
    amount, a new indicator, a new project (so unit.toml's list grows), the workspace title."""
    store = Store.open(root)
    session = open_session(store)
    unit = session.ws.units[0]
    p01, p02, p03 = unit.projects[:3]
    session.set_project_field(unit, p01, "goal", "完成会议室设备更新。\n保障中心日常办公需要。")
    session.set_project_field(unit, p02, "fiscal", Decimal("150.00"))
    session.set_project_field(unit, p02, "total", Decimal("150.00"))
    session.add_indicator(unit, p03, None, Indicator(level1="1-产出指标", level2="13-时效指标", name="完成时间",
                                                     period="2025年12月底前", annual="2025年12月底前"))
    session.add_project(unit, project=Project(name="新项目"))
    session.set_workspace_field("title", "项目支出绩效目标表（修订）")
    result = save_session(store, session)
    assert not result.errors and not result.conflicts
    return sorted(result.saved)


def _files(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.toml")) if ".git" not in p.parts}


@pytest.mark.usefixtures("git_env")
def test_an_autocrlf_checkout_checks_clean_and_saves_back_as_crlf(tmp_path):
    lf = sample_repo(tmp_path)
    crlf = tmp_path / "windows"
    git(tmp_path, "-c", "core.autocrlf=true", "clone", "-q", str(lf), str(crlf))
    git(crlf, "config", "core.autocrlf", "true")
    before = _files(crlf)
    assert before == {rel: data.replace(b"\n", b"\r\n") for rel, data in _files(lf).items()}  # all CRLF now

    checked, checked_lf = check_folder(crlf), check_folder(lf)
    assert checked.diagnostics == checked_lf.diagnostics
    assert [d.rule for d in checked.diagnostics] == SAMPLE_REVIEW  # warnings only, as on the LF copy
    assert (checked.units, checked.projects, checked.indicators) == (1, 19, 81)
    assert Store.open(crlf).workspace == Store.open(lf).workspace

    assert _edit_and_save(crlf) == _edit_and_save(lf) == [
        "jixiao.toml", "u01/p01.toml", "u01/p02.toml", "u01/p03.toml", "u01/p20.toml", "u01/unit.toml"]
    after, after_lf = _files(crlf), _files(lf)
    for rel, data in after_lf.items():
        if rel == "u01/p20.toml":  # a new file is written as git stores it (LF), in either checkout
            assert after[rel] == data and b"\r" not in data
        else:  # the same edits, in the file's own CRLF
            assert after[rel] == data.replace(b"\n", b"\r\n"), rel
    unchanged = [rel for rel in before if rel not in ("jixiao.toml", "u01/p01.toml", "u01/p02.toml",
                                                      "u01/p03.toml", "u01/unit.toml")]
    assert all(after[rel] == before[rel] for rel in unchanged)

    assert git(crlf, "status", "--porcelain").stdout.splitlines() == [
        " M jixiao.toml", " M u01/p01.toml", " M u01/p02.toml", " M u01/p03.toml", " M u01/unit.toml",
        "?? u01/p20.toml"]
    # git compares without the CR: the same line counts as in the LF checkout, nothing else
    assert git(crlf, "diff", "--numstat").stdout == git(lf, "diff", "--numstat").stdout
    assert "2\t2\tu01/p02.toml" in git(crlf, "diff", "--numstat").stdout.splitlines()
