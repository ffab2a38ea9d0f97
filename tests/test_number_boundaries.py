"""Issue 19 made the writing of numbers faster (fmt, fmt_share and fmt_change in whole numbers, JSON
rows written straight from their fields, exact_text without the Decimal in between): the digits they
write at the rounding boundaries, each worked out by hand in its comment. Rounding is half away from
zero (四舍五入), never to even and never through a float."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction as F
from typing import NamedTuple

import pytest

from sciplan.core.numbers import Exact, exact, exact_text, fmt, fmt_change, fmt_share


@pytest.mark.parametrize(
    ("x", "places", "written"),
    [
        (F("2.675"), 2, "2.68"),  # 267.5 hundredths: half, away from zero (a float reads 2.67499…: 2.67)
        (F("-2.675"), 2, "-2.68"),  # the same below zero
        (F("2.665"), 2, "2.67"),  # 266.5 hundredths: up, not to the even 2.66
        (F(1, 2), 0, "1"),
        (F(-1, 2), 0, "-1"),  # a negative half: away from zero
        (F(5, 2), 0, "3"),  # not to the even 2
        (F(-5, 2), 0, "-3"),
        (F("-0.005"), 2, "-0.01"),  # -0.5 hundredths: -1 hundredth
        (F("-0.004"), 2, "-0.004"),  # -0.4 hundredths reads -0.00: one more place, -4 thousandths
        (F("999999999999999.995"), 2, "1000000000000000.00"),  # 99999999999999999.5 hundredths: up
        (F("-999999999999999.995"), 2, "-1000000000000000.00"),
        (F(10**16 + 5, 10), 0, "1000000000000001"),  # 10^15 + 0.5: up
        (F(10**15) + F(1, 3), 2, "1000000000000000.33"),  # 0.333… hundredths: 33
    ],
)
def test_fmt_rounds_half_away_from_zero(x, places, written):
    assert fmt(x, places) == written


def test_fmt_signs():
    assert fmt(F("0.005"), 2, sign=True) == "+0.01"  # 0.5 hundredths: 1 hundredth, a plus before it
    assert fmt(F(0), 2, sign=True) == "0.00"  # zero has no sign
    assert fmt(F("-0.005"), 2, sign=True) == "-0.01"
    assert fmt(None) == "—"


@pytest.mark.parametrize(
    ("x", "near", "written"),
    [
        (F("99.95"), None, "99.95%"),  # 999.5 tenths would read 100.0: not met, so 9995 hundredths
        (F("100.04"), None, "100.04%"),  # 1000.4 tenths would read 100.0 too: 10004 hundredths
        (F(100), None, "100.0%"),
        (F("89.95"), F(90), "89.95%"),  # 899.5 tenths read 90.0, on the near side of 90: 8995 hundredths
        (F("90.05"), F(90), "90.1%"),  # 900.5 tenths: 901, above 90 as 90.05 is
        (F("-0.05"), None, "-0.1%"),  # -0.5 tenths: away from zero
        (F(200, 3), None, "66.7%"),  # 666.66… tenths: 667
    ],
)
def test_fmt_share_never_reads_across_a_threshold(x, near, written):
    assert fmt_share(x, near=near) == written


@pytest.mark.parametrize(
    ("x", "places", "written"),
    [
        (F("-1.45"), 1, "-1.5"),  # -14.5 tenths: -15, two digits shown
        (F("1.45"), 1, "+1.5"),
        (F("0.0004"), 1, "+0.0004"),  # 0.004 tenths, 0.04 hundredths, 0.4 thousandths read 0: exact at 4
        (F(1, 3), 1, "+0.33"),  # 3 tenths is one digit: 33 hundredths has two
        (F(-1, 3), 1, "-0.33"),
        (F("-0.05"), 1, "-0.05"),  # -0.5 tenths would read -0.1: not exact and one digit, so -5 hundredths
    ],
)
def test_fmt_change_keeps_a_change_in_sight(x, places, written):
    assert fmt_change(x, places) == written


def test_fmt_change_of_nothing():
    assert fmt_change(None, 1) == "—"
    assert fmt_change(None, 1, missing="") == ""


@pytest.mark.parametrize(
    ("x", "point", "written"),
    [
        (F("2.675"), False, "2.675"),  # terminating: every digit, no rounding at all
        (F(-1, 2), False, "-0.5"),
        (F(-1, 2), True, "-0.5"),
        (F(-5, 2), False, "-2.5"),
        (F(10**15), True, "1000000000000000.0"),  # a rate: always a point
        (F("99999999999999.99"), False, "99999999999999.99"),  # 16 digits written, all kept
        (F(-200, 11), False, "-18.1818181818182"),  # -18.18181818181818…: 15 digits, the 16th an 8: up
        (F(2, 3), False, "0.666666666666667"),  # 0.6666…: 15 sixes, the 16th a 6: up
        (F(10**16 + 1, 3), False, "3333333333333330"),  # 3333333333333333.67: 15 digits, the 16th a 3: down
        # 2^-60 = 8.67361737988403547…e-19, 60 decimals (more than 40): 15 digits, then 547…: up
        (F(1, 2**60), False, "0.000000000000000000867361737988404"),
        (F(-1, 2**60), False, "-0.000000000000000000867361737988404"),
    ],
)
def test_exact_text_is_the_text_of_exact(x, point, written):
    assert exact_text(x, point=point) == written
    made = exact(x, point=point)
    assert (str(made) if type(made) is int else format(made, "f")) == written


def test_a_whole_number_stays_an_int():
    assert exact(F(10**15)) == 10**15 and type(exact(F(10**15))) is int
    assert exact_text(F(10**15)) == "1000000000000000"
    assert type(exact(F(-5, 2))) is Exact


class _Inner(NamedTuple):
    whole: F
    third: F


class _Cell(NamedTuple):
    value: F
    rate: F | None
    name: str
    ok: bool
    count: int
    inner: _Inner | None
    extra: Decimal
    shown: dict = {}  # noqa: RUF012 - people's texts: never in JSON


def test_json_rows_are_written_straight_from_their_fields():
    from sciplan.render.json import dumps
    from sciplan.views import FLOATS, Each

    FLOATS[_Cell] = ("rate",)
    rows = [
        _Cell(F("2.675"), F(-1, 2), '“引号” "quoted"', True, 3, _Inner(F(10**15), F(2, 3)), Decimal("5.0")),
        _Cell(F(-5, 2), F(172), "", False, -1, None, Decimal("-0.125")),
        _Cell(F(1, 2**60), None, "x", False, 0, None, Decimal("1E+2")),
    ]
    expected = """{
  "rows": [
    {
      "value": 2.675,
      "rate": -0.5,
      "name": "“引号” \\"quoted\\"",
      "ok": true,
      "count": 3,
      "inner": {
        "whole": 1000000000000000,
        "third": 0.666666666666667
      },
      "extra": 5
    },
    {
      "value": -2.5,
      "rate": 172.0,
      "name": "",
      "ok": false,
      "count": -1,
      "inner": null,
      "extra": -0.125
    },
    {
      "value": 0.000000000000000000867361737988404,
      "rate": null,
      "name": "x",
      "ok": false,
      "count": 0,
      "inner": null,
      "extra": 100
    }
  ]
}"""
    assert dumps({"rows": Each(rows, lambda row: row, rows=True)}) == expected
    # the same rows made into JSON values first (as_json), as the writer wrote them before
    assert dumps({"rows": list(Each(rows, lambda row: row, rows=True))}) == expected


def test_json_and_csv_never_make_the_notes(monkeypatch):
    """The notes under a scorecard (its shortfalls in words) are for people: JSON and CSV never make them."""
    import sciplan.api as sp
    import sciplan.views.status as status_view
    from conftest import REPO

    def refuse(*args, **kwargs):
        raise AssertionError("a note made for JSON")

    monkeypatch.setattr(status_view, "shortfall", refuse)
    table = sp.scorecard(REPO, 2022, use_cache=False)
    assert table.json()["indicators"]
    with pytest.raises(AssertionError, match="a note made for JSON"):
        list(table.view.notes)  # a table shows them
