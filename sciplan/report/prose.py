"""The report's sentences, written as a year-end summary (年度工作总结) writes them.

"全年新认定国家高新技术企业86家，完成年度目标的172.0%，同比增长23.0%";
"全社会研发经费投入强度预计达2.58%，低于目标0.32个百分点";
"1–9月技术合同成交额5.60亿元，完成全年目标的35.0%，低于序时进度40.0个百分点".

Every number comes from a view row, shown with the row's decimals (at least enough to tell it
from zero), without thousands separators (7840万元), as the summaries write them.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from sciplan.core.i18n import N_, _, language
from sciplan.core.numbers import change_places, fmt, fmt_pace, fmt_points, round_half_up, terminating_places
from sciplan.core.records import side, with_word
from sciplan.views.words import MONTHS

if TYPE_CHECKING:
    from sciplan.report.facts import Facts

# 二、重点任务推进情况 groups milestones under these headings, in this order
MILESTONE_HEADINGS = {
    "done": N_("Completed"),
    "done_late": N_("Completed late"),
    "overdue": N_("Overdue, not completed"),
    "open": N_("In progress"),
}
CATEGORY_WORDS = {
    "achieved": N_("achieved"),
    "on_track": N_("on track"),
    "accelerate": N_("needs to accelerate"),
    "limited": N_("limited progress"),
    "deteriorating": N_("deteriorating"),
    "insufficient_data": N_("insufficient data"),
}


def sep() -> str:
    return "，" if language() == "zh" else ", "


def stop() -> str:
    return "。" if language() == "zh" else "."


def number(x: Fraction, places: int) -> str:
    """`x` with `places` decimals, more when rounding would show a non-zero change as 0."""
    if x != 0 and round_half_up(x, places) == 0:
        places = min(terminating_places(x, 6) or 6, 6)
    return fmt(x, places)


def amount(x: Fraction, unit: str, places: int) -> str:
    """`86家`, `2.58%`; in English `86 家` (units are the plan's own words)."""
    text = number(x, places)
    return text + unit if language() == "zh" or unit == "%" else f"{text} {unit}"


def points(x: Fraction, places: int) -> str:
    return _("{x} pp").format(x=number(x, places))


def points_size(x: Fraction, places: int) -> str:
    """The size of a ratio's change or gap in percentage points, with the ratio's own decimals
    (`fmt_points`): 比上年下降0.07个百分点 beside 2.62% and 2.69%."""
    return fmt_points(abs(x), places, sign=False)


def size(x: Fraction, places: int) -> str:
    """The size of a change or a gap, unsigned, with the digits the tables give it (`change_places`):
    a gap of 1.4亿元 is `1.4` in the sentence as in the table's `-1.4`."""
    return fmt(abs(x), change_places(x, places))


def goal_places(row: Any) -> int:
    """The decimals of a row's threshold as every table prints it (views.words.goal_places)."""
    from sciplan.views.words import goal_places as places

    t = row.target
    if t is None or t.value is None or t.op is None:
        return row.decimals
    return places(t.value, t.op, row.actual, row.shown.get("attainment", ""), row.decimals)


_PERIOD = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:\.\.(\d{4})-(\d{2})(?:-(\d{2}))?)?")


def period_words(text: str | None) -> str | None:
    """What a figure covers, as the summaries write it, from a row's `period` (`2022-01..2022-09`):
    `2022年1–9月` (a flow from January), `2022年9月末` (a stock or ratio at a month's end), `2022年`."""
    m = _PERIOD.fullmatch(text or "")
    if m is None:
        return None
    year, month, day, _to_year, to_month, to_day = m.groups()
    if month is None:
        return _("{year} (whole year)").format(year=year)
    if to_month is not None:  # a flow: January to a month's (or a day's) end
        end = int(to_month)
        if to_day is not None:
            return _("1 January–{day} {month} {year}").format(day=int(to_day), month=_(MONTHS[end - 1]), year=year)
        if end == 1:
            return _("January {year}").format(year=year)
        return _("January–{month} {year}").format(month=_(MONTHS[end - 1]), year=year)
    at = int(month)
    if day is not None:
        return _("{day} {month} {year}").format(day=int(day), month=_(MONTHS[at - 1]), year=year)
    return _("end of {month} {year}").format(month=_(MONTHS[at - 1]), year=year)


