"""The value of an indicator in a year, as far as it is known.

This is the one place that decides what "the actual" is, so every command agrees on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from sciplan.domain import Project


@dataclass(frozen=True)
class Observed:
    value: Fraction
    approximate: bool = False  # written as 100余, 近100, 100+
    estimated: bool = False  # a preliminary figure (预计数)


def observed(project: Project, indicator: str, year: int) -> Observed | None:
    """The reported actual of `indicator` in `year`, or None: missing is never zero."""
    data = project.years.get(year)
    actual = data.actuals.get(indicator) if data else None
    if actual is None:
        return None
    return Observed(Fraction(actual.value), actual.approximate, actual.estimated)
