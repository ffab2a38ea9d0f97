"""The value of an indicator in a year, as far as it is known.

This is the one place that decides what "the actual" is, so every command agrees on it. In order:
the reported value; else the indicator's formula over the same year's values (SPEC 5.3); else
the sum of its parts; else, for the region, the sum of its sub-units (乡镇/园区) when every unit
reports (SPEC 5.7). Ratios never add up. Missing is never zero.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from sciplan.core.records import PROVISIONAL, ValidProject, earliest_stage
from sciplan.validate.values import MAX_DIGITS

LIMIT = Fraction(10) ** MAX_DIGITS


class Observed(NamedTuple):
    value: Fraction
    approximate: bool = False  # written as 100余, 近100, 100+ (or computed from such a value)
    estimated: bool = False  # a preliminary figure (预计数), or computed from one
    via: str | None = None  # how a value not reported was computed: formula | parts | units
    stage: str | None = None  # 预计 → 快报 → 年报 → 公报 (records.STAGES); computed: the earliest of its inputs

    @property
    def provisional(self) -> bool:
        """A figure still to be revised (预计数 or 快报): shown with `*`."""
        return self.estimated or self.stage in PROVISIONAL

    @property
    def derived(self) -> bool:
        return self.via is not None


def reported(project: ValidProject, indicator: str, year: int, unit: str | None = None) -> Observed | None:
    """What the data file says (for the region, or one sub-unit), ignoring formulas and sums."""
    data = project.years.get(year)
    if data is None:
        return None
    values = data.actuals if unit is None else data.units.get(unit, {})
    actual = values.get(indicator)
    if actual is None:
        return None
    return Observed(Fraction(actual.value), actual.approximate, actual.estimated, None, actual.stage)


def observed(project: ValidProject, indicator: str, year: int, unit: str | None = None) -> Observed | None:
    """The best-known value of `indicator` in `year` (for the region, or one sub-unit), or None."""
    found = reported(project, indicator, year, unit)
    if found is not None:
        return found
    found = _computed(project, indicator, year, unit)
    return found if found is not None and plausible(found.value) else None


def plausible(value: Fraction) -> bool:
    """A computed value is a figure only within the digits a written one may have: a formula that
    multiplies large values (or units mixed up) is refused (`check` says so), never shown or
    passed on; a double could not even hold it."""
    return -LIMIT < value < LIMIT


def implausible(project: ValidProject, indicator: str, year: int) -> Observed | None:
    """The region's value computed for `indicator` in `year` when it is beyond `plausible`."""
    if reported(project, indicator, year) is not None:
        return None
    found = _computed(project, indicator, year)
    return found if found is not None and not plausible(found.value) else None


def _computed(project: ValidProject, indicator: str, year: int, unit: str | None = None) -> Observed | None:
    """The value computed from others: the formula's, else the parts' sum, else the units' sum."""
    ind = project.catalogue.indicators.get(indicator) if project.catalogue else None
    if ind is None:
        return None
    if ind.formula is not None:
        found = _formula(project, indicator, year, unit)
        if found is not None:
            return found
    if ind.parts:
        found = _sum([observed(project, part, year, unit) for part in ind.parts], "parts")
        if found is not None:
            return found
    if unit is None and ind.kind != "ratio" and not ind.percent and project.catalogue.units:
        return _sum([observed(project, indicator, year, u) for u in project.catalogue.units], "units")
    return None


def derived(project: ValidProject, indicator: str, year: int, unit: str | None = None) -> Observed | None:
    """The indicator's formula over the year's values, when plausible."""
    found = _formula(project, indicator, year, unit)
    return found if found is not None and plausible(found.value) else None


def _formula(project: ValidProject, indicator: str, year: int, unit: str | None = None) -> Observed | None:
    """The indicator's formula over the year's values (formulas are acyclic: checked on load)."""
    ind = project.catalogue.indicators.get(indicator) if project.catalogue else None
    if ind is None or ind.formula is None:
        return None
    inputs: dict[str, Observed] = {}
    for ref in ind.formula.refs:
        value = observed(project, ref, year, unit)
        if value is None:
            return None
        inputs[ref] = value
    result = ind.formula.evaluate(lambda ref: inputs[ref].value)
    if result is None:  # division by zero
        return None
    return _combined(result, list(inputs.values()), "formula")


def _sum(values: list[Observed | None], via: str) -> Observed | None:
    """The total of values that are all known; one unknown makes the total unknown."""
    if not values or any(v is None for v in values):
        return None
    known = [v for v in values if v is not None]
    return _combined(sum((v.value for v in known), Fraction(0)), known, via)


def _combined(value: Fraction, inputs: list[Observed], via: str) -> Observed:
    return Observed(
        value,
        any(i.approximate for i in inputs),
        any(i.estimated for i in inputs),
        via,
        earliest_stage([i.stage for i in inputs]),
    )


def peer_values(project: ValidProject, indicator: str, year: int, _unit: None = None) -> dict[str, Fraction]:
    """Other regions' values of the indicator in the year (data/<year>.yaml, peers:)."""
    data = project.years.get(year)
    if data is None:
        return {}
    return {region: Fraction(values[indicator].value) for region, values in data.peers.items() if indicator in values}


def unit_values(project: ValidProject, indicator: str, year: int, exclude: str | None = None) -> dict[str, Fraction]:
    """The sub-units' values of the indicator in the year (all units but `exclude`)."""
    out = {}
    for unit in project.catalogue.units if project.catalogue else ():
        if unit != exclude:
            value = observed(project, indicator, year, unit)
            if value is not None:
                out[unit] = value.value
    return out
