"""The file names of the 板块's templates, checked before any is written: two units whose names make one
file name (`城西街道/` and `城西街道`, `A` and `a` on a disk that ignores case, or two long names that differ only
after the 255 bytes a file name keeps) stop `sciplan template` with the unit located in targets.yaml, and
nothing is written (no half set)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sciplan.core.i18n import _
from sciplan.core.problem import InvalidData, Problem


class TemplateNames(InvalidData):
    """Units whose templates cannot be written under their own names; no template was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        self.args = (_("no template was written"),)


def check_names(project: Any, planned: list[tuple[Path, Any]]) -> None:
    """TemplateNames when two units' templates would be one file."""
    problems = []
    seen: dict[str, str] = {}
    for path, t in planned:
        key = path.name.casefold()
        if key in seen:  # file_name cuts a long name to 255 bytes: two long names may meet there too
            message = _(
                "units {first!r} and {second!r} would both be written as {file}; "
                'give them names that differ in more than / \\ : * ? " < > | and spaces'
            ).format(first=seen[key], second=t.unit, file=path.name)
            problems.append(_at(project, t.unit, "unit-name", message))
        seen.setdefault(key, t.unit)
    if problems:
        raise TemplateNames(problems)


def _at(project: Any, unit: str, code: str, message: str) -> Problem:
    """The problem located at the unit's name under `units:` in targets.yaml (line 1 when it cannot be found)."""
    from sciplan.load.parser import parse
    from sciplan.store.snapshot import TARGETS

    line, column = 1, 1
    try:
        doc, _problems = parse((project.root / TARGETS).read_text(encoding="utf-8-sig"), TARGETS)
    except (OSError, UnicodeDecodeError):
        doc = None
    if doc is not None and isinstance(doc.data, dict):
        units = doc.data.get("units")
        if isinstance(units, list) and unit in units:
            line, column = doc.position(("units", units.index(unit)))
        elif isinstance(units, dict) and unit in units:
            line, column = doc.position(("units", unit), key=True)
    return Problem(TARGETS, line, column, "error", code, message)
