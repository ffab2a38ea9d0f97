"""Step 2b: the validated shape of targets.yaml -> the Catalogue (indicators, plans, milestones),
reading the target and formula languages. A data file's shape -> YearData is `yeardata.py`.

Each function returns what it could build and the problems it found, located in the file.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from sciplan.core.chars import cut, name_key
from sciplan.core.filenames import region_name_problem
from sciplan.core.i18n import _
from sciplan.core.problem import Problem, did_you_mean
from sciplan.core.records import (
    Catalogue,
    Indicator,
    Milestone,
    Plan,
    TargetEntry,
)
from sciplan.load.parser import Document, dotted
from sciplan.validate.circles import without_circles
from sciplan.validate.dates import parse_due
from sciplan.validate.formula import Formula, parse_formula
from sciplan.validate.schema import TargetsFile, TargetSpec
from sciplan.validate.targets import Target, parse_target
from sciplan.validate.values import BadValue, normalize


def catalogue(
    shape: TargetsFile, doc: Document, set_aside: dict[str, frozenset] | None = None
) -> tuple[Catalogue, list[Problem]]:
    """targets.yaml as a Catalogue. `set_aside` names entries validation left out (they shift
    list positions, which problems must point at as they stand in the file)."""
    set_aside = set_aside or {}
    problems: list[Problem] = []
    indicators: dict[str, Indicator] = {}
    formulas: dict[str, Formula] = {}
    units = _units(shape, doc, problems)
    for ident, spec in shape.indicators.items():
        targets = {}
        for year, written in spec.targets.items():
            path = ("indicators", ident, "targets", year)
            entry = _target(written, normalize(spec.unit), spec.direction, doc, path, problems, units, spec.kind)
            if entry is not None:
                targets[year] = entry
        formula = _formula(spec.formula, doc, ("indicators", ident, "formula"), problems)
        if formula is not None:
            formulas[ident] = formula
        profile = _profile(spec.profile, doc, ("indicators", ident, "profile"), problems)
        indicators[ident] = Indicator(
            id=ident,
            name=spec.name,
            unit=normalize(spec.unit),  # a full-width ％ is the % that marks percentages
            kind=spec.kind,
            direction=spec.direction,
            name_en=spec.name_en,
            group=spec.group,
            note=spec.note,
            decimals=spec.decimals,
            formula=formula,
            profile=profile,
            parts=tuple(spec.parts or ()),
            targets=targets,
            owner=spec.owner,
            aliases=tuple(spec.aliases or ()),
        )
    problems += _same_names(indicators, doc)
    problems += _formula_references(formulas, indicators, doc)
    problems += _parts(indicators, doc)
    indicators = without_circles(indicators, formulas, doc, problems)
    plans = _plans(shape, indicators, doc, _positions(len(shape.plans), set_aside.get("plans")), problems)
    milestones = _milestones(shape, doc, _positions(len(shape.milestones), set_aside.get("milestones")), problems)
    cat = Catalogue(
        shape.region,
        indicators,
        near=Fraction(shape.near),
        pace_yellow=Fraction(shape.pace.yellow),
        pace_red=Fraction(shape.pace.red),
        on_track=Fraction(shape.progress.on_track),
        accelerate=Fraction(shape.progress.accelerate),
        plans=tuple(plans),
        milestones=tuple(milestones),
        units=tuple(units),
        lang=shape.lang,
        unit_word=shape.unit_word,
    )
    named = region_name_problem(shape.region)
    if named is not None:  # the report's file names start with it
        problems.append(doc.problem(("region",), "region-name", f"region: {named}"))
    if cat.pace_red < cat.pace_yellow:
        problems.append(doc.problem(("pace", "red"), "invalid", _("pace.red must be at least pace.yellow")))
    if cat.accelerate > cat.on_track:
        problems.append(
            doc.problem(
                ("progress", "accelerate"), "invalid", _("progress.accelerate must not exceed progress.on_track")
            )
        )
    return cat, problems


def _positions(count: int, set_aside: frozenset | None) -> list[int]:
    """Where the entries that passed validation stand in the file's list."""
    skipped = set_aside or frozenset()
    return [i for i in range(count + len(skipped)) if i not in skipped][:count]


