"""The commands that write figures into a year's file: `set` (one figure) and `import` (a spreadsheet),
both through the span writer (store/yamledit.py), checked as `check` would before anything is written."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from sciplan.cli.group import app
from sciplan.cli.options import Where, command_options, month_option, year_option
from sciplan.core.i18n import N_, _

DryRunOption = Annotated[
    bool, typer.Option("--dry-run", "-n", help=N_("Show the changes as a table and write nothing."))
]


@app.command(
    "set",
    help=N_(
        "Set one figure in data/YEAR.yaml, in place: every other line of the file stays as it is.\n"
        "\n"
        "The indicator by id or name, the value as a data file holds it (86, 1.2万件, 5.6亿元, null). "
        "With --month N for a month after as_of, the figures as of as_of move under months: and as_of "
        "becomes the end of month N, in the same write."
    ),
)
@command_options
def set_command(
    indicator: Annotated[str, typer.Argument(metavar="ID", show_default=False, help=N_("Indicator id or name."))],
    value: Annotated[
        str, typer.Argument(metavar="VALUE", show_default=False, help=N_("The figure, e.g. 86, 5.6亿元, null."))
    ],
    year: Annotated[int, year_option(N_("The year of the figure."), "--year", "-y")],
    month: Annotated[
        int | None,
        month_option(N_("The month the figure runs to (1–12)."), "-m"),
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", show_default=False, help=N_("A sub-unit's figure (乡镇/园区), by name."))
    ] = None,
    peer: Annotated[str | None, typer.Option("--peer", show_default=False, help=N_("A peer region's figure."))] = None,
    note: Annotated[str | None, typer.Option("--note", show_default=False, help=N_("Set the figure's note:."))] = None,
    source: Annotated[
        str | None, typer.Option("--source", show_default=False, help=N_("Set the figure's source:."))
    ] = None,
    stage: Annotated[
        str | None,
        typer.Option(
            "--stage",
            show_default=False,
            metavar="STAGE",
            help=N_(
                "The figure's stage on its revision path: 预计, 快报, 年报 or 公报 (estimate, flash, annual, bulletin)."
            ),
        ),
    ] = None,
    dry_run: DryRunOption = False,
    *,
    where: Where,
) -> None:
    from sciplan.cli.writing import set_figure

    set_figure(indicator, value, year, month, unit, peer, note, source, stage, dry_run, where=where)


UNMATCHED_SHOWN = 20  # rows that name no indicator listed one by one; the rest counted
_STATES = (N_("new"), N_("changed"), N_("unchanged"))  # the states, translated where shown


@app.command(
    "import",
    help=N_(
        "Import the figures of received tables (统计局 月报 and the like) into data/YEAR.yaml.\n"
        "\n"
        ".xlsx, .xls, WPS .et, .ods, .csv (UTF-8 or GBK), and the HTML or tab-separated text that download "
        "buttons serve as .xls; the kind is told by the content. Rows match indicators by name or by aliases: "
        "in targets.yaml; a row that matches none is listed, never guessed. The changes are shown as a table; "
        "--dry-run writes nothing."
    ),
)
@command_options
def import_command(
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE...", show_default=False, help=N_("The received tables."))
    ],
    year: Annotated[
        int | None,
        year_option(N_("The year, when the table does not say it."), "--year", "-y"),
    ] = None,
    month: Annotated[
        int | None,
        month_option(N_("The month, when the table does not say it."), "-m"),
    ] = None,
    mapping: Annotated[
        str | None,
        typer.Option(
            "--mapping", show_default=False, help=N_("The mapping file import/NAME.yaml to read the tables by.")
        ),
    ] = None,
    dry_run: DryRunOption = False,
    *,
    where: Where,
) -> None:
    from sciplan.app import importing, query, recording
    from sciplan.cli.collect import import_returned
    from sciplan.cli.writing import said, show

    if import_returned(files, year, month, dry_run, where):  # 报送表 back from the 板块
        return
    project, catalogue = query.plan_of(where.root, where.use_cache)
    try:
        result = importing.run(project, catalogue, files, year, month, mapping)
    except importing.SheetProblems as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        raise
    show(result.changes)
    for stage, said_at, note in result.stages:
        if note:
            message = _("stage: {stage}, written with the figures: the footnote says so ({cell}: {note})")
        else:
            message = _("stage: {stage}, written with the figures, as {cell} says")
        print(message.format(stage=stage, cell=said_at, note=note))
    for row in result.unmatched[:UNMATCHED_SHOWN]:
        message = _("not imported: {label} ({cell}) names no indicator; add it to aliases: in targets.yaml")
        if not row.label:
            message = _("not imported: the figure in {cell}: its row has no label; write the indicator's name in it")
        print(message.format(label=row.label, cell=row.cell), file=sys.stderr)
    if len(result.unmatched) > UNMATCHED_SHOWN:
        rest = len(result.unmatched) - UNMATCHED_SHOWN
        message = _("… and {n} more rows that name no indicator, not imported").format(n=f"{rest:,}")
        print(message, file=sys.stderr)
    for warning in result.warnings:
        print(f"sciplan: warning: {warning}", file=sys.stderr)
    for period in sorted({m for m, _n, _g in result.growth_only}):
        names = _(", ").join(f"{name} ({growth})" for m, name, growth in result.growth_only if m == period)
        message = _(
            "YoY: data/{year}.yaml has no 1–{month}月 figure for {names}: the sheet's growth is not imported, and "
            "status shows no YoY for them until last year's figures are added under months: {month}:"
        )
        print(message.format(year=result.year - 1, month=period, names=names), file=sys.stderr)
    if dry_run:
        return
    from sciplan.store.atomic import FileExists, write_new
    from sciplan.store.yamledit import ChangedOnDisk

    def named(path: Path) -> str:
        return f"{importing.IMPORT_DIR}/{path.name}"

    for path in result.starters:  # a concurrent import wrote it since this one looked: nothing written
        if os.path.lexists(path):
            message = _("{file} changed on disk since sciplan read it; nothing written, run the command again")
            raise ChangedOnDisk(message.format(file=named(path)))
    said(result.changes, recording.write(result.changes))
    for path, text in result.starters.items():
        try:
            write_new(path, text)
        except FileExists:  # in the moment between: theirs stands, the figures are written
            message = _("{file} appeared while sciplan wrote the figures; it is left as it is")
            print(f"sciplan: warning: {message.format(file=named(path))}", file=sys.stderr)
            continue
        print(_("wrote {file}: how this source's tables are read, to edit").format(file=named(path)), file=sys.stderr)