def partial_period(row: Any) -> str | None:
    """`period_words` for a figure of part of a year, None for a whole year's."""
    if row.period is None or "-" not in row.period:
        return None
    return period_words(row.period)


def period(facts: Facts) -> str | None:
    """`1–9月` for an open year reported to a month's end; None for a whole year."""
    if facts.month is None:
        return None
    return _("January–{month}").format(month=_(MONTHS[facts.month - 1]))


def whole_year(facts: Facts) -> bool:
    return facts.final or (facts.as_of is not None and (facts.as_of.month, facts.as_of.day) == (12, 31))


def actual_words(row: Any) -> str:
    """`86家`; an approximate figure with the word the file used: `近500套`, `500余套`, `约500套`
    (in English: nearly / over / about)."""
    text = amount(row.actual, row.unit, row.decimals)
    word = getattr(row, "approximate_word", "") or ("≈" if row.approximate else "")
    if not word:
        return text
    if language() == "zh":
        return with_word(number(row.actual, row.decimals), word, row.unit)
    side_of = side(word)
    if side_of < 0:
        return _("nearly {amount}").format(amount=text)
    if side_of > 0:
        return _("over {amount}").format(amount=text)
    return _("about {amount}").format(amount=text)


def lead(row: Any, facts: Facts) -> str:
    """How the summary opens an indicator: 全年新认定…86家 / …达227家 / …预计达2.58% / 1–9月…."""
    actual = actual_words(row)
    when = period(facts)
    if row.estimated:
        text = _("{name} is estimated at {actual}").format(name=row.name, actual=actual)
    elif row.kind == "flow" and whole_year(facts):
        text = _("{name} for the year: {actual}").format(name=row.name, actual=actual)
    elif row.kind == "flow":
        text = _("{name}: {actual}").format(name=row.name, actual=actual)
    else:
        text = _("{name} reached {actual}").format(name=row.name, actual=actual)
    own = own_period(row, facts)
    if own is not None and row.kind == "flow":
        return _("{period}, {text}").format(period=own, text=text)
    if own is not None:  # a rank judged at 9月末 in a 1–10月 report (compute.status._latest_ranked_month)
        return _("At the {period}, {text}").format(period=own, text=text)
    if when and row.kind == "flow":
        return _("{period}, {text}").format(period=when, text=text) if language() != "zh" else when + text
    if facts.as_of is not None and not whole_year(facts):
        return _("As of {date}, {text}").format(date=date_words(facts.as_of), text=text)
    return text


def own_period(row: Any, facts: Facts) -> str | None:
    """A row's period in words when it is not the report's own (a figure at 9月末 in a report as of
    31 October), else None."""
    if row.period is None or facts.as_of is None or whole_year(facts):
        return None
    from sciplan.compute.periods import Period

    return None if row.period == Period(facts.year, facts.as_of).text(row.kind) else partial_period(row)


def date_words(d: Any) -> str:
    return _("{day} {month} {year}").format(day=d.day, month=_(MONTHS[d.month - 1]), year=d.year)


