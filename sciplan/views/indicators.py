"""`sciplan indicators`: the catalogue, one row per indicator with its targets by year (SPEC 5.8)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from sciplan.core.i18n import N_, _
from sciplan.views import Column, View, as_json
from sciplan.views.words import written

if TYPE_CHECKING:
    from sciplan.core.records import Catalogue


KIND_WORDS = {"flow": N_("flow"), "stock": N_("stock"), "ratio": N_("ratio")}


class YearTarget(NamedTuple):
    text: str
    source: str | None


class IndicatorRow(NamedTuple):
    id: str
    name: str
    name_en: str | None
    unit: str
    kind: str
    direction: str
    group: str | None
    note: str | None
    targets: dict[str, YearTarget]  # by year, as text ("2021")
    decimals: int | None  # shown with: as set in targets.yaml, else the unit's default (display.py)
    shown: dict[str, str]


def view(cat: Catalogue) -> View[IndicatorRow]:
    years = sorted({y for ind in cat.indicators.values() for y in ind.targets})
    grouped = any(ind.group for ind in cat.indicators.values())
    columns = [Column("group", "group", only="csv")] if grouped else []
    columns += [
        Column("id", _("id")),
        Column("name", _("Indicator")),
        Column("unit", _("Unit")),
        Column("kind", _("Kind"), drop=2),
        Column("direction", _("Dir."), drop=1),
    ] + [Column(f"targets.{y}.text", str(y)) for y in years]
    up, down = _("↑ up"), _("↓ down")
    rows = [
        IndicatorRow(
            ind.id,
            ind.name,
            ind.name_en,
            ind.unit,
            ind.kind,
            ind.direction,
            ind.group,
            ind.note,
            {str(y): YearTarget(e.target.text, e.source) for y, e in sorted(ind.targets.items())},
            ind.decimals,
            {
                "direction": up if ind.up else down,
                "kind": _(KIND_WORDS.get(ind.kind, ind.kind)),
                **{f"targets.{y}.text": written(e.target.text) for y, e in ind.targets.items()},
            },
        )
        for ind in cat.indicators.values()
    ]

    def document(v: View) -> dict:
        return {"region": cat.region, "indicators": [as_json(row) for row in v.rows]}

    title = _("{region} · {n} indicators").format(region=cat.region, n=len(cat.indicators))
    return View(title, columns, rows, [], document, section=(lambda row: row.group) if grouped else None)
