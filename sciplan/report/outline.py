"""The report's text and tables, once, for every writer: title, the four sections, their tables.

Word, HTML and Markdown lay the same outline out in their own way; the spreadsheet writes the
same rows as numbers. Table cells are the views' shown texts (what `status` prints).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sciplan.core.dates import is_month_end
from sciplan.core.i18n import N_, _, language
from sciplan.core.numbers import fmt
from sciplan.report.digits import indicator_places, rate, threshold
from sciplan.report.prose import (
    CATEGORY_WORDS,
    MILESTONE_HEADINGS,
    date_words,
    draft_note,
    indicator_sentence,
    marks_as_symbols,
    partial_period,
    period,
    whole_year,
)
from sciplan.report.shortfalls import shortfalls
from sciplan.views.basenotes import no_growth_base, unequal_span_note, zero_base_notes
from sciplan.views.words import as_target, due_text, full_date_text, stage_notes

if TYPE_CHECKING:
    from sciplan.compute.plans import PlanProgress, PlanRow
    from sciplan.report.facts import Facts

CHINESE_NUMBERS = "一二三四五六七八九十"


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    statuses: list[str | None] = field(default_factory=list)  # a status code per row, for fills
    notes: list[str] = field(default_factory=list)


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: Table | None = None
    note: str | None = None  # a heading note (the draft mark)
    subsections: list[Section] = field(default_factory=list)
    numbered: bool = False  # paragraphs as a numbered list


@dataclass
class Outline:
    title: str
    subtitle: str
    sections: list[Section]
    units: list[str] = field(default_factory=list)  # the indicators' units: a figure keeps its unit


def heading(n: int, text: str) -> str:
    """一、主要指标完成情况 / 1. Main indicators."""
    return f"{CHINESE_NUMBERS[n - 1]}、{text}" if language() == "zh" else f"{n}. {text}"


def subheading(n: int, text: str) -> str:
    """（一）已完成 / (1) Completed."""
    return f"（{CHINESE_NUMBERS[n - 1]}）{text}" if language() == "zh" else f"({n}) {text}"


def title(facts: Facts) -> str:
    when = period(facts)
    if language() == "zh":
        return f"{facts.region}{facts.year}年{when or ''}科技工作主要指标完成情况"
    span = f" ({when})" if when else ""
    return _("{region} {year}{period}: science and technology targets and results").format(
        region=facts.region, year=facts.year, period=span
    )


def subtitle(facts: Facts) -> str:
    if facts.final:
        state = _("Final figures for {year}.").format(year=facts.year)
    elif facts.as_of is not None:
        state = _("Figures as of {date}; the year is not final.").format(date=date_words(facts.as_of))
    else:
        state = _("The year is not final.")
    if facts.elapsed is not None:
        state += ("" if language() == "zh" else " ") + _("序时进度 {share}%.").format(share=fmt(facts.elapsed, 1))
    return state


def outline(facts: Facts) -> Outline:
    from sciplan.report.subunits import add_sections

    sections = [indicators_section(facts), milestones_section(facts), shortfalls_section(facts)]
    add_sections(facts, sections[0])  # 各板块完成情况 and the neighbours, under 主要指标完成情况
    if facts.plans:
        sections.append(plans_section(facts))
    for i, s in enumerate(sections, 1):
        s.heading = heading(i, s.heading)
    units = sorted({r.unit for r in facts.rows if r.unit})
    return Outline(title(facts), subtitle(facts), sections, units)


PROFILE_MARK = "‡"
# A year under way is judged by pace: the words its counts are given in, in this order
OPEN_COUNTS = {
    "done": N_("completed"),
    "green": N_("on schedule"),
    "yellow": N_("behind schedule"),
    "red": N_("seriously behind schedule"),
    "below": N_("below target (not paced)"),
    "pending": N_("pending"),
}


def open_year(facts: Facts) -> bool:
    """A year under way, reported before its end: judged by pace, its figures cover part of it."""
    return not whole_year(facts)


def open_category(row: Any) -> str:
    """Where a targeted row counts in a year under way: done, its pace light, below target, or pending."""
    if row.status == "met":
        return "done"
    if row.pace is not None:
        return str(row.pace.light)
    if row.actual is None:
        return "pending"
    return "below"


def open_counts(facts: Facts) -> list[tuple[str, str, int]]:
    """(code, word, count) of a year under way, in OPEN_COUNTS order, only the codes that occur."""
    counts = dict.fromkeys(OPEN_COUNTS, 0)
    for row in facts.targeted:
        counts[open_category(row)] += 1
    return [(code, _(OPEN_COUNTS[code]), n) for code, n in counts.items() if n]


def status_words(row: Any) -> str:
    """The status in words for a 公文 table (未完成, 完成，达到力争目标): no ✓ ✗ ~ marks."""
    from sciplan.views.words import STATUS_WORDS

    text = _(STATUS_WORDS[row.status])
    if row.stretch_met is not None:
        text += _(", stretch") if row.stretch_met else _(", below stretch")
    return text


def pace_cell(row: Any, facts: Facts) -> str:
    """正常 +3.0个百分点, with ‡ when the expected share is the indicator's schedule (`profile`)."""
    text = row.shown.get("pace.light") or "—"
    return text + PROFILE_MARK if row.pace is not None and row.id in facts.profiled else text


