"""A large, valid, deterministic workspace for benchmarks (and tests that need volume).

``generate_workspace(units=100, projects=100, seed=0)`` builds it in memory; ``write_workspace``
(or ``uv run python -m benchmarks.generate DIR``) writes it to a folder through
``storage.workspace.store.write_new_workspace``. The same seed always gives the same workspace. Every
project passes ``jixiao check`` without errors or warnings: totals add up, codes are valid, names
are unique within a unit, declared control figures equal their unit's sums, and each project has
the indicators the review rules' defaults ask for (a 数量 one, a 成本 one from 1,000 万元).
"""

from __future__ import annotations

import argparse
import random
import sys
from decimal import Decimal
from pathlib import Path

from model.workspace import Indicator, Project, Unit, Workspace

CENT = Decimal("0.01")

_UNIT_KINDS = ("数据服务中心", "职业技能鉴定指导中心", "公共就业服务中心", "社会保险基金管理中心",
               "劳动人事争议仲裁院", "人才服务管理办公室", "技师学院", "信息中心", "档案馆", "培训中心")
_DISTRICTS = ("越秀", "海珠", "荔湾", "天河", "白云", "黄埔", "番禺", "花都", "南沙", "从化", "增城", "市")
_PROJECT_TOPICS = ("基础运维", "软件运维", "网络租赁和安全运维", "信息系统升级改造", "业务用房物业管理",
                   "社保卡制发管理服务", "房屋维护维修", "机构运行辅助", "设备购置", "档案数字化",
                   "数据治理", "政务服务热线", "职业技能培训补贴", "就业见习补贴", "人才引进服务")

# (level1, level2, name stem, value pool); values are those seen in the seed (domain.md section 5)
_INDICATORS = (
    ("1-产出指标", "11-数量指标", "巡检完成率（%）", ("≥98%", "90%或以上", "100%")),
    ("1-产出指标", "11-数量指标", "服务工作报告", ("1份", "2份")),
    ("1-产出指标", "11-数量指标", "上线试运行系统个数", ("1个", "2个", "≥3种")),
    ("1-产出指标", "11-数量指标", "新增业务数据", ("10万条或以上", "1000个或以上")),
    ("1-产出指标", "12-质量指标", "合同验收通过率", ("100%", "≥95%")),
    ("1-产出指标", "12-质量指标", "季度考核评价分数", ("90分或以上", "≥90分")),
    ("1-产出指标", "13-时效指标", "支撑平台查询响应时间", ("≤5秒",)),
    ("1-产出指标", "13-时效指标", "故障处理及时率", (">95%", "≥98%")),
    ("1-产出指标", "14-成本指标", "单位运维成本控制率", ("≤100%",)),
    ("2-效益指标", "21-经济效益", "场景用户增长率", ("10%或以上", "≥5%")),
    ("2-效益指标", "22-社会效益", "全年信息系统可用率", ("99%或以上", "≥99%")),
    ("2-效益指标", "22-社会效益", "机房安全事故发生次数", ("0次",)),
    ("2-效益指标", "22-社会效益", "系统用户数（个）", ("≥1000", "≥10")),
    ("2-效益指标", "23-生态效益", "纸质材料减少率", ("≥30%",)),
    ("2-效益指标", "24-可持续影响", "系统持续运行年限", ("≥3年",)),
    ("3-满意度指标", "31-服务对象满意度", "服务对象满意度（%）", ("90%或以上", "≥90%")),
)
_COUNT = [i for i in _INDICATORS if i[1].startswith("11-")]
_COST = next(i for i in _INDICATORS if i[1].startswith("14-"))
_BENEFIT = [i for i in _INDICATORS if i[0].startswith("2-")]
COST_FROM = Decimal(1000)  # 万元: from here a project has a 成本 indicator (rule R7's default)

_GOAL = ("通过项目实施，{topic}工作有序开展，保障{unit}信息系统和业务平稳、高效运行，"
         "提高公共服务质量和水平，为本市参保人群提供高效、可靠的优质服务。")


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return (Decimal(rng.randint(low, high)) * CENT).quantize(CENT)


def _indicators(rng: random.Random, count: int, cost: bool) -> list[Indicator]:
    # a 数量 indicator (rules P1, R6), a 效益 one (P1), a 成本 one for a large project (R7),
    # names unique in the project (rule I6)
    picks = [rng.choice(_COUNT), rng.choice(_BENEFIT)] + ([_COST] if cost else [])
    rest = [i for i in _INDICATORS if i not in picks]
    picks += rng.sample(rest, count - len(picks))
    out = []
    for level1, level2, name, pool in picks:
        value = rng.choice(pool)
        out.append(Indicator(level1=level1, level2=level2, name=name, period=value, annual=value))
    return out


def _project(rng: random.Random, unit_name: str, short: str, j: int, year: int) -> Project:
    topic = rng.choice(_PROJECT_TOPICS)
    fiscal = _money(rng, 100, 2_000_000)  # 1.00 … 20,000.00 万元
    special = _money(rng, 100, 50_000) if rng.random() < 0.2 else None
    other = _money(rng, 100, 80_000) if rng.random() < 0.1 else None
    total = fiscal + (special or 0) + (other or 0)
    return Project(
        name=f"{short}{year}年{topic}项目（{j:03d}）",
        total=total, fiscal=fiscal, special=special, other=other,
        goal=_GOAL.format(topic=topic, unit=unit_name),
        indicators=_indicators(rng, rng.randint(4, 8), total >= COST_FROM),
    )


def generate_workspace(units: int = 100, projects: int = 100, seed: int = 0) -> Workspace:
    """``units`` units of ``projects`` projects each, 4–8 indicators per project."""
    rng = random.Random(seed)
    year = 2025
    ws = Workspace(department="广州市人力资源和社会保障局（基准测试）", year=year)
    uw, pw = max(2, len(str(units))), max(2, len(str(projects)))
    for i in range(1, units + 1):
        short = f"{_DISTRICTS[i % len(_DISTRICTS)]}人社{_UNIT_KINDS[i % len(_UNIT_KINDS)]}"
        name = f"广州市{short}（{i:03d}）"
        unit = Unit(id=f"u{i:0{uw}d}", name=name)
        for j in range(1, projects + 1):
            p = _project(rng, name, short, j, year)
            p.id = f"p{j:0{pw}d}"
            unit.projects.append(p)
        if i % 2:  # every other unit declares a control figure, equal to its sums
            sums = unit.sums()
            unit.control = unit.control.model_copy(update={k: (v or None) for k, v in sums.items()})
        ws.units.append(unit)
    return ws


def write_workspace(target: str | Path, units: int = 100, projects: int = 100, seed: int = 0):
    """Generate and write to an empty or missing folder; returns the ``Store``."""
    from storage.workspace.store import write_new_workspace

    return write_new_workspace(generate_workspace(units, projects, seed), target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description="生成基准测试用工作区")
    parser.add_argument("target", help="目标文件夹（必须为空或不存在）")
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--projects", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    store = write_workspace(args.target, args.units, args.projects, args.seed)
    n_units, n_projects, n_ind = store.workspace.counts()
    print(f"已生成 {n_units} 个单位、{n_projects} 个项目、{n_ind} 个指标到 {store.root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
