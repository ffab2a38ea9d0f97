"""Step 2a: the shapes of `targets.yaml` and `data/<YEAR>.yaml` as strict pydantic models.

These models check structure and types only (unknown fields, wrong types, bad ids, bad dates);
the target, value and formula languages are read afterwards by `catalogue.py` and `yeardata.py`
(validate/), which know each indicator's unit. `structure.py` runs a model on a file and locates its
errors. The same models give the JSON Schema for editors (`sciplan schema`).

Loaded YAML reaches these models with YAML 1.2 scalars (see `load/parser.py`): numbers are `int` or exact
`Decimal`, dates are text.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
)
from pydantic.functional_validators import AfterValidator, BeforeValidator
from pydantic.json_schema import WithJsonSchema
from pydantic_core import PydanticCustomError

from sciplan.core.chars import INVISIBLE, ascii_digits, control_problem, describe_char, quoted
from sciplan.core.i18n import _

ID_PATTERN = r"^[a-z][a-z0-9_]*$"


def _number(value: Any) -> Decimal:
    if isinstance(value, str) and re.fullmatch(r"[+-][0-9]+(\.[0-9]+)?", value.strip()):
        value = Decimal(value.strip())  # YAML keeps signed numbers as text (see load/parser.py)
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise PydanticCustomError("type", _("expected a number, got {got}"), {"got": describe(value)})
    from sciplan.validate.values import BadValue, finite

    try:
        return finite(Decimal(value), str(value))
    except BadValue as exc:
        raise PydanticCustomError(exc.code, exc.message) from None


def _year(value: Any) -> int:
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}", value.strip()):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2200:
        raise PydanticCustomError("year", _("{got} is not a year (1900–2200)"), {"got": describe(value)})
    return value


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PydanticCustomError(
        "date", _("{got} is not a date; write YYYY-MM-DD, e.g. 2022-09-30"), {"got": describe(value)}
    )


def _unique_years(value: Any) -> Any:
    """`2021:` and `"2021":` are the same year; YAML sees two keys, so catch it here."""
    if isinstance(value, dict):
        seen: set = set()
        for key in value:
            year = int(key) if isinstance(key, str) and ascii_digits(key.strip()) else key
            if year in seen:
                raise PydanticCustomError("duplicate-key", _("year {year} is given twice"), {"year": year})
            seen.add(year)
    return value


Number = Annotated[Decimal, BeforeValidator(_number), WithJsonSchema({"type": "number"})]
Year = Annotated[int, BeforeValidator(_year), WithJsonSchema({"type": "integer", "minimum": 1900, "maximum": 2200})]
Date = Annotated[dt.date, BeforeValidator(_date), WithJsonSchema({"type": "string", "format": "date"})]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]


def _one_line(value: str) -> str:
    """Names, units, sources and the like are one line: a line break in a table or a CI log could
    pass for a line of sciplan's own (load/parser.py has refused every other control character)."""
    if "\n" in value:
        why = control_problem(value, one_line=True)
        raise PydanticCustomError("control-character", _("{why}; write it on one line"), {"why": why})
    return value


# The most characters a spreadsheet cell holds (Excel, WPS): the report's workbook would cut a longer
# text silently, so check refuses it (structure.py words the error) and the schema says it to editors.
CELL_CHARACTERS = 32_767
Text = Annotated[
    str, StringConstraints(min_length=1, max_length=CELL_CHARACTERS), AfterValidator(_one_line)
]  # one line
Note = Annotated[str, StringConstraints(min_length=1, max_length=CELL_CHARACTERS)]  # a note may span lines


def _unit(value: str) -> str:
    """A unit has no invisible character (a zero-width space or joiner, the word joiner, a soft hyphen, a
    byte-order mark: 万⁠元 reads as 万元 but is another unit, and the Word draft joins a unit's characters
    with word joiners of its own), and begins with no digit of any script nor a point (`10٣`, `5.5` for
    5 and `.5` would read as numbers; attacker trial 6)."""
    found = INVISIBLE.search(value)
    if found is not None:
        why = _("{what} is an invisible character").format(what=describe_char(found.group()))
        raise PydanticCustomError("control-character", _("{why}; delete it"), {"why": why})
    if value.strip()[:1].isdecimal() or value.strip()[:1] in ".．":
        raise PydanticCustomError(
            "control-character", _("a unit begins with a digit or a point ({unit}), which reads as part of the number"),
            {"unit": quoted(value)},
        )  # fmt: skip
    return value


# JSON Schema keeps no key types of dicts: say them for editors.
_YEAR_KEYS = {"propertyNames": {"pattern": r"^(19|2[0-2])[0-9]{2}$"}}
_ID_KEYS = {"additionalProperties": False}
_MONTH_KEYS = {"propertyNames": {"pattern": "^([1-9]|1[0-2])$"}}  # month keys are read (1–12) by yeardata.py


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


