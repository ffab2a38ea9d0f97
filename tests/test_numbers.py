"""How figures are written (issue 11): decimals per indicator, changes never hidden by rounding, no
thousands separators. Every expected string is worked out by hand in the comment beside it."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction as F

import pytest

from sciplan.core.numbers import change_places, default_decimals, fmt, fmt_change, fmt_gap


@pytest.mark.parametrize(
    ("unit", "figures", "expected"),
    [
        ("人", [Decimal(120), Decimal(60)], 0),  # counts are whole: "120人", "≥ 60"
        ("家", [], 0),
        ("场", [Decimal(40)], 0),
        ("件", [Decimal("12.5")], 1),  # a count written with a fraction keeps its digit
        ("亿元", [Decimal(550)], 2),  # 亿元 with 2: "550.00亿元"
        ("%", [Decimal("46.8")], 2),
        ("万元", [Decimal(7840), Decimal(8624)], 0),  # 苏科贷 7840万元: whole, so whole
        ("万元", [Decimal("628.34"), Decimal(750)], 2),  # 创新券 628.34万元: so 750.00 as well
        ("万平方米", [Decimal(3)], 2),
    ],
)
def test_default_decimals_follow_the_unit(unit, figures, expected):
    assert default_decimals(unit, figures) == expected


def test_demo_indicators_get_their_decimals_once_for_every_year():
    from conftest import REPO
    from sciplan.app.loader import load_project

    inds = load_project(REPO).catalogue.indicators
    # counts whole; 亿元 and % two; 苏科贷 (7840, 9200, +10%) whole; 创新券 (628.34, 655.2) two
    assert [inds[i].decimals for i in ("hightech_new", "iur_events", "gdp", "rd_intensity")] == [0, 0, 2, 2]
    assert (inds["tech_loans"].decimals, inds["innovation_vouchers"].decimals) == (0, 2)


def test_decimals_in_targets_yaml_win(tmp_path):
    from conftest import build_root
    from sciplan.app.loader import load_project

    root = build_root(tmp_path / "root")
    text = (root / "targets.yaml").read_text(encoding="utf-8")
    text = text.replace("    name: 新增高企\n", "    name: 新增高企\n    decimals: 1\n")
    (root / "targets.yaml").write_text(text, encoding="utf-8")
    assert load_project(root).catalogue.indicators["firms"].decimals == 1


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (F(28500), 0, "28500"),  # no thousands separators, as 统计公报 write figures
        (F(-1500), 0, "-1500"),
        (F(1341), 2, "1341.00"),
        (F(2565, 1000), 2, "2.57"),  # 四舍五入: half away from zero
        (F(-2565, 1000), 2, "-2.57"),
    ],
)
def test_fmt_writes_no_thousands_separators(value, places, expected):
    assert fmt(value, places) == expected


@pytest.mark.parametrize(
    ("change", "places", "expected"),
    [
        (F(610 - 624, 10), 0, "-1.4"),  # 61.0 vs 62.4: -1.4, not -1
        (F(-41), 0, "-41"),  # exact at the indicator's decimals
        (F(6), 0, "+6"),
        (F(268, 258) * 100 - 100, 1, "+3.9"),  # 268/258 - 1 = 3.8759…%: two digits already
        (F(-1, 4), 1, "-0.25"),  # -0.3 would show one digit where the value has more
        (F(1, 3), 2, "+0.33"),
        (F(-4, 1000), 2, "-0.004"),  # never rounded away to 0.00
        (F(0), 2, "0.00"),
        (F(-10385, 1000), 2, "-10.39"),  # 5.60 vs 15.985
    ],
)
def test_a_change_is_never_hidden_by_rounding(change, places, expected):
    assert fmt_change(change, places) == expected
    assert fmt_gap(change, places) == expected


def test_change_places_stops_at_the_limit():
    assert change_places(F(1, 3), 0, limit=3) == 2  # 0 hides it, 0.3 shows one digit: 0.33
    assert change_places(F(1, 3), 0, limit=1) == 1  # but never past the limit
    # 1/(3·10^9) = 0.000000000333…: its first digit is the 10th decimal, two digits at the 11th
    assert change_places(F(1, 3 * 10**9), 0) == 11
    assert change_places(F(1, 3 * 10**50), 0) == 40  # smaller than any digit shown: capped at 40