def against_target(row: Any, facts: Facts) -> list[str]:
    """完成年度目标的172.0% / 低于目标0.32个百分点 / 控制在目标以内 / 列第2位 / 与目标持平，未实现突破."""
    t = row.target
    if t is None or t.value is None or row.actual is None:
        return []
    if row.id in facts.rank_targets or (row.rank is not None and row.attainment is None):
        return rank_words(row)  # a rank target (列第N位): a position, never a value
    goal = amount(t.value, row.unit, goal_places(row))
    out = []
    strict = t.op in (">", "<")
    if strict and row.actual == t.value:  # 突破850 met exactly: not beyond it
        if t.op == ">":
            return [_("level with the target of {target}, not beyond it").format(target=goal)]
        return [_("level with the ceiling of {target}, not below it").format(target=goal)]
    if t.op.startswith("<"):  # a ceiling (万元GDP能耗): within it, or over by how much
        if row.status == "met":
            out.append(_("within the target of {target}").format(target=goal))
        else:
            out.append(_("{gap} above the target of {target}").format(gap=_gap(row), target=goal))
        return out
    if row.unit == "%":  # ratios: against the target in percentage points
        if row.gap == 0:
            out.append(_("level with the target"))
        elif row.gap > 0:
            out.append(_("{gap} above the target").format(gap=_gap(row)))
        else:
            out.append(_("{gap} below the target").format(gap=_gap(row)))
        return out
    share = row.shown.get("attainment")
    if row.attainment is not None and share and not (row.pace is not None and row.id in facts.profiled):
        if whole_year(facts):
            out.append(_("{share} of the annual target").format(share=share))
        else:
            out.append(_("{share} of the full-year target").format(share=share))
    if row.status in ("near", "short") and whole_year(facts):
        out.append(short_of(row, goal))
    if row.stretch_met:
        out.append(
            _("reaching the stretch target of {target}").format(
                target=amount(t.stretch, row.unit, 0 if t.stretch.denominator == 1 else row.decimals)
            )
        )
    return out


def short_of(row: Any, goal: str) -> str:
    """距目标150家还差22家. A strict target (超260家) is met only beyond it: a count needs one more than
    the gap to its level (258 of 超260家: 距突破260家还差3家, 261 − 258 = 3); a continuous figure
    (亿元) says it must be exceeded (距目标850亿元还差2.00亿元，且须超过850亿元)."""
    from sciplan.core.numbers import COUNT_UNITS

    t = row.target
    if t.op == ">":
        if row.unit.strip() in COUNT_UNITS and t.value.denominator == 1 and row.actual.denominator == 1:
            need = t.value + 1 - row.actual
            return _("{gap} short of exceeding {target}").format(gap=amount(need, row.unit, 0), target=goal)
        return _("{gap} short of the target of {target}, which must be exceeded").format(gap=_gap(row), target=goal)
    return _("{gap} short of the target of {target}").format(gap=_gap(row), target=goal)


def rank_words(row: Any) -> list[str]:
    """A rank target in words: 目标为前1位，列第2位（共5个地区）; never a value."""
    goal = row.shown.get("target.text", "")
    if row.rank is None:
        return [_("target: {target}; no rank yet").format(target=goal)]
    return [
        _("ranked {position} of {of} against a target of {target}").format(
            position=row.rank.position, of=row.rank.of, target=goal
        )
    ]


def _gap(row: Any) -> str:
    """The gap to the target with the digits the tables give it."""
    if row.unit == "%":
        return _("{x} pp").format(x=points_size(row.gap, row.decimals))
    text = size(row.gap, row.decimals)
    return text + row.unit if language() == "zh" else f"{text} {row.unit}"


def change(row: Any) -> str | None:
    """同比增长23.0% / 同比下降1.4% / 比上年提高0.15个百分点 / 与上年持平."""
    if row.yoy is None:
        return None
    y = row.yoy
    base = _base(row)
    if y == 0:
        return _(_UNCHANGED[base])
    if row.yoy_unit == "pp":
        up, down = _POINTS[base]
        return _(up if y > 0 else down).format(x=points_size(y, row.decimals))
    up, down = _PERCENT[base]
    return _(up if y > 0 else down).format(x=size(y, 1))


def _base(row: Any) -> str:
    """What the 同比 of a row compares with, as the sentence must name it: `year` (a whole year with
    last year's), `same` (1–N月 or N月末 with last year's same period: 比上年同期) or `end` (a level
    in a year under way with last year's year-end level: 比上年末)."""
    period, before = row.period or "", row.previous_period or ""
    if not period or period.isdigit():
        return "year"
    return "end" if before.isdigit() else "same"


