"""The documents' wording as a 科长 reads it (issue 22, what the trials found after the first round):
a ratio's change in percentage points with the ratio's own decimals; one threshold, one value in
every output; the target column showing the target, not the plan's whole sentence again; words, not
marks, in the workbook's 各板块 sheet; `status`'s 短板 saying what the report's 短板 says. Every
expected sentence below is computed by hand in the comment above it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO
from sciplan.core.i18n import language, set_language

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(autouse=True)
def _keep_language():
    before = language()
    yield
    set_language(before)


# 青溪县, as the new-user trial set it up: `lang: zh` in targets.yaml (no --lang anywhere below)
TARGETS = """\
region: 青溪县
lang: zh
near: 90
indicators:
  rd_expenditure: {name: 全社会研发经费支出, unit: 亿元}
  gdp: {name: 地区生产总值, unit: 亿元}
  rd_intensity:
    name: 全社会研发经费投入强度
    unit: "%"
    kind: ratio
    formula: rd_expenditure / gdp * 100
    targets: {2024: ">= 2.8"}
  tech_contract_value:
    name: 技术合同成交额
    unit: 亿元
    targets: {2024: 技术合同成交额增长15%以上}
  new_firms:
    name: 新招引科技型企业
    unit: 家
    targets: {2024: 120}
"""
Y2023 = """\
year: 2023
final: true
actuals: {rd_expenditure: 5.75, gdp: 213.95, tech_contract_value: 12.5, new_firms: 100}
months:
  9: {rd_expenditure: 5.75, gdp: 213.95, tech_contract_value: 8.0, new_firms: 70}
