"""The commands that show the data as one view in any output format: status, indicators, trend,
plan, compare, units."""

from typing import Annotated

import typer

from sciplan.cli.app import app
from sciplan.cli.options import (
    Output,
    OutputFormat,
    SortOrder,
    YearArgument,
    fail_on_statuses,
    id_argument,
    month_option,
    text_option,
    view_command,
    year_argument,
    year_option,
)
from sciplan.cli.process import fail, print_problems
from sciplan.core.i18n import N_, _
from sciplan.core.problem import UsageError


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
    from sciplan.app import query
    from sciplan.compute.status import STATUSES, scorecard
    from sciplan.views import status as status_view

    failing_on = fail_on_statuses(fail_on, STATUSES)
    project, _catalogue, findings = out.valid((year, year - 1))  # growth, YoY
    card = scorecard(project, year, unit, month)
    print_problems(query.year_warnings(project, findings, year))
    results = card.sorted_by_attention() if sort is SortOrder.status else card.results
    if by is not None and by.strip().lower() != "owner":
        raise UsageError(_("--by {by}: only --by owner is known").format(by=by))
    out.show(status_view.view(card, results, parts=parts, by="owner" if by else None))
    hits = [r for r in card.results if r.status in failing_on]
    if hits:
        names = ", ".join(sorted({r.status for r in hits}))
        counted = (
            _("1 indicator {statuses} (--fail-on {option})")
            if len(hits) == 1
            else _("{n} indicators {statuses} (--fail-on {option})")
        )
        fail(counted.format(n=len(hits), statuses=names, option=fail_on), 1)


@app.command(help=N_("The catalogue: every indicator with its unit, kind, direction and targets by year."))
@view_command
def indicators(*, out: Output) -> None:
    from sciplan.views import indicators as indicators_view

    catalogue = out.plan()
    out.show(indicators_view.view(catalogue))


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
    from sciplan.app import query
    from sciplan.compute.trend import trend as compute_trend
    from sciplan.views import trend as trend_view

    if start is not None and end is not None and start > end:
        raise UsageError(_("--from {start} is after --to {end}").format(start=start, end=end))
    if month_year is not None and not months:
        raise UsageError(_("a YEAR goes with --months; for a span of years use --from and --to"))
    if months and (start is not None or end is not None):
        raise UsageError(_("--months shows one year: give it as YEAR, not --from/--to"))
    project, catalogue, _findings = out.valid()
    if months:
        from sciplan.compute.trend import monthly
        from sciplan.views import monthly as monthly_view

        out.show(monthly_view.view(monthly(project, query.indicator(catalogue, indicator), month_year)))
        return
    result = compute_trend(project, query.indicator(catalogue, indicator), start, end)
    out.show(trend_view.view(result))


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
    from sciplan.app import query
    from sciplan.compute.plans import evaluate_plan
    from sciplan.views import plans as plans_view

    project, catalogue, _findings = out.valid()
    progress = [evaluate_plan(project, p, year) for p in query.plans(catalogue, plan_id, year)]
    if out.format in (OutputFormat.json, OutputFormat.csv):  # one document, one table (plans as a column)
        out.show(plans_view.view(catalogue.region, progress))
    else:  # a table per plan
        for i, one in enumerate(progress):
            if i:
                print()
            out.show(plans_view.view(catalogue.region, [one]))


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
    *,
    out: Output,
) -> None:
    from sciplan.app import query
    from sciplan.compute.peers import compare as compute_compare
    from sciplan.views import compare as compare_view

    project, catalogue, _findings = out.valid()
    ind = query.indicator(catalogue, indicator)
    result = compute_compare(project, ind, query.compare_year(project, ind, year), years)
    out.show(compare_view.view(result, catalogue.region))


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
    from sciplan.app import query
    from sciplan.compute.units import units_view
    from sciplan.views import units as units_views

    project, catalogue, _findings = out.valid((year, year - 1))
    query.has_units(catalogue)
    view = units_view(project, year, query.indicator(catalogue, indicator) if indicator else None, month)
    if indicator or out.format in (OutputFormat.csv, OutputFormat.json):
        out.show(units_views.detail(view, catalogue.region))
    else:
        out.show(units_views.matrix(view, catalogue.region))
