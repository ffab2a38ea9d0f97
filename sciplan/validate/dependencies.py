"""The parts an indicator adds up from, checked against the catalogue: unknown ids, other units, a
ratio with parts, and circles of parts and formulas (a value that would need itself)."""

from __future__ import annotations

from sciplan.core.chars import cut
from sciplan.core.i18n import _
from sciplan.core.problem import Problem, did_you_mean
from sciplan.core.records import Indicator
from sciplan.load.parser import Document, dotted
from sciplan.validate.formula import find_cycle

__all__ = ["mixed_cycle", "parts_problems", "unknown_indicator"]


def parts_problems(indicators: dict[str, Indicator], doc: Document) -> list[Problem]:
    """Parts exist, share their total's unit, are not ratios, and no total is (in) its own part."""
    problems = []
    for ident, ind in indicators.items():
        path = ("indicators", ident, "parts")
        for i, part in enumerate(ind.parts):
            other = indicators.get(part)
            if other is None:
                problems.append(unknown_indicator(doc, (*path, i), part, indicators, key=False))
            elif part == ident:
                problems.append(
                    doc.problem(
                        (*path, i),
                        "invalid",
                        _("{path}: {id} cannot be its own part").format(path=dotted(path), id=ident),
                    )
                )
            elif other.unit != ind.unit:
                problems.append(
                    doc.problem(
                        (*path, i),
                        "unit",
                        _(
                            "{path}: {part} is in {part_unit} but {id} in {unit}; parts add up only in the same unit"
                        ).format(path=dotted(path), part=part, part_unit=other.unit, id=ident, unit=ind.unit),
                    )
                )
        if ind.parts and (ind.kind == "ratio" or ind.percent):
            problems.append(
                doc.problem(
                    path,
                    "invalid",
                    _("{path}: ratios do not add up; only flow and stock indicators have parts").format(
                        path=dotted(path)
                    ),
                )
            )
    cycle = find_cycle({k: v.parts for k, v in indicators.items() if v.parts})
    if cycle:
        path = ("indicators", cycle[0], "parts")
        problems.append(
            doc.problem(
                path,
                "parts-cycle",
                _("{path}: parts contain their own total: {cycle}").format(path=dotted(path), cycle=" → ".join(cycle)),
            )
        )
    return problems


def mixed_cycle(indicators: dict[str, Indicator], doc: Document) -> list[Problem]:
    """A value computed from a formula whose input is the sum of parts that include it (or the
    reverse) would never be found: the two kinds of dependence are one graph."""
    graph = {
        k: tuple(v.formula.refs if v.formula else ()) + v.parts for k, v in indicators.items() if v.formula or v.parts
    }
    cycle = find_cycle({k: tuple(r for r in refs if r in indicators) for k, refs in graph.items()})
    if not cycle:
        return []
    field = "formula" if indicators[cycle[0]].formula else "parts"
    path = ("indicators", cycle[0], field)
    return [
        doc.problem(
            path,
            "formula-cycle",
            _("{path}: formulas and parts depend on each other in a circle: {cycle}").format(
                path=dotted(path), cycle=" → ".join(cycle)
            ),
        )
    ]


def unknown_indicator(doc: Document, at: tuple, ident: str, known: dict, *, key: bool = True) -> Problem:
    hint = did_you_mean(ident, list(known)) or _("; add it to targets.yaml first")
    message = _("{path}: unknown indicator {id!r}{hint}").format(path=dotted(at), id=cut(ident), hint=hint)
    return doc.problem(at, "unknown-indicator", message, key=key)
