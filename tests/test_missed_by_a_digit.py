"""A target missed in the 13th decimal never reads as met or as equal (attacker trial 3, README: "a figure
is shown with more digits rather than look equal to a threshold it missed"; display rounding never changes
a status or hides a change). Every expected string below is worked out by hand in its comment.

The root: 精确比重 (%) ≥ 12.3456789012345 in 2022, +0.0000000001pp in 2023; 精确金额 (亿元) ≥ 1234.56789012345
in 2022 and ≥ 1234.56789012346 in 2023. Actuals (final years): 2022 12.3456789012344 and 1234.56789012344,
2023 12.3456789012345 and 1234.56789012345: each figure 15 significant digits, the most a figure may have."""

from __future__ import annotations

import os
import zipfile
from fractions import Fraction as F

import pytest

from conftest import write_root
from sciplan.core.numbers import distinct_places, figure_places, fmt, magnitude

TARGETS = """\
region: 测试区
indicators:
  precise: {name: 精确比重, unit: "%", kind: ratio, targets: {2022: ">= 12.3456789012345", 2023: "+0.0000000001pp"}}
  money: {name: 精确金额, unit: 亿元, targets: {2022: ">= 1234.56789012345", 2023: ">= 1234.56789012346"}}
"""
Y2022 = "year: 2022\nfinal: true\nactuals:\n  precise: 12.3456789012344\n  money: 1234.56789012344\n"
Y2023 = "year: 2023\nfinal: true\nactuals:\n  precise: 12.3456789012345\n  money: 1234.56789012345\n"


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("SCIPLAN_NO_CACHE", "1")
    return write_root(tmp_path / "root", TARGETS, {2022: Y2022, 2023: Y2023})


def _cells(run_cli, root, *args):
    out = run_cli("status", *args, "-f", "plain", "--root", str(root))
    assert out.exit_code == 0, out
    return out.stdout


def test_magnitude_and_the_digits_of_a_figure():
    assert magnitude(F("12.3")) == 1 and magnitude(F("0.05")) == -2 and magnitude(F("0.1")) == -1
    assert magnitude(F(1, 3)) == -1 and magnitude(F(999, 1000)) == -1 and magnitude(F(10**14)) == 14
    # 15 significant digits: 12.3456789012345 has 2 before the point, 13 after; 0.00123 starts at 10^-3: 17
    assert figure_places(F("12.3456789012345")) == 13
    assert figure_places(F("0.00123")) == 17
    assert figure_places(F(1234567)) == 8  # 1234567.00000000: 7 digits before the point, 8 after
    assert figure_places(F(10**14)) == 0


def test_distinct_places_widens_to_where_the_figures_differ_by_their_gap():
    a, b = F("12.3456789012344"), F("12.3456789012345")
    # at 12 decimals …234 and …235 already differ, but by 10^-12, ten times their gap of 10^-13: on to 13
    assert distinct_places(a, b, 2) == 13
    assert (fmt(a, 13), fmt(b, 13)) == ("12.3456789012344", "12.3456789012345")
    # 10.0000000000000 (13 decimals, 15 digits) and 9.99999999999999 (14 decimals): 14 tells them apart
    assert distinct_places(F(10), F("9.99999999999999"), 2) == 14


def test_status_widens_target_actual_gap_and_yoy(run_cli, root):
    text = _cells(run_cli, root, "2022")
    # 12.3456789012344 / 12.3456789012345 = 1 − 10^-13/12.3456789012345 = 99.99999999999919%: 12 decimals
    # tell it from 100; the gap 12.3456789012344 − 12.3456789012345 = −0.0000000000001 pp
    assert "≥ 12.3456789012345  12.3456789012344  99.999999999999%  -0.0000000000001pp" in text
    # 1234.56789012344 − 1234.56789012345 = −0.00000000001 (11 decimals); attainment 1 − 8.1·10^-15: 12 decimals
    assert "≥ 1234.56789012345  1234.56789012344  99.999999999999%      -0.00000000001" in text
    assert "~ 精确比重: 12.3456789012344%, 0.0000000000001 pp below the target" in text
    assert "0.00000000001亿元 short (99.999999999999%)" in text
    assert "0.000000000000" not in text.replace("0.0000000000001", "").replace("0.00000000001", "")
    text = _cells(run_cli, root, "2023")
    # threshold 12.3456789012344 + 0.0000000001 = 12.3456789013344 against 12.3456789012345: they differ
    # at the 10th decimal (…013 vs …012), by 10^-10, which is their gap −0.0000000000999 rounded to 10
    assert "+0.0000000001pp → ≥ 12.3456789013     12.3456789012     99.999999999%  -0.0000000001pp" in text
    # YoY 12.3456789012345 − 12.3456789012344 = +0.0000000000001 pp, never +0.000000000000
    assert "+0.0000000000001pp" in text
    # 精确金额 YoY: 10^-11 / 1234.56789012344 × 100 = 8.100000…·10^-13 %: two digits at the 14th decimal
    assert "+0.00000000000081%" in text


def test_chinese_shortfall_line(run_cli, root):
    text = _cells(run_cli, root, "2022", "--lang", "zh")
    assert "精确比重达12.3456789012344%，低于目标0.0000000000001个百分点" in text
    assert "差0.00000000001亿元" in text


