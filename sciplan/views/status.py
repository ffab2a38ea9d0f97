"""`sciplan status YEAR`: the scorecard's rows (SPEC 5.1), its notes and its shortfalls in words.

The rows are `ResultRow`s, which `units` and `trend` share: one indicator in one year.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any, NamedTuple

from sciplan.core.i18n import N_, _, language
from sciplan.core.numbers import fmt, fmt_gap, fmt_points, fmt_share
from sciplan.views import FLOATS, Column, Each, Justify, Later, Note, Texts, View
from sciplan.views.basenotes import missing_base_notes
from sciplan.views.sentences import milestone_line, milestone_style, pace_legend, shortfall, summary_line
from sciplan.views.words import (
    LIGHTS,
    STYLES,
    actual_text,
    change_text,
    date_text,
    pace_text,
    places,
    provisional_stage,
    rank_text,
    stage_notes,
    status_text,
    target_text,
)

if TYPE_CHECKING:
    from sciplan.compute.milestones import MilestoneStatus
    from sciplan.compute.status import Result, Scorecard


class TargetView(NamedTuple):
    text: str  # as written in targets.yaml
    op: str | None
    value: Fraction | None  # the threshold (None: not resolvable yet)
    stretch: Fraction | None  # 力争, the upper end of a range


class PaceView(NamedTuple):
    elapsed: Fraction  # % of the year gone
    expected: Fraction  # % of the target expected by now (序时进度)
    completion: Fraction  # % of the target reached
    gap: Fraction  # completion - expected, in pp
    light: str  # green | yellow | red


FLOATS[PaceView] = ("elapsed", "expected", "completion", "gap")  # written as floats in JSON and CSV


class RankView(NamedTuple):
    position: int
    of: int


class ResultRow(NamedTuple):
    """One indicator in one year, exactly, with what people read of it."""

    id: str
    name: str
    unit: str
    kind: str
    direction: str
    target: TargetView | None
    actual: Fraction | None
    approximate: bool
    previous: Fraction | None
    attainment: Fraction | None  # 完成率, %
    gap: Fraction | None  # actual - threshold, in the unit (pp for %)
    yoy: Fraction | None
    yoy_unit: str  # % or pp
    status: str
    stretch_met: bool | None
    estimated: bool
    derived: bool
    derived_from: str | None  # formula | parts | units
    pace: PaceView | None
    rank: RankView | None
    group: str | None
    decimals: int  # the decimals target, actual and gap are shown with
    year: int
    sub_unit: str | None = None  # the 乡镇/园区 in `units` (None: the region)
    share: Fraction | None = None  # `units`: the unit's share of the region's actual, %
    shown: MutableMapping[str, str] = {}  # noqa: RUF012 - never mutated: each row gets its own
    styles: dict[str, str] = {}  # noqa: RUF012
    depth: int = 0  # --parts: how deep under its total
    period: str | None = None  # what `actual` covers: "2022" (the whole year), "2022-01..2022-09" (1–9月)
    previous_period: str | None = None  # what `previous`, the base of YoY, covers (去年同期)
    approximate_word: str = ""  # the word an approximate actual was written with (近, 余, 约…; ≈ when computed)
    stage: str | None = None  # 预计 → 快报 → 年报 → 公报 as the file says (estimate, flash, annual, bulletin)


FLOATS[ResultRow] = ("attainment", "yoy")  # written as floats in JSON and CSV


def actual_columns() -> list[Column]:
    """The columns `result_row` fills for a result's figure: the actual, its flags (in CSV) and the
    attainment; status, trend and units show them alike."""
    right: Justify = "right"
    return [
        Column("actual", _("Actual"), right),
        Column("approximate", "approximate", only="csv"),
        Column("estimated", "estimated", only="csv"),
        Column("stage", "stage", only="csv"),
        Column("derived", "derived", only="csv"),
        Column("attainment", _("Attainment"), right),
    ]


def result_row(r: Result, *, depth: int = 0, sub_unit: str | None = None, share: Fraction | None = None) -> ResultRow:
    shown_places = places(r)
    ind = r.indicator
    resolved = r.resolved
    target = None
    if r.target is not None and resolved is not None:
        target = TargetView(r.target.text, resolved.op, resolved.value, resolved.stretch)
    pace = None
    if r.pace is not None:
        p = r.pace
        pace = PaceView(p.elapsed, p.expected, p.completion, p.gap, p.light)

    def texts() -> dict[str, str]:
        percent = ind.percent
        gap_unit = _("pp") if percent else ""
        gap = (fmt_points if percent else fmt_gap)(r.gap, shown_places) + gap_unit if r.gap is not None else "—"
        attainment = fmt_share(r.attainment, near=r.near)
        return {
            "name": ("  " * (depth - 1) + "└ " if depth else "") + ind.name,
            "unit": ind.unit,  # as `text` writes the field, here so a 100,000-row table need not look it up
            "target.text": target_text(r, shown_places, "" if r.attainment is None else attainment),
            "actual": actual_text(r, shown_places),
            "attainment": attainment,
            "gap": gap,
            "yoy": change_text(r.yoy, percent, shown_places),
            "status": status_text(r),
            "rank.position": rank_text(r),
            "pace.light": pace_text(r),
            "share": "—" if share is None else f"{fmt(share, 1)}%",
        }

    shown = Texts(texts)  # written when a format for people reads it
    styles = {"status": STYLES[r.status]}
    if r.pace is not None:
        styles["pace.light"] = LIGHTS[r.pace.light]
    return ResultRow(
        ind.id,
        ind.name,
        ind.unit,
        ind.kind,
        ind.direction,
        target,
        r.actual.value if r.actual else None,
        bool(r.actual and r.actual.approximate),
        r.previous.value if r.previous else None,
        r.attainment,
        r.gap,
        r.yoy,
        r.yoy_unit,
        r.status,
        r.stretch_met,
        bool(r.actual and r.actual.estimated),
        bool(r.actual and r.actual.derived),
        r.actual.via if r.actual else None,
        pace,
        RankView(r.rank.position, r.rank.of) if r.rank else None,
        ind.group,
        shown_places,
        r.year,
        sub_unit,
        share,
        shown,
        styles,
        depth,
        r.period.text(ind.kind) if r.period else None,
        r.previous_period.text(ind.kind) if r.previous_period else None,
        r.actual.approximate if r.actual else "",
        r.actual.stage if r.actual else None,
    )


def by_owner(results: list[Result]) -> tuple[list[Result], dict[str, str]]:
    """`status --by owner`: the results grouped under each 科室 (`owner:`), in the order the 科室
    first appear (indicators without one last), and each 科室's heading with its counts:
    `高新技术科：完成1项、未完成2项`."""
    from sciplan.views.words import STATUS_WORDS

    nobody = _("(no owner)")
    order: dict[str, list[Result]] = {}
    for r in results:
        order.setdefault(r.indicator.owner or nobody, []).append(r)
    if nobody in order:
        order[nobody] = order.pop(nobody)
    headings = {}
    for owner, rows in order.items():
        counts: dict[str, int] = {}
        for r in rows:
            if r.status != "untargeted":
                counts[r.status] = counts.get(r.status, 0) + 1
        words = [_("{n} {status}").format(n=n, status=_(STATUS_WORDS[k])) for k, n in counts.items()]
        joined = ("、" if language() == "zh" else ", ").join(words) or _("no targets")
        headings[owner] = _("{owner}: {counts}").format(owner=owner, counts=joined)
    return [r for rows in order.values() for r in rows], headings


def view(card: Scorecard, results: list[Result], *, parts: bool = False, by: str | None = None) -> View[ResultRow]:
    """The scorecard. With `parts`, each total's parts follow it, indented (SPEC 5.7); with `by`
    ("owner"), the rows under each 科室 with its counts."""
    headings: dict[str, str] = {}
    if by == "owner":
        results, headings = by_owner(results)
    right: Justify = "right"
    grouped = any(r.indicator.group for r in results)
    columns = [Column("group", "group", only="csv")] if grouped else []
    columns += [
        Column("name", _("Indicator")),
        Column("id", "id", only="csv"),
        Column("unit", _("Unit")),  # never dropped: "11.80" without 亿元 means nothing
        Column("target.text", _("Target")),
        Column("target.value", "target.value", only="csv"),
        *actual_columns(),
        Column("gap", _("Gap"), right, drop=3),
        Column("yoy", _("YoY"), right, drop=5),
        Column("yoy_unit", "yoy_unit", only="csv"),
    ]
    ranked = any(r.rank for r in results)
    if ranked:
        columns += [Column("rank.position", _("Rank"), right, drop=4), Column("rank.of", "rank_of", only="csv")]
    columns += [Column("status", _("Status")), Column("stretch_met", "stretch_met", only="csv")]
    paced = any(r.pace for r in results)
    if paced:
        columns += [Column("pace.light", _("Pace"), drop=2), Column("pace.gap", "pace.gap", only="csv")]
    ordered = nested(results) if parts else [(r, 0) for r in results]
    rows = [result_row(r, depth=depth, sub_unit=card.unit) for r, depth in ordered]

    def notes() -> list[Note]:  # what the formats people read show under the rows
        notes: list[Note] = []
        marked = [(r.indicator.name, stage) for r in results if (stage := provisional_stage(r.actual))]
        notes += [Note(text, "dim") for text in stage_notes(marked)]
        notes += derived_notes(results)
        if ranked:
            among = _("the other units") if card.unit else _("the peer regions")
            notes.append(Note(_("Rank: position among {among} (1 is best)").format(among=among), "dim"))
        notes += earlier_rank_notes(card)
        if paced:
            notes.append(Note(pace_legend(card), "dim"))
        notes += missing_base_notes(results)
        # the rows' decimals and printed attainments, written already for the table above
        made = {id(r): row for (r, _depth), row in zip(ordered, rows, strict=True)}
        lines = [line for r in card.results if (line := shortfall(r, made.get(id(r))))]
        if lines:
            notes.append(Note(_("Shortfalls"), kind="heading"))
            notes += [Note(text, STYLES[status], kind="item") for status, text in lines]
        if card.milestones:
            notes.append(Note(_("Milestones"), kind="heading"))
            notes += [Note(milestone_line(m), milestone_style(m), kind="item") for m in card.milestones]
        notes.append(Note(summary_line(card)))
        return notes

    def document(v: View) -> dict:
        by_id = {row.id: row for row in v.rows}  # with --parts, a part's row at whatever depth
        return {
            "region": card.region,
            **({"unit": card.unit} if card.unit else {}),
            "year": card.year,
            "final": card.final,
            "as_of": card.as_of.isoformat() if card.as_of else None,
            "indicators": Each(results, lambda r: by_id[r.indicator.id], rows=True),  # each as it is written
            **({"owners": owner_ids(results)} if by == "owner" else {}),
            "summary": card.summary,
            "milestones": [milestone_json(m) for m in card.milestones],
        }

    section: Callable[[Any], str | None] | None = None
    if by == "owner":
        owners = {r.indicator.id: r.indicator.owner or _("(no owner)") for r in results}
        section = lambda row: headings[owners[row.id]]  # noqa: E731
    elif grouped:
        section = lambda row: row.group  # noqa: E731
    return View(title(card), columns, rows, Later(notes), document, section=section)


def owner_ids(results: list[Result]) -> dict[str, list[str]]:
    """`--by owner` in JSON: each 科室's indicator ids, in the order of the rows."""
    owners: dict[str, list[str]] = {}
    for r in results:
        owners.setdefault(r.indicator.owner or _("(no owner)"), []).append(r.indicator.id)
    return owners


