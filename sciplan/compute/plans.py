"""Multi-year plans (SPEC 5.4): are we on course for the three-year plan's end targets?

For each indicator: progress from the baseline towards the end target, the progress expected by
elapsed time, the observed and required annual rates (CAGR; pp per year for % indicators), their
ratio, and a category as in Open SDG's progress measure:

    achieved       the latest value already meets the end target
    on_track       observed / required rate >= 0.95  (configurable: progress.on_track)
    accelerate     0.60 – 0.95                       (progress.accelerate)
    limited        0 – 0.60
    deteriorating  < 0: moving away from the target
    insufficient_data

Only years whose figures cover the whole year count as "latest": a final year, or one reported
as of 31 December. Partial figures (截至9月) are not comparable with a full-year target.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from sciplan.compute.observed import observed
from sciplan.compute.status import holds
from sciplan.compute.trend import cagr
from sciplan.core.records import Catalogue, Indicator, Plan, Resolved, TargetEntry, ValidProject

CATEGORIES = ("achieved", "on_track", "accelerate", "limited", "deteriorating", "insufficient_data")


@dataclass(frozen=True)
class PlanRow:
    indicator: Indicator
    entry: TargetEntry
    resolved: Resolved | None  # the end target as a level (growth targets apply to the baseline)
    baseline_value: Fraction | None
    latest_value: Fraction | None
    latest_year: int | None
    progress: Fraction | None  # % of the way from baseline to target
    expected: Fraction | None  # % of the plan's time elapsed at latest_year
    observed_rate: float | Fraction | None
    required_rate: float | Fraction | None
    ratio: float | Fraction | None
    category: str
    projected: float | Fraction | None  # the end-year value at the observed rate

    @property
    def rate_unit(self) -> str:
        return self.indicator.change_unit


@dataclass(frozen=True)
class PlanProgress:
    plan: Plan
    year: int | None  # evaluated as the plan stood in this year (None: latest data)
    rows: list[PlanRow]


def evaluate_plan(project: ValidProject, plan: Plan, year: int | None = None) -> PlanProgress:
    cat = project.catalogue
    assert cat is not None
    rows = [_row(project, cat, plan, cat.indicators[ident], entry, year) for ident, entry in plan.targets.items()]
    return PlanProgress(plan, year, rows)


def rate_ratio(observed: float | Fraction | None, required: float | Fraction | None) -> float | Fraction | None:
    """observed / required: exact when both rates are (pp rates, one-year growth), else a float."""
    if observed is None or required is None or required == 0:
        return None
    if isinstance(observed, Fraction) and isinstance(required, Fraction):
        return observed / required
    return float(observed) / float(required)


def at_least(ratio: float | Fraction, threshold: Fraction) -> bool:
    """ratio >= threshold, comparing like with like: a float ratio of 0.95 meets 0.95."""
    return ratio >= threshold if isinstance(ratio, Fraction) else ratio >= float(threshold)


def latest_complete(project: ValidProject, ident: str, after: int, until: int) -> tuple[int, Fraction] | None:
    """The last year in (after, until] whose figures cover the whole year and hold a value."""
    for year in sorted(project.years, reverse=True):
        if after < year <= until and project.years[year].complete:
            value = observed(project, ident, year)
            if value is not None:
                return year, value.value
    return None


def _row(
    project: ValidProject, cat: Catalogue, plan: Plan, ind: Indicator, entry: TargetEntry, year: int | None
) -> PlanRow:
    base_obs = observed(project, ind.id, plan.baseline)
    base = base_obs.value if base_obs else None
    resolved = entry.target.resolve(base)
    empty = {
        "progress": None,
        "expected": None,
        "observed_rate": None,
        "required_rate": None,
        "ratio": None,
        "projected": None,
    }
    latest = latest_complete(project, ind.id, plan.baseline, min(plan.end, year if year is not None else plan.end))
    if base is None or resolved.value is None or latest is None:
        return PlanRow(
            ind,
            entry,
            resolved,
            base,
            latest[1] if latest else None,
            latest[0] if latest else None,
            category="insufficient_data",
            **empty,
        )
    target = resolved.value
    latest_year, value = latest
    elapsed, total = latest_year - plan.baseline, plan.end - plan.baseline
    progress = (value - base) / (target - base) * 100 if target != base else None
    expected = Fraction(elapsed, total) * 100
    points = ind.percent
    observed_rate = cagr(base, value, elapsed, points=points)
    required_rate = cagr(base, target, total, points=points)
    projected = None
    if observed_rate is not None:
        remaining = plan.end - latest_year
        if points:
            projected = value + observed_rate * remaining
        else:
            projected = _compounded(float(value), float(1 + observed_rate / 100), remaining)
    ratio = rate_ratio(observed_rate, required_rate)
    if holds(value, resolved.op, target):
        category = "achieved"
    elif required_rate == 0:
        category = "deteriorating"  # the target is the baseline, and the latest value is worse
    elif ratio is None:
        category = "insufficient_data"  # e.g. a growth rate from a base of zero
    elif at_least(ratio, cat.on_track):
        category = "on_track"
    elif at_least(ratio, cat.accelerate):
        category = "accelerate"
    elif ratio >= 0:
        category = "limited"
    else:
        category = "deteriorating"
    return PlanRow(
        ind,
        entry,
        resolved,
        base,
        value,
        latest_year,
        progress,
        expected,
        observed_rate,
        required_rate,
        ratio,
        category,
        projected,
    )


def _compounded(value: float, factor: float, years: int) -> float | None:
    """`value` grown by `factor` a year for `years`, or None beyond what a double holds (a rate of
    10^20 % a year over decades): no projection, rather than an overflow or an infinity in JSON."""
    try:
        projected = value * factor**years
    except OverflowError:
        return None
    return projected if math.isfinite(projected) else None
