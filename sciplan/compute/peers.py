"""Peer regions' and sub-units' values, and the comparison table of `sciplan compare` (SPEC 5.7).

"有效期内国家高企达227家，列泰州第1"; "近三年我市高企总数的年平均增长率为26.56%，低于兴化市的
39.73%和靖江市的32.29%".
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from sciplan.chars import name_key
from sciplan.compute.observed import observed, peer_values
from sciplan.compute.ranks import competition_ranks
from sciplan.compute.status import yoy
from sciplan.compute.trend import cagr
from sciplan.records import Indicator, Project


@dataclass(frozen=True)
class RegionRow:
    region: str
    self: bool  # the data root's own region
    value: Fraction | None
    rank: int | None
    yoy: Fraction | None  # % (pp for % indicators) against the year before
    cagr: float | Fraction | None  # over the `years` before `year`


@dataclass(frozen=True)
class Comparison:
    indicator: Indicator
    year: int
    years: int
    rows: list[RegionRow]  # by rank, regions without a value last

    @property
    def rate_unit(self) -> str:
        return "pp" if self.indicator.percent else "%"


def peer_years(project: Project, indicator: str) -> list[int]:
    """The years in which peer regions report the indicator."""
    return sorted(y for y in project.years if peer_values(project, indicator, y))


def compare(project: Project, ind: Indicator, year: int, years: int = 3) -> Comparison:
    assert project.catalogue is not None
    own = project.catalogue.region

    def value(region: str, y: int) -> Fraction | None:
        if region == own:
            found = observed(project, ind.id, y)
            return found.value if found else None
        return peer_values(project, ind.id, y).get(region)

    regions, mine = [own], name_key(own)
    for y in (year, year - 1, year - years):
        # a peer spelt like the region is refused on load; never show the region twice regardless
        regions += [r for r in peer_values(project, ind.id, y) if r not in regions and name_key(r) != mine]
    now = {r: v for r in regions if (v := value(r, year)) is not None}
    ranks = competition_ranks(now, ind.up)
    rows = []
    for region in regions:
        current, before, start = value(region, year), value(region, year - 1), value(region, year - years)
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
    return Comparison(ind, year, years, rows)
