"""Step 2a: the shapes of `targets.yaml` and `data/<YEAR>.yaml` as strict pydantic models.

These models check structure and types only (unknown fields, wrong types, bad ids, bad dates);
the target, value and formula languages are read afterwards by `catalogue.py` and `yeardata.py`
(validate/), which know each indicator's unit. The same models give the JSON Schema for editors (`sciplan schema`).

Loaded YAML reaches these models with YAML 1.2 scalars (see `load.py`): numbers are `int` or exact
`Decimal`, dates are text.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from decimal import Decimal
from typing import Annotated, Any, Literal, NamedTuple, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationError,
)
from pydantic.functional_validators import AfterValidator, BeforeValidator
from pydantic.json_schema import WithJsonSchema
from pydantic_core import PydanticCustomError

from sciplan.chars import control_problem, cut, quoted
from sciplan.i18n import N_, _
from sciplan.load import Document, dotted
from sciplan.problem import Problem, did_you_mean

ID_PATTERN = r"^[a-z][a-z0-9_]*$"


def _number(value: Any) -> Decimal:
    if isinstance(value, str) and re.fullmatch(r"[+-][0-9]+(\.[0-9]+)?", value.strip()):
        value = Decimal(value.strip())  # YAML keeps signed numbers as text (see load.py)
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise PydanticCustomError("type", _("expected a number, got {got}"), {"got": describe(value)})
    from sciplan.validate.values import BadValue, finite

    try:
        return finite(Decimal(value), str(value))
    except BadValue as exc:
        raise PydanticCustomError(exc.code, exc.message) from None


def _year(value: Any) -> int:
    if isinstance(value, str) and re.fullmatch(r"\d{4}", value.strip()):
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
            year = int(key) if isinstance(key, str) and key.strip().isdigit() else key
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
    pass for a line of sciplan's own (load.py has refused every other control character)."""
    if "\n" in value:
        why = control_problem(value, one_line=True)
        raise PydanticCustomError("control-character", _("{why}; write it on one line"), {"why": why})
    return value


Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_one_line)]  # one line
Note = Annotated[str, StringConstraints(min_length=1)]  # a note may span lines


# JSON Schema keeps no key types of dicts: say them for editors.
_YEAR_KEYS = {"propertyNames": {"pattern": r"^(19|2[0-2])[0-9]{2}$"}}
_ID_KEYS = {"additionalProperties": False}
_MONTH_KEYS = {"propertyNames": {"pattern": "^([1-9]|1[0-2])$"}}  # month keys are read (1–12) by yeardata.py


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


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
    units: dict[Text, Scalar] = Field({}, description="the target split across sub-units (乡镇/园区)")


TargetField = Annotated[
    Annotated[Scalar, Tag("scalar")] | Annotated[TargetSpec, Tag("spec")],
    Discriminator(_scalar_or_spec),
]


class IndicatorSpec(_Shape):
    name: Text
    name_en: Text | None = None
    unit: Text = Field(description='the unit, e.g. 家, 亿元, 件; "%" marks a percentage')
    kind: Literal["flow", "stock", "ratio"] = "flow"
    direction: Literal["up", "down"] = "up"
    group: Text | None = None
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
    profile: Annotated[list[Number], Field(min_length=12, max_length=12)] | None = Field(
        None, description="cumulative % of the year's work expected by the end of each month (pacing)"
    )
    targets: Annotated[
        dict[Year, TargetField], BeforeValidator(_unique_years), Field(json_schema_extra=_YEAR_KEYS)
    ] = {}


class PaceSpec(_Shape):
    """Traffic lights of 序时进度: how many pp behind the elapsed share of the year turn a light."""

    yellow: Annotated[Number, Field(ge=0, le=100)] = Decimal(10)
    red: Annotated[Number, Field(ge=0, le=100)] = Decimal(30)


class ProgressSpec(_Shape):
    """Categories of multi-year plan progress: observed rate / required rate at or above ..."""

    on_track: Annotated[Number, Field(gt=0)] = Decimal("0.95")
    accelerate: Annotated[Number, Field(gt=0)] = Decimal("0.60")


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
    near: Annotated[Number, Field(gt=0, le=100)] = Field(
        Decimal(90), description="attainment (%) at or above which a miss counts as near"
    )
    pace: PaceSpec = PaceSpec()
    progress: ProgressSpec = ProgressSpec()
    units: list[Text] = Field([], description="sub-units (乡镇/园区) that split the targets and add up to the region")
    indicators: Annotated[dict[Id, IndicatorSpec], Field(json_schema_extra=_ID_KEYS)]
    plans: list[PlanSpec] = []
    milestones: list[MilestoneSpec] = []


# ---- data/<YEAR>.yaml -----------------------------------------------------------------------


class ActualSpec(_Shape):
    """An actual with its provenance: `{value: 227, source: 2020年工作总结, estimated: false}`."""

    value: Scalar | None = None
    note: Note | None = None
    source: Text | None = None
    estimated: bool = Field(False, description="a preliminary estimate (预计数), to be revised")


