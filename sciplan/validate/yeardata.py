"""Step 2b for a data file (`data/YEAR.yaml`): its validated shape -> YearData, reading the value
language: the actuals, the monthly figures (`months:`), peers', units' and milestones' progress.

Each function returns what it could build and the problems it found, located in the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sciplan.core.chars import ascii_digits, cut, name_key
from sciplan.core.dates import is_month_end
from sciplan.core.i18n import _
from sciplan.core.numbers import MAX_DECIMALS, MAX_DIGITS, MAX_SIGNIFICANT
from sciplan.core.problem import Problem, did_you_mean
from sciplan.core.records import STAGE_CODES, Actual, Catalogue, Indicator, MilestoneProgress, YearData
from sciplan.load.parser import Document, dotted
from sciplan.validate.values import BadValue, parse_value

if TYPE_CHECKING:  # the shape is pydantic's DataFile, or datashape.py's when `set` checks a year without it
    from sciplan.validate.datashape import DataShape
    from sciplan.validate.schema import DataFile


def year_data(
    shape: DataFile | DataShape,
    doc: Document,
    year: int,
    cat: Catalogue | None,
    broken_ids: frozenset[str] = frozenset(),
    set_aside: frozenset[str] = frozenset(),
    broken_milestones: frozenset[str] = frozenset(),
) -> tuple[YearData, list[Problem]]:
    """One data file. `broken_ids` are indicators that exist but failed validation (so they are
    not unknown); `set_aside` are actuals that failed validation (so they are not missing);
    `broken_milestones` are milestones targets.yaml names but could not read (its error says why)."""
    problems: list[Problem] = []
    if shape.year is not None and shape.year != year:
        problems.append(
            doc.problem(
                ("year",),
                "year-mismatch",
                _("year: {year} does not match the file name {name}").format(
                    year=shape.year, name=doc.file.rsplit("/", 1)[-1]
                ),
            )
        )
    unreadable: set[str] = set(set_aside)
    actuals = _values(shape.actuals, cat, broken_ids, doc, ("actuals",), problems, unreadable)
    as_of = shape.as_of if shape.as_of is not None and shape.as_of.year == year else None
    peer_section, peer_months = _split_months(shape.peers, doc, "peers", problems)
    unit_section, unit_months = _split_months(shape.units, doc, "units", problems)

    def values_at(at: tuple, written: Any) -> dict[str, Actual]:
        return _values(written, cat, broken_ids, doc, at, problems)

    named = {"peers": _peer(cat, doc, problems), "units": _unit(cat, doc, problems)}
    peers = _by_name(peer_section, ("peers",), named["peers"], values_at, doc, problems)
    units = _by_name(unit_section, ("units",), named["units"], values_at, doc, problems)
    named_months: dict[str, dict[int, dict[str, dict[str, Actual]]]] = {"peers": {}, "units": {}}
    for section, written, current in (("peers", peer_months, peers), ("units", unit_months, units)):
        for key, table in written.items():
            at = (section, "months", key)
            month = _month(key, at, doc, as_of, shape.final, problems)
            if month is None:
                continue
            if month in named_months[section]:
                message = _("{path}: month {month} is given twice").format(path=dotted(at[:2]), month=month)
                problems.append(doc.problem(at, "duplicate-key", message, key=True))
                continue
            figures = _by_name(table, at, named[section], values_at, doc, problems)
            named_months[section][month] = figures
            if as_of is not None and month == as_of.month:
                for name, values in figures.items():
                    problems += _same_as_actuals(
                        values, current.get(name, {}), doc, (*at, name), as_of, (section, name)
                    )
    milestones: dict[str, MilestoneProgress] = {}
    known = {m.id for m in cat.milestones} if cat is not None else None
    for ident, progress in shape.milestones.items():
        if ident in broken_milestones:
            continue
        if known is not None and ident not in known:
            hint = did_you_mean(ident, sorted(known)) or _("; add it to milestones: in targets.yaml first")
            problems.append(
                doc.problem(
                    ("milestones", ident),
                    "unknown-milestone",
                    _("{path}: unknown milestone {id!r}{hint}").format(
                        path=dotted(("milestones", ident)), id=cut(ident), hint=hint
                    ),
                    key=True,
                )
            )
            continue
        milestones[ident] = MilestoneProgress(progress.done, progress.note)
    if shape.as_of is not None and shape.as_of.year != year:
        message = _("as_of: {date} is not in {year}").format(date=shape.as_of.isoformat(), year=year)
        problems.append(doc.problem(("as_of",), "year-mismatch", message))
    months = _months(shape, doc, as_of, cat, broken_ids, actuals, problems)
    data = YearData(
        year=year,
        file=doc.file,
        final=shape.final,
        as_of=shape.as_of,
        source=shape.source,
        note=shape.note,
        actuals=actuals,
        unreadable=frozenset(unreadable),
        milestones=milestones,
        peers=peers,
        units=units,
        months=months,
        peer_months=named_months["peers"],
        unit_months=named_months["units"],
    )
    return data, problems


def _split_months(section: dict, doc: Document, name: str, problems: list[Problem]) -> tuple[dict, dict]:
    """`peers:` / `units:` without and with their `months:` entry. A region or unit whose entry has
    month keys is a slip for `months:` (the month figures go under it, by month then name)."""
    values: dict = {}
    months: dict = {}
    for key, entry in section.items():
        shaped_as_months = isinstance(entry, dict) and entry and all(_is_month_key(k) for k in entry)
        if key == "months":
            months = entry if shaped_as_months else {}
            if entry and not shaped_as_months:
                message = _("{path}: the keys are the months 1–12, e.g. 6: for the end of June").format(
                    path=dotted((name, key))
                )
                problems.append(doc.problem((name, key), "month", message, key=True))
        elif shaped_as_months:
            message = _("{path}: figures of a month go under {section}: months: N: {key}:").format(
                path=dotted((name, key)), section=name, key=cut(key)
            )
            problems.append(doc.problem((name, key), "month", message, key=True))
        else:
            values[key] = entry
    return values, months


def _is_month_key(key: object) -> bool:
    return (isinstance(key, int) and not isinstance(key, bool)) or (isinstance(key, str) and ascii_digits(key.strip()))


# A name under peers: or units: -> the key two spellings of it share and the name its values are kept
# under, or None once the problem with it is said.
Kept = Callable[[Any, tuple], "tuple[str, str] | None"]


def _by_name(
    written: dict,
    path: tuple,
    kept: Kept,
    values_at: Callable[[tuple, Any], dict[str, Actual]],
    doc: Document,
    problems: list[Problem],
) -> dict[str, dict[str, Actual]]:
    """Values by name (peer regions, sub-units), each name once: a second spelling of one is a problem."""
    by_name: dict[str, dict[str, Actual]] = {}
    first: dict[str, str] = {}  # key -> its first spelling in this file
    for name, values in written.items():
        at = (*path, name)
        place = kept(name, at)
        if place is None:
            continue
        key, keep = place
        if key in first:
            from sciplan.validate.catalogue import same_name

            problems.append(same_name(doc, at, name, first[key]))
        else:
            first[key] = name
            by_name[keep] = values_at(at, values)
    return by_name


def _peer(cat: Catalogue | None, doc: Document, problems: list[Problem]) -> Kept:
    """Peer regions by the name they are compared by, as written; never the region itself."""
    own = name_key(cat.region) if cat is not None else None

    def kept(region: Any, at: tuple) -> tuple[str, str] | None:
        key = name_key(region)
        if key != own:
            return key, region
        message = _("{path}: that is the region itself; its values go under actuals:").format(path=dotted(at))
        problems.append(doc.problem(at, "invalid", message, key=True))
        return None

    return kept


def _unit(cat: Catalogue | None, doc: Document, problems: list[Problem]) -> Kept:
    """Sub-units under the name targets.yaml gives them; one it does not list is refused."""
    listed = {name_key(u): u for u in cat.units} if cat is not None else {}

    def kept(name: Any, at: tuple) -> tuple[str, str] | None:
        unit = listed.get(name_key(name), name if cat is None else None)  # as targets.yaml spells it
        if unit is not None:
            return unit, unit
        hint = did_you_mean(name, list(cat.units) if cat else []) or _("; list it under units: in targets.yaml")
        message = _("{path}: unknown unit {name!r}{hint}").format(path=dotted(at), name=cut(name), hint=hint)
        problems.append(doc.problem(at, "unknown-unit", message, key=True))
        return None

    return kept


def _month(
    key: object, at: tuple, doc: Document, as_of: dt.date | None, final: bool, problems: list[Problem]
) -> int | None:
    """A key of `months:` as a month (1–12), or None with the problem said: not a month, or a month
    after as_of's in a year under way."""
    month = int(key) if isinstance(key, int) or (isinstance(key, str) and ascii_digits(key.strip())) else None
    if month is None or not 1 <= month <= 12:
        message = _("months: {key!r} is not a month; the keys are the months 1–12, e.g. 6: for the end of June")
        problems.append(doc.problem(at, "month", message.format(key=key), key=True))
        return None
    ended = as_of is not None and (month < as_of.month or (month == as_of.month and is_month_end(as_of)))
    if as_of is not None and not final and not ended:  # as_of: 2022-09-01 has no end of September yet
        message = _("{path}: the figures run to as_of ({date}); month {month} has not ended").format(
            path=dotted(at), date=as_of.isoformat(), month=month
        )
        problems.append(doc.problem(at, "month", message, key=True))
        return None
    return month


