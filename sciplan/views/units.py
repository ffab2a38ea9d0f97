"""`sciplan units YEAR [ID]`: sub-units (乡镇/园区) against their shares of the targets (SPEC 5.7).

The rows are the long form, one per unit and indicator and the region's total (`sub_unit` empty):
CSV, JSON and the one-indicator table. Several indicators in a table read better as a matrix,
units down and indicators across, built from the same rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from sciplan.core.i18n import _
from sciplan.core.numbers import fmt
from sciplan.views import Column, Justify, Note, View, as_json
from sciplan.views.status import ResultRow, actual_columns, result_row
from sciplan.views.words import MARKERS, STYLES

if TYPE_CHECKING:
    from sciplan.compute.status import Result
    from sciplan.compute.units import UnitsView


def _rows(units: UnitsView, region: str) -> list[ResultRow]:
    rows = []
    for ind in units.indicators:
        total = units.total(ind.id)
        for unit in [*units.cards, None]:
            r = total if unit is None else units.cell(unit, ind.id)
            share = None
            if unit is not None and r.actual and total.actual and total.actual.value > 0 and ind.kind != "ratio":
                share = r.actual.value / total.actual.value * 100
            row = result_row(r, sub_unit=unit, share=share)
            row.shown["sub_unit"] = unit or _("{region} (total)").format(region=region)
            if unit is None:
                row.styles["sub_unit"] = "bold"
                row.shown["rank.position"] = ""  # the region's rank is among its peers: not this table's
            rows.append(row)
    return rows


def _document(units: UnitsView) -> Any:
    def document(v: View) -> dict:
        return {
            "year": units.year,
            "indicators": [ind.id for ind in units.indicators],
            "units": [
                {
                    "unit": unit,
                    "reported": units.reported.get(unit, False),
                    "results": [as_json(row) for row in v.rows if row.sub_unit == unit],
                }
                for unit in units.cards
            ],
            "total": [as_json(row) for row in v.rows if row.sub_unit is None],
        }

    return document


def detail(units: UnitsView, region: str) -> View:
    """One row per unit and indicator (and the region's total): for one indicator, CSV and JSON."""
    right: Justify = "right"
    single = len(units.indicators) == 1
    first = units.indicators[0]
    columns = [
        Column("sub_unit", _("Sub-unit")),
        Column("id", _("Indicator")) if not single else Column("id", "id", only="csv"),
        Column("name", "name", only="csv"),
        Column("unit", "unit", only="csv"),
        Column("target.text", _("Target")),
        Column("target.value", "target_value", only="csv"),
        *actual_columns(),
        Column("status", _("Status")),
        Column("rank.position", _rank_header(units), right),
        Column("yoy", _("YoY"), right),
        Column("yoy_unit", "yoy_unit", only="csv"),
        Column("share", _("Share"), right),
    ]
    rows = _rows(units, region)
    if any(row.pace for row in rows):  # a year under way: 序时进度, as status shows it
        columns += [Column("pace.light", _("Pace"), drop=2), Column("pace.gap", "pace.gap", only="csv")]
    if not single:
        for row in rows:
            row.shown["id"] = row.name
    title = _("{region} · {year} by unit").format(region=region, year=units.year)
    if single:
        title = _("{name} ({unit}) · {title}").format(name=first.name, unit=first.unit, title=title)
    return View(title, columns, rows, [], _document(units))


class MatrixRow(NamedTuple):
    sub_unit: str | None
    shown: dict[str, str]
    styles: dict[str, str]


def matrix(units: UnitsView, region: str) -> View[MatrixRow]:
    """Units down, indicators across: each cell the actual, its status marker and its rank."""
    columns = [Column("sub_unit", _("Sub-unit"))] + [Column(ind.id, ind.name, "right") for ind in units.indicators]
    columns.append(Column("reported", _("Reported")))
    rows = []
    for unit in [*units.cards, None]:
        shown = {"sub_unit": unit or _("{region} (total)").format(region=region)}
        styles = {} if unit else {"sub_unit": "bold"}
        shown["reported"] = reported_text(units, unit)
        if unit is not None and not units.reported.get(unit, False):
            styles["reported"] = STYLES["short"]
        for ind in units.indicators:
            r = units.total(ind.id) if unit is None else units.cell(unit, ind.id)
            shown[ind.id] = _cell(r, ranked=unit is not None)
            styles[ind.id] = STYLES[r.status]
        rows.append(MatrixRow(unit, shown, styles))
    paced = any(
        (units.total(ind.id) if unit is None else units.cell(unit, ind.id)).pace
        for unit in [*units.cards, None]
        for ind in units.indicators
    )
    legend = (
        _("Each cell: actual / target, status, (rank among the units), pace (序时进度)")
        if paced
        else _("Each cell: actual / target, status, (rank among the units)")
    )
    notes = [Note(legend, "dim"), Note(_ranked_by(units), "dim")]
    title = _("{region} · {year} by unit").format(region=region, year=units.year)
    return View(title, columns, rows, notes)


def _rank_header(units: UnitsView) -> str:
    """The rank column says what the units are ranked by: 完成率 where each has its share of the target."""
    ways = set(units.ranked_by.values())
    if ways == {"attainment"}:
        return _("Rank (by attainment)")
    if ways == {"figure"}:
        return _("Rank (by figure)")
    return _("Rank")


def _ranked_by(units: UnitsView) -> str:
    by_attainment = [ind.name for ind in units.indicators if units.ranked_by.get(ind.id) == "attainment"]
    if len(by_attainment) == len(units.indicators):
        return _("Units are ranked by attainment (完成率) of their shares of the targets.")
    if not by_attainment:
        return _("Units are ranked by their figures.")
    return _(
        "Units are ranked by attainment (完成率) where each has its share of the target ({names}), else by figure."
    ).format(names="、".join(by_attainment))


def reported_text(units: UnitsView, unit: str | None) -> str:
    """报送情况: 已报送 / 未报送 for a unit; for the region's row, how many of the units have reported."""
    if unit is None:
        done = sum(units.reported.get(u, False) for u in units.cards)
        return _("{done} of {all}").format(done=done, all=len(units.cards))
    return _("reported") if units.reported.get(unit, False) else _("not reported")


def _cell(r: Result, ranked: bool) -> str:
    row = result_row(r)
    target = ""
    if r.resolved is not None and r.resolved.value is not None and r.target is not None and r.target.kind != "rank":
        target = f" / {fmt(r.resolved.value, row.decimals)}"
    rank = f" ({r.rank.position})" if ranked and r.rank else ""
    pace = f" {row.shown['pace.light']}" if r.pace else ""
    return f"{row.shown['actual']}{target} {MARKERS[r.status]}{rank}{pace}"
