"""`sciplan plan [ID]`: each plan indicator's progress from the baseline to the end target (SPEC 5.4)."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from sciplan.core.i18n import N_, _
from sciplan.core.numbers import fmt, places_for
from sciplan.views import FLOATS, Column, Justify, Note, View, as_json
from sciplan.views.status import TargetView
from sciplan.views.words import SYMBOLS, percent_text, rate_text, written

if TYPE_CHECKING:
    from sciplan.compute.plans import PlanProgress, PlanRow

CATEGORY_MARKERS = {
    "achieved": "✓",
    "on_track": "✓",
    "accelerate": "~",
    "limited": "✗",
    "deteriorating": "✗",
    "insufficient_data": "?",
}
CATEGORY_WORDS = {
    "achieved": N_("achieved"),
    "on_track": N_("on track"),
    "accelerate": N_("accelerate"),
    "limited": N_("limited"),
    "deteriorating": N_("deteriorating"),
    "insufficient_data": N_("insufficient data"),
}
CATEGORY_STYLES = {
    "achieved": "green",
    "on_track": "green",
    "accelerate": "yellow",
    "limited": "red",
    "deteriorating": "bold red",
    "insufficient_data": "magenta",
}


class PlanIndicatorRow(NamedTuple):
    """One indicator of a plan (SPEC 5.10's keys first). Rates are % per year, or pp for % indicators."""

    id: str
    baseline_value: Fraction | None
    latest_value: Fraction | None
    latest_year: int | None
    target: TargetView
    progress: Fraction | None  # % of the way from baseline to end target
    expected: Fraction | None  # % of the plan's years gone
    observed_rate: Fraction | None
    required_rate: Fraction | None  # from the baseline to the end target (the ratio's denominator)
    needed_rate: Fraction | None  # from the latest whole year to the end target, in the years left
    rate_unit: str
    ratio: Fraction | None
    category: str
    projected: Fraction | None
    plan: str  # the plan's id
    name: str
    unit: str
    decimals: int
    shown: dict[str, str]
    styles: dict[str, str]


FLOATS[PlanIndicatorRow] = (
    "progress",
    "expected",
    "observed_rate",
    "required_rate",
    "needed_rate",
    "ratio",
    "projected",
)  # written as floats in JSON and CSV


def _places(row: PlanRow) -> int:
    """The indicator's decimals, the same as in every scorecard (project.with_decimals)."""
    if row.indicator.decimals is not None:
        return row.indicator.decimals
    values = [row.baseline_value, row.latest_value, row.resolved.value if row.resolved else None]
    written = -int(row.entry.target.amount.as_tuple().exponent) if row.entry.target.kind == "level" else 0
    return min(2, max(places_for(*values, cap=2), int(written)))  # ">= 3.0" shows as ≥ 3.0


def plan_title(p: PlanProgress) -> str:
    plan = p.plan
    stood = _(", as it stood in {year}").format(year=p.year) if p.year is not None else ""
    return _("{name} ({id}): {baseline} → {end}{stood}").format(
        name=plan.name, id=plan.id, baseline=plan.baseline, end=plan.end, stood=stood
    )


def plan_row(row: PlanRow, p: PlanProgress) -> PlanIndicatorRow:
    plan = p.plan
    shown_places = _places(row)
    resolved = row.resolved
    entry = row.entry
    target = "—"
    if resolved is not None and resolved.value is not None:
        target = f"{SYMBOLS[resolved.op]} {fmt(resolved.value, shown_places)}"
        if entry.target.kind != "level":
            target = f"{written(entry.target.text)} → {target}"
    elif entry.target.needs_base:
        target = _("{target} (no {year} actual)").format(target=written(entry.target.text), year=plan.baseline)
    latest = "—"
    if row.latest_value is not None:
        latest = _("{value} ({year})").format(value=fmt(row.latest_value, shown_places), year=row.latest_year)
    projected = None if row.projected is None else Fraction(row.projected)
    shown = {
        "name": row.indicator.name,
        "baseline_value": fmt(row.baseline_value, shown_places),
        "latest_value": latest,
        "target.text": target,
        "progress": percent_text(row.progress),
        "expected": percent_text(row.expected),
        "observed_rate": rate_text(row.observed_rate, row.rate_unit),
        "required_rate": rate_text(row.required_rate, row.rate_unit),
        "needed_rate": rate_text(row.needed_rate, row.rate_unit),
        "ratio": fmt(row.ratio, 2),  # 四舍五入 as every figure: 0.125 is 0.13
        "category": f"{CATEGORY_MARKERS[row.category]} {_(CATEGORY_WORDS[row.category])}",
        "projected": fmt(projected, shown_places),
    }
    return PlanIndicatorRow(
        row.indicator.id,
        row.baseline_value,
        row.latest_value,
        row.latest_year,
        TargetView(
            entry.target.text,
            resolved.op if resolved else None,
            resolved.value if resolved else None,
            resolved.stretch if resolved else None,
        ),
        row.progress,
        row.expected,
        row.observed_rate,
        row.required_rate,
        row.needed_rate,
        row.rate_unit,
        row.ratio,
        row.category,
        row.projected,
        plan.id,
        row.indicator.name,
        row.indicator.unit,
        shown_places,
        shown,
        {"category": CATEGORY_STYLES[row.category]},
    )


def view(region: str, progress: list[PlanProgress]) -> View:
    """The plans' rows. One plan: titled by it. Several: each plan is a section (CSV: a `plan` column)."""
    right: Justify = "right"
    single = len(progress) == 1
    columns = [
        Column("plan", "plan", only="csv"),
        Column("name", _("Indicator")),
        Column("id", "id", only="csv"),
        Column("unit", _("Unit")),  # never dropped: "11.80" without 亿元 means nothing
        Column("baseline_value", _("Baseline"), right, drop=5),
        Column("latest_value", _("Latest"), right),
        Column("latest_year", "latest_year", only="csv"),
        Column("target.text", _("End target")),
        Column("target.value", "target_value", only="csv"),
        Column("progress", _("Progress"), right, drop=3),
        Column("expected", _("Expected"), right, drop=7),  # the same for every row: the note says it
        Column("observed_rate", _("Rate/yr"), right, drop=4),
        Column("required_rate", _("Needed/yr from baseline"), right, drop=2),
        Column("needed_rate", _("Needed/yr from latest"), right, drop=1),
        Column("rate_unit", "rate_unit", only="csv"),
        Column("ratio", _("Ratio"), right),
        Column("category", _("Category")),
        Column("projected", _("Projected"), right, drop=6),
    ]
    titles = {p.plan.id: plan_title(p) for p in progress}
    rows = [plan_row(row, p) for p in progress for row in p.rows]
    notes = [
        Note(
            _(
                "Progress: share of the way from baseline to end target; Expected: share of the plan's years gone. "
                "Ratio: observed / needed annual rate, both from the baseline (on track ≥ 0.95, accelerate ≥ 0.60). "
                "Needed/yr from latest: the annual rate still needed from the latest whole year to the end target."
            ),
            "dim",
        )
    ]
    by_plan = {p.plan.id: p for p in progress}

    def document(v: View) -> dict:
        plans = []
        for plan_id, p in by_plan.items():
            plan = p.plan
            plans.append(
                {
                    "id": plan.id,
                    "name": plan.name,
                    "baseline": plan.baseline,
                    "end": plan.end,
                    "year": p.year,
                    "indicators": [as_json(row) for row in v.rows if row.plan == plan_id],
                }
            )
        return {"plans": plans}

    title = (
        f"{region} · {titles[progress[0].plan.id]}"
        if single
        else _("{region} · multi-year plans").format(region=region)
    )
    return View(title, columns, rows, notes, document, section=None if single else (lambda row: titles[row.plan]))
