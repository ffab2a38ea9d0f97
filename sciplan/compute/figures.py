"""A year file's figures as flat facts: one per indicator and period (actuals, `months:`, units,
peers), each with its value, stage, source and note — what `flat`, `diff` and `history` compare.

A key is a tuple: ("actuals", id), ("months", N, id), ("units", name, id) or ("peers", name, id).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import NamedTuple

from sciplan.core.dates import is_month_end
from sciplan.core.records import Actual, YearData

Key = tuple  # ("actuals", id) | ("months", n, id) | ("units"/"peers", name, id) | (…, "months", n, name, id)
SECTIONS = ("actuals", "months", "units", "peers")


class Figure(NamedTuple):
    """One figure as a file states it: value (in the indicator's unit), stage, source, note."""

    value: Decimal
    approximate: str = ""  # the word of an approximate value (近, 余, 约…), "" when exact
    stage: str | None = None
    source: str | None = None
    note: str | None = None

    @classmethod
    def of(cls, actual: Actual) -> Figure:
        return cls(actual.value, actual.approximate, actual.stage, actual.source, actual.note)

    def same_value(self, other: Figure | None) -> bool:
        return other is not None and self.value == other.value and self.approximate == other.approximate


def figures(data: YearData) -> dict[Key, Figure]:
    """Every figure of a year file, in the order `flat` prints them: actuals, then each month,
    then each unit's and each peer's."""
    out: dict[Key, Figure] = {}
    for ident, actual in data.actuals.items():
        out[("actuals", ident)] = Figure.of(actual)
    for month in sorted(data.months):
        for ident, actual in data.months[month].items():
            out[("months", month, ident)] = Figure.of(actual)
    for section, groups, monthly in (("units", data.units, data.unit_months), ("peers", data.peers, data.peer_months)):
        for name, values in groups.items():
            for ident, actual in values.items():
                out[(section, name, ident)] = Figure.of(actual)
        for month in sorted(monthly):
            for name, values in monthly[month].items():
                for ident, actual in values.items():
                    out[(section, "months", month, name, ident)] = Figure.of(actual)
    return out


def actuals_period(data: YearData) -> tuple:
    """What an open year's actuals cover, as a key's middle part: ("months", M) at a month's end
    (1–M月), ("days", "2024-09-15") mid-month; () for a complete year or an unknown as_of."""
    if data.complete or data.as_of is None:
        return ()
    return ("months", data.as_of.month) if is_month_end(data.as_of) else ("days", data.as_of.isoformat())


def by_period(data: YearData) -> dict[Key, Figure]:
    """The figures keyed by the period they cover, so that two versions of a file compare like with
    like: an open year's actuals as of 30 June are its 1–6月 figures, the same ones the file keeps under
    `months: 6` once September's sheet comes — and the 1–9月 figures are new, not a revision of them."""
    period = actuals_period(data)
    if not period:
        return figures(data)
    out: dict[Key, Figure] = {}
    for key, figure in figures(data).items():
        if key[0] == "actuals":
            out[(*period, key[1])] = figure
        elif key[0] in ("units", "peers") and key[1] != "months":
            out[(key[0], *period, *key[1:])] = figure
        else:
            out.setdefault(key, figure)  # the actuals (first in the file's order) win over a repeat
    return out


def indicator_of(key: Key) -> str:
    """The indicator a key is about (its last part)."""
    return str(key[-1])


def path_text(key: Key) -> str:
    """`actuals.hightech_total`, `months.6.tech_contract_value`, `units.泰兴高新区.hightech_new`."""
    return ".".join(str(part) for part in key)


def renamed(key: Key, ids: Mapping[str, str]) -> Key:
    """The key with its indicator id mapped through `ids` (old id -> new id), when it is there."""
    ident = str(key[-1])
    return (*key[:-1], ids[ident]) if ident in ids else key
