"""Step 3: the status of each indicator in one year (SPEC 4) — the year's scorecard.

`evaluate` is a pure function of one indicator-year; `scorecard` gathers a year's worth.
All comparisons are exact, so display rounding can never change a status.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from types import EllipsisType
from typing import Any, NamedTuple

from sciplan.compute.milestones import MilestoneStatus, milestone_statuses
from sciplan.compute.observed import Observed, observed, peer_values, unit_values
from sciplan.compute.pace import Pace, elapsed_share, pace
from sciplan.compute.periods import Period, at_month, month_end, month_view, partial, period_of, same_period_base
from sciplan.compute.ranks import Rank, rank_of
from sciplan.core.i18n import _
from sciplan.core.problem import SciplanError, UsageError
from sciplan.core.records import Indicator, Resolved, Target, ValidProject, side

STATUSES = ("met", "near", "short", "pending", "missing", "unknown", "untargeted")
# --sort status: what needs attention first
ATTENTION = ("short", "missing", "near", "unknown", "pending", "met", "untargeted")


class Result(NamedTuple):
    """One indicator in one year."""

    indicator: Indicator
    year: int
    status: str
    target: Target | None = None
    target_source: str | None = None
    resolved: Resolved | None = None
    actual: Observed | None = None
    previous: Observed | None = None
    attainment: Fraction | None = None  # 完成率, %
    gap: Fraction | None = None  # actual - threshold, in the unit (pp for %)
    yoy: Fraction | None = None  # % for amounts, pp for % indicators
    stretch_met: bool | None = None  # for range targets (确保..力争) that are met
    growth: Fraction | None = None  # growth-type targets: the change achieved, in the target's terms
    pace: Pace | None = None  # 序时进度, for flow indicators in an open year with as_of
    rank: Rank | None = None  # 位次 among peer regions (or, for a sub-unit, among the other units)
    near: Fraction = Fraction(90)  # the attainment that counts as near: shown figures keep to its side
    period: Period | None = None  # what `actual` covers: the whole year, or 1–N月 of a year under way
    previous_period: Period | None = None  # what `previous` (the base of YoY) covers, or should cover
    base_zero: bool = False  # a growth target that cannot resolve: last year's actual is 0

    @property
    def previous_missing(self) -> bool:
        """A same-period figure of last year (去年同期) is needed for YoY but not in the data."""
        return (
            self.previous is None
            and self.actual is not None
            and self.previous_period is not None
            and not self.previous_period.whole
        )

    @property
    def yoy_unit(self) -> str:
        return self.indicator.change_unit


def ratio(numerator: Fraction, denominator: Fraction) -> Fraction | None:
    """numerator / denominator, or None when the base is zero or negative (no meaningful ratio)."""
    return None if denominator <= 0 else numerator / denominator


def holds(actual: Fraction, op: str, threshold: Fraction, side: int = 0) -> bool:
    """`actual op threshold`, exactly. `side` is the side of its number an approximate actual lies
    on (-1 for 近500, a little under 500; +1 for 500余): 近500 never meets >= 500, 500余 meets > 500."""
    if side and actual == threshold:
        return (side > 0) == op.startswith(">")
    if op == ">=":
        return actual >= threshold
    if op == ">":
        return actual > threshold
    if op == "<=":
        return actual <= threshold
    return actual < threshold


def attainment(actual: Fraction, op: str, threshold: Fraction) -> Fraction | None:
    """完成率 in %: A / T for at-least targets, T / A for at-most ones; None when the base <= 0."""
    if op.startswith(">"):
        r = ratio(actual, threshold)
    else:
        r = ratio(threshold, actual)
    return None if r is None else r * 100


def yoy(indicator: Indicator, actual: Fraction, previous: Fraction) -> Fraction | None:
    """同比: the change in pp for % indicators, else growth in % (None when last year <= 0)."""
    if indicator.percent:
        return actual - previous
    r = ratio(actual, previous)
    return None if r is None else (r - 1) * 100


def evaluate(
    indicator: Indicator,
    year: int,
    target: Target | None,
    actual: Observed | None,
    previous: Observed | None,
    *,
    final: bool,
    near: Fraction = Fraction(90),
    target_source: str | None = None,
    others: dict[str, Fraction] | None = None,
    whole_year: bool = True,
    base: Observed | EllipsisType | None = ...,
    period: Period | None = None,
    previous_period: Period | None = None,
) -> Result:
    """Apply the status rules of SPEC 4, first match wins. `previous` is last year's whole-year
    figure, which growth targets resolve against; `base` is what YoY compares with (去年同期,
    see periods.same_period_base; by default `previous`, which without `whole_year` — an open
    year's figures to date — a flow cannot use: part of a year is no match for last year's whole).
    `others` are the values this one is ranked among (peer regions, or the other sub-units)."""
    a = actual.value if actual else None
    p = previous.value if previous else None
    comparable = whole_year or indicator.kind != "flow"
    if isinstance(base, EllipsisType):
        base = previous if comparable else None
    b = base.value if base else None
    common: dict[str, Any] = {
        "indicator": indicator,
        "year": year,
        "target": target,
        "target_source": target_source,
        "actual": actual,
        "previous": base,
        "yoy": yoy(indicator, a, b) if a is not None and b is not None else None,
        "rank": rank_of(a, others, indicator.up) if others and a is not None else None,
        "period": period,
        "previous_period": previous_period,
        "near": near,
    }
    if target is None:
        return Result(status="untargeted", **common)
    if target.kind == "rank":
        return _rank_status(target, a, final, others, common)
    resolved = target.resolve(p)
    common["resolved"] = resolved
    if resolved.value is None:
        return Result(status="unknown", base_zero=p == 0, **common)
    if a is None:
        return Result(status="missing" if final else "pending", **common)
    t = resolved.value
    lean = side(actual.approximate) if actual else 0
    met = holds(a, resolved.op, t, lean)
    att = attainment(a, resolved.op, t)
    if met:
        status = "met"
    elif att is not None and att >= near:
        status = "near"
    else:
        status = "short"
    stretch = None
    if met and resolved.stretch is not None:
        stretch = holds(a, resolved.op[:1] + "=", resolved.stretch, lean)
    growth = None
    if not comparable:
        pass
    elif p is not None and target.kind == "growth":
        r = ratio(a, p)
        growth = None if r is None else (r - 1) * 100
    elif p is not None and target.kind in ("points", "increase"):
        growth = a - p
    return Result(status=status, attainment=att, gap=a - t, stretch_met=stretch, growth=growth, **common)


def _rank_status(target: Target, actual: Fraction | None, final: bool, others: dict | None, common: dict) -> Result:
    """`rank <= N` compares positions, not values: met at position N or better; no attainment."""
    resolved = target.resolve(None)
    if not others:
        return Result(status="unknown", resolved=Resolved(resolved.op, None), **common)
    if actual is None:
        return Result(status="missing" if final else "pending", resolved=resolved, **common)
    position = common["rank"].position
    status = "met" if position <= target.amount else "short"
    return Result(status=status, resolved=resolved, **common)


class Scorecard(NamedTuple):
    region: str
    year: int
    final: bool
    as_of: dt.date | None
    results: list[Result]
    milestones: tuple[MilestoneStatus, ...] = ()
    unit: str | None = None  # a sub-unit's scorecard

    @property
    def elapsed(self) -> Fraction | None:
        """% of the year gone at `as_of`, for a year under way (序时进度)."""
        if self.final or self.as_of is None or (self.as_of.month, self.as_of.day) == (12, 31):
            return None
        return elapsed_share(self.as_of)

    @property
    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for r in self.results:
            counts[r.status] += 1
        return counts

    def sorted_by_attention(self) -> list[Result]:
        return sorted(self.results, key=lambda r: ATTENTION.index(r.status))


class YearNotFound(SciplanError):
    pass


class UnitNotFound(UsageError):
    """A unit name that targets.yaml does not list: the command line names nothing."""


def scorecard(project: ValidProject, year: int, unit: str | None = None, month: int | None = None) -> Scorecard:
    """Every indicator of the catalogue, in catalogue order, for `year`: for the region, ranked
    among its peers, or for one sub-unit (乡镇/园区) with its share of the targets, ranked among
    the other units. With `month`, as the year stood at that month's end (`months:` figures)."""
    catalogue = project.catalogue
    if month is not None:
        project = month_view(project, year, month)
    data = project.years.get(year)
    if data is None and not any(year in ind.targets for ind in catalogue.indicators.values()):
        known = sorted(set(project.years) | {y for i in catalogue.indicators.values() for y in i.targets})
        message = _("{year}: no targets and no data/{year}.yaml").format(year=year)
        if known:
            message += _("; years with targets or data: {years}").format(years=_span(known))
        raise YearNotFound(message)
    if unit is not None and unit not in catalogue.units:
        units = _(", ").join(catalogue.units) or _("none: list them under units: in targets.yaml")
        raise UnitNotFound(_("no unit {unit!r}; units: {units}").format(unit=unit, units=units))
    results = [evaluate_year(project, indicator, year, unit) for indicator in catalogue.indicators.values()]
    milestones = milestone_statuses(project, year) if unit is None else []
    region = catalogue.region if unit is None else f"{catalogue.region} {unit}"
    return Scorecard(
        region, year, data.final if data else False, data.as_of if data else None, results, tuple(milestones), unit
    )


