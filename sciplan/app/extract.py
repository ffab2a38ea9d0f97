"""From a plan's paragraphs to proposals: the plan part, its sentences and clauses, the targets and
milestones they set, and every clause with a number that was not understood (never dropped).

A target is read by the target language itself (validate/targets.py reads a plan's sentences), so what
`extract` proposes is exactly what `check` will accept.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, NamedTuple

from sciplan.app.clauses import (
    LEAD_ORDINAL,
    cleaned,
    direction_of,
    guess_unit,
    kind_of,
    match_indicator,
    name_of,
    new_id,
    subject_of,
    tail_of,
    written_unit,
)
from sciplan.app.hindsight import PLAN_WORDS, led_by_past, looks_back, names_the_plan_year, why_past
from sciplan.core.chars import escaped_controls
from sciplan.core.i18n import _, language
from sciplan.core.problem import BadValue, UsageError
from sciplan.core.records import Indicator, Target
from sciplan.load.documents import Paragraph
from sciplan.validate import phrasings, wording
from sciplan.validate.targets import parse_target


class TargetProposal(NamedTuple):
    clause: str  # as the plan writes it
    sentence: str  # the whole sentence: the subject often stands in an earlier clause
    target: str  # in sciplan's forms
    indicator: str | None  # an indicator of targets.yaml it matches
    new: dict[str, Any] | None  # else a proposed new indicator: id, name, unit, kind (direction when down)
    accept: bool = True
    how: tuple[tuple[str, str], ...] = ()  # the rows of the phrasing table that read it, and what each matched
    note: str = ""  # why it is not accepted, when the review should say (read in a review of the past)


class MilestoneProposal(NamedTuple):
    clause: str
    id: str
    task: str
    due: str  # 2022Q1, 2022-06
    accept: bool = True
    note: str = ""


class Unread(NamedTuple):
    clause: str
    why: str


class Proposals(NamedTuple):
    part: str  # the heading of the plan part read ("" for the whole text)
    year: int
    targets: list[TargetProposal]
    milestones: list[MilestoneProposal]
    unread: list[Unread]
    title: str = ""  # the title of a document that is the plan alone (2025年工作要点): what it is cited as


# ---- the plan part ----------------------------------------------------------------------------


def plan_part(paragraphs: list[Paragraph], heading: str | None) -> tuple[str, list[Paragraph]]:
    """The part after `heading` (else the part titled 工作思路 / 工作要点 / 目标任务 / 主要目标, else the
    whole text), up to the next heading of the same or a higher level."""
    start = None
    if heading:
        wanted = re.sub(r"\s+", "", heading)
        matches = [i for i, p in enumerate(paragraphs) if wanted in re.sub(r"\s+", "", p.text)]
        headed = [i for i in matches if paragraphs[i].level is not None or len(paragraphs[i].text) <= 40]
        if not matches:
            raise UsageError(
                _("no paragraph of the document holds the heading {heading!r}").format(heading=heading),
                code="heading-not-found",
                heading=heading,
            )
        start = (headed or matches)[-1]
    elif _whole_plan(paragraphs):
        return paragraphs[0].text, paragraphs[1:]
    else:
        titled = [i for i, p in enumerate(paragraphs) if len(p.text) <= 40 and any(w in p.text for w in PLAN_WORDS)]
        headed = [i for i in titled if paragraphs[i].level is not None]
        # the last such heading: a title (总结及工作思路) comes before the part itself
        found = headed or titled
        start = found[-1] if found else None
    if start is None or (start == 0 and paragraphs[0].level is None):  # only the title names the plan
        heading_found, part = _inline_part(paragraphs[1:] if start == 0 else paragraphs)
        if heading_found or start is None:
            return heading_found, part if heading_found else paragraphs
    level = paragraphs[start].level
    part = []
    for p in paragraphs[start + 1 :]:
        if level is not None and p.level is not None and p.level <= level:
            break
        part.append(p)
    return paragraphs[start].text, part


_INLINE_HEADING = re.compile(rf"[一二三四五六七八九十]+、[^，。,；;]{{0,12}}?(?:{'|'.join(PLAN_WORDS)})")


def _inline_part(paragraphs: list[Paragraph]) -> tuple[str, list[Paragraph]]:
    """A heading run into its paragraph (`…不足。三、工作计划xxxx年,…`, as text copied from a web page has
    it): the part is what follows it; else the whole text."""
    for i, p in enumerate(paragraphs):
        found = list(_INLINE_HEADING.finditer(p.text))
        if found:
            m = found[-1]
            return m.group(), [Paragraph(p.text[m.end() :]), *paragraphs[i + 1 :]]
    return "", paragraphs


def _whole_plan(paragraphs: list[Paragraph]) -> bool:
    """A document titled as a plan alone (2025年工作要点, not 工作总结及工作思路) is the plan from its title on."""
    title = paragraphs[0].text if paragraphs else ""
    return len(title) <= 60 and any(w in title for w in PLAN_WORDS) and "总结" not in title


def year_of(heading: str, document: list[Paragraph], part: list[Paragraph], given: int | None) -> int:
    """--year, else the year the part's heading names, else the latest year of the document's title
    (2022年工作总结及2023年工作思路 is a plan for 2023), else the first paragraphs of the part."""
    if given is not None:
        return given
    if m := re.search(r"(20\d{2})年", heading):
        return int(m.group(1))
    for texts in ([p.text[:80] for p in document[:2]], [p.text for p in part[:2]]):
        years = [int(y) for text in texts for y in re.findall(r"(20\d{2})年", text)]
        if years:
            return max(years)
    raise UsageError(_("the plan names no year (2023年); say which year it is for"), code="plan-no-year")


# ---- sentences and clauses --------------------------------------------------------------------

CONTEXT = 16  # clauses before one that can lend it a cue or a subject; a real plan's sentence has far fewer

_SENTENCE = re.compile(r"[^。！？；;!?]+[。！？；;!?]?")
_CLAUSE = re.compile(r"[^，,：:]+")
_PLACEHOLDER = re.compile(r"(?<![A-Za-z])[xX]{1,5}(?:\.[xX]+)?(?![A-Za-z])")
_CUE = re.compile(
    r"以上|以内|以下|不少于|不低于|不超过|至少|力争|确保|争取|达到|达|超|突破|纳税过|新增|净增|全年|年内|"
    r"增长|提高|提升|增至|增加到|下降|降低|降至|控制在|\d余|\d多|首季度|季度|上半年|月底前|月末|\d\s*[-~～—至到]\s*\d"
)
# A number a plan counts its own text with, not a target: 以下5个方面, 5大产业, 第3届, 1+3+N.
_NOT_A_TARGET = re.compile(
    r"\d+个方面|以下\d+|\d+大(?:产业|领域|行动|工程|任务|板块)|(?<![国省市区县列居])第\d+[届期批次轮章条项]|\d+\+|\+\d+|\d+项工作|每(?:季度|月|周|半年)"
)
# A verb that sets a figure to reach, just before the object and the number: a target without 以上/力争.
_VERB_CUE = re.compile(
    r"新建|新签约|签约|引进|招引|培育|建成|建立|组织|举办|开展|签订|完成|征集|申报|获批|推动|服务|发放|兑现|认定|入库|"
    r"实现|打造|创建|新增|支持|帮助|带动|争创|选派|选聘|聘请|培训|走访|促成|建设|引育|培养"
)
_RANKED = re.compile(r"(?:全国|全省|全市|全区|全县)(?:第|前)[一二两三四五六七八九十\d]+|第一方阵|第一梯队")
_DOUBLED = re.compile(r"翻[一两二三四]?番")  # a figure in words: 较上年翻一番 (+100%)
# The whole time phrase, so the task keeps none of it: (于)三季度末前, 上半年内, 6月底之前, 年底前.
_BY = r"(?:末|底)?(?:之前|以前|前|内)?"
_DEADLINE = (
    (re.compile(rf"(?:于|在)?(?:首季度|第一季度|一季度){_BY}"), "Q1"),
    (re.compile(rf"(?:于|在)?(?:第二季度|二季度|上半年){_BY}"), "Q2"),
    (re.compile(rf"(?:于|在)?(?:第三季度|三季度){_BY}"), "Q3"),
    (re.compile(rf"(?:于|在)?(?:第四季度|四季度|下半年|年底|年末|年内){_BY}"), "Q4"),
    (re.compile(r"(?:于|在)?(?P<m>1[0-2]|[1-9])月(?:份|底|末)?(?:之前|以前|前)"), "M"),
    (re.compile(r"[xX]{1,2}月(?:份|底|末)?(?:之前|以前|前)"), "X"),
)
_BY_MONTH = re.compile(r"(?:1[0-2]|[1-9])月(?:份|底|末)?(?:之前|以前|前)")
_TASK_VERBS = re.compile(
    r"发布|出台|印发|完成|建成|制定|拟定|举办|办好|召开|启动|组建|开工|投入使用|投用|挂牌|成立|上线|修订|编制"
)


def split(text: str) -> list[tuple[str, list[str]]]:
    """A paragraph as its sentences, each with its clauses."""
    out = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group().strip()
        if not sentence:
            continue
        clauses = []
        for c in _CLAUSE.findall(sentence.rstrip("。！？；;!?")):
            clauses += _pieces(c.strip())
        out.append((sentence, [c for c in clauses if c]))
    return out


def _pieces(clause: str) -> list[str]:
    """新引进国家级人才5名以上、省双创人才8名: two targets joined by 、 (but 确保120家、力争150家 is one)."""
    if "、" not in clause or re.search(r"确保.*、.*力争|、(?:并)?力争", clause):
        return [clause]
    pieces = clause.split("、")
    if len(pieces) > 1 and all(re.search(r"\d", cleaned(p)) for p in pieces):
        return pieces
    return [clause]


def propose(
    paragraphs: list[Paragraph], indicators: dict[str, Indicator], year: int | None, heading: str | None
) -> Proposals:
    part_heading, part = plan_part(paragraphs, heading)
    the_year = year_of(part_heading, paragraphs, part, year)
    targets: list[TargetProposal] = []
    milestones: list[MilestoneProposal] = []
    unread: list[Unread] = []
    used_ids = set(indicators)
    suffixes: dict[str, int] = {}  # new_id's next free number per base
    past: tuple[int, str] | None = None  # the level and heading of a part that reviews the past (工作回顾)
    for paragraph in part:
        if paragraph.level is not None:
            if past is None or paragraph.level <= past[0]:
                past = (paragraph.level, paragraph.text) if looks_back(paragraph.text, the_year) else None
            continue
        for sentence, clauses in split(paragraph.text):
            earlier = led_by_past(sentence, the_year) if past is None else None
            for i, clause in enumerate(clauses):
                if earlier is not None and names_the_plan_year(clause, the_year):  # 2024年…32家，2025年力争40家
                    earlier = None
                counts = (len(targets), len(milestones), len(unread))
                # a clause takes its cue (确保, 力争, a verb) and its subject from the clauses just before it:
                # a window, so a sentence of thousands of clauses costs linear time, not its square
                before = clauses[max(0, i - CONTEXT) : i]
                _one(clause, sentence, before, the_year, indicators, (used_ids, suffixes), targets, milestones, unread)
                if past is not None or earlier is not None:  # last year's results: proposed unaccepted, with why
                    note = why_past(past[1] if past else None, the_year, earlier)
                    targets[counts[0] :] = [t._replace(accept=False, note=note) for t in targets[counts[0] :]]
                    milestones[counts[1] :] = [m._replace(accept=False, note=note) for m in milestones[counts[1] :]]
                    del unread[counts[2] :]  # a figure of the past is no target the review must read by hand
    title = paragraphs[0].text if _whole_plan(paragraphs) else ""
    return Proposals(part_heading, the_year, _one_a_year(targets), milestones, unread, title)


def _one_a_year(targets: list[TargetProposal]) -> list[TargetProposal]:
    """targets.yaml holds one target a year for an indicator: where the plan sets one for part of the year
    and one for the whole (力争首季度…300家，年内…450家以上), the whole year's is proposed, the other not
    accepted (kept in the review, never dropped)."""
    whole = {t.indicator for t in targets if t.indicator is not None and t.accept and not _period(t.target)}
    return [t._replace(accept=False) if t.indicator in whole and _period(t.target) else t for t in targets]


def _period(form: str) -> bool:
    return form[:1] not in "<>=+r0123456789"


def _one(
    clause: str,
    sentence: str,
    before: list[str],
    year: int,
    indicators: dict[str, Indicator],
    ids: tuple[set[str], dict[str, int]],  # ids taken, and new_id's next number per base
    targets: list[TargetProposal],
    milestones: list[MilestoneProposal],
    unread: list[Unread],
) -> None:
    text = cleaned(clause)
    has_number = bool(re.search(r"\d", text))
    placeholder = _PLACEHOLDER.search(text)
    milestone = _milestone(clause, text, year, len(milestones) + 1, has_number)
    if milestone is not None:
        if isinstance(milestone, Unread):
            unread.append(milestone)
        else:
            milestones.append(milestone)
        return
    if placeholder and not has_number:
        if _CUE.search(text):
            unread.append(
                Unread(
                    clause, _("a template placeholder ({x}) where the plan's figure goes").format(x=placeholder.group())
                )
            )
        return
    ranked = _RANKED.search(text) or _DOUBLED.search(text)
    if not has_number and not ranked:
        return
    # 全年开展对接活动20场以上，签订合作协议60项: the sentence's 全年 reaches a clause that ends at its figure
    ends_at_figure = re.search(rf"{wording.NUMBER}(?:余|多)?\D{{0,4}}$", text) is not None and not tail_of(text)
    sentence_cue = ends_at_figure and any(_CUE.search(cleaned(b)) or _VERB_CUE.search(cleaned(b)) for b in before[-1:])
    sentence_cue = sentence_cue or (ends_at_figure and any(_CUE.search(cleaned(b)) for b in before))
    verb_cue = _VERB_CUE.search(subject_of(text)) is not None and bool(written_unit(text))
    if _NOT_A_TARGET.search(text):
        unread.append(Unread(clause, _("a number that counts the plan's own parts (5个方面, 第3届), not a target")))
        return
    if not _CUE.search(text) and not ranked and not sentence_cue and not verb_cue:
        unread.append(Unread(clause, _("a number without target wording (以上, 力争, 达到, 全年…): not proposed")))
        return
    unit = written_unit(text)
    if unit in ("个百分点", "pp"):  # 提高0.2个百分点: a change of a ratio, in %
        unit = "%"
    match = match_indicator(text, sentence, before, indicators, unit)
    if match is None and text != (raw := re.sub(r"\s+", "", clause)):  # a name with a title in it: “苏科贷”发放额
        match = match_indicator(raw, sentence, before, indicators, unit)
    if match is not None:
        ind = indicators[match]
        unit, kind, direction = ind.unit, ind.kind, ind.direction
    else:
        kind, direction = kind_of(text, unit), direction_of(text)
        unit = unit or guess_unit(text)
    try:
        with phrasings.tracing() as trace:
            target = parse_target(text, unit, direction, kind)
    except BadValue as exc:
        unread.append(Unread(clause, exc.message))
        return
    form = target_form(target, unit)
    how = tuple((row.key, matched) for row, matched in trace.read)
    if match is not None:
        floor = targets[-1] if targets else None
        if (  # 35家以上，力争40家: the 力争 clause is the stretch of the floor just before it, one target 35..40
            floor is not None
            and floor.indicator == match
            and floor.sentence == sentence
            and re.match(r"(?:力争|争取)", text)
            and (low := re.fullmatch(r">= (\d+(?:\.\d+)?)", floor.target))
            and (high := re.fullmatch(r">= (\d+(?:\.\d+)?)", form))
            and Decimal(high.group(1)) > Decimal(low.group(1))
        ):
            both = f"{floor.clause}，{clause}"
            targets[-1] = floor._replace(clause=both, target=f"{low.group(1)}..{high.group(1)}", how=floor.how + how)
            return
        targets.append(TargetProposal(clause, sentence, form, match, None, how=how))
        return
    name = name_of(text, before)
    new = {"id": new_id(name, *ids), "name": name, "unit": unit, "kind": "ratio" if unit == "%" else kind}
    if direction == "down":
        new["direction"] = "down"
    ids[0].add(new["id"])
    targets.append(TargetProposal(clause, sentence, form, None, new, how=how))


def target_form(target: Target, unit: str) -> str:
    """A target in sciplan's own forms: `>= 40`, `> 3000`, `120..150`, `+15%`, `+0.2pp`, `+40`,
    `rank <= 3`, `一季度末 ≥ 300`."""
    return phrasings.shown(target)


def explanation(proposals: Proposals, indicators: dict[str, Indicator]) -> str:
    """For `extract --explain`: each target proposed, and the rows of the phrasing table that read it, in the
    order they did (period, sentence, words, form), with the words each matched and what the row means."""
    rows = {row.key: row for row in phrasings.TABLE}
    zh = language() == "zh"
    out = []
    for t in proposals.targets:
        if t.indicator is not None:
            ind = indicators.get(t.indicator)
            where = t.indicator + (f", {ind.kind}" if ind is not None else "")
        else:
            new = t.new or {}
            where = _("new indicator {id}, {kind}").format(id=new.get("id", ""), kind=new.get("kind", ""))
        out.append(escaped_controls(f"{t.clause}  →  {t.target}  ({where})"))
        for key, matched in t.how:
            row = rows[key]
            out.append(f"    {key:<20} {matched!r:<16} {row.meaning_zh if zh else row.meaning}")
    return "\n".join(out) + ("\n" if out else "")


def _milestone(clause: str, text: str, year: int, n: int, has_number: bool) -> MilestoneProposal | Unread | None:
    """`一季度发布《…办法》`, `年底前建成…`: a task with a deadline and no figure to reach."""
    if has_number and (not _BY_MONTH.search(text) or re.search(r"\d", _BY_MONTH.sub("", text))):
        return None
    if not _TASK_VERBS.search(clause):
        return None
    for pattern, quarter in _DEADLINE:
        m = pattern.search(clause)
        if m is None:
            continue
        if quarter == "X":
            return Unread(clause, _("a deadline with a placeholder month (x月底前): write the month"))
        due = f"{year}-{int(m.group('m')):02d}" if quarter == "M" else f"{year}{quarter}"
        task = (clause[: m.start()] + clause[m.end() :]).strip("，、 ")
        task = LEAD_ORDINAL.sub("", task)
        task = re.sub(r"^(?:力争|确保|争取)", "", task)
        return MilestoneProposal(clause, f"task_{year}_{n}", task, due)
    return None
