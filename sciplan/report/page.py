"""The HTML report: one self-contained file that works offline.

Everything is inline: the styles, the data (a JSON script block), and the charting library,
Apache ECharts (vendored in report/vendor/ with its licence; the `common` build, which holds
every chart used here at two thirds of the full build's size). No URL is fetched: no external
script, stylesheet, font or image. Charts use the SVG renderer, so they print sharp on A4.
"""

from __future__ import annotations

import html
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sciplan.core.i18n import _, language
from sciplan.core.numbers import Exact, exact, fmt
from sciplan.render.json import dumps
from sciplan.report.cells import header_segments, segments
from sciplan.report.markdown import MARK
from sciplan.report.outline import open_category, open_counts, open_year, status_column
from sciplan.report.prose import amount, goal_places, partial_period, period_words

if TYPE_CHECKING:
    from sciplan.report.facts import Facts
    from sciplan.report.outline import Outline, Section, Table

HERE = Path(__file__).parent
ECHARTS_VERSION = "6.1.0"
STATUS_COLOURS = {
    "met": "#2e7d32",
    "near": "#f9a825",
    "short": "#c62828",
    "missing": "#6a1b1b",
    "pending": "#1565c0",
    "unknown": "#7b1fa2",
    "untargeted": "#9e9e9e",
}
# a year under way: the cards count by pace (已完成 / 进度正常 / 滞后 / 严重滞后 / 尚未达标 / 待报)
OPEN_COLOURS = {
    "done": "#2e7d32",
    "green": "#66bb6a",
    "yellow": "#f9a825",
    "red": "#c62828",
    "below": "#ef6c00",
    "pending": "#1565c0",
}
LIGHT_COLOURS = {"green": "#66bb6a", "yellow": "#f9a825", "red": "#c62828"}  # as the cards


@cache
def _asset(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


def _f(x: Fraction | None) -> int | Exact | None:
    """A number of the charts as CSV and JSON write it (core.numbers.exact): the figure's own digits,
    never a float's (99999999999999.99, not …98); a quotient to 15 significant digits."""
    return None if x is None else exact(x)


def chart_data(facts: Facts) -> dict[str, Any]:
    """What the charts draw: exact figures as numbers, names and words in the interface language."""
    from sciplan.views.words import LIGHT_WORDS, STATUS_WORDS

    targeted = facts.targeted
    return {
        "colours": STATUS_COLOURS,
        "lights": LIGHT_COLOURS,
        "words": {
            "actual": _("Actual"),
            "target": _("Target"),
            "attainment": _("Attainment"),
            "completion": _("Completion"),
            "expected": _("序时进度"),
            "scheduled": _("Due by the year's schedule"),
            "progress": _("Progress"),
            "time": _("Expected"),
            "partial": _("part of the year"),
            "status": {k: _(v) for k, v in STATUS_WORDS.items()},
            "light": {k: _(v) for k, v in LIGHT_WORDS.items()},
        },
        # every figure a label or a tooltip prints comes as the table prints it (`text`): the values
        # stay exact numbers for the axes, the words are the report's own digits (2.58%, not 2.58016…%)
        "attainment": [
            {
                "name": r.name,
                "value": _f(r.attainment),
                "text": r.shown.get("attainment"),
                "status": r.status,
                "colour": _bar_colour(r, facts),
            }
            for r in targeted
            if r.attainment is not None
        ],
        "pace": [
            {
                "name": r.name,
                "completion": _f(r.pace.completion),
                "expected": _f(r.pace.expected),
                "completion_text": r.shown.get("attainment"),  # the table's 完成率: the same share
                "expected_text": f"{fmt(r.pace.expected, 1)}%",  # as the sentence's 应完成15.0%
                "light": r.pace.light,
                "basis": "profile" if r.id in facts.profiled else "elapsed",  # whose share is expected
            }
            for r in targeted
            if r.pace is not None
        ],
        "trends": [
            {
                "id": t.id,
                "name": t.name,
                "unit": t.unit,
                # 2022年1–9月 for a year under way, never a bare 2022 beside whole years
                "years": [partial_period(r) or str(r.year) for r in t.rows],
                "periods": [period_words(r.period) or str(r.year) for r in t.rows],
                "partial": [partial_period(r) is not None for r in t.rows],
                "actual": [_f(r.actual) for r in t.rows],
                "actual_text": [None if r.actual is None else amount(r.actual, t.unit, r.decimals) for r in t.rows],
                # a rank target (列全市第1) is a position, not a value on this axis: never drawn
                "target": [_f(r.target.value) if r.target and r.year not in t.rank_years else None for r in t.rows],
                "target_text": [
                    amount(r.target.value, t.unit, goal_places(r))
                    if r.target and r.target.value is not None and r.year not in t.rank_years
                    else None
                    for r in t.rows
                ],
                "status": [r.status for r in t.rows],
            }
            for t in facts.trends
        ],
        "peers": [
            {
                "name": c.indicator.name,
                "unit": c.indicator.unit,
                "year": period_words(c.partial.text(c.indicator.kind)) if c.partial else c.year,
                "regions": [r.region for r in c.rows],
                "values": [_f(r.value) for r in c.rows],
                "texts": [None if r.value is None else fmt(r.value, _places(c.indicator)) for r in c.rows],
                "self": [r.self for r in c.rows],
            }
            for c in facts.comparisons
        ],
        "plans": [
            {
                "name": p.plan.name,
                "indicators": [r.indicator.name for r in p.rows],
                "progress": [_f(r.progress) for r in p.rows],
                "progress_text": [None if r.progress is None else f"{fmt(r.progress, 1)}%" for r in p.rows],
                "expected": [_f(r.expected) for r in p.rows],
            }
            for p in facts.plans
        ],
    }


def _places(indicator: Any) -> int:
    """The decimals of a peers' figure, as the peers' table prints it (subunits.peers_section)."""
    return indicator.decimals if indicator.decimals is not None else 2


def _bar_colour(row: Any, facts: Facts) -> str:
    """A bar's colour: its status, or in a year under way its pace, as the cards above count it
    (a flow on schedule is not red for being short of the whole year's target)."""
    if open_year(facts):
        return OPEN_COLOURS[open_category(row)]
    return STATUS_COLOURS[row.status]


def html_text(facts: Facts, doc: Outline) -> str:
    # inside <script>, `<!--` and `</script` in a name would end or derail the script: JSON's own
    # escapes for < > & keep every name inert and the same string to the charts
    data = dumps(chart_data(facts))  # render.json: the exact numbers as their digits
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    e = html.escape
    cards = "".join(
        f'<div class="card {status}"><b>{n}</b><span>{e(word)}</span></div>' for status, word, n in _cards(facts)
    )
    sections = [_section(s, level=2) for s in doc.sections]

    def charts(kind: str, n: int, css: str = "chart") -> str:
        return "".join(f'<div class="{css}" data-chart="{kind}" data-index="{i}"></div>' for i in range(n))

    body = [f"<header><h1>{e(doc.title)}</h1><p>{e(doc.subtitle)}</p></header>", f'<div class="cards">{cards}</div>']
    if facts.targeted:
        body.append(charts("attainment", 1, "chart wide"))
    if any(r.pace for r in facts.targeted):
        body.append(charts("pace", 1, "chart wide"))
    body.append(sections[0])
    from sciplan.report.subunits import unit_charts_html

    if facts.units is not None:
        body.append(unit_charts_html(facts))  # a chart per indicator across the sub-units
    if facts.trends:
        body.append(f'<h3>{e(_("Trends"))}</h3><div class="grid">{charts("trend", len(facts.trends))}</div>')
    body += sections[1:3]
    if facts.comparisons:
        body.append(f'<h3>{e(_("Peers"))}</h3><div class="grid">{charts("peers", len(facts.comparisons))}</div>')
    if len(sections) > 3:
        body += [sections[3], charts("plan", len(facts.plans), "chart wide")]
    notice = _("Charts drawn with Apache ECharts {version} (Apache License 2.0), bundled in this file.")
    body.append(f"<footer>{e(notice.format(version=ECHARTS_VERSION))}</footer>")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"zh-CN" if language() == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="sciplan">\n<title>{e(doc.title)}</title>\n'
        f"<style>\n{_asset('page.css')}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + f'\n<script type="application/json" id="sciplan-data">{data}</script>\n'
        + f"<script>\n{_asset('vendor/echarts.min.js')}\n</script>\n"
        + f"<script>\n{_asset('page.js')}</script>\n</body>\n</html>\n{MARK}\n"
    )


