"""Everything one year's report says, gathered once from the compute step and the views.

Every writer (Word, spreadsheet, HTML, Markdown) reads these facts and nothing else, so the four
files cannot disagree with each other, nor with `status` and `trend`: the rows are the views' own
rows (exact values, the decimals to show, flags, status and pace codes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from sciplan.core.dates import is_month_end
from sciplan.core.i18n import _

if TYPE_CHECKING:
    from sciplan.compute.milestones import MilestoneStatus
    from sciplan.compute.peers import Comparison
    from sciplan.compute.plans import PlanProgress
    from sciplan.compute.status import Result, Scorecard
    from sciplan.core.records import ValidProject


@dataclass
class TrendLine:
    """One indicator over the years up to the report's year (rows as `trend` shows them)."""

    id: str
    name: str
    unit: str
    rows: list[Any]  # views' rows, one per year
    cagr: Fraction | None
    cagr_unit: str
    span: tuple[int, int] | None
    rank_years: frozenset[int] = frozenset()  # years whose target is a rank (列全市第1): no value to chart


@dataclass
class Facts:
    region: str
    year: int
    final: bool
    as_of: dt.date | None
    elapsed: Fraction | None  # % of the year gone (序时进度), for a year under way
    rows: list[Any]  # the scorecard's rows, catalogue order (views.status rows)
    summary: dict[str, int]
    milestones: tuple[MilestoneStatus, ...]
    trends: list[TrendLine] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    plans: list[PlanProgress] = field(default_factory=list)
    profiled: frozenset[str] = frozenset()  # indicators paced against their `profile`, not the calendar
    rank_targets: frozenset[str] = frozenset()  # indicators whose target this year is a rank
    owners: dict[str, str] = field(default_factory=dict)  # indicator id -> 责任科室 (`owner:`)
    units: Any = None  # the sub-units' scorecards (compute.units.UnitsView), when the root has units
    # 表注 of the indicator table: why a 同比 cell is empty (last year's same months are not in the data)
    yoy_notes: list[str] = field(default_factory=list)
    # id -> (this period, an earlier period of the year, its figure as written) for a figure not yet
    # reported this month that an earlier month has (R&D is quarterly: 1–9月 stands until 1–12月)
    earlier: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    @property
    def month(self) -> int | None:
        """N for figures of 1–N月: an open year reported as of a month's last day."""
        if self.final or self.as_of is None:
            return None
        d = self.as_of
        if not is_month_end(d) or d.month == 12:
            return None
        return d.month

    @property
    def targeted(self) -> list[Any]:
        return [r for r in self.rows if r.status != "untargeted"]


def gather(project: ValidProject, year: int, month: int | None = None) -> Facts:
    """The facts of `year` (raises what `status YEAR` raises for a year without targets or data);
    with `month`, as the year stood at the end of that month (`report YEAR --month N`)."""
    from sciplan.compute.status import scorecard

    if month is not None:
        from sciplan.compute.periods import month_view

        project = month_view(project, year, month)
    card = scorecard(project, year)
    facts = Facts(
        card.region,
        card.year,
        card.final,
        card.as_of,
        card.elapsed,
        _rows(card),
        card.summary,
        card.milestones,
    )
    indicators = project.catalogue.indicators
    facts.profiled = frozenset(r.indicator.id for r in card.results if r.pace and r.indicator.profile)
    facts.rank_targets = frozenset(r.indicator.id for r in card.results if r.target and r.target.kind == "rank")
    targeted = [r for r in card.results if r.status != "untargeted"]
    facts.yoy_notes = yoy_notes(project, targeted)
    facts.owners = {i: o for i in indicators if (o := getattr(indicators[i], "owner", None))}
    facts.earlier = _earlier(project, facts)
    facts.trends = _trends(project, facts, {r.indicator.id: r for r in card.results})
    facts.comparisons = _comparisons(project, year)
    facts.plans = _plans(project, year)
    from sciplan.report.subunits import unit_facts

    facts.units = unit_facts(project, year)
    return facts


