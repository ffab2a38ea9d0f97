"""Rounding at its boundaries (issue 19): figures are rounded half away from zero (四舍五入) from
their exact value, in integers, at any magnitude. Every expected string is worked out by hand in
the comment beside it; the last test checks the integer rounding against Decimal's ROUND_HALF_UP at
a precision wide enough to be exact."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sciplan.core.numbers import (
    change_places,
    distinct_places,
    fmt,
    fmt_share,
    round_half_up,
    terminating_places,
)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (F("2.675"), 2, "2.68"),  # exactly x.xx5: up (the float 2.675 is 2.67499…, which would give 2.67)
        (F("2.665"), 2, "2.67"),  # half up, not half to even (2.66)
        (F("-2.675"), 2, "-2.68"),  # a negative half goes away from zero
        (F("-2.665"), 2, "-2.67"),
        (F("0.5"), 0, "1"),
        (F("-0.5"), 0, "-1"),  # not -0, not 0
        (F("1.5"), 0, "2"),
        (F("2.5"), 0, "3"),  # not banker's 2
        (F("-2.5"), 0, "-3"),
        (F("1.005"), 2, "1.01"),  # the float 1.005 is 1.00499…
        (F("1.0049999"), 2, "1.00"),  # just under the half: down
        (F("-1.0050001"), 2, "-1.01"),
        (F(1, 8), 2, "0.13"),  # 0.125: half, up
        (F(-1, 8), 2, "-0.13"),
        (F(1, 3), 2, "0.33"),
        (F(2, 3), 2, "0.67"),
        (F(-2, 3), 1, "-0.7"),
        (F("0.995"), 2, "1.00"),  # a half that carries into the whole
        (F("-9.995"), 2, "-10.00"),
        (F("0.004"), 2, "0.004"),  # would read 0.00: one more decimal
        (F("-0.0049"), 2, "-0.005"),  # 0.00 at 2, -0.0049 → -0.005 at 3
        (F("-0.005"), 2, "-0.01"),
        (F(0), 2, "0.00"),
        # the gap of two 15-digit figures (12.3456789012344 − 12.3456789012345): its one digit, 13th decimal
        (F(-1, 10**13), 2, "-0.0000000000001"),
        (F(-1, 10**41), 2, "0." + "0" * 40),  # beyond the 40-decimal limit it reads zero, with no minus
        (F(10**15), 2, "1000000000000000.00"),
        (F(10**15) + F(5, 1000), 2, "1000000000000000.01"),  # 10^15 + 0.005: the half still counts
        (F(10**15) + F(4999, 10**6), 2, "1000000000000000.00"),  # 10^15 + 0.004999
        (F("999999999999999.995"), 2, "1000000000000000.00"),  # carries into a 16th digit
        (F("-999999999999999.995"), 2, "-1000000000000000.00"),
        (F(10**16, 3), 2, "3333333333333333.33"),
        (F(-(10**16), 3), 0, "-3333333333333333"),
        (F(10**30) + F(1, 2), 0, "1000000000000000000000000000001"),  # past Decimal's 28 digits
    ],
)
def test_fmt_rounds_half_away_from_zero(value, places, expected):
    assert fmt(value, places) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (F("0.005"), "+0.01"),
        (F("-0.005"), "-0.01"),
        (F(0), "0.00"),  # zero has no sign
        (F(-1, 10**13), "-0.0000000000001"),  # not zero: never reads 0
        (F(-1, 10**41), "0." + "0" * 40),  # rounds to zero at 40 decimals: neither sign
        (F(10**15) + F(5, 1000), "+1000000000000000.01"),
    ],
)
def test_fmt_signs(value, expected):
    assert fmt(value, 2, sign=True) == expected


def test_ints_and_decimals_are_exact_too():
    assert fmt(7, 2) == "7.00"
    assert fmt(Decimal("2.675"), 2) == "2.68"  # a Decimal is read exactly, never through float
    assert fmt(Decimal("-0.125"), 2) == "-0.13"


def test_round_half_up_is_exact():
    assert round_half_up(F("2.675"), 2) == F(268, 100)
    assert round_half_up(F("-2.675"), 2) == F(-268, 100)
    assert round_half_up(F(10**15) + F(5, 1000), 2) == F(10**17 + 1, 100)


@pytest.mark.parametrize(
    ("value", "limit", "expected"),
    [
        (F(1, 8), 6, 3),  # 0.125
        (F(1, 3), 6, None),  # never ends
        (F(7), 6, 0),
        (F(1, 1024), 6, None),  # 0.0009765625 needs 10
        (F(1, 1024), 10, 10),
        (F(10**15) + F(1, 20), 6, 2),  # 10^15 + 0.05
    ],
)
def test_terminating_places(value, limit, expected):
    assert terminating_places(value, limit) == expected


def test_distinct_places_separates_neighbours():
    # 2.799 and 2.8: 2.80 = 2.80 at 2, 2.799 vs 2.800 at 3
    assert distinct_places(F("2.799"), F("2.8"), 2) == 3
    # -2.675 and -2.68: -2.68 both at 2, -2.675 vs -2.680 at 3
    assert distinct_places(F("-2.675"), F("-2.68"), 2) == 3


@pytest.mark.parametrize(
    ("value", "near", "expected"),
    [
        (F("99.995"), None, "99.995%"),  # 100.0 and 100.00 would read as met
        (F("99.94"), None, "99.9%"),
        (F("100.04"), None, "100.04%"),  # 100.0 would read as exactly met
        (F("89.9995"), F(90), "89.9995%"),  # 90.0 / 90.00 / 90.000 would cross the threshold
        (F("90.0004"), F(90), "90.0%"),  # 90.0 is not below 90: the status holds
    ],
)
def test_shares_never_round_across_a_threshold(value, near, expected):
    assert fmt_share(value, 1, near=near) == expected


@pytest.mark.parametrize(
    ("change", "places", "expected"),
    [
        (F("-1.4"), 0, 1),  # -1 hides the change: -1.4 is exact at 1
        (F("-0.05"), 0, 2),  # -0 at 0, -0.1 at 1 (one digit), -0.05 exact at 2
        (F(10**15) + F(1, 2), 0, 0),  # two digits already at 0
        (F(1, 3000), 1, 5),  # 0.0, 0.00, 0.000, 0.0003 (one digit), 0.00033 (two)
    ],
)
def test_change_places(change, places, expected):
    assert change_places(change, places) == expected


def _reference(x: F, places: int) -> str:
    """Decimal's ROUND_HALF_UP at a precision wide enough for x to be exact after scaling."""
    with localcontext() as ctx:
        ctx.prec = 200
        exact = Decimal(x.numerator) / Decimal(x.denominator)  # exact when x terminates within 200 digits
        return str(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


@given(
    st.integers(min_value=-(10**18), max_value=10**18),
    st.sampled_from([1, 2, 4, 5, 8, 10, 20, 25, 100, 1000, 1024, 10**6]),
    st.integers(min_value=0, max_value=6),
)
def test_integer_rounding_agrees_with_decimal(numerator, denominator, places):
    x = F(numerator, denominator)
    if numerator != 0 and round_half_up(x, places) == 0:
        return  # fmt adds decimals there (tested above)
    expected = _reference(x, places)
    if expected.startswith("-") and set(expected[1:]) <= {"0", "."}:
        expected = expected[1:]  # Decimal keeps -0.00; a figure never shows it
    assert fmt(x, places) == expected


@given(st.integers(0, 60), st.integers(0, 60), st.sampled_from([1, 3, 7, 9, 11, 13, 21, 10**9 + 7]), st.integers(0, 45))
def test_terminating_places_is_the_least_power_of_ten(twos, fives, other, limit):
    """Issue 19: the decimals were found by trying 10^0, 10^1, … up to the limit (41 powers for every
    quotient JSON writes); now from the twos and fives of the denominator. The same answer as the
    definition: the least p ≤ limit with d | 10^p, else None."""
    d = 2**twos * 5**fives * other
    expected = next((p for p in range(limit + 1) if 10**p % d == 0), None)
    assert terminating_places(F(1, d), limit) == expected
    assert terminating_places(F(-7, d) if d % 7 else F(-1, d), limit) == expected
