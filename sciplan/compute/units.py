"""Sub-units (乡镇/园区) side by side: "将工作任务落实到各园区乡镇" (SPEC 5.7).

Each unit has its share of the targets and its own actuals, judged by the same status rules and
ranked among the other units; flow and stock indicators add up to the region.
"""

from __future__ import annotations

from dataclasses import dataclass

from sciplan.compute.status import Result, Scorecard, scorecard
from sciplan.core.i18n import _
from sciplan.core.problem import SciplanError
from sciplan.core.records import Indicator, ValidProject


@dataclass(frozen=True)
class UnitsView:
    year: int
    indicators: list[Indicator]
    cards: dict[str, Scorecard]  # unit -> its scorecard
    region: Scorecard

    def cell(self, unit: str, indicator: str) -> Result:
        return next(r for r in self.cards[unit].results if r.indicator.id == indicator)

    def total(self, indicator: str) -> Result:
        return next(r for r in self.region.results if r.indicator.id == indicator)


def units_view(project: ValidProject, year: int, indicator: Indicator | None = None) -> UnitsView:
    """Every unit's scorecard for the year, over the indicators the units have targets or values
    for (or just `indicator`)."""
    cat = project.catalogue
    assert cat is not None
    cards = {unit: scorecard(project, year, unit) for unit in cat.units}
    region = scorecard(project, year)
    if indicator is not None:
        chosen = [indicator]
    else:
        used = {r.indicator.id for card in cards.values() for r in card.results if r.target or r.actual}
        chosen = [ind for ind in cat.indicators.values() if ind.id in used]
    if not chosen:
        raise SciplanError(_("no unit has a target or a value in {year}").format(year=year))
    return UnitsView(year, chosen, cards, region)
