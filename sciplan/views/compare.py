"""`sciplan compare ID`: the region against its peers, one row per region (SPEC 5.7, 5.10)."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from sciplan.core.i18n import _
from sciplan.core.numbers import fmt, places_for
from sciplan.views import FLOATS, Column, Justify, Note, View, as_json
from sciplan.views.charts import bar
from sciplan.views.sentences import comparison_sentence
from sciplan.views.words import change_text, rate_text

if TYPE_CHECKING:
    from sciplan.compute.peers import Comparison


class RegionRow(NamedTuple):
    region: str
    self: bool  # the data root's own region
    value: Fraction | None
    rank: int | None
    yoy: Fraction | None  # % against the year before (pp for % indicators)
    cagr: Fraction | None  # % per year over `years` (pp per year for % indicators)
    yoy_unit: str
    decimals: int
    shown: dict[str, str]
    styles: dict[str, str]


FLOATS[RegionRow] = ("yoy", "cagr")  # written as floats in JSON and CSV


def view(c: Comparison, region: str) -> View[RegionRow]:
    ind = c.indicator
    right: Justify = "right"
    columns = [
        Column("region", _("Region")),
        Column("self", "self", only="csv"),
        Column("value", _("Value"), right),
        Column("rank", _("Rank"), right),
        Column("yoy", _("YoY"), right),
        Column("yoy_unit", "yoy_unit", only="csv"),
        Column("cagr", _("CAGR {start}–{end}").format(start=c.year - c.years, end=c.year), right),
        Column("chart", _("Chart"), only="table", drop=9),  # the first to go
    ]
    values = [row.value for row in c.rows if row.value is not None]
    scale = max(values, default=Fraction(0))
    shown_places = places_for(*values, cap=2 if ind.decimals is None else ind.decimals)
    rows = []
    for row in c.rows:
        shown = {
            "region": ("★ " if row.self else "") + row.region,
            "value": fmt(row.value, shown_places),
            "rank": "—" if row.rank is None else str(row.rank),
            "yoy": change_text(row.yoy, ind.percent, shown_places),
            "cagr": rate_text(row.cagr, c.rate_unit),
            "chart": bar(row.value, None, scale),
        }
        styles = {"region": "bold", "chart": "cyan"} if row.self else {}
        rows.append(
            RegionRow(
                row.region, row.self, row.value, row.rank, row.yoy, row.cagr, c.rate_unit, shown_places, shown, styles
            )
        )
    notes = []
    sentence = comparison_sentence(c)
    if sentence:
        notes.append(Note(sentence))
    notes.append(Note(_("★ {region}; rank 1 is best (ties share a rank)").format(region=region), "dim"))
    year = str(c.year)
    if c.partial is not None:
        label = c.partial.label(ind.kind)
        words = _(
            "{year} is reported to {date} ({label}): the regions compare the same period; no YoY or annual "
            "growth is taken from part of a year"
        )
        notes.append(Note(words.format(year=c.year, date=c.partial.end.isoformat(), label=label)))
    elif c.shortened:
        words = _("--years {asked}: the data go back to {start} only; the rates cover {start}–{year}")
        notes.append(Note(words.format(asked=c.asked, start=c.year - c.years, year=c.year)))

    def document(v: View) -> dict:
        return {
            "id": ind.id,
            "year": c.year,
            "years": c.years,
            "years_asked": c.asked,
            "partial_period": c.partial.text(ind.kind) if c.partial else None,
            "regions": [as_json(row) for row in v.rows],
            "rate_unit": c.rate_unit,
            "sentence": sentence,
        }

    if c.partial is not None:  # 2024年9月末 names its year: not 2024 (2024年9月末)年
        title = _("{name} ({unit}) · {period} · {region} and its peers").format(
            name=ind.name, unit=ind.unit, period=c.partial.label(ind.kind), region=region
        )
    else:
        title = _("{name} ({unit}) · {year} · {region} and its peers").format(
            name=ind.name, unit=ind.unit, year=year, region=region
        )
    return View(title, columns, rows, notes, document)