def nested(results: list[Result]) -> list[tuple[Result, int]]:
    """Results with each total's parts right after it, one level deeper (parts of parts deeper)."""
    by_id = {r.indicator.id: r for r in results}
    inside = {p for r in results for p in r.indicator.parts if p in by_id}
    out: list[tuple[Result, int]] = []

    def add(r: Result, depth: int) -> None:
        out.append((r, depth))
        for part in r.indicator.parts:
            if part in by_id:
                add(by_id[part], depth + 1)

    for r in results:
        if r.indicator.id not in inside:
            add(r, 0)
    return out


def title(card: Scorecard) -> str:
    """`泰兴市 · 2022 scorecard (open, as of 2022-09-30, 75.0% of the year)`;
    `泰兴市 2022年指标完成情况（截至9月30日，序时进度75.0%）`."""
    if card.as_of:
        state = _("final, as of {date}") if card.final else _("open, as of {date}")
        state = state.format(date=date_text(card.as_of))
    else:
        state = _("final") if card.final else _("open")
    if card.elapsed is not None:
        state = _("{state}, {share} of the year").format(state=state, share=fmt(card.elapsed, 1) + "%")
    return _("{region} · {year} scorecard ({state})").format(region=card.region, year=card.year, state=state)


# What a derived actual (†) was computed from, as its footnote says it.
DERIVED_NOTES = {
    "formula": N_("† computed from its formula: {names}"),
    "parts": N_("† computed from its parts: {names}"),
    "units": N_("† computed from its sub-units: {names}"),
}


