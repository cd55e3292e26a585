"""A workspace Git for Windows checked out with ``core.autocrlf=true`` (CRLF files, LF in the
repository), copied to a PC without git: the dulwich engine sees it as git does — clean, one
edit is one modified file, a commit stores LF — and writes CRLF files when it checks out.
Each scenario runs under both engines where both apply, and git itself checks the result."""

from __future__ import annotations

import os
import shutil

import pytest

from storage import git as sgit
from storage.git import command
from tests.gitrepo import git, git_env, sample_repo  # noqa: F401  (git_env is a fixture)

ENGINES = ["git", "dulwich"]


def _toml(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.toml"))
            if ".git" not in p.parts}


def _copied(root):
    """Every file's time moved, as a copy that does not keep them makes it: the engines must
    read the files, not trust the index's record of their size and time."""
    for path in root.rglob("*"):
        if ".git" not in path.parts and path.is_file():
            st = path.stat()
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 3 * 10**9))


def _windows(tmp_path, autocrlf="true"):
    """(the LF repository, a clone of it checked out as Git for Windows does, copied)."""
    lf = sample_repo(tmp_path)
    crlf = tmp_path / "windows"
    git(tmp_path, "-c", f"core.autocrlf={autocrlf}", "clone", "-q", str(lf), str(crlf))
    git(crlf, "config", "core.autocrlf", autocrlf)
    _copied(crlf)
    return lf, crlf


def _replace(path, old: bytes, new: bytes):
    data = path.read_bytes()
    assert old in data, (path, old)
    path.write_bytes(data.replace(old, new, 1))


@pytest.mark.parametrize("engine", ENGINES)
def test_an_autocrlf_checkout_reads_clean_and_one_edit_is_one_file(tmp_path, git_env, monkeypatch, engine):
    lf, crlf = _windows(tmp_path)
    assert _toml(crlf) == {rel: data.replace(b"\n", b"\r\n") for rel, data in _toml(lf).items()}  # all CRLF
    monkeypatch.setenv("JIXIAO_GIT", engine)
    repo = sgit.repo_for(crlf)
    assert sgit.status(repo) == {}
    assert sgit.changed_files(crlf) == {}
    assert sgit.compare(crlf).diff.is_empty()

    _replace(crlf / "u01" / "p02.toml", b"fiscal = 144.33\r\n", b"fiscal = 150.00\r\n")
    assert sgit.status(repo) == {"u01/p02.toml": "modified"}
    assert sgit.changed_files(crlf) == {"u01/p02.toml": "modified"}
    assert [(u.unit_id, [p.project_id for p in u.projects]) for u in sgit.compare(crlf).diff.units] == [
        ("u01", ["p02"])]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_commit_from_an_autocrlf_checkout_stores_lf(tmp_path, git_env, monkeypatch, engine):
    _, crlf = _windows(tmp_path)
    monkeypatch.setenv("JIXIAO_GIT", engine)
    _replace(crlf / "u01" / "p02.toml", b"fiscal = 144.33\r\n", b"fiscal = 150.00\r\n")
    (crlf / "u01" / "p03.toml").write_bytes((crlf / "u01" / "p03.toml").read_bytes() + b"# \xe5\xa4\x87\xe6\xb3\xa8\r\n")
    sgit.commit(crlf, "改了两个项目", force=True)

    stored = git(crlf, "cat-file", "blob", "HEAD:u01/p02.toml").stdout
    assert "fiscal = 150.00\n" in stored and "\r" not in stored
    assert git(crlf, "cat-file", "blob", "HEAD:u01/p03.toml").stdout.endswith("\n# 备注\n")
    # one line changed in p02 and one added to p03, as git counts them: not whole files
    assert git(crlf, "diff", "--numstat", "HEAD~1", "HEAD").stdout.splitlines() == [
        "1\t1\tu01/p02.toml", "1\t0\tu01/p03.toml"]
    # the index records the working file's size (CRLF), as git does: its stat check holds
    debug = git(crlf, "ls-files", "--debug", "u01/p02.toml").stdout
    assert f"size: {(crlf / 'u01' / 'p02.toml').stat().st_size}\t" in debug
    assert git(crlf, "status", "--porcelain").stdout == ""
    assert sgit.status(sgit.repo_for(crlf)) == {}
    monkeypatch.setenv("JIXIAO_GIT", "git" if engine == "dulwich" else "dulwich")
    assert sgit.status(sgit.repo_for(crlf)) == {}


ATTRIBUTES = {
    "none": None,
    "text": "*.toml text\n",  # text whatever autocrlf says: converted with autocrlf false too
    "binary": "u01/p03.toml -text\n",  # never converted, even with autocrlf true
    "eol=crlf": "*.toml text eol=crlf\n",
}