def _rows(card: Scorecard) -> list[Any]:
    from sciplan.views.status import result_row

    return [result_row(r) for r in card.results]


def _trends(project: ValidProject, facts: Facts, this_year: dict[str, Result]) -> list[TrendLine]:
    """Each targeted indicator over the years up to the report's: the scorecard's result for the
    report's own year is read, not computed again."""
    from sciplan.compute.trend import trend
    from sciplan.views.status import result_row

    catalogue = project.catalogue
    lines = []
    for row in facts.targeted:
        t = trend(project, catalogue.indicators[row.id], end=facts.year, computed={facts.year: this_year[row.id]})
        years = [result_row(r) for r in t.results]
        ranks = frozenset(r.year for r in t.results if r.target and r.target.kind == "rank")
        lines.append(TrendLine(row.id, row.name, row.unit, years, t.cagr, t.cagr_unit, t.span, ranks))
    return lines


def _comparisons(project: ValidProject, year: int) -> list[Comparison]:
    """For each indicator peers report in `year`, the comparison `compare ID --year YEAR` shows."""
    from sciplan.compute.observed import peer_values
    from sciplan.compute.peers import compare

    catalogue = project.catalogue
    out = []
    for ind in catalogue.indicators.values():
        if peer_values(project, ind.id, year):
            out.append(compare(project, ind, year))
    return out


def _plans(project: ValidProject, year: int) -> list[PlanProgress]:
    """Plans under way in `year` (baseline before it), as they stood in that year."""
    from sciplan.compute.plans import evaluate_plan

    catalogue = project.catalogue
    return [evaluate_plan(project, p, year) for p in catalogue.plans if p.baseline < year]


def _earlier(project: ValidProject, facts: Facts) -> dict[str, tuple[str, str, str]]:
    """The latest earlier month's figure of each targeted indicator this month has not reported."""
    from sciplan.compute.periods import Period, accumulates, figure
    from sciplan.core.dates import month_end
    from sciplan.core.i18n import language
    from sciplan.core.numbers import fmt

    month = facts.month
    if month is None:
        return {}
    out = {}
    for row in facts.targeted:
        if row.actual is not None or row.status != "pending":
            continue
        ind = project.catalogue.indicators[row.id]
        kind = "flow" if accumulates(project, ind) else ind.kind
        for m in range(month - 1, 0, -1):
            seen = figure(project, row.id, facts.year, m)
            if seen is None:
                continue
            text = fmt(seen.value, row.decimals)
            value = text + row.unit if language() == "zh" or row.unit == "%" else f"{text} {row.unit}"
            now = Period(facts.year, month_end(facts.year, month)).text(kind)  # as rows write periods
            out[row.id] = (now, Period(facts.year, month_end(facts.year, m)).text(kind), value)
            break
    return out


def yoy_notes(project: ValidProject, targeted: list[Any]) -> list[str]:
    """Why table 1's 同比 is `—`, said short and true: an indicator with no figure at all last year
    (neither the year nor any month: new, or not yet published) `缺少2021年数据`; one whose year has
    figures but not the same months `缺少2021年1–9月数据`; more than a few counted (`22项指标`)."""
    from sciplan.compute.observed import observed
    from sciplan.compute.periods import figure, months_of
    from sciplan.views.basenotes import few, missing_month_notes

    none_at_all: dict[int, list[str]] = {}
    rest = []
    for r in targeted:
        before = r.previous_period
        if not (r.previous_missing and before is not None and before.month_end):
            continue
        ident = r.indicator.id
        if observed(project, ident, before.year) is None and all(
            figure(project, ident, before.year, m) is None for m in months_of(project, before.year)
        ):
            none_at_all.setdefault(before.year, []).append(r.indicator.name)
        else:
            rest.append(r)
    notes = [
        _("YoY: no {year} figure to compare with for {names}").format(year=year, names=few(names))
        for year, names in none_at_all.items()
    ]
    return notes + [note.text for note in missing_month_notes(rest, document=True)]
