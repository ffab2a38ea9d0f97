"""`sciplan trend ID`: one indicator's rows over the years, with a chart and its annual growth."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from sciplan.core.i18n import _
from sciplan.core.numbers import exact
from sciplan.views import FLOATS, Column, Justify, Note, View, as_json
from sciplan.views.basenotes import unequal_span_note
from sciplan.views.charts import bar, sparkline
from sciplan.views.monthly import month_label
from sciplan.views.status import TargetView, actual_columns, result_row
from sciplan.views.words import STYLES, mid_month_period, provisional_stage, rate_text, stage_notes

if TYPE_CHECKING:
    from sciplan.compute.status import Result
    from sciplan.compute.trend import Trend


class TrendRow(NamedTuple):
    """One year of the indicator (SPEC 5.10's keys first)."""

    year: int
    target: TargetView | None
    actual: Fraction | None
    attainment: Fraction | None
    yoy: Fraction | None
    yoy_unit: str
    status: str
    approximate: bool
    estimated: bool
    derived: bool
    stretch_met: bool | None
    decimals: int
    shown: dict[str, str]
    styles: dict[str, str]
    period: str | None = None  # what `actual` covers: "2022" or, for a year under way, "2022-01..2022-09"
    partial: bool = False  # the figures cover part of the year: not a year's value, kept out of the rate
    stage: str | None = None  # 预计 → 快报 → 年报 → 公报 (estimate, flash, annual, bulletin)


FLOATS[TrendRow] = ("attainment", "yoy")  # written as floats in JSON and CSV


def view(t: Trend) -> View[TrendRow]:
    ind = t.indicator
    right: Justify = "right"
    columns = [
        Column("year", _("Year")),
        Column("target.text", _("Target")),
        Column("target.value", "target.value", only="csv"),
        *actual_columns(),
        Column("status", _("Status")),
        Column("yoy", _("YoY"), right),
        Column("yoy_unit", "yoy_unit", only="csv"),
        Column("chart", _("Chart"), only="table", drop=9),  # the first to go
    ]
    scale = max(
        [r.actual.value for r in t.results if r.actual]
        + [r.resolved.value for r in t.results if r.resolved and r.resolved.value is not None],
        default=Fraction(0),
    )
    rows = []
    for r in t.results:
        one = result_row(r)
        threshold = r.resolved.value if r.resolved else None
        partial = r.period is not None and not r.period.whole
        year = year_label(r) if partial else str(r.year)
        shown = {**one.shown, "year": year, "chart": bar(one.actual, threshold, scale)}
        styles = {**one.styles, "chart": STYLES[r.status]}
        rows.append(
            TrendRow(
                r.year,
                one.target,
                one.actual,
                one.attainment,
                one.yoy,
                one.yoy_unit,
                one.status,
                one.approximate,
                one.estimated,
                one.derived,
                one.stretch_met,
                one.decimals,
                shown,
                styles,
                one.period,
                partial,
                one.stage,
            )
        )
    notes = [Note(spark(t))]
    if t.span is not None:
        first, last = t.span
        kind = _("average change") if t.cagr_unit == "pp" else _("compound annual growth (年均增长)")
        rate = rate_text(t.cagr, " pp" if t.cagr_unit == "pp" else "%")
        notes.append(Note(_("{kind} {first}–{last}: {rate}/yr").format(kind=kind, first=first, last=last, rate=rate)))
    else:
        notes.append(Note(_("compound annual growth: needs actuals in two years")))
    marked = [(str(r.year), stage) for r in t.results if (stage := provisional_stage(r.actual))]
    notes += [Note(text, "dim") for text in stage_notes(marked)]
    if any(r.actual and r.actual.derived for r in t.results):
        notes.append(Note(_("† computed from the indicator's formula"), "dim"))
    notes.append(Note(_("chart: █ actual, ┃ target"), "dim"))
    unequal = [r for r in t.results if r.previous_missing and r.period is not None and not r.period.month_end]
    for r in unequal:
        assert r.period is not None
        notes.append(unequal_span_note(r.period.end, [str(r.year)]))
    partial_rows = [r for r in t.results if r.period is not None and not r.period.whole]
    if partial_rows:
        years = _(", ").join(year_label(r) for r in partial_rows)
        words = _("{years}: part of the year, not a year's value: kept out of the rate")
        notes.append(Note(words.format(years=years), "dim"))

    def document(v: View) -> dict:
        return {
            "id": ind.id,
            "unit": ind.unit,
            "from": t.start,
            "to": t.end,
            "years": [as_json(row) for row in v.rows],
            "cagr": None if t.cagr is None else exact(t.cagr, point=True),
            "cagr_unit": t.cagr_unit,
            "cagr_span": list(t.span) if t.span else None,
        }

    return View(
        _("{name} ({unit}) · {start}–{end}").format(name=ind.name, unit=ind.unit, start=t.start, end=t.end),
        columns,
        rows,
        notes,
        document,
    )


def year_label(r: Result) -> str:
    """A year under way: `2022 (1–9月)` for a flow's figures to date, `2022 (9月末)` for a level at the end
    of September; to a day within a month, the span as the summaries and the report write it
    (`2022年1月1日–9月15日`, in English `1 January–15 September 2022`), never a bare `2022 (9月15日)`."""
    assert r.period is not None
    end = r.period.end
    if not r.period.month_end:
        return mid_month_period(r.year, end, r.indicator.kind == "flow")
    return f"{r.year} ({month_label(end.month, r.indicator.kind)})"


def spark(t: Trend) -> str:
    """The sparkline of whole years; a year under way is drawn apart, after `┊`, on its own: its
    figures to date would look like a fall."""
    whole = [r for r in t.results if r.period is None or r.period.whole]
    line = sparkline([r.actual.value if r.actual else None for r in whole])
    apart = [r for r in t.results if r.period is not None and not r.period.whole]
    span = f"{whole[0].year}–{whole[-1].year}" if whole else ""
    if not apart:
        return f"{line}  {span}"
    after = " ".join(f"{'▪' if r.actual else ' '} {year_label(r)}" for r in apart)
    return f"{line}  {span} ┊ {after}"
