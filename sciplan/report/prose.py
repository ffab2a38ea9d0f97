"""The report's sentences, written as a year-end summary (年度工作总结) writes them.

"全年新认定国家高新技术企业86家，完成年度目标的172.0%，同比增长23.0%";
"全社会研发经费投入强度预计达2.58%，低于目标0.32个百分点";
"1–9月技术合同成交额5.60亿元，完成全年目标的35.0%，低于序时进度40.0个百分点".

Every number comes from a view row, shown with the row's decimals (at least enough to tell it
from zero), without thousands separators (7840万元), as the summaries write them.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from sciplan.core.i18n import N_, _, language
from sciplan.views.display import fmt, fmt_share, round_half_up, terminating_places

if TYPE_CHECKING:
    from sciplan.report.facts import Facts

MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
          N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))  # fmt: skip
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


def period(facts: Facts) -> str | None:
    """`1–9月` for an open year reported to a month's end; None for a whole year."""
    if facts.month is None:
        return None
    return _("January–{month}").format(month=_(MONTHS[facts.month - 1]))


def whole_year(facts: Facts) -> bool:
    return facts.final or (facts.as_of is not None and (facts.as_of.month, facts.as_of.day) == (12, 31))


def actual_words(row: Any) -> str:
    text = amount(row.actual, row.unit, row.decimals)
    return _("about {amount}").format(amount=text) if row.approximate else text


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
    if when and row.kind == "flow":
        return _("{period}, {text}").format(period=when, text=text) if language() != "zh" else when + text
    if facts.as_of is not None and not whole_year(facts):
        return _("As of {date}, {text}").format(date=date_words(facts.as_of), text=text)
    return text


def date_words(d: Any) -> str:
    return _("{day} {month} {year}").format(day=d.day, month=_(MONTHS[d.month - 1]), year=d.year)


def against_target(row: Any, facts: Facts) -> list[str]:
    """完成年度目标的172.0% / 低于目标0.32个百分点 / 控制在目标以内 / 列第2位."""
    t = row.target
    if t is None or t.value is None or row.actual is None:
        return []
    if row.rank is not None and row.attainment is None:  # a rank target (列第N位): no attainment
        return [
            _("ranked {position} of {of} against a target of {target}").format(
                position=row.rank.position, of=row.rank.of, target=row.shown["target.text"]
            )
        ]
    goal = amount(t.value, row.unit, row.decimals)
    out = []
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
    if row.attainment is not None:
        share = fmt_share(row.attainment)
        if whole_year(facts):
            out.append(_("{share} of the annual target").format(share=share))
        else:
            out.append(_("{share} of the full-year target").format(share=share))
    if row.status in ("near", "short") and whole_year(facts):
        out.append(_("{gap} short of the target of {target}").format(gap=_gap(row), target=goal))
    if row.stretch_met:
        out.append(
            _("reaching the stretch target of {target}").format(target=amount(t.stretch, row.unit, row.decimals))
        )
    return out


def _gap(row: Any) -> str:
    if row.unit == "%":
        return points(abs(row.gap), row.decimals)
    return amount(abs(row.gap), row.unit, row.decimals)


def change(row: Any) -> str | None:
    """同比增长23.0% / 同比下降1.4% / 比上年提高0.15个百分点 / 与上年持平."""
    if row.yoy is None:
        return None
    y = row.yoy
    if y == 0:
        return _("unchanged on last year")
    if row.yoy_unit == "pp":
        x = number(abs(y), row.decimals)
        return (_("up {x} pp on last year") if y > 0 else _("down {x} pp on last year")).format(x=x)
    x = number(abs(y), 1)
    return (_("up {x}% year on year") if y > 0 else _("down {x}% year on year")).format(x=x)


def pace_words(row: Any) -> str | None:
    """低于序时进度40.0个百分点 (completion of the target against the share of the year gone)."""
    if row.pace is None:
        return None
    g = row.pace.gap
    if g == 0:
        return _("level with 序时进度")
    x = number(abs(g), 1)
    return (_("{x} pp ahead of 序时进度") if g > 0 else _("{x} pp behind 序时进度")).format(x=x)


def indicator_sentence(row: Any, facts: Facts) -> str:
    """One sentence per targeted indicator, in the summary's own style."""
    if row.actual is None:
        if row.status == "missing":
            return _("{name}: no figure reported for the year").format(name=row.name) + stop()
        if row.status == "unknown":
            return _("{name}: the target cannot be judged yet").format(name=row.name) + stop()
        return _("{name}: not reported yet").format(name=row.name) + stop()
    parts = [lead(row, facts), *against_target(row, facts)]
    for extra in (pace_words(row), change(row)):
        if extra:
            parts.append(extra)
    return sep().join(parts) + stop()


def draft_note() -> str:
    return _("Drafted by sciplan from the data: every figure is from the data files; check and edit before use.")