@pytest.mark.parametrize("attributes", sorted(ATTRIBUTES))
@pytest.mark.parametrize("autocrlf", ["true", "input", "false"])
def test_both_engines_store_what_git_stores(tmp_path, git_env, monkeypatch, autocrlf, attributes):
    """The same CRLF edits (a changed line, a new CRLF file) committed by each engine make the
    same tree, whatever core.autocrlf and .gitattributes say."""
    lf = sample_repo(tmp_path)
    if ATTRIBUTES[attributes]:
        (lf / ".gitattributes").write_text(ATTRIBUTES[attributes], "utf-8")
        git(lf, "add", ".gitattributes")
        git(lf, "commit", "-q", "-m", "属性")
    trees = {}
    for engine in ENGINES:
        copy = tmp_path / engine
        git(tmp_path, "-c", f"core.autocrlf={autocrlf}", "clone", "-q", str(lf), str(copy))
        git(copy, "config", "core.autocrlf", autocrlf)
        _copied(copy)
        for name in ("p02", "p03"):
            path = copy / "u01" / f"{name}.toml"
            path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n") + b"# x\r\n")
        (copy / "u01" / "notes.toml").write_bytes(b"a = 1\r\nb = 2\r\n")
        monkeypatch.setenv("JIXIAO_GIT", engine)
        assert sgit.status(sgit.repo_for(copy)) == {"u01/p02.toml": "modified", "u01/p03.toml": "modified",
                                                    "u01/notes.toml": "new"}
        sgit.commit(copy, "改动", force=True)
        trees[engine] = git(copy, "rev-parse", "HEAD^{tree}").stdout
        assert git(copy, "status", "--porcelain").stdout == "", engine
    assert trees["git"] == trees["dulwich"]


def test_checking_out_without_git_writes_crlf_under_autocrlf(tmp_path, git_env, monkeypatch):
    """A pull (a merge) and a pull given up (the files written back) write the files as git
    would in that checkout: CRLF, and git sees them clean."""
    lf, crlf = _windows(tmp_path)
    before = _toml(crlf)
    _replace(lf / "u01" / "p05.toml", b"\n", b"\n# \xe5\xaf\xb9\xe6\x96\xb9\n")
    git(lf, "commit", "-q", "-am", "对方改了p05")
    monkeypatch.setenv("JIXIAO_GIT", "dulwich")
    sgit.create_bundle(lf, tmp_path / "lf.bundle")
    _replace(crlf / "u01" / "p02.toml", b"fiscal = 144.33\r\n", b"fiscal = 150.00\r\n")
    sgit.commit(crlf, "我方改了p02", force=True)
    sgit.pull_bundle(crlf, tmp_path / "lf.bundle")
    after = _toml(crlf)
    assert after["u01/p05.toml"] == (lf / "u01" / "p05.toml").read_bytes().replace(b"\n", b"\r\n")
    assert all(data.count(b"\r\n") == data.count(b"\n") for data in after.values())
    assert sgit.status(sgit.repo_for(crlf)) == {}
    assert git(crlf, "status", "--porcelain").stdout == ""

    # reset: every file as HEAD has it, written back as CRLF
    (crlf / "u01" / "p02.toml").unlink()
    command.engine().reset_hard(sgit.repo_for(crlf))
    assert (crlf / "u01" / "p02.toml").read_bytes() == after["u01/p02.toml"]
    assert git(crlf, "status", "--porcelain").stdout == ""
    assert before["u01/p01.toml"] == after["u01/p01.toml"]


def test_a_copy_cloned_without_git_is_checked_out_crlf_when_the_user_says_so(tmp_path, git_env, monkeypatch):
    lf = sample_repo(tmp_path)
    settings = tmp_path / "global"
    settings.write_text("[core]\n\tautocrlf = true\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(settings))
    monkeypatch.setenv("JIXIAO_GIT", "dulwich")
    sgit.create_bundle(lf, tmp_path / "full.bundle")
    home = sgit.clone_bundle(tmp_path / "full.bundle", tmp_path / "home")
    assert _toml(home) == {rel: data.replace(b"\n", b"\r\n") for rel, data in _toml(lf).items()}
    assert sgit.status(sgit.repo_for(home)) == {}
    assert git(home, "status", "--porcelain").stdout == ""
    shutil.rmtree(home)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_conflict_in_an_autocrlf_checkout_is_written_crlf_and_committed_lf(tmp_path, git_env, monkeypatch, engine):
    lf, crlf = _windows(tmp_path)
    _replace(lf / "u01" / "p02.toml", b"fiscal = 144.33\n", b"fiscal = 160.00\n")
    git(lf, "commit", "-q", "-am", "对方")
    monkeypatch.setenv("JIXIAO_GIT", engine)
    sgit.create_bundle(lf, tmp_path / "lf.bundle")
    path = crlf / "u01" / "p02.toml"
    _replace(path, b"fiscal = 144.33\r\n", b"fiscal = 150.00\r\n")
    sgit.commit(crlf, "我方", force=True)
    assert sgit.pull_bundle(crlf, tmp_path / "lf.bundle").conflicts == ["u01/p02.toml"]
    conflicted = path.read_bytes()
    assert b"\r\n=======\r\nfiscal = 160.00\r\n>>>>>>> " in conflicted  # markers and all, CRLF as git writes
    assert conflicted.count(b"\r\n") == conflicted.count(b"\n")

    lines = conflicted.split(b"\r\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(b"<<<<<<< "))
    path.write_bytes(b"\r\n".join(lines[:start] + [b"fiscal = 150.00"] + lines[start + 5:]))  # ours kept
    sgit.commit(crlf, "合并", force=True)
    stored = git(crlf, "cat-file", "blob", "HEAD:u01/p02.toml").stdout
    assert "fiscal = 150.00\n" in stored and "\r" not in stored and "<<<" not in stored
    assert git(crlf, "status", "--porcelain").stdout == ""
    assert sgit.status(sgit.repo_for(crlf)) == {}
