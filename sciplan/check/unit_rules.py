"""The rules on the 板块's own figures within the year (`units: months:`), as the region's figures have them:
the parts add up to the whole at every month, no part is over the whole, nothing counted is below zero, and
a 1–N月累计 does not fall from one month to a later one (rules.py registers them with the other warnings).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from fractions import Fraction

from sciplan.core.i18n import _
from sciplan.core.numbers import fmt_natural
from sciplan.core.problem import Problem
from sciplan.core.records import Actual, Project, ValidProject, YearData
from sciplan.load.parser import dotted


def _monthly(data: YearData) -> Iterator[tuple[int, dict[str, Actual], dict[str, dict[str, Actual]], tuple]]:
    """Each month of the year the units report: (month, the region's figures then, the units' figures then,
    the path of the region's figures in the file). The as_of month's figures are the actuals, which the
    yearly rules check already: it is given only where `units: months:` holds it too."""
    for month, units in sorted(data.unit_months.items()):
        region = dict(data.months.get(month, {}))
        path: tuple = ("months", month)
        if not region and data.month == month:
            region, path = dict(data.actuals), ("actuals",)
        figures = {u: dict(v) for u, v in units.items()}
        if data.month == month:  # a unit given only in the actuals holds its as_of figure there
            for unit, values in data.units.items():
                figures.setdefault(unit, dict(values))
        yield month, region, figures, path


def units_sum_by_month(project: Project) -> list[Problem]:
    """Warn when the units' figures of a month (`units: months: 6:`) do not add up to the region's figure of that
    month (all reported), or when those reported so far are already more than it (a share over 100%)."""
    if not isinstance(project, ValidProject) or not project.catalogue.units:
        return []
    cat = project.catalogue
    problems = []
    for data in project.years.values():
        for month, region, figures, at in _monthly(data):
            for ind in cat.indicators.values():
                total = region.get(ind.id)
                if ind.kind == "ratio" or ind.percent or total is None:
                    continue
                values = {u: figures.get(u, {}).get(ind.id) for u in cat.units}
                given = {u: v for u, v in values.items() if v is not None}
                if not given or (month == data.month and at == ("actuals",) and len(given) == len(values)):
                    continue  # the yearly units-sum rule checks the as_of month's actuals
                added = sum((Fraction(v.value) for v in given.values()), Fraction(0))
                numbers = {"added": fmt_natural(added, 4), "total": fmt_natural(Fraction(total.value), 4)}
                if len(given) == len(values):
                    from sciplan.check.sums import adds_up

                    if adds_up(total.value, added):
                        continue
                    message = _("the units ({units}) add up to {added}, not {total}").format(
                        units=", ".join(cat.units), **numbers
                    )
                elif total.value >= 0 and all(v.value >= 0 for v in given.values()) and added > total.value:
                    message = _("the units reported ({units}) already add up to {added}, more than {total}").format(
                        units=", ".join(given), **numbers
                    )
                else:
                    continue
                path = (*at, ind.id)
                problems.append(
                    project.problem(data.file, path, "units-sum", f"{dotted(path)}: {message}", severity="warning")
                )
    return problems


def units_negative(project: Project) -> list[Problem]:
    """Warn about a unit's count or amount below zero (units: and units: months:), as for the region's."""
    if not isinstance(project, ValidProject) or not project.catalogue.units:
        return []
    problems = []
    for data in project.years.values():
        places: list[tuple[tuple, Mapping[str, Actual]]] = [(("units", u), values) for u, values in data.units.items()]
        for month, units in sorted(data.unit_months.items()):
            places += [(("units", "months", month, u), values) for u, values in units.items()]
        for at, values in places:
            for ident, actual in values.items():
                ind = project.catalogue.indicators.get(ident)
                if ind is None or actual.value >= 0 or ind.kind == "ratio" or ind.percent:
                    continue
                what = _("count or amount") if ind.kind == "flow" else _("level")
                message = _("{value} is negative; {name} is a {what}").format(
                    value=format(actual.value.normalize(), "f") + ind.unit, name=ind.name, what=what
                )
                path = (*at, ident)
                problems.append(
                    project.problem(data.file, path, "negative", f"{dotted(path)}: {message}", severity="warning")
                )
    return problems


def units_months_fall(project: Project) -> list[Problem]:
    """Warn when a unit's 1–N月累计 of a flow falls from one month to a later one (or to its actuals)."""
    from sciplan.check.rules import JUMP

    if not isinstance(project, ValidProject) or not project.catalogue.units:
        return []
    problems = []
    for data in project.years.values():
        if not data.unit_months:
            continue
        for unit in project.catalogue.units:
            for ind in project.catalogue.indicators.values():
                if ind.kind != "flow":
                    continue
                seen: list[tuple[int, tuple, Actual]] = [
                    (m, ("units", "months", m, unit, ind.id), v[unit][ind.id])
                    for m, v in sorted(data.unit_months.items())
                    if ind.id in v.get(unit, {})
                ]
                own = data.units.get(unit, {})
                if data.month is not None and ind.id in own and data.month not in data.unit_months:
                    seen.append((data.month, ("units", unit, ind.id), own[ind.id]))
                for (month, _first, before), (_month, path, after) in itertools.pairwise(seen):
                    if after.value >= before.value:
                        continue
                    code = "month-fall" if after.value * JUMP >= before.value else "month-slip"
                    message = _(
                        "{path}: {after}{unit} is less than the {before}{unit} at the end of month {month}; "
                        "{name} counts from January and never falls (a figure of one month alone?)"
                    ).format(
                        path=dotted(path),
                        after=format(after.value.normalize(), "f"),
                        before=format(before.value.normalize(), "f"),
                        unit=ind.unit,
                        month=month,
                        name=ind.name,
                    )
                    problems.append(project.problem(data.file, path, code, message, severity="warning"))
    return problems
