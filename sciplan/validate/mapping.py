"""The mapping file of a source (`import/<name>.yaml`): its shape as a strict pydantic model, every setting
checked and located before a table is read, and the starter written the first time.

    shape, problems = mapping.validate(doc)         # problems: FILE:LINE:COL, as `check` gives them
    text = mapping.starter("主要经济指标", "主要指标", 3, "累计", None)   # name, sheet, header row, column, scale

A setting that cannot be meant is refused at the setting (`header_row: -1`, `scale: 亿亿元`, `missing: [5.7]`,
`rows: []`, `value_column: [1, 2]`), never read as "no table found". The starter writes the sheet's name and
the column's header through YAML's emitter (quoted where plain text would read otherwise), so a sheet named
`2024`, `- x`, `a, b`, `#1` or `'q` reads back as itself at the next import; a name sciplan's reader refuses
(a right-to-left override, `::`) is left out as a comment, and the table is found without it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt
from pydantic.functional_validators import BeforeValidator
from pydantic_core import PydanticCustomError

from sciplan.core.chars import control_problem, cut
from sciplan.core.i18n import N_, _
from sciplan.core.numbers import COUNT_UNITS
from sciplan.core.problem import Problem
from sciplan.load.parser import Document
from sciplan.validate.schema import describe

MAX_ROWS = 1_048_576  # the rows of an .xlsx sheet (Excel, WPS)
MONEY_SCALES = ("元", "千元", "万元", "百万元", "千万元", "亿元", "万亿元")
# the units a figure without its own may be read in: money, and counts (家, 件 …) with or without 万/亿
SCALES = frozenset(MONEY_SCALES) | {p + u for p in ("", "万", "亿") for u in COUNT_UNITS} | {"万", "亿"}


def _text(what: str) -> Any:
    def check(value: Any) -> str:
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            message = _("{what} is text; a number names nothing here: write it in quotes, '{got}', if a header says it")
            raise PydanticCustomError("type", message, {"what": _(what), "got": str(value)})
        if not isinstance(value, str):
            message = _("expected text ({what}), got {got}")
            raise PydanticCustomError("type", message, {"what": _(what), "got": describe(value)})
        if not value.strip():
            raise PydanticCustomError("type", _("must not be empty"))
        problem = control_problem(value, one_line=True)
        if problem is not None:
            raise PydanticCustomError("control-character", problem)
        return value

    return check


def _signed(value: Any) -> Any:
    """`-1` is text to sciplan's YAML reader (a signed number stays text): read it as the number it says."""
    if isinstance(value, str) and re.fullmatch(r"[+-][0-9]+", value.strip()):
        return int(value.strip())
    return value


def _scale(value: Any) -> str:
    if isinstance(value, str) and value.strip() in SCALES:
        return value.strip()
    message = _("{got} is not a unit figures can be read in; write one of {units} (or a count unit such as 家, 万件)")
    raise PydanticCustomError(
        "out-of-range",
        message,
        {"got": describe(value) if not isinstance(value, str) else repr(cut(value)), "units": "、".join(MONEY_SCALES)},
    )


def _mark(value: Any) -> str:
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        message = _("{got} is a figure, not a mark; a missing mark is text that stands for no figure, such as 暂无")
        raise PydanticCustomError("type", message, {"got": str(value)})
    return _text(N_("a mark for a figure not reported"))(value)


def _rows(value: Any) -> Any:
    if value is None:
        return {}
    if not isinstance(value, dict):
        message = _("expected a mapping of row labels to indicator ids, one a line (科技贷款余额: loans), got {got}")
        raise PydanticCustomError("type", message, {"got": describe(value)})
    return {str(k): v for k, v in value.items()}


def _row_id(value: Any) -> str | None:
    if value is None:
        return None  # a row not to import
    if not isinstance(value, str):
        message = _("expected an indicator id (or null to skip the row), got {got}")
        raise PydanticCustomError("type", message, {"got": describe(value)})
    return value


def _stage(value: Any) -> str:
    from sciplan.core.records import STAGE_CODES

    if isinstance(value, str) and value.strip() in STAGE_CODES:
        return value.strip()
    message = _("{got} is not a stage; write one of 预计, 快报, 年报, 公报 (or estimate, flash, annual, bulletin)")
    raise PydanticCustomError(
        "out-of-range", message, {"got": describe(value) if not isinstance(value, str) else repr(cut(value))}
    )


