from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_9d9d39aff084602a.txt"
SAMPLE = ROOT / "samples" / "guangzhou-hrss-2025"

# what the review rules find in the sample (the seed's table), in the order check lists them:
# 购置经费 has no 数量指标, 25个系统 in a goal no indicator measures, a 1,011.92 万元 project
# without a 成本指标 (tests/model/test_review_rules.py)
SAMPLE_REVIEW = ["R6", "R1", "R7"]


def quiet_review(ws: Path) -> None:
    """Give a copy of the sample a rules.toml that turns off the rules of ``SAMPLE_REVIEW``: for
    tests about the editor's layout, which count on a sample without problems."""
    (ws / "rules.toml").write_text("".join(f'[{r}]\nseverity = "off"\n' for r in SAMPLE_REVIEW), "utf-8")
