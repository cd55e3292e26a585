"""Issue 12: hostile input never ends in a traceback. Random bytes and random structured garbage
fed to the TOML reader (``Store.from_files`` and the checks on what it read), the text importer
and the XLSX importer: the only exceptions allowed are ``JixiaoError``s (the command line turns
them into messages), and no input takes more than ``LIMIT`` seconds.

Bounded to run in a few seconds: few examples each, no hypothesis deadline (a loaded machine
makes it flaky) but a time check per input of our own.
"""

from __future__ import annotations

import io
import time
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.errors import JixiaoError
from storage.published.text_import import import_text
from storage.published.xlsx_import import import_xlsx
from storage.workspace.store import Store

LIMIT = 2.0  # seconds per input
FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None, report_multiple_bugs=False,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

KEYS = ["title", "department", "year", "units", "name", "projects", "control", "total", "fiscal",
        "special", "other", "goal", "indicators", "level1", "level2", "period", "annual", "codes"]


def survives(fn, *args) -> None:
    """``fn(*args)`` returns or raises a JixiaoError, within LIMIT seconds."""
    start = time.perf_counter()
    try:
        fn(*args)
    except JixiaoError:
        pass
    assert time.perf_counter() - start < LIMIT, f"{fn.__name__} took over {LIMIT} s"


# -- the TOML reader --------------------------------------------------------------------------------

def read_workspace(files: dict[str, bytes]) -> None:
    store = Store.from_files(files, "fuzz")
    store.diagnostics()  # the rules run on whatever was read: jixiao check, commit, the hook
    store.workspace.counts()


SEED = {
    "jixiao.toml": b'title = "t"\ndepartment = "d"\nyear = 2025\nunits = ["u01"]\n',
    "u01/unit.toml": b'name = "n"\nprojects = ["p01"]\n[control]\ntotal = 1.00\nfiscal = 1.00\n',
    "u01/p01.toml": b'name = "p"\ntotal = 1.00\nfiscal = 1.00\ngoal = "g"\n[[indicators]]\n'
                    b'level1 = "1-\xe4\xba\xa7\xe5\x87\xba\xe6\x8c\x87\xe6\xa0\x87"\nlevel2 = "11"\nname = "x"\n'
                    b'period = ">=1"\nannual = ">=1"\n',
}

scalars = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=None).map(lambda d: float(d) if abs(d) < Decimal("1e300") else 1e300),
    st.booleans(),
    st.text(max_size=30),
    st.sampled_from(["u01", "p01", "../../etc", "/etc", "u01/p01", "", "\x1b[2J", "1-产出指标", "12"]),
    st.dates(),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=8)), inner, max_size=4),
), max_leaves=12)
tables = st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=8)), values, max_size=6)


def toml_bytes(table: dict) -> bytes:
    try:
        return tomlkit.dumps(table).encode("utf-8", "surrogatepass")
    except Exception:  # noqa: BLE001  (tomlkit cannot write some of what hypothesis makes: not ours)
        return b""


@FUZZ
@given(st.sampled_from(sorted(SEED)), st.binary(max_size=300))
def test_random_bytes_in_a_workspace_file(name, data):
    survives(read_workspace, {**SEED, name: data})


@FUZZ
@given(st.sampled_from(sorted(SEED)), tables, st.booleans())
def test_valid_toml_with_wrong_types_and_odd_keys(name, table, keep_seed):
    if keep_seed:  # the seed's keys, some of them given garbage values
        base = tomlkit.parse(SEED[name].decode("utf-8")).unwrap()
        table = {**base, **table}
    survives(read_workspace, {**SEED, name: toml_bytes(table)})


# (file, path of keys into the seed's table): where one value is replaced with garbage
PLACES = [("jixiao.toml", ("title",)), ("jixiao.toml", ("year",)), ("jixiao.toml", ("units",)),
          ("jixiao.toml", ("units", 0)), ("u01/unit.toml", ("name",)), ("u01/unit.toml", ("projects",)),
          ("u01/unit.toml", ("projects", 0)), ("u01/unit.toml", ("control",)),
          ("u01/unit.toml", ("control", "total")), ("u01/unit.toml", ("control", "fiscal")),
          ("u01/p01.toml", ("name",)), ("u01/p01.toml", ("total",)), ("u01/p01.toml", ("fiscal",)),
          ("u01/p01.toml", ("other",)), ("u01/p01.toml", ("goal",)), ("u01/p01.toml", ("indicators",)),
          ("u01/p01.toml", ("indicators", 0)), ("u01/p01.toml", ("indicators", 0, "level1")),
          ("u01/p01.toml", ("indicators", 0, "level2")), ("u01/p01.toml", ("indicators", 0, "period")),
          ("u01/p01.toml", ("indicators", 0, "name"))]


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(PLACES), values), min_size=1, max_size=3))
def test_one_value_of_a_good_workspace_replaced_with_garbage(changes):
    tables = {name: tomlkit.parse(data.decode("utf-8")).unwrap() for name, data in SEED.items()}
    for (name, path), value in changes:
        node = tables[name]
        for key in path[:-1]:
            node = node[key] if isinstance(node, dict) or (isinstance(node, list) and key < len(node)) else None
            if not isinstance(node, (dict, list)):
                break
        else:
            if isinstance(node, dict) or (isinstance(node, list) and path[-1] < len(node)):
                node[path[-1]] = value
    survives(read_workspace, {name: toml_bytes(t) for name, t in tables.items()})