class MappingFile(BaseModel):
    """import/<name>.yaml: how a source's tables are read. Every setting is optional."""

    model_config = ConfigDict(extra="forbid")

    sheet: Annotated[str, BeforeValidator(_text(N_("a sheet's name")))] | None = None
    header_row: Annotated[StrictInt, Field(ge=1, le=MAX_ROWS), BeforeValidator(_signed)] | None = None
    value_column: Annotated[str, BeforeValidator(_text(N_("a column's header")))] | None = None
    scale: Annotated[str, BeforeValidator(_scale)] | None = None
    missing: list[Annotated[str, BeforeValidator(_mark)]] | None = None
    stage: Annotated[str, BeforeValidator(_stage)] | None = None
    rows: Annotated[dict[str, Annotated[str | None, BeforeValidator(_row_id)]], BeforeValidator(_rows)] | None = None


def validate(doc: Document) -> tuple[MappingFile | None, list[Problem]]:
    """The mapping file's settings, or the problems that say, located, which setting is wrong."""
    from sciplan.validate.structure import validate as run

    if doc.data is None:
        return MappingFile(), []
    checked = run(MappingFile, doc)
    if checked.problems:
        return None, checked.problems
    return checked.shape, []


def yaml_text(value: str) -> tuple[str | None, str]:
    """`value` as YAML scalar text by YAML's own emitter: plain where that reads back as the same text with
    sciplan's reader (which reads `1e5` as a number where PyYAML's YAML 1.1 does not), else double-quoted.
    (None, why) when no text does: sciplan's reader refuses the value itself (a control character, `::`)."""
    import yaml

    from sciplan.load.parser import parse

    why = _("it is blank")
    for style in (None, '"'):
        text = yaml.safe_dump(value, default_style=style, allow_unicode=True, width=1 << 30)
        text = text.removesuffix("\n").removesuffix("\n...")
        if "\n" in text:
            continue
        doc, problems = parse(f"x: {text}\n", "x")
        if doc is not None and doc.data == {"x": value}:
            return text, ""
        if problems:
            why = problems[0].message
    return None, why


def starter(name: str, sheet: str, header_row: int, value_column: str, scale: str | None) -> str:
    """The commented mapping file written the first time a source is imported."""
    lines = [
        _("# How sciplan reads {name}'s tables (`sciplan import`); written at the first import, yours to edit.").format(
            name=_shown(name)
        ),
        _("# Every setting is optional: without it sciplan finds it in the table as it did this time."),
        *_setting("sheet", sheet),
        _("# the row holding 指标名称 (1 = the first row)"),
        f"header_row: {header_row}",
        _("# the column imported, by its header: the cumulative figure (累计) of the month"),
        *_setting("value_column", value_column),
        _("# the unit of figures that state none (a row's (亿元), a 计量单位 column or 单位：万元 say it otherwise)"),
        f"# scale: {scale or '万元'}",
        _("# marks that mean not reported (never zero); these are always read so: —— — / -- … blank"),
        "# missing: [暂无]",
        _("# the figures' stage, written with each (status marks 预计 and 快报 with *): 预计, 快报, 年报 or 公报;"),
        _("# without it, as a footnote says it (注：本表数据为快报数，以年报为准 -> 快报)"),
        "# stage: 快报",
        _("# a row label -> indicator id, where the name and aliases: in targets.yaml do not say it; null skips a row"),
        "rows: {}",
    ]
    return "\n".join(lines) + "\n"


def _setting(key: str, value: str) -> list[str]:
    """`key: value`, quoted as it must be; a comment instead when sciplan's reader refuses the value itself (a
    right-to-left override in a sheet's name): the table is then found without the setting, as it was now."""
    text, why = yaml_text(value) if value.strip() else (None, _("it is blank"))
    problem = control_problem(value, one_line=True)  # a line break: no setting holds one
    if problem is not None:
        text, why = None, problem
    if text is not None:
        return [f"{key}: {text}"]
    return [_("# {key}: not written ({why}); sciplan finds it without this setting").format(key=key, why=_shown(why))]


def _shown(name: str) -> str:
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in name)
