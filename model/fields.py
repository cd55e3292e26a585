"""The columns of the table and their published names (plain data, no pydantic: the editor's
first screen uses them before the models are loaded)."""

from __future__ import annotations

# Funding columns in table order: (field, published header).
FUNDING: tuple[tuple[str, str], ...] = (
    ("total", "总计"),
    ("fiscal", "财政拨款"),
    ("special", "财政专户拨款"),
    ("other", "其他资金"),
)
SOURCES: tuple[str, ...] = ("fiscal", "special", "other")
FUNDING_LABELS: dict[str, str] = dict(FUNDING)

INDICATOR_LABELS: dict[str, str] = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "period": "实施周期指标值",
    "annual": "年度指标值",
}
PROJECT_LABELS: dict[str, str] = {"name": "项目名称", "goal": "绩效目标", **FUNDING_LABELS, "indicators": "绩效指标"}

# the fields of a project a form or a bulk change edits, besides its indicators
PROJECT_FIELDS: tuple[str, ...] = ("name", "goal", *(k for k, _ in FUNDING))