def test_trend_average_change_is_not_zero(run_cli, root):
    out = run_cli("trend", "precise", "-f", "plain", "--root", str(root))
    assert out.exit_code == 0, out
    # (12.3456789012345 − 12.3456789012344) / 1 year = +0.0000000000001 pp a year
    assert "average change 2022–2023: +0.0000000000001 pp/yr" in out.stdout


def test_report_sentences_and_workbook(run_cli, root, tmp_path):
    import openpyxl

    out_dir = tmp_path / "rep"
    for year in ("2022", "2023"):
        done = run_cli("report", year, "--out", str(out_dir), "--root", str(root))
        assert done.exit_code == 0, done
    md = (out_dir / "测试区-2022-targets-and-results.md").read_text(encoding="utf-8")
    assert "| ≥ 12.3456789012345 | 12.3456789012344 | 99.999999999999% |" in md
    assert "精确比重 reached 12.3456789012344%, 0.0000000000001 pp below the target." in md
    md = (out_dir / "测试区-2023-targets-and-results.md").read_text(encoding="utf-8")
    assert "up 0.0000000000001 pp on last year" in md
    with zipfile.ZipFile(out_dir / "测试区-2022-targets-and-results.xlsx") as z:
        assert z.testzip() is None
    ws = openpyxl.load_workbook(out_dir / "测试区-2022-targets-and-results.xlsx")["Indicators"]
    row = {ws.cell(3, c).value: ws.cell(4, c) for c in range(1, ws.max_column + 1)}
    # threshold and actual with the 13 decimals that tell them apart, attainment with the 12 the table prints
    # (99.999999999999%, never 100.0%), the gap −10^-13 with its 13th decimal (never 0.000000)
    assert (row["Threshold"].value, row["Threshold"].number_format) == (12.3456789012345, "0." + "0" * 13)
    assert (row["Actual"].value, row["Actual"].number_format) == (12.3456789012344, "0." + "0" * 13)
    assert row["Attainment"].number_format == "0." + "0" * 12 + "%"
    assert (row["Gap"].value, row["Gap"].number_format) == (-1e-13, "0." + "0" * 13)
    trends = openpyxl.load_workbook(out_dir / "测试区-2023-targets-and-results.xlsx")["Trends"]
    header = [c.value for c in trends[3]]
    yoy = {(r[0].value, r[2].value): r[header.index("YoY")] for r in trends.iter_rows(min_row=4)}
    # 精确比重 2023: +10^-13 pp, 13 decimals; 精确金额 2023: 8.1·10^-13 %, 14 decimals (two digits)
    assert yoy[("精确比重", 2023)].number_format == "0." + "0" * 13 + '"pp"'
    assert yoy[("精确金额", 2023)].number_format == "0." + "0" * 14 + "%"


def test_flat_and_diff_show_every_digit_written(run_cli, tmp_path, monkeypatch):
    """`flat` writes a figure as written (12.3456789012344, not 12.35), and `diff` of a revision in the 13th
    decimal shows both figures whole and the change of −0.0000000000001 pp (never 0.00)."""
    from gitrepo import Repo

    repo = Repo(tmp_path / "repo")
    repo.write("targets.yaml", TARGETS)
    repo.write("data/2022.yaml", Y2022)
    repo.commit("2022")
    out = run_cli("flat", str(repo.path / "data" / "2022.yaml"))
    assert "actuals.precise = 12.3456789012344 %" in out.stdout
    repo.write("data/2022.yaml", Y2022.replace("12.3456789012344", "12.3456789012343"))
    monkeypatch.setattr(os, "environ", {**os.environ, "HOME": str(repo.path.parent / "home")})
    out = run_cli("diff", "-f", "plain", "--root", str(repo.path))
    assert out.exit_code == 0, out
    # 12.3456789012343 − 12.3456789012344 = −0.0000000000001
    assert "12.3456789012344%  12.3456789012343%  -0.0000000000001 pp" in out.stdout


def test_a_quotient_past_4300_digits_is_written_not_an_internal_error(run_cli, tmp_path, monkeypatch):
    """A formula chain c_i = c_(i-1) / b, 320 deep, with a = 1 and b = 99999999999999: (10^14 − 1)^-320 =
    10^-4480 × (1 − 10^-14)^-320 = 10^-4480 × (1 + 320·10^-14 + …) = 1.0000000000032 × 10^-4480 to 15
    significant digits. Python refuses the text of an integer of more than 4300 digits; the JSON (`exact`)
    and the widening (`magnitude`) counted digits by that text and ended in `internal error: ValueError`."""
    monkeypatch.setenv("SCIPLAN_NO_CACHE", "1")
    chain = "".join(
        f"  c{i}: {{name: 丙{i}, unit: 亿元, formula: {'a' if i == 0 else f'c{i - 1}'} / b}}\n" for i in range(320)
    )
    targets = (
        "region: 微小区\nindicators:\n  a: {name: 甲, unit: 亿元}\n  b: {name: 乙, unit: 亿元}\n"
        + chain
        + "  last: {name: 末, unit: 亿元, formula: c319 * 1, targets: {2022: '>= 0'}}\n"
    )
    root = write_root(
        tmp_path / "tiny", targets, {2022: "year: 2022\nfinal: true\nactuals: {a: 1, b: 99999999999999}\n"}
    )
    out = run_cli("status", "2022", "-f", "json", "--root", str(root))
    assert out.exit_code == 0, out
    assert '"actual": 0.' + "0" * 4479 + "10000000000032," in out.stdout
    table = run_cli("status", "2022", "-f", "plain", "--root", str(root))
    assert table.exit_code == 0, table
