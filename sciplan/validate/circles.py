"""Indicators computed from each other (formulas, parts): the dependency graph is checked once, when
targets.yaml is read. Each circle gets a located error, then its links are dropped from the records,
so that no command ever follows one (compute/observed.py then takes the values in graphlib's order)."""

from __future__ import annotations

from sciplan.core.i18n import N_, _
from sciplan.core.problem import Problem
from sciplan.core.records import Indicator
from sciplan.load.parser import Document, dotted
from sciplan.validate.formula import Formula, circles, find_cycle

_FORMULAS = N_("{path}: formulas depend on each other in a circle: {cycle}")
_PARTS = N_("{path}: parts contain their own total: {cycle}")
_BOTH = N_("{path}: formulas and parts depend on each other in a circle: {cycle}")
SHOWN = 12  # a circle of more indicators is written by its start and its end, and its length


def written(cycle: list[str]) -> str:
    """a → b → a; a circle through thousands of indicators on one line of thousands of names would
    bury the message: its first eight, its last two and how many in all."""
    if len(cycle) <= SHOWN + 1:
        return " → ".join(cycle)
    return _("{start} → … → {end} ({count} indicators in the circle)").format(
        start=" → ".join(cycle[:8]), end=" → ".join(cycle[-3:]), count=len(cycle) - 1
    )


def without_circles(
    indicators: dict[str, Indicator], formulas: dict[str, Formula], doc: Document, problems: list[Problem]
) -> dict[str, Indicator]:
    """The records without the links that close a circle, once each circle is reported: the first one
    of formulas alone, of parts alone, else of both (as found in the file's order), then every other.
    A formula through a member of its own circle is dropped, and so are such parts: the value is then
    what the data file says, or missing."""
    reported: set[str] = set()  # the members of the circles reported so far

    def report(cycle: list[str], field: str, code: str, words: str) -> None:
        reported.update(cycle)
        path = ("indicators", cycle[0], field)
        message = _(words).format(path=dotted(path), cycle=written(cycle))
        problems.append(doc.problem(path, code, message))

    cycle = find_cycle({k: f.refs for k, f in formulas.items() if all(r in indicators for r in f.refs)})
    if cycle:
        report(cycle, "formula", "formula-cycle", _FORMULAS)
    cycle = find_cycle({k: v.parts for k, v in indicators.items() if v.parts})
    if cycle:
        report(cycle, "parts", "parts-cycle", _PARTS)
    graph = _dependencies(indicators)
    if not reported:
        cycle = find_cycle(graph)
        if cycle:
            report(cycle, "formula" if indicators[cycle[0]].formula else "parts", "formula-cycle", _BOTH)
    groups = circles(graph)
    if not groups:
        return indicators
    order = {ident: i for i, ident in enumerate(indicators)}
    for group in sorted(groups, key=lambda g: min(order[m] for m in g)):
        if group & reported:
            continue
        first = min(group, key=order.__getitem__)
        cycle = find_cycle({first: graph[first], **{m: graph[m] for m in group if m != first}}) or [first, first]
        by_formula = any(set(_refs(indicators[m])) & group for m in group)
        by_parts = any(set(indicators[m].parts) & group for m in group)
        field = "formula" if by_formula and indicators[first].formula else "parts"
        if not by_parts:
            report(cycle, field, "formula-cycle", _FORMULAS)
        elif not by_formula:
            report(cycle, field, "parts-cycle", _PARTS)
        else:
            report(cycle, field, "formula-cycle", _BOTH)
        reported.update(group)
    kept = dict(indicators)
    for group in groups:
        for ident in group:
            ind = indicators[ident]
            formula = None if group & set(_refs(ind)) else ind.formula
            kept[ident] = ind._replace(formula=formula, parts=tuple(p for p in ind.parts if p not in group))
    return kept


def _dependencies(indicators: dict[str, Indicator]) -> dict[str, tuple[str, ...]]:
    """Each indicator -> the indicators its value may be computed from (formula refs, then parts)."""
    return {
        k: tuple(r for r in (*_refs(v), *v.parts) if r in indicators)
        for k, v in indicators.items()
        if v.formula or v.parts
    }


def _refs(ind: Indicator) -> tuple[str, ...]:
    return ind.formula.refs if ind.formula else ()
