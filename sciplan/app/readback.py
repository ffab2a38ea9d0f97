"""Returned fill-in templates into the data (`sciplan import` of files `sciplan template` wrote).

Every file is read and checked first (app/returned.py: its hidden sheet, its locked cells, its numbers, and
that it belongs to this root, year, month and unit); only when all of them pass are the figures planned
through the figures writer (app/recording.py: the change table, the check of the result, `0 changed` on a
second import) and, without --dry-run, written. A unit's figures go under that unit: for the year's as_of
month beside its other figures (`units: 黄桥经济开发区: …`), for an earlier month under `units: months: N:`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sciplan.app.formcells import BadTemplate
from sciplan.app.returned import NOTE, SHEET, Returned, changes, is_template, read
from sciplan.app.unitjump import jump_refused
from sciplan.core.i18n import _
from sciplan.core.problem import SciplanError

if TYPE_CHECKING:
    from sciplan.app.recording import Changes
    from sciplan.core.records import ValidProject

__all__ = ["BadTemplates", "is_template", "plan", "read_all"]


class BadTemplates(SciplanError):
    """Returned templates that cannot go in as they stand: every file's problem, nothing written."""

    def __init__(self, messages: list[str]):
        one, many = _("1 returned template cannot be imported"), _("{n} returned templates cannot be imported")
        super().__init__((one if len(messages) == 1 else many).format(n=len(messages)) + _("; nothing was written"))
        self.messages = messages


def _remarks_fit(returned: Returned) -> None:
    """A remark (备注) is written with its figure: text sciplan's files refuse (a line starting `::`, which CI
    logs read as a command; a bidi or control character) is refused at its cell, before any write is tried."""
    from sciplan.core.chars import command_problem, control_problem

    for f in returned.figures:
        why = None if f.note is None else command_problem(f.note) or control_problem(f.note, one_line=False)
        if why is not None:
            cell = f"{chr(ord('A') + NOTE)}{f.cell.lstrip('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}"
            message = _("{file}!{sheet}!{cell}: error[template-remark]: {why}; write the remark without it")
            raise BadTemplate(message.format(file=returned.file, sheet=SHEET, cell=cell, why=why))


def read_all(
    project: ValidProject, paths: list[Path], year: int | None = None, month: int | None = None
) -> list[Returned]:
    """Every returned template, checked against the root; BadTemplates listing each bad file."""
    found, bad = [], []
    for path in paths:
        try:
            returned = read(path, str(path))
            changes(project, returned, year, month)
            _remarks_fit(returned)
            jump = jump_refused(project, returned, SHEET)  # 260 (%) for 2.6: refused as import refuses it
            if jump is not None:
                raise BadTemplate(jump)
        except BadTemplate as exc:
            bad.append(str(exc))
            continue
        found.append(returned)
    seen: dict[tuple[int, int, str], str] = {}
    months: dict[int, int] = {}
    for r in found:
        key = (r.year, r.month, r.unit)
        if key in seen:
            bad.append(
                _("{file}: {unit}'s figures for {year}, month {month} come in {other} too; import one of them").format(
                    file=r.file, unit=r.unit, year=r.year, month=r.month, other=seen[key]
                )
            )
        seen.setdefault(key, r.file)
        if months.setdefault(r.year, r.month) != r.month:
            bad.append(
                _(
                    "{file}: templates of {year} for months {one} and {other} at once; import one month at a time"
                ).format(file=r.file, year=r.year, one=months[r.year], other=r.month)
            )
    if bad:
        raise BadTemplates(bad)
    return found


def plan(project: ValidProject, returned: list[Returned]) -> list[tuple[Changes, list[str]]]:
    """The changes of each year's file, planned (and checked) before any is written, with the unit of each
    of its change rows (one row per figure, in order)."""
    from sciplan.app import recording

    by_year: dict[int, list[Returned]] = {}
    for r in returned:
        by_year.setdefault(r.year, []).append(r)
    out = []
    for year, files in sorted(by_year.items()):
        figures = [
            recording.Figure(f.indicator, f.value, unit=r.unit, note=f.note, where=f"{r.file}!{SHEET}!{f.cell}")
            for r in files
            for f in r.figures
        ]
        units = [r.unit for r in files for _f in r.figures]
        out.append((recording.plan(project.root, project.catalogue, year, figures, files[0].month), units))
    return out
