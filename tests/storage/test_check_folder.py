"""check_folder (what ``jixiao check`` runs) says exactly what Store.diagnostics() says,
in one process or split over worker processes."""

import pytest

from benchmarks.generate import write_workspace
from storage.workspace import check
from storage.workspace.check import check_folder
from storage.workspace.store import Store


@pytest.fixture
def messy(tmp_path):
    root = tmp_path / "ws"
    write_workspace(root, units=4, projects=6, seed=3)
    p = root / "u02" / "p03.toml"
    p.write_text(p.read_text("utf-8").replace("total = ", "total = 1", 1), "utf-8")  # F1
    (root / "u03" / "p01.toml").write_text("name = [\n", "utf-8")  # S1
    u = root / "u04" / "unit.toml"
    u.write_text(u.read_text("utf-8").replace('name = "', 'name = "广州市越秀人社职业技能鉴定指导中心（001）"\nxname = "', 1), "utf-8")
    (root / "u01" / "p99.toml").write_text('name = "未列出的项目"\ngoal = ""\n', "utf-8")  # S2, P1, P3
    return root


@pytest.mark.parametrize("parallel", [False, True])
def test_same_diagnostics_as_the_store(messy, monkeypatch, parallel):
    monkeypatch.setattr(check, "PARALLEL_FROM", 0 if parallel else 10**9)
    expected = Store.open(messy).diagnostics()
    assert {d.rule for d in expected} >= {"F1", "S1", "S2", "P1", "P3"}
    got = check_folder(messy, jobs=2)
    assert got.diagnostics == expected
    store = Store.open(messy)
    assert (got.units, got.projects, got.indicators) == store.workspace.counts()


def test_duplicate_unit_names_across_workers(tmp_path, monkeypatch):
    root = tmp_path / "ws"
    write_workspace(root, units=3, projects=2)
    names = [(root / f"u0{i}" / "unit.toml") for i in (1, 3)]
    first = names[0].read_text("utf-8").split("\n")[1]
    names[1].write_text("\n".join(line if not line.startswith("name = ") else first for line in names[1].read_text("utf-8").split("\n")), "utf-8")
    monkeypatch.setattr(check, "PARALLEL_FROM", 0)
    got = check_folder(root, jobs=2)
    assert [d.rule for d in got.diagnostics if d.rule == "U1"] == ["U1"]
    assert got.diagnostics == Store.open(root).diagnostics()


@pytest.mark.parametrize("executable", ["real", "missing", "failing"])
def test_parallel_open_reads_the_same_workspace(messy, monkeypatch, executable):
    import sys

    from storage.workspace import store as store_module

    serial = Store.open(messy, jobs=1)
    monkeypatch.setattr(store_module, "PARALLEL_FROM", 0)
    if executable == "missing":  # a child that cannot start: this process parses its share
        monkeypatch.setattr(sys, "executable", str(messy / "no-such-python"))
    elif executable == "failing":  # a child that dies: its share is parsed here
        monkeypatch.setattr(sys, "executable", "/bin/false")
    parallel = Store.open(messy, jobs=3)
    assert parallel.diagnostics() == serial.diagnostics()
    assert parallel.fingerprints == serial.fingerprints
    assert set(parallel.broken) == set(serial.broken) == {"u03/p01.toml", "u04/unit.toml"}
    assert parallel.workspace.model_dump() == serial.workspace.model_dump()


def test_children_parse_their_share(messy, monkeypatch):
    import sys

    from storage.workspace import parsing

    rels = ["u01/p01.toml", "u01/p02.toml", "u02/p01.toml", "u02/p02.toml", "u03/p01.toml", "u03/p02.toml"]
    here: list[str] = []
    real = parsing.read_and_parse
    monkeypatch.setattr(parsing, "read_and_parse", lambda root, chunk: here.extend(chunk) or real(root, chunk))
    got = parsing.parse_in_parallel(str(messy), rels, 3)
    assert sorted(r[0] for r in got) == sorted(rels)
    assert here == rels[0::3]  # the other two thirds came back from child processes
    assert dict((r[0], r[2][0]) for r in got)["u03/p01.toml"] == "error"
    here.clear()
    monkeypatch.setattr(sys, "executable", "/bin/false")
    parsing.parse_in_parallel(str(messy), rels, 3)
    assert sorted(here) == sorted(rels)


def test_prefetch_started_before_opening(messy):
    from storage.workspace.parsing import start_prefetch

    assert start_prefetch(messy) is None  # a small workspace is read the plain way
    serial = Store.open(messy, jobs=1)
    prefetch = start_prefetch(messy, jobs=2, at_least=0)
    opened = Store.open(messy, prefetch=prefetch)
    assert opened.diagnostics() == serial.diagnostics()
    assert opened.fingerprints == serial.fingerprints
    assert opened.workspace.model_dump() == serial.workspace.model_dump()
