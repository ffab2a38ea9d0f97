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
  big: {name: 大数, unit: 万元}
"""
Y2021 = "year: 2021\nfinal: true\nactuals: {firms: 11, money: 250}\n"
Y2022 = "year: 2022\nfinal: true\nactuals: {firms: 9, money: 268, big: 99999999999999.99}\n"


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
    gap −2 (a count: an integer). 贷款 268 / 300 = 89.333…%, 268 / 250 − 1 = 7.2 % exactly."""
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
