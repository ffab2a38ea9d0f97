"""Authoring helpers: the skeleton of a new year's data file (`sciplan init YEAR`)."""

from __future__ import annotations

import json

from sciplan.core.i18n import _
from sciplan.core.records import Catalogue
from sciplan.views.words import due_text

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/data.schema.json"


def year_skeleton(cat: Catalogue, year: int) -> tuple[str, str]:
    """data/<year>.yaml with every indicator targeted that year as an empty (null) actual, and a
    few words on what it lists.

    Each entry has a comment with its name, unit and target, so the file can be filled in from
    the year-end summary without opening targets.yaml. When no indicator has a target that year,
    all of them are listed, so the file is never an empty shell. It passes `sciplan check` as
    written: the year is open (final: false) and null means "not reported yet".
    """
    targeted = [ind for ind in cat.indicators.values() if year in ind.targets]
    listed = _inputs(cat, targeted or list(cat.indicators.values()))
    lines = [
        SCHEMA_LINE,
        "# "
        + _("{region}: actuals for {year}. Fill in each value as it is reported; leave null").format(
            region=cat.region, year=year
        ),
        "# " + _("what is not known yet (null is never read as zero). Set final: true when the year is closed."),
        f"year: {year}",
        "final: false",
        "as_of: null      # " + _("the date the figures refer to, e.g. {date}").format(date=f"{year}-09-30"),
        "source: null     # "
        + _("where the figures come from, e.g. {source}").format(source=_quote(f"{year}年工作总结")),
        "actuals:" if listed else "actuals: {}",
    ]
    if not targeted and listed:
        lines.append("  # " + _("no indicator has a target for {year}: all are listed").format(year=year))
    for ind in targeted:
        if ind.formula is not None:
            lines.append(
                "  # " + _("{name} ({id}) is computed: {formula}").format(name=ind.name, id=ind.id, formula=ind.formula)
            )
    for ind in listed:
        entry = ind.targets.get(year)
        target = _(", target {target}").format(target=entry.target.text) if entry else ""
        lines.append("  # " + _("{name} ({unit})").format(name=ind.name, unit=ind.unit) + target)
        lines.append(f"  {ind.id}: null")
    lines += _units(cat, year, listed) + _milestones(cat, year)
    first = listed[0].id if listed else "id"
    lines += [
        "# " + _("Optional: figures at the end of earlier months (1–N月累计 for flows, levels for stocks and ratios),"),
        "# "
        + _("for 同比 on the same period next year and `sciplan status {year} --month N`. E.g.:").format(year=year),
        "# months:",
        f"#   6: {{{first}: 9.6}}",
    ]
    summary = (
        _("{n} indicators targeted in {year}").format(n=len(targeted), year=year)
        if targeted
        else _("no indicator has a target for {year}; all {n} listed").format(year=year, n=len(listed))
    )
    return "\n".join(lines) + "\n", summary


def _inputs(cat: Catalogue, indicators: list) -> list:
    """What one fills in: each indicator, or for one computed by a formula the inputs it is computed
    from (研发投入强度 = 研发经费 / GDP: fill in 研发经费 and GDP), in catalogue order."""
    wanted: set[str] = set()
    seen: set[str] = set()  # each indicator expanded once: a formula's inputs were expanded again at every
    todo = [ind.id for ind in indicators]  # use, exponential in a lattice of formulas (a_i = a_(i-1) + a_(i-2))
    while todo:
        ident = todo.pop()
        if ident in seen:
            continue
        seen.add(ident)
        ind = cat.indicators.get(ident)
        if ind is None:
            continue
        if ind.formula is not None and all(ref in cat.indicators for ref in ind.formula.refs):
            todo += ind.formula.refs
        else:
            wanted.add(ident)
    return [ind for ind in cat.indicators.values() if ind.id in wanted]


def _units(cat: Catalogue, year: int, listed: list) -> list[str]:
    """units: each sub-unit with the indicators split across units that year (else in any year)."""
    if not cat.units:
        return []
    split = [ind for ind in listed if (entry := ind.targets.get(year)) is not None and entry.units]
    split = split or [ind for ind in listed if any(entry.units for entry in ind.targets.values())]
    lines = ["units:                # " + _("the sub-units' own figures; they add up to the region")]
    for name in cat.units:
        lines.append(f"  {_key(name)}:" + ("" if split else " {}"))
        lines += [f"    {ind.id}: null" for ind in split]
    return lines


def _milestones(cat: Catalogue, year: int) -> list[str]:
    """milestones: the tasks due that year, each with its done date to fill in."""
    due = [m for m in cat.milestones if m.due.year == year]
    if not due:
        return []
    lines = ["milestones:           # " + _("the date each task was done; null while it is not")]
    for m in due:
        lines.append("  # " + _("{task} (due {due})").format(task=m.task, due=due_text(m.due_text)))
        lines.append(f"  {m.id}: {{done: null}}")
    return lines


def _key(name: str) -> str:
    """A sub-unit's name as a YAML key: quoted only when YAML would read it otherwise."""
    return name if not any(c in name for c in ":#{}[],&*!|>'\"%@`") and name.strip() == name else _quote(name)


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
