"""The status rules of SPEC 4, each with hand-computed attainment, gap and YoY."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from sciplan.compute.observed import Observed
from sciplan.compute.status import evaluate
from sciplan.core.records import Indicator
from sciplan.validate.targets import parse_target

FIRMS = Indicator("firms", "新增高企", "家")
RD = Indicator("rd", "研发投入强度", "%", kind="ratio")
ENERGY = Indicator("energy", "单位GDP能耗", "吨标准煤", kind="ratio", direction="down")


def run(ind, target, actual, previous=None, *, final=True, near=90):
    t = None if target is None else parse_target(target, ind.unit, ind.direction)
    a = None if actual is None else Observed(F(actual))
    p = None if previous is None else Observed(F(previous))
    return evaluate(ind, 2021, t, a, p, final=final, near=F(near))


def test_met_with_surplus():
    r = run(FIRMS, ">= 50", 86, 71)
    assert r.status == "met"
    assert r.attainment == F(172)  # 86 / 50 × 100
    assert r.gap == 36
    assert r.yoy == F(1500, 71)  # (86 / 71 − 1) × 100 = 21.13 %


def test_ratio_gap_and_yoy_in_percentage_points():
    """R&D intensity 2.65 % against 2.8 %: 0.15 pp short, 94.64 %, up 0.05 pp on 2.6 %."""
    r = run(RD, ">= 2.8", "2.65", "2.6")
    assert r.status == "near"
    assert r.gap == F(-15, 100)
    assert r.attainment == F(265, 280) * 100  # 94.642857…
    assert r.yoy == F(5, 100)  # pp, not (2.65 / 2.6 − 1) × 100 = 1.92 %
    assert r.yoy_unit == "pp"


def test_short_below_near():
    r = run(FIRMS, ">= 50", 44)  # 88 %
    assert r.status == "short"
    assert r.attainment == 88


def test_near_boundary_is_inclusive_and_exact():
    assert run(FIRMS, ">= 50", 45).status == "near"  # exactly 90 %
    assert run(FIRMS, ">= 50", "44.99").status == "short"  # 89.98 %
    assert run(FIRMS, ">= 50", 45, near=95).status == "short"


def test_met_exactly_at_threshold():
    assert run(FIRMS, ">= 24", 24).status == "met"
    assert run(FIRMS, "24", 24).status == "met"


def test_strict_greater_exactly_at_threshold_is_near():
    """有效期内高企超260家: 260 is not more than 260; attainment 100 % makes it near."""
    r = run(FIRMS, "> 260", 260)
    assert r.status == "near"
    assert r.attainment == 100
    assert r.gap == 0


def test_lower_is_better():
    r = run(ENERGY, "<= 0.5", "0.6", "0.52")
    assert r.status == "short"
    assert r.attainment == F(250, 3)  # 0.5 / 0.6 × 100 = 83.33 %
    assert r.gap == F(1, 10)  # 0.1 over
    assert r.yoy == F(200, 13)  # (0.6 / 0.52 − 1) × 100 = 15.38 %
    r = run(ENERGY, "<= 0.5", "0.48")
    assert r.status == "met"
    assert r.attainment == F(0.5) / F(48, 100) * 100  # 104.17 %
    assert run(ENERGY, "< 0.5", "0.5").status == "near"


def test_growth_target_float_drift():
    """+10 % on 10: a threshold of exactly 11, so an actual of 11 meets it."""
    r = run(FIRMS, "+10%", 11, 10)
    assert r.status == "met"
    assert r.resolved.value == 11
    assert r.gap == 0
    assert r.growth == 10


def test_growth_target_short_states_growth():
    """技术合同成交额增长15%以上: 12.6 → 13.9 is +10.32 % against a threshold of 14.49."""
    ind = Indicator("tc", "技术合同成交额", "亿元")
    r = run(ind, "+15%", "13.9", "12.6")
    assert r.resolved.value == F(1449, 100)
    assert r.status == "near"  # 13.9 / 14.49 = 95.93 %
    assert r.growth == (F(139, 126) - 1) * 100


def test_points_target():
    r = run(RD, "+0.2pp", "2.75", "2.6")  # threshold 2.8
    assert r.resolved.value == F(28, 10)
    assert r.status == "near"
    assert r.growth == F(15, 100)


def test_increase_target():
    r = run(FIRMS, "+40", 260, 227)  # threshold 267
    assert r.resolved.value == 267
    assert r.gap == -7
    assert r.growth == 33


def test_unknown_without_previous_actual():
    r = run(FIRMS, "+15%", 100, None)
    assert r.status == "unknown"
    assert r.attainment is None and r.gap is None


def test_unknown_comes_before_pending_and_missing():
    assert run(FIRMS, "+15%", None, None, final=True).status == "unknown"
    assert run(FIRMS, "+15%", None, None, final=False).status == "unknown"


def test_pending_and_missing():
    assert run(FIRMS, ">= 50", None, final=False).status == "pending"
    assert run(FIRMS, ">= 50", None, final=True).status == "missing"


def test_untargeted_still_has_yoy():
    r = run(FIRMS, None, 12, 10)
    assert r.status == "untargeted"
    assert r.yoy == 20
    assert run(FIRMS, None, None).status == "untargeted"


@pytest.mark.parametrize(("actual", "stretch_met"), [(55, False), (60, True), (61, True)])
def test_range_reports_the_stretch(actual, stretch_met):
    r = run(FIRMS, "50..60", actual)
    assert r.status == "met"
    assert r.stretch_met is stretch_met


def test_range_below_floor_has_no_stretch():
    r = run(FIRMS, "50..60", 48)
    assert r.status == "near"
    assert r.stretch_met is None


def test_down_range():
    ind = Indicator("e", "能耗", "吨", direction="down")
    assert run(ind, "0.5..0.45", "0.45").stretch_met is True
    assert run(ind, "0.5..0.45", "0.48").stretch_met is False
    assert run(ind, "0.5..0.45", "0.52").status == "near"  # 0.5 / 0.52 = 96.2 %


def test_zero_or_negative_bases_give_none():
    """No ZeroDivisionError: a non-positive divisor gives no attainment or YoY."""
    r = run(FIRMS, ">= 0", 5, 0)
    assert r.status == "met" and r.attainment is None and r.yoy is None
    r = run(FIRMS, ">= -10", -12, -5)
    assert r.status == "short" and r.attainment is None and r.yoy is None
    r = run(ENERGY, "<= 0.5", 0)
    assert r.status == "met" and r.attainment is None
    assert run(RD, ">= 1", "0.5", "0").yoy == F(1, 2)  # pp are a difference: fine at zero


def test_growth_on_a_zero_or_negative_base_is_unknown():
    """+15% on a loss of 100 would be a threshold of -115, met by a worse -110: no meaning, as
    YoY has none on such a base. Additive targets (+40, +0.2pp) still resolve."""
    assert run(FIRMS, "+15%", -110, -100).status == "unknown"
    assert run(FIRMS, "+15%", 0, 0).status == "unknown"
    assert run(ENERGY, "-3%", "-1", "-2").status == "unknown"
    r = run(FIRMS, "+40", 30, -10)
    assert (r.status, r.resolved.value) == ("met", 30)


def test_a_flow_on_pace_is_not_a_shortfall_in_an_open_year(run_cli, base_root):
    """At 30 September 75% of the year is gone: 40 of 50 firms (80%) is 5 points ahead of pace, so
    no shortfall line, while the ratio 2.5% against ≥ 2.8% (no pace for a ratio) still is one."""
    (base_root / "data" / "2021.yaml").write_text(
        "year: 2021\nfinal: false\nas_of: 2021-09-30\nactuals:\n  firms: 40\n  rd: 2.5\n", encoding="utf-8"
    )
    result = run_cli("status", "2021", "--root", str(base_root), "--lang", "zh")
    assert result.exit_code == 0, result
    assert "新增高企完成" not in result.stdout  # no shortfall sentence for the flow on pace
    assert "研发投入强度达2.50%，低于目标0.30个百分点" in result.stdout
    # 30 of 50 is 60%: 15 points behind 75%, so the line stays
    (base_root / "data" / "2021.yaml").write_text(
        "year: 2021\nfinal: false\nas_of: 2021-09-30\nactuals:\n  firms: 30\n  rd: 2.5\n", encoding="utf-8"
    )
    result = run_cli("status", "2021", "--root", str(base_root), "--lang", "zh")
    assert "新增高企完成30家，为目标50家的60.0%，差20家" in result.stdout, result


def test_a_target_copied_with_its_subject_shows_without_the_name(run_cli, base_root):
    """`科技贷款增长15%以上` copied whole from the plan: the 目标 column and the shortfall clause
    already name the indicator, so they show `增长15%以上` (2020: 10000万元 → ≥ 11500)."""
    targets = base_root / "targets.yaml"
    text = targets.read_text(encoding="utf-8").replace("targets: {2021: +15%}", "targets: {2021: 科技贷款增长15%以上}")
    targets.write_text(text, encoding="utf-8")
    (base_root / "data" / "2021.yaml").write_text(
        "year: 2021\nfinal: true\nactuals:\n  firms: 86\n  rd: 2.65\n  loans: 11000\n  energy: 0.6\n", encoding="utf-8"
    )
    result = run_cli("status", "2021", "--root", str(base_root), "--lang", "zh")
    assert result.exit_code == 0, result
    assert "科技贷款增长15%以上" not in result.stdout
    assert "增长15%以上 → ≥ 11500" in result.stdout
