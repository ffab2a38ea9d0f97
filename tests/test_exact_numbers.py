"""CSV and JSON write exact numbers (issue 17): every digit of a figure, 15 significant digits of a
quotient that never ends, rounded half away from zero; never a binary float's approximation
(`-18.181818181818183`, `99999999999999.98`). Expected values are worked out by hand beside them."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction as F
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sciplan.core.numbers import EXACT_DIGITS, exact, terminating_places
from sciplan.render.json import dumps

TARGETS = """\
region: 测试区
indicators:
  firms: {name: 新增高企, unit: 家, targets: {2022: ">= 11"}}
  money: {name: 贷款, unit: 万元, targets: {2022: ">= 300"}}
  big: {name: 大数, unit: 万元, parts: [big_a, big_b], targets: {2022: ">= 1"}}
  big_a: {name: 大数甲, unit: 万元, targets: {2022: ">= 1"}}
  big_b: {name: 大数乙, unit: 万元}
"""
Y2021 = "year: 2021\nfinal: true\nactuals: {firms: 11, money: 250}\n"
# each figure has 15 significant digits, what a spreadsheet keeps; their sum 99999999999999.99 has 16
Y2022 = "year: 2022\nfinal: true\nactuals: {firms: 9, money: 268, big_a: 99999999999999.9, big_b: 0.09}\n"


def make_root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    (root / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    (root / "data/2021.yaml").write_text(Y2021, encoding="utf-8")
    (root / "data/2022.yaml").write_text(Y2022, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (F(-200, 11), "-18.1818181818182"),  # −18.18181818181818|18…: the 16th digit 1 rounds down
        (F(268, 3), "89.3333333333333"),
        (F(2, 3), "0.666666666666667"),  # …6|66 rounds up
        (F(1, 3000), "0.000333333333333333"),  # significant digits, not places: never 0.000333
        (F(9999999999999999, 100), "99999999999999.99"),  # terminating: every digit, 16 of them
        (F(1, 1024), "0.0009765625"),  # terminating: exact
        (F(-5, 2), "-2.5"),
        (F(41), "41"),
        (F(0), "0"),
        (F(10, 3), "3.33333333333333"),
        (F(-10, 3), "-3.33333333333333"),  # half away from zero: the same digits either side
        (F(10**16 - 1, 3 * 10**15), "3.333333333333333"),  # = 3333333333333333 / 10**15: it ends, every digit
        (F(-2, 3) * 10**20, "-66666666666666700000"),  # 15 significant digits, then zeros: no exponent
    ],
)
def test_exact_writes_the_digits(value, written):
    assert str(exact(value)) == written
    assert json.loads(dumps({"x": exact(value)}), parse_float=Decimal)["x"] == Decimal(written)
    assert dumps([exact(value)]) == f"[\n  {written}\n]"


def test_rates_carry_a_decimal_point():
    assert str(exact(F(18), point=True)) == "18.0"  # 9 / 50 = 18 %
    assert str(exact(F(-25), point=True)) == "-25.0"
    assert str(exact(F(1, 3), point=True)) == "0.333333333333333"


@given(st.fractions(min_value=F(-(10**15)), max_value=F(10**15), max_denominator=10**12).filter(lambda x: x != 0))
def test_a_quotient_is_within_half_a_unit_of_its_last_digit(x):
    """15 significant digits, half away from zero: |written − x| ≤ ½ × 10^(e − 14) where 10^e ≤ |x|."""
    written = Decimal(str(exact(x)))
    assert "E" not in str(exact(x)) and "e" not in str(exact(x))
    error = abs(F(written) - x)
    e = Decimal(abs(x.numerator)) / Decimal(x.denominator)
    place = F(10) ** (e.adjusted() - (EXACT_DIGITS - 1))
    assert error <= place / 2
    digits = format(abs(written), "f").replace(".", "").lstrip("0").rstrip("0")
    if terminating_places(x, 40) is None:  # never ends: 15 significant digits at most
        assert len(digits) <= EXACT_DIGITS
    else:  # ends (1/2**22 = 0.0000002384185791015625): every digit, exactly
        assert F(written) == x


def test_status_json_and_csv_are_exact(tmp_path, run_cli):
    """新增高企 9 against 11 last year: yoy 9 / 11 − 1 = −2/11 = −18.1818…%; attainment 9 / 11 = 81.8181…%;
    gap −2 (a count: an integer). 贷款 268 / 300 = 89.333…%, 268 / 250 − 1 = 7.2 % exactly. 大数 is the
    sum of its parts, 99999999999999.9 + 0.09 = 99999999999999.99: every digit."""
    root = make_root(tmp_path)
    text = run_cli("status", "2022", "--root", str(root), "-f", "json").stdout
    assert '"yoy": -18.1818181818182,' in text
    assert '"attainment": 81.8181818181818,' in text  # 81.81818181818181|8…
    assert '"gap": -2,' in text
    assert '"attainment": 89.3333333333333,' in text
    assert '"yoy": 7.2,' in text
    assert '"actual": 99999999999999.99,' in text
    doc = json.loads(text, parse_float=Decimal)
    big = next(i for i in doc["indicators"] if i["id"] == "big")
    assert big["actual"] == Decimal("99999999999999.99")
    rows = {
        r["id"]: r
        for r in csv.DictReader(io.StringIO(run_cli("status", "2022", "--root", str(root), "-f", "csv").stdout))
    }
    assert (rows["firms"]["yoy"], rows["firms"]["attainment"], rows["firms"]["gap"]) == (
        "-18.1818181818182",
        "81.8181818181818",
        "-2",
    )
    assert rows["big"]["actual"] == "99999999999999.99"
    assert rows["money"]["attainment"] == "89.3333333333333"


def test_trend_json_is_exact(tmp_path, run_cli):
    root = make_root(tmp_path)
    text = run_cli("trend", "firms", "--root", str(root), "-f", "json").stdout
    assert '"yoy": -18.1818181818182,' in text
    assert '"cagr": -18.1818181818182,' in text  # one year: the YoY itself


def test_json_keys_that_are_not_text_and_subclasses_are_written_as_json_dumps_writes_them():
    class Name(str):
        pass

    document = {1: Name("一"), 2.5: [True, None], None: {"x": exact(F(1, 3))}}
    assert dumps(document) == (
        '{\n  "1": "一",\n  "2.5": [\n    true,\n    null\n  ],\n  "null": {\n    "x": 0.333333333333333\n  }\n}'
    )


# ---- what a spreadsheet cannot hold (issue 17): refused in check, or written as its digits -------------


@pytest.mark.parametrize(
    ("written", "digits"),
    [
        ("99999999999999.99", 16),  # a double holds 99999999999999.984375: Excel shows 100000000000000
        ("0.1234567890123456", 16),
        ("1234567.123456789", 16),
        ("12.3456789012345678", 18),
    ],
)
def test_a_figure_of_more_digits_than_a_spreadsheet_keeps_is_refused(written, digits):
    from sciplan.validate.values import BadValue, parse_value

    with pytest.raises(BadValue) as info:
        parse_value(written, "万元")
    assert (info.value.code, str(info.value)) == (
        "out-of-range",
        f"{written} has {digits} significant digits, more than the 15 a spreadsheet keeps (Excel and WPS show 15): "
        "the report's workbook could not show it as written; round it to 15 digits",
    )


@pytest.mark.parametrize(
    "written",
    ["99999999999999.9", "9999999999999.99", "0.123456789012345", "1.50000000000000000000", "123456789012345"],
)
def test_a_figure_of_fifteen_digits_is_read(written):
    """15 significant digits (trailing zeros after the point are none), what a double and Excel keep."""
    from sciplan.validate.values import parse_value

    assert parse_value(written, "万元").value == Decimal(written)


def test_check_names_the_figure_in_both_languages(tmp_path, run_cli):
    root = make_root(tmp_path)
    (root / "data/2022.yaml").write_text(Y2022.replace("big_b: 0.09", "big_b: 99999999999999.99"), encoding="utf-8")
    en = run_cli("check", "--root", str(root)).stderr.splitlines()[0]
    assert en == (
        "data/2022.yaml:3:65: error[out-of-range]: actuals.big_b: 99999999999999.99 has 16 significant digits, "
        "more than the 15 a spreadsheet keeps (Excel and WPS show 15): the report's workbook could not show it "
        "as written; round it to 15 digits"
    )
    zh = run_cli("check", "--root", str(root), "--lang", "zh").stderr.splitlines()[0]
    assert zh.startswith("data/2022.yaml:3:65: error[out-of-range]: actuals.big_b: 99999999999999.99有16位有效数字")


def test_the_workbook_and_the_charts_hold_every_digit(tmp_path, run_cli):
    """The workbook held doubles (99999999999999.99 as …98) and the charts' data round(float(x), 6). Each
    figure now reads back as written: 99999999999999.9 a number Excel shows as written (15 digits); the
    computed sum 99999999999999.99 (16 digits, more than a double keeps) its digits as text; the chart
    data the same digits, as JSON numbers."""
    import openpyxl

    root = make_root(tmp_path)
    result = run_cli("report", "2022", "--root", str(root), "--out", str(tmp_path / "rep"), "--only", "xlsx,html")
    assert result.exit_code == 0, result
    (book,) = (tmp_path / "rep").glob("*.xlsx")
    rows = [row for ws in openpyxl.load_workbook(book).worksheets for row in ws.iter_rows(values_only=True)]
    big = next(row for row in rows if "大数" in row and 2022 not in row)  # the scorecard's row
    part = next(row for row in rows if "大数甲" in row and 2022 not in row)
    assert "99999999999999.99" in big  # text: a double would show other digits
    assert 99999999999999.9 in part  # a double that holds it as written (15 digits)
    assert not any(isinstance(c, float) and str(c).startswith("99999999999999.98") for row in rows for c in row)
    (page,) = (tmp_path / "rep").glob("*.html")
    data = page.read_text(encoding="utf-8").split('id="sciplan-data">')[1].split("</script>")[0]
    charts = json.loads(data, parse_float=Decimal)
    assert Decimal("99999999999999.99") in [v for t in charts["trends"] for v in t["actual"]]
    assert '"attainment"' in data and "81.8181818181818" in data  # 9 / 11: 15 significant digits


def test_import_names_a_text_figure_of_more_digits_as_check_does(tmp_path, run_cli):
    """A table whose cell holds the text 99999999999999.99 said "is text, not a figure" once check
    refused such a figure: it says why, at the cell, as check does."""
    root = make_root(tmp_path)
    table = tmp_path / "表.csv"
    table.write_text(
        "测试区2022年1-12月主要指标\n指标名称,计量单位,1-12月累计\n贷款,万元,99999999999999.99\n", encoding="utf-8"
    )
    result = run_cli("import", str(table), "--year", "2022", "--dry-run", "--root", str(root))
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        1,
        "表.csv!表!C3: error[import-range]: 99999999999999.99 has 16 significant digits, more than the 15 a "
        "spreadsheet keeps (Excel and WPS show 15): the report's workbook could not show it as written; round it "
        "to 15 digits",
    )