def indicator_table(facts: Facts) -> Table:
    periods = open_year(facts) and any(partial_period(r) for r in facts.targeted)
    headers = [_("No."), _("Indicator"), _("Unit")]
    if periods:
        headers.append(_("Period"))
    headers += [_("Target"), _("Actual"), _("Attainment"), _("YoY"), _("Status")]
    if facts.elapsed is not None:
        headers.append(_("Pace"))
    rows, statuses = [], []
    for i, row in enumerate(facts.targeted, 1):
        s = row.shown
        cells = [str(i), row.name, row.unit]
        if periods:
            cells.append(partial_period(row) or "—")
        cells += [s["target.text"], s["actual"], s["attainment"], s["yoy"], status_words(row)]
        if facts.elapsed is not None:
            cells.append(pace_cell(row, facts))
        rows.append(cells)
        statuses.append(row.status)
    notes = []
    notes += stage_notes([(r.name, r.stage or "estimate") for r in facts.targeted if r.estimated or r.stage == "flash"])
    if any(r.derived for r in facts.targeted):
        notes.append(_("† computed: from its formula, its parts or its sub-units"))
    if any(r.approximate for r in facts.targeted):
        notes.append(_("≈ approximate (written as 100余 or 近100)"))
    if facts.elapsed is not None:
        notes.append(
            _("序时进度: completion against the share of the year gone ({share}%).").format(share=fmt(facts.elapsed, 1))
        )
    if any(r.pace is not None and r.id in facts.profiled for r in facts.targeted):
        notes.append(_("‡ against the indicator's schedule for the year (profile), not 序时进度."))
    notes += facts.yoy_notes  # 同比 `—`: last year's same months are not in the data, said as status says it
    if not facts.final and facts.as_of is not None and not is_month_end(facts.as_of):
        # 同比 compares equal spans only: say why the YoY column is empty (SPEC 4)
        unequal = [r.name for r in facts.targeted if r.actual is not None and r.previous is None and r.previous_period]
        if unequal:
            notes.append(unequal_span_note(facts.as_of, unequal).text)
    bases = [
        (r.name, r.previous)
        for r in facts.targeted
        if r.previous is not None and no_growth_base(r.yoy_unit == "pp", r.actual, r.previous, r.yoy)
    ]
    notes += [note.text for note in zero_base_notes(bases)]
    return Table(headers, rows, statuses, notes)


def count_sentence(facts: Facts) -> str:
    """纳入考核的10项指标中，完成1项、接近1项…; in a year under way counted by pace:
    已完成1项、进度正常5项、滞后1项、严重滞后1项、待报1项."""
    joiner = "、" if language() == "zh" else ", "
    if open_year(facts):
        words = [(word, n) for _code, word, n in open_counts(facts)]
    else:
        words = [(_(word), n) for word, n in _summary_words(facts) if n]
    counts = [_("{n} {status}").format(n=n, status=word) for word, n in words]
    return _("{n} targeted indicators: {counts}.").format(n=len(facts.targeted), counts=joiner.join(counts))


def indicators_section(facts: Facts) -> Section:
    sentences = [indicator_sentence(row, facts) for row in facts.targeted]
    return Section(_("Main indicators"), [count_sentence(facts), *sentences], indicator_table(facts))


