"""The sub-units (板块) and the neighbours in the year's report: 各板块完成情况 and 与周边地区比较.

Per unit and indicator: the split target, the figure, 完成率, the pace light and the rank among the units,
as a table and one sentence per unit in the summaries' style (`黄桥经济开发区完成新认定国家高新技术企业1家，
完成分解目标的10.0%，列各板块第3`); the peers' values, ranks and rates as a table. The same rows go to every
writer: the outline's subsections (Word, HTML, Markdown), a sheet of the workbook, and a bar chart per
indicator across the units in the HTML page (inline SVG: the page stays one offline file).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from sciplan.core.i18n import _, language
from sciplan.core.numbers import fmt, fmt_pace
from sciplan.report.digits import indicator_places, rate
from sciplan.report.outline import PROFILE_MARK, Section, Table
from sciplan.report.prose import actual_words, amount, pace_gap_words, period

if TYPE_CHECKING:
    from sciplan.compute.units import UnitsView
    from sciplan.core.records import ValidProject
    from sciplan.report.facts import Facts


def unit_facts(project: ValidProject, year: int) -> UnitsView | None:
    """The units' scorecards for the report, or None when the root has no units (or they have nothing)."""
    from sciplan.compute.units import units_view
    from sciplan.core.problem import SciplanError

    if not project.catalogue.units:
        return None
    try:
        return units_view(project, year)
    except SciplanError:  # no unit has a target or a figure this year
        return None


def _cells(units: UnitsView) -> list[tuple[Any, str, Any]]:
    """(indicator, unit, its row as the views show it), indicator by indicator."""
    from sciplan.views.status import result_row

    return [(ind, unit, result_row(units.cell(unit, ind.id))) for ind in units.indicators for unit in units.cards]


def unit_table(units: UnitsView, paced: bool) -> Table:
    headers = [_("Indicator"), _("Sub-unit"), _("Target (share)"), _("Actual"), _("Attainment")]
    headers += [_("Pace (pp)")] if paced else []  # the unit once, in the header: `正常 +0.7` below it
    headers += [_("Rank among the sub-units"), _("Reported")]
    rows, statuses, scheduled = [], [], False
    for ind, unit, row in _cells(units):
        s = row.shown
        cells = [ind.name, unit, s["target.text"] or "—", s["actual"], s["attainment"]]
        if paced:
            # a unit is paced as its indicator is: by the schedule (`profile`) when it has one, which
            # the header 序时进度 does not say, so the cell is marked as table 1's is (documents trial 4)
            mark = PROFILE_MARK if row.pace is not None and ind.profile else ""
            scheduled = scheduled or bool(mark)
            cells.append(pace_words(row) + mark)
        cells += [s["rank.position"] or "—", _("reported") if units.reported.get(unit) else _("not reported")]
        rows.append(cells)
        statuses.append(row.status)
    notes = [_("‡ against the indicator's schedule for the year (profile), not 序时进度.")] if scheduled else []
    return Table(headers, rows, statuses, notes)


def pace_words(row: Any) -> str:
    """A unit's pace under the header `序时进度（个百分点）`: the light and the gap with the digits every
    pace gap has (`fmt_pace`), so one column holds one number of places: `正常 +0.7`, `正常 -1.3`."""
    from sciplan.views.words import LIGHT_WORDS

    if row.pace is None:
        return "—"
    return f"{_(LIGHT_WORDS[row.pace.light])} {fmt_pace(row.pace.gap)}"