def _cards(facts: Facts) -> list[tuple[str, str, int]]:
    """The summary cards: by status for a closed year; for a year under way by pace, as the Word
    draft counts (a flow on schedule is not "未完成")."""
    from sciplan.views.words import STATUS_WORDS

    if open_year(facts):
        return [(f"open-{code}", word, n) for code, word, n in open_counts(facts)]
    shown = ("met", "near", "short", "pending", "missing", "unknown")
    s = facts.summary
    return [(k, _(STATUS_WORDS[k]), s[k]) for k in shown if s[k] or k in ("met", "near", "short", "pending")]


def _section(s: Section, level: int) -> str:
    e = html.escape
    out = [f"<h{level}>{e(s.heading)}</h{level}>" if s.heading else ""]
    if s.note:
        out.append(f'<p class="draft">{e(s.note)}</p>')
    if s.table is not None:
        out.append(_table(s.table))
    if s.paragraphs:
        tag = "ol" if s.numbered else "div"
        inner = "".join(f"<li>{e(p)}</li>" if s.numbered else f"<p>{e(p)}</p>" for p in s.paragraphs)
        out.append(f"<{tag}>{inner}</{tag}>")
    out += [_section(sub, level + 1) for sub in s.subsections]
    return f"<section>{''.join(out)}</section>"


def _table(t: Table) -> str:
    e = html.escape
    head = "".join(_cell("th", header_segments(h), "") for h in t.headers)
    col = status_column(t)
    name = 1 if t.headers and t.headers[0] == _("No.") else 0  # the indicator's name, as word.py has it
    rows = []
    for i, row in enumerate(t.rows):
        status = t.statuses[i] if i < len(t.statuses) else None
        cells = "".join(
            f'<td class="name">{e(c)}</td>' if j == name else _cell("td", segments(c), "s" if j == col else "")
            for j, c in enumerate(row)
        )
        rows.append(f'<tr class="{e(status or "")}">{cells}</tr>')
    notes = "".join(f'<p class="note">{e(n)}</p>' for n in t.notes)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{notes}"


def _cell(tag: str, pieces: list[str], css: str) -> str:
    """A cell that breaks only between its pieces (page.css): one piece is kept whole, several are
    each a span kept whole with a break allowed between them (class w)."""
    e = html.escape
    inner = e(pieces[0])
    if len(pieces) > 1:
        css = f"{css} w".strip()
        inner = "<wbr>".join(f"<span>{e(p)}</span>" for p in pieces)
    return f'<{tag} class="{css}">{inner}</{tag}>' if css else f"<{tag}>{inner}</{tag}>"
