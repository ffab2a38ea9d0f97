"""Step 2b: validated shapes -> domain objects, reading the target and value languages.

Each function returns what it could build and the problems it found, located in the file.
"""

from __future__ import annotations

from fractions import Fraction

from sciplan.domain import Actual, Catalogue, Indicator, TargetEntry, YearData
from sciplan.load import Document, dotted
from sciplan.model import ActualSpec, DataFile, TargetsFile, TargetSpec, did_you_mean
from sciplan.problem import Problem
from sciplan.target import parse_target
from sciplan.values import BadValue, parse_value


def catalogue(shape: TargetsFile, doc: Document) -> tuple[Catalogue, list[Problem]]:
    problems: list[Problem] = []
    indicators: dict[str, Indicator] = {}
    for ident, spec in shape.indicators.items():
        targets: dict[int, TargetEntry] = {}
        for year, written in spec.targets.items():
            raw, source, note = (
                (written.target, written.source, written.note)
                if isinstance(written, TargetSpec)
                else (written, None, None)
            )
            path = ("indicators", ident, "targets", year)
            if isinstance(written, TargetSpec):
                path += ("target",)
            try:
                targets[year] = TargetEntry(parse_target(raw, spec.unit, spec.direction), source, note)
            except BadValue as exc:
                problems.append(doc.problem(path, exc.code, f"{dotted(path)}: {exc.message}"))
        indicators[ident] = Indicator(
            id=ident,
            name=spec.name,
            unit=spec.unit,
            kind=spec.kind,
            direction=spec.direction,
            name_en=spec.name_en,
            group=spec.group,
            note=spec.note,
            decimals=spec.decimals,
            targets=targets,
        )
    return Catalogue(shape.region, indicators, Fraction(shape.near)), problems


def year_data(
    shape: DataFile,
    doc: Document,
    year: int,
    cat: Catalogue | None,
    broken_ids: frozenset[str] = frozenset(),
    set_aside: frozenset[str] = frozenset(),
) -> tuple[YearData, list[Problem]]:
    """One data file. `broken_ids` are indicators that exist but failed validation (so they are
    not unknown); `set_aside` are actuals that failed validation (so they are not missing)."""
    problems: list[Problem] = []
    if shape.year is not None and shape.year != year:
        problems.append(
            doc.problem(("year",), "year-mismatch", f"year: {shape.year} does not match the file name {year}.yaml")
        )
    actuals: dict[str, Actual] = {}
    unreadable: set[str] = set(set_aside)
    for ident, written in shape.actuals.items():
        if cat is None or ident in broken_ids:
            continue  # the catalogue could not be read: units unknown, problems reported there
        indicator = cat.indicators.get(ident)
        if indicator is None:
            problems.append(
                doc.problem(
                    ("actuals", ident),
                    "unknown-indicator",
                    f"actuals.{ident}: unknown indicator {ident!r}"
                    f"{did_you_mean(ident, list(cat.indicators)) or '; add it to targets.yaml first'}",
                    key=True,
                )
            )
            continue
        actual, problem = _actual(written, indicator, doc, ("actuals", ident))
        if problem:
            problems.append(problem)
            unreadable.add(ident)
        elif actual is not None:
            actuals[ident] = actual
    data = YearData(
        year=year,
        file=doc.file,
        final=shape.final,
        as_of=shape.as_of,
        source=shape.source,
        note=shape.note,
        actuals=actuals,
        unreadable=frozenset(unreadable),
    )
    return data, problems


def _actual(written: object, indicator: Indicator, doc: Document, path: tuple) -> tuple[Actual | None, Problem | None]:
    """A written value (scalar or mapping) as an Actual; None when not reported (null)."""
    spec = written if isinstance(written, ActualSpec) else None
    raw = spec.value if spec else written
    if raw is None:
        return None, None
    where = (*path, "value") if spec else path
    try:
        quantity = parse_value(raw, indicator.unit)
    except BadValue as exc:
        return None, doc.problem(where, exc.code, f"{dotted(path)}: {exc.message}")
    return Actual(
        quantity.value,
        quantity.approximate,
        spec.estimated if spec else False,
        spec.note if spec else None,
        spec.source if spec else None,
    ), None
