"""A plan's clause, taken apart: what it counts (the subject before the number, the object after it),
the unit it is written in, the indicator of targets.yaml it sets a target for (by name, alias or a part of
a name no other indicator shares, with the sentence as context), or the new indicator it proposes."""

from __future__ import annotations

import re

from sciplan.core.i18n import _
from sciplan.core.records import Indicator
from sciplan.validate import wording

_TITLES = re.compile(r"《[^》]*》|“[^”]*”|\"[^\"]*\"")
_YEARS = re.compile(
    r"(?:19|20)\d{2}\s*(?:[-—–~～至到]\s*(?:19|20)?\d{2,4})?\s*年度?|(?:19|20)\d{2}(?=[—–-](?:19|20)\d{2})"
)
_DATES = re.compile(r"\d{1,2}月\d{1,2}日")
LEAD_ORDINAL = re.compile(r"^(?:\d{1,2}[.．、]|[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[)）])")


def cleaned(clause: str) -> str:
    text = _TITLES.sub("", clause)
    text = _DATES.sub("", text)
    text = _YEARS.sub("", text)
    text = LEAD_ORDINAL.sub("", text.strip())
    return re.sub(r"\s+", "", text)


def written_unit(text: str) -> str:
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


def match_indicator(
    text: str, sentence: str, before: list[str], indicators: dict[str, Indicator], written: str
) -> str | None:
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
            elif name in context and not subject_of(clause):
                scores[ident] = max(scores.get(ident, 0), 500 + len(name))
    if scores:
        best = max(scores.values())
        top = [i for i, s in scores.items() if s == best]
        return top[0] if len(top) == 1 else None
    parts: dict[str, int] = {}
    subject = subject_of(clause) + tail_of(clause)
    if len(subject_of(clause)) < 2:
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


def subject_of(text: str) -> str:
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


def tail_of(text: str) -> str:
    """The object written after the number and its unit (`征集200个|创业项目参赛`)."""
    m = re.search(wording.NUMBER, text)
    if m is None:
        return ""
    rest = text[m.end() :].lstrip("余多")
    rest = rest[len(wording._unit_of(rest)) :]
    rest = re.sub(r"^(?:及以上|以上|以内|以下|左右)", "", rest)
    return re.sub(r"^的", "", rest)


def name_of(text: str, before: list[str]) -> str:
    subject = subject_of(text)
    tail = tail_of(text)
    if len(subject) <= 2 and len(tail) >= 2:  # 建立不少于150家的高企后备培育库: the object follows the number
        subject = tail
    subject = re.sub(r"^(?:新增|净增|新)", "新增", subject) if subject.startswith(("新增", "净增")) else subject
    if len(subject) < 2 and before:  # 全年不少于24期: what is counted stands in the clause before
        previous = cleaned(before[-1])
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


def new_id(name: str, used: set[str], suffixes: dict[str, int] | None = None) -> str:
    """An id from the name's words, not in `used`; `suffixes` remembers the next free number of each
    base, so n proposals of one name cost n steps, not n²."""
    words: list[str] = []
    rest = name
    for word, ident in _ID_WORDS:
        if word in rest:
            rest = rest.replace(word, " ")
            if ident not in words:
                words.append(ident)
    base = "_".join(words[:3]) or "indicator"
    suffixes = {} if suffixes is None else suffixes
    ident, n = base, suffixes.get(base, 2)
    if ident in used:
        ident = f"{base}_{n}"
        while ident in used:
            ident, n = f"{base}_{n + 1}", n + 1
        suffixes[base] = n + 1
    return ident


def kind_of(text: str, unit: str) -> str:
    if unit == "%":
        return "ratio"
    if re.search(r"有效期内|累计|总数|总量|保有量|培育库|后备", text):
        return "stock"
    return "flow"


def direction_of(text: str) -> str:
    return "down" if re.search(r"下降|降低|减少|控制在|不超过|以内|以下", text) else "up"


def guess_unit(text: str) -> str:
    if re.search(r"额|产值|收入|资金|经费|投入|投资|纳税|营收", text):
        return "亿元"
    return "%" if re.search(r"率|比重|占比|强度", text) else "个"
