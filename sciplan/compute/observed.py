"""The value of an indicator in a year, as far as it is known.

This is the one place that decides what "the actual" is, so every command agrees on it. In order:
the reported value; else the indicator's formula over the same year's values (SPEC 5.3); else
the sum of its parts; else, for the region, the sum of its sub-units (乡镇/园区) when every unit
reports (SPEC 5.7). Ratios never add up. Missing is never zero.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from sciplan.core.numbers import MAX_DIGITS
from sciplan.core.records import PROVISIONAL, ValidProject, earliest_stage

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
    row = _values(project, year, unit).get(indicator)
    return reported(project, indicator, year, unit) if row is None else row[0]


def plausible(value: Fraction) -> bool:
    """A computed value is a figure only within the digits a written one may have: a formula that
    multiplies large values (or units mixed up) is refused (`check` says so), never shown or
    passed on; a double could not even hold it."""
    return abs(value.numerator) < _LIMIT * value.denominator  # -LIMIT < value < LIMIT, in integers


_LIMIT = 10**MAX_DIGITS


def implausible(project: ValidProject, indicator: str, year: int) -> Observed | None:
    """The region's value computed for `indicator` in `year` when it is beyond `plausible`."""
    row = _values(project, year, None).get(indicator)
    if row is None or reported(project, indicator, year) is not None:
        return None
    found = row[1]
    return found if found is not None and not plausible(found.value) else None


def derived(project: ValidProject, indicator: str, year: int, unit: str | None = None) -> Observed | None:
    """The indicator's formula over the year's values, when plausible."""
    row = _values(project, year, unit).get(indicator)
    found = None if row is None else row[2]
    return found if found is not None and plausible(found.value) else None


# indicator -> (observed, computed, its formula's value): what `observed` returns; the value computed
# from others (formula, else parts, else units), plausible or not; the formula's alone
_Row = tuple[Observed | None, Observed | None, Observed | None]


def _values(project: ValidProject, year: int, unit: str | None) -> dict[str, _Row]:
    """Every indicator's values in `year` (for the region, or one sub-unit), computed once per project
    in dependency order (each input before what uses it), without recursion: a 10,000-long chain of
    formulas costs 10,000 steps, and 33 indicators each the sum of the two before it cost 33."""
    memo = project._observed
    table = memo.get((year, unit))
    if table is None:
        table = memo[(year, unit)] = _table(project, year, unit) if project.catalogue else {}
    return table


def _order(project: ValidProject) -> list[str]:
    """The indicators, each after the ones it is computed from. The catalogue holds no circle (its
    links were dropped when it was reported); were one left, its members come last and see no value."""
    memo = project._observed
    order = memo.get("order")
    if order is None:
        from graphlib import CycleError, TopologicalSorter

        indicators = project.catalogue.indicators
        graph = {
            k: [r for r in (*(v.formula.refs if v.formula else ()), *v.parts) if r in indicators]
            for k, v in indicators.items()
        }
        try:
            order = memo["order"] = list(TopologicalSorter(graph).static_order())
        except CycleError:
            order = memo["order"] = list(indicators)
    return order


def _table(project: ValidProject, year: int, unit: str | None) -> dict[str, _Row]:
    cat = project.catalogue
    table: dict[str, _Row] = {}

    def known(ident: str) -> Observed | None:
        row = table.get(ident)
        if row is not None:
            return row[0]
        return None if ident in cat.indicators else reported(project, ident, year, unit)

    by_unit = [_values(project, year, u) for u in cat.units] if unit is None and cat.units else []
    for ident in _order(project):
        ind = cat.indicators[ident]
        formula = None
        if ind.formula is not None:
            inputs = [known(ref) for ref in ind.formula.refs]
            if all(i is not None for i in inputs):
                given = dict(zip(ind.formula.refs, inputs, strict=True))
                result = ind.formula.evaluate(lambda ref, given=given: given[ref].value)  # type: ignore[misc]
                if result is not None:  # None: a division by zero
                    formula = _combined(result, [i for i in inputs if i is not None], "formula")
        computed = formula
        if computed is None and ind.parts:
            computed = _sum([known(part) for part in ind.parts], "parts")
        if computed is None and by_unit and ind.kind != "ratio" and not ind.percent:
            computed = _sum([values[ident][0] if ident in values else None for values in by_unit], "units")
        found = reported(project, ident, year, unit)
        if found is None and computed is not None and plausible(computed.value):
            found = computed
        table[ident] = (found, computed, formula)
    return table


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
