"""The columns of an indicator list (指标清单) and how a province's template arranges them.

The built-in layout (``--layout indicators``) is one row per indicator::

    单位名称 | 项目名称 | 一级指标 | 二级指标 | 三级指标 |
    实施周期指标性质 | 实施周期指标值 | 实施周期度量单位 | 实施周期指标值原文 |
    年度指标性质 | 年度指标值 | 年度度量单位 | 年度指标值原文

A mapping file (``storage.published.list_file`` reads it, ``layout_from_dict`` checks it here)
picks columns by those names (plus 序号, 预算年度, the comparison codes, the definitions and 空列),
orders them, gives each its template's header, and says how categories and natures are written.
Problems come back with the TOML path they concern so the reader can name the file's line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from model.codes import CodeTable
from model.indicator_list.parts import NATURES

# column name -> what it holds (the names are the built-in headers)
PERIOD, ANNUAL = "实施周期", "年度"
SEQ, UNIT, PROJECT, YEAR, BLANK = "序号", "单位名称", "项目名称", "预算年度", "空列"
LEVEL1, LEVEL2, NAME = "一级指标", "二级指标", "三级指标"


def value_columns(which: str) -> dict[str, str]:
    """The columns of one value: role -> column name (``实施周期指标性质`` …)."""
    return {"nature": f"{which}指标性质", "value": f"{which}指标值", "unit": f"{which}度量单位",
            "text": f"{which}指标值原文", "code": f"{which}比较符代码", "definition": f"{which}计算口径"}


BUILTIN_COLUMNS: tuple[str, ...] = (
    UNIT, PROJECT, LEVEL1, LEVEL2, NAME,
    *(value_columns(PERIOD)[r] for r in ("nature", "value", "unit", "text")),
    *(value_columns(ANNUAL)[r] for r in ("nature", "value", "unit", "text")),
)
KNOWN_COLUMNS: tuple[str, ...] = (
    SEQ, UNIT, PROJECT, YEAR, LEVEL1, LEVEL2, NAME,
    *value_columns(PERIOD).values(), *value_columns(ANNUAL).values(), BLANK,
)
LEVEL_STYLES = {"label": "1-产出指标", "name": "产出指标", "code": "1", "short": "产出", "text": "照输入"}
DEADLINES = ("date", "qualitative")


@dataclass(frozen=True)
class Column:
    source: str  # one of KNOWN_COLUMNS
    header: str  # the text in the header row


@dataclass(frozen=True)
class ListLayout:
    columns: tuple[Column, ...]
    name: str = "指标清单"
    sheet: str = "指标清单"
    level1: str = "label"
    level2: str = "label"
    deadline: str = "date"
    natures: dict[str, str] = field(default_factory=dict)  # symbol -> written (for 指标性质)

    def nature_text(self, symbol: str) -> str:
        return self.natures.get(symbol, symbol) if symbol else ""

    def has(self, source: str) -> bool:
        return any(c.source == source for c in self.columns)

    def category_text(self, typed: str, codes: CodeTable, level: int) -> str:
        """A category as this layout writes it (as typed when the code table cannot read it)."""
        style = self.level1 if level == 1 else self.level2
        r = codes.resolve(typed, level)
        if style == "text" or r.category is None or r.problem is not None:
            return typed.strip()
        cat = r.category
        if style == "code":
            return cat.code
        if style == "name":
            return cat.name
        if style == "short":
            return cat.name.removesuffix("指标") or cat.name
        return cat.label


BUILTIN = ListLayout(tuple(Column(c, c) for c in BUILTIN_COLUMNS))


@dataclass(frozen=True)
class LayoutProblem:
    path: tuple[str | int, ...]  # e.g. ("columns", 3, "column"): where in the file
    message: str


def layout_from_dict(data: dict[str, Any]) -> tuple[ListLayout | None, list[LayoutProblem]]:
    """A mapping file's content checked: the layout, or None and every problem found."""
    problems: list[LayoutProblem] = []

    def bad(path: tuple[str | int, ...], message: str) -> None:
        problems.append(LayoutProblem(path, message))

    allowed = {"name", "sheet", "level1", "level2", "deadline", "natures", "columns"}
    for key in data:
        if key not in allowed:
            bad((key,), f"未知的设置「{key}」（可用：{'、'.join(sorted(allowed))}）")
    texts = {}
    for key, default in (("name", "指标清单"), ("sheet", "指标清单")):
        v = data.get(key, default)
        if not isinstance(v, str) or not v.strip():
            bad((key,), f"{key} 应为非空的文字")
        texts[key] = v if isinstance(v, str) else default
    if any(c in texts["sheet"] for c in "[]:*?/\\") or len(texts["sheet"]) > 31:
        bad(("sheet",), "工作表名称不能含 [ ] : * ? / \\，且不超过 31 个字")
    styles = {}
    for key in ("level1", "level2"):
        v = data.get(key, "label")
        if v not in LEVEL_STYLES:
            bad((key,), f"{key} 应为 " + "、".join(f"{k}（{e}）" for k, e in LEVEL_STYLES.items()) + f"，实为 {v!r}")
        styles[key] = v if v in LEVEL_STYLES else "label"
    deadline = data.get("deadline", "date")
    if deadline not in DEADLINES:
        bad(("deadline",), f"deadline 应为 date（≤ 日期）或 qualitative（定性），实为 {deadline!r}")
    natures = _natures(data.get("natures", {}), bad)
    columns = _columns(data.get("columns"), bad)
    if problems:
        return None, problems
    return ListLayout(tuple(columns), texts["name"], texts["sheet"], styles["level1"], styles["level2"],
                      deadline, natures), []