def unit_sentence(units: UnitsView, unit: str, facts: Facts | None = None) -> str:
    """黄桥经济开发区完成新认定国家高新技术企业1家，完成分解目标的10.0%，低于进度5.0个百分点，列各板块第3；….
    Nothing yet is said so (木鱼镇尚无新认定国家高新技术企业), a figure not sent as such (…数据未报送), a
    shared place as a tie (并列各板块第1); in a year under way the pace as table 1 measures it."""
    from sciplan.views.status import result_row

    clauses: list[str] = []
    verb = True  # the sentence's 完成 reads before a first clause that has a figure
    for ind in units.indicators:
        r = units.cell(unit, ind.id)
        row = result_row(r)
        if row.actual is None:
            if r.target is not None:
                verb = verb and bool(clauses)
                clauses.append(_("{name}: no figure reported").format(name=ind.name))
            continue
        if row.actual == 0:  # 完成…0家 reads as a slip
            verb = verb and bool(clauses)
            parts = [_("no {name} yet").format(name=ind.name)]
        else:
            parts = [_("{name} {actual}").format(name=ind.name, actual=actual_words(row))]
            if row.attainment is not None:
                parts.append(_("{attainment} of its share of the target").format(attainment=row.shown["attainment"]))
        if row.pace is not None and facts is not None:
            parts.append(pace_gap_words(row, facts, profiled=bool(ind.profile)))  # as the unit was paced
        if r.rank is not None and len(units.cards) > 1:
            parts.append(rank_words(units, ind.id, r.rank.position))
        clauses.append(("，" if language() == "zh" else ", ").join(parts))
    if not clauses:
        return _("{unit} has reported no figure.").format(unit=unit)
    joined = ("；" if language() == "zh" else "; ").join(clauses)
    return (_("{unit}: {clauses}.") if verb else _("{unit} — {clauses}.")).format(unit=unit, clauses=joined)


def rank_words(units: UnitsView, ident: str, position: int) -> str:
    """列各板块第1, or 并列各板块第1 when another unit holds the same place."""
    same = sum(1 for u in units.cards if (x := units.cell(u, ident).rank) is not None and x.position == position)
    if same > 1:
        return _("tied {position} among the sub-units").format(position=position)
    return _("ranked {position} among the sub-units").format(position=position)


def units_section(facts: Facts) -> Section | None:
    units = facts.units
    if units is None:
        return None
    paced = facts.elapsed is not None
    missing = [u for u in units.cards if not units.reported.get(u)]
    if missing and len(missing) == len(units.cards):  # one sentence, not one per unit
        when = period(facts)
        if when:
            sentences = [_("No sub-unit has reported figures for {period}.").format(period=when)]
        else:
            sentences = [_("No sub-unit has reported figures.")]
    else:
        sentences = [unit_sentence(units, unit, facts) for unit in units.cards if unit not in missing]
        if missing:
            joined = ("、" if language() == "zh" else ", ").join(missing)
            sentences.append(_("Not reported: {units}.").format(units=joined))
    return Section(_("Results by sub-unit"), sentences, unit_table(units, paced))


def peers_section(facts: Facts) -> Section | None:
    """与周边地区比较: each indicator the neighbours report, region by region with value, rank and rates."""
    if not facts.comparisons:
        return None
    headers = [_("Indicator"), _("Region"), _("Value"), _("Rank"), _("YoY"), _("Annual growth")]
    rows = []
    for c in facts.comparisons:
        ind = c.indicator
        places = indicator_places(ind)
        for r in c.rows:
            rows.append(
                [
                    ind.name,
                    r.region,
                    "—" if r.value is None else amount(r.value, ind.unit, places),
                    "—" if r.rank is None else f"{r.rank}/{sum(1 for x in c.rows if x.rank is not None)}",
                    rate(r.yoy, c.rate_unit, places),  # +13.7%, as table 1's 同比 of the same figure
                    rate(r.cagr, c.rate_unit, places),
                ]
            )
    return Section(_("Among the neighbouring regions"), [], Table(headers, rows, [None] * len(rows), []))


def add_sections(facts: Facts, first: Section) -> None:
    """Put 各板块完成情况 and the peers' table under the report's first section (主要指标完成情况)."""
    from sciplan.report.outline import subheading

    extra = [s for s in (units_section(facts), peers_section(facts)) if s is not None]
    start = len(first.subsections)
    for i, s in enumerate(extra, start + 1):
        s.heading = subheading(i, s.heading)
    first.subsections += extra


