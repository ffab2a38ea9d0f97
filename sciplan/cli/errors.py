"""What stops a run, worded for the command line: the data's own words, with the option that asked
for it where an option did (`--month 9: …`, `--root DIR`). The layers below raise `SciplanError`s that
name no option; a `code` on one says which case it is and its `fields` give the values."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sciplan.core.i18n import _
from sciplan.core.problem import SciplanError


def _root_hint(f: Mapping[str, Any]) -> str:
    return _(
        "no targets.yaml in {folder} or any folder above it; run sciplan inside a data root or pass "
        "--root DIR (or set SCIPLAN_ROOT)"
    ).format(**f)


# code -> the message with the option's name, from the error's fields
_WORDED: Mapping[str, Callable[[Mapping[str, Any]], str]] = {
    "month-not-reported": lambda f: _("--month {month}: {detail}; months with figures: {have}").format(**f),
    "start-after-data": lambda f: _(
        "--from {start} is after the last year with a target or value for {id} ({last})"
    ).format(**f),
    "end-before-data": lambda f: _(
        "--to {end} is before the first year with a target or value for {id} ({first})"
    ).format(**f),
    "year-before-baseline": lambda f: _("--year {year} is before the baseline year of {plan} ({baseline})").format(**f),
    "root-is-a-file": lambda f: _("{root}: is a file; --root names the folder that holds targets.yaml").format(**f),
    "no-root": _root_hint,
    "by-unknown": lambda f: _("--by {by}: only --by owner is known").format(**f),
    "year-not-said": lambda f: _("say which year the figures are for: --year YEAR (the tables do not say it once)"),
    "staged-two-revisions": lambda f: _("--staged compares the index with one revision; give at most one REV"),
    "history-no-year": lambda f: _("no data/<YEAR>.yaml here: give --year"),
    "peers-by-month": lambda f: _(
        "{name}: in {year} the peer regions report it only at the end of month {month} (peers: months:); "
        "compare them then: sciplan compare {id} --year {year} --month {month}"
    ).format(**f),
    "cache-damaged": lambda f: _("a cache entry is damaged; run again with --no-cache"),
    "unencodable": lambda f: _(
        "{char!r} cannot be written in {encoding}; use --encoding gb18030, or utf-8 with --bom"
    ).format(**f),
    "heading-not-found": lambda f: _("--from {heading!r}: no paragraph of the document holds it").format(**f),
    "plan-no-year": lambda f: _("the plan names no year (2023年); give it with --year"),
    "report-file-edited": lambda f: _(
        "{path} already exists and is not the file sciplan wrote there (edited, or someone else's); "
        "use --force to replace it"
    ).format(**f),
}


def worded(exc: SciplanError) -> str:
    """The line the command line prints for `exc`."""
    word = _WORDED.get(exc.code or "")
    return word(exc.fields) if word is not None else str(exc)
