"""`sciplan trend ID --months [YEAR]`: one year month by month, beside last year's same months
and the 序时进度 line to the year's target (SPEC 5.9b).

Flows are cumulative from January (1–N月累计), stocks and ratios levels at each month's end.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from sciplan.core.i18n import _
from sciplan.core.numbers import fmt, fmt_share
from sciplan.views import FLOATS, Column, Justify, Note, View, as_json
from sciplan.views.charts import bar
from sciplan.views.status import TargetView
from sciplan.views.words import change_text, places, target_text

if TYPE_CHECKING:
    from sciplan.compute.trend import Monthly


class MonthView(NamedTuple):
    """One month's end: this year's figure, last year's at the same month, and the pace line."""

    month: int
    period: str  # what `value` covers: `2022-01..2022-06` for a flow, `2022-06` for a level
    value: Fraction | None
    previous: Fraction | None  # last year's figure for the same period (去年同期)
    previous_period: str
    yoy: Fraction | None
    yoy_unit: str
    expected: Fraction | None  # 序时进度: where the figure should stand by now to reach the target
    completion: Fraction | None  # % of the year's target reached
    shown: dict[str, str]
    styles: dict[str, str]


FLOATS[MonthView] = ("yoy", "completion")  # written as floats in JSON and CSV


def month_label(month: int, kind: str) -> str:
    """How a report heads the month: 1–6月 for a flow (1月 alone), 6月末 for a level."""
    if kind != "flow":
        return f"{month}月末"
    return "1月" if month == 1 else f"1–{month}月"


def view(m: Monthly) -> View:
    from sciplan.compute.periods import Period, month_end

    ind = m.indicator
    r = m.result
    shown_places = places(r)
    this, last = str(m.year), str(m.year - 1)
    right: Justify = "right"
    columns = [
        Column("month", _("Month")),
        Column("period", "period", only="csv"),
        Column("value", this, right),
        Column("previous", _("{year} same period").format(year=last), right),
        Column("previous_period", "previous_period", only="csv"),
        Column("yoy", _("YoY"), right),
        Column("yoy_unit", "yoy_unit", only="csv"),
        Column("expected", _("Pace line"), right),
        Column("completion", _("Of target"), right),
        Column("chart", _("Chart"), only="table", drop=9),
    ]
    scale = max(
        [x.value for row in m.rows for x in (row.value, row.previous) if x is not None]
        + [row.expected for row in m.rows if row.expected is not None],
        default=Fraction(0),
    )
    rows = []
    for row in m.rows:
        value = row.value.value if row.value else None
        previous = row.previous.value if row.previous else None
        shown = {
            "month": month_label(row.month, ind.kind),
            "value": fmt(value, shown_places),
            "previous": fmt(previous, shown_places),
            "yoy": change_text(row.yoy, ind.percent, shown_places),
            "expected": fmt(row.expected, shown_places),
            "completion": fmt_share(row.completion),
            "chart": bar(value, row.expected, scale),
        }
        rows.append(
            MonthView(
                row.month,
                Period(m.year, month_end(m.year, row.month)).text(ind.kind),
                value,
                previous,
                Period(m.year - 1, month_end(m.year - 1, row.month)).text(ind.kind),
                row.yoy,
                m.yoy_unit,
                row.expected,
                row.completion,
                shown,
                {},
            )
        )
    notes = []
    target = None
    if r.target is not None and r.resolved is not None:
        target = TargetView(r.target.text, r.resolved.op, r.resolved.value, r.resolved.stretch)
        notes.append(Note(_("target {year}: {target}").format(year=m.year, target=target_text(r, shown_places))))
    if any(row.expected is not None for row in m.rows):
        how = _("the indicator's profile") if ind.profile else _("n/12 of the target by the end of month n")
        words = _("pace line (序时进度): where the figure should stand by each month's end ({how})")
        notes.append(Note(words.format(how=how)))
        notes.append(Note(_("chart: █ {year}, ┃ pace line").format(year=m.year), "dim"))
    elif ind.kind != "flow":
        notes.append(Note(_("levels at each month's end: a stock or ratio is not paced"), "dim"))
    else:
        notes.append(Note(_("no pace line: it needs an at-least target for {year}").format(year=m.year), "dim"))

    def document(v: View) -> dict:
        return {
            "id": ind.id,
            "unit": ind.unit,
            "kind": ind.kind,
            "year": m.year,
            "target": as_json(target),
            "months": [as_json(row) for row in v.rows],
        }

    title = _("{name} ({unit}) · {year} month by month, beside {last}").format(
        name=ind.name, unit=ind.unit, year=m.year, last=last
    )
    return View(title, columns, rows, notes, document)