@FUZZ
@given(st.dictionaries(st.sampled_from(["u01/p02.toml", "u02/unit.toml", "u02/p01.toml", "u01/x/p.toml",
                                        "codes.toml", "rules.toml", "u01/unit.toml"]),
                       st.one_of(st.binary(max_size=120), tables.map(toml_bytes)), max_size=4))
def test_extra_and_unlisted_files(extra):
    survives(read_workspace, {**SEED, **extra})


# -- the text importer ------------------------------------------------------------------------------

HEADER = "单位名称\t项目名称\t资金总额\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\t绩效指标"
cells = st.one_of(st.text(max_size=20), st.sampled_from([
    "1、1-产出指标；12-质量指标；物品入库率；实施周期指标值：≥98%；年度指标值：≥98%。",
    "17.60", "1e308", "-5", "12.345", "99999999999999999999999999999", "inf", "合计", "", "\x00", "\x1b]0;x\x07"]))
tsv_lines = st.lists(st.lists(cells, max_size=9).map("\t".join), max_size=12)


@FUZZ
@given(st.binary(max_size=400))
def test_text_import_of_random_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("text") / "表.txt"
    path.write_bytes(data)
    survives(import_text, path)


@FUZZ
@given(tsv_lines, st.booleans())
def test_text_import_of_random_tsv_like_lines(tmp_path_factory, lines, with_header):
    path = tmp_path_factory.mktemp("tsv") / "表.txt"
    path.write_text("\n".join(([HEADER] if with_header else []) + lines), "utf-8")
    survives(import_text, path)


# -- the XLSX importer ------------------------------------------------------------------------------

CONTENT_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="xml" ContentType="application/xml"/></Types>')
WORKBOOK = ('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>')
ROOT_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             'officeDocument" Target="xl/workbook.xml"/></Relationships>')

refs = st.one_of(
    st.tuples(st.sampled_from("ABCDEFGHI"), st.integers(1, 30)).map(lambda t: f"{t[0]}{t[1]}"),
    st.sampled_from(["", "A", "1", "A0", "a1", "$A$1", "A1:B2", "-A1", "AAA999999",
                     "ZZZZZZZZZZ6", "XFD1048576", "XFE1", "A1048577", "A99999999999999999999"]),
    st.text(max_size=6),
)
cell_types = st.sampled_from([None, "n", "s", "str", "inlineStr", "b", "e", "d", "zz"])


def cell_xml(ref: str, kind: str | None, value: str) -> str:
    t = f' t="{escape(kind)}"' if kind else ""
    body = f"<is><t>{escape(value)}</t></is>" if kind == "inlineStr" else f"<v>{escape(value)}</v>"
    return f'<c r="{escape(ref, {chr(34): "&quot;"})}"{t}>{body}</c>'


def workbook(rows: list[tuple[int, list[tuple[str, str | None, str]]]], strings: list[str]) -> bytes:
    sheet_rows = "".join(f'<row r="{r}">' + "".join(cell_xml(*c) for c in cs) + "</row>" for r, cs in rows)
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f"<sheetData>{sheet_rows}</sheetData></worksheet>")
    sst = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        z.writestr("xl/sharedStrings.xml", sst)
    return buf.getvalue()


xml_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=15)
header_row = [(f"{c}1", "inlineStr", h) for c, h in zip("ABCDEFGH", HEADER.split("\t"))]
sheet_rows = st.lists(
    st.tuples(st.integers(1, 40), st.lists(st.tuples(refs, cell_types, st.one_of(xml_text, cells.map(
        lambda s: "".join(ch for ch in s if ch >= " " or ch in "\t\n")))), max_size=9)),
    max_size=8)


def import_bytes(folder: Path, data: bytes) -> None:
    path = folder / "表.xlsx"
    path.write_bytes(data)
    import_xlsx(path)


@FUZZ
@given(st.binary(max_size=400), st.booleans())
def test_xlsx_import_of_random_bytes(tmp_path_factory, data, zip_magic):
    survives(import_bytes, tmp_path_factory.mktemp("xlsx"), (b"PK\x03\x04" if zip_magic else b"") + data)


@FUZZ
@given(sheet_rows, st.lists(xml_text, max_size=5), st.booleans())
def test_xlsx_import_of_random_cells_and_refs(tmp_path_factory, rows, strings, with_header):
    rows = ([(1, header_row)] if with_header else []) + rows
    survives(import_bytes, tmp_path_factory.mktemp("xlsx"), workbook(rows, strings))
