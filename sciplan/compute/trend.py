"""An indicator across years (SPEC 5.5): each year's status, and the compound annual growth.

年均增长率 (CAGR) = (last / first)^(1/years) − 1; for % indicators the average change in
percentage points per year, since ratios change in pp, not percent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from sciplan.compute.observed import Observed, observed
from sciplan.compute.pace import expected_share
from sciplan.compute.periods import figure, month_end, months_of
from sciplan.compute.status import Result, evaluate_year, yoy
from sciplan.core.i18n import _
from sciplan.core.problem import SciplanError
from sciplan.core.records import EMPTY, Indicator, ValidProject
from sciplan.core.roots import growth


class NothingToShow(SciplanError):
    """The years asked for hold nothing for this indicator (exit 1, like a year with no data)."""


@dataclass(frozen=True)
class Trend:
    indicator: Indicator
    start: int
    end: int
    results: list[Result]  # one per year, start..end
    cagr: Fraction | None  # % per year, or pp per year for % indicators
    span: tuple[int, int] | None  # the first and last complete years with an actual: what the rate spans

    @property
    def cagr_unit(self) -> str:
        return self.indicator.change_unit


def cagr(first: Fraction, last: Fraction, years: int, *, points: bool = False) -> Fraction | None:
    """Average yearly change: pp (exact) for ratios in %, else compound growth in % (None when
    a base is not positive, or no time passes). No float: a rational root is exact (100 → 121 over
    two years is 10 % a year), an irrational one is taken to 60 decimals (core.roots)."""
    if years <= 0:
        return None
    if points:
        return (last - first) / years
    if first <= 0 or last <= 0:
        return None
    return growth(last / first, years)  # one year: no root to take, exactly the year's YoY


def years_of(project: ValidProject, indicator: Indicator) -> list[int]:
    """Years with a target or a value (reported or derived) for the indicator."""
    years = set(indicator.targets)
    for year in project.years:
        if observed(project, indicator.id, year) is not None:
            years.add(year)
    return sorted(years)


def trend(
    project: ValidProject,
    indicator: Indicator,
    start: int | None = None,
    end: int | None = None,
    computed: Mapping[int, Result] = EMPTY,
) -> Trend:
    """The indicator from `start` to `end` (default: every year with a target or a value). `computed`
    holds years evaluated already (the report's scorecard year): read, not evaluated again."""
    known = years_of(project, indicator)
    if not known:
        raise NothingToShow(f"{indicator.id} has no target and no value in any year yet")
    if start is not None and start > known[-1] and end is None:
        raise NothingToShow(
            f"{start} is after the last year with a target or value for {indicator.id} ({known[-1]})",
            code="start-after-data",
            start=start,
            id=indicator.id,
            last=known[-1],
        )
    if end is not None and end < known[0] and start is None:
        raise NothingToShow(
            f"{end} is before the first year with a target or value for {indicator.id} ({known[0]})",
            code="end-before-data",
            end=end,
            id=indicator.id,
            first=known[0],
        )
    start = start if start is not None else known[0]
    end = end if end is not None else known[-1]
    if not any(start <= y <= end for y in known):  # as `status` for a year with nothing to show
        years = str(start) if start == end else f"{start}–{end}"
        raise NothingToShow(
            f"{indicator.id} has no target and no value in {years}; years with a target or value: {_years(known)}"
        )
    results = [computed.get(year) or evaluate_year(project, indicator, year) for year in range(start, end + 1)]
    # The rate spans whole years only: partial figures of an open year (截至9月) would bend it.
    with_values = [
        (r.year, r.actual)
        for r in results
        if r.actual is not None and r.year in project.years and project.years[r.year].complete
    ]
    rate, span = None, None
    if len(with_values) >= 2:
        (first_year, first), (last_year, last) = with_values[0], with_values[-1]
        span = (first_year, last_year)
        rate = cagr(first.value, last.value, last_year - first_year, points=indicator.percent)
    return Trend(indicator, start, end, results, rate, span)


@dataclass(frozen=True)
class MonthRow:
    month: int
    value: Observed | None  # this year's figure at the month's end (1–N月累计 for a flow)
    previous: Observed | None  # last year's at the same month's end (去年同期)
    yoy: Fraction | None  # % (pp for % indicators)
    expected: Fraction | None  # 序时进度: the share of the year's target due by the month's end, as a value
    completion: Fraction | None  # value / the year's target × 100


@dataclass(frozen=True)
class Monthly:
    """`trend ID --months [YEAR]`: the way through one year, month by month, beside last year's
    same months and the 序时进度 line to the year's target (flows with an at-least target)."""

    indicator: Indicator
    year: int
    result: Result  # the year as a whole (its target, resolved)
    rows: list[MonthRow]

    @property
    def yoy_unit(self) -> str:
        return self.indicator.change_unit


def monthly_years(project: ValidProject, indicator: Indicator) -> list[int]:
    """Years with a figure of the indicator at some month's end."""
    return [y for y in sorted(project.years) if any(figure(project, indicator.id, y, m) for m in months_of(project, y))]


def monthly(project: ValidProject, indicator: Indicator, year: int | None = None) -> Monthly:
    """The months of `year` (default: the latest with monthly figures) that this year or last
    year has a figure for, and December when the year has a target to reach."""
    if year is None:
        years = monthly_years(project, indicator)
        if not years:
            raise NothingToShow(
                _("{id} has no figure at any month's end yet (months: or as_of in data/)").format(id=indicator.id)
            )
        year = years[-1]
    result = evaluate_year(project, indicator, year)
    resolved = result.resolved
    line = (
        indicator.kind == "flow"
        and resolved is not None
        and resolved.value is not None
        and resolved.op.startswith(">")
        and resolved.value > 0
    )
    shown = set(months_of(project, year)) | set(months_of(project, year - 1)) | ({12} if line else set())
    if not any(figure(project, indicator.id, y, m) for y in (year, year - 1) for m in shown):
        raise NothingToShow(
            _("{id} has no figure at any month's end of {year} or {last}").format(
                id=indicator.id, year=year, last=year - 1
            )
        )
    rows = []
    for m in sorted(shown):
        value = figure(project, indicator.id, year, m)
        before = figure(project, indicator.id, year - 1, m)
        change = yoy(indicator, value.value, before.value) if value and before else None
        expected = completion = None
        if line:
            assert resolved is not None and resolved.value is not None
            expected = resolved.value * expected_share(month_end(year, m), indicator.profile) / 100
            completion = value.value / resolved.value * 100 if value else None
        rows.append(MonthRow(m, value, before, change, expected, completion))
    return Monthly(indicator, year, result, rows)


def _years(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
