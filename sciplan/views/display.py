"""Exact numbers and how they are shown.

Everything is computed unrounded as `Fraction`; rounding happens only here, when a number is
shown, and never feeds back into a status. Rounding is half away from zero (四舍五入), as
Chinese statistical tables round.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def terminating_places(x: Fraction, limit: int = 6) -> int | None:
    """Decimals needed to write `x` exactly, or None if more than `limit` (or never ending)."""
    for places in range(limit + 1):
        if (x * 10**places).denominator == 1:
            return places
    return None


def round_half_up(x: Fraction, places: int) -> Fraction:
    scaled = abs(x) * 10**places
    rounded = int(scaled + Fraction(1, 2))
    return Fraction(rounded if x >= 0 else -rounded, 10**places)


def fmt(x: Fraction | None, places: int = 2, *, sign: bool = False, grouping: bool = True, missing: str = "—") -> str:
    """`x` with exactly `places` decimals; `sign` adds + to positives; thousands separated."""
    if x is None:
        return missing
    r = round_half_up(x, places)
    negative = r < 0
    scaled = abs(r.numerator) * 10**places // r.denominator  # exact: r has `places` decimals
    whole, frac = divmod(scaled, 10**places)
    text = f"{whole:,}" if grouping and whole >= 10_000 else str(whole)
    if places:
        text += "." + str(frac).rjust(places, "0")
    if negative and r != 0:
        return "-" + text
    return ("+" + text) if sign and r > 0 else text


def fmt_natural(x: Fraction | None, cap: int = 2, **kw) -> str:
    """`x` with as many decimals as it was written with, at most `cap`."""
    if x is None:
        return kw.get("missing", "—")
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


def distinct_places(a: Fraction | None, b: Fraction | None, places: int, limit: int = 6) -> int:
    """More decimals while two different numbers would print the same: a 2.799 that misses a
    target of 2.8 must not read "2.80 vs 2.80"."""
    if a is None or b is None or a == b:
        return places
    while places < limit and round_half_up(a, places) == round_half_up(b, places):
        places += 1
    return places


def fmt_share(x: Fraction | None, places: int = 1, suffix: str = "%") -> str:
    """A percentage like attainment, never rounded onto exactly 100 when it is not 100."""
    if x is None:
        return "—"
    return fmt(x, distinct_places(x, Fraction(100), places, limit=4)) + suffix


def fmt_gap(x: Fraction | None, places: int, **kw) -> str:
    """A gap never rounds to zero: a tiny non-zero gap shows enough digits to be seen."""
    if x is not None and x != 0 and round_half_up(x, places) == 0:
        places = min(terminating_places(x, 8) or 8, 8)
    return fmt(x, places, sign=True, **kw)


def to_json(x: Fraction | Decimal | int | None, *, integral_as_int: bool = True) -> int | float | None:
    """Unrounded JSON number: whole values as integers, others as the nearest double."""
    if x is None:
        return None
    f = Fraction(x)
    if integral_as_int and f.denominator == 1:
        return int(f)
    return float(f)
