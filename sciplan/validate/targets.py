"""The target language (SPEC 3): `50`, `>= 50`, `≥50`, `> 260`, `50..60`, `+15%`, `+0.2pp`, `+40`,
`rank <= 2`, and the same in a plan's own words: `超260家`, `50家以上`, `不少于150家`, `增长15%以上`,
`提高0.2个百分点`, `3-5个`, `列全市前3`.

A `Target` is what was written; `Target.resolve` turns it into a threshold once the previous
year's actual is known. All arithmetic is exact (`Fraction`): `+10%` on 10 is exactly 11.
"""

from __future__ import annotations

import re
from decimal import Decimal

from sciplan.core.i18n import N_, _
from sciplan.core.records import Resolved, Target  # the records it reads targets into (Resolved re-exported)
from sciplan.validate import wording
from sciplan.validate.values import BadValue, convert, finite, number_text, split_number

__all__ = ["FORMS", "Resolved", "Target", "parse_target"]

# Every form, with an example of how a plan writes it: the list an unreadable target's message gives.
FORMS = N_(
    "50 or >= 50 (不少于50家, 50家以上), > 260 (超260家, 突破260家), <= 3 (控制在3%以内, 不超过3), "
    "50..60 (确保50家、力争60家), +15% (增长15%, 较上年增长15%左右, 翻一番 = +100%), -5% (下降5%), "
    "+0.2pp (提高0.2个百分点), +40 (净增40家), rank <= 2 (列全市第二, 保持全市前三)"
)

_SYMBOLS = {"≥": ">=", "≤": "<=", "=>": ">=", "=<": "<="}

# A bureau's own wording, as plans write it, read as the forms above ("超260家" is "> 260家").
# Each pattern must match the whole target (fullmatch), and its groups are expanded from that match:
# a search would find a shorter span (确保50 in 确保50家以上) and leave the rest behind as a "unit".
_N = r"(?P<n>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
_M = _N.replace("?P<n>", "?P<m>")
_U = r"(?P<u>\D*?)"  # the unit written after the number, if any
_SINCE = r"(?:同比|较上年|比上年|较去年|比去年|较上年度|比上年度)?"
_ABOUT = r"(?:以上|及以上|左右)?"
_UP_WORDS = r"(?:增长|提高|提升|增加|上升)"
_DOWN_WORDS = r"(?:下降|降低|减少)"
_WORDING = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (rf"确保{_N}{_U}[、,;]?力争{_M}(?P<v>\D*?)(?:以上)?", r"\g<n>\g<u>..\g<m>\g<v>"),
        (rf"(?:突破|超过|超|高于|大于){_N}{_U}(?:以上)?", r">\g<n>\g<u>"),
        (rf"(?:不少于|不低于|不小于|至少|达到|达){_N}{_U}(?:及以上|以上)?", r">=\g<n>\g<u>"),
        (rf"{_N}{_U}(?:及以上|以上)", r">=\g<n>\g<u>"),
        (rf"(?:不超过|不高于|不大于|控制在){_N}{_U}(?:及以内|以内|及以下|以下)?", r"<=\g<n>\g<u>"),
        (rf"{_N}{_U}(?:及以下|以下|及以内|以内)", r"<=\g<n>\g<u>"),
        (rf"(?:低于|少于|小于){_N}{_U}", r"<\g<n>\g<u>"),
        (rf"{_SINCE}{_UP_WORDS}{_N}(?:个百分点|pp){_ABOUT}", r"+\g<n>pp"),
        (rf"{_SINCE}{_DOWN_WORDS}{_N}(?:个百分点|pp){_ABOUT}", r"-\g<n>pp"),
        (rf"{_SINCE}{_UP_WORDS}{_N}%{_ABOUT}", r"+\g<n>%"),
        (rf"{_SINCE}{_DOWN_WORDS}{_N}%{_ABOUT}", r"-\g<n>%"),
        # 提高2件, 增加40家: so many more (or fewer) than last year, in the indicator's own unit
        (rf"{_SINCE}{_UP_WORDS}{_N}{_U}{_ABOUT}", r"+\g<n>\g<u>"),
        (rf"{_SINCE}{_DOWN_WORDS}{_N}{_U}{_ABOUT}", r"-\g<n>\g<u>"),
        (rf"{_N}{_U}[-~～—至到]{_M}(?P<v>.*)", r"\g<n>\g<u>..\g<m>\g<v>"),
    )
)
# Words that only say how hard the bureau tries (确保300家 is 300家), dropped before reading the rest.
_MODAL = re.compile(r"(?:全年|年内|今年|力争|确保|争取|实现)+(?=.)")
_DOUBLING = re.compile(rf"{_SINCE}(?:实现)?翻(?P<k>[一两二三四]?)番")
_NEW = re.compile(rf"(?P<word>新增|净增){_N}{_U}(?P<more>以上|及以上)?")
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_RANK_WORDING = re.compile(
    r"(?:列|位列|位居|稳居|居|保持|进入|排名|排在|争创)?(?:全国|全省|全市|全区|全县|同类地区)?"
    r"(?:第|前)(?P<n>\d+|[一二两三四五六七八九十]{1,3})(?:名|位)?(?:以内)?"
)
_LEVEL = re.compile(r"(?P<op>>=|<=|>|<)?(?P<num>.+)")
_RANGE = re.compile(r"(?P<low>.+?)\.\.(?P<high>.+)")
_GROWTH = re.compile(r"(?P<sign>[+-])(?P<num>\d+(?:\.\d+)?|\.\d+)(?P<suffix>%|pp|个百分点)")
_INCREASE = re.compile(r"(?P<sign>[+-])(?P<rest>.+)")
_RANK = re.compile(r"(?:rank|位次|排名)(?P<op><=|<)(?P<num>\d+)")


