"""The report's rows: the views' rows of one indicator in one year (views.status.result_row).

Until the per-command views (issue 10) are in the package, `ResultRow` here carries the same
fields, filled from the compute step with the texts `status` prints today, so the report reads
what it will read from the views; the fallback goes when the views land.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any, NamedTuple

from sciplan.i18n import N_, _

if TYPE_CHECKING:
    from sciplan.compute.status import Result

STATUS_WORDS = {
    "met": N_("met"),
    "near": N_("near"),
    "short": N_("short"),
    "pending": N_("pending"),
    "missing": N_("missing"),
    "unknown": N_("unknown"),
    "untargeted": N_("untargeted"),
}
LIGHT_WORDS = {"green": N_("green"), "yellow": N_("yellow"), "red": N_("red")}
MARKERS = {"met": "✓", "near": "~", "short": "✗", "pending": "…", "missing": "!", "unknown": "?", "untargeted": "·"}


def status_word(status: str) -> str:
    return _(STATUS_WORDS[status])


def light_word(light: str) -> str:
    return _(LIGHT_WORDS[light])


class TargetView(NamedTuple):
    text: str
    op: str | None
    value: Fraction | None
    stretch: Fraction | None


class ResultRow(NamedTuple):
    id: str
    name: str
    unit: str
    kind: str
    direction: str
    target: TargetView | None
    actual: Fraction | None
    approximate: bool
    previous: Fraction | None
    attainment: Fraction | None
    gap: Fraction | None
    yoy: Fraction | None
    yoy_unit: str
    status: str
    stretch_met: bool | None
    estimated: bool
    derived: bool
    pace: Any
    rank: Any
    decimals: int
    year: int
    shown: dict[str, str]


def result_row(r: Result) -> Any:
    try:
        from sciplan.views.status import result_row as from_views
    except ImportError:
        return _row(r)
    return from_views(r)


def _row(r: Result) -> ResultRow:
    from sciplan import present
    from sciplan.views.display import fmt_share

    places = present._places(r)
    ind, resolved, actual = r.indicator, r.resolved, r.actual
    target = None
    if r.target is not None and resolved is not None:
        target = TargetView(r.target.text, resolved.op, resolved.value, resolved.stretch)
    status = f"{MARKERS[r.status]} {status_word(r.status)}"
    if r.stretch_met is not None:
        status += _(", stretch") if r.stretch_met else _(", below stretch")
    shown = {
        "target.text": present.target_text(r, places),
        "actual": present.actual_text(r, places),
        "attainment": fmt_share(r.attainment),
        "yoy": present.yoy_text(r),
        "status": status,
        "pace.light": present.pace_text(r).replace(r.pace.light, light_word(r.pace.light), 1) if r.pace else "",
    }
    return ResultRow(
        ind.id,
        ind.name,
        ind.unit,
        ind.kind,
        ind.direction,
        target,
        actual.value if actual else None,
        bool(actual and actual.approximate),
        r.previous.value if r.previous else None,
        r.attainment,
        r.gap,
        r.yoy,
        r.yoy_unit,
        r.status,
        r.stretch_met,
        bool(actual and actual.estimated),
        bool(actual and actual.derived),
        r.pace,
        r.rank,
        places,
        r.year,
        shown,
    )
