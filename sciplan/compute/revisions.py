"""`diff`: the figures between two revisions, and what flips because of them.

`compare` takes two loaded projects (any two states of one data root: commits, the index, the working
tree) and returns what changed — figures (actuals, `months:`, units, peers) with their stage, source
and note, and targets — and every status, pace light or rank that flips because of it. An indicator
whose id changed between them (its name kept) is followed under its new id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from sciplan.compute.figures import Figure, Key, by_period, indicator_of, renamed
from sciplan.core.problem import SciplanError

if TYPE_CHECKING:
    from sciplan.core.records import Catalogue, ValidProject


class Change(NamedTuple):
    kind: str  # figure | target
    ident: str  # the indicator's id (in the newer revision)
    year: int
    # ("actuals", id) of a complete year, ("months", 6, id) — an open year's actuals too —, ("days", iso, id),
    # ("units", name, id), ("units", "months", 6, name, id), ("peers", …); targets: ("targets", id)
    key: Key
    old: Figure | None = None
    new: Figure | None = None
    old_target: str | None = None
    new_target: str | None = None
    old_ident: str | None = None  # the id in the older revision, when it was renamed


class Flip(NamedTuple):
    ident: str
    year: int
    what: str  # status | pace | rank
    old: str | None
    new: str | None


class Comparison(NamedTuple):
    changes: list[Change]
    flips: list[Flip]
    renamed: dict[str, str]  # old id -> new id


def renames(old: Catalogue, new: Catalogue) -> dict[str, str]:
    """Ids that changed while the name stayed: old id -> new id."""
    gone = {i.name: i.id for i in old.indicators.values() if i.id not in new.indicators}
    return {gone[i.name]: i.id for i in new.indicators.values() if i.id not in old.indicators and i.name in gone}


def compare(old: ValidProject, new: ValidProject) -> Comparison:
    ids = renames(old.catalogue, new.catalogue)
    back = {v: k for k, v in ids.items()}
    changes: list[Change] = []
    for year in sorted(set(old.years) | set(new.years)):
        # by period: an open year's actuals are its 1–N月, never compared with another span's
        before = {renamed(k, ids): f for k, f in by_period(old.years[year]).items()} if year in old.years else {}
        after = by_period(new.years[year]) if year in new.years else {}
        for key in [*after, *(k for k in before if k not in after)]:
            a, b = before.get(key), after.get(key)
            if a != b:
                ident = indicator_of(key)
                changes.append(Change("figure", ident, year, key, a, b, old_ident=back.get(ident)))
    for ind in new.catalogue.indicators.values():
        was = old.catalogue.indicators.get(back.get(ind.id, ind.id))
        before_t = {y: e.target.text for y, e in was.targets.items()} if was else {}
        after_t = {y: e.target.text for y, e in ind.targets.items()}
        for year in sorted(set(before_t) | set(after_t)):
            if before_t.get(year) != after_t.get(year):
                changes.append(
                    Change(
                        "target", ind.id, year, ("targets", ind.id), None, None,
                        before_t.get(year), after_t.get(year), back.get(ind.id),
                    )
                )  # fmt: skip
    changes.sort(
        key=lambda c: (
            c.year,
            list(new.catalogue.indicators).index(c.ident) if c.ident in new.catalogue.indicators else 1 << 30,
        )
    )
    years = {c.year for c in changes} | {c.year + 1 for c in changes}
    flips = _flips(old, new, ids, sorted(y for y in years if y in old.years and y in new.years))
    return Comparison(changes, flips, ids)


def _flips(old: ValidProject, new: ValidProject, ids: dict[str, str], years: list[int]) -> list[Flip]:
    from sciplan.compute.status import scorecard

    flips = []
    for year in years:
        try:
            before = {ids.get(r.indicator.id, r.indicator.id): r for r in scorecard(old, year).results}
            after = scorecard(new, year).results
        except SciplanError:
            continue
        for r in after:
            was = before.get(r.indicator.id)
            if was is None:
                continue
            pairs = (
                ("status", was.status, r.status),
                ("pace", was.pace.light if was.pace else None, r.pace.light if r.pace else None),
                ("rank", _rank(was), _rank(r)),
            )
            flips += [Flip(r.indicator.id, year, what, a, b) for what, a, b in pairs if a != b]
    return flips


def _rank(r: object) -> str | None:
    rank = getattr(r, "rank", None)
    return None if rank is None else f"{rank.position}/{rank.of}"