"""
OPEN = """\
year: 2024
final: false
as_of: 2024-09-30
actuals: {rd_expenditure: 6.5, gdp: 248.5, tech_contract_value: 8.80, new_firms: 96}
"""
FINAL = """\
year: 2024
final: true
actuals: {rd_expenditure: 9.3, gdp: 338, tech_contract_value: 9.05, new_firms: 130}
"""


def qingxi(tmp_path: Path, year_2024: str) -> Path:
    (tmp_path / "data").mkdir(parents=True)
    (tmp_path / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    (tmp_path / "data" / "2023.yaml").write_text(Y2023, encoding="utf-8")
    (tmp_path / "data" / "2024.yaml").write_text(year_2024, encoding="utf-8")
    return tmp_path


def report(run_cli, where: Path, *extra: str) -> dict[str, Path]:
    out = where / "out"
    result = run_cli("report", "2024", "--root", str(where), "--out", str(out), *extra)
    assert result.exit_code == 0, result
    return {p.suffix[1:]: p for p in out.iterdir() if p.suffix in (".docx", ".xlsx", ".md")}


def paragraphs(path: Path) -> list[str]:
    return [p.text.replace("\u2060", "") for p in docx.Document(str(path)).paragraphs]  # without the word joiners


def word_row(path: Path, name: str) -> list[str]:
    table = docx.Document(str(path)).tables[0]
    rows = [[c.text.replace("\n", " ") for c in row.cells] for row in table.rows]
    return next(r for r in rows if r[1] == name)


# ---- a ratio's change in pp with the ratio's own decimals ---------------------------------------


def test_a_ratios_change_has_the_ratios_decimals_at_the_years_end(run_cli, tmp_path):
    where = qingxi(tmp_path, FINAL)
    # by hand: 9.3 / 338 × 100 = 2.75148%, prints 2.75%; 2.8 − 2.75148 = 0.04852 → 0.05 pp below;
    # 2023: 5.75 / 213.95 × 100 = 2.68754%; 2.75148 − 2.68754 = +0.06394 → 0.06 pp up (never 0.049, 0.064)
    out = report(run_cli, where)
    sentence = "全社会研发经费投入强度达2.75%，低于目标0.05个百分点，比上年提高0.06个百分点。"
    assert sentence in paragraphs(out["docx"])
    assert sentence in out["md"].read_text(encoding="utf-8")
    assert "| ≥ 2.80 | 2.75† | 98.3% | +0.06个百分点 | 接近 |" in out["md"].read_text(encoding="utf-8")
    status = run_cli("status", "2024", "--root", str(where), "-f", "plain").stdout
    assert "-0.05个百分点" in status and "+0.06个百分点" in status
    assert "0.049" not in status and "0.064" not in status


def test_a_ratios_change_has_the_ratios_decimals_in_a_year_under_way(run_cli, tmp_path):
    where = qingxi(tmp_path, OPEN)
    # by hand: 6.5 / 248.5 × 100 = 2.61569%; against 2023年1–9月's 5.75 / 213.95 × 100 = 2.68754%:
    # −0.07185 → down 0.07 pp on the same period (比上年同期); 2.8 − 2.61569 = 0.18431 → 0.18 pp below
    out = report(run_cli, where)
    sentence = "截至2024年9月30日，全社会研发经费投入强度达2.62%，低于目标0.18个百分点，比上年同期下降0.07个百分点。"
    assert sentence in paragraphs(out["docx"])
    assert word_row(out["docx"], "全社会研发经费投入强度")[7] == "-0.07个百分点"
    ws = openpyxl.load_workbook(out["xlsx"])["指标完成情况"]
    header = [c.value for c in ws[3]]
    (row,) = [r for r in ws.iter_rows(min_row=4) if r[header.index("指标")].value == "全社会研发经费投入强度"]
    assert row[header.index("同比")].number_format == '0.00"个百分点"'  # -0.07个百分点, as the table


def test_a_tiny_change_in_pp_never_reads_zero():
    from fractions import Fraction

    from sciplan.core.numbers import fmt_points

    # by hand: 0.004 pp at two decimals would read 0.00; it reads 0.004 (and 0.0718 reads 0.07)
    assert fmt_points(Fraction(4, 1000), 2) == "+0.004"
    assert fmt_points(Fraction(-718, 10000), 2) == "-0.07"
    assert fmt_points(Fraction(-718, 10000), 2, sign=False) == "-0.07"
    assert fmt_points(Fraction(5, 1000), 2, sign=False) == "0.01"  # half away from zero


# ---- one threshold, one value -------------------------------------------------------------------


@pytest.mark.parametrize("year_2024", [OPEN, FINAL], ids=["september", "year-end"])
def test_a_threshold_has_one_value_everywhere(run_cli, tmp_path, year_2024):
    where = qingxi(tmp_path, year_2024)
    # by hand: 增长15%以上 on 2023's 12.5亿元 is 12.5 × 1.15 = 14.375亿元 exactly; 8.80 / 14.375 = 61.2%,
    # 9.05 / 14.375 = 62.96% → 63.0% (14.38 would give 62.9%): 14.375 in every output, both months
    threshold = "增长15%以上 → ≥ 14.375"
    status = run_cli("status", "2024", "--root", str(where), "-f", "plain").stdout
    trend = run_cli("trend", "tech_contract_value", "--root", str(where), "-f", "plain").stdout
    assert threshold in status and threshold in trend
    assert "14.38" not in status and "14.38" not in trend
    out = report(run_cli, where)
    assert word_row(out["docx"], "技术合同成交额")[3 if year_2024 == FINAL else 4] == threshold
    md = out["md"].read_text(encoding="utf-8")
    assert threshold in md and "14.38" not in md
    ws = openpyxl.load_workbook(out["xlsx"])["指标完成情况"]
    header = [c.value for c in ws[3]]
    (row,) = [r for r in ws.iter_rows(min_row=4) if r[header.index("指标")].value == "技术合同成交额"]
    assert row[header.index("目标")].value == threshold
    assert row[header.index("目标值")].value == 14.375 and row[header.index("目标值")].number_format == "0.000"


def test_the_shortfall_sentences_print_the_tables_threshold(run_cli, tmp_path):
    where = qingxi(tmp_path, FINAL)
    # by hand: 14.375 − 9.05 = 5.325 → 5.33亿元 short; 9.05 / 12.5 − 1 = −27.6%, 15 + 27.6 = 42.6 pp below
    status = run_cli("status", "2024", "--root", str(where), "-f", "plain").stdout
    assert (
        "技术合同成交额完成9.05亿元，为目标14.375亿元的63.0%，差5.33亿元；下降27.6%，目标15%，低42.6个百分点" in status
    )
    out = report(run_cli, where)
    assert "2. 全年技术合同成交额9.05亿元，完成年度目标的63.0%，距目标14.375亿元还差5.33亿元。" in out["md"].read_text(
        encoding="utf-8"
    )


# ---- the target column shows the target ---------------------------------------------------------


def test_a_plan_sentence_target_shows_without_the_indicators_name(run_cli, tmp_path):
    where = qingxi(tmp_path, OPEN)
    out = report(run_cli, where)
    # the 指标 column says 技术合同成交额; the 目标 column the target: 增长15%以上, not the sentence again
    row = word_row(out["docx"], "技术合同成交额")
    assert row[4] == "增长15%以上 → ≥ 14.375"
    md = out["md"].read_text(encoding="utf-8")
    assert "| 技术合同成交额 | 亿元 | 2024年1–9月 | 增长15%以上 → ≥ 14.375 | 8.80 | 61.2% |" in md
    assert "技术合同成交额增长15%以上" not in md


# ---- status's 短板 says what the report's 短板 says ------------------------------------------------


def test_status_shortfalls_agree_with_the_reports_in_a_year_under_way(run_cli, tmp_path):
    where = qingxi(tmp_path, OPEN)
    # by hand: 新招引 96 / 120 = 80.0% against 75% of the year: +5.0 pp, on pace, in neither 短板;
    # 技术合同 61.2 − 75 = 13.8 pp behind, in both; the ratio as the report says it (达…，低于目标…个百分点)
    status = run_cli("status", "2024", "--root", str(where), "-f", "plain").stdout
    block = status[status.index("短板") :]
    assert "新招引科技型企业" not in block
    assert "全社会研发经费投入强度达2.62%，低于目标0.18个百分点" in block
    assert "完成2.62%，为目标" not in block
    out = report(run_cli, where)
    md = out["md"].read_text(encoding="utf-8")
    shortfalls = md[md.index("三、存在的短板和不足") :]
    assert "1. 截至2024年9月30日，全社会研发经费投入强度达2.62%，低于目标0.18个百分点。" in shortfalls
    assert "新招引科技型企业" not in shortfalls


def test_an_edited_report_is_refused_in_the_roots_language(run_cli, tmp_path):
    where = qingxi(tmp_path, OPEN)
    out = report(run_cli, where, "--only", "md")
    out["md"].write_text(out["md"].read_text(encoding="utf-8") + "\n科长的修改\n", encoding="utf-8")
    result = run_cli("report", "2024", "--root", str(where), "--out", str(where / "out"), "--only", "md")
    assert result.exit_code == 1
    assert "青溪县-2024年1-9月-指标完成情况.md 已存在，且不是 sciplan 写出的原文件" in result.stderr
    assert "already exists" not in result.stderr


# ---- words, not marks, in the workbook's 各板块 sheet -----------------------------------------------


def test_the_unit_sheet_writes_statuses_in_words(run_cli, tmp_path):
    result = run_cli("report", "2022", "--root", str(REPO), "--out", str(tmp_path), "--lang", "zh", "--only", "xlsx")
    assert result.exit_code == 0, result
    ws = openpyxl.load_workbook(next(tmp_path.glob("*.xlsx")))["各板块"]
    header = [c.value for c in ws[3]]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    statuses = {r[header.index("状态")] for r in rows}
    assert statuses <= {"完成", "接近", "未完成", "待报", "未设目标"}, statuses
    # by hand, data/2022.yaml: 泰兴高新区 5 of its 25 新认定高企 (20.0%): 未完成; 孵化器 has no split target
    first = rows[0]
    assert first[:2] == ["新认定国家高新技术企业", "泰兴高新区"] and first[header.index("状态")] == "未完成"
    assert any(r[0] == "孵化器新招引科技项目" and r[header.index("状态")] == "未设目标" for r in rows)
