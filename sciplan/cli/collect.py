"""The command that sends work out to the sub-units (板块), `template`, and the import of what comes back
(`import_returned`, which `sciplan import` calls first: returned templates are recognised by content)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sciplan.cli.group import app
from sciplan.cli.options import OutFolderOption, Where, YearArgument, command_options, month_option
from sciplan.core.i18n import N_
from sciplan.core.problem import SciplanError, UsageError

if TYPE_CHECKING:
    from sciplan.app.recording import Changes


@app.command(
    help=N_(
        "Write a fill-in workbook (报送表) per sub-unit, to send out and read back with `sciplan import`.\n"
        "\n"
        "One .xlsx per unit: the title, the deadline (--due), one row per indicator the unit has a target or\n"
        "a figure for, with its share of the target, last year's figure for the same period and the cell to\n"
        "fill (1–N月累计); everything else locked. A file sciplan did not write is never replaced."
    )
)
@command_options
def template(
    year: YearArgument,
    month: Annotated[
        int | None, month_option(N_("The figures asked for: 1–N月累计 (default: the month of the year's as_of)."))
    ] = None,
    unit: Annotated[
        list[str] | None,
        typer.Option(
            "--unit", metavar="NAME", show_default=False, help=N_("Only this unit (repeat for several; default: all).")
        ),
    ] = None,
    out: OutFolderOption = Path("templates"),
    due: Annotated[
        str | None,
        typer.Option(
            "--due", metavar="DATE", show_default=False, help=N_("The deadline printed on the form (YYYY-MM-DD).")
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=N_("Replace templates sciplan wrote before (never any other file)."))
    ] = False,
    *,
    where: Where,
) -> None:
    from sciplan.app import query
    from sciplan.core.i18n import _
    from sciplan.report.template import write_templates

    deadline = None
    if due is not None:
        try:
            deadline = dt.date.fromisoformat(due.strip())
        except ValueError:
            raise UsageError(
                _("--due {date!r} is not a date; write YYYY-MM-DD, e.g. 2023-07-05").format(date=due)
            ) from None
    from sciplan.report.template import NoMonth, TemplateExists
    from sciplan.report.template_names import TemplateNames

    project, catalogue, _findings = query.valid(where.root, where.use_cache, (year, year - 1))
    query.has_units(catalogue)
    try:
        paths = write_templates(project, year, month, unit, out, deadline, force)
    except NoMonth as exc:
        message = _("data/{year}.yaml gives no as_of to take the month from: say which with --month N")
        raise UsageError(message.format(year=exc.year)) from None
    except TemplateExists as exc:
        message = _("{path} exists (perhaps returned filled in); --force replaces the templates sciplan wrote")
        raise SciplanError(message.format(path=exc.path)) from None
    except TemplateNames as exc:
        from sciplan.cli.process import print_problems

        print_problems(exc.problems)
        raise SciplanError(str(exc)) from None
    for path in paths:
        print(_("wrote {path}").format(path=path), file=sys.stderr)


def import_returned(files: list[Path], year: int | None, month: int | None, dry_run: bool, where: Where) -> bool:
    """`sciplan import` of returned fill-in templates: False when none of `files` is one (the import of
    other tables goes on), else every file checked, the changes shown and, without `dry_run`, written.
    Templates and other tables go in separate imports."""
    from sciplan.app import query, readback, recording
    from sciplan.core.i18n import _

    templates = [f for f in files if readback.is_template(f)]
    if not templates:
        return False
    if len(templates) != len(files):
        others = ", ".join(str(f) for f in files if f not in templates)
        raise UsageError(
            _("{others}: not returned templates; import the templates and other tables separately").format(
                others=others
            )
        )
    project, _catalogue, _findings = query.valid(where.root, where.use_cache)
    try:
        returned = readback.read_all(project, templates, year, month)
    except readback.BadTemplates as exc:
        for message in exc.messages:
            print(f"{message}", file=sys.stderr)
        raise
    planned = readback.plan(project, returned)
    for changes, units in planned:
        _show(changes, units)
    if dry_run:
        return True
    for changes, _units in planned:
        if recording.write(changes):
            print(_("wrote {file}").format(file=changes.file.file), file=sys.stderr)
        else:
            print(_("{file} unchanged").format(file=changes.file.file), file=sys.stderr)
    return True


def _show(changes: Changes, units: list[str]) -> None:
    """The change table (unit, indicator, period, old → new, unit of measure, change) and the counts."""
    from tabulate import tabulate

    from sciplan.cli.process import print_problems
    from sciplan.core.i18n import _
    from sciplan.store.yamledit import scalar_text

    def shown(value: Any) -> str:
        return "—" if value is None else scalar_text(value).strip('"')

    rows = [
        [unit, r.name, r.period, f"{shown(r.old)} → {shown(r.new)}", r.unit, _(r.state)]
        for unit, r in zip(units, changes.rows, strict=True)
    ]
    headers = [_("Sub-unit"), _("indicator"), _("period"), _("old → new"), _("unit"), _("change")]
    if rows:
        print(tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True))
    counts = _("{new} new, {changed} changed, {unchanged} unchanged").format(
        new=changes.count("new"),
        changed=changes.count("changed"),
        unchanged=changes.count("unchanged"),
    )
    print(counts)
    print_problems(changes.warnings)
