"""三、存在的短板和不足: drafted from the facts, worst first, each sentence with its figures.

Order (the summaries lead with what the city's assessment weighs most): the R&D intensity gap
when it is short; then targets short (worst attainment first) or red on pace; figures missing in
a final year; milestones overdue and not done (the oldest deadline first); targets near or yellow
on pace; plan indicators deteriorating, then limited, then needing to accelerate (furthest behind
first); ranks and growth behind peer regions. Each item names the 科室 that answers for it
(`owner:`), and a list of regions is written as a 公文 writes one (A、B和C). Nothing is invented:
a sentence states only figures of the data.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from sciplan.core.i18n import _, language
from sciplan.core.numbers import fmt
from sciplan.report.digits import indicator_places, rate_places, threshold_places
from sciplan.report.prose import (
    CATEGORY_WORDS,
    against_target,
    amount,
    lead,
    number,
    pace_words,
    sep,
    stop,
    whole_year,
)
from sciplan.views.sentences import comparison_sentence, listed

if TYPE_CHECKING:
    from sciplan.compute.peers import Comparison
    from sciplan.compute.plans import PlanProgress, PlanRow
    from sciplan.report.facts import Facts

RD_INTENSITY = "rd_intensity"


def is_rd_intensity(row: Any) -> bool:
    return row.id == RD_INTENSITY or "研发经费投入强度" in row.name


def shortfalls(facts: Facts) -> list[str]:
    ranked: list[tuple[tuple, str]] = []
    seen: set[str] = set()
    for row in facts.targeted:
        key = _severity(row, facts)
        if key is None:
            continue
        seen.add(row.id)
        ranked.append((key, _target_sentence(row, facts)))
    for m in facts.milestones:
        if m.status == "overdue":
            ranked.append(((2, 1, m.milestone.due.toordinal()), _milestone_sentence(m)))
    plan_order = {"deteriorating": 0, "limited": 1, "accelerate": 2}
    for p in facts.plans:
        for prow in p.rows:
            if prow.category in plan_order and prow.indicator.id not in seen:
                behind = float((prow.progress or 0) - (prow.expected or 0))
                ranked.append(((4, plan_order[prow.category], behind), _plan_sentence(p, prow, facts)))
    for c in facts.comparisons:
        text = _peer_sentence(c, ranked_already=c.indicator.id in seen)
        if text:
            ranked.append(((5, 0, 0.0), text))
    ranked.sort(key=lambda item: item[0])
    return [text for _key, text in ranked]


def _severity(row: Any, facts: Facts) -> tuple | None:
    """The sort key of a target's problem, or None when it has none worth a sentence."""
    light = row.pace.light if row.pace else None
    weak = row.status in ("short", "near")
    if row.status == "missing":
        return (2, 0, 0.0)
    if not whole_year(facts) and row.pace is not None:  # a flow under way: judged by its pace
        if light == "green":
            return None
        group = 1 if light == "red" else 3
        return (0 if is_rd_intensity(row) else group, 0, float(row.pace.gap))
    if not weak:
        return None
    attainment = float(row.attainment) if row.attainment is not None else 0.0
    if is_rd_intensity(row):
        return (0, 0, attainment)
    return (1 if row.status == "short" else 3, 0, attainment)


def owned(text: str, owner: str | None) -> str:
    """A shortfall with the 科室 that answers for it: `…，低于序时进度40.0个百分点（责任单位：成果转化科）。`"""
    if not owner:
        return text + stop()
    open_, close = ("（", "）") if language() == "zh" else (" (", ")")
    return text + open_ + _("owner: {owner}").format(owner=owner) + close + stop()


def _target_sentence(row: Any, facts: Facts) -> str:
    owner = facts.owners.get(row.id)
    if row.actual is None:
        return owned(_("{name}: no figure reported for the year").format(name=row.name), owner)
    parts = [lead(row, facts), *against_target(row, facts)]
    words = pace_words(row, facts)
    if words:
        parts.append(words)
    growth = _growth(row, facts)
    if growth:
        parts.append(growth)
    return owned(sep().join(parts), owner)


