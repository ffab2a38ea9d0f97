"""Rules about the years themselves, for `sciplan check`: a closed year's date that says otherwise,
an open year without its date, and a year missing between others that something needs."""

from __future__ import annotations

import datetime as dt
import itertools

from sciplan.core.i18n import _
from sciplan.core.problem import Problem
from sciplan.core.records import Project


def as_of_contradictions(project: Project) -> list[Problem]:
    """`final: true` with an as_of before 31 December contradicts itself (error); an open year
    without as_of leaves pace (序时进度) and same-period (同比) figures without a date (warning)."""
    problems = []
    broken = {p.file for p in project.problems if p.severity == "error"}  # final: yes reads as false there
    for year, data in project.years.items():
        if data.file in broken:
            continue
        if data.final and data.as_of is not None and data.as_of < dt.date(year, 12, 31):
            problems.append(
                project.problem(
                    data.file,
                    ("as_of",),
                    "final-as-of",
                    _(
                        "as_of: {date} is before 31 December, but final: true says {year} is closed; "
                        "write as_of: {year}-12-31, or final: false while figures are still coming in"
                    ).format(date=data.as_of.isoformat(), year=year),
                )
            )
        elif not data.final and data.as_of is None:
            problems.append(
                project.problem(
                    data.file,
                    ("final",),  # at final: when written, else the top of the file
                    "no-as-of",
                    _(
                        "{year} is open (final: false) but has no as_of: pace (序时进度) and same-period (同比) "
                        "figures need the date the figures refer to; add e.g. as_of: {year}-09-30"
                    ).format(year=year),
                    severity="warning",
                    key=True,
                )
            )
    return problems


def missing_years(project: Project) -> list[Problem]:
    """A year missing between two years with data files, when the next year's YoY, a growth target
    or a plan needs its figures: said here, not found later as a row of `? unknown`."""
    years = sorted(project.years)
    problems = []
    for before, after in itertools.pairwise(years):
        for year in range(before + 1, after):
            needs = _needs(project, year)
            if not needs:
                continue
            file = project.years[after].file
            problems.append(
                project.problem(
                    file,
                    (),
                    "missing-year",
                    _(
                        "no data/{year}.yaml between {before} and {after}: {needs} need {year}'s figures; "
                        "add the file (null for what is not known)"
                    ).format(year=year, before=project.years[before].file, after=file, needs=_("; ").join(needs)),
                    severity="warning",
                )
            )
    return problems


def _needs(project: Project, year: int) -> list[str]:
    """What reads `year`'s figures: the next year's YoY and growth targets, and plans spanning it."""
    needs = []
    if year + 1 in project.years:
        needs.append(_("{year}'s YoY").format(year=year + 1))
    cat = project.catalogue
    if cat is None:
        return needs
    growth = [
        f"{ind.id} {entry.target.text}"
        for ind in cat.indicators.values()
        if (entry := ind.targets.get(year + 1)) is not None and entry.target.needs_base
    ]
    if growth:
        needs.append(_("{year}'s targets over last year ({targets})").format(year=year + 1, targets=", ".join(growth)))
    plans = [p.id for p in cat.plans if p.baseline <= year <= p.end]
    if plans:
        needs.append(_("plan {plans}").format(plans=", ".join(plans)))
    return needs
