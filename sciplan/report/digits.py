"""One figure, one set of digits in a report (issue 22 item 4): the rules every part of it uses.

- A rate of growth in % (同比, 年均增长, a plan's 实际/所需年均增速) has one decimal, as table 1 and
  the workbook's `0.0%` print it (`+13.7%`, never `+13.66%` beside it), a digit more only where
  rounding would hide a change (`views.words.change_text`); a change in percentage points has the
  ratio's own decimals (`+0.70个百分点` beside 47.50%).
- A value (a plan's baseline and latest figure) has the indicator's decimals (`46.80`, `550.00`),
  as table 1 prints the same indicator.
- A threshold is printed as table 1 prints thresholds (`views.words.goal_places`): an amount's whole
  number whole, as the plan writes it (`≥ 900`, `≥ 1000` beside 655.20), else at least the
  indicator's decimals; a ratio's always with the ratio's decimals (`≥ 3.00` beside `≥ 2.90` and
  2.58%, `≥ 50.00` beside 47.50%).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from sciplan.core.numbers import fmt

RATE_PLACES = 1  # a growth rate in %: one decimal, as the YoY column of table 1 and the workbook


def indicator_places(ind: Any) -> int:
    """The decimals every table gives the indicator's values (fixed once: project.with_decimals)."""
    return 2 if ind.decimals is None else int(ind.decimals)


def rate(x: Fraction | None, unit: str, places: int) -> str:
    """A signed rate as table 1's 同比 column writes it: `+13.7%`, `-0.4%`, `+0.70个百分点`."""
    from sciplan.views.words import change_text

    return change_text(None if x is None else Fraction(x), unit.strip() == "pp", places)


def rate_places(unit: str, places: int) -> int:
    """The decimals a rate starts from: one for a %, the ratio's own for a change in points."""
    return places if unit.strip() == "pp" else RATE_PLACES


def threshold_places(value: Fraction | None, op: str, places: int, unit: str = "") -> int:
    """A threshold's decimals as table 1 prints thresholds (`views.words.goal_places`); a ratio's
    (unit `%`) never fewer than the ratio's own."""
    from sciplan.views.words import goal_places

    shown = goal_places(value, op, None, "", places)
    return max(shown, places) if unit == "%" else shown


def threshold(value: Fraction, op: str, places: int, unit: str = "") -> str:
    """`≥ 3.00`, `≥ 900`, `> 260`: a plan's threshold as table 1 writes one."""
    from sciplan.views.words import SYMBOLS

    return f"{SYMBOLS.get(op, op)} {fmt(value, threshold_places(value, op, places, unit))}"