ActualField = Annotated[
    Annotated[Scalar, Tag("scalar")] | Annotated[ActualSpec, Tag("spec")],
    Discriminator(_scalar_or_spec),
]


Values = Annotated[dict[Id, ActualField | None], Field(json_schema_extra=_ID_KEYS)]


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
    peers: dict[Text, Values] = Field({}, description="other regions' values, by region then indicator")
    units: dict[Text, Values] = Field({}, description="sub-units' values, by unit then indicator")
    milestones: Annotated[dict[Id, MilestoneProgress], Field(json_schema_extra=_ID_KEYS)] = {}
    months: Annotated[
        dict[int | str, Values],
        Field(
            json_schema_extra=_MONTH_KEYS,
            description="cumulative figures at the end of month N (1–12): flows from January, stocks and "
            "ratios as levels; the base of 同比 against the same period of last year",
        ),
    ] = {}


# ---- validation with located problems -------------------------------------------------------

_MESSAGES = {
    "extra_forbidden": ("unknown-field", N_("unknown field {key!r}{hint}")),
    "missing": ("missing-field", N_("missing required field {key!r}")),
    "string_pattern_mismatch": (
        "invalid-id",
        N_("{got} is not a valid id: use lower-case letters, digits and _, starting with a letter"),
    ),
    "literal_error": ("invalid-choice", N_("{got} is not one of {expected}{hint}")),
    "string_too_short": ("type", N_("must not be empty")),
}


class Validated(NamedTuple):
    shape: Any  # the model instance, or None when the file could not be validated at all
    problems: list[Problem]
    set_aside: dict[str, frozenset]  # field -> keys of entries left out because they hold errors


def validate(model: type[_Shape], doc: Document) -> Validated:
    """Validate `doc` against `model`, with every problem located in the file.

    When entries of a mapping field (an indicator, an actual) hold errors, they are set aside,
    as are wrong top-level fields (which then take their defaults), and the rest is validated
    again, so later steps can still check what is sound: one run reports everything.
    """
    if not isinstance(doc.data, dict):
        return Validated(
            None,
            [
                doc.problem(
                    (), "type", _("the top level must be a mapping of fields, got {got}").format(got=describe(doc.data))
                )
            ],
            {},
        )
    try:
        return Validated(model.model_validate(doc.data), [], {})
    except ValidationError as exc:
        found = exc.errors()
    problems = [_problem(model, doc, err) for err in _without_explained_missing(model, found)]
    set_aside: dict[str, set] = {}
    pruned = dict(doc.data)
    for err in found:
        path = _data_path(model, err["loc"])[0]
        if len(path) >= 2 and isinstance(doc.data.get(path[0]), (dict, list)):
            set_aside.setdefault(path[0], set()).add(path[1])
        elif len(path) == 1 and path[0] in pruned:
            del pruned[path[0]]  # an unknown or invalid field: validate the rest with the default
        elif len(path) == 1 and _strip(getattr(model.model_fields.get(path[0]), "annotation", None)) is str:
            pruned[path[0]] = "(missing)"  # a required name: a stand-in lets the rest be checked
    for field, keys in set_aside.items():
        entries = doc.data[field]
        if isinstance(entries, dict):
            pruned[field] = {k: v for k, v in entries.items() if k not in keys}
        else:
            pruned[field] = [v for i, v in enumerate(entries) if i not in keys]
    frozen = {field: frozenset(keys) for field, keys in set_aside.items()}
    try:
        return Validated(model.model_validate(pruned), problems, frozen)
    except ValidationError:
        return Validated(None, problems, frozen)


def _without_explained_missing(model: type[_Shape], found: list) -> list:
    """Drop "missing field 'name'" where an unknown field in the same mapping looks like a typo
    of it (`nam:`): the did-you-mean hint on the unknown field already says it all."""
    typos = set()
    for err in found:
        if err["type"] == "extra_forbidden":
            path, owner = _data_path(model, err["loc"])
            if owner is not None:
                for choice in difflib.get_close_matches(str(path[-1]), list(owner.model_fields), 1, 0.6):
                    typos.add((*path[:-1], choice))
    return [e for e in found if not (e["type"] == "missing" and _data_path(model, e["loc"])[0] in typos)]


