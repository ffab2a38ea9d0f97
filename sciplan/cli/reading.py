"""What the read commands do once their command line is read: status, indicators, trend, plan,
compare, units. view_commands.py declares them to typer; quick.py calls them straight when a plain
command line needs no parser (neither imports the other: these bodies need no typer)."""

from sciplan.cli.shared import Output, SortOrder, fail_on_statuses
from sciplan.core.i18n import _
from sciplan.core.problem import UsageError


def status(
    year: int,
    sort: SortOrder,
    fail_on: str | None,
    unit: str | None,
    parts: bool,
    month: int | None,
    by: str | None,
    *,
    out: Output,
) -> None:
    import sciplan.api as sp
    from sciplan.cli.process import fail
    from sciplan.compute.status import STATUSES

    failing_on = fail_on_statuses(fail_on, STATUSES)
    card = sp.scorecard(
        out.root, year, month, unit=unit, sort=sort.value, parts=parts, by=by, use_cache=out.use_cache, lang=out.lang
    )
    out.write(card)
    statuses = {row.id: row.status for row in card.rows}  # with --parts, a part once
    hits = [status for status in statuses.values() if status in failing_on]
    if hits:
        names = ", ".join(sorted(set(hits)))
        counted = (
            _("1 indicator {statuses} (--fail-on {option})")
            if len(hits) == 1
            else _("{n} indicators {statuses} (--fail-on {option})")
        )
        fail(counted.format(n=len(hits), statuses=names, option=fail_on), 1)


def indicators(*, out: Output) -> None:
    import sciplan.api as sp

    out.write(sp.indicators(out.root, use_cache=out.use_cache, lang=out.lang))


def trend(
    indicator: str, month_year: int | None, months: bool, start: int | None, end: int | None, *, out: Output
) -> None:
    import sciplan.api as sp

    if start is not None and end is not None and start > end:
        raise UsageError(_("--from {start} is after --to {end}").format(start=start, end=end))
    if month_year is not None and not months:
        raise UsageError(_("a YEAR goes with --months; for a span of years use --from and --to"))
    if months and (start is not None or end is not None):
        raise UsageError(_("--months shows one year: give it as YEAR, not --from/--to"))
    if months:
        out.write(sp.months(out.root, indicator, month_year, use_cache=out.use_cache, lang=out.lang))
    else:
        out.write(sp.trend(out.root, indicator, start=start, end=end, use_cache=out.use_cache, lang=out.lang))


def plan(plan_id: str | None, year: int | None, *, out: Output) -> None:
    import sciplan.api as sp

    out.write(sp.plans(out.root, plan_id, year=year, use_cache=out.use_cache, lang=out.lang))


def compare(indicator: str, year: int | None, years: int, month: int | None, *, out: Output) -> None:
    import sciplan.api as sp

    out.write(sp.compare(out.root, indicator, year, years=years, month=month, use_cache=out.use_cache, lang=out.lang))


def units(year: int, indicator: str | None, month: int | None, *, out: Output) -> None:
    import sciplan.api as sp

    out.write(sp.units(out.root, year, indicator, month=month, use_cache=out.use_cache, lang=out.lang))
