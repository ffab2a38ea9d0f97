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
and every table carries the warnings found on the way (`Table.problems`). What stops a computation
raises a `SciplanError`: no data root (`RootNotFound`), errors in the files it needs (`InvalidData`,
with `.problems`), a year or an indicator that is not there. The command line is a thin user of
the same layers: the rows here are the rows every output format of `sciplan status`, `trend`
writes.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from sciplan.core.problem import InvalidData, Problem, RootNotFound, SciplanError, in_order

if TYPE_CHECKING:
    from sciplan.core.records import Project
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
    "load",
    "report",
    "scorecard",
    "trend",
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
    str, bool, None) and the warnings found on the way."""

    title: str
    rows: list[Row]
    problems: list[Problem]

    def records(self) -> list[dict[str, Any]]:
        """The rows as flat dicts, nested rows under dotted keys (`target.value`, `pace.light`), values
        exact; the texts people read are left out. `pandas.DataFrame(table.records())` takes them."""
        return [dict(_flat(row)) for row in self.rows]


def _flat(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for name, field in zip(value._fields, value, strict=True):
        if name in _PEOPLE_ONLY:
            continue
        if isinstance(field, tuple) and hasattr(field, "_fields"):
            yield from _flat(field, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", field


def _root(root: str | Path) -> Path:
    from sciplan.app.loader import find_root

    return find_root(Path(root))


@contextlib.contextmanager
def _speaking(root: str | Path, lang: str | None) -> Iterator[Path]:
    """The found root, with the language a command there would speak (as `--lang`: `lang`, else
    $SCIPLAN_LANG, else `lang:` in its targets.yaml, else the locale) for the call; the process's
    language is restored afterwards."""
    from sciplan.core import i18n

    if lang is not None and i18n.parse_language(lang) is None:
        raise ValueError(f"lang={lang!r}: sciplan speaks zh and en")
    before = i18n.language()
    i18n.set_language(i18n.choose_language(lang, i18n.plan_language(str(root), os.environ)))
    try:
        yield _root(root)
    finally:
        i18n.set_language(before)


def load(root: str | Path, *, use_cache: bool = True, lang: str | None = None) -> Loaded:
    """Read and check every file of the data root at `root`: the records and every problem."""
    from sciplan.app.loader import load_checked

    with _speaking(root, lang) as found:
        project, findings = load_checked(found, use_cache=use_cache)
    return Loaded(project, in_order(project.problems + findings))


def check(root: str | Path, *, strict: bool = False, use_cache: bool = True, lang: str | None = None) -> list[Problem]:
    """Every problem `sciplan check` reports (warnings as errors with `strict`); empty when all is well."""
    from sciplan.app.loader import all_problems

    with _speaking(root, lang) as found:
        problems = all_problems(found, use_cache=use_cache)
    return [p.as_error() for p in problems] if strict else problems


def scorecard(
    root: str | Path, year: int, month: int | None = None, *, use_cache: bool = True, lang: str | None = None
) -> Table[ResultRow]:
    """The year's scorecard (`sciplan status YEAR [--month N]`): one row per indicator, in the
    catalogue's order. Its problems: the warnings about that year's file, and a warning for each
    other year's file left unread because of its errors."""
    from sciplan.app import query
    from sciplan.compute.status import scorecard as compute_scorecard
    from sciplan.views.status import view

    with _speaking(root, lang) as path:
        found = query.checked(path, use_cache, (year, year - 1))
        card = compute_scorecard(found.project, year, None, month)
        shown = view(card, card.results)
        unread = [_unread(file) for file in found.unread]
    return Table(shown.title, list(shown.rows), unread + query.year_warnings(found.project, found.findings, year))


def trend(root: str | Path, id: str, *, use_cache: bool = True, lang: str | None = None) -> Table[TrendRow]:
    """One indicator over the years (`sciplan trend ID`): a row per year with a target or a value.
    `id` is the indicator's id, its name, or a unique part of the name."""
    from sciplan.app import query
    from sciplan.compute.trend import trend as compute_trend
    from sciplan.views.trend import view

    with _speaking(root, lang) as path:
        found = query.checked(path, use_cache)
        shown = view(compute_trend(found.project, query.indicator(found.catalogue, id)))
    return Table(shown.title, list(shown.rows), [p for p in found.findings if p.severity == "warning"])


def report(
    root: str | Path,
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
    from sciplan.app import query
    from sciplan.report import KINDS, write_report

    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown:
        raise ValueError(f"not a report kind: {', '.join(unknown)} (kinds: {', '.join(KINDS)})")
    with _speaking(root, lang) as path:
        found = query.checked(path, use_cache)
        return write_report(found.project, year, Path(out), kinds, force=force, month=month, root=path)


def _unread(file: str) -> Problem:
    from sciplan.core.i18n import _

    message = _("{file} has errors, not read here; `sciplan check` lists them").format(file=file)
    return Problem(file, 1, 1, "warning", "not-read", message)
