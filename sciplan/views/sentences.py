"""The sentences under the tables: shortfalls, milestones, the pace legend, the summary count and
the peer comparison, written as a bureau writes them."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from sciplan.core.i18n import N_, _, language
from sciplan.core.numbers import change_places, distinct_places, fmt, fmt_points, fmt_share, fraction_of, places_for
from sciplan.views.words import (
    MARKERS,
    STATUS_WORDS,
    SYMBOLS,
    actual_text,
    as_target,
    date_text,
    due_text,
    full_date_text,
    places,
    rank_words,
    threshold_places,
    written,
)

if TYPE_CHECKING:
    from sciplan.compute.milestones import MilestoneStatus
    from sciplan.compute.peers import Comparison
    from sciplan.compute.status import Result, Scorecard
    from sciplan.views.status import ResultRow

MILESTONE_MARKERS = {"done": "✓", "done_late": "✓", "overdue": "✗", "open": "○"}
MILESTONE_WORDS = {"done": N_("done"), "done_late": N_("done late"), "overdue": N_("overdue"), "open": N_("open")}
MILESTONE_STYLES = {"done": "green", "done_late": "yellow", "overdue": "red", "open": "blue"}


def milestone_style(m: MilestoneStatus) -> str:
    return MILESTONE_STYLES[m.status]


def milestone_line(m: MilestoneStatus) -> str:
    """`✓ done: 发布《…》 (done 2022-03-15, due 2022Q1, 成果转化科)`."""
    ms = m.milestone
    when = _("done {date}, ").format(date=full_date_text(m.done)) if m.done else ""
    owner = _(", {owner}").format(owner=ms.owner) if ms.owner else ""
    state = f"{MILESTONE_MARKERS[m.status]} {_(MILESTONE_WORDS[m.status])}"
    return _("{state}: {task} ({when}due {due}{owner})").format(
        state=state, task=ms.task, when=when, due=due_text(ms.due_text), owner=owner
    )


def pace_legend(card: Scorecard) -> str:
    share = ""
    if card.elapsed is not None and card.as_of is not None:
        share = _(" ({share} of the year at {date})").format(
            share=fmt(card.elapsed, 1) + "%", date=date_text(card.as_of)
        )
    return _("Pace: completion of the target against 序时进度{share}; profiles shift it for back-loaded work").format(
        share=share
    )


def summary_line(card: Scorecard) -> str:
    """`24 indicators: 9 met · 2 near · 6 short`; `共24项指标：完成9项、接近2项、未完成6项`."""
    parts = [_("{n} {status}").format(n=n, status=_(STATUS_WORDS[status])) for status, n in card.summary.items() if n]
    total = len(card.results)
    counted = _("{n} indicator: {counts}") if total == 1 else _("{n} indicators: {counts}")
    return counted.format(n=total, counts=_(" · ").join(parts))


def shortfall(r: Result, row: ResultRow | None = None) -> tuple[str, str] | None:
    """The shortfall in words, e.g. `全社会研发经费投入强度: 2.65% vs ≥ 2.80% — 0.15 pp short (94.6%)`.
    `row`: the result's row in the table, whose decimals and attainment it repeats."""
    status = r.status
    if status in ("met", "pending", "untargeted"):  # the commonest: nothing to say
        return None
    ind = r.indicator
    head = f"{MARKERS[status]} " + _("{name}: ").format(name=ind.name)
    target = r.target
    if status == "missing":
        return status, head + _("no actual reported, and {year} is final").format(year=r.year)
    if status == "unknown" and target is not None and target.kind != "rank" and r.base_zero:
        return status, head + _(
            "{target} cannot apply: the {year} actual is 0, and growth from 0 is no percentage"
        ).format(target=written(target.text), year=r.year - 1)
    if status == "unknown" and target is not None and target.kind != "rank":
        return status, head + _("{target} needs the {year} actual, which is not reported").format(
            target=written(target.text), year=r.year - 1
        )
    if status == "unknown" and target is not None and target.kind == "rank":
        return status, head + _("{target} needs the peers' values for {year}").format(
            target=written(target.text), year=r.year
        )
    if status == "short" and target is not None and target.kind == "rank" and r.rank is not None:
        return status, f"{MARKERS[status]} " + _("{name}: rank {position} of {of}, target {target}").format(
            name=ind.name, position=r.rank.position, of=r.rank.of, target=rank_words(int(target.amount))
        )
    if status not in ("near", "short") or r.resolved is None or r.gap is None or r.actual is None:
        return None
    if r.pace is not None and r.pace.light == "green":
        return None  # a flow under way and on schedule is not a shortfall (the report's 短板 agrees)
    if row is None:
        shown, attainment = places(r), fmt_share(r.attainment, near=r.near)
    else:
        shown, attainment = row.decimals, row.shown["attainment"]
    printed = "" if r.attainment is None else attainment
    unit = ind.unit
    gap_unit = _(" pp") if ind.percent else unit
    actual = actual_text(r, shown, unit=unit)
    level = fmt(r.resolved.value, threshold_places(r, shown, printed)) + unit  # as the table prints it
    as_written = f" ({as_target(target.text, ind.name)})" if target is not None and target.kind != "level" else ""
    # below an at-least target, above an at-most one. Chinese writes it as a sentence:
    # 技术合同成交额完成5.60亿元，为目标15.99亿元的35.0%，差10.39亿元
    below = r.resolved.op.startswith(">")
    if ind.percent and below and r.growth is None:  # a ratio, as the report's 短板 says it
        # 全社会研发经费投入强度达2.62%，低于目标0.18个百分点
        text = _("{name}: {actual}, {gap} pp below the target").format(
            name=ind.name, actual=actual, gap=fmt_gap_size(r.gap, shown, points=True)
        )
        return status, f"{MARKERS[status]} " + text
    if r.attainment is None:
        words = (
            _("{name}: {actual} vs {symbol} {level}{target} — {gap}{unit} short")
            if below
            else _("{name}: {actual} vs {symbol} {level}{target} — {gap}{unit} over")
        )
    else:
        words = (
            _("{name}: {actual} vs {symbol} {level}{target} — {gap}{unit} short ({attainment})")
            if below
            else _("{name}: {actual} vs {symbol} {level}{target} — {gap}{unit} over ({attainment})")
        )
    text = words.format(
        name=ind.name,
        actual=actual,
        symbol=SYMBOLS[r.resolved.op],
        level=level,
        target=as_written,
        gap=fmt_gap_size(r.gap, shown, points=ind.percent),
        unit=gap_unit,
        attainment=attainment,
    )
    if r.growth is not None and target is not None:
        text += _("; ") + growth_clause(r)
    return status, f"{MARKERS[status]} " + text


