"""The commands that show the data as one view in any output format: status, indicators, trend,
plan, compare, units, declared to typer here (their options and help); what each does is in reading.py."""

from typing import Annotated

import typer

from sciplan.cli import reading
from sciplan.cli.group import app
from sciplan.cli.options import (
    Output,
    SortOrder,
    YearArgument,
    id_argument,
    month_option,
    text_option,
    view_command,
    year_argument,
    year_option,
)
from sciplan.core.i18n import N_


@app.command(
    help=N_(
        "The year's scorecard: every indicator against its target, and the shortfalls in words.\n"
        "\n"
        "Per indicator: target, actual, attainment (完成率), gap, YoY, rank among peers, pace (序时进度).\n"
        "\n"
        "Then the shortfalls in words, the year's milestones and a count per status."
    )
)
@view_command
def status(
    year: YearArgument,
    sort: Annotated[
        SortOrder,
        typer.Option("--sort", help=N_("catalogue: the order of targets.yaml; status: problems first.")),
    ] = SortOrder.catalogue,
    fail_on: Annotated[
        str | None,
        text_option(
            "--fail-on", "STATUSES", N_("Exit 1 when any indicator has one of these statuses, e.g. short,near,missing.")
        ),
    ] = None,
    unit: Annotated[
        str | None,
        text_option(
            "--unit",
            "NAME",
            N_("A sub-unit's (乡镇/园区) scorecard: its share of the targets, ranked among the units."),
        ),
    ] = None,
    parts: Annotated[bool, typer.Option("--parts", help=N_("Show each total's parts indented under it."))] = False,
    month: Annotated[
        int | None,
        month_option(
            N_("The scorecard at the end of month N (1–12), from the figures under months: (default: as_of).")
        ),
    ] = None,
    by: Annotated[
        str | None,
        text_option("--by", "owner", N_("owner: the rows under each 科室 (owner: in targets.yaml), with its counts.")),
    ] = None,
    *,
    out: Output,
) -> None:
    reading.status(year, sort, fail_on, unit, parts, month, by, out=out)


@app.command(help=N_("The catalogue: every indicator with its unit, kind, direction and targets by year."))
@view_command
def indicators(*, out: Output) -> None:
    reading.indicators(out=out)


@app.command(
    help=N_(
        "One indicator over the years, with its compound annual growth (年均增长).\n"
        "\n"
        "Target, actual, attainment, status and YoY per year, with a chart.\n"
        "\n"
        "Growth of percentage indicators (unit %) is in percentage points per year."
    )
)
@view_command
def trend(
    indicator: Annotated[
        str,
        id_argument(N_("The indicator: its id (hightech_total), its name, or a unique part of the name.")),
    ],
    month_year: Annotated[
        int | None, year_argument(N_("With --months: the year (default: the latest with monthly figures)."))
    ] = None,
    months: Annotated[
        bool,
        typer.Option(
            "--months",
            help=N_("One year month by month (1–N月累计), beside last year's same months and the 序时进度 line."),
        ),
    ] = False,
    start: Annotated[
        int | None, year_option(N_("First year (default: the first with data or a target)."), "--from")
    ] = None,
    end: Annotated[int | None, year_option(N_("Last year (default: the last with data or a target)."), "--to")] = None,
    *,
    out: Output,
) -> None:
    reading.trend(indicator, month_year, months, start, end, out=out)


@app.command(
    help=N_(
        "Multi-year plans: progress from the baseline towards each end target.\n"
        "\n"
        "Progress against the time elapsed, observed and required annual rates, and a category.\n"
        "\n"
        "Categories: achieved, on track, accelerate, limited, deteriorating, insufficient data."
    )
)
@view_command
def plan(
    plan_id: Annotated[
        str | None,
        id_argument(N_("A plan id from targets.yaml (default: every plan)."), "[ID]"),
    ] = None,
    year: Annotated[
        int | None, year_option(N_("Evaluate the plan as it stood in this year (default: with the latest data)."))
    ] = None,
    *,
    out: Output,
) -> None:
    reading.plan(plan_id, year, out=out)


@app.command(
    help=N_(
        "How the region stands against its peers: value, rank and growth of each region.\n"
        "\n"
        "Each region's value, rank, YoY and annual growth over the last N years (年均增长), with a chart."
    )
)
@view_command
def compare(
    indicator: Annotated[
        str,
        id_argument(N_("The indicator: its id, name or a unique part of it.")),
    ],
    year: Annotated[
        int | None, year_option(N_("The year (default: the latest complete year in which peers report the indicator)."))
    ] = None,
    years: Annotated[int, typer.Option("--years", min=1, max=50, help=N_("Span of the annual growth rate."))] = 3,
    month: Annotated[
        int | None,
        month_option(N_("The regions at the end of month N (1–12), from peers: months: once later months are in.")),
    ] = None,
    *,
    out: Output,
) -> None:
    reading.compare(indicator, year, years, month, out=out)


@app.command(
    help=N_(
        "Sub-units (乡镇/园区) side by side, against their shares of the targets.\n"
        "\n"
        "Each unit's actual against its share of the target, its status and rank, and the region's total."
    )
)
@view_command
def units(
    year: YearArgument,
    indicator: Annotated[
        str | None,
        id_argument(N_("One indicator in detail (default: all the units have)."), "[ID]"),
    ] = None,
    month: Annotated[
        int | None,
        month_option(
            N_("The units at the end of month N (1–12), from the figures under units: months: (default: as_of).")
        ),
    ] = None,
    *,
    out: Output,
) -> None:
    reading.units(year, indicator, month, out=out)
