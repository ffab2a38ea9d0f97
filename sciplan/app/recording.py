"""Writing figures into a year's file (`sciplan set`, `sciplan import`): which keys change, the month
roll-over, the check of the result exactly as `check` would run it, and the write through the span writer.

    changes = figures.plan(root, catalogue, 2022, [Figure("hightech_total", Decimal(270))], month=9)
    figures.write(changes)          # or show changes.rows and stop (--dry-run)

Month roll-over: a year under way holds in `actuals` the figures as of `as_of`. When figures for a
later month arrive, the figures as of `as_of` (region, sub-units, peers) move under `months: M:`
(M = as_of's month), `as_of` becomes the new month's last day, and the new figures go into `actuals` —
in the one write, so nothing is lost and nothing is typed twice. Figures for an earlier month go under
`months: N:`; for as_of's own month into `actuals` (and `months: M:` when it repeats them).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

from sciplan.core.dates import month_end
from sciplan.core.i18n import _
from sciplan.core.problem import InvalidData, Problem, SciplanError, errors
from sciplan.core.records import Catalogue, written_stage
from sciplan.store.yamledit import Delete, Edit, Put, YamlFile


class Figure(NamedTuple):
    ident: str  # indicator id
    value: Any  # as written: Decimal (in the indicator's unit), text with a unit ("5.6亿元"), None (not reported)
    unit: str | None = None  # a sub-unit (乡镇/园区) name, else the region
    peer: str | None = None  # a peer region's name, else the region
    note: str | None = None
    source: str | None = None
    where: str = ""  # where it was read (FILE!SHEET!CELL), for messages
    month: int | None = None  # its own month when it differs from the others' (a section one month behind)
    stage: str | None = None  # 预计/快报/年报/公报 (or estimate/flash/annual/bulletin), written as `stage:`


class Row(NamedTuple):
    """One line of the change table."""

    ident: str
    name: str
    period: str
    old: Any  # as written before (None: none)
    new: Any
    unit: str
    state: str  # "new", "changed", "unchanged"
    stage: str | None = None  # written with the new figure (快报 …)


@dataclass
class Changes:
    file: YamlFile
    text: str  # the new text (== file.text when nothing changes)
    rows: list[Row] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rolled: tuple[str, str] | None = None  # (old as_of, new as_of) when the month rolled over
    project: Any = None  # the root as it will be, checked (None when nothing changes)
    emptied: list[str] = field(default_factory=list)  # on roll-over: indicators the new month has no figure for
    stale_source: str | None = None  # on roll-over: the file's source:, said of the old as_of
    kept: list[str] = field(default_factory=list)  # stage:/note: left on a figure whose value changed

    def count(self, state: str) -> int:
        return sum(r.state == state for r in self.rows)


class NotWritten(InvalidData):
    """The figures would leave the files with errors: nothing was written."""

    def __init__(self, problems: list[Problem], file: str | None = None):
        super().__init__(problems)
        n = len(errors(problems))
        one, many = (
            _("1 error in the new figures; nothing was written"),
            _("{n} errors in the new figures; nothing was written"),
        )
        if file is not None:  # errors the file had before: sciplan writes into no file `check` refuses
            one, many = (
                _("{file} has an error the figures do not mend; correct it first; nothing was written"),
                _("{file} has {n} errors the figures do not mend; correct them first; nothing was written"),
            )
        self.args = ((one if n == 1 else many).format(n=n, file=file),)


def plan(root: Path, catalogue: Catalogue, year: int, figures: list[Figure], month: int | None = None) -> Changes:
    """The edits `figures` make to data/<year>.yaml, checked; NotWritten when the result has errors."""
    from sciplan.store.places import refuse_outside
    from sciplan.store.snapshot import DATA

    refuse_outside(root, root / DATA, DATA)  # data -> /etc: neither read nor written
    path = root / DATA / f"{year}.yaml"
    inside = (os.path.realpath(root), os.path.realpath(root / DATA))  # where a link may lead, as the loader reads
    file = YamlFile.read(path, f"{DATA}/{year}.yaml", inside)
    data = file.data() if file.raw is not None else {}
    if not isinstance(data, dict):
        raise SciplanError(_("{file}: the top level is not a mapping; run `sciplan check`").format(file=file.file))
    edits: list[Edit] = [] if file.raw is not None else [Put(("year",), year)]
    rows: list[Row] = []
    changes_kept: list[str] = []
    as_of = _as_of(data, file.file)
    final = data.get("final") is True
    target_month, rolled = _where_month(data, year, month, as_of, final, file.file)

    def own_month(fig: Figure) -> int | None:
        return target_month if fig.month is None or fig.month == month else fig.month

    for fig in figures:
        _whole_count(fig, catalogue, file.file)
    placed = [(fig, _paths(fig, own_month(fig), data, as_of, rolled)) for fig in figures]
    if rolled is not None:
        being_set = {paths[0] for _fig, paths in placed}
        edits += _roll_over(file, data, as_of.month if as_of else 0, being_set)
        edits.append(Put(("as_of",), rolled.isoformat()))
    shown_month = target_month
    if shown_month is None and not final and (rolled or as_of) is not None:
        shown_month = (rolled or as_of).month  # type: ignore[union-attr]
    period = f"{year}" if shown_month is None else f"{year}-{shown_month:02d}"
    for fig, paths in placed:
        ind = catalogue.indicators[fig.ident]
        old = None if rolled is not None and paths[0][0] != "months" else _old_value(data, paths[0])
        state = _state(old, fig.value, ind.unit)
        restaged = fig.stage is not None and written_stage(_get(data, paths[0])) != written_stage(fig.stage)
        state = "changed" if state == "unchanged" and restaged else state  # the same figure, at another stage
        own = own_month(fig)
        shown = period if own == target_month else f"{year}-{own:02d}"
        rows.append(Row(fig.ident, ind.name, shown, old, fig.value, ind.unit, state, fig.stage))
        if rolled is not None and paths[0][0] != "months":
            edits += _value_edits(data, paths[0], fig, replace=True)
            continue
        for at in paths:
            if _state(_old_value(data, at), fig.value, ind.unit) != "unchanged" or fig.note or fig.source or fig.stage:
                edits += _value_edits(data, at, fig, replace=False)
        existing = _get(data, paths[0])
        if state == "changed" and isinstance(existing, dict):
            left = [f"{k}: {existing[k]}" for k in ("stage", "note") if k in existing and getattr(fig, k) is None]
            if existing.get("estimated") is True and fig.stage is None:
                left.append("estimated: true")
            if left:
                message = _("{name} {period}: {kept} stays on the new figure; give --stage or --note to change it")
                changes_kept.append(message.format(name=ind.name, period=shown, kept=", ".join(left)))
    text = file.edit(_written_paths(data, edits)) if edits else file.text
    changes = Changes(file, text, rows, rolled=(as_of.isoformat(), rolled.isoformat()) if rolled and as_of else None)
    changes.kept = changes_kept
    if rolled is not None and as_of is not None:
        actuals = data.get("actuals")
        given = {fig.ident for fig, paths in placed if paths[0][0] == "actuals"}
        if isinstance(actuals, dict):  # figures of the old month the new ones do not repeat: now 待报
            changes.emptied = [
                catalogue.indicators[i].name if i in catalogue.indicators else str(i)
                for i, v in actuals.items()
                if v is not None and i not in given
            ]
        if data.get("source") is not None:
            changes.stale_source = str(data["source"])
    if text != file.text:
        changes.warnings, changes.project = _check(root, file, text)
    return changes


def _whole_count(fig: Figure, catalogue: Catalogue, file: str) -> None:
    """A count (家, 个, 项 …) is a whole number: 12.5家 or a cell's 270.0000000001 is refused, not written."""
    from sciplan.core.numbers import COUNT_UNITS
    from sciplan.core.problem import BadValue
    from sciplan.validate.values import parse_value

    unit = catalogue.indicators[fig.ident].unit
    if fig.value is None or unit not in COUNT_UNITS:
        return
    try:
        value = parse_value(fig.value, unit).value
    except BadValue:
        return  # the check of the new text says what is wrong with it, located
    if value != value.to_integral_value():
        message = _("{where}{name} is counted in {unit}: {value} is not a whole number; nothing was written").format(
            where=f"{fig.where}: " if fig.where else f"{file}: ",
            name=catalogue.indicators[fig.ident].name,
            unit=unit,
            value=format(value, "f"),
        )
        raise SciplanError(message)


