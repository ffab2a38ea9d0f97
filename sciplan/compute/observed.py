"""The value of an indicator in a year, as far as it is known.

This is the one place that decides what "the actual" is, so every command agrees on it. In order:
the reported value; else the indicator's formula over the same year's values (SPEC 5.3); else
the sum of its parts; else, for the region, the sum of its sub-units (乡镇/园区) when every unit
reports (SPEC 5.7). Ratios never add up. Missing is never zero.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from sciplan.core.numbers import MAX_DIGITS, fraction_of
from sciplan.core.records import PROVISIONAL, ValidProject, earliest_stage

LIMIT = Fraction(10) ** MAX_DIGITS


class Observed(NamedTuple):
    value: Fraction
    approximate: str = ""  # the word of a value written as 近100, 100余, 约100; "≈" when computed from such a value
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
    return Observed(fraction_of(actual.value), actual.approximate, actual.estimated, None, actual.stage)


def observed(project: ValidProject, indicator: str, year: int, unit: str | None = None) -> Observed | None:
    """The best-known value of `indicator` in `year` (for the region, or one sub-unit), or None."""
    row = _row(project, indicator, year, unit)
    return reported(project, indicator, year, unit) if row is None else row[0]


def plausible(value: Fraction) -> bool:
    """A computed value is a figure only within the digits a written one may have: a formula that
    multiplies large values (or units mixed up) is refused (`check` says so), never shown or
    passed on; a double could not even hold it."""
    return abs(value.numerator) < _LIMIT * value.denominator  # -LIMIT < value < LIMIT, in integers


_LIMIT = 10**MAX_DIGITS


def implausible(project: ValidProject, indicator: str, year: int) -> Observed | None:
    """The region's value computed for `indicator` in `year` when it is beyond `plausible`."""
    row = _row(project, indicator, year, None)
    if row is None or row[1] is None or plausible(row[1].value):
        return None
    return row[1] if reported(project, indicator, year) is None else None


def derived(project: ValidProject, indicator: str, year: int, unit: str | None = None) -> Observed | None:
    """The indicator's formula over the year's values, when plausible."""
    row = _row(project, indicator, year, unit)
    found = None if row is None else row[2]
    return found if found is not None and plausible(found.value) else None


# indicator -> (observed, computed, its formula's value): what `observed` returns; the value computed
# from others (formula, else parts, else units), plausible or not; the formula's alone
_Row = tuple[Observed | None, Observed | None, Observed | None]


def _values(project: ValidProject, year: int, unit: str | None) -> dict[str, _Row]:
    """The values computed so far in `year` (for the region, or one sub-unit): a table filled
    indicator by indicator as commands ask (`_row`), kept once per project."""
    memo = project._observed
    table = memo.get((year, unit))
    if table is None:
        table = memo[(year, unit)] = {}
    return table


def _row(project: ValidProject, ident: str, year: int, unit: str | None) -> _Row | None:
    """The values of `ident` in `year` (None for an id outside the catalogue), computed with what it
    depends on and nothing else: its dependency closure, each input before what uses it, without
    recursion. `trend` of one indicator of 100,000 computes its closure in each year, not every
    indicator; a year's scorecard asking for each in turn computes each once (a 10,000-long chain
    of formulas costs 10,000 steps, and 33 indicators each the sum of the two before it cost 33)."""
    table = _values(project, year, unit)
    row = table.get(ident)
    if row is None and project.catalogue and ident in project.catalogue.indicators:
        _fill(project, year, unit, table, _closure(project, ident, table))
        row = table[ident]
    return row


def _inputs(project: ValidProject, ident: str) -> tuple[str, ...]:
    """The indicators `ident` is computed from (its formula's, then its parts), each once: found
    once per project (a year's table asks for each indicator's inputs in every year and unit)."""
    memo = project._observed
    inputs = memo.get("inputs")
    if inputs is None:
        inputs = memo["inputs"] = {}
    found: tuple[str, ...] | None = inputs.get(ident)
    if found is None:
        indicators = project.catalogue.indicators
        ind = indicators[ident]
        refs = (*(ind.formula.refs if ind.formula else ()), *ind.parts)
        found = inputs[ident] = tuple(dict.fromkeys(r for r in refs if r in indicators))
    return found


def _closure(project: ValidProject, ident: str, table: dict[str, _Row]) -> list[str]:
    """`ident` and the indicators it is computed from, directly or not, that `table` lacks: each after
    its inputs. The catalogue holds no circle (its links were dropped when it was reported); were one
    left, its members are taken in the order met and see no value from one another."""
    if all(r in table for r in _inputs(project, ident)):  # the common case: nothing to sort
        return [ident]
    # depth first, each indicator listed once all its inputs are (an explicit stack: no recursion)
    order: list[str] = []
    seen = {ident}
    stack = [(ident, iter(_inputs(project, ident)))]
    while stack:
        node, inputs = stack[-1]
        for ref in inputs:
            if ref not in seen and ref not in table:
                seen.add(ref)
                stack.append((ref, iter(_inputs(project, ref))))
                break
        else:
            stack.pop()
            order.append(node)
    return order


def _fill(project: ValidProject, year: int, unit: str | None, table: dict[str, _Row], order: list[str]) -> None:
    """Compute the indicators of `order` (each after its inputs) into `table`."""
    cat = project.catalogue

    def known(ident: str) -> Observed | None:
        row = table.get(ident)
        if row is not None:
            return row[0]
        return None if ident in cat.indicators else reported(project, ident, year, unit)

    units = cat.units if unit is None else ()
    for ident in order:
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
        if computed is None and units and ind.kind != "ratio" and not ind.percent:
            computed = _sum(_each_unit(project, ident, year, units), "units")
        found = reported(project, ident, year, unit)
        if found is None and computed is not None and plausible(computed.value):
            found = computed
        table[ident] = (found, computed, formula)


def _each_unit(project: ValidProject, ident: str, year: int, units: tuple[str, ...]) -> list[Observed | None]:
    """The units' values of `ident` up to the first unknown one (which makes their sum unknown:
    the units after it are not computed for nothing)."""
    values: list[Observed | None] = []
    for unit in units:
        value = observed(project, ident, year, unit)
        values.append(value)
        if value is None:
            break
    return values


def _sum(values: list[Observed | None], via: str) -> Observed | None:
    """The total of values that are all known; one unknown makes the total unknown."""
    if not values or any(v is None for v in values):
        return None
    known = [v for v in values if v is not None]
    return _combined(sum((v.value for v in known), Fraction(0)), known, via)


def _combined(value: Fraction, inputs: list[Observed], via: str) -> Observed:
    words = {i.approximate for i in inputs if i.approximate}
    return Observed(
        value,
        "≈" if words else "",  # a sum or formula of approximate figures has no written word
        any(i.estimated for i in inputs),
        via,
        earliest_stage([i.stage for i in inputs]),
    )


def peer_values(project: ValidProject, indicator: str, year: int, _unit: None = None) -> dict[str, Fraction]:
    """Other regions' values of the indicator in the year (data/<year>.yaml, peers:)."""
    data = project.years.get(year)
    if data is None:
        return {}
    return {
        region: fraction_of(values[indicator].value) for region, values in data.peers.items() if indicator in values
    }


def unit_values(project: ValidProject, indicator: str, year: int, exclude: str | None = None) -> dict[str, Fraction]:
    """The sub-units' values of the indicator in the year (all units but `exclude`)."""
    out = {}
    for unit in project.catalogue.units if project.catalogue else ():
        if unit != exclude:
            value = observed(project, indicator, year, unit)
            if value is not None:
                out[unit] = value.value
    return out