def fmt_gap_size(gap: Fraction, shown: int, *, points: bool = False) -> str:
    """The size of a shortfall, never rounded out of sight (a gap of 0.004 is not "0.00"); in
    percentage points with the ratio's own decimals (`fmt_points`: 0.05, not 0.049)."""
    if points:
        return fmt_points(abs(gap), shown, sign=False)
    return fmt(abs(gap), change_places(gap, shown))


def growth_clause(r: Result) -> str:
    """Growth against growth, as a bureau writes it: 增长10.0%，目标15%，低5.0个百分点 (in English
    `growth 10.0% against a target of 15%, 5.0 pp below`)."""
    t, g = r.target, r.growth
    assert t is not None and g is not None
    amount = fraction_of(t.amount)
    diff = g - amount
    if t.kind == "growth":
        achieved = _("growth {x}%").format(x=fmt(g, 1)) if g >= 0 else _("a fall of {x}%").format(x=fmt(-g, 1))
        achieved = _based(r, achieved)
        goal_places = _decimals(amount)
        goal = (
            f"{fmt(amount, goal_places)}%" if amount >= 0 else _("a fall of {x}%").format(x=fmt(-amount, goal_places))
        )
        words = _GROWTH_BELOW if diff < 0 else _GROWTH_ABOVE
        return _(words).format(achieved=achieved, goal=goal, diff=fmt(abs(diff), 1))
    shown = max(places(r), _decimals(amount))
    if t.kind == "points":
        rise, fall = N_("a rise of {x} pp"), N_("a fall of {x} pp")
        achieved = _(rise if g >= 0 else fall).format(x=fmt(abs(g), shown))
        achieved = _based(r, achieved)
        goal = _(rise if amount >= 0 else fall).format(x=fmt(abs(amount), shown))
        words = _GROWTH_BELOW if diff < 0 else _GROWTH_ABOVE
        return _(words).format(achieved=achieved, goal=goal, diff=fmt(abs(diff), shown))
    unit = r.indicator.unit
    more, less = N_("an increase of {x} {unit}"), N_("a decrease of {x} {unit}")
    achieved = _(more if g >= 0 else less).format(x=fmt(abs(g), shown), unit=unit)
    achieved = _based(r, achieved)
    goal = _(more if amount >= 0 else less).format(x=fmt(abs(amount), shown), unit=unit)
    words = (
        N_("{achieved} against a target of {goal}, {diff} {unit} short")
        if diff < 0
        else N_("{achieved} against a target of {goal}, {diff} {unit} over")
    )
    return _(words).format(achieved=achieved, goal=goal, diff=fmt(abs(diff), shown), unit=unit)