def _scalar_or_spec(value: Any) -> str:
    """Pick the branch of a value-or-mapping union: a mapping is the spec form, all else scalar
    (where `_scalar` names what is wrong with a list or a boolean)."""
    return "spec" if isinstance(value, dict) else "scalar"


def _scalar(value: Any) -> int | Decimal | str:
    """A number or text, left for the value and target languages to read (they know the unit)."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise PydanticCustomError("type", _("expected a number or text, got {got}"), {"got": describe(value)})
    if type(value) is str:
        _one_line(value)  # a value or target is one line
    return value


# ---- targets.yaml ---------------------------------------------------------------------------

Scalar = Annotated[Any, BeforeValidator(_scalar), WithJsonSchema({"type": ["number", "string"]})]


class TargetSpec(_Shape):
    """A target with its provenance: `{target: ">= 50", source: 2021年工作要点}`."""

    target: Annotated[Scalar, Field(description="the target in sciplan's target language")]
    source: Text | None = None
    note: Note | None = None
    # a factory, not `{}`: pydantic deep-copies a mutable default for every target written as a mapping
    units: dict[Text, Scalar] = Field(
        default_factory=dict,
        description="the target split across sub-units (乡镇/园区)",
        json_schema_extra={"default": {}},  # the schema still shows the default
    )


TargetField = Annotated[
    Annotated[Scalar, Tag("scalar")] | Annotated[TargetSpec, Tag("spec")],
    Discriminator(_scalar_or_spec),
]


_PERCENT: dict = {"minimum": 0, "maximum": 100}
_POSITIVE: dict = {"exclusiveMinimum": 0}


class IndicatorSpec(_Shape):
    name: Text
    name_en: Text | None = None
    unit: Annotated[Text, AfterValidator(_unit)] = Field(
        description='the unit, e.g. 家, 亿元, 件; "%" marks a percentage'
    )
    kind: Literal["flow", "stock", "ratio"] = "flow"
    direction: Literal["up", "down"] = "up"
    group: Text | None = None
    owner: Text | None = Field(None, description="the section (科室) that answers for it, e.g. 高新技术科 (责任科室)")
    aliases: list[Text] | None = Field(
        None, description="other names of the indicator in received tables (统计局 月报), e.g. [高企数, 高新技术企业数]"
    )
    note: Note | None = None
    decimals: Annotated[int, Field(ge=0, le=6)] | None = Field(
        None, description="decimals shown for computed values (default 2)"
    )
    parts: list[Id] | None = Field(
        None, description="indicators that add up to this one (e.g. invention + utility + design patents)"
    )
    formula: Text | None = Field(
        None,
        description="computed from other indicators of the same year when not reported, "
        "e.g. rd_expenditure / gdp * 100",
    )
    profile: (
        Annotated[
            list[Number],
            Field(min_length=12, max_length=12, json_schema_extra={"items": {"type": "number", **_PERCENT}}),
        ]
        | None
    ) = Field(
        None,
        description="cumulative % of the year's work expected by the end of each month (pacing): "
        "12 numbers from 0, never decreasing, the last 100",
    )
    targets: Annotated[
        dict[Year, TargetField], BeforeValidator(_unique_years), Field(json_schema_extra=_YEAR_KEYS)
    ] = {}


class PaceSpec(_Shape):
    """Traffic lights of 序时进度: how many pp behind the elapsed share of the year turn a light."""

    # the schema says the bounds check enforces (Number's schema is a bare number: they are repeated here)
    yellow: Annotated[Number, Field(ge=0, le=100, json_schema_extra=_PERCENT)] = Field(
        default=Decimal(10),
        description="pp behind 序时进度 that turn the light yellow; at most red (check refuses yellow above red)",
    )
    red: Annotated[Number, Field(ge=0, le=100, json_schema_extra=_PERCENT)] = Field(
        default=Decimal(30),
        description="pp behind 序时进度 that turn the light red; at least yellow (check refuses red below yellow)",
    )


class ProgressSpec(_Shape):
    """Categories of multi-year plan progress: observed rate / required rate at or above ..."""

    on_track: Annotated[Number, Field(gt=0, json_schema_extra=_POSITIVE)] = Field(
        default=Decimal("0.95"),
        description="at or above: on track; at least accelerate (check refuses accelerate above on_track)",
    )
    accelerate: Annotated[Number, Field(gt=0, json_schema_extra=_POSITIVE)] = Field(
        default=Decimal("0.60"), description="at or above (and below on_track): accelerate; below it: at risk"
    )


class PlanSpec(_Shape):
    """A multi-year plan: targets for its end year, measured from a baseline year."""

    id: Id
    name: Text
    baseline: Year
    end: Year
    targets: Annotated[dict[Id, TargetField], Field(json_schema_extra=_ID_KEYS)]


class MilestoneSpec(_Shape):
    """A qualitative task with a deadline: `{id: rules, task: 发布…办法, due: 2022Q1}`."""

    id: Id
    task: Text
    due: Annotated[
        Scalar,
        Field(
            description="the deadline: a date (2022-03-31), a quarter (2022Q1), a month (2022-03), or a plan's "
            "words (2023年底, 2023年6月, 2023年第四季度, 2023年上半年, 年内), read as the period's last day"
        ),
    ]
    year: Year | None = Field(
        None, description="the plan's year, for a deadline written without one (年底前, 6月底, 四季度)"
    )
    owner: Text | None = None
    note: Note | None = None


class TargetsFile(_Shape):
    region: Text
    lang: Literal["zh", "en"] | None = Field(
        None,
        description="the interface language for everyone using this repository (CI included): zh or en; "
        "--lang and SCIPLAN_LANG override it, the locale decides without it",
    )
    near: Annotated[Number, Field(gt=0, le=100, json_schema_extra={"exclusiveMinimum": 0, "maximum": 100})] = Field(
        Decimal(90), description="attainment (%) at or above which a miss counts as near"
    )
    pace: PaceSpec = PaceSpec()
    progress: ProgressSpec = ProgressSpec()
    units: list[Text] = Field([], description="sub-units (乡镇/园区) that split the targets and add up to the region")
    unit_word: Text | None = Field(
        None, description="what the Chinese output calls a sub-unit: 板块 (default), 分中心, 街道, 乡镇 …"
    )
    indicators: Annotated[dict[Id, IndicatorSpec], Field(json_schema_extra=_ID_KEYS)]
    plans: list[PlanSpec] = []
    milestones: list[MilestoneSpec] = []


# ---- data/<YEAR>.yaml -----------------------------------------------------------------------


class ActualSpec(_Shape):
    """An actual with its provenance: `{value: 227, source: 2020年工作总结, estimated: false}`."""

    value: Scalar | None = None
    note: Note | None = None
    source: Text | None = None
    estimated: bool = Field(False, description="a preliminary estimate (预计数), to be revised; as stage: 预计")
    stage: Literal["预计", "快报", "年报", "公报", "estimate", "flash", "annual", "bulletin"] | None = Field(
        None,
        description="where the figure stands on its way from estimate to final: 预计 (estimate, the year-end "
        "预计数) → 快报 (flash) → 年报 (annual, the statistical survey) → 公报 (bulletin)",
    )


ActualField = Annotated[
    Annotated[Scalar, Tag("scalar")] | Annotated[ActualSpec, Tag("spec")],
    Discriminator(_scalar_or_spec),
]


Values = Annotated[dict[Id, ActualField | None], Field(json_schema_extra=_ID_KEYS)]


def _values_or_months(value: Any) -> str:
    """Pick the branch of an entry of `units:` / `peers:`: `months: {N: {name: {id: value}}}` has
    month keys (numbers), a unit's or peer's values have indicator ids."""
    if isinstance(value, dict) and value and all(_month_key(k) for k in value):
        return "months"
    return "values"


def _month_key(key: Any) -> bool:
    return (isinstance(key, int) and not isinstance(key, bool)) or (isinstance(key, str) and ascii_digits(key.strip()))


# `units: {months: {6: {黄桥经济开发区: {hightech_new: 3}}}}`: the figures of month N, like the region's own
NamedMonths = Annotated[
    dict[int | str, dict[Text, Values]],
    Field(
        json_schema_extra=_MONTH_KEYS,
        description="under the key months: cumulative figures at the end of month N (1–12), by name then indicator",
    ),
]
NamedValues = Annotated[
    Annotated[Values, Tag("values")] | Annotated[NamedMonths, Tag("months")],
    Discriminator(_values_or_months),
]


class MilestoneProgress(_Shape):
    done: Date | None = Field(None, description="the date the task was completed")
    note: Note | None = None


class DataFile(_Shape):
    year: Year | None = None
    final: bool = Field(False, description="the year is closed: every targeted indicator needs an actual")
    as_of: Date | None = Field(None, description="the date the figures refer to")
    source: Text | None = None
    note: Note | None = None
    actuals: Values = {}
    peers: dict[Text, NamedValues] = Field(
        {}, description="other regions' values, by region then indicator; months: {N: …} for earlier month-ends"
    )
    units: dict[Text, NamedValues] = Field(
        {}, description="sub-units' values, by unit then indicator; months: {N: …} for earlier month-ends"
    )
    milestones: Annotated[dict[Id, MilestoneProgress], Field(json_schema_extra=_ID_KEYS)] = {}
    months: Annotated[
        dict[int | str, Values],
        Field(
            json_schema_extra=_MONTH_KEYS,
            description="cumulative figures at the end of month N (1–12): flows from January, stocks and "
            "ratios as levels; the base of 同比 against the same period of last year",
        ),
    ] = {}


def describe(value: Any) -> str:
    """How an input is named in messages: `'xx'`, `5`, `true`, `null`, `a list`, `a mapping`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    return type(value).__name__
