"""Sub-units (乡镇/园区) side by side: "将工作任务落实到各园区乡镇" (SPEC 5.7).

Each unit has its share of the targets and its own actuals, judged by the same status rules and
ranked among the other units; flow and stock indicators add up to the region.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from sciplan.compute.periods import month_view
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
    reported: dict[str, bool] = field(default_factory=dict)  # 报送情况: unit -> any figure for the period
    # how each indicator's units are ranked: "attainment" (完成率) where every unit has its share of the
    # target, else "figure" (the figure itself)
    ranked_by: dict[str, str] = field(default_factory=dict)

    def cell(self, unit: str, indicator: str) -> Result:
        return self._by_id[unit][indicator]

    def total(self, indicator: str) -> Result:
        return self._by_id[None][indicator]

    @cached_property
    def _by_id(self) -> dict[str | None, dict[str, Result]]:
        """unit (None: the region) -> indicator -> its result: a table of every unit and indicator
        looks each up (a search through the card for each was quadratic in the indicators)."""
        found: dict[str | None, dict[str, Result]] = {None: {r.indicator.id: r for r in self.region.results}}
        for unit, card in self.cards.items():
            found[unit] = {r.indicator.id: r for r in card.results}
        return found


def units_view(
    project: ValidProject, year: int, indicator: Indicator | None = None, month: int | None = None
) -> UnitsView:
    """Every unit's scorecard for the year, over the indicators the units have targets or values
    for (or just `indicator`); with `month`, as the year stood at that month's end."""
    cat = project.catalogue
    assert cat is not None
    if month is not None:
        project = month_view(project, year, month)
    cards = {unit: scorecard(project, year, unit) for unit in cat.units}
    region = scorecard(project, year)
    if indicator is not None:
        chosen = [indicator]
    else:
        used = {r.indicator.id for card in cards.values() for r in card.results if r.target or r.actual}
        chosen = [ind for ind in cat.indicators.values() if ind.id in used]
    if not chosen:
        raise SciplanError(_("no unit has a target or a value in {year}").format(year=year))
    at = {unit: {r.indicator.id: i for i, r in enumerate(card.results)} for unit, card in cards.items()}
    ranked_by = {ind.id: _rank_by_attainment(cards, at, ind.id) for ind in chosen}
    return UnitsView(year, chosen, cards, region, roll_call(project, year), ranked_by)


def _rank_by_attainment(cards: dict[str, Scorecard], at: dict[str, dict[str, int]], ident: str) -> str:
    """Where every unit has its share of the target (a split target, not a rank), rank the units by 完成率,
    not by the figure: 7 of 15 (46.7%) is behind 5 of 10 (50.0%), though 7 > 5. The cards' results are
    replaced in place; "attainment" or "figure" says which rank they hold. `at`: unit -> indicator ->
    the position of its result in the unit's card (a search per indicator was quadratic in them)."""
    from sciplan.compute.ranks import rank_of

    results = {unit: card.results[at[unit][ident]] for unit, card in cards.items()}
    if len(results) < 2 or any(r.target is None or r.target.kind == "rank" for r in results.values()):
        return "figure"
    done = {unit: r.attainment for unit, r in results.items() if r.attainment is not None}
    for unit, r in results.items():
        others = {u: a for u, a in done.items() if u != unit}
        rank = rank_of(r.attainment, others) if r.attainment is not None and others else None
        cards[unit].results[at[unit][ident]] = r._replace(rank=rank)
    return "attainment"


def roll_call(project: ValidProject, year: int) -> dict[str, bool]:
    """报送情况: for each unit of targets.yaml, whether it has any figure in the year's file for the
    period the year's figures cover (as_of; at a month's end in a month view)."""
    data = project.years.get(year)
    units = data.units if data is not None else {}
    return {unit: bool(units.get(unit)) for unit in project.catalogue.units}


def not_reported(project: ValidProject) -> list[tuple[int, str, int]]:
    """(year, unit, month) for each unit with no figure in an open year reported as of a date: the
    units to chase (未报送)."""
    missing = []
    for year, data in sorted(project.years.items()):
        if data.final or data.as_of is None or data.as_of.year != year:
            continue
        missing += [(year, unit, data.as_of.month) for unit, has in roll_call(project, year).items() if not has]
    return missing
