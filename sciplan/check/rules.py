"""Cross-file rules for `sciplan check`, each a small pure function `rule(project) -> problems`.

Loading already reports what is wrong inside one file (syntax, shapes, ids, values, targets).
These rules look across files: completeness of closed years, values that jump suspiciously,
reported values that disagree with their formula, and parts or sub-units that do not add up.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction

from sciplan.check.rules_base import actual_warning, written
from sciplan.check.sums import parts_sum, units_sum, units_target_sum
from sciplan.check.unit_rules import units_months_fall, units_negative, units_sum_by_month
from sciplan.core.i18n import _
from sciplan.core.internal import debugging, internal_error_text
from sciplan.core.numbers import MAX_DIGITS, fmt_natural
from sciplan.core.problem import Problem, in_order
from sciplan.core.records import Actual, Project, ValidProject, YearData
from sciplan.load.parser import dotted
from sciplan.validate.values import MONEY
from sciplan.validate.years import as_of_contradictions, missing_years

Rule = Callable[[Project], list[Problem]]
JUMP = 10  # more than 10x up or down from last year: likely 万元 written as 亿元, or the reverse


def final_year_complete(project: Project) -> list[Problem]:
    """A final (closed) year needs an actual for every indicator it has a target for: reported,
    or computed from its formula, parts or sub-units, as `status` sees it."""
    from sciplan.compute.observed import implausible, observed

    if not isinstance(project, ValidProject):
        return []
    problems = []
    broken = {p.file for p in project.problems if p.severity == "error"}
    for year, data in project.years.items():
        if not data.final or data.file in broken:  # its errors already say why values are absent
            continue
        for ind in project.catalogue.indicators.values():
            if (
                year in ind.targets
                and ind.id not in data.unreadable
                and observed(project, ind.id, year) is None
                and implausible(project, ind.id, year) is None  # computed_in_range says why
            ):
                problems.append(
                    project.problem(
                        data.file,
                        ("actuals", ind.id),
                        "missing-actual",
                        _(
                            "actuals.{id}: {year} is final but {name} (target {target}) has no actual; add it, "
                            "or set final: false while figures are still coming in"
                        ).format(id=ind.id, year=year, name=ind.name, target=ind.targets[year].target.text),
                        key=True,
                    )
                )
    return problems


def computed_in_range(project: Project) -> list[Problem]:
    """A value computed from others (formula, parts, sub-units) beyond the digits a written value
    may have is an error: likely inputs in the wrong unit, or a formula that multiplies amounts."""
    from sciplan.compute.observed import implausible
    from sciplan.store.snapshot import TARGETS

    if not isinstance(project, ValidProject):
        return []
    problems = []
    for year in project.years:
        for ind in project.catalogue.indicators.values():
            found = implausible(project, ind.id, year)
            if found is None:
                continue
            via = found.via if found.via in ("formula", "parts") else None
            path = ("indicators", ind.id, *([via] if via else []))
            inputs = {"formula": _("the formula"), "parts": _("the sum of the parts")}.get(
                via or "", _("the units' sum")
            )
            digits = len(str(abs(int(found.value))))
            message = _(
                "{path}: in {year}, {inputs} gives a number of {digits} digits, more "
                "than the {most} a figure can have; check the units of the values it uses"
            ).format(path=dotted(path), year=year, inputs=inputs, digits=digits, most=MAX_DIGITS)
            problems.append(project.problem(TARGETS, path, "out-of-range", message))
    return problems


def shares_in_range(project: Project) -> list[Problem]:
    """Warn when a share (a ratio in %) is below 0 or above 100: no share can be."""
    if not isinstance(project, ValidProject):
        return []
    problems = []
    for data in project.years.values():
        tables: list[tuple[tuple, Mapping[str, Actual]]] = [(("actuals",), data.actuals)]
        tables += [(("peers", name), values) for name, values in data.peers.items()]
        tables += [(("units", name), values) for name, values in data.units.items()]
        for where, values in tables:
            for ident, actual in values.items():
                ind = project.catalogue.indicators[ident]
                if ind.kind == "ratio" and ind.percent and not 0 <= actual.value <= 100:
                    path = (*where, ident)
                    message = _(
                        "{path}: {value}% is outside 0–100%; {name} is a share (kind: ratio), which cannot be"
                    ).format(path=dotted(path), value=written(actual.value), name=ind.name)
                    problems.append(project.problem(data.file, path, "share-range", message, severity="warning"))
    return problems


def value_jumps(project: Project) -> list[Problem]:
    """Warn when a value is over 10x, or under 1/10 of, last year's: a likely unit mix-up. A ratio (R&D
    intensity, a share in %) is held against last year's figure, written or computed from its formula, and
    without one against this year's latest month-end figure: 260 (%) for 2.6 is a percentage read twice,
    0.026 for 2.6 one read as a fraction; a share or an intensity never moves tenfold in a year."""
    if not isinstance(project, ValidProject):
        return []
    problems = []
    for year, data in project.years.items():
        before = project.years.get(year - 1)
        for ident, actual in data.actuals.items():
            ind = project.catalogue.indicators[ident]
            prev = _same_period(project, data, before, ident) if before is not None else None
            month_end = None  # the earlier month of this year a ratio is held against
            computes = before is not None and ind.formula is not None and (before.complete or ind.kind == "ratio")
            if prev is None and computes:
                # a figure written for an indicator last year computed (R&D强度 = R&D ÷ GDP): held against
                # that computed value, so 260 (%) for 2.6 is a jump as it would be against a written one
                prev = _computed(project, ident, year - 1)
            if prev is None and ind.kind == "ratio":
                prev, month_end = _earlier_month(project, data, ident)
            # no same period last year: a flow's 1–N月 above ten times last year's WHOLE year is still a slip
            # (62000 written in 亿元 for 万元); only upward, a part of the year may well be under a tenth
            whole = prev is None and before is not None and data.month not in (None, 12) and before.complete
            if whole and before is not None:
                prev = before.actuals.get(ident)
            if prev is None or prev.value <= 0 or actual.value <= 0:
                continue
            now, then = actual.value, prev.value
            if type(now) is Decimal and type(then) is Decimal:
                # exact, without a Fraction each (a 1,000-indicator root has 10,000 pairs): figures hold at
                # most 15 significant digits (validate/values.py), so ×10 stays within Decimal's 28
                jump = now > then * JUMP or (now * JUMP < then and not whole)
            else:
                ratio = Fraction(now) / Fraction(then)
                jump = ratio > JUMP or (ratio < Fraction(1, JUMP) and not whole)
            if jump:
                factor = Fraction(now) / Fraction(then)
                unit = ind.unit
                hint = _("check for a typo or a misplaced point")
                if unit in MONEY:
                    hint = _("check the unit (万元 vs 亿元?)")
                elif ind.percent:
                    hint = _(
                        "check for a misplaced point, a percentage taken twice (260 for 2.6%) or a fraction "
                        "(0.026 for 2.6%)"
                    )
                if month_end is not None:
                    template = _("{value} is {times} the {previous} at the end of month {month}")
                elif whole:
                    template = _("{value} is {times} last year's whole-year {previous}")
                else:
                    template = _("{value} is {times} last year's {previous}")
                message = template.format(
                    value=written(actual.value) + unit,
                    times=_times(factor),
                    previous=written(prev.value) + unit,
                    month=month_end,
                )
                problems.append(
                    actual_warning(
                        project, data, ident, "jump", _("{message}; {hint}").format(message=message, hint=hint)
                    )
                )
    return problems


def _computed(project: ValidProject, ident: str, year: int) -> Actual | None:
    """The value `ident` computes to in `year` (from its formula, parts or units), to 4 significant digits as
    a message shows it (2.41, not a fraction of 60 digits); None when it computes to none, or to 0 or less."""
    from decimal import Context, Decimal

    from sciplan.compute.observed import observed

    seen = observed(project, ident, year)
    if seen is None or seen.value <= 0:
        return None
    return Actual(Context(prec=4).divide(Decimal(seen.value.numerator), Decimal(seen.value.denominator)))


def _earlier_month(project: ValidProject, data: YearData, ident: str) -> tuple[Actual | None, int | None]:
    """A ratio's figure at this year's latest month-end before the actuals' month, written or computed
    (September's R&D intensity from September's R&D and GDP), and that month; (None, None) without one."""
    from decimal import Context, Decimal

    from sciplan.compute.periods import figure

    if data.month is None:  # the actuals' period is not known: no month is earlier
        return None, None
    for month in sorted((m for m in data.months if m < data.month), reverse=True):
        seen = figure(project, ident, data.year, month)
        if seen is not None and seen.value > 0:
            shown = Context(prec=4).divide(Decimal(seen.value.numerator), Decimal(seen.value.denominator))
            return Actual(shown), month
    return None, None


def _same_period(project: ValidProject, data: YearData, before: YearData, ident: str) -> Actual | None:
    """Last year's figure to hold `ident` against: of the same period for a flow in a year under way (1–6月
    with last year's 1–6月, from its months: or its actuals as of that month), never last year's whole
    year; None when last year does not have it. Stocks and ratios, and closed years: last year's actuals."""
    month = data.month
    if project.catalogue.indicators[ident].kind != "flow" or month is None or month == 12:
        return before.actuals.get(ident)
    same = before.months.get(month, {}).get(ident)
    if same is None and before.month == month:
        same = before.actuals.get(ident)
    return same