def _months(
    shape: DataFile | DataShape,
    doc: Document,
    as_of: dt.date | None,
    cat: Catalogue | None,
    broken_ids: frozenset[str],
    actuals: dict[str, Actual],
    problems: list[Problem],
) -> dict[int, dict[str, Actual]]:
    """`months: {N: {id: value}}`, figures at the end of month N. In a year under way none may lie
    after as_of's month, and as_of's own month holds the actuals again, so the two must agree."""
    months: dict[int, dict[str, Actual]] = {}
    for key, values in shape.months.items():
        at = ("months", key)
        month = _month(key, at, doc, as_of, shape.final, problems)
        if month is None:
            continue
        if month in months:
            message = _("months: month {month} is given twice").format(month=month)
            problems.append(doc.problem(at, "duplicate-key", message, key=True))
            continue
        months[month] = _values(values, cat, broken_ids, doc, at, problems)
        if as_of is not None and month == as_of.month:
            problems += _same_as_actuals(months[month], actuals, doc, at, as_of)
    return months


def _same_as_actuals(
    figures: dict[str, Actual],
    actuals: dict[str, Actual],
    doc: Document,
    at: tuple,
    as_of: dt.date,
    where: tuple = ("actuals",),
) -> list[Problem]:
    """The month of as_of repeats the actuals (1–N月 at as_of): a figure that differs is a slip.
    `where` is the path of those actuals (a unit's or peer's own values under units: / peers:)."""
    problems = []
    for ident, figure in figures.items():
        actual = actuals.get(ident)
        if actual is not None and actual.value == figure.value:
            continue
        said = (
            _("{path} is {value}").format(path=dotted((*where, ident)), value=actual.value)
            if actual is not None
            else _("{path} has no {id}").format(path=dotted(where), id=ident)
        )
        message = _("{path}: {value} but {said}; at as_of ({date}) the figures of its month are the actuals").format(
            path=dotted((*at, ident)), value=figure.value, said=said, date=as_of.isoformat()
        )
        problems.append(doc.problem((*at, ident), "month-mismatch", message))
    return problems


