"""Why a YoY (同比) cell is empty, said under the table: last year's figure for the same period is
not in the data, the figures run to a day that is not a month's end (only equal spans compare), or
last year's figure is 0 or below (growth from it is no percentage)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import TYPE_CHECKING

from sciplan.core.i18n import _
from sciplan.views import Note
from sciplan.views.words import full_date_text

if TYPE_CHECKING:
    from sciplan.compute.status import Result


def missing_base_notes(results: list[Result]) -> list[Note]:
    """同比 of a year under way needs last year's figure for the same months: say which are missing."""
    unequal: list[str] = []
    day = None
    for r in results:
        if r.previous_missing and r.previous_period is not None and not r.previous_period.month_end:
            unequal.append(r.indicator.name)  # a span to a day that is not a month's end
            day = r.period.end if r.period is not None else r.previous_period.end
    notes = missing_month_notes(results)
    if unequal and day is not None:
        notes.append(unequal_span_note(day, unequal))
    notes += zero_base_notes(
        [
            (r.indicator.name, r.previous.value)
            for r in results
            if r.previous is not None and no_growth_base(r.indicator.percent, r.actual, r.previous.value, r.yoy)
        ]
    )
    return notes


def missing_month_notes(results: list[Result], *, document: bool = False) -> list[Note]:
    """The 同比 cells left empty because last year's figure for the same months is not in the data:
    `同比：…缺少2021年1–10月数据，无法比较`. `status` adds where to write it (`months: 10:` in
    data/2021.yaml); a `document` (the report's 表注) says only why the cell is empty."""
    missing: dict[tuple, list[str]] = {}
    for r in results:
        if r.previous_missing and r.previous_period is not None and r.previous_period.month_end:
            # a formula missing its base here is one of 1–N月 sums (R&D强度): named with them
            kind = "flow" if r.indicator.formula is not None else r.indicator.kind
            key = (r.previous_period.year, r.previous_period.end.month, r.previous_period.label(kind))
            missing.setdefault(key, []).append(r.indicator.name)
    notes = []
    for (year, month, label), names in missing.items():
        if document:
            text = _("YoY: no {period} figure to compare with for {names}").format(period=label, names=few(names))
        else:
            text = _(
                "YoY: no {period} figure to compare with for {names}; add it under months: {month}: in data/{year}.yaml"
            ).format(period=label, names=_(", ").join(names), month=month, year=year)
        notes.append(Note(text, "dim"))
    return notes


FEW = 3  # a 表注 names up to this many indicators; more are counted (22项指标), never a 9-line list


def few(names: list[str]) -> str:
    """Names for a document's 表注: `A、B、C`, or `22项指标` past FEW."""
    if len(names) > FEW:
        return _("{n} indicators").format(n=len(names))
    return _(", ").join(names)


def zero_base_notes(bases: list[tuple[str, Fraction]]) -> list[Note]:
    """Growth (%) on a base of 0 or below has no meaning: the YoY cell is empty, and this says why
    (the base is reported, and it is 0), never that it is missing. `bases`: (name, last year's
    figure) of the indicators whose growth could not be computed."""
    zero = [name for name, base in bases if base == 0]
    negative = [name for name, base in bases if base < 0]
    notes = []
    if zero:
        text = _("YoY: cannot be computed for {names}: last year's figure for the same period is 0")
        notes.append(Note(text.format(names=_(", ").join(zero)), "dim"))
    if negative:
        text = _("YoY: cannot be computed for {names}: last year's figure for the same period is below 0")
        notes.append(Note(text.format(names=_(", ").join(negative)), "dim"))
    return notes


def no_growth_base(percent: bool, actual: object, previous: Fraction | None, change: Fraction | None) -> bool:
    """A growth rate (not a pp change) that has a figure and a base, yet no value: the base is <= 0."""
    return not percent and actual is not None and previous is not None and change is None and previous <= 0


def unequal_span_note(day: dt.date, names: list[str]) -> Note:
    """Figures to a day that is not a month's end have no 同比 unless last year's run to the same
    day: last year's 1–N月 is a longer or shorter span, and would give growth of the wrong size or sign."""
    text = _(
        "YoY: none for {names}: the figures run to {date}, not a month's end, and {last} has no figures "
        "to the same day; only equal spans are compared"
    ).format(names=_(", ").join(names), date=full_date_text(day), last=day.year - 1)
    return Note(text, "dim")