def write(changes: Changes) -> bool:
    """Write the changes through the span writer; False when there is nothing to write."""
    if changes.text != changes.file.text or changes.file.raw is None:
        changes.file.write(changes.text)
        return True
    return False


def _as_of(data: dict[str, Any], file: str) -> dt.date | None:
    raw = data.get("as_of")
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise SciplanError(_("{file}: as_of is not a date; run `sciplan check`").format(file=file)) from None


def _where_month(
    data: dict[str, Any], year: int, month: int | None, as_of: dt.date | None, final: bool, file: str
) -> tuple[int | None, dt.date | None]:
    """(the month under `months:` the figures go to, None for actuals; the new as_of when it rolls over)."""
    if month is None:
        return None, None
    if final:
        return (None, None) if month == 12 else (month, None)
    if as_of is None:
        if _any_figures(data):
            message = _(
                "{file} holds figures but no as_of: say which month's they are (as_of: {year}-06-30, say) "
                "before adding month {month}"
            )
            raise SciplanError(message.format(file=file, year=year, month=month))
        return None, month_end(year, month)
    if as_of.year != year:
        raise SciplanError(_("{file}: as_of {date} is not in {year}").format(file=file, date=as_of, year=year))
    if month > as_of.month:
        return None, month_end(year, month)
    if month == as_of.month:
        return None, None
    return month, None