def unit_sheet(facts: Facts) -> tuple[list[str], list[list[tuple[Any, str | None, str | None]]]]:
    """The workbook's sheet of the units: exact numbers in numeric cells, as the other sheets."""
    from sciplan.report.cells import sheet_number
    from sciplan.report.sheet import ID, LIGHT_FILLS, PERCENT, _pct, number_format, status_cell

    units = facts.units
    assert units is not None
    headers = [_("Indicator"), _("Sub-unit"), _("Unit"), _("Target (share)"), _("Target value"), _("Actual")]
    # 应完成比例 beside the pace: a unit paced by its indicator's schedule shows the share it was held to
    headers += [_("Attainment"), _("Status"), _("Pace"), _("Expected share"), _("Rank among the sub-units")]
    headers += [_("Reported"), _(ID)]
    rows = []
    for ind, unit, row in _cells(units):
        places = number_format(row.decimals)
        value = row.target.value if row.target is not None else None
        light = row.pace.light if row.pace is not None else None
        rows.append(
            [
                (ind.name, None, None),
                (unit, None, None),
                (ind.unit, None, None),
                (row.shown["target.text"] or None, None, None),
                (sheet_number(value), places, None),
                (sheet_number(row.actual), places, None),
                (None if row.attainment is None else sheet_number(row.attainment / 100), PERCENT, None),
                status_cell(row),  # words, never marks, in a 公文 table: 未完成, not ✗ 未完成
                (row.shown.get("pace.light") or None, None, LIGHT_FILLS.get(light) if light else None),
                _pct(row.pace.expected if row.pace is not None else None),
                (None if row.rank is None else row.rank.position, None, None),
                (_("reported") if units.reported.get(unit) else _("not reported"), None, None),
                (ind.id, None, None),  # the id of targets.yaml, for machines: the hidden last column
            ]
        )
    return headers, rows


def unit_charts_html(facts: Facts) -> str:
    """One bar chart per indicator across the units (the figure, and the split target as a mark)."""
    units = facts.units
    if units is None:
        return ""
    charts = []
    for ind in units.indicators:
        cells = [(unit, units.cell(unit, ind.id)) for unit in units.cards]
        charts.append(_bar_chart(ind.name, ind.unit, cells, ind.decimals if ind.decimals is not None else 2))
    heading = html.escape(_("Results by sub-unit"))
    return f'<h3>{heading}</h3><div class="grid">{"".join(charts)}</div>'


def goal(resolved: Any, places: int) -> int:
    """A split target's decimals as the tables print it (`≥ 5000`, never `5000.00`)."""
    from sciplan.views.words import goal_places

    return goal_places(resolved.value, resolved.op, None, "", places)


def _bar_chart(name: str, unit: str, cells: list[tuple[str, Any]], places: int) -> str:
    e = html.escape
    width, height, top, bottom, left = 360, 220, 34, 40, 8
    values = [float(r.actual.value) if r.actual else None for _u, r in cells]
    targets = [
        float(r.resolved.value)
        if r.resolved is not None and r.resolved.value is not None and r.target.kind != "rank"
        else None
        for _u, r in cells
    ]
    peak = max([v for v in values + targets if v is not None and v > 0] or [1.0])
    step = (width - 2 * left) / max(len(cells), 1)
    scale = (height - top - bottom) / peak
    base = height - bottom
    parts = [
        f'<svg class="units-chart" role="img" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{e(name)}（{e(unit)}）</title>",
        f'<text x="{width / 2}" y="18" text-anchor="middle" font-size="13">{e(name)}（{e(unit)}）</text>',
        f'<line x1="{left}" y1="{base}" x2="{width - left}" y2="{base}" stroke="#999"/>',
    ]
    for i, ((label, r), value, target) in enumerate(zip(cells, values, targets, strict=True)):
        x = left + i * step + step * 0.2
        w = step * 0.6
        if value is not None and value > 0:
            h = value * scale
            colour = "#1565c0" if r.status in ("met", "untargeted") else "#ef6c00"
            parts.append(f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{colour}"/>')
        if value is not None:
            shown = fmt(r.actual.value, places)
            parts.append(
                f'<text x="{x + w / 2:.1f}" y="{base - max(value, 0) * scale - 4:.1f}" text-anchor="middle" '
                f'font-size="11">{e(shown)}</text>'
            )
        if target is not None and target > 0:
            y = base - target * scale
            parts.append(
                f'<line x1="{x - 4:.1f}" y1="{y:.1f}" x2="{x + w + 4:.1f}" y2="{y:.1f}" stroke="#333" '
                f'stroke-dasharray="4 2"><title>{e(_("Target"))} {e(fmt(r.resolved.value, goal(r.resolved, places)))}'
                f"</title></line>"
            )
        parts.append(f'<text x="{x + w / 2:.1f}" y="{base + 16}" text-anchor="middle" font-size="11">{e(label)}</text>')
    parts.append("</svg>")
    return f'<div class="chart">{"".join(parts)}</div>'