def _natures(raw: Any, bad) -> dict[str, str]:
    if not isinstance(raw, dict):
        bad(("natures",), "[natures] 应为表：\"≥\" = \"大于等于\" 这样每行一个")
        return {}
    out: dict[str, str] = {}
    for symbol, written in raw.items():
        if symbol not in NATURES:
            bad(("natures", symbol), f"[natures] 中的「{symbol}」不是指标性质（可用：{' '.join(NATURES)}）")
        elif not isinstance(written, str) or not written.strip():
            bad(("natures", symbol), f"[natures] 中「{symbol}」的写法应为非空的文字")
        else:
            out[symbol] = written.strip()
    seen: dict[str, str] = {}
    for symbol, written in out.items():
        if written in seen or (written in NATURES and written != symbol):
            bad(("natures", symbol), f"[natures] 中「{symbol}」写作「{written}」，与「{seen.get(written, written)}」"
                                     "相同，导入时无法区分")
        seen[written] = symbol
    return out


def _columns(raw: Any, bad) -> list[Column]:
    if not isinstance(raw, list) or not raw:
        bad(("columns",), "缺少 [[columns]]：每一列写一个 [[columns]]，其中 column = \"项目名称\" 这样的列名"
                          "和 header = \"表头文字\"")
        return []
    columns: list[Column] = []
    used: dict[str, int] = {}
    headers: dict[str, int] = {}
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            bad(("columns", i), f"第 {i + 1} 个 [[columns]] 应为表")
            continue
        for key in item:
            if key not in ("column", "header"):
                bad(("columns", i, key), f"第 {i + 1} 列：未知的设置「{key}」（可用：column、header）")
        source = item.get("column")
        if source not in KNOWN_COLUMNS:
            bad(("columns", i, "column") if "column" in item else ("columns", i),
                f"第 {i + 1} 列：column = {source!r} 不是可用的列（可用：{'、'.join(KNOWN_COLUMNS)}）")
            continue
        header = item.get("header", source)
        if not isinstance(header, str) or not header.strip():
            bad(("columns", i, "header"), f"第 {i + 1} 列：header 应为非空的文字")
            continue
        if source != BLANK and source in used:
            bad(("columns", i, "column"), f"第 {i + 1} 列：「{source}」已是第 {used[source] + 1} 列")
        if header.strip() in headers:
            bad(("columns", i, "header"), f"第 {i + 1} 列：表头「{header.strip()}」与第 {headers[header.strip()] + 1} 列相同，"
                                          "导入时无法区分")
        used.setdefault(source, i)
        headers.setdefault(header.strip(), i)
        columns.append(Column(source, header.strip()))
    if columns and PROJECT not in used:
        bad(("columns",), "缺少「项目名称」列：没有它，清单中的指标不知道属于哪个项目")
    if columns and NAME not in used:
        bad(("columns",), "缺少「三级指标」列")
    return columns