def _bad(message: str) -> BadValue:
    return BadValue("target", message)


# Where a plan's sentence turns from what it measures to the target: 有效期内高企|超260家,
# 技术合同成交额|增长15%以上, R&D经费占GDP比重|达到2.8%.
_TURN = re.compile(
    "新增|净增|增长|提高|提升|增加|上升|下降|降低|减少|突破|超过|超|高于|大于|不少于|不低于|不小于|至少|达到|达|"
    "不超过|不高于|不大于|控制在|低于|少于|小于|同比|较上年|比上年|较去年|比去年|翻|列|位居|保持|确保|力争"
)


def parse_target(raw: object, unit: str, direction: str, kind: str = "flow") -> Target:
    """Read a target as written (int, Decimal or text) for an indicator in `unit`. The indicator's
    `kind` decides what 新增N means: the year's flow of N for a flow, N more than last year for a stock.

    A target copied whole from a plan's sentence (`全年新增高企50家`, `有效期内高企超260家`,
    `力争签订产学研协议40项以上`, `征集不少于200个创业项目参赛`) is read from its one number, the
    comparison its words give and the unit after it (wording.py); the text shown stays as written.
    A target for part of the year (`力争首季度科技型中小企业达到300家`) is a level judged at that
    month's end, shown as `一季度末 ≥ 300` — never silently a whole-year target.

    Raises `BadValue` with code `target`, `placeholder` or `unit`.

    A province writes the same few thousand texts (`+8%`, `>= 120`) for 100,000 indicator-years: each
    is read once per unit, direction and kind, and the (immutable) Target shared. The type is part of
    the key (True == 1, Decimal("1.0") == 1 would otherwise meet); failures are not kept.
    """
    memo_key = (type(raw), str(raw) if isinstance(raw, Decimal) else raw, unit, direction, kind)
    try:
        return _MEMO[memo_key]
    except KeyError:
        pass
    except TypeError:  # unhashable (a list where a target belongs): read, and refused, below
        return _parse_target(raw, unit, direction, kind)
    target = _parse_target(raw, unit, direction, kind)
    if len(_MEMO) < 100_000:
        _MEMO[memo_key] = target
    return target


_MEMO: dict[tuple, Target] = {}


