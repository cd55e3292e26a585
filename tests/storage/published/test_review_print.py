"""The 修订对照表 printed through LibreOffice: A4 landscape, the header row on every page, page
numbers. Skipped where LibreOffice or poppler's tools are not installed."""

import shutil
import subprocess
from decimal import Decimal

import pytest

from model.comments import Comment
from model.diff import diff_workspaces
from model.diff.review import review_rows
from model.workspace import Indicator
from storage.published.xlsx_review import export_review, review_title
from storage.workspace.store import Store
from tests.paths import SAMPLE

pytestmark = pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdfinfo")),
                                reason="LibreOffice (soffice) and poppler-utils are needed to print")


def revised_rows():
    """Every project of the sample changed: its funding, a target value, a new indicator and a
    sentence of its goal — enough rows for several pages."""
    old = Store.open(SAMPLE).workspace
    new = old.model_copy(deep=True)
    for _, p in new.projects():
        p.total = p.fiscal = (p.total or Decimal(0)) + Decimal("1.50")
        if p.indicators:
            p.indicators[0].annual = "≥99%"
        p.indicators.append(Indicator(level1="2-效益指标", level2="22-社会效益", name="群众满意度", period="≥90%",
                                      annual="≥90%"))
        p.goal = p.goal.replace("。", "，并按季度报告进展。", 1)
    first = new.units[0].projects[0]
    first.comments = [
        Comment(author="市财政局王审核", date="2026-11-30 09:00", target="总计",
                text="总计比上年增长较多，请补充测算依据并说明与上年相比增加的原因"),
        Comment(author="市财政局王审核", date="2026-11-30 09:05", target="项目", text="请核对采购清单",
                resolved=True, resolved_by="单位李会计", resolved_date="2026-11-30 11:20"),
    ]
    return review_rows(diff_workspaces(old, new), new, old), new


def test_prints_on_a4_landscape_with_the_header_on_every_page(tmp_path):
    rows, ws = revised_rows()
    book = tmp_path / "对照表.xlsx"
    book.write_bytes(export_review(rows, review_title(ws.department, ws.year), "比较：HEAD → 工作区（未提交）"))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(book)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "对照表.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert "841.89 x 595.3" in info and "(A4)" in info  # A4, landscape (wider than tall)
    assert pages >= 2
    for n in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "序号" in text and "修改前" in text and "审核意见" in text and "说明" in text, n  # the header repeats
        assert f"第 {n} 页，共 {pages} 页" in text
    # every column on the page: nothing cut off at the right (the 说明 column is there, 变动 too)
    first = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "绩效目标修订对照表" in first and "+1.50" in first
    plain = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout  # reading order: a wrapped cell's lines one after another
    flat = "".join(plain.split())
    assert "请补充测算依据并说明与上年相比增加的原因" in flat and "（已解决：单位李会计2026-11-3011:20）" in flat
