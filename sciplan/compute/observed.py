"""The value of an indicator in a year, as far as it is known.

This is the one place that decides what "the actual" is, so every command agrees on it:
the reported value, else the indicator's formula over the same year's values (SPEC 5.3).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from sciplan.domain import Project


@dataclass(frozen=True)
class Observed:
    value: Fraction
    approximate: bool = False  # written as 100余, 近100, 100+ (or computed from such a value)
    estimated: bool = False  # a preliminary figure (预计数), or computed from one
    derived: bool = False  # computed from the indicator's formula


def reported(project: Project, indicator: str, year: int) -> Observed | None:
    """What the data file says, ignoring formulas; None when it says nothing."""
    data = project.years.get(year)
    actual = data.actuals.get(indicator) if data else None
    if actual is None:
        return None
    return Observed(Fraction(actual.value), actual.approximate, actual.estimated)


def observed(project: Project, indicator: str, year: int) -> Observed | None:
    """The reported actual of `indicator` in `year`, else its formula's value, else None:
    missing is never zero."""
    found = reported(project, indicator, year)
    if found is not None:
        return found
    return derived(project, indicator, year)


def derived(project: Project, indicator: str, year: int) -> Observed | None:
    """The indicator's formula over the year's values (formulas are acyclic: checked on load)."""
    ind = project.catalogue.indicators.get(indicator) if project.catalogue else None
    if ind is None or ind.formula is None:
        return None
    inputs: dict[str, Observed] = {}
    for ref in ind.formula.refs:
        value = observed(project, ref, year)
        if value is None:
            return None
        inputs[ref] = value
    result = ind.formula.evaluate(lambda ref: inputs[ref].value)
    if result is None:  # division by zero
        return None
    parts = inputs.values()
    return Observed(result, any(p.approximate for p in parts), any(p.estimated for p in parts), derived=True)
