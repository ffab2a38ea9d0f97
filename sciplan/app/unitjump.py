"""a returned 报送表's ratio against a comparable figure: 260 for 2.6% refused at its cell

As `import` holds the 统计局's ratios (check/rules.py value_jumps): 2.6 typed into a `0.00%` cell shows
260.00% and was read as 260 (%), a percentage taken twice, and 0.026 in a General cell is a fraction read as
0.026%. A share or an intensity never moves tenfold, so a figure more than 10× or under 1/10 of its
comparable one is refused at its cell (`FILE!报送表!D5: error[jump]`), before anything is written.

The comparable figure, the first there is: the unit's own figure of the same period last year (written or
computed from its formula, as the form's 去年同期 column shows it), the region's figure of the same period
(written or computed: R&D强度 from R&D and GDP), else at the year's latest month-end (as import holds a
ratio against this year's latest month-end), the unit's target (全年目标（分解）, a level)."""

from __future__ import annotations

from decimal import Context, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from sciplan.core.i18n import _

if TYPE_CHECKING:
    from sciplan.app.returned import Returned
    from sciplan.core.records import ValidProject


def comparable(project: ValidProject, returned: Returned, ident: str) -> tuple[Fraction, str] | None:
    """The figure `ident` of the returned unit is held against, and what it is (for the message)."""
    from sciplan.compute.periods import figure

    year, month, unit = returned.year, returned.month, returned.unit
    last = figure(project, ident, year - 1, month, unit)
    if last is not None and last.value > 0:
        return Fraction(last.value), _("{unit}'s figure for the same period last year").format(unit=unit)
    region_name = project.catalogue.region
    region = figure(project, ident, year, month)
    if region is not None and region.value > 0:
        return Fraction(region.value), _("{region}'s own figure for the same period").format(region=region_name)
    data = project.years.get(year)
    latest = data.month if data is not None else None
    region = figure(project, ident, year, latest) if latest is not None else None
    if region is not None and region.value > 0:  # a ratio is comparable from month to month (import's guard)
        return Fraction(region.value), _("{region}'s own figure at the end of month {month}").format(
            region=region_name, month=latest
        )
    entry = project.catalogue.indicators[ident].targets.get(year)
    target = entry.units.get(unit) if entry is not None else None
    if target is not None and target.kind == "level" and target.amount > 0:
        return Fraction(target.amount), _("{unit}'s target").format(unit=unit)
    return None


def jump_refused(project: ValidProject, returned: Returned, sheet: str) -> str | None:
    """`FILE!SHEET!CELL: error[jump]: …` for the first ratio of `returned` more than 10× or under 1/10 of its
    comparable figure; None when every ratio is within."""
    from sciplan.check.rules import JUMP
    from sciplan.check.rules_base import written
    from sciplan.core.numbers import fmt_natural

    for f in returned.figures:
        ind = project.catalogue.indicators.get(f.indicator)
        if ind is None or ind.kind != "ratio" or f.value <= 0:
            continue
        found = comparable(project, returned, f.indicator)
        if found is None:
            continue
        then, what = found
        factor = Fraction(f.value) / then
        if Fraction(1, JUMP) <= factor <= JUMP:
            continue
        times = (
            _("{factor}×").format(factor=fmt_natural(factor, 1))
            if factor >= 1
            else _("1/{factor} of").format(factor=fmt_natural(1 / factor, 1))
        )
        shown = Context(prec=4).divide(Decimal(then.numerator), Decimal(then.denominator))
        message = _(
            "{value}{unit} is {times} {what}, {previous}{unit}: a percentage taken twice (260 for 2.6%: 2.6 "
            "typed into a cell formatted 0.00%) or a fraction (0.026 for 2.6%)? Correct the cell (2.6 in a "
            "General cell is 2.6%), then import"
        ).format(value=written(f.value), unit=ind.unit, times=times, what=what, previous=written(shown.normalize()))
        return f"{returned.file}!{sheet}!{f.cell}: error[jump]: {message}"
    return None
