"""Compound growth (年均增长, CAGR) and plan rates without a float (issue 17): a rational root is exact, an
irrational one is bracketed in integers, and a plan's category is decided on bounds that hold the true
rates, so no rounding can flip it. Expected values are worked out by hand beside them."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction as F
from pathlib import Path

from sciplan.compute.trend import cagr
from sciplan.core.roots import at_least, exactly, growth_bounds, growth_of, integer_root, root_bounds

# √2 to 65 decimals (a table of square roots): 1.41421356237309504880168872420969807856967187537694807317667973799
SQRT2 = F("1.41421356237309504880168872420969807856967187537694807317667973799")


def test_a_rational_root_is_exact():
    assert cagr(F(100), F(121), 2) == 10  # 121/100 = (11/10)²: exactly 10 % a year (a float said 10.000000000000009)
    assert cagr(F(100), F(133_100, 1000), 3) == 10  # 1.331 = 1.1³
    assert cagr(F(100), F(12_769, 100), 2) == 13  # 127.69 = 100 × 1.13²
    assert cagr(F(16), F(81), 4) == 50  # 81/16 = (3/2)⁴
    assert cagr(F(5), F(4), 1) == -20  # one year: no root, 4/5 − 1


def test_an_irrational_root_is_bracketed_in_integers():
    lo, hi = root_bounds(F(2), 2)
    assert lo < hi and hi - lo == F(1, 10**60) and lo**2 < 2 < hi**2
    assert abs(lo - SQRT2) < F(1, 10**59)
    assert abs(cagr(F(1), F(2), 2) - (SQRT2 - 1) * 100) < F(1, 10**57)  # 41.4213562373095…%
    lo, hi = growth_bounds(F(227, 112), 3)  # the demo's 2017–2020 高企: 26.55 % a year
    assert (1 + lo / 100) ** 3 <= F(227, 112) <= (1 + hi / 100) ** 3
    assert round(lo, 2) == F("26.55")
    assert [integer_root(n, 3) for n in (0, 1, 7, 8, 26, 27, 10**30 - 1, 10**30)] == [
        0,
        1,
        1,
        2,
        2,
        3,
        10**10 - 1,
        10**10,
    ]


def test_a_ratio_on_its_threshold_is_decided_exactly():
    """13 % a year seen against 13 % needed is a ratio of exactly 1; with floats it was 0.9999999999999983
    (127.69 over two years, 144.2897 over three: 100 × 1.13² and 100 × 1.13³)."""
    observed, required = growth_of(F("127.69") / 100, 2), growth_of(F("144.2897") / 100, 3)
    assert at_least(observed, required, F(1))
    assert not at_least(growth_of(F("127.68") / 100, 2), required, F(1))  # a hundredth less: below
    # both irrational, the same rate (√2 − 1 a year, two ways): a tie, met; and a hair's difference decided
    assert at_least(growth_of(F(2), 2), growth_of(F(4), 4), F(1))
    assert not at_least(growth_of(F(2), 2), growth_of(F(4) + F(1, 10**20), 4), F(1))
    assert at_least(exactly(F(19, 100)), exactly(F(2, 10)), F(95, 100))  # pp: 0.19 / 0.2 = 0.95


def test_a_plan_on_its_threshold_is_on_track(tmp_path):
    """progress.on_track: 1 and a plan 2020 → 2023 from 100 to 144.2897 (13 % a year needed), 127.69
    in 2022 (13 % a year seen): on track, where the float ratio 0.9999999999999983 said accelerate.
    The projection is 127.69 × 1.13 = 144.2897, exactly the target."""
    from sciplan.compute.plans import _row
    from sciplan.core.records import Actual, Catalogue, Indicator, Plan, TargetEntry, ValidProject, YearData
    from sciplan.validate.targets import parse_target

    ind = Indicator("v", "产值", "亿元", kind="stock")
    entry = TargetEntry(parse_target(">= 144.2897", "亿元", "up"))
    cat = Catalogue("测试区", {"v": ind}, on_track=F(1))
    years = {
        y: YearData(y, f"data/{y}.yaml", final=True, actuals={"v": Actual(Decimal(v))})
        for y, v in ((2020, "100"), (2022, "127.69"))
    }
    project = ValidProject(Path("."), cat, years, [])
    plan = Plan("p", "计划", 2020, 2023, {"v": entry})
    row = _row(project, cat, plan, ind, entry, None)
    assert (row.observed_rate, row.required_rate, row.ratio) == (13, 13, 1)
    assert row.category == "on_track"
    assert row.projected == F("144.2897")


def test_trend_writes_an_exact_rate(tmp_path, run_cli):
    """100 in 2020 and 121 in 2022: `trend` says +10.00%/yr and JSON 10.0 — exact, not 10.000000000000009."""
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    (root / "targets.yaml").write_text(
        "region: 测试区\nindicators:\n  v: {name: 产值, unit: 亿元, kind: stock}\n", encoding="utf-8"
    )
    for year, value in ((2020, 100), (2021, 105), (2022, 121)):
        (root / "data" / f"{year}.yaml").write_text(
            f"year: {year}\nfinal: true\nactuals: {{v: {value}}}\n", encoding="utf-8"
        )
    doc = json.loads(run_cli("trend", "v", "--root", str(root), "-f", "json").stdout, parse_float=Decimal)
    assert (doc["cagr"], doc["cagr_span"]) == (Decimal("10.0"), [2020, 2022])
    assert "2020–2022: +10.00%/yr" in run_cli("trend", "v", "--root", str(root), "-f", "plain").stdout
