"""Figures within the year (SPEC 5.9b): what period a figure covers, and the year as it stood at
the end of a month.

Chinese statistics run cumulatively from January (1–N月累计) and compare with the same period of
last year (去年同期). A year's `actuals` run to its `as_of` (or the whole year once complete);
`months: {N: …}` keeps earlier month-ends. A partial year is never compared with a whole one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import NamedTuple

from sciplan.compute.observed import Observed, observed
from sciplan.core.dates import is_month_end, month_end
from sciplan.core.i18n import _
from sciplan.core.problem import UsageError
from sciplan.core.records import EMPTY, Catalogue, Indicator, ValidProject


class Period(NamedTuple):
    """The span a figure covers: from 1 January to `end` for a flow, the level at `end` for a
    stock or ratio. `end` is 31 December for a whole year."""

    year: int
    end: dt.date

    @property
    def whole(self) -> bool:
        return (self.end.month, self.end.day) == (12, 31)

    @property
    def month_end(self) -> bool:
        return is_month_end(self.end)

    def text(self, kind: str) -> str:
        """Machine-readable: `2021` (whole year), `2021-01..2021-09` (a flow's 1–9月),
        `2021-09` (a level at the end of September); days where the period ends mid-month."""
        if self.whole:
            return str(self.year)
        end = f"{self.end:%Y-%m}" if self.month_end else self.end.isoformat()
        if kind != "flow":
            return end
        return f"{self.year}-01..{end}" if self.month_end else f"{self.year}-01-01..{end}"

    def label(self, kind: str) -> str:
        """As a Chinese report writes it: 2021年, 2021年1–9月, 2021年9月末, 2021年1月1日–9月15日."""
        if self.whole:
            return f"{self.year}年"
        m, d = self.end.month, self.end.day
        if kind != "flow":
            return f"{self.year}年{m}月末" if self.month_end else f"{self.year}年{m}月{d}日"
        if not self.month_end:
            return f"{self.year}年1月1日–{m}月{d}日"
        return f"{self.year}年{m}月" if m == 1 else f"{self.year}年1–{m}月"


def period_of(project: ValidProject, year: int) -> Period | None:
    """The period a year's actuals cover, or None when unknown (no file, or open without as_of).
    Found once per project and year (a year's scorecard asks three times per indicator)."""
    memo = project._observed
    key = ("period", year)
    if key in memo:
        return memo[key]  # type: ignore[no-any-return]
    data = project.years.get(year)
    if data is None or data.month is None:
        period = None
    elif data.complete:
        period = Period(year, dt.date(year, 12, 31))
    else:
        assert data.as_of is not None
        period = Period(year, data.as_of)
    memo[key] = period
    return period


def partial(project: ValidProject, year: int) -> bool:
    """The year's figures are known to cover part of it only (1–N月): open, as of a day before
    31 December. (An open year without as_of says nothing of its period, and is taken as written.)"""
    data = project.years.get(year)
    return data is not None and not data.complete and data.as_of is not None


def months_of(project: ValidProject, year: int) -> list[int]:
    """The month-ends a year has figures for: its `months:` and the month of its actuals."""
    data = project.years.get(year)
    if data is None:
        return []
    found = set(data.months) | set(data.unit_months) | set(data.peer_months)
    if data.month is not None and (data.complete or (data.as_of is not None and is_month_end(data.as_of))):
        found.add(data.month)  # the actuals stand for a month's end (not as of 1 September)
    return sorted(found)


def at_month(project: ValidProject, year: int, month: int) -> ValidProject | None:
    """The project as it stood at the end of `month` of `year`: that month's figures in place of
    the actuals, the peers' and sub-units' figures of that month (`peers: months:`, `units: months:`)
    in place of theirs, as_of at the month's last day (so pacing, 同比, ranks and milestones follow).
    None without figures for that month. Made once per project, year and month: a view is another
    project with its own computed values, and a year's scorecard asks for last year's view once per
    indicator (a new view each time computed every formula chain again: quadratic in its depth)."""
    memo = project._observed
    key = ("month", year, month)
    if key not in memo:
        memo[key] = _at_month(project, year, month)
    return memo[key]  # type: ignore[no-any-return]


def _at_month(project: ValidProject, year: int, month: int) -> ValidProject | None:
    data = project.years.get(year)
    if data is None:
        return None
    if month == data.month and (data.as_of is None or data.as_of == month_end(year, month) or data.complete):
        return project
    if month not in data.months and month not in data.unit_months and month not in data.peer_months:
        return None
    view = data._replace(
        actuals=data.months.get(month, EMPTY),
        as_of=month_end(year, month),
        final=data.final and month == 12,
        peers=data.peer_months.get(month, EMPTY),
        units=data.unit_months.get(month, EMPTY),
        unreadable=frozenset(),
    )
    return dataclasses.replace(project, years={**project.years, year: view})


def figure(project: ValidProject, indicator: str, year: int, month: int, unit: str | None = None) -> Observed | None:
    """The figure of `indicator` at the end of `month` of `year` (reported or derived), for the
    region or one sub-unit, or None."""
    view = at_month(project, year, month)
    return observed(view, indicator, year, unit) if view is not None else None


class Base(NamedTuple):
    """What this year's figure is compared with (同比): `value` over `period`; `period` is what
    the comparison needs even when `value` is None (so a note can say which figure is missing)."""

    value: Observed | None
    period: Period | None


def same_period_base(project: ValidProject, indicator: Indicator, year: int, unit: str | None = None) -> Base:
    """Last year's figure for the period this year's covers. A whole year compares with last
    year's whole; a year under way (1–N月) with last year's figure at the end of month N, for a
    flow only that; a stock or ratio falls back on last year's year-end level. Without a known
    period (an open year without as_of) a flow has no base, a stock last year's year-end level.
    A year as of a day that is not a month's end has a base only when last year's actuals run to
    the same day: equal spans only, for every kind.

    This is the one place 同比 bases are chosen: the status table, JSON, `trend`, `units` and the
    report all compare through it."""
    here = period_of(project, year)
    before = period_of(project, year - 1)

    def year_end() -> Base:
        value = None if partial(project, year - 1) else observed(project, indicator.id, year - 1, unit)
        return Base(value, Period(year - 1, dt.date(year - 1, 12, 31)))

    if here is not None and here.whole:
        return year_end()
    if here is None:  # the period is unknown
        return year_end() if indicator.kind != "flow" else Base(None, None)
    if not here.month_end:
        # Figures to a day that is not a month's end (as_of: 2022-09-01) cover a span no month-end
        # figure of last year matches: 1 January–1 September is not 1–9月. Only last year's actuals
        # to the same day are the same span; otherwise there is no 同比 (SPEC 4), never a base
        # that is a month (or the year) longer or shorter.
        same = Period(year - 1, here.end.replace(year=year - 1))
        same_span = before is not None and before.end == same.end
        return Base(observed(project, indicator.id, year - 1, unit) if same_span else None, same)
    wanted = Period(year - 1, month_end(year - 1, here.end.month))
    value = figure(project, indicator.id, year - 1, here.end.month, unit)
    if value is None and unit is not None and before is not None and before.end == wanted.end:
        value = observed(project, indicator.id, year - 1, unit)
    if value is not None or accumulates(project, indicator):
        return Base(value, wanted)
    return year_end()


def accumulates(project: ValidProject, indicator: Indicator) -> bool:
    """Whether the figure of a year under way is a 1–N月 sum, or computed from one: a flow, or a
    formula with a flow among its inputs (R&D强度 = 1–9月 R&D ÷ 1–9月 GDP). Such a figure has no
    year-end level to fall back on: last year's whole year is a different span (SPEC: a partial
    year is never compared with a whole one)."""
    return indicator.id in _accumulating(project.catalogue)


_SEEN: list[tuple[Catalogue, frozenset[str]]] = []  # the last catalogue asked about, and its answer


def _accumulating(catalogue: Catalogue) -> frozenset[str]:
    """The ids whose figures accumulate over the year, found once per catalogue (linear in the
    catalogue: a formula chain may be thousands deep, so no recursion and no walk per indicator)."""
    if _SEEN and _SEEN[0][0] is catalogue:
        return _SEEN[0][1]
    indicators = catalogue.indicators
    users: dict[str, list[str]] = {}  # id -> the indicators that use it
    for ind in indicators.values():
        for ref in (*(ind.formula.refs if ind.formula else ()), *ind.parts):
            users.setdefault(ref, []).append(ind.id)
    found = {i for i, ind in indicators.items() if ind.kind == "flow"}
    todo = list(found)
    while todo:
        for user in users.get(todo.pop(), ()):
            if user not in found and indicators[user].formula is not None:
                found.add(user)
                todo.append(user)
    answer = frozenset(found)
    _SEEN[:] = [(catalogue, answer)]
    return answer


def month_view(project: ValidProject, year: int, month: int) -> ValidProject:
    """`status YEAR --month N`: the project at the end of month N, or a usage error naming the
    months that have figures."""
    view = at_month(project, year, month)
    if view is not None:
        return view
    data = project.years.get(year)
    known = months_of(project, year)
    if data is None:
        raise UsageError(_("no data/{year}.yaml: no figures for any month of {year}").format(year=year))
    if data.as_of is not None and not data.complete and data.as_of < month_end(year, month):
        # month N has not ended by as_of (as_of: 2022-09-01 has no end of September yet)
        detail = _("the figures of {year} run to {date}").format(year=year, date=data.as_of)
    else:
        detail = _("data/{year}.yaml has no months: {month}: entry").format(year=year, month=month)
    have = ", ".join(map(str, known)) if known else _("none")
    raise UsageError(
        _("month {month}: {detail}; months with figures: {have}").format(month=month, detail=detail, have=have),
        code="month-not-reported",
        month=month,
        detail=detail,
        have=have,
    )