def evaluate_year(
    project: ValidProject, indicator: Indicator, year: int, unit: str | None = None, *, within: bool = False
) -> Result:
    """One indicator in one year as every command sees it: its target (or the unit's share), the
    actual and last year's, its rank among peers (or the other units) and, in a year under way,
    its pace. A target for part of the year (一季度末 ≥ 300) is judged on that month's figure."""
    catalogue = project.catalogue
    data = project.years.get(year)
    final = data.final if data else False
    whole_year = data is not None and data.complete
    entry = indicator.targets.get(year)
    target = entry.target if entry and unit is None else (entry.units.get(unit) if entry and unit else None)
    if target is not None and target.month is not None and not within:
        return _within_year(project, indicator, year, target, entry.source if entry else None)
    if target is not None and target.kind == "rank" and unit is None and not within and data is not None:
        ranked = _latest_ranked_month(project, indicator, year)
        if ranked is not None:
            return ranked
    base = same_period_base(project, indicator, year, unit)
    result = evaluate(
        indicator,
        year,
        target,
        observed(project, indicator.id, year, unit),
        # a growth target grows on last year's whole: never on part of it
        None if partial(project, year - 1) else observed(project, indicator.id, year - 1, unit),
        final=final,
        near=catalogue.near,
        target_source=entry.source if entry else None,
        others=peer_values(project, indicator.id, year)
        if unit is None
        else unit_values(project, indicator.id, year, unit),
        whole_year=whole_year,
        base=base.value,
        period=period_of(project, year),
        previous_period=base.period,
    )
    as_of = data.as_of if data else None
    if not whole_year and as_of is not None and result.actual is not None:  # 序时进度: for the year under way
        paced = pace(indicator, result.resolved, result.actual.value, as_of, catalogue.pace_yellow, catalogue.pace_red)
        result = result._replace(pace=paced)
    return result


