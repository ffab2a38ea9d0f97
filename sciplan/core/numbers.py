"""Exact numbers and how they are shown.

Everything is computed unrounded as `Fraction`; rounding happens only here, when a number is
shown, and never feeds back into a status. Rounding is half away from zero (四舍五入), as
Chinese statistical tables round.

Numbers are written as Chinese government tables and statistical bulletins write them: no
thousands separators ("1341亿元", "28500", "-1500"; GB/T 15835 lets a publication leave them out,
and 统计公报 do, in tables and prose alike), the same in both languages, so a table never shows
"28,500" beside "-1500" and a figure pasted into a spreadsheet stays a number.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

# A bureau's figures fit in 15 integer digits, and nothing it measures needs more than 10 decimal
# places; beyond that a value is a typo, or an attack (1e-999999 would cost megabytes as an exact
# fraction), so it is refused, not computed. Text numbers are at most 40 characters (load/parser.py).
MAX_DIGITS, MAX_DECIMALS = 15, 10
# ... and at most 15 significant digits in all: what a double holds exactly and a spreadsheet shows
# (Excel keeps 15), so the workbook holds every figure as written (validate.values).
MAX_SIGNIFICANT = 15
# ... so a written figure has at most 24 decimals (0.000000000123456789012345): shown whole, never cut.
WRITTEN_PLACES = MAX_DECIMALS + MAX_SIGNIFICANT - 1


def fraction_of(value: Decimal | int) -> Fraction:
    """`Fraction(value)`, the same value, 3x faster for a Decimal: Fraction's own test for one goes
    through the numbers ABCs (a warm 100k-indicator status turns half a million figures)."""
    if type(value) is Decimal:
        numerator, denominator = value.as_integer_ratio()
        return Fraction(numerator, denominator)
    return Fraction(value)


# Units that count things: whole numbers ("120人", "≥ 60"), never "120.0".
COUNT_UNITS = frozenset("家个项件人名场期份次篇所座台套户位支批条届部门辆株本册类种处间栋") | {
    "家次", "人次", "项次", "场次", "个次", "批次", "期次",
}  # fmt: skip


def never_negative(unit: str, name: str) -> bool:
    """A count of things (新认定国家高新技术企业, 有效期内…) is never below zero; a net change (净增…, 增减) may be."""
    return unit.strip() in COUNT_UNITS and not any(word in name for word in ("净", "增减", "变动", "变化"))


def default_decimals(unit: str, figures: Iterable[Fraction | Decimal | int]) -> int:
    """The decimals an indicator shows when targets.yaml sets no `decimals:`, as a bureau writes
    them: counts whole, 万元 whole when every figure written is whole (7840万元) else 2 (628.34万元),
    anything else (亿元, %, 万平方米, …) 2. Decided once per indicator from every year's figures, so
    a target reads the same in every year. A count written with a fraction keeps its digits."""
    u = unit.strip()
    written = [Fraction(f) for f in figures]
    if u in COUNT_UNITS:
        return max((2 if (p := terminating_places(f, 2)) is None else p for f in written), default=0)
    if u == "万元":
        return 0 if all(f.denominator == 1 for f in written) else 2
    return 2


def terminating_places(x: Fraction, limit: int = 6) -> int | None:
    """Decimals needed to write `x` exactly, or None if more than `limit` (or never ending)."""
    return _places_of(_ratio(x)[1], limit)


def _places_of(d: int, limit: int) -> int | None:
    """Decimals n/d (in lowest terms) needs: d divides 10^p exactly when d is 2^a·5^b and p ≥ max(a, b),
    so p = max(a, b), found by taking the twos and fives out of d (no powers of ten tried one by one)."""
    twos = (d & -d).bit_length() - 1
    d >>= twos
    fives = 0
    while d % 5 == 0:
        d //= 5
        fives += 1
    places = max(twos, fives)
    return places if d == 1 and places <= limit else None


def _ratio(x: Fraction | Decimal | int) -> tuple[int, int]:
    """`x` as (numerator, denominator), exactly, in lowest terms (a Fraction and an int carry theirs)."""
    t = type(x)
    if t is Fraction:  # the commonest, without the two property calls of .numerator and .denominator
        return x.as_integer_ratio()
    if t is int:
        return x, 1  # type: ignore[return-value]
    if isinstance(x, (Fraction, int)):
        return x.numerator, x.denominator
    return Fraction(x).as_integer_ratio()


def _units(n: int, d: int, places: int) -> int:
    """n/d in units of 10^-places, rounded half away from zero, in whole integers: floor(|n|·10^p/d
    + 1/2) is (2·|n|·10^p + d) // 2d. Exact at any size (no float, no Decimal context to overflow)."""
    q: int = (2 * abs(n) * 10**places + d) // (2 * d)  # int ** int is Any to mypy (a negative power is a float)
    return q if n >= 0 else -q