def _values(
    values: dict,
    cat: Catalogue | None,
    broken_ids: frozenset[str],
    doc: Document,
    path: tuple,
    problems: list[Problem],
    unreadable: set[str] | None = None,
) -> dict[str, Actual]:
    """Values by indicator (the region's actuals, a peer's, a unit's), each read in its
    indicator's unit. Ids whose value has an error go into `unreadable`."""
    out: dict[str, Actual] = {}
    if cat is None:
        return out  # the catalogue could not be read: units unknown, its problems say why
    indicators = cat.indicators
    for ident, written in values.items():
        # The common case first (a file of peers holds millions): a plain number in any unit that finite() would
        # accept as it is (finite, at most MAX_DIGITS digits before the point, MAX_DECIMALS after it, and, written
        # in at most MAX_SIGNIFICANT characters, no more significant digits); any other goes the long way below.
        kind = type(written)
        if kind is Decimal:
            plain = written.is_finite() and _LEAST <= written.adjusted() < MAX_DIGITS and len(str(written)) <= _MOST
        else:
            plain = kind is int and -_LARGE < written < _LARGE  # type: ignore[operator]
        if plain and ident in indicators and ident not in broken_ids:
            figure = written if kind is Decimal else Decimal(written)  # type: ignore[arg-type]
            out[ident] = _new(Actual, (figure, "", False, None, None, None))  # as Actual(figure), ~2× faster
            continue
        if ident in broken_ids:
            continue
        indicator = indicators.get(ident)
        at = (*path, ident)
        if indicator is None:
            from sciplan.validate.catalogue import unknown_indicator

            problems.append(unknown_indicator(doc, at, ident, cat.indicators))
            continue
        actual, problem = _actual(written, indicator, doc, at)
        if problem:
            problems.append(problem)
            if unreadable is not None:
                unreadable.add(ident)
        elif actual is not None:
            out[ident] = actual
    return out


_new = tuple.__new__  # a NamedTuple made from all its fields at C speed (its own __new__ is Python code)
_LEAST, _MOST, _LARGE = -MAX_DECIMALS, MAX_SIGNIFICANT, 10**MAX_DIGITS


def _actual(written: object, indicator: Indicator, doc: Document, path: tuple) -> tuple[Actual | None, Problem | None]:
    """A written value (scalar or mapping) as an Actual; None when not reported (null)."""
    # a figure is a number or text (schema.Scalar), else its mapping (ActualSpec, or datashape's ActualShape)
    spec: Any = None if written is None or isinstance(written, (int, Decimal, str)) else written
    raw = spec.value if spec else written
    if raw is None:
        return None, None
    try:
        value, approximate = parse_value(raw, indicator.unit)
    except BadValue as exc:
        return None, doc.problem((*path, "value") if spec else path, exc.code, f"{dotted(path)}: {exc.message}")
    if spec is None:
        return Actual(value, approximate), None
    stage = STAGE_CODES[spec.stage] if spec.stage is not None else ("estimate" if spec.estimated else None)
    if spec.stage is not None and "estimated" in spec.model_fields_set and spec.estimated != (stage == "estimate"):
        message = _("{path}: estimated: {flag} contradicts stage: {stage}; keep stage: alone").format(
            path=dotted(path), flag=str(spec.estimated).lower(), stage=spec.stage
        )
        return None, doc.problem((*path, "stage"), "stage-conflict", message)
    return Actual(value, approximate, stage == "estimate", spec.note, spec.source, stage), None