_UNCHANGED = {
    "year": N_("unchanged on last year"),
    "same": N_("unchanged on the same period last year"),
    "end": N_("unchanged since last year's end"),
}
_POINTS = {
    "year": (N_("up {x} pp on last year"), N_("down {x} pp on last year")),
    "same": (N_("up {x} pp on the same period last year"), N_("down {x} pp on the same period last year")),
    "end": (N_("up {x} pp since last year's end"), N_("down {x} pp since last year's end")),
}
_PERCENT = {
    "year": (N_("up {x}% year on year"), N_("down {x}% year on year")),
    "same": (N_("up {x}% year on year"), N_("down {x}% year on year")),
    "end": (N_("up {x}% since last year's end"), N_("down {x}% since last year's end")),
}


def pace_words(row: Any, facts: Facts) -> str | None:
    """低于序时进度40.0个百分点 (completion of the target against the share of the year gone); for an
    indicator with a `profile`, the share its schedule expects by now, named as such:
    按全年进度安排，9月末应完成15.0%，实际完成18.0%，高于进度3.0个百分点."""
    if row.pace is None:
        return None
    tail = pace_gap_words(row, facts)
    if row.id in facts.profiled and facts.as_of is not None:
        d = facts.as_of
        when = (
            _("end of {month}").format(month=_(MONTHS[d.month - 1]))
            if d == _month_end(d)
            else _("{day} {month}").format(day=d.day, month=_(MONTHS[d.month - 1]))
        )
        head = _("by the year's schedule, {expected}% was due by {when}, {completion}% is done").format(
            expected=fmt(row.pace.expected, 1), when=when, completion=row.shown.get("attainment", "").rstrip("%")
        )
        return head + sep() + tail
    return tail


def pace_gap_words(row: Any, facts: Facts, profiled: bool | None = None) -> str:
    """The pace gap alone, against what it is measured by: 低于进度10.0个百分点 (the indicator's
    schedule, `profile`) / 低于序时进度10.0个百分点 / 与序时进度持平; a 板块's clause says this much."""
    g = row.pace.gap
    x = fmt_pace(abs(g), sign=False)  # the table's digits: 高于序时进度0.8个百分点 beside `正常 +0.8个百分点`
    if profiled is None:
        profiled = row.id in facts.profiled
    if profiled and facts.as_of is not None:
        if g == 0:
            return _("level with the schedule")
        return (_("{x} pp ahead of the schedule") if g > 0 else _("{x} pp behind the schedule")).format(x=x)
    if g == 0:
        return _("level with 序时进度")
    return (_("{x} pp ahead of 序时进度") if g > 0 else _("{x} pp behind 序时进度")).format(x=x)


def _month_end(d: Any) -> Any:
    from sciplan.core.dates import month_end

    return month_end(d.year, d.month)


def indicator_sentence(row: Any, facts: Facts) -> str:
    """One sentence per targeted indicator, in the summary's own style."""
    if row.actual is None:
        if row.status == "missing":
            return _("{name}: no figure reported for the year").format(name=row.name) + stop()
        if row.status == "unknown":
            return _("{name}: the target cannot be judged yet").format(name=row.name) + stop()
        if row.id in facts.earlier:  # 全社会研发经费投入强度2024年1–10月数据尚未报送，2024年1–9月为2.45%
            now, before, value = facts.earlier[row.id]
            words = _("{name}: no {period} figure yet; {earlier}: {value}")
            return (
                words.format(name=row.name, period=period_words(now), earlier=period_words(before), value=value)
                + stop()
            )
        return _("{name}: not reported yet").format(name=row.name) + stop()
    parts = [lead(row, facts), *against_target(row, facts)]
    for extra in (pace_words(row, facts), change(row)):
        if extra:
            parts.append(extra)
    return sep().join(parts) + stop()


def marks_as_symbols(text: str) -> str:
    """`>= 330` as a 公文 writes it: `≥ 330` (never the ASCII `>=`)."""
    for ascii_, symbol in ((">=", "≥"), ("<=", "≤"), ("!=", "≠")):
        text = text.replace(ascii_, symbol)
    return text


def draft_note() -> str:
    """The draft mark over 三、: it names no tool (a 科长 may receive the draft unedited)."""
    return _("Drafted automatically from the data: every figure is from the data files; check and edit before use.")
