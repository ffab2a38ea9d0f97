"""`sciplan plan`: the yearly rate still needed from the latest whole year to the end target (new-user
trial 3: 有效期内高企 118 (2022) → 200 (2025) showed only 所需年均增速 +19.23% = (200/118)^(1/3) − 1, the
baseline's; from the latest 128 (2023) it needs (200/128)^(1/2) − 1 = +25.0% a year). The baseline's rate
stays (SPEC 5.4: the progress measure's ratio, observed / required, both from the baseline, as Open SDG
takes them), labelled as such; the rate from the latest year is its own column, field and workbook column.
Expected values are worked by hand in the comments."""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest

from conftest import write_root

TARGETS = """\
region: 清水县
indicators:
  hightech_total: {name: 有效期内高企, unit: 家, kind: stock}
  rd: {name: 研发投入强度, unit: "%", kind: ratio}
  firms: {name: 科技型中小企业, unit: 家, kind: stock}
plans:
  - id: p2025
    name: 三年行动计划（2023—2025）
    baseline: 2022
    end: 2025
    targets: {hightech_total: ">= 200", rd: ">= 3.0", firms: ">= 300"}
"""
Y2022 = "year: 2022\nfinal: true\nactuals: {hightech_total: 118, rd: 2.4, firms: 250}\n"
Y2023 = "year: 2023\nfinal: true\nactuals: {hightech_total: 128, rd: 2.5, firms: 310}\n"


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("SCIPLAN_NO_CACHE", "1")
    return write_root(tmp_path / "root", TARGETS, {2022: Y2022, 2023: Y2023})


def _rows(run_cli, root, *args):
    out = run_cli("plan", "-f", "json", "--root", str(root), *args)
    assert out.exit_code == 0, out
    return {i["id"]: i for i in json.loads(out.stdout)["plans"][0]["indicators"]}


def test_the_rate_needed_from_the_latest_year(run_cli, root):
    rows = _rows(run_cli, root)
    ht = rows["hightech_total"]
    # from the baseline: (200/118)^(1/3) − 1 = 19.229…%; from 2023: (200/128)^(1/2) = (25/16)^(1/2) = 5/4: 25%
    assert ht["required_rate"] == pytest.approx(19.2292, abs=1e-4)
    assert ht["needed_rate"] == 25.0
    # a ratio in pp: (3.0 − 2.4)/3 = 0.2 pp a year from the baseline, (3.0 − 2.5)/2 = 0.25 from 2023
    assert (rows["rd"]["required_rate"], rows["rd"]["needed_rate"], rows["rd"]["rate_unit"]) == (0.2, 0.25, "pp")
    # 310 ≥ 300 already: achieved, nothing more needed
    assert rows["firms"]["category"] == "achieved" and rows["firms"]["needed_rate"] is None


def test_exact_root_and_the_end_year(tmp_path, monkeypatch):
    """The rate is exact when its root is rational (5/4), from core.roots to 60 decimals when not:
    (200/130)^(1/2) = (20/13)^(1/2) = 1.2403473458…; none once the latest year is the end year."""
    from sciplan.app.loader import load_checked
    from sciplan.compute.plans import evaluate_plan

    root = write_root(tmp_path / "r", TARGETS, {2022: Y2022, 2023: Y2023})
    project = load_checked(root, use_cache=False)[0]
    assert project is not None
    rows = {r.indicator.id: r for r in evaluate_plan(project, project.catalogue.plans[0]).rows}
    assert rows["hightech_total"].needed_rate == F(25)  # exactly 25, not a float near it
    assert rows["rd"].needed_rate == F(1, 4)
    (root / "data" / "2023.yaml").write_text(Y2023.replace("128", "130"), encoding="utf-8")
    project = load_checked(root, use_cache=False)[0]
    rows = {r.indicator.id: r for r in evaluate_plan(project, project.catalogue.plans[0]).rows}
    assert abs(rows["hightech_total"].needed_rate - F("24.03473458")) < F(1, 10**8)
    (root / "data" / "2025.yaml").write_text(Y2023.replace("2023", "2025"), encoding="utf-8")
    project = load_checked(root, use_cache=False)[0]
    rows = {r.indicator.id: r for r in evaluate_plan(project, project.catalogue.plans[0]).rows}
    assert rows["hightech_total"].latest_year == 2025 and rows["hightech_total"].needed_rate is None


def test_both_rates_are_labelled_in_both_languages(run_cli, root):
    out = run_cli("plan", "-f", "plain", "--root", str(root))
    assert "Needed/yr from baseline" in out.stdout and "Needed/yr from latest" in out.stdout
    assert "+19.23%" in out.stdout and "+25.00%" in out.stdout and "+0.25pp" in out.stdout
    zh = run_cli("plan", "-f", "plain", "--root", str(root), "--lang", "zh")
    assert "基期起所需年均" in zh.stdout and "今后所需年均" in zh.stdout
    assert "+0.25个百分点" in zh.stdout


def test_report_plan_table_and_sheet(run_cli, root, tmp_path):
    import openpyxl

    out_dir = tmp_path / "rep"
    done = run_cli("report", "2023", "--out", str(out_dir), "--root", str(root), "--lang", "zh")
    assert done.exit_code == 0, done
    md = next(out_dir.glob("*.md")).read_text(encoding="utf-8")
    assert "| 基期起所需年均增速 | 今后所需年均增速 |" in md
    # the report prints every % rate with one decimal, as table 1's 同比 (issue 22 item 4): the +19.23%
    # and +25.00% that `plan` prints above read +19.2% and +25.0% in the document
    assert "| +19.2% | +25.0% |" in md
    ws = openpyxl.load_workbook(next(out_dir.glob("*.xlsx")))["计划"]
    header = [c.value for c in ws[3]]
    col = header.index("今后所需年均增速")
    values = {r[1].value: r[col].value for r in ws.iter_rows(min_row=4)}
    assert values["有效期内高企"] == 0.25  # 25% as the spreadsheet's percent
