"""A year file's shape (schema.DataFile) read without pydantic, for the commands that write figures and
check the year as `check` would (`set`, `import`): importing pydantic and building its models costs more
than all the rest of `set`.

It builds the shape only of a file it can tell DataFile's strict models accept, field by field with their
rules (an id's pattern, a text's length and one line, a year or a date, a figure's number or text, a
figure's mapping and its stage), into objects with the models' attributes; for anything else it returns
None, and pydantic validates the file and locates what is wrong (structure.py). tests/test_datashape.py
holds the two equal on random year files, valid and not.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from sciplan.core.chars import ascii_digits

CELL_CHARACTERS = 32_767  # as schema.CELL_CHARACTERS (tests/test_datashape.py holds them equal)
_ID = re.compile(r"[a-z][a-z0-9_]*")
_YEAR = re.compile(r"[0-9]{4}")
_FIELDS = frozenset(("year", "final", "as_of", "source", "note", "actuals", "peers", "units", "milestones", "months"))
_SPEC_FIELDS = frozenset(("value", "note", "source", "estimated", "stage"))
_STAGES = frozenset(("预计", "快报", "年报", "公报", "estimate", "flash", "annual", "bulletin"))


class Unsure(Exception):
    """Not a shape this module can vouch for: pydantic decides."""


class ActualShape:
    """schema.ActualSpec's attributes: a figure written as a mapping."""

    __slots__ = ("estimated", "model_fields_set", "note", "source", "stage", "value")

    def __init__(self, given: dict[str, Any]):
        self.value = _scalar_or_none(given.get("value"))
        self.note = _note_or_none(given.get("note"))
        self.source = _text_or_none(given.get("source"))
        self.estimated = _bool(given.get("estimated", False))
        stage = given.get("stage")
        if stage is not None and not (type(stage) is str and stage in _STAGES):
            raise Unsure
        self.stage = stage
        self.model_fields_set = set(given)


class ProgressShape:
    """schema.MilestoneProgress's attributes."""

    __slots__ = ("done", "note")

    def __init__(self, given: dict[str, Any]):
        self.done = _date_or_none(given.get("done"))
        self.note = _note_or_none(given.get("note"))


class DataShape:
    """schema.DataFile's attributes."""

    __slots__ = ("actuals", "as_of", "final", "milestones", "months", "note", "peers", "source", "units", "year")

    def __init__(self, data: dict[Any, Any]):
        if not all(type(k) is str and k in _FIELDS for k in data):
            raise Unsure
        self.year = _year_or_none(data.get("year"))
        self.final = _bool(data.get("final", False))
        self.as_of = _date_or_none(data.get("as_of"))
        self.source = _text_or_none(data.get("source"))
        self.note = _note_or_none(data.get("note"))
        self.actuals = _values(data.get("actuals", {}))
        self.peers = _named(data.get("peers", {}))
        self.units = _named(data.get("units", {}))
        self.milestones = {_id(k): ProgressShape(_fields(v, ("done", "note"))) for k, v in _dict(data, "milestones")}
        self.months = {_month_key(k): _values(v) for k, v in _dict(data, "months")}


def data_shape(data: Any) -> DataShape | None:
    """The shape of a year file's parsed data, or None when pydantic must decide."""
    if not isinstance(data, dict):
        return None
    if len(_valid_ids) > _VALID_MOST:
        _valid_ids.clear()
    try:
        return DataShape(data)
    except Unsure:
        return None


def _dict(data: dict[Any, Any], field: str) -> Any:
    value = data.get(field, {})
    if type(value) is not dict:
        raise Unsure
    return value.items()


def _fields(value: Any, allowed: tuple[str, ...] | frozenset[str]) -> dict[str, Any]:
    if type(value) is not dict or not all(type(k) is str and k in allowed for k in value):
        raise Unsure
    return value


def _id(key: Any) -> str:
    if type(key) is not str or not _ID.fullmatch(key):
        raise Unsure
    return key


def _month_key(key: Any) -> int | str:
    if type(key) is int or type(key) is str:
        return key  # type: ignore[no-any-return]
    raise Unsure


def _values(value: Any) -> dict[str, Any]:
    """Figures by id: a number, a one-line text or null as written, a mapping as an ActualShape."""
    if type(value) is not dict:
        raise Unsure
    mapped = False
    for key, written in value.items():
        if key not in _valid_ids:
            _valid_ids.add(_id(key))
        kind = type(written)
        if kind is Decimal or kind is int or written is None or (kind is str and "\n" not in written):
            continue
        if kind is not dict:
            raise Unsure
        mapped = True
    if not mapped:  # the common case (a peer's or a unit's figures): as written
        return dict(value)
    return {k: ActualShape(_fields(w, _SPEC_FIELDS)) if type(w) is dict else w for k, w in value.items()}


# Ids found valid, so that a file of thousands of peers matches each id once, not once a figure; emptied
# when it holds _VALID_MOST of them, so that it stays small in a long-lived process.
_valid_ids: set[str] = set()
_VALID_MOST = 100_000


def _named(value: Any) -> dict[str, Any]:
    """`peers:` / `units:`: by name, each a name's values or, when every key is a month, `months:`."""
    if type(value) is not dict:
        raise Unsure
    out: dict[str, Any] = {}
    for name, entry in value.items():
        if isinstance(entry, dict) and entry and all(_is_month(k) for k in entry):
            out[_text(name)] = {_month_key(m): {_text(n): _values(v) for n, v in _items(at)} for m, at in entry.items()}
        else:
            out[_text(name)] = _values(entry)
    return out


def _items(value: Any) -> Any:
    if type(value) is not dict:
        raise Unsure
    return value.items()


def _is_month(key: Any) -> bool:
    return (isinstance(key, int) and not isinstance(key, bool)) or (isinstance(key, str) and ascii_digits(key.strip()))


def _scalar(value: Any) -> Any:
    kind = type(value)
    if kind is Decimal or kind is int:
        return value
    if kind is str and "\n" not in value:
        return value
    raise Unsure


def _scalar_or_none(value: Any) -> Any:
    return None if value is None else _scalar(value)


def _text(value: Any) -> str:
    if type(value) is str and 1 <= len(value) <= CELL_CHARACTERS and "\n" not in value:
        return value
    raise Unsure


def _text_or_none(value: Any) -> str | None:
    return None if value is None else _text(value)


def _note_or_none(value: Any) -> str | None:
    if value is None or (type(value) is str and 1 <= len(value) <= CELL_CHARACTERS):
        return value
    raise Unsure


def _bool(value: Any) -> bool:
    if value is True or value is False:
        return value
    raise Unsure


def _year_or_none(value: Any) -> int | None:
    if value is None:
        return None
    if type(value) is str and _YEAR.fullmatch(value.strip()):
        value = int(value)
    if type(value) is int and 1900 <= value <= 2200:
        return value
    raise Unsure


def _date_or_none(value: Any) -> dt.date | None:
    if value is None or type(value) is dt.date:
        return value
    if type(value) is str:
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Unsure
