"""各板块完成情况 and 与周边地区比较 in the year's report: the demo's 2021 figures, computed by hand.

targets.yaml splits 2021's 新认定高企 25/15/10 and 孵化器项目 25/15/10 over the three 板块; data/2021.yaml
has them at 30/22/12 and 20/12/6: 完成率 120.0%, 146.7% (22/15), 120.0%; 80.0%, 80.0%, 60.0%. The targets
are split, so the units rank by 完成率 (issue 21): 2, 1, 2 (a tie shares its rank); 1, 1, 3.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO
from sciplan.core.i18n import language, set_language

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")

ROWS = [
    ["新认定国家高新技术企业", "泰兴高新区", "≥ 25", "30", "120.0%", "2/3", "已报送"],
    ["新认定国家高新技术企业", "泰兴经济开发区", "≥ 15", "22", "146.7%", "1/3", "已报送"],
    ["新认定国家高新技术企业", "黄桥经济开发区", "≥ 10", "12", "120.0%", "2/3", "已报送"],
    ["孵化器新招引科技项目", "泰兴高新区", "≥ 25", "20", "80.0%", "1/3", "已报送"],
    ["孵化器新招引科技项目", "泰兴经济开发区", "≥ 15", "12", "80.0%", "1/3", "已报送"],
    ["孵化器新招引科技项目", "黄桥经济开发区", "≥ 10", "6", "60.0%", "3/3", "已报送"],
]
# 12 / 10 = 120.0%, the same as 泰兴高新区's 30 / 25 = 120.0%: both 2nd (the table's 2/3, 2/3), a tie
SENTENCE = (
    "黄桥经济开发区完成新认定国家高新技术企业12家，完成分解目标的120.0%，并列各板块第2；"
    "孵化器新招引科技项目6个，完成分解目标的60.0%，列各板块第3。"
)


@pytest.fixture(autouse=True)
def _keep_language():
    before = language()
    yield
    set_language(before)


@pytest.fixture
def zh2021(run_cli, tmp_path) -> Path:
    result = run_cli("report", "2021", "--root", str(REPO), "--out", str(tmp_path), "--lang", "zh")
    assert result.exit_code == 0, result
    return tmp_path


def test_word_has_the_unit_table_and_a_sentence_per_unit(zh2021):
    document = docx.Document(zh2021 / "泰兴市-2021-指标完成情况.docx")
    paragraphs = [p.text.replace("\u2060", "") for p in document.paragraphs]  # without the word joiners
    assert "（一）各板块完成情况" in paragraphs and "（二）与周边地区比较" in paragraphs
    assert SENTENCE in paragraphs
    assert any(
        p.startswith("泰兴经济开发区完成新认定国家高新技术企业22家，完成分解目标的146.7%，列各板块第1")
        for p in paragraphs
    )
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    units = next(t for t in tables if t[0][:2] == ["指标", "板块"])
    assert units[0] == ["指标", "板块", "分解目标", "完成", "完成率", "板块位次", "报送情况"]
    assert units[1:] == ROWS
    peers = next(t for t in tables if t[0][:2] == ["指标", "地区"])
    # 有效期内高企 2021: 兴化市 262, 泰兴市 258, 靖江市 251
    assert [r[1:4] for r in peers[1:4]] == [
        ["兴化市", "262家", "1/3"],
        ["泰兴市", "258家", "2/3"],
        ["靖江市", "251家", "3/3"],
    ]


def test_markdown_and_html_have_the_units(zh2021):
    md = (zh2021 / "泰兴市-2021-指标完成情况.md").read_text(encoding="utf-8")
    assert "### （一）各板块完成情况" in md and SENTENCE in md
    assert "| 新认定国家高新技术企业 | 泰兴经济开发区 | ≥ 15 | 22 | 146.7% | 1/3 | 已报送 |" in md
    page = (zh2021 / "泰兴市-2021-指标完成情况.html").read_text(encoding="utf-8")
    assert page.count('<svg class="units-chart"') == 2  # a chart per indicator across the units
    assert "<title>新认定国家高新技术企业（家）</title>" in page
    assert SENTENCE in page


def test_workbook_has_a_sheet_of_the_units_with_numbers(zh2021):
    wb = openpyxl.load_workbook(zh2021 / "泰兴市-2021-指标完成情况.xlsx")
    ws = wb["各板块"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "泰兴市2021年科技工作主要指标完成情况（各板块）"  # the workbook's title rows, then the header
    rows = rows[next(i for i, r in enumerate(rows) if r[0] == "指标") :]
    assert rows[0][:7] == ["指标", "板块", "单位", "分解目标", "目标值", "完成", "完成率"]
    assert rows[2][:7] == ["新认定国家高新技术企业", "泰兴经济开发区", "家", "≥ 15", 15, 22, pytest.approx(22 / 15)]
    rank = rows[0].index("板块位次")
    assert [r[rank] for r in rows[1:]] == [2, 1, 2, 1, 1, 3]  # rank among the units, by 完成率


def test_unit_word_and_english(tmp_path, run_cli):
    root = tmp_path / "root"
    shutil.copytree(REPO / "data", root / "data")
    plan = (
        (REPO / "targets.yaml")
        .read_text(encoding="utf-8")
        .replace("region: 泰兴市\n", "region: 泰兴市\nunit_word: 分中心\n")
    )
    (root / "targets.yaml").write_text(plan, encoding="utf-8")
    assert run_cli("report", "2021", "--root", str(root), "--out", str(tmp_path / "zh"), "--lang", "zh").exit_code == 0
    md = (tmp_path / "zh" / "泰兴市-2021-指标完成情况.md").read_text(encoding="utf-8")
    assert "### （一）各分中心完成情况" in md and "列各分中心第3" in md
    assert "| 指标 | 分中心 | 分解目标 |" in md
    assert run_cli("report", "2021", "--root", str(root), "--out", str(tmp_path / "en"), "--lang", "en").exit_code == 0
    en = (tmp_path / "en" / "泰兴市-2021-targets-and-results.md").read_text(encoding="utf-8")
    assert "### (1) Results by sub-unit" in en
    assert (
        "黄桥经济开发区: 新认定国家高新技术企业 12 家, 120.0% of its share of the target, "
        "tied 2 among the sub-units; "
        "孵化器新招引科技项目 6 个, 60.0% of its share of the target, ranked 3 among the sub-units." in en
    )
