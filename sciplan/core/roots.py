"""Compound growth (年均增长, CAGR) without a float: a rational root exact, an irrational one bracketed.

An n-th root of a fraction is rational only when the fraction's numerator and denominator are both n-th
powers (121/100 over two years: 11/10, exactly 10 % a year); then it is computed exactly. Otherwise it is
irrational, and it is bracketed by integer arithmetic alone: floor(x^(1/n) · 10^p) is the integer n-th
root of floor(x · 10^(p·n)), so the root lies in [lo, lo + 10^-p) for certain. The value shown is lo at
PLACES decimals (rounded once, at display: nothing shown has a tenth of those digits); a decision that
depends on a rate (a plan's on-track ratio) is taken on the bounds, with more places while they straddle
the line, so no rounding of any kind can flip it.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

PLACES = 60  # decimals of an irrational root: 10^-60 off at most, far below anything shown
_MOST_PLACES = 960  # bounds this close that still straddle a line: the two sides are taken as equal

Bounds = Callable[[int], tuple[Fraction, Fraction]]  # places -> (lo, hi), lo <= the value <= hi


def integer_root(n: int, k: int) -> int:
    """floor(n^(1/k)) for n >= 0, k >= 1, in integers (Newton's method from above)."""
    if n < 2 or k == 1:
        return n
    x = 1 << -(-n.bit_length() // k)  # 2^ceil(bits/k) > the root
    while True:
        y = ((k - 1) * x + n // x ** (k - 1)) // k
        if y >= x:
            return x
        x = y


def exact_root(x: Fraction, k: int) -> Fraction | None:
    """x^(1/k) when it is rational (x > 0, in lowest terms: both parts are k-th powers), else None."""
    p, q = integer_root(x.numerator, k), integer_root(x.denominator, k)
    return Fraction(p, q) if p**k == x.numerator and q**k == x.denominator else None


def root_bounds(x: Fraction, k: int, places: int = PLACES) -> tuple[Fraction, Fraction]:
    """(lo, hi) with lo <= x^(1/k) <= hi for x > 0: equal when the root is rational, else 10^-places apart."""
    exact = exact_root(x, k)
    if exact is not None:
        return exact, exact
    scale = 10**places
    lo = integer_root(x.numerator * scale**k // x.denominator, k)
    return Fraction(lo, scale), Fraction(lo + 1, scale)


def growth_bounds(ratio: Fraction, years: int, places: int = PLACES) -> tuple[Fraction, Fraction]:
    """Bounds of (ratio^(1/years) − 1) × 100, the compound growth in % a year."""
    lo, hi = root_bounds(ratio, years, places)
    return (lo - 1) * 100, (hi - 1) * 100


def growth(ratio: Fraction, years: int) -> Fraction:
    """(ratio^(1/years) − 1) × 100: exact when the root is rational, else its lower bound at PLACES decimals."""
    return growth_bounds(ratio, years)[0]


def exactly(x: Fraction) -> Bounds:
    """The bounds of a value known exactly (a pp rate, a one-year growth)."""
    return lambda _places: (x, x)


def growth_of(ratio: Fraction, years: int) -> Bounds:
    """The bounds of a compound growth, at any number of places."""
    return lambda places: growth_bounds(ratio, years, places)


def at_least(observed: Bounds, required: Bounds, threshold: Fraction) -> bool:
    """observed / required >= threshold (required != 0), decided on bounds that hold the true rates:
    observed >= threshold × required when required > 0 (<= when below). Exact rates are compared
    exactly; irrational ones with more places until the bounds fall on one side (a tie past 960
    decimals is taken as equal: met)."""
    places = PLACES
    while True:
        o_lo, o_hi = observed(places)
        r_lo, r_hi = required(places)
        if r_lo > 0 or r_hi < 0:
            sign = 1 if r_lo > 0 else -1
            # sign × (observed − threshold × required) >= 0, as an interval
            ends = [sign * (o - threshold * r) for o in (o_lo, o_hi) for r in (r_lo, r_hi)]
            if min(ends) >= 0:
                return True
            if max(ends) < 0:
                return False
        if places >= _MOST_PLACES:
            return True
        places *= 2
