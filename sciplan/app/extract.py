"""From a plan's paragraphs to proposals: the plan part, its sentences and clauses, the targets and
milestones they set, and every clause with a number that was not understood (never dropped).

A target is read by the target language itself (validate/targets.py reads a plan's sentences), so what
`extract` proposes is exactly what `check` will accept.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from sciplan.core.i18n import _
from sciplan.core.problem import BadValue, UsageError
from sciplan.core.records import Indicator, Target
from sciplan.load.documents import Paragraph
from sciplan.validate import wording
from sciplan.validate.targets import parse_target

PLAN_WORDS = ("工作思路", "工作要点", "目标任务", "主要目标", "工作计划", "工作打算", "工作安排")


class TargetProposal(NamedTuple):
    clause: str  # as the plan writes it
    sentence: str  # the whole sentence: the subject often stands in an earlier clause
    target: str  # in sciplan's forms
    indicator: str | None  # an indicator of targets.yaml it matches
    new: dict | None  # else a proposed new indicator: id, name, unit, kind (direction when down)
    accept: bool = True


class MilestoneProposal(NamedTuple):
    clause: str
    id: str
    task: str
    due: str  # 2022Q1, 2022-06
    accept: bool = True


class Unread(NamedTuple):
    clause: str
    why: str


class Proposals(NamedTuple):
    part: str  # the heading of the plan part read ("" for the whole text)
    year: int
    targets: list[TargetProposal]
    milestones: list[MilestoneProposal]
    unread: list[Unread]


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
            raise UsageError(_("--from {heading!r}: no paragraph of the document holds it").format(heading=heading))
        start = (headed or matches)[-1]
    else:
        titled = [i for i, p in enumerate(paragraphs) if len(p.text) <= 40 and any(w in p.text for w in PLAN_WORDS)]
        headed = [i for i in titled if paragraphs[i].level is not None]
        # the last such heading: a title (总结及工作思路) comes before the part itself
        found = headed or titled
        start = found[-1] if found else None
    if start is None:
        return "", paragraphs
    level = paragraphs[start].level
    part = []
    for p in paragraphs[start + 1 :]:
        if level is not None and p.level is not None and p.level <= level:
            break
        part.append(p)
    return paragraphs[start].text, part


def year_of(heading: str, paragraphs: list[Paragraph], given: int | None) -> int:
    if given is not None:
        return given
    if m := re.search(r"(20\d{2})年", heading):
        return int(m.group(1))
    counts: dict[int, int] = {}
    for p in paragraphs[:3]:
        for y in re.findall(r"(20\d{2})年", p.text):
            counts[int(y)] = counts.get(int(y), 0) + 1
    if counts:
        return max(counts, key=lambda y: (counts[y], y))
    raise UsageError(_("the plan names no year (2023年); give it with --year"))


# ---- sentences and clauses --------------------------------------------------------------------

_SENTENCE = re.compile(r"[^。！？；;!?]+[。！？；;!?]?")
_CLAUSE = re.compile(r"[^，,：:]+")
_TITLES = re.compile(r"《[^》]*》|“[^”]*”|\"[^\"]*\"")
_YEARS = re.compile(
    r"(?:19|20)\d{2}\s*(?:[-—–~～至到]\s*(?:19|20)?\d{2,4})?\s*年度?|(?:19|20)\d{2}(?=[—–-](?:19|20)\d{2})"
)
_DATES = re.compile(r"\d{1,2}月\d{1,2}日")
_PLACEHOLDER = re.compile(r"(?<![A-Za-z])[xX]{1,5}(?:\.[xX]+)?(?![A-Za-z])")
_LEAD_ORDINAL = re.compile(r"^(?:\d{1,2}[.．、]|[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[)）])")
_CUE = re.compile(
    r"以上|以内|以下|不少于|不低于|不超过|至少|力争|确保|争取|达到|达|超|突破|纳税过|新增|净增|全年|年内|"
    r"增长|提高|提升|下降|降低|控制在|\d余|\d多|首季度|季度|上半年|月底前|月末|\d\s*[-~～—至到]\s*\d"
)
_RANKED = re.compile(r"(?:全国|全省|全市|全区|全县)(?:第|前)[一二两三四五六七八九十\d]+|第一方阵|第一梯队")
_DEADLINE = (
    (re.compile(r"(?:首季度|第一季度|一季度)"), "Q1"),
    (re.compile(r"(?:第二季度|二季度|上半年)"), "Q2"),
    (re.compile(r"(?:第三季度|三季度)"), "Q3"),
    (re.compile(r"(?:第四季度|四季度|下半年|年底前|年末前|年内|年底)"), "Q4"),
    (re.compile(r"(?P<m>1[0-2]|[1-9])月(?:底|末)?前"), "M"),
    (re.compile(r"[xX]{1,2}月(?:底|末)?前"), "X"),
)
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
        clauses = [c.strip() for c in _CLAUSE.findall(sentence.rstrip("。！？；;!?")) if c.strip()]
        out.append((sentence, clauses))
    return out


def propose(
    paragraphs: list[Paragraph], indicators: dict[str, Indicator], year: int | None, heading: str | None
) -> Proposals:
    part_heading, part = plan_part(paragraphs, heading)
    the_year = year_of(part_heading, paragraphs if not part_heading else [Paragraph(part_heading), *part], year)
    targets: list[TargetProposal] = []
    milestones: list[MilestoneProposal] = []
    unread: list[Unread] = []
    used_ids = set(indicators)
    for paragraph in part:
        if paragraph.level is not None:
            continue
        for sentence, clauses in split(paragraph.text):
            for i, clause in enumerate(clauses):
                _one(clause, sentence, clauses[:i], the_year, indicators, used_ids, targets, milestones, unread)
    return Proposals(part_heading, the_year, _one_a_year(targets), milestones, unread)


def _one_a_year(targets: list[TargetProposal]) -> list[TargetProposal]:
    """targets.yaml holds one target a year for an indicator: where the plan sets one for part of the year
    and one for the whole (力争首季度…300家，年内…450家以上), the whole year's is proposed, the other not
    accepted (kept in the review, never dropped)."""
    whole = {t.indicator for t in targets if t.indicator is not None and not _period(t.target)}
    return [t._replace(accept=False) if t.indicator in whole and _period(t.target) else t for t in targets]


def _period(form: str) -> bool:
    return form[:1] not in "<>=+r0123456789"


def _cleaned(clause: str) -> str:
    text = _TITLES.sub("", clause)
    text = _DATES.sub("", text)
    text = _YEARS.sub("", text)
    text = _LEAD_ORDINAL.sub("", text.strip())
    return re.sub(r"\s+", "", text)


def _one(
    clause: str,
    sentence: str,
    before: list[str],
    year: int,
    indicators: dict[str, Indicator],
    used_ids: set[str],
    targets: list[TargetProposal],
    milestones: list[MilestoneProposal],
    unread: list[Unread],
) -> None:
    text = _cleaned(clause)
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
    ranked = _RANKED.search(text)
    if not has_number and not ranked:
        return
    # 全年开展对接活动20场以上，签订合作协议60项: the sentence's 全年 reaches a clause that ends at its figure
    ends_at_figure = re.search(rf"{wording.NUMBER}(?:余|多)?\D{{0,4}}$", text) is not None and not _tail(text)
    sentence_cue = ends_at_figure and any(_CUE.search(_cleaned(b)) for b in before)
    if not _CUE.search(text) and not ranked and not sentence_cue:
        unread.append(Unread(clause, _("a number without target wording (以上, 力争, 达到, 全年…): not proposed")))
        return
    unit = _written_unit(text)
    match = _match(text, sentence, before, indicators, unit)
    if match is not None:
        ind = indicators[match]
        unit, kind, direction = ind.unit, ind.kind, ind.direction
    else:
        kind, direction = _kind(text, unit), _direction(text)
        unit = unit or _guess_unit(text)
    try:
        target = parse_target(text, unit, direction, kind)
    except BadValue as exc:
        unread.append(Unread(clause, exc.message))
        return
    form = target_form(target, unit)
    if match is not None:
        targets.append(TargetProposal(clause, sentence, form, match, None))
        return
    name = _name(text, before)
    new = {"id": _new_id(name, used_ids), "name": name, "unit": unit, "kind": "ratio" if unit == "%" else kind}
    if direction == "down":
        new["direction"] = "down"
    used_ids.add(new["id"])
    targets.append(TargetProposal(clause, sentence, form, None, new))


def target_form(target: Target, unit: str) -> str:
    """A target in sciplan's own forms: `>= 40`, `> 3000`, `120..150`, `+15%`, `+0.2pp`, `+40`,
    `rank <= 3`, `一季度末 ≥ 300`."""
    amount = _plain(target.amount)
    if target.month is not None:
        return target.text
    if target.kind == "rank":
        return f"rank <= {amount}"
    if target.kind == "growth":
        return f"{'+' if target.amount >= 0 else ''}{amount}%"
    if target.kind == "points":
        return f"{'+' if target.amount >= 0 else ''}{amount}pp"
    if target.kind == "increase":
        return f"{'+' if target.amount >= 0 else ''}{amount}"
    if target.stretch is not None:
        return f"{amount}..{_plain(target.stretch)}"
    return f"{target.op} {amount}"


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def _written_unit(text: str) -> str:
    m = re.search(wording.NUMBER, text)
    if m is None:
        return ""
    rest = text[m.end() :].lstrip("余多")
    return wording._unit_of(rest)


_MONEY = ("元", "万元", "亿元", "千元", "百万元", "千万元", "万亿元", "亿", "万")


def _compatible(written: str, indicator: Indicator) -> bool:
    if not written or written == indicator.unit or written in ("%", "个百分点"):
        return True
    return written in _MONEY and indicator.unit in _MONEY


# Words a plan shortens: a name matches whichever of them it is written with.
_SAME = (
    ("国家高新技术企业", "高企"), ("高新技术企业", "高企"), ("国家高企", "高企"), ("研究与试验发展", "研发"),
    ("新认定", "新增"),
)  # fmt: skip


def _plain_words(text: str) -> str:
    for long, short in _SAME:
        text = text.replace(long, short)
    return text


def _names(indicator: Indicator) -> list[str]:
    names = [indicator.name, *getattr(indicator, "aliases", ())]
    return [_plain_words(n) for n in names if n]


def _match(text: str, sentence: str, before: list[str], indicators: dict[str, Indicator], written: str) -> str | None:
    """The indicator the clause sets a target for: its name (or an alias) in the clause, else in the
    sentence before it, else a part of a name no other indicator shares (4 characters at least)."""
    clause = _plain_words(text)
    context = _plain_words("".join(before))
    scores: dict[str, int] = {}
    for ident, ind in indicators.items():
        if not _compatible(written, ind):
            continue
        for name in _names(ind):
            if name in clause:
                scores[ident] = max(scores.get(ident, 0), 1000 + len(name))
            elif name in context and not _subject(clause):
                scores[ident] = max(scores.get(ident, 0), 500 + len(name))
    if scores:
        best = max(scores.values())
        top = [i for i, s in scores.items() if s == best]
        return top[0] if len(top) == 1 else None
    parts: dict[str, int] = {}
    subject = _subject(clause) + _tail(clause)
    if len(_subject(clause)) < 2:
        subject += context
    for ident, ind in indicators.items():
        if not _compatible(written, ind):
            continue
        for name in _names(ind):
            size = _common(name, subject)
            if size >= 4 and not any(
                _common_text(name, subject) in n for other, o in indicators.items() if other != ident for n in _names(o)
            ):
                parts[ident] = max(parts.get(ident, 0), size)
    if parts:
        best = max(parts.values())
        top = [i for i, s in parts.items() if s == best]
        return top[0] if len(top) == 1 else None
    return None


def _common_text(a: str, b: str) -> str:
    best = ""
    for i in range(len(a)):
        for j in range(i + len(best) + 1, len(a) + 1):
            if a[i:j] in b:
                best = a[i:j]
            else:
                break
    return best


def _common(a: str, b: str) -> int:
    return len(_common_text(a, b))


_MODAL = re.compile(r"^(?:全年|年内|今年|力争|争取|确保|积极|持续|进一步|着力|努力|全力|实现|累计|共)+")


def _subject(text: str) -> str:
    """What the clause counts: the words before the number, without the modal words and the comparison."""
    m = re.search(wording.NUMBER, text)
    lead = text[: m.start()] if m else text
    lead = _MODAL.sub("", lead)
    lead = re.sub(
        r"(?:不少于|不低于|不小于|至少|达到|达|突破|超过|超|过|高于|增长|提高|提升|增加|新增|净增|控制在|不超过|同比|较上年)+$",
        "",
        lead,
    )
    return re.sub(r"[的]$", "", lead)


def _tail(text: str) -> str:
    """The object written after the number and its unit (`征集200个|创业项目参赛`)."""
    m = re.search(wording.NUMBER, text)
    if m is None:
        return ""
    rest = text[m.end() :].lstrip("余多")
    rest = rest[len(wording._unit_of(rest)) :]
    rest = re.sub(r"^(?:及以上|以上|以内|以下|左右)", "", rest)
    return re.sub(r"^的", "", rest)


def _name(text: str, before: list[str]) -> str:
    subject = _subject(text)
    tail = _tail(text)
    if len(subject) <= 2 and len(tail) >= 2:  # 建立不少于150家的高企后备培育库: the object follows the number
        subject = tail
    subject = re.sub(r"^(?:新增|净增|新)", "新增", subject) if subject.startswith(("新增", "净增")) else subject
    if len(subject) < 2 and before:  # 全年不少于24期: what is counted stands in the clause before
        previous = _cleaned(before[-1])
        previous = re.split(r"[、]", previous)[-1]
        subject = _MODAL.sub("", previous)
    subject = subject.strip("，、 ")
    return subject[:24] or _("new indicator")


# Words of a name, and the id words they give (a new indicator's id: [a-z][a-z0-9_]*).
_ID_WORDS = (
    ("高企", "hightech"), ("科技型中小企业", "tech_smes"), ("研发机构", "rd_institutions"), ("研发", "rd"),
    ("孵化", "incubator"), ("产学研", "iur"), ("对接", "matchmaking"), ("活动", "events"), ("协议", "agreements"),
    ("合同", "contracts"), ("成交额", "value"), ("路演", "roadshows"), ("人才", "talents"), ("项目", "projects"),
    ("平台", "platforms"), ("载体", "carriers"), ("资金", "funds"), ("纳税", "tax"), ("订单", "orders"),
    ("专利", "patents"), ("发明", "invention"), ("创新联合体", "innovation_consortia"), ("生产线", "lines"),
    ("技术难题", "problems_solved"), ("计划", "programmes"), ("产值", "output"), ("落地率", "landing_rate"),
    ("人才公寓", "talent_flats"), ("面积", "area"), ("贷", "loans"), ("创新券", "vouchers"), ("企业", "firms"),
    ("中心", "centres"), ("实验室", "labs"), ("外国", "foreign"), ("培育库", "pool"), ("有效期内", "total"),
    ("新增", "new"), ("申报", "applications"), ("常驻人员", "staff"), ("创业", "startup"),
)  # fmt: skip


def _new_id(name: str, used: set[str]) -> str:
    words: list[str] = []
    rest = name
    for word, ident in _ID_WORDS:
        if word in rest:
            rest = rest.replace(word, " ")
            if ident not in words:
                words.append(ident)
    base = "_".join(words[:3]) or "indicator"
    ident, n = base, 2
    while ident in used:
        ident, n = f"{base}_{n}", n + 1
    return ident


def _kind(text: str, unit: str) -> str:
    if unit == "%":
        return "ratio"
    if re.search(r"有效期内|累计|总数|总量|保有量|培育库|后备", text):
        return "stock"
    return "flow"


def _direction(text: str) -> str:
    return "down" if re.search(r"下降|降低|减少|控制在|不超过|以内|以下", text) else "up"


def _guess_unit(text: str) -> str:
    if re.search(r"额|产值|收入|资金|经费|投入|投资|纳税|营收", text):
        return "亿元"
    return "%" if re.search(r"率|比重|占比|强度", text) else "个"


def _milestone(clause: str, text: str, year: int, n: int, has_number: bool) -> MilestoneProposal | Unread | None:
    """`一季度发布《…办法》`, `年底前建成…`: a task with a deadline and no figure to reach."""
    if has_number and not re.search(r"(?:1[0-2]|[1-9])月(?:底|末)?前", text):
        return None
    if has_number and re.search(r"\d", re.sub(r"(?:1[0-2]|[1-9])月(?:底|末)?前", "", text)):
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
        task = _LEAD_ORDINAL.sub("", task)
        task = re.sub(r"^(?:力争|确保|争取)", "", task)
        return MilestoneProposal(clause, f"task_{year}_{n}", task, due)
    return None
