"""Qualitative tasks with deadlines (SPEC 5.6): 一季度发布《技术转移机构管理考核办法》.

A year's scorecard shows the milestones due that year and those due earlier but still not done
when the year began. Their status is judged as the year stood: at 31 December for a final year
(closed: what was due that year and is not done is overdue), at `as_of` for an open one (a done
date after it does not count yet). An open year without as_of has no date to judge by: a task with
a done date is done (or done late) by that date, one without is open, and only what was due
before the year began is overdue.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sciplan.core.records import Milestone, ValidProject

MILESTONE_STATUSES = ("done", "done_late", "overdue", "open")


class MilestoneStatus(NamedTuple):
    milestone: Milestone
    done: dt.date | None  # as known at the reference date
    status: str  # done | done_late | overdue | open


def completion(project: ValidProject, ident: str) -> dt.date | None:
    """When the task was done, from whichever year's file records it (the earliest date)."""
    dates = [d.milestones[ident].done for d in project.years.values() if ident in d.milestones]
    return min((d for d in dates if d is not None), default=None)


def reference_date(project: ValidProject, year: int) -> dt.date | None:
    """The day a year's view stands at: 31 December when final, else as_of; None when neither."""
    data = project.years.get(year)
    if data is not None and data.final:
        return dt.date(year, 12, 31)
    if data is not None and data.as_of is not None:
        return data.as_of
    return None


def judge(due: dt.date, done: dt.date | None, reference: dt.date | None, *, closed: bool = False) -> str:
    """The status at `reference` (None: any done date counts, nothing is overdue). `closed`: the
    year is over at `reference`, so a task due that very day and not done is overdue too."""
    if done is not None and (reference is None or done <= reference):
        return "done" if done <= due else "done_late"
    if reference is not None and (reference > due or (closed and reference >= due)):
        return "overdue"
    return "open"


def milestone_statuses(project: ValidProject, year: int) -> list[MilestoneStatus]:
    reference = reference_date(project, year)
    data = project.years.get(year)
    closed = data is not None and data.final
    start = dt.date(year, 1, 1)
    shown = []
    for m in project.catalogue.milestones:
        done = completion(project, m.id)
        carried = m.due < start and (done is None or done >= start)  # due earlier, still open then
        if m.due.year != year and not carried:
            continue
        known = done if done is None or reference is None or done <= reference else None
        status = judge(m.due, done, reference, closed=closed)
        if reference is None and status == "open" and m.due < start:
            status = "overdue"  # due before the year began and not done: overdue by its first day
        shown.append(MilestoneStatus(m, known, status))
    return shown