def _any_figures(data: dict[str, Any]) -> bool:
    """Whether the file holds a figure: a file of nulls (as `sciplan init` writes it) holds none."""

    def held(value: Any) -> bool:
        if isinstance(value, dict):
            return any(held(v) for k, v in value.items() if k not in ("note", "source", "months"))
        return value is not None

    return any(held(data.get(section)) for section in ("actuals", "units", "peers"))


def _roll_over(file: YamlFile, data: dict[str, Any], old_month: int, being_set: set[tuple[Any, ...]]) -> list[Edit]:
    """Move the figures as of as_of under `months: M` (region, sub-units, peers), leaving actuals empty
    but for the figures `being_set` (replaced in place). A figure whose key has a comment line above it
    (`sciplan init` writes one over each) is left as `null` there, so the comment stays with its key and a
    later `set` of it writes beside it; a comment after the figure on its line moves with the figure."""
    edits: list[Edit] = []
    if old_month == 0:
        return edits
    sections: list[tuple[tuple[Any, ...], tuple[Any, ...]]] = [(("actuals",), ("months", old_month))]
    for section in ("units", "peers"):
        names = data.get(section)
        if isinstance(names, dict):
            sections += [((section, n), (section, "months", old_month, n)) for n in names if n != "months"]
    for source, target in sections:
        values = _get(data, source)
        if not isinstance(values, dict):
            continue
        already = _get(data, target)
        for ident, value in values.items():
            if value is None:
                continue
            if not (isinstance(already, dict) and ident in already):
                copied = file.source((*source, ident))
                edits.append(Put((*target, ident), copied if copied is not None else value))
            if (*source, ident) in being_set:
                continue
            if file.comment_above((*source, ident)):  # its key keeps its comment, and its place: not reported
                edits.append(Put((*source, ident), None, uncomment=True))
            else:
                edits.append(Delete((*source, ident)))
    return edits


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for key in _as_written(data, path):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _as_written(data: Any, path: tuple[Any, ...]) -> tuple[Any, ...]:
    """`path` with each month as the file writes its key: `"6":` and `'6':` are month 6 to the loader (and to
    `check`), so an edit of month 6 goes there, not to a second `6:`."""
    out = []
    for key in path:
        written = key
        if isinstance(data, dict) and key not in data and type(key) is int:
            written = next((k for k in data if isinstance(k, str) and k.strip().isdigit() and int(k) == key), key)
        out.append(written)
        data = data.get(written) if isinstance(data, dict) else None
    return tuple(out)


