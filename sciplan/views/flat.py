"""`sciplan flat FILE`: a data file as one fact per line, for people and for `git diff`.

    year = 2022
    as_of = 2022-09-30
    actuals.hightech_total = 268 家 [预计]
    actuals.rd_expenditure = 34.60 亿元 [预计] (source: 2022年三季度工作报告)
    months.6.tech_contract_value = 3.10 亿元

Used as a git textconv (`git config diff.sciplan.textconv "sciplan flat --textconv"`), it makes `git
diff`, `git log -p` and `git log -G` on year files speak in figures. Values are read by sciplan's own
loader and shown in the indicator's unit with its decimals, never fewer digits than written (a revision
from 3.10 to 3.104 must show). The stage and the keys of the file stay in the words files use, whatever
the interface language, so the lines of one file are the same on every machine.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sciplan.compute.figures import SECTIONS, Figure, figures
from sciplan.core.numbers import WRITTEN_PLACES, fmt, terminating_places
from sciplan.core.problem import Problem
from sciplan.core.records import STAGE_WORDS, Catalogue, with_word

_YEAR_NAME = re.compile(r"(\d{4})\.ya?ml$", re.IGNORECASE)


def is_targets(name: str) -> bool:
    """targets.yaml, or a copy git made of it for a textconv (`XXXXXX_targets.yaml`)."""
    return name.lower().endswith(("targets.yaml", "targets.yml"))


def figure_text(figure: Figure, catalogue: Catalogue | None, ident: str) -> str:
    """`268 家 [预计] (source: …) (note: …)`: the value in its indicator's unit, at least its decimals."""
    ind = catalogue.indicators.get(ident) if catalogue is not None else None
    value = Fraction(figure.value)
    places = max(ind.decimals or 0 if ind else 0, terminating_places(value, WRITTEN_PLACES) or 0)
    text = with_word(fmt(value, places), figure.approximate)  # 近500, 500余: the word the file used
    if ind is not None:
        text += f" {ind.unit}"
    if figure.stage is not None:
        text += f" [{STAGE_WORDS[figure.stage]}]"
    if figure.source is not None:
        text += f" (source: {one_line(figure.source)})"
    if figure.note is not None:
        text += f" (note: {one_line(figure.note)})"
    return text


def one_line(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")


def leaf_text(value: Any) -> str:
    """A value as written, on one line: text as is, numbers exact, null as —."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, Decimal):
        # exact digits, but a refused `1e100000000` stays in exponent form: written out it is 100 MB
        return format(value, "f") if value.is_finite() and abs(value.adjusted()) <= 40 else str(value)
    return one_line(str(value))


def walk(data: Any, prefix: str = "") -> list[str]:
    """`key.key = value` for every leaf of plain YAML data, in the file's order."""
    if isinstance(data, dict):
        if not data and prefix:
            return [f"{prefix} = {{}}"]
        lines = []
        for key, value in data.items():
            lines += walk(value, f"{prefix}.{key}" if prefix else str(key))
        return lines
    if isinstance(data, list):
        if not data and prefix:
            return [f"{prefix} = []"]
        lines = []
        for i, value in enumerate(data):
            lines += walk(value, f"{prefix}.{i}" if prefix else str(i))
        return lines
    return [f"{prefix} = {leaf_text(data)}" if prefix else leaf_text(data)]


def flat(name: str, source: bytes, catalogue: Catalogue | None) -> tuple[list[str] | None, list[Problem]]:
    """The lines of a file (targets.yaml or a year's data), and the problems met reading it; None
    for the lines when it cannot be parsed at all (not YAML, not UTF-8)."""
    from sciplan.load.parser import parse_source
    from sciplan.validate.schema import DataFile
    from sciplan.validate.structure import validate
    from sciplan.validate.yeardata import year_data

    doc, problems = parse_source(source, name)
    if doc is None:
        return None, problems
    if is_targets(name) or not isinstance(doc.data, dict):
        return walk(doc.data), problems
    shape, found, set_aside = validate(DataFile, doc)
    problems += found
    read: dict = {}
    if shape is not None:
        m = _YEAR_NAME.search(name)
        year = shape.year if shape.year is not None else int(m.group(1)) if m else 0
        data, found = year_data(shape, doc, year, catalogue, frozenset(), set_aside.get("actuals", frozenset()))
        problems += found
        read = figures(data)
    lines = []
    for key, value in doc.data.items():
        if key in SECTIONS and isinstance(value, dict):
            lines += _section(str(key), value, read, catalogue)
        else:
            lines += walk(value, str(key))
    return lines, problems


def _section(section: str, values: dict, read: dict, catalogue: Catalogue | None) -> list[str]:
    """The lines of actuals:, months:, units: or peers:, each value as read when it could be."""
    lines = []
    groups: list[tuple[tuple, Any]] = (
        [((), values)] if section == "actuals" else [((k,), v) for k, v in values.items() if k != "months"]
    )
    if section in ("units", "peers") and isinstance(values.get("months"), dict):  # months: {N: {name: {id: v}}}
        for month, names in values["months"].items():
            if isinstance(names, dict):
                groups += [(("months", _month(month), name), v) for name, v in names.items()]
    for group, inner in groups:
        prefix = ".".join([section, *map(str, group)])
        if not isinstance(inner, dict):
            lines += walk(inner, prefix)
            continue
        for ident, written in inner.items():
            path = f"{prefix}.{ident}"
            key = (section, *(_month(g) if section == "months" else g for g in group), ident)
            figure = read.get(key)
            if figure is not None:
                lines.append(f"{path} = {figure_text(figure, catalogue, str(ident))}")
            elif isinstance(written, dict):
                lines += walk(written, path)
            else:
                lines.append(f"{path} = {leaf_text(written)}")
    return lines


def _month(key: Any) -> Any:
    try:
        return int(key)
    except (TypeError, ValueError):
        return key
