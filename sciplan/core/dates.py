"""Calendar arithmetic the figures need, in one place: the last day of a month, and whether a date is one
(序时进度 counts whole months at a month's end; 1–N月 figures are as of the end of month N)."""

from __future__ import annotations

import calendar
import datetime as dt


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_end(year: int, month: int) -> dt.date:
    """The last day of `month` in `year`: 2024-02-29, 2023-02-28, 2022-09-30."""
    return dt.date(year, month, days_in_month(year, month))


def is_month_end(day: dt.date) -> bool:
    return day.day == days_in_month(day.year, day.month)