def negative_values(project: Project) -> list[Problem]:
    """Warn about negative counts and amounts: a flow or stock below zero is almost always a slip
    (ratios and rates may well be negative)."""
    if not isinstance(project, ValidProject):
        return []
    problems = []
    for data in project.years.values():
        for ident, actual in data.actuals.items():
            ind = project.catalogue.indicators[ident]
            if actual.value < 0 and ind.kind != "ratio" and not ind.percent:
                what = _("count or amount") if ind.kind == "flow" else _("level")
                message = _("{value} is negative; {name} is a {what}").format(
                    value=written(actual.value) + ind.unit, name=ind.name, what=what
                )
                problems.append(actual_warning(project, data, ident, "negative", message))
    return problems


def final_estimates(project: Project) -> list[Problem]:
    """Warn about year-end estimates (预计数) left in a closed year: once a year is final, its figures
    should be the 快报, 年报 or 公报 ones, or the year is not yet final."""
    if not isinstance(project, ValidProject):
        return []
    problems = []
    for data in project.years.values():
        if not data.final:
            continue
        places: list[tuple[tuple[str, ...], Actual]] = [(("actuals", i), a) for i, a in data.actuals.items()]
        places += [(("units", u, i), a) for u, values in data.units.items() for i, a in values.items()]
        for path, actual in places:
            if actual.stage != "estimate":
                continue
            ind = project.catalogue.indicators[path[-1]]
            message = _(
                "{path}: {year} is final but {name} is still the estimate (预计数) {value}; "
                "write the 快报 or 年报 figure with its stage:, or set final: false"
            ).format(path=dotted(path), year=data.year, name=ind.name, value=written(actual.value) + ind.unit)
            problems.append(project.problem(data.file, path, "estimate-in-final", message, severity="warning"))
    return problems


