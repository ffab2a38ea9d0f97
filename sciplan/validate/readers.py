"""The handlers of the phrasing table (phrasings.py): what each phrasing of a target does once its pattern
matched, and the helpers they share (numbers, units, Chinese numerals).

Three kinds of handler, one per stage of reading:

* a *form* handler turns sciplan's own form (`>=50家`, `50..60`, `+15%`, `rank<=2`) into a `Target`;
* a *words* handler turns a plan's words (`超260家`, `增长15%以上`, `列全市第二`) into that form;
* a *sentence* handler reads a plan's whole sentence around its one number (`力争签订产学研协议40项以上`)
  into that form, from the words before the number (`Parts.lead`) or the qualifier after it.

A handler returns its reading, None to let the next row try (a row whose pattern says "maybe"), or
`REFUSE` when the sentence is plainly not one target.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from sciplan.core.i18n import N_, _
from sciplan.core.records import Target
from sciplan.validate.values import BadValue, convert, split_number

# Every form, with an example of how a plan writes it: the list an unreadable target's message gives.
FORMS = N_(
    "50 or >= 50 (不少于50家, 50家以上), > 260 (超260家, 突破260家), <= 3 (控制在3%以内, 不超过3), "
    "50..60 (确保50家、力争60家), +15% (增长15%, 较上年增长15%左右, 翻一番 = +100%), -5% (下降5%), "
    "+0.2pp (提高0.2个百分点), +40 (净增40家), rank <= 2 (列全市第二, 保持全市前三)"
)

NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMBER = re.compile(NUMBER)
REFUSE = object()  # a sentence handler's "this is not one target": no later row is tried

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# Units a plan counts in, after the number (the indicator's own unit is tried first).
_UNITS = (
    "个百分点", "万平方米", "平方米", "万亿元", "千万元", "百万元", "亿元", "万元", "千元", "万人次", "人次", "家次",
    "万人", "万件", "场次", "批次", "亿", "万", "元", "%", "‰",
)  # fmt: skip
_MEASURE = set("家个项件次场期人名条套台篇份户座所批支只笔天亩吨宗例位届种款架部本轮场间栋辆")


class Reading(NamedTuple):
    """What a form handler reads from: the target as written, its text shown, and the indicator."""

    raw: object  # as written
    text: str  # shown
    unit: str
    up: bool  # higher is better
    kind: str  # the indicator's kind: flow, stock, ratio


class Parts(NamedTuple):
    """A plan's sentence around its one number: `力争签订产学研协议|40|项|以上`."""

    lead: str  # the words before the number
    n: str  # the number as written
    unit: str  # the unit written after it ('' when none)
    suffix: str  # 以上 / 以内 / 左右 … after the unit (余/多 read as 以上)
    kind: str  # the indicator's kind


def bad(message: str) -> BadValue:
    return BadValue("target", message)


def cannot_read(raw: object) -> BadValue:
    return bad(_("cannot read target {raw!r}; write one of: {forms}").format(raw=raw, forms=_(FORMS)))


