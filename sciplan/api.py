"""sciplan as a library, for analysts and notebooks: the figures the commands print, as values.

    import sciplan.api as sp

    card = sp.scorecard("path/to/root", 2022)       # a Table of ResultRow, exact values
    card.rows[0].attainment                          # Fraction(89, 1), never a rounded float
    sp.check("path/to/root")                         # every Problem `sciplan check` reports

    import pandas as pd                              # not a dependency of sciplan
    pd.DataFrame(card.records()).set_index("id")

Each call speaks the language a command in that root would (`lang="zh"|"en"`, else $SCIPLAN_LANG,
else `lang:` in targets.yaml, else the locale): the titles, the texts and the report's files.
Nothing here prints or exits. Problems in the files are values (`Problem`): `check` returns them,
and every table carries the warnings its command prints (`Table.problems`: a file left unread
because of its errors, the scorecard's warnings about its year). What stops a computation raises a
`SciplanError` (with `.warnings`, those found before it): no data root (`RootNotFound`), errors in
the files it needs (`InvalidData`, with `.problems`), a year or an indicator that is not there.

The command line is a thin user of this module: each view command (status, indicators, trend, plan,
compare, units) and check and report parse their options, call the function here and write the
table it returns (`Table.view`) in the format asked for; `Table.json()` is `-f json`'s document.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from sciplan.core.i18n import _
from sciplan.core.problem import InvalidData, Problem, RootNotFound, SciplanError, UsageError, in_order

if TYPE_CHECKING:
    from sciplan.app.query import Checked
    from sciplan.core.records import Project
    from sciplan.views import View
    from sciplan.views.compare import RegionRow
    from sciplan.views.indicators import IndicatorRow
    from sciplan.views.monthly import MonthView
    from sciplan.views.plans import PlanIndicatorRow
    from sciplan.views.status import ResultRow
    from sciplan.views.trend import TrendRow

__all__ = [
    "InvalidData",
    "Loaded",
    "Problem",
    "RootNotFound",
    "SciplanError",
    "Table",
    "check",
    "compare",
    "find_root",
    "indicators",
    "load",
    "months",
    "plans",
    "report",
    "scorecard",
    "trend",
    "units",
]

Row = TypeVar("Row")
# Fields of a view's rows that hold what people read (texts and styles), left out of `records()`.
_PEOPLE_ONLY = frozenset({"shown", "styles", "depth"})


class Loaded(NamedTuple):
    """A data root as read: its records (a `ValidProject` when targets.yaml could be read) and every
    problem `sciplan check` reports, in order."""

    project: Project
    problems: list[Problem]

    @property
    def valid(self) -> bool:
        """No error (warnings allowed): every command may compute from it."""
        return not any(p.severity == "error" for p in self.problems)


class Table(NamedTuple, Generic[Row]):
    """A command's view: its title, its typed rows (NamedTuples of exact values: `Fraction`, int,
    str, bool, None) and the warnings found on the way. `view` is what `sciplan CMD` writes from the
    same rows (its columns, notes and JSON document: `table.json()` is `-f json`'s); `pages`, where
    a person reads it otherwise (a table per plan, the units as a matrix), the tables shown then."""

    title: str
    rows: list[Row]
    problems: list[Problem]
    view: View[Row]
    pages: tuple[View[Any], ...] = ()

    def records(self) -> list[dict[str, Any]]:
        """The rows as flat dicts, nested rows under dotted keys (`target.value`, `pace.light`), values
        exact; the texts people read are left out. `pandas.DataFrame(table.records())` takes them."""
        return [dict(_flat(row)) for row in self.rows]

    def json(self) -> dict[str, Any]:
        """The document `sciplan CMD -f json` prints (numbers as JSON writes them: see `rows` for exact ones),
        as plain dicts and lists."""
        made: dict[str, Any] = _plain(self.view.json())
        return made


def _table(view: View[Row], problems: list[Problem], pages: tuple[View[Any], ...] = ()) -> Table[Row]:
    return Table(view.title, list(view.rows), problems, view, pages)


def _plain(document: Any) -> Any:
    """A view's JSON document with its lazy lists (`views.Each`, written as they stream) made lists."""
    from sciplan.views import Each

    if isinstance(document, dict):
        return {key: _plain(value) for key, value in document.items()}
    if isinstance(document, (list, tuple, Each)):
        return [_plain(value) for value in document]
    return document


def _flat(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for name, field in zip(value._fields, value, strict=True):
        if name in _PEOPLE_ONLY:
            continue
        if isinstance(field, tuple) and hasattr(field, "_fields"):
            yield from _flat(field, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", field


def find_root(root: str | Path | None = None) -> Path:
    """The data root a command would read: `root`, else $SCIPLAN_ROOT, else this folder or the nearest
    one above it holding targets.yaml (RootNotFound when there is none)."""
    from sciplan.app.loader import find_root as found

    return found(None if root is None else Path(root))


@contextlib.contextmanager
def _speaking(root: str | Path | None, lang: str | None) -> Iterator[Path]:
    """The found root, with the language a command there would speak (as `--lang`: `lang`, else
    $SCIPLAN_LANG, else `lang:` in its targets.yaml, else the locale) for the call; the process's
    language is restored afterwards."""
    from sciplan.core import i18n

    if lang is not None and i18n.parse_language(lang) is None:
        raise ValueError(f"lang={lang!r}: sciplan speaks zh and en")
    before = i18n.language()
    plan = None if lang is not None else i18n.plan_language(None if root is None else str(root), os.environ)
    i18n.set_language(i18n.choose_language(lang, plan))
    try:
        yield find_root(root)
    finally:
        i18n.set_language(before)


@contextlib.contextmanager
def _warned(problems: list[Problem]) -> Iterator[None]:
    """What stops the computation carries the warnings found before it (`SciplanError.warnings`)."""
    try:
        yield
    except SciplanError as exc:
        exc.warnings = [*problems, *exc.warnings]
        raise


def load(root: str | Path | None, *, use_cache: bool = True, lang: str | None = None) -> Loaded:
    """Read and check every file of the data root at `root`: the records and every problem."""
    from sciplan.app.loader import load_checked

    with _speaking(root, lang) as found:
        project, findings = load_checked(found, use_cache=use_cache)
    return Loaded(project, in_order(project.problems + findings))


def check(
    root: str | Path | None, *, strict: bool = False, use_cache: bool = True, lang: str | None = None
) -> list[Problem]:
    """Every problem `sciplan check` reports (warnings as errors with `strict`); empty when all is well."""
    from sciplan.app.loader import all_problems

    with _speaking(root, lang) as found:
        problems = all_problems(found, use_cache=use_cache)
    return [p.as_error() for p in problems] if strict else problems


def _checked(path: Path, use_cache: bool, years: tuple[int, ...] | None = None) -> tuple[Checked, list[Problem]]:
    """The root's checked records (`query.checked`) and a warning for each file left unread."""
    from sciplan.app import query

    found = query.checked(path, use_cache, years)
    return found, [_unread(file) for file in found.unread]


def scorecard(
    root: str | Path | None,
    year: int,
    month: int | None = None,
    *,
    unit: str | None = None,
    sort: str = "catalogue",
    parts: bool = False,
    by: str | None = None,
    use_cache: bool = True,
    lang: str | None = None,
) -> Table[ResultRow]:
    """The year's scorecard (`sciplan status YEAR [--month N] [--unit NAME]`): one row per indicator,
    in the catalogue's order (`sort="status"`: problems first), a sub-unit's with `unit`; with `parts`
    each total's parts follow it, with `by="owner"` the rows come under each 科室. Its problems: a
    warning for each other year's file left unread because of its errors, and the warnings about
    that year's file."""
    from sciplan.app import query
    from sciplan.compute.status import scorecard as compute_scorecard
    from sciplan.views.status import view

    if sort not in ("catalogue", "status"):
        raise ValueError(f"sort={sort!r}: catalogue or status")
    with _speaking(root, lang) as path:
        found, problems = _checked(path, use_cache, (year, year - 1))  # and last year's: growth, YoY
        with _warned(problems):
            card = compute_scorecard(found.project, year, unit, month)
            problems += query.year_warnings(found.project, found.findings, year)
        with _warned(problems):
            if by is not None and by.strip().lower() != "owner":
                message = _("grouping by {by!r}: only by owner is known").format(by=by)
                raise UsageError(message, code="by-unknown", by=by)
            results = card.sorted_by_attention() if sort == "status" else card.results
            shown = view(card, results, parts=parts, by="owner" if by else None)
    return _table(shown, problems)


def indicators(root: str | Path | None, *, use_cache: bool = True, lang: str | None = None) -> Table[IndicatorRow]:
    """The catalogue (`sciplan indicators`): every indicator with its unit, kind, direction and targets.
    It reads targets.yaml only: an error in a year's file does not stop it."""
    from sciplan.app import query
    from sciplan.views.indicators import view

    with _speaking(root, lang) as path:
        return _table(view(query.valid_plan(path, use_cache)[1]), [])


def trend(
    root: str | Path | None,
    id: str,
    *,
    start: int | None = None,
    end: int | None = None,
    use_cache: bool = True,
    lang: str | None = None,
) -> Table[TrendRow]:
    """One indicator over the years (`sciplan trend ID [--from START] [--to END]`): a row per year with
    a target or a value. `id` is the indicator's id, its name, or a unique part of the name."""
    from sciplan.app import query
    from sciplan.compute.trend import trend as compute_trend
    from sciplan.views.trend import view

    with _speaking(root, lang) as path:
        found, problems = _checked(path, use_cache)
        with _warned(problems):
            shown = view(compute_trend(found.project, query.indicator(found.catalogue, id), start, end))
    return _table(shown, problems)


def months(
    root: str | Path | None, id: str, year: int | None = None, *, use_cache: bool = True, lang: str | None = None
) -> Table[MonthView]:
    """One indicator's year month by month (`sciplan trend ID --months [YEAR]`; default: the latest
    year with monthly figures), beside last year's same months and the 序时进度 line."""
    from sciplan.app import query
    from sciplan.compute.trend import monthly
    from sciplan.views.monthly import view

    with _speaking(root, lang) as path:
        found, problems = _checked(path, use_cache)
        with _warned(problems):
            shown = view(monthly(found.project, query.indicator(found.catalogue, id), year))
    return _table(shown, problems)


def plans(
    root: str | Path | None,
    id: str | None = None,
    *,
    year: int | None = None,
    use_cache: bool = True,
    lang: str | None = None,
) -> Table[PlanIndicatorRow]:
    """Multi-year plans (`sciplan plan [ID] [--year YEAR]`): each plan indicator's progress from the
    baseline towards its end target, as it stood in `year` (default: with the latest data). The rows
    of every plan (`plan` names it); `pages`: a table for each."""
    from sciplan.app import query
    from sciplan.compute.plans import evaluate_plan
    from sciplan.views.plans import view

    with _speaking(root, lang) as path:
        found, problems = _checked(path, use_cache)
        with _warned(problems):
            region = found.catalogue.region
            progress = [evaluate_plan(found.project, p, year) for p in query.plans(found.catalogue, id, year)]
            pages = tuple(view(region, [one]) for one in progress)
            return _table(view(region, progress), problems, pages)


def compare(
    root: str | Path | None,
    id: str,
    year: int | None = None,
    *,
    years: int = 3,
    month: int | None = None,
    use_cache: bool = True,
    lang: str | None = None,
) -> Table[RegionRow]:
    """The region against its peers on one indicator (`sciplan compare ID [--year YEAR] [--years N]
    [--month N]`): each region's value, rank, YoY and annual growth over `years` years. Default year: the
    latest complete one in which the peers report it. `month`: the figures at the end of that month
    (`peers: months: N:` once later months are in), compared as a period (no YoY, no rate)."""
    from sciplan.app import query
    from sciplan.compute.peers import compare as compute_compare
    from sciplan.views.compare import view

    if not 1 <= years <= 50:
        raise ValueError(f"years={years}: the span of the annual growth rate is 1 to 50 years")
    with _speaking(root, lang) as path:
        found, problems = _checked(path, use_cache)
        with _warned(problems):
            ind = query.indicator(found.catalogue, id)
            project, chosen = query.compare_at(found.project, ind, year, month)
            result = compute_compare(project, ind, chosen, years)
            return _table(view(result, found.catalogue.region), problems)


def units(
    root: str | Path | None,
    year: int,
    id: str | None = None,
    *,
    month: int | None = None,
    use_cache: bool = True,
    lang: str | None = None,
) -> Table[ResultRow]:
    """Sub-units (乡镇/园区) against their shares of the targets (`sciplan units YEAR [ID] [--month N]`): a
    row per unit and indicator and the region's total (`sub_unit` None). Without `id`, every indicator
    the units have, and `pages` the matrix a person reads (units down, indicators across)."""
    from sciplan.app import query
    from sciplan.compute.units import units_view
    from sciplan.views.units import detail, matrix

    with _speaking(root, lang) as path:
        found, problems = _checked(path, use_cache, (year, year - 1))
        with _warned(problems):
            query.has_units(found.catalogue)
            chosen = query.indicator(found.catalogue, id) if id else None
            result = units_view(found.project, year, chosen, month)
            region = found.catalogue.region
            pages = () if id else (matrix(result, region),)
            return _table(detail(result, region), problems, pages)


def report(
    root: str | Path | None,
    year: int,
    out: str | Path,
    *,
    kinds: tuple[str, ...] = ("docx", "xlsx", "html", "md"),
    month: int | None = None,
    force: bool = False,
    use_cache: bool = True,
    lang: str | None = None,
) -> list[Path]:
    """Write the year's report (`sciplan report YEAR --out OUT`) into the folder `out`; the paths
    written. A file there that sciplan did not write (or that was edited since) is never replaced
    unless `force`."""
    from sciplan.report import KINDS, write_report

    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown:
        raise ValueError(f"not a report kind: {', '.join(unknown)} (kinds: {', '.join(KINDS)})")
    with _speaking(root, lang) as path:
        found, problems = _checked(path, use_cache)
        with _warned(problems):
            return write_report(found.project, year, Path(out), kinds, force=force, month=month, root=path)


def _unread(file: str) -> Problem:
    message = _("{file} has errors, not read here; `sciplan check` lists them").format(file=file)
    return Problem(file, 1, 1, "warning", "not-read", message)