def _written_paths(data: dict[str, Any], edits: list[Edit]) -> list[Edit]:
    return [replace(e, path=_as_written(data, e.path)) for e in edits]


def _paths(
    fig: Figure, month: int | None, data: dict[str, Any], as_of: dt.date | None, rolled: dt.date | None
) -> list[tuple[Any, ...]]:
    """Where a figure goes: the first path is the one shown; as_of's own month repeated under months: too."""
    if fig.unit is not None or fig.peer is not None:
        section, name = ("units", fig.unit) if fig.unit is not None else ("peers", fig.peer)
        base: tuple[Any, ...] = (section, name) if month is None else (section, "months", month, name)
        paths = [(*base, fig.ident)]
        if month is None and rolled is None and as_of is not None:
            repeat = (section, "months", as_of.month, name, fig.ident)
            if _get(data, repeat) is not None:
                paths.append(repeat)
        return paths
    paths = [("actuals", fig.ident) if month is None else ("months", month, fig.ident)]
    if (
        month is None
        and rolled is None
        and as_of is not None
        and _get(data, ("months", as_of.month, fig.ident)) is not None
    ):
        paths.append(("months", as_of.month, fig.ident))
    return paths


def _old_value(data: dict[str, Any], path: tuple[Any, ...]) -> Any:
    value = _get(data, path)
    return value.get("value") if isinstance(value, dict) else value


def _state(old: Any, new: Any, unit: str) -> str:
    if old is None:
        return "unchanged" if new is None else "new"
    return "unchanged" if _same_figure(old, new, unit) else "changed"


def _same_figure(old: Any, new: Any, unit: str) -> bool:
    from sciplan.core.problem import BadValue
    from sciplan.validate.values import parse_value

    if new is None or old is None:
        return new is None and old is None
    try:
        return parse_value(old, unit) == parse_value(new, unit)
    except BadValue:
        return False


def _value_edits(data: dict[str, Any], path: tuple[Any, ...], fig: Figure, replace: bool) -> list[Edit]:
    """The edits writing `fig` at `path`; `replace`: the figure there is of an earlier month (moved under
    months: by the roll-over, with its comment), so its comment does not stay on the new figure."""
    existing = None if replace else _get(data, path)
    extra = {k: v for k, v in (("stage", fig.stage), ("note", fig.note), ("source", fig.source)) if v is not None}
    if isinstance(existing, dict):
        edits: list[Edit] = [Put((*path, "value"), fig.value)]
        if fig.stage is not None and "estimated" in existing:  # stage: says it now; both would contradict
            edits.append(Delete((*path, "estimated")))
        return edits + [Put((*path, k), v) for k, v in extra.items()]
    if extra:
        return [Put(path, {"value": fig.value, **extra}, uncomment=replace)]
    return [Put(path, fig.value, uncomment=replace)]


def _check(root: Path, file: YamlFile, text: str) -> tuple[list[Problem], Any]:
    """Check the root as it would be with `text` in the file, as `check` does (app/recheck.py); NotWritten
    with the new errors (and the warnings of a likely slip) it would bring. Returns the other new warnings."""
    from sciplan.app.recheck import checked

    return checked(root, file, text)
