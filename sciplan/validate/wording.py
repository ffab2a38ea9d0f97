"""A target as a plan's sentence writes it, read into the target language (SPEC 3).

Plans put the verb and its object before the number (`全年组织对接活动30次以上`, `征集不少于200个创业
项目参赛`, `年内建立2条…生产线`), say how hard they try (`力争`, `争取`, `确保`), write 过 for 超
(`全年纳税过3000万元`), 30余人 for at least 30, and sometimes set a target for part of the year
(`力争首季度科技型中小企业达到300家`, `上半年…`, `前三季度…`, `6月底前…`). `read` finds the one number
of such a sentence, the comparison its words give, the unit after it, and the period it is for; what
stands around them (the subject, the object, the modal words) only says what is counted.

`read` returns the symbolic form (`>=40项`, `>3000万元`, `120家..150家`) that targets.py reads; the
text shown stays the plan's own sentence.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from sciplan.core.i18n import _
from sciplan.validate.values import normalize

NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMBER = re.compile(NUMBER)

# The period a target is for, when it is part of the year: judged on the figure at that month's end.
PERIODS: tuple[tuple[re.Pattern[str], int | None], ...] = (
    (re.compile(r"(?:首季度|第一季度|一季度|1季度)(?:末|底)?(?:前)?"), 3),
    (re.compile(r"(?:上半年|前两季度|二季度末|第二季度末|年中)(?:末|底)?(?:前)?"), 6),
    (re.compile(r"(?:前三季度|三季度末|第三季度末)(?:前)?"), 9),
    (re.compile(r"(?P<m>1[0-2]|[1-9])月(?:份)?(?:底|末|末前|底前|前)"), None),
)
# Words that stand for the whole year: no period.
_WHOLE_YEAR = re.compile(r"(?:12月(?:底|末)前?|年底前?|年末|全年|年内|今年|本年度?)")

# The word just before the number, and the comparison it gives (longest first).
_COMPARISONS: tuple[tuple[str, str], ...] = (
    ("突破", ">"), ("超过", ">"), ("高于", ">"), ("大于", ">"), ("多于", ">"), ("超", ">"), ("过", ">"),
    ("不少于", ">="), ("不低于", ">="), ("不小于", ">="), ("至少", ">="), ("达到", ">="), ("提高到", ">="),
    ("提高至", ">="), ("提升到", ">="), ("提升至", ">="), ("增加到", ">="), ("增至", ">="), ("达", ">="),
    ("不超过", "<="), ("不高于", "<="), ("不大于", "<="), ("控制在", "<="), ("降至", "<="), ("降到", "<="),
    ("下降到", "<="), ("降低到", "<="), ("压减至", "<="), ("减少到", "<="),
    ("低于", "<"), ("少于", "<"), ("小于", "<"), ("不足", "<"),
)  # fmt: skip
# Words that make the target a change over last year: the rest is read by targets.py as it stands.
_CHANGE = re.compile(
    r"(?:同比|较上年度?|比上年度?|较去年|比去年)?(?:增长|提高|提升|增加|上升|下降|降低|减少|新增|净增)$"
)
_SUFFIX = re.compile(r"(?P<q>及以上|以上|及以内|以内|及以下|以下|左右)")
# Units a plan counts in, after the number (the indicator's own unit is tried first).
_UNITS = (
    "个百分点", "万平方米", "平方米", "万亿元", "千万元", "百万元", "亿元", "万元", "千元", "万人次", "人次", "家次",
    "万人", "万件", "场次", "批次", "亿", "万", "元", "%", "‰",
)  # fmt: skip
_MEASURE = set("家个项件次场期人名条套台篇份户座所批支只笔天亩吨宗例位届种款架部本轮场间栋辆")


class Reading(NamedTuple):
    form: str  # the symbolic target (`>=40项`), for targets.py
    month: int | None = None  # the month at whose end a target for part of the year is judged


def period(text: str) -> tuple[int | None, str]:
    """The month a target for part of the year is judged at (首季度 -> 3, 上半年 -> 6, 6月底前 -> 6),
    and the text without the words that said it; (None, text) for a whole-year target."""
    for pattern, month in PERIODS:
        m = pattern.search(text)
        if m is None:
            continue
        found = month if month is not None else int(m.group("m"))
        rest = text[: m.start()] + text[m.end() :]
        return (None if found == 12 else found), rest
    return None, text


def read(text: str, unit: str, kind: str = "flow") -> Reading | None:
    """A plan's sentence (spaces removed, digits ASCII) as a symbolic target, or None when it is not
    one sentence with one target in it."""
    month, text = period(text)
    text = _WHOLE_YEAR.sub("", text)
    form = _range(text) or _span(text, unit) or _single(text, unit, kind)
    return None if form is None else Reading(form, month)


def _range(text: str) -> str | None:
    """确保新增120家、力争150家 -> 120家..150家 (确保 the floor, 力争 the stretch; 达到2.8%以上、力争达到3%
    the same without 确保)."""
    m = re.fullmatch(
        rf"\D*?(?:确保)?(?P<a>\D*?)(?P<n>{NUMBER})(?P<u>\D*?)(?:以上)?[、,，;；]+\D*?力争\D*?(?P<m>{NUMBER})(?P<v>\D*?)(?:以上)?",
        text,
    )
    if m is None:
        return None
    low_unit, high_unit = _unit_of(m.group("u")), _unit_of(m.group("v"))
    return f"{m.group('n')}{low_unit}..{m.group('m')}{high_unit or low_unit}"


def _span(text: str, unit: str) -> str | None:
    """招引3-5个高层次人才创新创业项目 -> 3..5个: the low end to reach, the high end to strive for."""
    numbers = list(_NUMBER.finditer(text))
    if len(numbers) != 2:
        return None
    between = text[numbers[0].end() : numbers[1].start()]
    low_unit = _unit_of(between, unit)
    if between[len(low_unit) :] not in ("-", "~", "～", "—", "–", "至", "到"):
        return None
    rest = text[numbers[1].end() :]
    high_unit = _unit_of(rest, unit)
    return f"{numbers[0].group()}{low_unit or high_unit}..{numbers[1].group()}{high_unit}"


def _unit_of(text: str, unit: str = "") -> str:
    """The unit at the start of `text` (the indicator's own first, then money and counting words)."""
    if unit and text.startswith(unit):
        return unit
    for known in _UNITS:
        if text.startswith(known):
            return known
    return text[0] if text[:1] in _MEASURE else ""


def _single(text: str, unit: str, kind: str) -> str | None:
    numbers = list(_NUMBER.finditer(text))
    if len(numbers) != 1:
        return None
    number = numbers[0]
    lead, rest = text[: number.start()], text[number.end() :]
    n = number.group()
    if lead.endswith(("近", "约", "第", "前")):
        return None  # 近500 as a target, 第3 or 前3 (a rank): not a level
    more = ""
    if rest[:1] in ("余", "多"):  # 30余人: at least 30
        more, rest = "以上", rest[1:]
    written_unit = _unit_of(rest, unit)
    rest = rest[len(written_unit) :]
    suffix = ""
    if s := _SUFFIX.match(rest):
        suffix, rest = s.group("q"), rest[s.end() :]
    if re.search(r"以上|以下|以内|左右|[<>=≤≥]", rest):
        return None  # a second qualifier after the object: not one target
    suffix = suffix or more

    if change := _CHANGE.search(lead):  # 增长15%以上, 新增50家, 提高0.2个百分点: read as written
        return change.group() + n + written_unit + suffix
    for word, op in sorted(_COMPARISONS, key=lambda c: -len(c[0])):  # 不超过 before 超过
        if lead.endswith(word):
            subject = lead[: -len(word)]
            if re.search(r"新增|净增", subject) and kind == "stock" and op == ">=":
                return "新增" + n + written_unit + "以上"  # a stock's 新增: that many more than last year
            return op + n + written_unit
    if re.search(r"不|未|下降|降低|减少|压减|控制", lead[-3:]):
        return None  # a word that turns the meaning stands just before the number: not read silently
    if m := re.search(r"新增|净增", lead):  # 全年新增市级以上企业研发机构10家以上: the kind decides
        return m.group() + n + written_unit + suffix
    if suffix in ("以上", "及以上"):
        return ">=" + n + written_unit
    if suffix in ("以内", "及以内", "以下", "及以下"):
        return "<=" + n + written_unit
    return n + written_unit + suffix  # a bare figure: at least (at most where lower is better); 左右 is refused


# Words that place the region among its peers without a position: the plan means a rank (前N).
VAGUE_RANK = re.compile(r"第一方阵|第一梯队|前列|领先|上游|第一序列")


def fix(raw: str, unit: str, direction: str) -> str:
    """The message naming the one accepted form closest to an unreadable target (`写作：40项以上`)."""
    compact = re.sub(r"\s+", "", normalize(raw))
    if m := VAGUE_RANK.search(compact):
        return _(
            "cannot read target {raw!r}: {words} names no position; write the rank the plan means, "
            "e.g. 位居全市前3 (rank <= 3)"
        ).format(raw=raw, words=m.group())
    numbers = list(re.finditer(NUMBER, compact))
    if len(numbers) == 1:
        n = numbers[0].group()
        after = compact[numbers[0].end() :]
        written = _unit_of(after, unit) or unit
        form = f"{n}{written}以上" if direction != "down" else f"{n}{written}以内"
    elif len(numbers) > 1:
        return _(
            "cannot read target {raw!r}: it holds {count} numbers; a target has one (write 50..60 for 确保50、力争60)"
        ).format(raw=raw, count=len(numbers))
    else:
        form = f"50{unit}以上" if direction != "down" else f"3{unit}以内"
    return _("cannot read target {raw!r}; write: {fix}").format(raw=raw, fix=form)