def _parse_target(raw: object, unit: str, direction: str, kind: str) -> Target:
    if isinstance(raw, str):
        month, rest = wording.period(raw)
        if month is not None:
            return _within_year(raw, rest, month, unit, direction, kind)
    try:
        return _parse(raw, unit, direction, kind)
    except BadValue as exc:
        if exc.code not in ("target", "unit") or not isinstance(raw, str):
            raise
        first = exc  # a "unit" may be the object after the number: 争取2家企业获批省级工程技术研究中心
    compact = _compact(raw)
    worded = compact is not None and re.search(r"[\u4e00-\u9fff]", compact) and not re.search(r"[+<>=]|\.\.", compact)
    reading = wording.read(compact, unit, kind) if worded and compact is not None else None
    if reading is not None:
        try:
            return _parse(reading.form, unit, direction, kind)._replace(text=raw)
        except BadValue as exc:
            if exc.code != "target":  # a unit or a placeholder: that error says what to fix, of the sentence
                raise BadValue(exc.code, exc.message.replace(repr(reading.form), repr(raw))) from None
    for turn in _TURN.finditer(raw):
        subject, rest = raw[: turn.start()], raw[turn.start() :]
        if not subject.strip() or re.search(r"\d", subject):
            continue
        for cut in (rest, _NEW_SUBJECT.sub(r"\g<word>", rest, count=1)):
            try:
                return _parse(cut, unit, direction, kind)._replace(text=raw)
            except BadValue:
                continue
    if _NEW_SUBJECT.match(raw):  # 新增高企50家: what is counted sits between 新增 and the number
        try:
            return _parse(_NEW_SUBJECT.sub(r"\g<word>", raw, count=1), unit, direction, kind)._replace(text=raw)
        except BadValue:
            pass
    generic = _("cannot read target {raw!r}; write one of: {forms}").format(raw=raw, forms=_(FORMS))
    if first.code != "target":
        raise first from None
    if first.message == generic or wording.VAGUE_RANK.search(raw):  # the one fix for this sentence, not every form
        raise _bad(wording.fix(raw, unit, direction)) from None
    raise first from None


# How a target for part of the year is shown: 一季度末 ≥ 300.
_PERIOD_LABELS = {3: "一季度末", 9: "三季度末"}
_OP_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


def period_label(month: int) -> str:
    return _PERIOD_LABELS.get(month, f"{month}月末")


def _within_year(raw: str, rest: str, month: int, unit: str, direction: str, kind: str) -> Target:
    """`力争首季度科技型中小企业达到300家`: at least 300 at the end of March, shown `一季度末 ≥ 300`."""
    target = parse_target(rest, unit, direction, kind) if rest.strip() else None
    if target is None or target.kind != "level":
        raise _bad(
            _(
                "{raw!r}: a target for part of the year is a level at that month's end; write {label} ≥ 300 "
                "with the plan's figure"
            ).format(raw=raw, label=period_label(month))
        )
    amount = _plain(target.amount)
    shown = f"{period_label(month)} {_OP_SIGNS[target.op]} {amount}"
    if target.stretch is not None:
        shown += f"..{_plain(target.stretch)}"
    return target._replace(text=shown, month=month)


def _compact(raw: str) -> str | None:
    try:
        return re.sub(r"\s+", "", number_text(raw))
    except BadValue:
        return None


_NEW_SUBJECT = re.compile(r"(?:全年|年内|今年)?(?P<word>新增|净增)[^\d+\-<>=.,]+?(?=\d)")