def _summary_words(facts: Facts) -> list[tuple[str, int]]:
    from sciplan.views.words import STATUS_WORDS

    return [(STATUS_WORDS[s], n) for s, n in facts.summary.items() if s != "untargeted"]


def milestones_section(facts: Facts) -> Section:
    section = Section(_("Key tasks"))
    if not facts.milestones:
        section.paragraphs.append(_("No milestones are due this year."))
        return section
    n = 0
    for state, words in MILESTONE_HEADINGS.items():
        items = [m for m in facts.milestones if m.status == state]
        if not items:
            continue
        n += 1
        lines = [milestone_line(m) for m in items]
        section.subsections.append(Section(subheading(n, _(words)), lines, numbered=True))
    return section


def milestone_line(m: Any) -> str:
    ms = m.milestone
    facts = [_("due {due}").format(due=due_text(ms.due_text))]
    if m.done:
        facts.append(_("done {date}").format(date=full_date_text(m.done)))
    if ms.owner:
        facts.append(_("owner: {owner}").format(owner=ms.owner))
    open_, close, joiner = ("（", "）", "；") if language() == "zh" else (" (", ")", "; ")
    return ms.task + open_ + joiner.join(facts) + close


def shortfalls_section(facts: Facts) -> Section:
    lines = shortfalls(facts)
    if not lines:
        lines = [_("No target is short, near or behind pace, and no plan indicator is falling behind.")]
    return Section(_("Shortfalls and weaknesses"), lines, note=draft_note(), numbered=True)


def plans_section(facts: Facts) -> Section:
    name = facts.plans[0].plan.name if len(facts.plans) == 1 else _("multi-year plans")
    section = Section(_("Progress of {plan}").format(plan=name))
    for i, p in enumerate(facts.plans, 1):
        sub = Section(subheading(i, p.plan.name) if len(facts.plans) > 1 else "", table=plan_table(p))
        if len(facts.plans) == 1:
            section.table = sub.table
        else:
            section.subsections.append(sub)
    return section


def plan_table(p: PlanProgress) -> Table:
    headers = [_("Indicator"), _("Baseline"), _("Latest"), _("End target"), _("Progress"), _("Expected"),
               _("Observed rate"), _("Required rate from baseline"), _("Required rate from latest"),
               _("Assessment")]  # fmt: skip
    rows = []
    for row in p.rows:
        ind = row.indicator
        places = indicator_places(ind)  # 46.80 beside table 1's 47.50, never 46.8

        def value(x, places=places):
            return "—" if x is None else fmt(x, places)

        when = f"（{row.latest_year}年）" if language() == "zh" else f" ({row.latest_year})"
        latest = "—" if row.latest_value is None else value(row.latest_value) + when
        rows.append([
            f"{ind.name}（{ind.unit}）" if language() == "zh" else f"{ind.name} ({ind.unit})",
            value(row.baseline_value),
            latest,
            plan_target(row, places),
            "—" if row.progress is None else f"{fmt(row.progress, 1)}%",
            "—" if row.expected is None else f"{fmt(row.expected, 1)}%",
            rate(row.observed_rate, row.rate_unit, places),
            rate(row.required_rate, row.rate_unit, places),
            rate(row.needed_rate, row.rate_unit, places),
            _(CATEGORY_WORDS[row.category]),
        ])  # fmt: skip
    return Table(headers, rows, [row.category for row in p.rows])


def plan_target(row: PlanRow, places: int) -> str:
    """A plan's end target as table 1 writes a target: `≥ 3.00` (the indicator's decimals), `≥ 900`
    (a whole number whole); a growth or a rise in points with its level: `+1个百分点 → ≥ 48.50`."""
    written = marks_as_symbols(as_target(row.entry.target.text, row.indicator.name))
    resolved = row.resolved
    if resolved is None or resolved.value is None or row.entry.target.kind == "rank":
        return written
    level = threshold(resolved.value, resolved.op, places, row.indicator.unit)
    return level if row.entry.target.kind == "level" else f"{written} → {level}"


def status_column(t: Table) -> int:
    """The column a status colours: 状态 in the indicator table, the last column of a plan table."""
    status = _("Status")
    return t.headers.index(status) if status in t.headers else len(t.headers) - 1
