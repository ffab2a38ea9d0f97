"""How the report writes its figures, from a new user's trial (FINDINGS, new-user trial 2): a pace gap
with one decimal wherever it stands, one number of places in the 各板块 table's pace column with its
unit in the header, a whole-number 万元 target written whole whatever the figures' decimals, and the
同比 column's `—` explained under the table in all four files. Expected text written by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sciplan.core.i18n import language, set_language

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")

TARGETS = """\
region: 青溪县
units: [青溪高新区, 临湖镇, 白沙镇]
indicators:
  tech_loans:
    name: “苏科贷”发放额
    unit: 万元
    targets:
      2024: {target: ">= 8000", units: {青溪高新区: 5000, 临湖镇: 2500, 白沙镇: 500}}
"""
# 2023 is final with its whole year only: no 1–10月 figure to compare 2024's 1–10月 with
Y2023 = "year: 2023\nfinal: true\nactuals:\n  tech_loans: 7100\n"
Y2024 = """\
year: 2024
final: false
as_of: 2024-10-31
actuals:
  tech_loans: 6670.5
units:
  青溪高新区: {tech_loans: 4200.5}
  临湖镇: {tech_loans: 2050}
  白沙镇: {tech_loans: 420}
"""
NOTE = "同比：“苏科贷”发放额缺少2023年1–10月数据，无法比较"


@pytest.fixture(autouse=True)
def _keep_language():
    before = language()
    yield
    set_language(before)


@pytest.fixture
def where(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    (tmp_path / "data" / "2023.yaml").write_text(Y2023, encoding="utf-8")
    (tmp_path / "data" / "2024.yaml").write_text(Y2024, encoding="utf-8")
    return tmp_path


@pytest.fixture
def out(run_cli, where: Path) -> dict[str, Path]:
    result = run_cli("report", "2024", "--root", str(where), "--out", str(where / "out"), "--lang", "zh")
    assert result.exit_code == 0, result
    return {p.suffix[1:]: p for p in (where / "out").iterdir() if p.suffix in (".docx", ".xlsx", ".html", ".md")}


def _cells(path: Path, n: int) -> list[list[str]]:
    table = docx.Document(str(path)).tables[n]
    return [[c.text.replace("\n", " ") for c in row.cells] for row in table.rows]


def _paragraphs(path: Path) -> list[str]:
    # without the word joiners that bind a figure to its unit (report/cells.join_figures)
    return [p.text.replace("\n", "").replace("\u2060", "") for p in docx.Document(str(path)).paragraphs]


def test_a_pace_gap_has_one_decimal_and_never_reads_zero(out, run_cli, where):
    # by hand: 6670.5 / 8000 = 83.38125% against 10/12 = 83.3333%: +0.0479 pp; one decimal would
    # read +0.0 (and 高于 nothing), so one more: +0.05 — in status, the Word table and the sentence
    sentence = "1–10月“苏科贷”发放额6670.50万元，完成全年目标的83.4%，高于序时进度0.05个百分点。"
    assert sentence in _paragraphs(out["docx"])
    assert sentence in out["md"].read_text(encoding="utf-8")
    row = next(r for r in _cells(out["docx"], 0) if r[1] == "“苏科贷”发放额")
    assert row[-1] == "正常 +0.05个百分点"
    status = run_cli("status", "2024", "--root", str(where), "--lang", "zh", "--format", "markdown")
    assert "正常 +0.05个百分点" in status.stdout and "0.048" not in status.stdout
    # the workbook's number shows what the table shows
    ws = openpyxl.load_workbook(out["xlsx"])["指标完成情况"]
    header = [c.value for c in ws[3]]
    gap = ws.cell(4, header.index("与序时进度差（个百分点）") + 1)
    assert gap.number_format == '0.00"个百分点"'


def test_the_units_pace_column_has_one_number_of_places_and_its_unit_in_the_header(out):
    # by hand, against 83.3333%: 4200.5/5000 = 84.01% → +0.677 → +0.7; 2050/2500 = 82.0% → -1.333
    # → -1.3; 420/500 = 84.0% → +0.667 → +0.7 (all within 10 pp: 正常)
    units = next(t for t in (_cells(out["docx"], n) for n in range(3)) if t[0][:2] == ["指标", "板块"])
    assert units[0][5].replace(" ", "") == "序时进度（个百分点）"  # the header may break after （
    assert [r[5] for r in units[1:]] == ["正常 +0.7", "正常 -1.3", "正常 +0.7"]
    md = out["md"].read_text(encoding="utf-8")
    # ranked by 完成率 (split targets): 4200.5/5000 = 84.01%, 420/500 = 84.0%, 2050/2500 = 82.0%: 临湖镇 third
    assert "| “苏科贷”发放额 | 临湖镇 | ≥ 2500 | 2050.00 | 82.0% | 正常 -1.3 | 3/3 | 已报送 |" in md


def test_a_whole_number_target_is_written_whole_everywhere(out, run_cli, where):
    # 4200.5 gives the indicator two decimals (6670.50, 2050.00), but the plan's 8000 is 8000
    status = run_cli("status", "2024", "--root", str(where), "--lang", "zh", "--format", "markdown")
    assert "| ≥ 8000 | 6670.50 |" in status.stdout
    row = next(r for r in _cells(out["docx"], 0) if r[1] == "“苏科贷”发放额")
    assert row[4:6] == ["≥ 8000", "6670.50"]
    units = next(t for t in (_cells(out["docx"], n) for n in range(3)) if t[0][:2] == ["指标", "板块"])
    assert [r[2] for r in units[1:]] == ["≥ 5000", "≥ 2500", "≥ 500"]
    for kind in ("md", "html"):
        text = out[kind].read_text(encoding="utf-8")
        assert "8000.00" not in text and "5000.00" not in text and "≥ 500.00" not in text, kind
    ws = openpyxl.load_workbook(out["xlsx"])["指标完成情况"]
    header = [c.value for c in ws[3]]
    threshold = ws.cell(4, header.index("目标值") + 1)
    assert threshold.value == 8000 and threshold.number_format == "0"


def test_an_empty_yoy_column_is_explained_under_the_table_in_all_four_files(out):
    row = next(r for r in _cells(out["docx"], 0) if r[1] == "“苏科贷”发放额")
    assert row[7] == "—"  # 同比
    assert NOTE in _paragraphs(out["docx"])
    assert NOTE in out["md"].read_text(encoding="utf-8")
    assert NOTE in out["html"].read_text(encoding="utf-8")
    ws = openpyxl.load_workbook(out["xlsx"])["指标完成情况"]
    notes = [ws.cell(r, 1).value for r in range(6, ws.max_row + 1)]  # a blank row under the one indicator
    assert ws.cell(5, 1).value is None and NOTE in notes
    # a 公文 says why, not where to type: no data/2023.yaml in the document
    assert "months:" not in json.dumps(notes, ensure_ascii=False)
