"""The target language (SPEC 3): `50`, `>= 50`, `≥50`, `> 260`, `50..60`, `+15%`, `+0.2pp`, `+40`,
`rank <= 2`, and the same in a plan's own words: `超260家`, `50家以上`, `不少于150家`, `增长15%以上`,
`提高0.2个百分点`, `3-5个`, `列全市前3`.

A `Target` is what was written; `Target.resolve` turns it into a threshold once the previous
year's actual is known. All arithmetic is exact (`Fraction`): `+10%` on 10 is exactly 11.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Literal, NamedTuple

from sciplan.validate.values import BadValue, convert, finite, number_text, split_number

Op = Literal[">=", ">", "<=", "<"]
Kind = Literal["level", "growth", "points", "increase", "rank"]

FORMS = "50, >= 50, > 260, <= 0.5, < 3, 50..60, +15%, -3%, +0.2pp, +40, rank <= 2"

_SYMBOLS = {"≥": ">=", "≤": "<=", "=>": ">=", "=<": "<="}

# A bureau's own wording, as plans write it, read as the forms above ("超260家" is "> 260家").
# Not 新增N: for a flow (全年新增高企50家) it is the level 50, for a stock an increase of 50.
_N = r"(?P<n>\d[\d,]*(?:\.\d+)?)"
_WORDING = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (rf"(?:超过|超){_N}(?P<u>.*)", r">\g<n>\g<u>"),
        (rf"(?:不少于|不低于|至少|达到|确保){_N}(?P<u>.*?)(?:以上)?", r">=\g<n>\g<u>"),
        (rf"{_N}(?P<u>[^\d.]*?)(?:及以上|以上)", r">=\g<n>\g<u>"),
        (rf"(?:不超过|不高于|控制在){_N}(?P<u>.*?)(?:以内|以下)?", r"<=\g<n>\g<u>"),
        (rf"{_N}(?P<u>[^\d.]*?)(?:及以下|以下|以内)", r"<=\g<n>\g<u>"),
        (rf"(?:同比)?增长{_N}%(?:以上)?", r"+\g<n>%"),
        (rf"(?:同比)?下降{_N}%(?:以上)?", r"-\g<n>%"),
        (rf"提高{_N}(?:个百分点|pp)(?:以上)?", r"+\g<n>pp"),
        (rf"{_N}(?P<u>[^\d.]*?)[-~～—至到](?P<m>\d[\d,]*(?:\.\d+)?)(?P<v>.*)", r"\g<n>\g<u>..\g<m>\g<v>"),
        (r"(?:列|保持|进入)?(?:全市|全省|全区)?(?:前|第)(?P<n>\d+)(?:名|位)?", r"rank<=\g<n>"),
    )
)
_LEVEL = re.compile(r"(?P<op>>=|<=|>|<)?(?P<num>.+)")
_RANGE = re.compile(r"(?P<low>.+?)\.\.(?P<high>.+)")
_GROWTH = re.compile(r"(?P<sign>[+-])(?P<num>\d+(?:\.\d+)?|\.\d+)(?P<suffix>%|pp|个百分点)")
_INCREASE = re.compile(r"(?P<sign>[+-])(?P<rest>.+)")
_RANK = re.compile(r"(?:rank|位次|排名)(?P<op><=|<)(?P<num>\d+)")


def _bad(message: str) -> BadValue:
    return BadValue("target", message)


class Resolved(NamedTuple):
    """A target made concrete for one year: `actual op value` must hold."""

    op: Op
    value: Fraction | None  # None when it cannot be resolved (growth without a base)
    stretch: Fraction | None = None  # 力争 level of a range target


class Target(NamedTuple):
    text: str  # as written, for display and JSON
    kind: Kind
    op: Op
    amount: Decimal  # the level; the percent, pp or increase over last year; the rank
    stretch: Decimal | None = None

    @property
    def needs_base(self) -> bool:
        return self.kind in ("growth", "points", "increase")

    def resolve(self, previous: Fraction | None) -> Resolved:
        """The threshold for a year whose previous actual is `previous` (None if unknown)."""
        amount = Fraction(self.amount)
        stretch = None if self.stretch is None else Fraction(self.stretch)
        if self.kind in ("level", "rank"):
            return Resolved(self.op, amount, stretch)
        if previous is None:
            return Resolved(self.op, None)
        if self.kind == "growth":
            if previous <= 0:  # growth on nothing or on a loss has no meaning, as YoY has none
                return Resolved(self.op, None)
            return Resolved(self.op, previous * (1 + amount / 100))
        return Resolved(self.op, previous + amount)  # points and increase

    def __str__(self) -> str:
        return self.text


def parse_target(raw: object, unit: str, direction: str) -> Target:
    """Read a target as written (int, Decimal or text) for an indicator in `unit`.

    Raises `BadValue` with code `target`, `placeholder` or `unit`.
    """
    up = direction != "down"
    if isinstance(raw, bool) or not isinstance(raw, (int, Decimal, str)):
        raise _bad(f"expected a target such as {FORMS}")
    text = str(raw)
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
        raise _bad(f"empty target; write one of: {FORMS}")
    for pattern, replacement in _WORDING:
        if pattern.fullmatch(compact):
            compact = pattern.sub(replacement, compact)
            break

    if m := _RANK.fullmatch(compact):
        n = int(m.group("num")) - (1 if m.group("op") == "<" else 0)
        if n < 1:
            raise _bad(f"{raw!r}: a rank target needs a position of 1 or more")
        return Target(text, "rank", "<=", Decimal(n))
    if m := _RANGE.fullmatch(compact):
        low_text, high_text = m.group("low"), m.group("high")
        if low_text.startswith("+") or high_text.startswith("+"):
            raise _bad(f"{raw!r}: a range joins two levels (50..60); a growth target has no range")
        low_text = _shared_unit(low_text, high_text, raw)
        low = _number(low_text, unit, raw)
        high = _number(high_text, unit, raw)
        if up and high < low:
            raise _bad(
                f"{raw!r}: the stretch (after ..) must be above the floor for an indicator where higher is better"
            )
        if not up and high > low:
            raise _bad(
                f"{raw!r}: the stretch (after ..) must be below the ceiling for an "
                "indicator where lower is better (direction: down)"
            )
        return Target(text, "level", ">=" if up else "<=", low, high)
    if m := _GROWTH.fullmatch(compact):
        amount = Decimal(m.group("sign") + m.group("num"))
        if m.group("suffix") == "%":
            if amount <= -100:
                raise _bad(f"{raw!r}: a reduction of 100% or more leaves nothing")
            return Target(text, "growth", ">=" if up else "<=", amount)
        if unit != "%":
            raise _bad(f"{raw!r}: percentage points (pp) apply only to indicators in %; this one is in {unit}")
        return Target(text, "points", ">=" if up else "<=", amount)
    if m := _INCREASE.fullmatch(compact):
        amount = _number(m.group("rest"), unit, raw, allow_sign=False)
        if m.group("sign") == "-":
            amount = -amount
        return Target(text, "increase", ">=" if up else "<=", amount)
    m = _LEVEL.fullmatch(compact)
    if m and m.group("num"):
        op = m.group("op") or (">=" if up else "<=")
        if unit != "%" and _bare_percent(m.group("num")):
            raise _bad(
                f"{raw!r}: this indicator is in {unit}, not %; for growth over last year write +{m.group('num')}"
            )
        return Target(text, "level", op, _number(m.group("num"), unit, raw))  # type: ignore[arg-type]
    if re.fullmatch(r"[^.]*\d\s*[-~～—至到]\s*\d[^.]*", compact):
        raise _bad(f"cannot read target {raw!r}; write a range as 3..5 (确保 3, 力争 5)")
    raise _bad(f"cannot read target {raw!r}; write one of: {FORMS}")


def _number(text: str, unit: str, raw: object, allow_sign: bool = True) -> Decimal:
    if not allow_sign and text[:1] in "+-":
        raise _bad(f"cannot read target {raw!r}; write one of: {FORMS}")
    try:
        value, written, approximate = split_number(text)
        converted = convert(value, written, unit, str(raw))
    except BadValue as exc:
        if exc.code == "placeholder":
            raise BadValue("placeholder", f"{raw!r} is a template placeholder, not a number") from None
        if exc.code in ("unit", "out-of-range", "nan"):
            raise
        raise _bad(f"cannot read target {raw!r}; write one of: {FORMS}") from None
    if approximate:
        raise _bad(f"{raw!r}: a target is exact; drop 余/多/近/约/+")
    return converted


def _shared_unit(low: str, high: str, raw: object) -> str:
    """`1.5..2亿元`: a unit written once, after the high end, is the low end's too."""
    try:
        _, low_unit, _ = split_number(low)
        _, high_unit, _ = split_number(high)
    except BadValue:
        return low  # _number says what is wrong
    if not low_unit and high_unit:
        return low + high_unit
    if low_unit and high_unit and low_unit != high_unit:
        raise _bad(f"{raw!r}: the two ends of a range are in different units ({low_unit}, {high_unit})")
    return low


def _bare_percent(text: str) -> bool:
    return text.endswith("%") and text[:1] not in "+-"
