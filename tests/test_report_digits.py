"""The 公文's sentences and digits (issue 22 item 4 and the sentence findings of documents trial 4):
one figure, one set of digits everywhere in a report; a strict target's gap; the plan's warning kept
in 短板; the peers' items with their 科室. Every expected sentence is written by hand, with its
arithmetic in the comment above it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_root
from sciplan.core.i18n import language, set_language

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(autouse=True)
def _keep_language():
    before = language()
    yield
    set_language(before)


# 河湾区: a stock with a strict target and peers, a rank target, a ratio, an amount, a three-year plan
TARGETS = """\
region: 河湾区
lang: zh
near: 90
indicators:
  firms:
    name: 有效期内国家高新技术企业
    unit: 家
    kind: stock
    owner: 高新技术科
    targets: {2021: "> 260"}
  smes:
    name: 科技型中小企业评价入库
    unit: 家
    owner: 高新技术科
    targets: {2021: rank <= 1}
  share:
    name: 高新技术产业产值占规上工业产值比重
    unit: "%"
    kind: ratio
    owner: 高新技术科
    targets: {2021: ">= 47.8"}
  contract:
    name: 技术合同成交额
    unit: 亿元
    decimals: 2
    owner: 成果转化科
  rd:
    name: 全社会研发经费投入强度
    unit: "%"
    kind: ratio
plans:
  - id: action
    name: 科技创新三年行动计划（2021—2023）
    baseline: 2020
    end: 2023
    targets: {firms: ">= 330", share: ">= 50", contract: ">= 8", rd: ">= 3.0"}
"""
Y2020 = """\
year: 2020
final: true
actuals: {firms: 227, smes: 297, share: 46.8, contract: 4}
peers:
  兴化市: {firms: 221, smes: 276}
  靖江市: {firms: 213, smes: 254}
"""
Y2021 = """\
year: 2021
final: true
actuals: {firms: 258, smes: 341, share: 47.5, contract: 5}
peers:
  兴化市: {firms: 262, smes: 356}
  靖江市: {firms: 251, smes: 322}
"""


def hewan(tmp_path: Path, targets: str = TARGETS, years: dict[int, str] | None = None) -> Path:
    return write_root(tmp_path / "root", targets, years or {2020: Y2020, 2021: Y2021})


def report(run_cli, where: Path, year: str = "2021", *extra: str) -> dict[str, Path]:
    out = where / "out"
    result = run_cli("report", year, "--root", str(where), "--out", str(out), *extra)
    assert result.exit_code == 0, result
    return {p.suffix[1:]: p for p in out.iterdir() if p.suffix in (".docx", ".xlsx", ".md")}


def md_lines(out: dict[str, Path]) -> list[str]:
    return out["md"].read_text(encoding="utf-8").splitlines()


def word_text(path: Path) -> str:
    doc = docx.Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def sheet_rows(path: Path, name: str) -> list[list]:
    ws = openpyxl.load_workbook(path)[name]
    return [[c for c in row] for row in ws.iter_rows()]


# ---- 1. one figure, one set of digits --------------------------------------------------------------


def test_a_yoy_has_the_same_digits_in_table_1_the_peers_table_and_shortfalls(run_cli, tmp_path):
    out = report(run_cli, hewan(tmp_path))
    lines = md_lines(out)
    # by hand: 258 / 227 = 1.136564 → +13.7%; 兴化市 262 / 221 = 1.185520 → +18.6%;
    # 靖江市 251 / 213 = 1.178404 → +17.8%; 341 / 297 = 1.148148 → +14.8%;
    # 兴化市 356 / 276 = 1.289855 → +29.0%; 靖江市 322 / 254 = 1.267717 → +26.8%
    assert "| 1 | 有效期内国家高新技术企业 | 家 | > 260 | 258 | 99.2% | +13.7% | 接近 |" in lines
    assert "| 有效期内国家高新技术企业 | 河湾区 | 258家 | 2/3 | +13.7% | +13.7% |" in lines
    assert "| 有效期内国家高新技术企业 | 兴化市 | 262家 | 1/3 | +18.6% | +18.6% |" in lines
    assert "| 科技型中小企业评价入库 | 靖江市 | 322家 | 3/3 | +26.8% | +26.8% |" in lines
    text = "\n".join(lines)
    assert "比上年增长14.8%，低于兴化市的29.0%和靖江市的26.8%" in text
    assert "13.66" not in text and "14.81" not in text and "28.99" not in text
    word = word_text(out["docx"])
    assert "+13.7%" in word and "13.66" not in word and "18.55" not in word
    # the workbook's 对比 sheet prints the same YoY with one decimal: 1.185520 as 0.0%
    rows = sheet_rows(out["xlsx"], "对比")
    header = [c.value for c in rows[2]]
    xinghua = next(r for r in rows if r[header.index("地区")].value == "兴化市")
    assert xinghua[header.index("同比")].number_format == "0.0%"


def test_the_plans_cells_keep_the_indicators_decimals(run_cli, tmp_path):
    out = report(run_cli, hewan(tmp_path))
    lines = md_lines(out)
    # by hand: share baseline 46.8 → 46.80, latest 47.5 → 47.50, target 50 of a ratio → ≥ 50.00;
    # observed 47.5 − 46.8 = +0.70 pp a year; required over the plan's 3 years from the baseline:
    # (50 − 46.8) / 3 = 1.0667 → +1.07 pp a year
    assert "| 高新技术产业产值占规上工业产值比重（%） | 46.80 | 47.50（2021年） | ≥ 50.00 |" in "\n".join(lines)
    row = next(x for x in lines if x.startswith("| 高新技术产业产值占规上工业产值比重（%）"))
    assert "| +0.70个百分点 | +1.07个百分点 |" in row
    # contract (decimals 2): 4 → 4.00, 5 → 5.00, an amount's whole threshold whole (≥ 8, as table 1
    # writes ≥ 700 beside 655.20); progress (5 − 4) / (8 − 4) = 25.0%, time 1 / 3 = 33.3%;
    # observed 5 / 4 − 1 = +25.0%; required (8 / 4)^(1/3) − 1 = 1.259921 − 1 = +26.0% (one decimal,
    # as every rate of the report; `plan` prints +25.99%)
    assert "| 技术合同成交额（亿元） | 4.00 | 5.00（2021年） | ≥ 8 | 25.0% | 33.3% | +25.0% | +26.0% |" in "\n".join(lines)
    # firms: observed 258 / 227 − 1 = +13.7% (table 1's YoY of the same year); required
    # (330 / 227)^(1/3) − 1 = 1.132825 − 1 = +13.3%
    firms = next(x for x in lines if x.startswith("| 有效期内国家高新技术企业（家）"))
    assert "| +13.7% | +13.3% |" in firms
    # rd: no figures, its written ">= 3.0" as a ratio's threshold: ≥ 3.00
    assert "| 全社会研发经费投入强度（%） | — | — | ≥ 3.00 |" in "\n".join(lines)
    # the workbook's 计划 sheet writes the same: the text ≥ 3.00 beside the number 3 shown 0.00
    rows = sheet_rows(out["xlsx"], "计划")
    header = [c.value for c in rows[2]]
    rd = next(r for r in rows if r[header.index("指标")].value == "全社会研发经费投入强度")
    assert rd[header.index("期末目标")].value == "≥ 3.00"
    assert rd[header.index("期末目标") + 1].number_format == "0.00"
    share = next(r for r in rows if r[header.index("指标")].value == "高新技术产业产值占规上工业产值比重")
    assert share[header.index("期末目标")].value == "≥ 50.00"
