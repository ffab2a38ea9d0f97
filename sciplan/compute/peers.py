"""Peer regions' and sub-units' values, and the comparison table of `sciplan compare` (SPEC 5.7).

"有效期内国家高企达227家，列泰州第1"; "近三年我市高企总数的年平均增长率为26.56%，低于兴化市的
39.73%和靖江市的32.29%".
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from sciplan.compute.observed import observed, peer_values
from sciplan.compute.periods import Period, partial, period_of
from sciplan.compute.ranks import competition_ranks
from sciplan.compute.status import yoy
from sciplan.compute.trend import cagr
from sciplan.core.chars import name_key
from sciplan.core.records import Indicator, ValidProject


@dataclass(frozen=True)
class RegionRow:
    region: str
    self: bool  # the data root's own region
    value: Fraction | None
    rank: int | None
    yoy: Fraction | None  # % (pp for % indicators) against the year before
    cagr: Fraction | None  # over the `years` before `year`


@dataclass(frozen=True)
class Comparison:
    indicator: Indicator
    year: int
    years: int  # the span the rates cover: `asked`, or fewer when the data do not go back so far
    rows: list[RegionRow]  # by rank, regions without a value last
    asked: int = 0  # the span asked for (--years)
    partial: Period | None = None  # the year's figures cover part of it (1–N月): no YoY, no rate

    @property
    def shortened(self) -> bool:
        return self.asked > self.years

    @property
    def rate_unit(self) -> str:
        return self.indicator.change_unit


def peer_years(project: ValidProject, indicator: str) -> list[int]:
    """The years in which peer regions report the indicator."""
    return sorted(y for y in project.years if peer_values(project, indicator, y))


def default_year(project: ValidProject, indicator: str) -> int | None:
    """The latest year in which peers report the indicator and the region's figures are complete:
    a year under way (1–9月) is no match for the whole years its growth would be measured on.
    When peers report only in partial years, the latest of those (compared as a period)."""
    reported = peer_years(project, indicator)
    whole = [y for y in reported if project.years[y].complete]
    return (whole or reported)[-1] if whole or reported else None


def compare(project: ValidProject, ind: Indicator, year: int, years: int = 3) -> Comparison:
    """Each region's value and rank in `year`, with YoY and the annual growth over `years` (or
    the span the data hold). Neither rate is computed from part of a year: in a year under way
    the regions compare their figures for the same period only."""
    own = project.catalogue.region

    peers: dict[int, dict[str, Fraction]] = {}  # each year's peer values, read once (not once per region)

    def value(region: str, y: int) -> Fraction | None:
        if region == own:
            found = observed(project, ind.id, y)
            return found.value if found else None
        if y not in peers:
            peers[y] = peer_values(project, ind.id, y)
        return peers[y].get(region)

    regions, mine = [own], name_key(own)
    seen = {own}  # regions listed so far, looked up in a set (10,000 peers are not compared by list)

    def add(y: int) -> None:
        for r in peer_values(project, ind.id, y):
            # a peer spelt like the region is refused on load; never show the region twice regardless
            if r not in seen and name_key(r) != mine:
                seen.add(r)
                regions.append(r)

    for y in (year, year - 1, year - years):
        add(y)
    asked = years
    span = _span(project, ind.id, year, years)
    years = span or years
    add(year - years)
    now = {r: v for r in regions if (v := value(r, year)) is not None}
    ranks = competition_ranks(now, ind.up)
    here = period_of(project, year)
    partial_now = partial(project, year)
    rows = []
    for region in regions:
        current = value(region, year)
        before = None if partial_now or partial(project, year - 1) else value(region, year - 1)
        start = None if partial_now or partial(project, year - years) else value(region, year - years)
        rows.append(
            RegionRow(
                region,
                region == own,
                current,
                ranks.get(region),
                yoy(ind, current, before) if current is not None and before is not None else None,
                cagr(start, current, years, points=ind.percent) if current is not None and start is not None else None,
            )
        )
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, not r.self))
    return Comparison(ind, year, years, rows, asked, here if partial_now else None)


def _span(project: ValidProject, indicator: str, year: int, years: int) -> int | None:
    """The longest span up to `years` whose first year has a whole-year value for some region
    (`compare --years 10` on five years of data measures the five); None when none has."""
    for n in range(years, 0, -1):
        start = year - n
        if partial(project, start):
            continue
        if peer_values(project, indicator, start) or observed(project, indicator, start) is not None:
            return n
    return None