def _parse(raw: object, unit: str, direction: str, kind: str) -> Target:
    up = direction != "down"
    if isinstance(raw, bool) or not isinstance(raw, (int, Decimal, str)):
        raise _bad(_("expected a target such as {forms}").format(forms=_(FORMS)))
    text = raw if isinstance(raw, str) else _plain(Decimal(raw))
    if not isinstance(raw, str):
        try:
            return Target(text, "level", ">=" if up else "<=", finite(Decimal(raw), text))
        except BadValue as exc:
            raise _bad(exc.message) from None
    try:
        compact = number_text(raw)
    except BadValue as exc:
        raise _bad(exc.message) from None
    for symbol, op in _SYMBOLS.items():
        compact = compact.replace(symbol, op)
    compact = re.sub(r"\s+", "", compact)
    if not compact:
        raise _bad(_("empty target; write one of: {forms}").format(forms=_(FORMS)))
    compact = _symbolic(compact, kind, raw)
    slip = _slip(raw, compact, up)
    if slip is not None:
        raise slip

    if m := _RANK.fullmatch(compact):
        n = int(m.group("num")) - (1 if m.group("op") == "<" else 0)
        if n < 1:
            raise _bad(_("{raw!r}: a rank target needs a position of 1 or more").format(raw=raw))
        return Target(text, "rank", "<=", Decimal(n))
    if m := _RANGE.fullmatch(compact):
        low_text, high_text = m.group("low"), m.group("high")
        if low_text.startswith("+") or high_text.startswith("+"):
            raise _bad(_("{raw!r}: a range joins two levels (50..60); a growth target has no range").format(raw=raw))
        low_text = _shared_unit(low_text, high_text, raw)
        low = _number(low_text, unit, raw)
        high = _number(high_text, unit, raw)
        if up and high < low:
            raise _bad(
                _(
                    "{raw!r}: the stretch (after ..) must be above the floor for an indicator where higher is better"
                ).format(raw=raw)
            )
        if not up and high > low:
            raise _bad(
                _(
                    "{raw!r}: the stretch (after ..) must be below the ceiling for an "
                    "indicator where lower is better (direction: down)"
                ).format(raw=raw)
            )
        return Target(text, "level", ">=" if up else "<=", low, high)
    if m := _GROWTH.fullmatch(compact):
        amount = Decimal(m.group("sign") + m.group("num"))
        if m.group("suffix") == "%":
            if amount <= -100:
                raise _bad(_("{raw!r}: a reduction of {all} or more leaves nothing").format(raw=raw, all="100%"))
            return Target(text, "growth", ">=" if up else "<=", amount)
        if unit != "%":
            raise _bad(
                _("{raw!r}: percentage points (pp) apply only to indicators in %; this one is in {unit}").format(
                    raw=raw, unit=unit
                )
            )
        return Target(text, "points", ">=" if up else "<=", amount)
    if m := _INCREASE.fullmatch(compact):
        amount = _number(m.group("rest"), unit, raw, allow_sign=False)
        if m.group("sign") == "-":
            amount = -amount
        return Target(text, "increase", ">=" if up else "<=", amount)
    m = _LEVEL.fullmatch(compact)
    if m and m.group("num"):
        op = m.group("op") or (">=" if up else "<=")
        if unit != "%" and re.fullmatch(r"\d+(?:\.\d+)?%", m.group("num")):
            message = _("{raw!r}: this indicator is in {unit}, not %; for growth over last year write +{growth}")
            raise _bad(message.format(raw=raw, unit=unit, growth=m.group("num")))
        return Target(text, "level", op, _number(m.group("num"), unit, raw))  # type: ignore[arg-type]
    if re.fullmatch(r"[^.]*\d\s*[-~～—至到]\s*\d[^.]*", compact):
        raise _bad(_("cannot read target {raw!r}; write a range as 3..5 (确保 3, 力争 5)").format(raw=raw))
    raise _bad(_("cannot read target {raw!r}; write one of: {forms}").format(raw=raw, forms=_(FORMS)))


def _symbolic(compact: str, kind: str, raw: object) -> str:
    """A plan's own wording as the symbolic form it means (`确保50家以上` -> `>=50家`); other text as is."""
    for pattern, replacement in _WORDING[:1]:  # 确保X、力争Y before 确保 is dropped as a mere modal
        if m := pattern.fullmatch(compact):
            return m.expand(replacement)
    compact = _MODAL.sub("", compact, count=1) if _MODAL.match(compact) else compact
    if m := _RANK_WORDING.fullmatch(compact):
        return f"rank<={_cn_number(m.group('n'))}"
    if m := _DOUBLING.fullmatch(compact):  # 翻一番: twice last year's level, +100%; 翻两番 four times
        return f"+{(2 ** _cn_number(m.group('k') or '一') - 1) * 100}%"
    if m := _NEW.fullmatch(compact):
        amount = m.group("n") + m.group("u")
        if kind == "ratio":
            word = m.group("word")
            raise _bad(
                _("{raw!r}: {word} counts firms or items; for a ratio write a level (>= 2.8) or +0.2pp").format(
                    raw=raw, word=word
                )
            )
        if m.group("word") == "新增" and kind == "flow":
            return (">=" if m.group("more") else "") + amount  # the year's own flow
        return "+" + amount  # a stock: that many more than last year's level
    for pattern, replacement in _WORDING[1:]:
        if m := pattern.fullmatch(compact):
            return m.expand(replacement)
    return compact