def _target(
    written: object,
    unit: str,
    direction: str,
    doc: Document,
    path: tuple,
    problems: list[Problem],
    units: list[str] | None = None,
    kind: str = "flow",
) -> TargetEntry | None:
    """A target as written (a scalar, or {target, source, note, units}); None if unreadable."""
    spec = written if isinstance(written, TargetSpec) else None
    raw = spec.target if spec else written
    where = (*path, "target") if spec else path
    try:
        target = parse_target(raw, unit, direction, kind)
    except BadValue as exc:
        problems.append(doc.problem(where, exc.code, f"{dotted(path)}: {exc.message}"))
        return None
    by_unit: dict[str, Target] = {}
    known = {name_key(u): u for u in units or ()}
    for name, unit_raw in (spec.units if spec else {}).items():
        at = (*path, "units", name)
        listed = known.get(name_key(name))
        if listed is None:
            hint = did_you_mean(name, units or []) or _("; list it under units: at the top of targets.yaml")
            message = _("{path}: unknown unit {name!r}{hint}").format(path=dotted(at), name=cut(name), hint=hint)
            problems.append(doc.problem(at, "unknown-unit", message, key=True))
            continue
        if listed in by_unit:
            problems.append(same_name(doc, at, name, listed))
            continue
        try:
            by_unit[listed] = parse_target(unit_raw, unit, direction, kind)
        except BadValue as exc:
            problems.append(doc.problem(at, exc.code, f"{dotted(at)}: {exc.message}"))
    return TargetEntry(target, spec.source if spec else None, spec.note if spec else None, by_unit)


def _units(shape: TargetsFile, doc: Document, problems: list[Problem]) -> list[str]:
    """The sub-units: each named once, none named like the region itself (names compared as
    `name_key` sees them: `" 高新区"` is `高新区`)."""
    units: list[str] = []
    seen = {name_key(shape.region): shape.region}
    for i, name in enumerate(shape.units):
        first = seen.get(name_key(name))
        if first is not None:
            why = (
                _("units[{i}]: {name!r} is the region itself")
                if first == shape.region
                else _("units[{i}]: {name!r} is listed twice")
            ).format(i=i, name=cut(name))
            if first != name:
                why += _(" (as {name!r})").format(name=cut(first))
            problems.append(doc.problem(("units", i), "invalid", why))
            continue
        seen[name_key(name)] = name
        units.append(name)
    return units


def _same_names(indicators: dict[str, Indicator], doc: Document) -> list[Problem]:
    """Two indicators with one name (as `name_key` compares them) cannot be told apart in a table,
    and `sciplan trend NAME` would pick one of them silently."""
    problems = []
    seen: dict[str, str] = {}
    for ident, ind in indicators.items():
        first = seen.setdefault(name_key(ind.name), ident)
        if first != ident:
            at = ("indicators", ident, "name")
            message = _("{path}: {name!r} is already the name of {first}; give each indicator its own name").format(
                path=dotted(at), name=cut(ind.name), first=first
            )
            problems.append(doc.problem(at, "duplicate-name", message))
    for ident, ind in indicators.items():  # an alias names one indicator only, as a name does
        for n, alias in enumerate(ind.aliases):
            first = seen.setdefault(name_key(alias), ident)
            if first != ident:
                where: tuple = ("indicators", ident, "aliases", n)
                message = _(
                    "{path}: {name!r} is already a name or alias of {first}; a row of a received table "
                    "must name one indicator"
                ).format(path=dotted(where), name=cut(alias), first=first)
                problems.append(doc.problem(where, "duplicate-name", message))
    return problems


def same_name(doc: Document, at: tuple, name: str, first: str) -> Problem:
    """A second entry for a name given already, spelt differently (`"Ｒ"` beside `"R"`)."""
    return doc.problem(
        at,
        "duplicate-key",
        _("{path}: {name!r} is {first!r} again, written differently; give each once").format(
            path=dotted(at), name=cut(name), first=cut(first)
        ),
        key=True,
    )


def _parts(indicators: dict[str, Indicator], doc: Document) -> list[Problem]:
    """Parts exist, share their total's unit, are not ratios, and no total is its own part."""
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
    return problems


def _formula(text: str | None, doc: Document, path: tuple, problems: list[Problem]) -> Formula | None:
    if text is None:
        return None
    try:
        return parse_formula(text)
    except BadValue as exc:
        problems.append(doc.problem(path, exc.code, f"{dotted(path)}: {exc.message}"))
        return None


def _formula_references(formulas: dict[str, Formula], indicators: dict[str, Indicator], doc: Document) -> list[Problem]:
    """Every id a formula uses exists (circles: validate/circles.py)."""
    problems = []
    for ident, formula in formulas.items():
        path = ("indicators", ident, "formula")
        for ref in formula.refs:
            if ref not in indicators:
                hint = did_you_mean(ref, list(indicators))
                problems.append(
                    doc.problem(
                        path,
                        "formula",
                        _("{path}: formula uses unknown indicator {id!r}{hint}").format(
                            path=dotted(path), id=ref, hint=hint
                        ),
                    )
                )
    return problems


