"""Plain and tagged YAML scalars read the YAML 1.2 way, kept exact (see parser.py): `010` is 10, `no` is
"no", `2.65` is `Decimal("2.65")`, a signed number stays text."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from sciplan.core.chars import quoted
from sciplan.core.i18n import _

_INT = re.compile(r"[0-9]+\Z")
_FLOAT = re.compile(r"(\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+)([eE][-+]?[0-9]+)?\Z")
_NULL = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_INF = frozenset((".inf", ".Inf", ".INF"))
_NAN = frozenset((".nan", ".NaN", ".NAN"))
YAML_TAG = "tag:yaml.org,2002:"


def read_scalar(event: Any, fail) -> Any:
    value: str = event.value
    tag = event.tag
    if event.style:  # quoted or block scalars are always text
        if tag and tag not in ("!", YAML_TAG + "str"):
            return _tagged(value, tag, event, fail)
        return value
    if tag and tag != "!":
        return _tagged(value, tag, event, fail)
    return resolve_plain(value)


def resolve_plain(value: str) -> Any:
    """The YAML 1.2 core schema, restricted to decimal numbers, with signed numbers kept as text."""
    if value in _NULL:
        return None
    first = value[0]
    if (first.isdigit() or first == ".") and len(value) <= 40:  # longer: text, refused as a value later
        if value.isdigit() and value.isascii():  # as _INT, without a regular expression
            return int(value)
        if _FLOAT.match(value):
            return Decimal(value)
        if value in _INF:
            return Decimal("Infinity")
        if value in _NAN:
            return Decimal("NaN")
        return value
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return value


def _tagged(value: str, tag: str, event: Any, fail) -> Any:
    name = tag[len(YAML_TAG) :] if tag.startswith(YAML_TAG) else None
    if name == "str":
        return value
    if name == "null" and value in _NULL:
        return None
    if name == "bool" and value in _TRUE | _FALSE:
        return value in _TRUE
    if name in ("int", "float") and len(value) <= 40:  # as for plain numbers: longer is no figure
        text = value.lstrip("+-")
        sign = "-" if value.startswith("-") else ""
        if (_INT if name == "int" else _FLOAT).match(text):
            return int(sign + text) if name == "int" else Decimal(sign + text)
    if name in ("null", "bool", "int", "float"):
        shown = repr(value) if len(value) <= 40 else _("a {n:,}-character value").format(n=len(value))
        fail(event, "tag", _("{value} is not a valid !!{name}").format(value=shown, name=name))
    fail(event, "tag", _("unsupported YAML tag {tag}").format(tag=quoted(tag, 80)))
