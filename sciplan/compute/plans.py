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

from dataclasses import dataclass
from fractions import Fraction

from sciplan.compute.observed import observed
from sciplan.compute.status import holds
from sciplan.compute.trend import cagr
from sciplan.core import roots
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
    observed_rate: Fraction | None
    required_rate: Fraction | None
    ratio: Fraction | None
    category: str
    projected: Fraction | None  # the end-year value at the observed rate
    # the yearly rate still needed from the latest whole year's value to the end target in the years
    # left (今后年均需增长): what a 总结 quotes for the effort ahead; required_rate is from the baseline,
    # as the progress measure's ratio takes it (Open SDG). None once achieved or at the end year.
    needed_rate: Fraction | None = None

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


def rate_ratio(observed: Fraction | None, required: Fraction | None) -> Fraction | None:
    """observed / required, as shown (the rates as computed: exact, or to 60 decimals)."""
    if observed is None or required is None or required == 0:
        return None
    return observed / required


def rate_bounds(base: Fraction, value: Fraction, years: int, points: bool) -> roots.Bounds:
    """Bounds that hold the true yearly rate from `base` to `value` (see trend.cagr): exact for pp."""
    if points or years == 1:
        rate = cagr(base, value, years, points=points)
        assert rate is not None
        return roots.exactly(rate)
    return roots.growth_of(value / base, years)


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
            projected = _compounded(value, value / base, elapsed, remaining)
    ratio = rate_ratio(observed_rate, required_rate)
    achieved = holds(value, resolved.op, target)
    needed_rate = None if achieved else cagr(value, target, plan.end - latest_year, points=points)
    if achieved:
        category = "achieved"
    elif required_rate == 0:
        category = "deteriorating"  # the target is the baseline, and the latest value is worse
    elif ratio is None:
        category = "insufficient_data"  # e.g. a growth rate from a base of zero
    else:  # on the true rates (core.roots), never on their rounded values
        observed_bounds = rate_bounds(base, value, elapsed, points)
        required_bounds = rate_bounds(base, target, total, points)
        if roots.at_least(observed_bounds, required_bounds, cat.on_track):
            category = "on_track"
        elif roots.at_least(observed_bounds, required_bounds, cat.accelerate):
            category = "accelerate"
        elif value == base or (value > base) == (target > base):
            category = "limited"  # moving towards the target, or not moving (signs taken exactly)
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
        needed_rate,
    )


_MOST_BITS = 1024  # a projection beyond 2^1024 (a rate of 10^20 % a year over decades) is not made


def _compounded(value: Fraction, ratio: Fraction, years: int, remaining: int) -> Fraction | None:
    """`value` grown for `remaining` years at the rate that turned 1 into `ratio` in `years`: value ×
    ratio^(remaining/years), exact when the root is rational, else from it to 60 decimals; None beyond
    what any reader could use (no projection, rather than a number of a thousand digits)."""
    lo, _hi = roots.root_bounds(ratio, years)
    if lo.numerator.bit_length() - lo.denominator.bit_length() > _MOST_BITS // max(remaining, 1) + 1:
        return None
    projected = value * lo**remaining
    if projected.numerator.bit_length() - projected.denominator.bit_length() > _MOST_BITS:
        return None
    return projected
