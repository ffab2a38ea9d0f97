"""序时进度: is a flow indicator where it should be, this far into the year? (SPEC 5.5)

Elapsed share of the year: n/12 at a month's end, else day of year / days in year. A flow
indicator with an at-least target compares its completion (actual / target) with that share, or
with its `profile` (12 cumulative monthly percentages) for back-loaded work such as high-tech
certification, which is announced mostly in Q4. Stocks and ratios are not paced.
"""

from __future__ import annotations

import calendar
import datetime as dt
from fractions import Fraction
from typing import NamedTuple

from sciplan.core.dates import days_in_month, is_month_end
from sciplan.core.records import Indicator, Resolved


class Pace(NamedTuple):
    elapsed: Fraction  # % of the year gone by the calendar
    expected: Fraction  # % of the target expected by now: the profile's, else `elapsed`
    completion: Fraction  # actual / target × 100
    gap: Fraction  # completion − expected, in pp (negative: behind)
    light: str  # green | yellow | red


def elapsed_share(as_of: dt.date) -> Fraction:
    """% of the year elapsed at `as_of`: 9/12 at 30 September, day/365 (or 366) mid-month."""
    if is_month_end(as_of):
        return Fraction(as_of.month, 12) * 100
    days = 366 if calendar.isleap(as_of.year) else 365
    return Fraction(as_of.timetuple().tm_yday, days) * 100


def expected_share(as_of: dt.date, profile: tuple[Fraction, ...] | None) -> Fraction:
    """% of the year's target expected done at `as_of`: the profile, linear within a month."""
    if profile is None:
        return elapsed_share(as_of)
    month = as_of.month
    before = profile[month - 2] if month > 1 else Fraction(0)
    if is_month_end(as_of):
        return profile[month - 1]
    days = days_in_month(as_of.year, month)
    return before + (profile[month - 1] - before) * Fraction(as_of.day, days)


def light(gap: Fraction, yellow: Fraction, red: Fraction) -> str:
    """Up to `yellow` pp behind is green, up to `red` yellow, more red (a city's 红黄绿灯 scheme)."""
    behind = -gap
    if behind <= yellow:
        return "green"
    if behind <= red:
        return "yellow"
    return "red"


def pace(
    indicator: Indicator,
    resolved: Resolved | None,
    actual: Fraction | None,
    as_of: dt.date,
    yellow: Fraction = Fraction(10),
    red: Fraction = Fraction(30),
) -> Pace | None:
    """The pace of one indicator in an open year, or None where pacing does not apply."""
    if indicator.kind != "flow" or resolved is None or resolved.value is None or actual is None:
        return None
    if not resolved.op.startswith(">") or resolved.value <= 0:
        return None  # at-most targets and non-positive thresholds have no share to be ahead of
    elapsed = elapsed_share(as_of)
    expected = expected_share(as_of, indicator.profile)
    completion = actual / resolved.value * 100
    gap = completion - expected
    return Pace(elapsed, expected, completion, gap, light(gap, yellow, red))
