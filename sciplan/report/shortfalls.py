"""三、存在的短板和不足: drafted from the facts, worst first, each sentence with its figures.

Order (the summaries lead with what the city's assessment weighs most): the R&D intensity gap
when it is short; then targets short (worst attainment first) or red on pace; figures missing in
a final year; milestones overdue and not done (the oldest deadline first); targets near or yellow
on pace; plan indicators deteriorating, then limited, then needing to accelerate (furthest behind
first); ranks and growth behind peer regions (README says this order). An indicator short this year
is one item: its plan warning (按…需年均提高0.22个百分点，实际年均提高0.12个百分点，进展有限) and its
rank and slower growth among the peers join it. Each item names the 科室 that answers for it
(`owner:`), and a list of regions is written as a 公文 writes one (A、B和C). Nothing is invented:
a sentence states only figures of the data.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from sciplan.core.i18n import _, language
from sciplan.core.numbers import change_places, fmt
from sciplan.report.digits import RATE_PLACES, indicator_places, rate_places, threshold_places
from sciplan.report.prose import (
    CATEGORY_WORDS,
    against_target,
    amount,
    lead,
    number,
    pace_words,
    points_size,
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
    targets: dict[str, tuple[tuple, list[str]]] = {}  # a target's item: its key and its clauses
    for row in facts.targeted:
        key = _severity(row, facts)
        if key is not None:
            targets[row.id] = (key, [_target_sentence(row, facts)])
    for m in facts.milestones:
        if m.status == "overdue":
            ranked.append(((2, 1, m.milestone.due.toordinal()), _milestone_sentence(m)))
    plan_order = {"deteriorating": 0, "limited": 1, "accelerate": 2}
    for p in facts.plans:
        for prow in p.rows:
            if prow.category not in plan_order:
                continue
            if prow.indicator.id in targets:  # short this year too: the plan's warning joins its item
                targets[prow.indicator.id][1].append(plan_clause(p, prow))
                continue
            behind = float((prow.progress or 0) - (prow.expected or 0))
            ranked.append(((4, plan_order[prow.category], behind), _plan_sentence(p, prow, facts)))
    # a rank target met this year (列全市第二, and second): its place behind the first is no 短板
    rank_met = {row.id for row in facts.targeted if row.id in facts.rank_targets and row.status == "met"}
    for c in facts.comparisons:
        if c.indicator.id in targets:  # short this year too: its rank and slower growth join its item
            rank_said = c.indicator.id in facts.rank_targets  # 列第2位，目标为第1位 says the rank
            targets[c.indicator.id][1].extend(_peer_clauses(c, with_rank=not rank_said, named=True))
            continue
        text = _peer_sentence(c, facts.owners.get(c.indicator.id), with_rank=c.indicator.id not in rank_met)
        if text:
            ranked.append(((5, 0, 0.0), text))
    joiner = "；" if language() == "zh" else "; "
    for ident, (key, clauses) in targets.items():
        ranked.append((key, owned(joiner.join(clauses), facts.owners.get(ident))))
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
    """The item's first clause, without its 科室 and full stop (a plan's warning may follow)."""
    if row.actual is None:
        return _("{name}: no figure reported for the year").format(name=row.name)
    parts = [lead(row, facts), *against_target(row, facts)]
    words = pace_words(row, facts)
    if words:
        parts.append(words)
    growth = _growth(row, facts)
    if growth:
        parts.append(growth)
    return sep().join(parts)


def plan_clause(p: PlanProgress, row: PlanRow) -> str:
    """A plan's warning on an item already short this year: 按科技创新三年行动计划（2023—2025）需年均
    提高0.22个百分点，实际年均提高0.12个百分点，进展有限 (the rates with section 四's digits)."""
    places = indicator_places(row.indicator)
    return _("{plan} requires {required} a year; {observed} a year so far, {category}").format(
        plan=p.plan.name,
        required=rate_words(row.required_rate, row.rate_unit, places),
        observed=rate_words(row.observed_rate, row.rate_unit, places),
        category=_(CATEGORY_WORDS[row.category]),
    )


def rate_words(x: Fraction | None, unit: str, places: int) -> str:
    """提高0.22个百分点 / 下降0.10个百分点 / 增长26.0% / 下降3.2%: a rate as words, section 四's digits."""
    if x is None:
        return "—"
    if unit.strip() == "pp":
        size = _("{x} pp").format(x=points_size(x, places))
        return (_("a rise of {x}") if x >= 0 else _("a fall of {x}")).format(x=size)
    size = fmt(abs(x), change_places(x, RATE_PLACES)) + "%"
    return (_("growth of {x}") if x >= 0 else _("a decline of {x}")).format(x=size)


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
    words = _("growth {achieved}%, target {goal}%, {gap} pp lower")
    if achieved < 0:  # 下降12.1%，never 增长-12.1%
        words = _("a decline of {achieved}% against a target of {goal}% growth, {gap} pp lower")
    return words.format(achieved=number(abs(achieved), 1), goal=number(goal, 1), gap=number(goal - achieved, 1))


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


def _peer_sentence(c: Comparison, owner: str | None = None, *, with_rank: bool = True) -> str | None:
    """Behind peer regions: a rank after the first, or a slower growth (近3年…年均增长…，低于…), with the
    科室 that answers for the indicator; the growth after a rank without the name again
    (…列第2位，落后于剑阁县；比上年增长23.5%，低于…)."""
    parts = _peer_clauses(c, with_rank=with_rank, named=False)
    if not parts:
        return None
    text = ("；" if language() == "zh" else "; ").join(parts)
    return owned(text[0].upper() + text[1:] if language() == "en" else text, owner)


def _peer_clauses(c: Comparison, *, with_rank: bool, named: bool) -> list[str]:
    """The rank behind peers (`with_rank`) and the slower growth, the indicator named once at most
    (`named`: the item named it already): 在3个地区中列第2位，落后于兴化市 / 比上年增长13.7%，低于…."""
    own = next((r for r in c.rows if r.self), None)
    if own is None:
        return []
    ind = c.indicator
    parts: list[str] = []
    ranked = [r for r in c.rows if r.rank is not None]
    if with_rank and own.rank is not None and own.rank > 1:
        ahead = [r.region for r in ranked if r.rank is not None and r.rank < own.rank]
        parts.append(
            _("{name} ranks {position} of {of}, behind {regions}").format(
                name=_subject(ind.name, named), position=own.rank, of=len(ranked), regions=listed(ahead)
            )
        )
    # the sentence `compare` prints (one copy), with the report's digits for a rate: 比上年增长14.8%
    places = rate_places(c.rate_unit, indicator_places(ind))
    growth = comparison_sentence(c, behind_only=True, places=places, name=_subject(ind.name, named or bool(parts)))
    if growth is not None:
        named_before = named or len(parts) > 0
        parts.append(growth[0].lower() + growth[1:] if named_before and language() == "en" else growth)
    return parts


def _subject(name: str, named: bool) -> str:
    """The indicator's name, or nothing (in English `it`) when the sentence has named it already."""
    if not named:
        return name
    return "" if language() == "zh" else "it"