def _latest_ranked_month(project: ValidProject, indicator: Indicator, year: int) -> Result | None:
    """A rank target (列全市第一) in a year under way whose peers report it only at a month's end
    (`peers: months:`, where the roll-over moves them when the next month's figures come in), judged
    where the latest ranking is: at the last month, up to as_of's, for which the region and its peers
    both have the figure (9月末), as `status --month 9` would show it. None when the peers report the
    year's own figures, the year is complete, or no month has both."""
    data = project.years[year]
    if data.complete or not data.peer_months or peer_values(project, indicator.id, year):
        return None
    current = data.month or 12
    for month in sorted((m for m in data.peer_months if m <= current), reverse=True):
        view = at_month(project, year, month)
        if view is None or observed(view, indicator.id, year) is None or not peer_values(view, indicator.id, year):
            continue
        result = evaluate_year(view, indicator, year, within=True)
        return result._replace(pace=None, period=Period(year, month_end(year, month)))
    return None


def _within_year(project: ValidProject, indicator: Indicator, year: int, target: Target, source: str | None) -> Result:
    """A target for part of the year (`力争首季度…达到300家`, shown `一季度末 ≥ 300`) is judged on the
    figure at that month's end: `months: {3: …}`, or the year's actuals when `as_of` is that day.
    Before the period ends it is pending; once it has ended without a figure, pending while the year is
    open (the figure may still come) and missing once the year is final."""
    assert target.month is not None
    data = project.years.get(year)
    final = data.final if data else False
    view = at_month(project, year, target.month)
    if view is not None:
        result = evaluate_year(view, indicator, year, within=True)
        period = Period(year, month_end(year, target.month))
        return result._replace(pace=None, period=period)
    empty = evaluate(
        indicator, year, target, None, None, final=final, near=project.catalogue.near, target_source=source
    )
    return empty._replace(status="missing" if final else "pending")


def _span(years: list[int]) -> str:
    """[2017, 2019, 2020, 2021] -> '2017, 2019–2021'."""
    parts: list[str] = []
    start = prev = years[0]
    for y in [*years[1:], None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(parts)