def derived_notes(results: list[Result]) -> list[Note]:
    """One footnote per way an actual was computed, naming the indicators it applies to, so the
    note says the truth for each (SPEC: formula, parts, sub-units)."""
    derived: dict[str, list[str]] = {}  # via -> the names, in one pass over the results
    for r in results:
        actual = r.actual
        if actual is not None and actual.via is not None:
            derived.setdefault(actual.via, []).append(r.indicator.name)
    notes = []
    for via, template in DERIVED_NOTES.items():
        names = derived.get(via)
        if names:
            notes.append(Note(_(template).format(names=_(", ").join(names)), "dim"))
    return notes


def earlier_rank_notes(card: Scorecard) -> list[Note]:
    """A rank target judged at an earlier month's end than the scorecard's (the peers report only
    under `peers: months:`, compute.status._latest_ranked_month) says so: the figure and its rank are
    9月末's, not 10月末's."""
    notes = []
    for r in card.results:
        t, period = r.target, r.period
        if t is None or t.kind != "rank" or t.month is not None or period is None or card.as_of is None:
            continue
        if period.end < card.as_of:
            text = _("{name}: figure and rank at {period}, the latest month the peer regions report (peers: months:)")
            notes.append(Note(text.format(name=r.indicator.name, period=period.label(r.indicator.kind)), "dim"))
    return notes


def milestone_json(m: MilestoneStatus) -> dict:
    ms = m.milestone
    return {
        "id": ms.id,
        "task": ms.task,
        "due": ms.due.isoformat(),
        "due_text": ms.due_text,
        "owner": ms.owner,
        "done": m.done.isoformat() if m.done else None,
        "status": m.status,
    }
