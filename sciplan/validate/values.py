"""The value language of data files: `86`, `"86家"`, `"46.8%"`, `"1,240"`, `"1.24亿元"`, `"100余"`.

A value is read into an exact `Decimal` in the indicator's unit. Money converts between 元, 万元
and 亿元; any other unit that differs from the indicator's is an error, and so is every template
placeholder (`xx`, `x.xx`, `xxx家`): they are never numbers.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import NamedTuple

from sciplan.core.chars import cut
from sciplan.core.i18n import _
from sciplan.core.numbers import MAX_DECIMALS, MAX_DIGITS, MAX_SIGNIFICANT

# Powers of ten of the money units a bureau writes; a bare 万 or 亿 is money only beside a money unit.
MONEY = {"元": 0, "千元": 3, "万元": 4, "百万元": 6, "千万元": 7, "亿元": 8, "万亿元": 12}
_MONEY_SHORTHAND = {"千": 3, "万": 4, "百万": 6, "千万": 7, "亿": 8, "万亿": 12}

_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?"
_VALUE = re.compile(rf"(?P<near>[近约])?(?P<num>{_NUMBER})(?P<more>[余多+])?(?P<unit>.*?)(?P<about>左右)?", re.S)
# A placeholder has an x where a digit should be: xx, x.xx, 20xx, xx%, xxx家, 近xx万元.
_PLACEHOLDER = re.compile(r"[近约]?[+-]?(?=[\d.,]*[xX])[\dxX.,]+[余多+]?[^A-Za-z]*")


from sciplan.core.problem import BadValue  # noqa: E402 - re-exported: the value language raises it


class Quantity(NamedTuple):
    value: Decimal  # in the indicator's unit, exact
    approximate: str = ""  # the word an approximate value was written with (近, 约, 余, 多, +, 左右)


# Full-width forms (U+FF01–FF5E) to ASCII, the ideographic space to a space. Only these: NFKC
# would also read a footnote mark as a digit (`268¹` as 2681, `26①` as 261).
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
MAX_TEXT = 100  # characters: no figure is written longer


def normalize(text: str) -> str:
    """Full-width digits and signs to ASCII (`４６．８％` -> `46.8%`), outer spaces dropped."""
    return text.translate(_FULL_WIDTH).strip()


def number_text(raw: str) -> str:
    """`raw` normalized for the value and target languages, which read the digits 0–9 only: any
    other digit-like character (`¹`, `①`, `٣`) is refused, never read as a digit."""
    if len(raw) > MAX_TEXT:
        message = _("{raw!r} ({n:,} characters) is too long to be a number")
        raise BadValue("out-of-range", message.format(raw=cut(raw), n=len(raw)))
    text = normalize(raw)
    if not text.isascii():
        for char in text:
            if char > "\x7f" and unicodedata.category(char)[0] == "N":
                message = _(
                    "{raw!r} holds {char} (U+{code}), which is not a digit 0–9; "
                    "write digits 0–9 (a footnote mark goes in note:)"
                )
                raise BadValue("not-a-number", message.format(raw=cut(raw), char=char, code=f"{ord(char):04X}"))
    return text


def parse_value(raw: object, unit: str) -> Quantity:
    """Read a raw YAML value (int, Decimal or text) as a quantity in `unit`."""
    kind = type(raw)
    if kind is Decimal:  # the common case: a plain YAML number
        return Quantity(finite(raw, str(raw)))  # type: ignore[arg-type]
    if kind is int:
        return Quantity(finite(Decimal(raw), str(raw)))  # type: ignore[arg-type]
    if isinstance(raw, bool):
        raise BadValue("type", _("expected a number, got {got}").format(got=str(raw).lower()))
    if not isinstance(raw, str):
        raise BadValue("type", _("expected a number, got {got}").format(got=type(raw).__name__))
    number, written_unit, approximate = split_number(raw)
    return Quantity(convert(number, written_unit, unit, raw), approximate)


def split_number(raw: str) -> tuple[Decimal, str, str]:
    """`"近1,240万元"` -> (1240, "万元", "近"): the number, its unit, and the approximate word it was
    written with ("" for an exact value). Raises BadValue."""
    text = number_text(raw)
    if re.fullmatch(r"0[xX][0-9a-fA-F]+", text):
        raise BadValue("not-a-number", _("{raw!r} is not a number; write it in decimal").format(raw=raw))
    if _PLACEHOLDER.fullmatch(text):
        raise BadValue(
            "placeholder",
            _(
                "{raw!r} is a template placeholder, not a number; write the figure, or null if it is not reported yet"
            ).format(raw=raw),
        )
    m = _VALUE.fullmatch(text)
    num = m.group("num") if m else ""
    if not m or not any(c.isdigit() for c in num):
        message = (
            _("{raw!r} is not a number; write null for a value not reported yet")
            if text in ("", "-", "—", "/", "N/A")
            else _('{raw!r} is not a number; write a number such as 86, "86家" or "1.24亿元"')
        )
        raise BadValue("not-a-number", message.format(raw=raw))
    unit = m.group("unit").strip()
    if re.search(r"[0-9]", unit) or unit[:1] in tuple(",.:;-_/~") or re.match(r"[eE][+-]?\d", unit):
        # "12,40", "1.2.3", "1e5", "1:20", "2024-01-01", "1_000", "50-60": a malformed number, no unit
        raise BadValue(
            "not-a-number", _("{raw!r} is not a number; write a number such as 1,240 or 12.5").format(raw=raw)
        )
    approximate = m.group("near") or m.group("more") or m.group("about") or ""
    if m.group("near") and (m.group("more") or m.group("about")):  # 近500余: which side?
        raise BadValue(
            "not-a-number",
            _("{raw!r} is not a number; write one approximate word: 近500, 500余 or 约500").format(raw=raw),
        )
    return finite(Decimal(num.replace(",", "")), raw), unit, approximate


def convert(value: Decimal, written: str, unit: str, raw: str) -> Decimal:
    """`value` written in `written` (maybe empty), in the indicator's `unit`; exact.

    Money converts between 元, 万元 and 亿元; in any other unit 万 and 亿 are multipliers, as a
    bureau writes them: `1.2万件` is 12000 件, `0.26万` 2600, and 12000平方米 is 1.2 万平方米.
    """
    if not written or written == unit:
        return value
    if unit in MONEY and written in _MONEY_SHORTHAND:  # 11.2亿 for an indicator in 万元
        written += "元"
    if written in MONEY and unit in MONEY:
        return _shift(value, MONEY[written] - MONEY[unit], _("{raw} (in {unit})").format(raw=raw, unit=unit))
    if unit not in MONEY and written not in MONEY and unit != "%":
        power, base = _scale(written)
        unit_power, unit_base = _scale(unit)
        if base in ("", unit_base) and (power or unit_power):
            return _shift(value, power - unit_power, _("{raw} (in {unit})").format(raw=raw, unit=unit))
        value = _shift(value, power - unit_power)  # 3万件 for an indicator in 家: suggest 30000家
    number = format(value.normalize(), "f")
    if unit == "%":
        instead = _("a percentage such as {percent} or {number}")
    elif written == "%":  # a rate where a count or amount belongs
        instead = _("the figure in {unit} (e.g. {number}), not a percentage")
    else:
        instead = _("{number}{unit} or {number}")
    message = _(
        "{raw!r} is in {written}, but this indicator is measured in {unit}; write {instead} "
        "(or correct the indicator's unit in targets.yaml)"
    )
    instead = instead.format(number=number, unit=unit, percent=f"{number}%")
    raise BadValue("unit", message.format(raw=raw, written=written, unit=unit, instead=instead))


def _scale(unit: str) -> tuple[int, str]:
    """`万件` -> (4, "件"): the power of ten a 万 or 亿 in front of a unit stands for, and the rest."""
    for prefix, power in (("万亿", 12), ("亿", 8), ("万", 4)):
        if unit.startswith(prefix):
            return power, unit[len(prefix) :]
    return 0, unit


def _shift(value: Decimal, places: int, raw: str | None = None) -> Decimal:
    converted = value.scaleb(places)  # exact: a shift of the exponent
    if raw is not None:
        finite(converted, raw)  # "999999999999999万亿元" is no figure in 万元
    return converted.quantize(Decimal(1)) if converted.as_tuple().exponent > 0 else converted  # type: ignore[operator]  # finite, so an int


def finite(value: Decimal, raw: str) -> Decimal:
    """`value` if it is a plausible finite number, else BadValue (nan or out-of-range)."""
    if not value.is_finite():
        written = (
            cut(raw)
            if raw not in ("NaN", "Infinity", "-Infinity")
            else (".nan" if value.is_nan() else ("-.inf" if value < 0 else ".inf"))
        )
        raise BadValue("nan", _("{written} is not a finite number").format(written=written))
    if value:
        magnitude = value.adjusted()  # the power of ten of the first digit: cheap, unlike as_tuple()
        if magnitude >= MAX_DIGITS:
            message = _("{raw} is implausibly large: sciplan reads up to {n} digits")
            raise BadValue("out-of-range", message.format(raw=cut(raw), n=MAX_DIGITS))
        if magnitude < -MAX_DECIMALS:
            message = _("{raw} is implausibly small: sciplan reads up to {n} decimals")
            raise BadValue("out-of-range", message.format(raw=cut(raw), n=MAX_DECIMALS))
        # more digits than a spreadsheet keeps (a double: Excel and WPS show 15): the workbook and the
        # charts could not show the figure as written (99999999999999.99 would read …98). Only a text of
        # more than 15 characters can hold that many, so the digits are counted only then.
        if len(raw) > MAX_SIGNIFICANT and len(value.normalize().as_tuple().digits) > MAX_SIGNIFICANT:
            n = len(value.normalize().as_tuple().digits)
            message = _(
                "{raw} has {n} significant digits, more than the {most} a spreadsheet keeps (Excel and WPS show "
                "{most}): the report's workbook could not show it as written; round it to {most} digits"
            )
            raise BadValue("out-of-range", message.format(raw=cut(raw), n=n, most=MAX_SIGNIFICANT))
    return value