def round_half_up(x: Fraction, places: int) -> Fraction:
    n, d = _ratio(x)
    return Fraction(_units(n, d, places), 10**places)


# Decimals a shown number may grow to so that rounding does not misstate it: a non-zero gap never
# reads 0, an actual never reads equal to a threshold it missed. A written figure needs at most 24
# (15 significant digits from 10^-10, validate.values), the difference of two such figures as many;
# 40 is where the exact CSV and JSON writing stops too (_EXACT_PLACES).
_LIMIT = 40


def magnitude(x: Fraction | Decimal | int) -> int:
    """The power of ten of the first digit of a non-zero `x`: 10^e <= |x| < 10^(e+1), exactly (in
    integers, no logarithm of a float): 12.3 is 1, 0.05 is -2, 0.1 is -1."""
    n, d = _ratio(x)
    n = abs(n)
    if n >= d:
        return _digit_count(n // d) - 1
    e = _digit_count(d // n) - 1  # 10^e <= d/n < 10^(e+1)
    return -e if d == n * 10**e else -e - 1


def _digit_count(k: int) -> int:
    """The decimal digits of k >= 1, exactly: by its text while short, else from its bit length (log10 2 is
    0.30103 to five places; the guess is then set right by powers of ten), as Python refuses the text of an
    integer of more than 4300 digits (a formula's quotient of 10^-5000 must not end in a traceback)."""
    if k.bit_length() < 10_000:  # under 3011 digits
        return len(str(k))
    guess = (k.bit_length() - 1) * 30103 // 100000
    power = 10**guess
    while power > k:
        power //= 10
        guess -= 1
    while power * 10 <= k:
        power *= 10
        guess += 1
    return guess + 1


def figure_places(x: Fraction | Decimal | int) -> int:
    """Decimals that write `x` to the 15 significant digits a figure may have (MAX_SIGNIFICANT):
    12.3456789012345 has 13, 0.00123 has 17, 1234567 none."""
    if x == 0:
        return 0
    return min(_LIMIT, max(0, MAX_SIGNIFICANT - 1 - magnitude(x)))


def fmt(x: Fraction | None, places: int = 2, *, sign: bool = False, missing: str = "—") -> str:
    """`x` with `places` decimals (more only where a non-zero `x` would read as zero); `sign` adds +
    to positives; no thousands separators, never scientific notation."""
    if x is None:
        return missing
    n, d = _ratio(x)
    return _written(n, d, places, sign)


def _written(n: int, d: int, places: int, sign: bool = False) -> str:
    """`fmt` of n/d (in lowest terms, d > 0)."""
    r = _units(n, d, places)
    while r == 0 and n != 0 and places < _LIMIT:  # visible_places: never a non-zero value read as zero
        places += 1
        r = _units(n, d, places)
    text = str(abs(r))
    if places:  # r / 10^places: its digits with the point `places` from the right, a 0 before it
        text = text.rjust(places + 1, "0")
        text = text[:-places] + "." + text[-places:]
    if r < 0:
        return "-" + text
    return ("+" + text) if sign and r > 0 else text


def visible_places(x: Fraction | Decimal | int, places: int) -> int:
    """The decimals `fmt(x, places)` writes: `places`, more only where a non-zero `x` would read as
    zero (0.0001 never reads 0.000)."""
    n, d = _ratio(x)
    while n != 0 and places < _LIMIT and _units(n, d, places) == 0:
        places += 1
    return places


def pace_places(gap: Fraction) -> int:
    """Decimals of a pace gap (序时进度, in 个百分点) wherever it is shown: one, as 完成率 and the
    elapsed share are printed (75.8% against 75.0% is +0.8个百分点, in status, every report table,
    its sentences and the workbook alike); more only where a non-zero gap would read 0.0, since its
    sign says 高于 or 低于 (83.38% against 83.33% is +0.05, never +0.0 nor +0.048)."""
    return visible_places(gap, 1)


def fmt_pace(gap: Fraction, *, sign: bool = True) -> str:
    """A pace gap with `pace_places`: `+0.8`, `-12.0`, `+0.05`."""
    return fmt(gap, pace_places(gap), sign=sign)


def fmt_natural(x: Fraction | None, cap: int = 2, **kw: Any) -> str:
    """`x` with as many decimals as it was written with, at most `cap`."""
    if x is None:
        return str(kw.get("missing", "—"))
    places = terminating_places(x, cap)
    return fmt(x, cap if places is None else places, **kw)


def places_for(*values: Fraction | None, cap: int = 2) -> int:
    """Common decimals to show several related numbers (a target, an actual, their gap) alike."""
    places = 0
    for v in values:
        if v is not None:
            p = terminating_places(v, cap)
            places = max(places, cap if p is None else p)
    return places


def distinct_places(a: Fraction | None, b: Fraction | None, places: int, limit: int | None = None) -> int:
    """More decimals while two different numbers would print the same: a 2.799 that misses a
    target of 2.8 must not read "2.80 vs 2.80", nor 12.3456789012344 one of 12.3456789012345 read
    "12.345679 vs 12.345679". By default up to the digits that write both exactly, or to the 15
    significant digits a figure may have (`figure_places`), whichever is more (at most 40). Once
    widened, on until the printed numbers differ by their gap as it is printed: 12.3456789012345 and
    12.3456789012344 read so (their gap 0.0000000000001), not 12.345678901235 and 12.345678901234,
    which differ by ten times the gap."""
    if a is None or b is None:
        return places
    (an, ad), (bn, bd) = _ratio(a), _ratio(b)
    if (an == bn and ad == bd) or _units(an, ad, places) != _units(bn, bd, places):
        return places  # equal (both in lowest terms), or the common case: decided before any limit is worked out
    if limit is None:
        exact = (terminating_places(v, _LIMIT) for v in (a, b))
        limit = max(figure_places(a), figure_places(b), *(p or 0 for p in exact))
    gap = Fraction(an, ad) - Fraction(bn, bd)
    while places < limit:
        places += 1
        ra, rb = _units(an, ad, places), _units(bn, bd, places)
        if ra != rb and ra - rb == _units(gap.numerator, gap.denominator, places):
            break
    return places


def fmt_share(x: Fraction | None, places: int = 1, suffix: str = "%", *, near: Fraction | None = None) -> str:
    """A percentage like attainment, with as many decimals as it takes not to contradict its status: never
    onto 100 (met) when it is not 100, nor across `near` (89.9995% beside ✗ short, not 90.0%)."""
    if x is None:
        return "—"
    n, d = _ratio(x)
    # the commonest case in one rounding: not 0 or 100 unless x is, on x's side of `near` (none: 0 < 0)
    r, scale = _units(n, d, places), 10**places
    tn, td = (0, 0) if near is None else _ratio(near)
    if (r or not n) and (r != 100 * scale or n == 100 * d) and (r * td < tn * scale) == (n * td < tn * d):
        return _written(n, d, places) + suffix
    return _written(n, d, _share_places(x, n, d, places, near)) + suffix


def share_places(x: Fraction, places: int = 1, *, near: Fraction | None = None) -> int:
    """The decimals `fmt_share` writes `x` with (the workbook's percent format takes as many)."""
    n, d = _ratio(x)
    return _share_places(x, n, d, places, near)


_HUNDRED = Fraction(100)


def _share_places(x: Fraction, n: int, d: int, places: int, near: Fraction | None) -> int:
    """`share_places` of x, which is n/d (in lowest terms, d > 0), in whole numbers."""
    places = distinct_places(x, _HUNDRED, places, limit=_LIMIT)
    for tn, td in ((100, 1), (0, 0) if near is None else _ratio(near)):
        if td:
            below = n * td < tn * d  # x < threshold
            # the rounded x, r / 10^places, below the threshold: r·td < tn·10^places (td > 0)
            while places < _LIMIT and (_units(n, d, places) * td < tn * 10**places) != below:
                places += 1
    while n != 0 and places < _LIMIT and _units(n, d, places) == 0:  # visible_places
        places += 1
    return places


def change_places(x: Fraction | None, places: int, limit: int = _LIMIT) -> int:
    """Decimals for a change (a YoY, a gap, a change in pp): at least `places`, and more while the
    rounded change would hide it: until it is exact or shows two significant digits, so 61.0 vs
    62.4 reads -1.4, not -1, and a tiny non-zero gap never reads 0 (a gap of 0.0000000000001 between
    two 15-digit figures is -0.0000000000001)."""
    if x is None:
        return places
    n, d = _ratio(x)
    return _change_places(n, d, places, limit)


def _change_places(n: int, d: int, places: int, limit: int = _LIMIT) -> int:
    """`change_places` of n/d (in lowest terms, d > 0)."""
    if n == 0:
        return places
    while places < limit:
        r = _units(n, d, places)  # the rounded x is r / 10^places
        if r * d == n * 10**places or abs(r) >= 10:  # exact, or two significant digits
            break
        places += 1
    return places


def fmt_change(x: Fraction | None, places: int, **kw: Any) -> str:
    """A signed change with the decimals `change_places` gives it: `+3.9`, `-1.4`, `-0.004`."""
    if x is None:
        return fmt(x, places, sign=True, **kw)
    n, d = _ratio(x)
    return _written(n, d, _change_places(n, d, places), True)


def fmt_gap(x: Fraction | None, places: int, **kw: Any) -> str:
    """A gap is a change: never rounded out of sight."""
    return fmt_change(x, places, **kw)


def fmt_points(x: Fraction | None, places: int, *, sign: bool = True, **kw: Any) -> str:
    """A change of a ratio in percentage points (a YoY, a gap to the target) with the decimals the
    ratio itself shows, as a 总结 writes it: 2.6157% after 2.6875% is `-0.07` pp beside `2.62%` and
    `2.69%`, not `-0.072`; more only where a non-zero change would read 0 (`0.004`, never `0.00`)."""
    return fmt(x, places, sign=sign, **kw)


# ---- numbers for machines: CSV and JSON ----------------------------------------------------------
#
# CSV and JSON carry the exact value, never a binary float's approximation of it: a figure, a sum, a
# difference or a gap is written with every digit it has (99999999999999.99 stays …99, 34.6 stays 34.6).
# A quotient whose decimals never end (200/11, a yoy of −18.1818…) is written to EXACT_DIGITS
# significant digits, rounded half away from zero as the tables round (四舍五入): −18.1818181818182.
# 15 is the most digits every reader's double keeps faithfully (DBL_DIG), so what a spreadsheet or a
# script reads back is the number written. A rate irrational by nature (a CAGR, a root) is computed
# past those digits and written the same way.

EXACT_DIGITS = 15
_EXACT_PLACES = 40  # a terminating decimal longer than this (1/2**60) is rounded like a repeating one


class Exact(Decimal):
    """A number as CSV and JSON write it: its plain decimal digits, never `1E+1` or `1E-7`."""

    __slots__ = ()

    def __str__(self) -> str:
        return format(self, "f")

    __repr__ = __str__


def exact(x: Fraction | Decimal | int | float, *, point: bool = False) -> int | Exact:
    """`x` for CSV and JSON (see above): a whole number as an int, unless `point` (rates and shares
    are always written with a decimal point: 172.0), else its exact decimal, or EXACT_DIGITS
    significant digits where the decimals never end. A float (from code that has not yet moved to
    exact arithmetic) is taken at its shortest repr and written to EXACT_DIGITS digits."""
    whole, text = _machine(x, point)
    return whole if text is None else Exact(text)


def exact_text(x: Fraction | Decimal | int | float, *, point: bool = False) -> str:
    """The text CSV and JSON write for `exact(x, point=point)` (its int, or its Exact's digits), made
    without the Decimal in between (the JSON writer writes a province's rows straight from them)."""
    whole, text = _machine(x, point)
    return str(whole) if text is None else text


def _machine(x: Fraction | Decimal | int | float, point: bool) -> tuple[int, str | None]:
    """`exact(x, point=point)` as (the int, None) for a whole number written without a point, else
    (0, the digits of the Exact)."""
    t = type(x)
    if t is Fraction:
        n, d = x.as_integer_ratio()
    elif isinstance(x, float):
        n, d = Fraction(repr(x)).as_integer_ratio()
        if d != 1 or abs(n) >= 10**EXACT_DIGITS:
            return 0, _significant(n, d, point)
    elif isinstance(x, Decimal):
        n, d = x.as_integer_ratio()
    else:
        n, d = x.numerator, x.denominator
    if d == 1:
        return (0, f"{n}.0") if point else (int(n), None)
    places = _places_of(d, _EXACT_PLACES)  # n/d is in lowest terms (a Fraction's, as_integer_ratio's)
    if places is None:
        return 0, _significant(n, d, point)
    units = n * (10**places // d)
    sign = "-" if units < 0 else ""
    digits = str(abs(units)).rjust(places + 1, "0")
    return 0, f"{sign}{digits[:-places]}.{digits[-places:]}"


def _significant(n: int, d: int, point: bool) -> str:
    """The digits of n/d to EXACT_DIGITS significant digits, half away from zero, trailing zeros dropped."""
    if n == 0:
        return "0.0" if point else "0"
    e = magnitude(Fraction(n, d))  # the position of the first digit: 10**e <= |n/d| < 10**(e+1)
    places = EXACT_DIGITS - 1 - e
    units = _units(n, d, places) if places >= 0 else _units(n, d * 10 ** (-places), 0) * 10 ** (-places)
    if places <= 0:
        text = str(units)
    else:
        sign = "-" if units < 0 else ""
        digits = str(abs(units)).rjust(places + 1, "0")
        text = f"{sign}{digits[:-places]}.{digits[-places:]}".rstrip("0").rstrip(".")
    if point and "." not in text:
        text += ".0"
    return text