def _milestone_sentence(m: Any) -> str:
    """建成高新技术企业培育云平台逾期未完成（完成时限：2022年6月；责任单位：高新技术科）。"""
    from sciplan.views.words import due_text

    ms = m.milestone
    facts = [_("due {due}").format(due=due_text(ms.due_text))]
    if ms.owner:
        facts.append(_("owner: {owner}").format(owner=ms.owner))
    open_, close, joiner = ("（", "）", "；") if language() == "zh" else (" (", ")", "; ")
    return _("{task}: overdue, not done").format(task=ms.task) + open_ + joiner.join(facts) + close + stop()


def _growth(row: Any, facts: Facts) -> str | None:
    """Growth against a growth target, in points: 增长10.0%，目标15%，低5.0个百分点."""
    t = row.target
    if t is None or row.previous is None or row.actual is None or not whole_year(facts):
        return None
    text = t.text.strip()
    if not (text.startswith("+") and text.endswith("%")) or row.unit == "%" or row.previous <= 0:
        return None
    goal = Fraction(text[1:-1])
    achieved = (row.actual / row.previous - 1) * 100
    if achieved >= goal:
        return None
    return _("growth {achieved}%, target {goal}%, {gap} pp lower").format(
        achieved=number(achieved, 1), goal=number(goal, 1), gap=number(goal - achieved, 1)
    )


def _plan_sentence(p: PlanProgress, row: PlanRow, facts_: Facts | None = None) -> str:
    ind = row.indicator
    places = indicator_places(ind)  # the digits of table 1 and section 四: 46.80%, never 46.8%
    facts = []
    if row.baseline_value is not None:
        facts.append(
            _("baseline ({year}) {value}").format(
                year=p.plan.baseline, value=amount(row.baseline_value, ind.unit, places)
            )
        )
    if row.latest_value is not None and row.latest_year is not None:
        facts.append(
            _("{year}: {value}").format(year=row.latest_year, value=amount(row.latest_value, ind.unit, places))
        )
    if row.resolved is not None and row.resolved.value is not None:
        goal = row.resolved.value
        goal_at = threshold_places(goal, row.resolved.op, places, ind.unit)  # 目标900亿元, 目标3.00%: as section 四
        facts.append(_("target {value}").format(value=amount(goal, ind.unit, goal_at)))
    if row.progress is not None and row.expected is not None:
        facts.append(
            _("{progress}% progress, {expected}% time elapsed").format(
                progress=fmt(row.progress, 1), expected=fmt(row.expected, 1)
            )
        )
    head = _("{plan}: {name} — {category}").format(
        plan=p.plan.name, name=ind.name, category=_(CATEGORY_WORDS[row.category])
    )
    return owned(head + _(": ") + sep().join(facts), facts_.owners.get(ind.id) if facts_ else None)


def _peer_sentence(c: Comparison, *, ranked_already: bool = False) -> str | None:
    """Behind peer regions: a rank after the first, or a slower growth (近3年…年均增长…，低于…)."""
    own = next((r for r in c.rows if r.self), None)
    if own is None:
        return None
    ind = c.indicator
    parts = []
    ranked = [r for r in c.rows if r.rank is not None]
    if own.rank is not None and own.rank > 1 and not ranked_already:
        ahead = [r.region for r in ranked if r.rank is not None and r.rank < own.rank]
        parts.append(
            _("{name} ranks {position} of {of}, behind {regions}").format(
                name=ind.name, position=own.rank, of=len(ranked), regions=listed(ahead)
            )
        )
    # the sentence `compare` prints (one copy), with the report's digits for a rate: 比上年增长14.8%
    growth = comparison_sentence(c, behind_only=True, places=rate_places(c.rate_unit, indicator_places(ind)))
    if growth is not None:
        parts.append(growth[0].lower() + growth[1:] if parts and language() == "en" else growth)
    if not parts:
        return None
    text = sep().join(parts)
    return (text[0].upper() + text[1:] if language() == "en" else text) + stop()
