"""The command that sends work out to the sub-units (板块): `template`. Their returned files come back
in through `import`."""

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from sciplan.cli.app import app
from sciplan.cli.options import NoCacheOption, RootOption, YearArgument
from sciplan.cli.process import reporting
from sciplan.core.i18n import N_
from sciplan.core.problem import UsageError


@app.command(
    help=N_(
        "Write a fill-in workbook (报送表) per sub-unit, to send out and read back with `sciplan import`.\n"
        "\n"
        "One .xlsx per unit: the title, the deadline (--due), one row per indicator the unit has a target or\n"
        "a figure for, with its share of the target, last year's figure for the same period and the cell to\n"
        "fill (1–N月累计); everything else locked. A file sciplan did not write is never replaced."
    )
)
def template(
    year: YearArgument,
    month: Annotated[
        int | None,
        typer.Option(
            "--month",
            min=1,
            max=12,
            metavar="N",
            show_default=False,
            help=N_("The figures asked for: 1–N月累计 (default: the month of the year's as_of)."),
        ),
    ] = None,
    unit: Annotated[
        list[str] | None,
        typer.Option(
            "--unit", metavar="NAME", show_default=False, help=N_("Only this unit (repeat for several; default: all).")
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", metavar="DIR", help=N_("The folder to write into (created if needed)."))
    ] = Path("templates"),
    due: Annotated[
        str | None,
        typer.Option(
            "--due", metavar="DATE", show_default=False, help=N_("The deadline printed on the form (YYYY-MM-DD).")
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=N_("Replace templates sciplan wrote before (never any other file)."))
    ] = False,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    with reporting():
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
        project, catalogue, _findings = query.valid(root, not no_cache, (year, year - 1))
        query.has_units(catalogue)
        for path in write_templates(project, year, month, unit, out, deadline, force):
            print(_("wrote {path}").format(path=path), file=sys.stderr)
