"""Ranks (位次) among peer regions or sub-units: rank 1 is best by the indicator's direction,
and ties share a rank (1, 2, 2, 4), as league tables count."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from fractions import Fraction
from typing import NamedTuple


class Rank(NamedTuple):
    position: int
    of: int


def competition_ranks(values: dict[str, Fraction], up: bool = True) -> dict[str, int]:
    """Each name's rank: 1 + how many values are strictly better, counted in one sorted list
    (n log n: 10,000 peers are not compared pair by pair)."""
    ordered = sorted(values.values())
    if up:  # better is greater: those after every equal value
        return {name: len(ordered) - bisect_right(ordered, value) + 1 for name, value in values.items()}
    return {name: bisect_left(ordered, value) + 1 for name, value in values.items()}


def rank_of(own: Fraction, others: dict[str, Fraction], up: bool = True) -> Rank:
    """Where `own` stands among `others` (which do not include it)."""
    better = sum((v > own) if up else (v < own) for v in others.values())
    return Rank(better + 1, len(others) + 1)