def _based(r: Result, achieved: str) -> str:
    """In a year under way the change is measured on last year's year-end level (the target's base),
    while the 同比 column compares with last year's same month: name the base, so that two different
    "提高" of one figure are told apart (较上年末提高0.90个百分点 beside 同比 +1.40个百分点)."""
    if r.period is None or r.period.whole:
        return achieved
    base = _("since last year's end") if r.indicator.kind != "flow" else _("on last year's whole year")
    return _("{achieved} {base}").format(achieved=achieved, base=base)


# growth (%) and points (pp) against their target: the difference is in percentage points
_GROWTH_BELOW = N_("{achieved} against a target of {goal}, {diff} pp below")
_GROWTH_ABOVE = N_("{achieved} against a target of {goal}, {diff} pp above")


def _decimals(x: Fraction) -> int:
    return places_for(x, cap=2)


def listed(items: list[str]) -> str:
    """A list as a 公文 writes it: `A、B和C` (`A, B and C`); never "A和B和C"."""
    if len(items) < 2:
        return "".join(items)
    first = ("、" if language() == "zh" else ", ").join(items[:-1])
    return first + _(" and ") + items[-1]


# How the own region's growth over the span is said: [years == 1][rose][pp]
_GROWTH_WORDS = {
    (True, True, False): N_("{name} grew {rate} on last year"),
    (True, False, False): N_("{name} fell {rate} on last year"),
    (True, True, True): N_("{name} was up {rate} on last year"),
    (True, False, True): N_("{name} was down {rate} on last year"),
    (False, True, False): N_("over the last {years} years {name} grew {rate} a year"),
    (False, False, False): N_("over the last {years} years {name} fell {rate} a year"),
    (False, True, True): N_("over the last {years} years {name} was up {rate} a year"),
    (False, False, True): N_("over the last {years} years {name} was down {rate} a year"),
}


def comparison_sentence(
    c: Comparison, *, behind_only: bool = False, places: int = 2, name: str | None = None
) -> str | None:
    """ "近3年有效期内国家高新技术企业年均增长26.55%，低于兴化市的39.73%和靖江市的32.29%" (in English:
    "Over the last 3 years … grew 26.55% a year, below 兴化市's 39.73% and 靖江市's 32.29%"): `compare`
    and the report's 短板 say it alike; `behind_only` (the report) says only the faster peers, and
    nothing when there are none. `places`: the decimals a rate starts from (the report gives a % rate
    one, as its 同比 column: 比上年增长14.8%, never 14.81% beside +14.8%); `name`: the subject in place
    of the indicator's name, when a clause before it named it (`""`: …落后于剑阁县；比上年增长23.5%)."""
    own = next((r for r in c.rows if r.self), None)
    if own is None or own.cagr is None:
        return None
    own_rate = own.cagr
    pp = c.rate_unit == "pp"

    others = [(r.region, r.cagr) for r in c.rows if not r.self and r.cagr is not None]
    # Enough decimals that a rate said to be 高于 or 低于 another never reads the same as it.
    for _region, x in others:
        places = distinct_places(Fraction(x), Fraction(own_rate), places)

    def rate(x: Fraction) -> str:
        shown = fmt(Fraction(x), places)
        return _("{x} pp").format(x=shown) if pp else f"{shown}%"

    def regions(group: list[tuple[str, Fraction]]) -> str:
        return listed([_("{region}'s {rate}").format(region=region, rate=rate(x)) for region, x in group])

    higher = sorted((o for o in others if o[1] > own_rate), key=lambda o: -o[1])
    lower = sorted((o for o in others if o[1] < own_rate), key=lambda o: -o[1])
    if behind_only and not higher:
        return None
    # Chinese reports say 下降 with the size of a fall, and 比上年 rather than 近1年…年均 for one year.
    rose = own_rate >= 0
    size = own_rate if rose else -own_rate
    words = _GROWTH_WORDS[(c.years == 1, rose, pp)]
    text = _(words).format(years=c.years, name=c.indicator.name if name is None else name, rate=rate(size))
    if higher:
        text += _(", below {others}").format(others=regions(higher))
    if lower and not behind_only:
        text += _(", above {others}").format(others=regions(lower))
    same = [region for region, x in others if x == own_rate]
    if same and not behind_only:
        text += _(", level with {regions}").format(regions=listed(same))
    return text[0].upper() + text[1:] if language() == "en" else text
