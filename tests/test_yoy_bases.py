"""What a figure of a year under way is compared with, and that every sentence names it (new-user
trial 3): a ratio computed from 1–N月 sums (R&D强度 = R&D ÷ GDP) is never compared with last year's
whole year; a level compared with last year's year-end says 比上年末; a change against last year's
same month says 比上年同期. Figures below are written by hand from the files built here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sciplan.core.i18n import language, set_language

TARGETS = """\
region: 清水县
indicators:
  rd: {name: 全社会研发经费支出, unit: 亿元, kind: flow}
  gdp: {name: 地区生产总值, unit: 亿元, kind: flow}
  rdi:
    name: 全社会研发经费投入强度
    unit: "%"
    kind: ratio
    formula: rd / gdp * 100
    targets: {2024: ">= 2.5"}
  share:
    name: 高新技术产业产值占比
    unit: "%"
    kind: ratio
    targets: {2024: "+1pp"}
  firms:
    name: 有效期内高新技术企业
    unit: 家
    kind: stock
    targets: {2024: "+10%"}
"""
Y2023 = """\
year: 2023
final: true
actuals: {rd: 5.92, gdp: 245.6, share: 39.4, firms: 100}
"""
Y2024 = """\
year: 2024
final: false
as_of: 2024-09-30
actuals: {rd: 4.56, gdp: 186.4, share: 40.3, firms: 104}
"""


@pytest.fixture(autouse=True)
def _keep_language():
    before = language()
    yield
    set_language(before)


def root(tmp_path: Path, y2023: str = Y2023) -> Path:
    (tmp_path / "data").mkdir(parents=True)
    (tmp_path / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    (tmp_path / "data" / "2023.yaml").write_text(y2023, encoding="utf-8")
    (tmp_path / "data" / "2024.yaml").write_text(Y2024, encoding="utf-8")
    return tmp_path


def rows(run_cli, where: Path) -> dict[str, dict]:
    result = run_cli("status", "2024", "--root", str(where), "-f", "json")
    assert result.exit_code == 0, result
    return {r["id"]: r for r in json.loads(result.stdout)["indicators"]}


def test_a_ratio_of_year_to_date_sums_is_not_compared_with_last_years_whole(run_cli, tmp_path):
    where = root(tmp_path)
    got = rows(run_cli, where)
    # 4.56 / 186.4 × 100 = 2.446… against 2023's whole year 5.92 / 245.6 × 100 = 2.410…: 1–9月 against
    # 1–12月. Without 2023's 1–9月 inputs there is no 同比, and the base it needs is 2023年1–9月.
    assert got["rdi"]["yoy"] is None
    assert got["rdi"]["previous_period"] == "2023-09"
    # a level reported as such (share, firms) still falls back on last year's year-end level
    assert got["share"]["previous_period"] == "2023"
    assert got["firms"]["previous_period"] == "2023"
    result = run_cli("status", "2024", "--root", str(where), "--lang", "zh")
    note = next(line for line in result.stdout.splitlines() if line.startswith("同比："))
    assert note.startswith("同比：全社会研发经费支出、地区生产总值、全社会研发经费投入强度缺少2023年1–9月数据")


def test_the_ratio_compares_once_last_years_same_months_are_in(run_cli, tmp_path):
    y2023 = Y2023 + "months:\n  9: {rd: 4.2, gdp: 180.0}\n"
    got = rows(run_cli, root(tmp_path, y2023))
    # 2024: 4.56 / 186.4 × 100 = 2.44635…; 2023年1–9月: 4.2 / 180 × 100 = 2.33333…; +0.11302… pp
    assert got["rdi"]["previous_period"] == "2023-09"
    assert abs(float(got["rdi"]["yoy"]) - 0.113018) < 1e-5


def test_status_names_the_year_end_base_of_a_target_change(run_cli, tmp_path):
    result = run_cli("status", "2024", "--root", str(root(tmp_path)), "--lang", "zh")
    out = result.stdout
    # share: 40.3 − 39.4 = 0.90 pp since 2023's year-end; firms: 104 / 100 − 1 = 4.0%
    assert "较上年末提高0.90个百分点，目标提高1.00个百分点，低0.10个百分点" in out
    assert "较上年末增长4.0%，目标10%，低6.0个百分点" in out
    result = run_cli("status", "2024", "--root", str(root(tmp_path / "en")), "--lang", "en")
    assert "a rise of 0.90 pp since last year's end against a target of a rise of 1.00 pp" in result.stdout


def test_a_closed_year_says_only_on_last_year(run_cli, tmp_path):
    where = root(tmp_path)
    (where / "data" / "2024.yaml").write_text(
        "year: 2024\nfinal: true\nactuals: {rd: 6.2, gdp: 250.0, share: 40.3, firms: 104}\n", encoding="utf-8"
    )
    out = run_cli("status", "2024", "--root", str(where), "--lang", "zh").stdout
    assert "；提高0.90个百分点，目标提高1.00个百分点" in out
    assert "较上年" not in out


def report_text(run_cli, where: Path) -> str:
    out = where / "out"
    result = run_cli("report", "2024", "--root", str(where), "--out", str(out), "--lang", "zh", "--only", "md")
    assert result.exit_code == 0, result
    return next(out.glob("*.md")).read_text(encoding="utf-8")


def test_report_sentences_name_the_base_of_each_change(run_cli, tmp_path):
    y2023 = Y2023 + "months:\n  9: {share: 38.9}\n"
    text = report_text(run_cli, root(tmp_path, y2023))
    # share 1–9月 against 2023年9月末: 40.3 − 38.9 = 1.40 pp, the same period
    assert "比上年同期提高1.40个百分点" in text
    # firms (no 2023 month figure): 104 against 2023's year-end 100 = +4.0%
    assert "比上年末增长4.0%" in text
    assert "比上年提高1.40" not in text


def test_report_of_a_closed_year_keeps_its_words(run_cli, tmp_path):
    where = root(tmp_path)
    (where / "data" / "2024.yaml").write_text(
        "year: 2024\nfinal: true\nactuals: {rd: 6.2, gdp: 250.0, share: 40.3, firms: 104}\n", encoding="utf-8"
    )
    text = report_text(run_cli, where)
    # 40.3 − 39.4 = 0.90 pp; 104 / 100 − 1 = 4.0%; rdi 6.2 / 250 × 100 = 2.48 against 2.410… = +0.07 pp
    assert "比上年提高0.90个百分点" in text
    assert "同比增长4.0%" in text
    assert "比上年末" not in text and "上年同期" not in text


def test_a_figure_not_reported_this_month_gives_the_latest_earlier_one(run_cli, tmp_path):
    """R&D is reported quarterly: in the 1–10月 report R&D强度 is not '尚未报送' when 1–9月 has it."""
    where = root(tmp_path)
    (where / "data" / "2024.yaml").write_text(
        "year: 2024\nfinal: false\nas_of: 2024-10-31\nactuals: {share: 40.5, firms: 106}\n"
        "months:\n  9: {rd: 4.56, gdp: 186.4, share: 40.3, firms: 104}\n",
        encoding="utf-8",
    )
    text = report_text(run_cli, where)
    # 4.56 / 186.4 × 100 = 2.4463… → 2.45 with the ratio's two decimals
    assert "全社会研发经费投入强度2024年1–10月数据尚未报送，2024年1–9月为2.45%。" in text
    out = where / "en"
    result = run_cli("report", "2024", "--root", str(where), "--out", str(out), "--lang", "en", "--only", "md")
    assert result.exit_code == 0, result
    english = next(out.glob("*.md")).read_text(encoding="utf-8")
    assert "全社会研发经费投入强度: no January–October 2024 figure yet; January–September 2024: 2.45%." in english
