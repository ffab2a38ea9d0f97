"""parts and wholes: parts, sub-units and split targets that do not add up.

Parts that do not add up to their total, sub-units that do not add up to the region, a target split
across the units that does not reach the region's target."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from sciplan.check.rules_base import actual_warning, written
from sciplan.core.i18n import _
from sciplan.core.numbers import fmt_natural, round_half_up
from sciplan.core.problem import Problem
from sciplan.core.records import Actual, Project, ValidProject
from sciplan.load.parser import dotted


def _sum_text(added: Fraction, total: Actual) -> str:
    return _("{added}, not {total}").format(added=fmt_natural(added, 4), total=fmt_natural(Fraction(total.value), 4))


def parts_sum(project: Project) -> list[Problem]:
    """Warn when a total's parts, all reported, do not add up to the reported total."""
    from sciplan.compute.observed import reported

    if not isinstance(project, ValidProject):
        return []
    problems = []
    for year, data in project.years.items():
        for ind in project.catalogue.indicators.values():
            total = data.actuals.get(ind.id)
            parts = [reported(project, part, year) for part in ind.parts]
            if not ind.parts or total is None or any(p is None for p in parts):
                continue
            added = sum((p.value for p in parts if p is not None), Fraction(0))
            if not adds_up(total.value, added):
                message = _("{parts} add up to {sum}").format(parts=" + ".join(ind.parts), sum=_sum_text(added, total))
                problems.append(actual_warning(project, data, ind.id, "parts-sum", message))
    return problems


def units_sum(project: Project) -> list[Problem]:
    """Warn when the sub-units, all reported, do not add up to the region's reported value."""
    from sciplan.compute.observed import reported

    if not isinstance(project, ValidProject) or not project.catalogue.units:
        return []
    cat = project.catalogue
    problems = []
    for year, data in project.years.items():
        for ind in cat.indicators.values():
            total = data.actuals.get(ind.id)
            values = [reported(project, ind.id, year, unit) for unit in cat.units]
            if ind.kind == "ratio" or ind.percent or total is None or any(v is None for v in values):
                continue
            added = sum((v.value for v in values if v is not None), Fraction(0))
            if not adds_up(total.value, added):
                message = _("the units ({units}) add up to {sum}").format(
                    units=", ".join(cat.units), sum=_sum_text(added, total)
                )
                problems.append(actual_warning(project, data, ind.id, "units-sum", message))
    return problems


def units_target_sum(project: Project) -> list[Problem]:
    """Warn when a target split across all the units does not reach the region's target: the
    target was raised (全年新增高企50家 → 60家) and the split left as it was. Units given more than
    the region (层层加码) are usual and pass; ratios and rank or growth targets are not summed."""
    if not isinstance(project, ValidProject) or not project.catalogue.units:
        return []
    cat = project.catalogue
    problems = []
    for ind in cat.indicators.values():
        if ind.kind == "ratio" or ind.percent:
            continue
        for year, entry in ind.targets.items():
            t, split = entry.target, entry.units
            if t.kind != "level" or t.op not in (">=", ">") or set(split) != set(cat.units):
                continue
            if any(u.kind != "level" or u.op not in (">=", ">") for u in split.values()):
                continue
            added = sum((u.amount for u in split.values()), Decimal(0))
            if added > t.amount or (added == t.amount and t.op == ">="):
                continue
            parts = _(", ").join(
                _("{unit} {target}").format(unit=unit, target=written(u.amount)) for unit, u in split.items()
            )
            template = (
                _("the units' targets ({parts}) add up to {sum}, less than {target}")
                if added < t.amount
                else _("the units' targets ({parts}) add up to {sum}, not above {target}")
            )
            message = template.format(parts=parts, sum=written(added), target=written(t.amount))
            path = ("indicators", ind.id, "targets", year)
            problems.append(
                project.problem(
                    "targets.yaml", path, "units-target-sum", f"{dotted(path)}: {message}", severity="warning"
                )
            )
    return problems


def adds_up(total: Decimal, added: Fraction) -> bool:
    """Equal to the precision the total is written with: parts of 120.3 + 429.6 make a total of 550."""
    places = max(0, -int(total.as_tuple().exponent))
    return round_half_up(added, places) == Fraction(total)