def _profile(values: list | None, doc: Document, path: tuple, problems: list[Problem]) -> tuple[Fraction, ...] | None:
    """12 cumulative monthly percentages: never decreasing, within 0–100, ending at 100."""
    if values is None:
        return None
    profile = tuple(Fraction(v) for v in values)
    if any(b < a for a, b in itertools.pairwise(profile)) or profile[0] < 0 or profile[-1] != 100:
        problems.append(
            doc.problem(
                path,
                "profile",
                _("{path}: a profile is 12 cumulative monthly percentages, never decreasing and ending at 100").format(
                    path=dotted(path)
                ),
            )
        )
        return None
    return profile


def _repeated_id(doc: Document, path: tuple, kind: str, ident: str, seen: set[str], problems: list[Problem]) -> bool:
    """Plans and milestones are named by id on the command line, so a second use is an error at its `id:`."""
    if ident in seen:
        problems.append(
            doc.problem(
                (*path, "id"),
                "duplicate-key",
                (
                    _("{path}: plan id {id!r} is used twice")
                    if kind == "plan"
                    else _("{path}: milestone id {id!r} is used twice")
                ).format(path=dotted(path), id=ident),
            )
        )
        return True
    seen.add(ident)
    return False


def _plans(
    shape: TargetsFile, indicators: dict[str, Indicator], doc: Document, positions: list[int], problems: list[Problem]
) -> list[Plan]:
    plans: list[Plan] = []
    seen: set[str] = set()
    for spec, i in zip(shape.plans, positions, strict=True):
        path = ("plans", i)
        _repeated_id(doc, path, "plan", spec.id, seen, problems)
        if spec.end <= spec.baseline:
            problems.append(
                doc.problem(
                    (*path, "end"),
                    "invalid",
                    _("{path}: end ({end}) must come after the baseline year ({baseline})").format(
                        path=dotted(path), end=spec.end, baseline=spec.baseline
                    ),
                )
            )
            continue
        targets: dict[str, TargetEntry] = {}
        for ident, written in spec.targets.items():
            where = (*path, "targets", ident)
            indicator = indicators.get(ident)
            if indicator is None:
                problems.append(unknown_indicator(doc, where, ident, indicators))
                continue
            entry = _target(written, indicator.unit, indicator.direction, doc, where, problems, kind=indicator.kind)
            if entry is not None and entry.target.kind == "rank":
                problems.append(
                    doc.problem(
                        where,
                        "target",
                        _("{path}: a plan sets levels to reach; rank targets belong to single years").format(
                            path=dotted(where)
                        ),
                    )
                )
            elif entry is not None:
                targets[ident] = entry
        plans.append(Plan(spec.id, spec.name, spec.baseline, spec.end, targets))
    return plans


def _milestones(shape: TargetsFile, doc: Document, positions: list[int], problems: list[Problem]) -> list[Milestone]:
    """The milestones; a deadline without its year (年底前) takes the milestone's `year:`, else the one
    year the plan sets targets for (a single year's 工作要点), else it is refused."""
    years = {year for spec in shape.indicators.values() for year in spec.targets}
    plan_year = next(iter(years)) if len(years) == 1 else None
    milestones: list[Milestone] = []
    seen: set[str] = set()
    for spec, i in zip(shape.milestones, positions, strict=True):
        path = ("milestones", i)
        if _repeated_id(doc, path, "milestone", spec.id, seen, problems):
            continue
        try:
            due = parse_due(spec.due, spec.year if spec.year is not None else plan_year)
        except BadValue as exc:
            problems.append(doc.problem((*path, "due"), exc.code, f"{dotted(path)}.due: {exc.message}"))
            continue
        milestones.append(Milestone(spec.id, spec.task, due, str(spec.due).strip(), spec.owner, spec.note))
    return milestones


def written_ids(doc: Document, field: str) -> frozenset[str]:
    """The ids of a list of entries (`milestones:`) as written, whether or not each could be read."""
    entries = doc.data.get(field) if isinstance(doc.data, dict) else None
    if not isinstance(entries, list):
        return frozenset()
    return frozenset(e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str))


def unknown_indicator(doc: Document, at: tuple, ident: str, known: dict, *, key: bool = True) -> Problem:
    hint = did_you_mean(ident, list(known)) or _("; add it to targets.yaml first")
    message = _("{path}: unknown indicator {id!r}{hint}").format(path=dotted(at), id=cut(ident), hint=hint)
    return doc.problem(at, "unknown-indicator", message, key=key)