def formula_mismatch(project: Project) -> list[Problem]:
    """Warn when a reported value and its formula disagree by more than 1%."""
    from sciplan.compute.observed import derived

    if not isinstance(project, ValidProject):
        return []
    problems = []
    for year, data in project.years.items():
        for ind in project.catalogue.indicators.values():
            actual = data.actuals.get(ind.id)
            if ind.formula is None or actual is None:
                continue
            computed = derived(project, ind.id, year)
            if computed is None or computed.value == 0:
                continue
            off = abs(Fraction(actual.value) - computed.value) / abs(computed.value)
            if off > Fraction(1, 100):
                message = _("reported {reported} but {formula} gives {computed} ({apart}% apart)").format(
                    reported=fmt_natural(Fraction(actual.value), 4),
                    formula=ind.formula,
                    computed=fmt_natural(computed.value, 4),
                    apart=fmt_natural(off * 100, 1),
                )
                problems.append(actual_warning(project, data, ind.id, "formula-mismatch", message))
    return problems


def months_fall(project: Project) -> list[Problem]:
    """Warn when a flow's cumulative figure (1–N月累计) falls from one month to a later one, or to
    the actuals: a figure of one month alone, or a slip. Stocks and ratios may move either way."""
    if not isinstance(project, ValidProject):
        return []
    problems = []
    for data in project.years.values():
        if not data.months:
            continue
        for ind in project.catalogue.indicators.values():
            if ind.kind != "flow":
                continue
            seen: list[tuple[int, tuple, Actual]] = [
                (m, ("months", m, ind.id), v[ind.id]) for m, v in sorted(data.months.items()) if ind.id in v
            ]
            if data.month is not None and ind.id in data.actuals and data.month not in data.months:
                seen.append((data.month, ("actuals", ind.id), data.actuals[ind.id]))
            for (month, _first, before), (_month, path, after) in itertools.pairwise(seen):
                if after.value < before.value:
                    code = "month-fall" if after.value * JUMP >= before.value else "month-slip"
                    message = _(
                        "{path}: {after}{unit} is less than the {before}{unit} at the end of month {month}; "
                        "{name} counts from January and never falls (a figure of one month alone?)"
                    ).format(
                        path=dotted(path),
                        after=written(after.value),
                        before=written(before.value),
                        unit=ind.unit,
                        month=month,
                        name=ind.name,
                    )
                    problems.append(project.problem(data.file, path, code, message, severity="warning"))
    return problems