def _problem(model: type[_Shape], doc: Document, err: Any) -> Problem:
    path, owner = _data_path(model, err["loc"])
    kind = err["type"]
    got = describe(err.get("input"))
    key = path[-1] if path else ""
    hint = ""
    if kind == "extra_forbidden" and owner is not None:
        hint = did_you_mean(str(key), list(owner.model_fields))
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", err["ctx"]["expected"])
        hint = did_you_mean(str(err.get("input")), choices)
        expected = ", ".join(choices)
    else:
        expected = ""
    if kind in _MESSAGES:
        code, template = _MESSAGES[kind]
        message = _(template).format(
            key=cut(key) if isinstance(key, str) else key, got=got, hint=hint, expected=expected
        )
    elif kind in _OWN_CODES:
        code, message = kind, err["msg"]
    elif kind in ("too_short", "too_long"):
        ctx = err.get("ctx", {})
        bound = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        code = "invalid"
        message = _("needs {bound} items, got {n}").format(bound=bound, n=ctx.get("actual_length"))
    elif kind in _LIMITS:
        limit = next(iter(err.get("ctx", {}).values()), "?")
        code, message = "out-of-range", _(_LIMITS[kind]).format(limit=limit, got=got)
    elif kind.endswith("_type") or kind in ("model_attributes_type", "union_tag_invalid"):
        what = _(_EXPECTED[kind]) if kind in _EXPECTED else kind.removesuffix("_type")
        code, message = "type", _("expected {what}, got {got}").format(what=what, got=got)
    else:
        code, message = "invalid", _("{reason} (got {got})").format(reason=err["msg"], got=got)
    where = dotted(path)
    on_key = kind in ("extra_forbidden", "string_pattern_mismatch", "year") and bool(path)
    if kind == "missing":
        where, path = dotted(path[:-1]), path[:-1]
    return doc.problem(path, code, f"{where}: {message}", key=on_key)


# the codes of our own PydanticCustomErrors, whose messages are already ours
_OWN_CODES = frozenset(("type", "nan", "out-of-range", "year", "date", "duplicate-key", "control-character"))
_LIMITS = {
    "greater_than": N_("must be more than {limit}, got {got}"),
    "greater_than_equal": N_("must be at least {limit}, got {got}"),
    "less_than": N_("must be less than {limit}, got {got}"),
    "less_than_equal": N_("must be at most {limit}, got {got}"),
}
_EXPECTED = {
    "string_type": N_("text"),
    "int_type": N_("a whole number"),
    "bool_type": N_("true or false"),
    "dict_type": N_("a mapping"),
    "model_type": N_("a mapping"),
    "list_type": N_("a list"),
    "decimal_type": N_("a number"),
    "float_type": N_("a number"),
}


def _data_path(model: type[_Shape], loc: tuple) -> tuple[tuple, type[BaseModel] | None]:
    """Map a pydantic error location to a path in the data, and the model owning its last key.

    Pydantic adds the tags of discriminated unions and `[key]` for dict-key errors to `loc`;
    walking the model's types tells those apart from real keys.
    """
    path: list = []
    tp: Any = model
    owner: type[BaseModel] | None = None
    for part in loc:
        tp = _strip(tp)
        if part == "[key]":
            continue
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            owner = tp
            field = tp.model_fields.get(part) if isinstance(part, str) else None
            path.append(part)
            tp = field.annotation if field else None
        elif typing.get_origin(tp) is dict:
            path.append(part)
            tp = typing.get_args(tp)[1]
        elif typing.get_origin(tp) is list:
            path.append(part)
            tp = typing.get_args(tp)[0]
        elif _is_union(tp):
            branch = _branch(tp, part)
            if branch is None:
                path.append(part)
                tp = None
            else:
                tp = branch
        else:
            path.append(part)
    return tuple(path), owner


def _strip(tp: Any) -> Any:
    """Annotated[X, ...] -> X; Optional[X] -> X."""
    while True:
        if typing.get_origin(tp) is Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if _is_union(tp):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) == 1:
                tp = args[0]
                continue
        return tp


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (Union, types.UnionType)


def _branch(union: Any, part: Any) -> Any:
    """The member of a tagged union whose tag is `part`, or None."""
    for arg in typing.get_args(union):
        if typing.get_origin(arg) is Annotated:
            for meta in typing.get_args(arg)[1:]:
                if isinstance(meta, Tag) and meta.tag == part:
                    return arg
    return None


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


def json_schema(model: type[_Shape], title: str) -> dict:
    """Draft-07 JSON Schema of a file kind, for editors (yaml-language-server)."""
    schema = model.model_json_schema(ref_template="#/definitions/{model}")
    schema["definitions"] = schema.pop("$defs", {})
    if not schema["definitions"]:
        del schema["definitions"]
    _numeric_defaults(schema)
    return {"$schema": "http://json-schema.org/draft-07/schema#", **schema, "title": title}


def _numeric_defaults(node: Any) -> None:
    """Pydantic writes a Decimal default as text ("90"), which a number field refuses: write it as
    the number it is (90, 0.95), so an editor filling in the default writes a valid file."""
    if isinstance(node, dict):
        default = node.get("default")
        if node.get("type") == "number" and isinstance(default, str):
            number = Decimal(default)
            node["default"] = int(number) if number == number.to_integral_value() else float(number)
        for value in node.values():
            _numeric_defaults(value)
    elif isinstance(node, list):
        for value in node:
            _numeric_defaults(value)


def schemas() -> dict[str, dict]:
    """Both file kinds' schemas, by the name `sciplan schema` uses."""
    return {
        "targets": json_schema(TargetsFile, "sciplan targets.yaml"),
        "data": json_schema(DataFile, "sciplan data/<YEAR>.yaml"),
    }