def _cn_number(text: str) -> int:
    """`3`, `三`, `十`, `十二`, `二十三` as an int (a rank or a doubling count: small numbers only)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS[text]


def _slip(raw: object, compact: str, up: bool) -> BadValue | None:
    """The error for a common slip, with its fix (else the target is read on, and if it is in no
    known form the error lists every form)."""
    fall = re.search(rf"{_DOWN_WORDS}(?:不超过|不高于|控制在){_N}%", compact)
    if fall:
        n = fall.group("n")
        if up:
            hint = _(
                "cannot read target {raw!r}; for a fall of at most {n}% write -{n}% "
                "(where higher is better, -{n}% accepts down to last year × {kept})"
            )
        else:
            hint = _(
                "cannot read target {raw!r}; {fall} reads as a fall of at least {n}% where lower is better; "
                "or write the level you accept, e.g. <= 0.5"
            )
        return _bad(hint.format(raw=raw, n=n, kept=_kept(n), fall=f"-{n}%"))
    about = re.fullmatch(rf"{_N}{_U}左右", compact)
    if about:
        n, u = about.group("n"), about.group("u")
        return _bad(
            _(
                "cannot read target {raw!r}: 左右 (about) is read after a growth rate (增长15%左右 is +15%); "
                "for a level write {n}{u} (at least {n}) or a range such as {n}..{high}"
            ).format(raw=raw, n=n, u=u, high=_plus_tenth(n))
        )
    if re.search(r"[一二两三四五六七八九十百千]", compact) and not re.search(r"\d", compact):
        return _bad(
            _("cannot read target {raw!r}; write the number in digits (50家以上, not 五十家以上)").format(raw=raw)
        )
    return None


def _kept(n: str) -> str:
    share = (100 - Decimal(n)) / 100
    return format(share.normalize(), "f")


def _plus_tenth(n: str) -> str:
    high = Decimal(n.replace(",", "")) * Decimal("1.1")
    return format(high.normalize(), "f")


def _number(text: str, unit: str, raw: object, allow_sign: bool = True) -> Decimal:
    if not allow_sign and text[:1] in "+-":
        raise _bad(_("cannot read target {raw!r}; write one of: {forms}").format(raw=raw, forms=_(FORMS)))
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
        raise _bad(_("cannot read target {raw!r}; write one of: {forms}").format(raw=raw, forms=_(FORMS))) from None
    if approximate:
        raise _bad(_("{raw!r}: a target is exact; drop 余/多/近/约/+").format(raw=raw))
    return converted


def _shared_unit(low: str, high: str, raw: object) -> str:
    """`1.5..2亿元`: a unit written once, after the high end, is the low end's too."""
    try:
        _n, low_unit, _a = split_number(low)
        _n, high_unit, _a = split_number(high)
    except BadValue:
        return low  # _number says what is wrong
    if not low_unit and high_unit:
        return low + high_unit
    if low_unit and high_unit and low_unit != high_unit:
        message = _("{raw!r}: the two ends of a range are in different units ({low}, {high})")
        raise _bad(message.format(raw=raw, low=low_unit, high=high_unit))
    return low


def _plain(number: Decimal) -> str:
    """A target written as a YAML number, as a person writes it: `50` for 5e1 or 50.0, `0.001`
    for 1.0e-3 (str() of a Decimal keeps the exponent and the trailing zeros)."""
    return format(number.normalize(), "f") if number.is_finite() else str(number)
