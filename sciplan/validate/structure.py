"""Step 2a, run: a file's parsed document against its pydantic shape (`schema.py`), pydantic's
errors turned into problems located in the file, in the diagnostics' own words and codes."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Annotated, Any, NamedTuple, Union

from pydantic import BaseModel, Tag, ValidationError

from sciplan.core.chars import cut
from sciplan.core.i18n import N_, _
from sciplan.core.problem import Problem, did_you_mean
from sciplan.load.parser import Document, dotted
from sciplan.validate.schema import describe

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


def validate(model: type[BaseModel], doc: Document) -> Validated:
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


def _without_explained_missing(model: type[BaseModel], found: list) -> list:
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


def _problem(model: type[BaseModel], doc: Document, err: Any) -> Problem:
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
    elif kind == "string_too_long":
        code = "text-too-long"
        most = err.get("ctx", {}).get("max_length")
        length = len(str(err.get("input", "")))
        message = _(
            "{n:,} characters; a spreadsheet cell holds at most {most:,}, so the report's workbook would cut it"
        ).format(n=length, most=most)
    elif kind in ("too_short", "too_long"):
        ctx = err.get("ctx", {})
        bound = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        code = "invalid"
        message = _("needs {bound} items, got {n}").format(bound=bound, n=ctx.get("actual_length"))
    elif kind in _LIMITS:
        limit = next(iter(err.get("ctx", {}).values()), "?")
        # as written in the file: pydantic < 2.7 reports the converted number here, later releases the input
        got = describe(_written(doc.data, path, err.get("input")))
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


def _written(data: Any, path: tuple, fallback: Any) -> Any:
    """The value at `path` in the parsed file, or `fallback` when the path leads nowhere."""
    for step in path:
        if isinstance(data, dict):
            inside = step in data
        else:
            inside = isinstance(data, list) and type(step) is int and 0 <= step < len(data)
        if not inside:
            return fallback
        data = data[step]
    return data


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


def _data_path(model: type[BaseModel], loc: tuple) -> tuple[tuple, type[BaseModel] | None]:
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
