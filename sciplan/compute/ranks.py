"""Ranks (位次) among peer regions or sub-units: rank 1 is best by the indicator's direction,
and ties share a rank (1, 2, 2, 4), as league tables count."""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple


class Rank(NamedTuple):
    position: int
    of: int


def competition_ranks(values: dict[str, Fraction], up: bool = True) -> dict[str, int]:
    """Each name's rank: 1 + how many values are strictly better."""
    return {
        name: sum((other > value) if up else (other < value) for other in values.values()) + 1
        for name, value in values.items()
    }


def rank_of(own: Fraction, others: dict[str, Fraction], up: bool = True) -> Rank:
    """Where `own` stands among `others` (which do not include it)."""
    better = sum((v > own) if up else (v < own) for v in others.values())
    return Rank(better + 1, len(others) + 1)