def milestones_after_as_of(project: Project) -> list[Problem]:
    """Warn about a task recorded done after the file's as_of: the figures stand at as_of, so it
    is not counted done there (a typo in the date, or as_of not moved on)."""
    problems = []
    for data in project.years.values():
        for ident, progress in data.milestones.items():
            if data.as_of is not None and progress.done is not None and progress.done > data.as_of:
                message = _(
                    "milestones.{id}.done: {done} is after as_of ({date}); it counts as done only from that date"
                ).format(id=ident, done=progress.done.isoformat(), date=data.as_of.isoformat())
                path = ("milestones", ident, "done")
                problems.append(project.problem(data.file, path, "done-after-as-of", message, severity="warning"))
    return problems


def roll_call(project: Project) -> list[Problem]:
    """Warn about every unit with no figure in an open year reported as of a date (未报送)."""
    from sciplan.compute.units import not_reported

    if not isinstance(project, ValidProject) or not project.catalogue.units:
        return []
    problems = []
    for year, unit, month in not_reported(project):
        data = project.years[year]
        path = ("units",) if data.units or data.unit_months else ("as_of",)
        message = _("not reported: {unit} (month {month})").format(unit=unit, month=month)
        problems.append(project.problem(data.file, path, "not-reported", message, severity="warning", key=True))
    return problems


def _times(factor: Fraction) -> str:
    if factor >= 1:
        return _("{factor}×").format(factor=fmt_natural(factor, 1))
    return _("1/{factor} of").format(factor=fmt_natural(1 / factor, 1))


COMPLETENESS: tuple[Rule, ...] = (final_year_complete, computed_in_range, as_of_contradictions)
WARNINGS: tuple[Rule, ...] = (
    value_jumps,
    negative_values,
    shares_in_range,
    formula_mismatch,
    parts_sum,
    units_sum,
    units_sum_by_month,
    units_negative,
    units_target_sum,
    months_fall,
    units_months_fall,
    milestones_after_as_of,
    missing_years,
    final_estimates,
    roll_call,
)
RULES: tuple[Rule, ...] = COMPLETENESS + WARNINGS


def run(project: Project, rules: tuple[Rule, ...] = RULES, *, include_loading: bool = True) -> list[Problem]:
    """The problems of each rule (and, with `include_loading`, those found while loading), in file
    order. The rules need a catalogue; without one they find nothing more."""
    found = list(project.problems) if include_loading else []
    for rule in rules:
        try:
            found += rule(project)
        except Exception as exc:  # one failing rule is a finding (exit 70 below), not a crash of them all
            if debugging():
                raise
            found.append(Problem("targets.yaml", 1, 1, "error", "internal-error", internal_error_text(exc)))
    return in_order(found)