def cn_number(text: str) -> int:
    """`3`, `三`, `十`, `十二`, `二十三` as an int (a rank or a doubling count: small numbers only)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _sep, ones = text.partition("十")
        return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS[text]


def plain(number: Decimal) -> str:
    """A target written as a YAML number, as a person writes it: `50` for 5e1 or 50.0, `0.001`
    for 1.0e-3 (str() of a Decimal keeps the exponent and the trailing zeros)."""
    return format(number.normalize(), "f") if number.is_finite() else str(number)


def unit_of(text: str, unit: str = "") -> str:
    """The unit at the start of `text` (the indicator's own first, then money and counting words)."""
    if unit and text.startswith(unit):
        return unit
    for known in _UNITS:
        if text.startswith(known):
            return known
    return text[0] if text[:1] in _MEASURE else ""


def number(text: str, unit: str, raw: object, allow_sign: bool = True) -> Decimal:
    if not allow_sign and text[:1] in "+-":
        raise cannot_read(raw)
    try:
        value, written, approximate = split_number(text)
        converted = convert(value, written, unit, str(raw))
    except BadValue as exc:
        if exc.code == "placeholder":
            raise BadValue(
                "placeholder",
                _(
                    "{raw!r} is a template placeholder, not a number; write the plan's figure (e.g. >= 50), "
                    "or leave the year out until the target is known"
                ).format(raw=raw),
            ) from None
        if exc.code in ("unit", "out-of-range", "nan"):
            raise
        raise cannot_read(raw) from None
    if approximate:
        raise bad(_("{raw!r}: a target is exact; drop 余/多/近/约/+").format(raw=raw))
    return converted


def _shared_unit(low: str, high: str, raw: object) -> str:
    """`1.5..2亿元`: a unit written once, after the high end, is the low end's too."""
    try:
        _n, low_unit, _a = split_number(low)
        _n, high_unit, _a = split_number(high)
    except BadValue:
        return low  # number() says what is wrong
    if not low_unit and high_unit:
        return low + high_unit
    if low_unit and high_unit and low_unit != high_unit:
        message = _("{raw!r}: the two ends of a range are in different units ({low}, {high})")
        raise bad(message.format(raw=raw, low=low_unit, high=high_unit))
    return low


# ---- form handlers: sciplan's forms -> Target ------------------------------------------------------


def form_rank(m: re.Match[str], r: Reading) -> Target:
    n = int(m.group("num")) - (1 if m.group("op") == "<" else 0)
    if n < 1:
        raise bad(_("{raw!r}: a rank target needs a position of 1 or more").format(raw=r.raw))
    return Target(r.text, "rank", "<=", Decimal(n))


def form_range(m: re.Match[str], r: Reading) -> Target:
    low_text, high_text = m.group("low"), m.group("high")
    if low_text.startswith("+") or high_text.startswith("+"):
        raise bad(_("{raw!r}: a range joins two levels (50..60); a growth target has no range").format(raw=r.raw))
    low_text = _shared_unit(low_text, high_text, r.raw)
    low = number(low_text, r.unit, r.raw)
    high = number(high_text, r.unit, r.raw)
    if r.up and high < low:
        raise bad(
            _("{raw!r}: the stretch (after ..) must be above the floor for an indicator where higher is better").format(
                raw=r.raw
            )
        )
    if not r.up and high > low:
        raise bad(
            _(
                "{raw!r}: the stretch (after ..) must be below the ceiling for an "
                "indicator where lower is better (direction: down)"
            ).format(raw=r.raw)
        )
    return Target(r.text, "level", ">=" if r.up else "<=", low, high)


def form_growth(m: re.Match[str], r: Reading) -> Target:
    amount = Decimal(m.group("sign") + m.group("num"))
    if amount <= -100:
        raise bad(_("{raw!r}: a reduction of {all} or more leaves nothing").format(raw=r.raw, all="100%"))
    return Target(r.text, "growth", ">=" if r.up else "<=", amount)


def form_points(m: re.Match[str], r: Reading) -> Target:
    if r.unit != "%":
        raise bad(
            _("{raw!r}: percentage points (pp) apply only to indicators in %; this one is in {unit}").format(
                raw=r.raw, unit=r.unit
            )
        )
    return Target(r.text, "points", ">=" if r.up else "<=", Decimal(m.group("sign") + m.group("num")))


def form_increase(m: re.Match[str], r: Reading) -> Target:
    amount = number(m.group("rest"), r.unit, r.raw, allow_sign=False)
    if m.group("sign") == "-":
        amount = -amount
    return Target(r.text, "increase", ">=" if r.up else "<=", amount)


def form_level(m: re.Match[str], r: Reading) -> Target | None:
    if not m.group("num"):
        return None
    op = m.group("op") or (">=" if r.up else "<=")
    if r.unit != "%" and re.fullmatch(r"\d+(?:\.\d+)?%", m.group("num")):
        message = _("{raw!r}: this indicator is in {unit}, not %; for growth over last year write +{growth}")
        raise bad(message.format(raw=r.raw, unit=r.unit, growth=m.group("num")))
    return Target(r.text, "level", op, number(m.group("num"), r.unit, r.raw))  # type: ignore[arg-type]


# ---- words handlers: a plan's words -> sciplan's form ------------------------------------------------


def expand(template: str):  # type: ignore[no-untyped-def]
    """A handler writing the match into `template` (`>\\g<n>\\g<u>`)."""

    def handler(m: re.Match[str], r: Reading) -> str:
        return m.expand(template)

    return handler


def words_rank(m: re.Match[str], r: Reading) -> str:
    return f"rank<={cn_number(m.group('n'))}"


def words_doubling(m: re.Match[str], r: Reading) -> str:  # 翻一番: twice last year's level, +100%; 翻两番 ×4
    return f"+{(2 ** cn_number(m.group('k') or '一') - 1) * 100}%"


def words_new(m: re.Match[str], r: Reading) -> str:
    """新增N: the year's flow of N for a flow, N more than last year for a stock; 净增N always the latter."""
    amount = m.group("n") + m.group("u")
    if r.kind == "ratio":
        word = m.group("word")
        raise bad(
            _("{raw!r}: {word} counts firms or items; for a ratio write a level (>= 2.8) or +0.2pp").format(
                raw=r.raw, word=word
            )
        )
    if m.group("word") == "新增" and r.kind == "flow":
        return (">=" if m.group("more") else "") + amount  # the year's own flow
    return "+" + amount  # a stock: that many more than last year's level


# ---- sentence handlers: a plan's sentence around its number -> sciplan's form ---------------------


def sentence_stretch(m: re.Match[str], r: Reading) -> str:
    """确保新增120家、力争150家 -> 120家..150家 (确保 the floor, 力争 the stretch)."""
    low_unit, high_unit = unit_of(m.group("u")), unit_of(m.group("v"))
    return f"{m.group('n')}{low_unit}..{m.group('m')}{high_unit or low_unit}"


def sentence_span(m: re.Match[str], r: Reading) -> str | None:
    """招引3-5个高层次人才创新创业项目 -> 3..5个: the low end to reach, the high end to strive for."""
    text = m.string
    numbers = list(_NUMBER.finditer(text))
    if len(numbers) != 2:
        return None
    between = text[numbers[0].end() : numbers[1].start()]
    low_unit = unit_of(between, r.unit)
    if between[len(low_unit) :] not in ("-", "~", "～", "—", "–", "至", "到"):
        return None
    high_unit = unit_of(text[numbers[1].end() :], r.unit)
    return f"{numbers[0].group()}{low_unit or high_unit}..{numbers[1].group()}{high_unit}"


def comparison(op: str):  # type: ignore[no-untyped-def]
    """A handler for a word before the number that gives the comparison `op` (超过 >, 不少于 >=, …)."""

    def handler(m: re.Match[str], p: Parts) -> str:
        if op == ">=" and p.kind == "stock" and re.search(r"新增|净增", p.lead[: m.start()]):
            return "新增" + p.n + p.unit + "以上"  # a stock's 新增: that many more than last year
        return op + p.n + p.unit

    return handler


def sentence_change(m: re.Match[str], p: Parts) -> str:  # 增长15%以上, 新增50家, 提高0.2个百分点: as written
    return m.group() + p.n + p.unit + p.suffix


def sentence_turned(m: re.Match[str], p: Parts) -> object:
    return REFUSE  # a word that turns the meaning stands just before the number: not read silently


def sentence_new(m: re.Match[str], p: Parts) -> str:  # 全年新增市级以上企业研发机构10家以上: the kind decides
    return m.group() + p.n + p.unit + p.suffix


def sentence_at_least(m: re.Match[str], p: Parts) -> str:
    return ">=" + p.n + p.unit


def sentence_at_most(m: re.Match[str], p: Parts) -> str:
    return "<=" + p.n + p.unit


def sentence_bare(m: re.Match[str], p: Parts) -> str:
    return p.n + p.unit + p.suffix  # a bare figure: at least (at most where lower is better); 左右 is refused


def period_month(month: int | None):  # type: ignore[no-untyped-def]
    """A period handler: the month at whose end the target is judged (`None`: the month written, 6月底前)."""

    def handler(m: re.Match[str], r: object) -> int:
        return month if month is not None else int(m.group("m"))

    return handler
