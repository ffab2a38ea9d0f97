"""Authoring helpers: the skeleton of a new year's data file (`sciplan init YEAR`)."""

from __future__ import annotations

import json

from sciplan.domain import Catalogue

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/data.schema.json"


def year_skeleton(cat: Catalogue, year: int) -> str:
    """data/<year>.yaml with every indicator targeted that year as an empty (null) actual.

    Each entry has a comment with its name, unit and target, so the file can be filled in from
    the year-end summary without opening targets.yaml. It passes `sciplan check` as written:
    the year is open (final: false) and null means "not reported yet".
    """
    targeted = [ind for ind in cat.indicators.values() if year in ind.targets]
    lines = [
        SCHEMA_LINE,
        f"# {cat.region}: actuals for {year}. Fill in each value as it is reported; leave null",
        "# what is not known yet (null is never read as zero). Set final: true when the year is closed.",
        f"year: {year}",
        "final: false",
        "as_of: null      # the date the figures refer to, e.g. " + f"{year}-09-30",
        "source: null     # where the figures come from, e.g. " + _quote(f"{year}年工作总结"),
        "actuals:" if targeted else "actuals: {}",
    ]
    for ind in targeted:
        target = ind.targets[year].target.text
        lines.append(f"  # {ind.name} ({ind.unit}), target {target}")
        lines.append(f"  {ind.id}: null")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
