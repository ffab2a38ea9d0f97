"""`--format json`: exactly one JSON document on stdout, UTF-8, Chinese kept as written.

On a stream whose encoding lacks a character (✓ in GBK, Chinese in ASCII), that character is
written as JSON's own \\u escape: the document reads back the same, and GBK keeps its Chinese.

The document is written as `json.dumps(document, ensure_ascii=False, indent=2)` writes it, byte for
byte, but faster: with an indent, json falls back to its pure-Python encoder (a generator per level,
~40% of a warm 100k-indicator status). `dumps` below walks the document once, writing strings
with json's own C escaper; anything but plain JSON values (str, int, float, bool, None, list,
tuple, dict with str keys) is handed to json.dumps (that value alone, at its indent: json.dumps
writes a value the same wherever it stands), so the output never differs.

`print_json` streams: a long list given as `views.Each(items, as_json)` (a scorecard's 100,000 rows)
turns each item into JSON values only as it is written, and the text goes out in pieces, so
neither the document's values nor its text are ever held whole.

One addition: a Decimal (core.numbers.exact, which every number of a view is) is written as the
number it is, its digits as they are, where json.dumps would refuse it: JSON numbers are decimal
text, and no float comes between the exact value and the document (−18.1818181818182, not
−18.181818181818183; 99999999999999.99, not …98). So that one never reaches json.dumps, keys that
are not str and subclasses of str, int, float, list and dict are written here as json.dumps writes them.
"""

from __future__ import annotations

import json
import math
import sys
from decimal import Decimal
from fractions import Fraction
from json.encoder import encode_basestring  # the C escaper where CPython has it
from typing import Any

from sciplan.core.numbers import Exact, exact_text
from sciplan.views import Each, as_json, json_fields


def _listed(o: Any) -> Any:
    """json.dumps' `default`: an `Each` is the list it stands for; anything else, json's own error."""
    if type(o) is Each:
        return list(o)
    raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")


_PIECE = 1 << 16  # pieces of output to gather before writing them out


class _Out:
    """While print_json writes: whether an `Each` may write out what is gathered, and how many
    pieces went out (a value with a piece out is never rewritten)."""

    streaming = False
    pieces = 0

    def write(self, out: list[str]) -> None:
        write_json("".join(out))
        out.clear()
        self.pieces += 1


_OUT = _Out()


def print_json(document: object) -> None:
    """Write the document as `dumps` would, in pieces."""
    out: list[str] = []
    first = _OUT.pieces
    _OUT.streaming = True
    try:
        _write(document, out, "\n")
    except _NotPlain:  # the top level itself has a non-str key
        if _OUT.pieces != first:  # never in sciplan's documents: their keys are str, an Each at the top
            raise TypeError("a JSON document with a non-str key beside a streamed list") from None
        out = [json.dumps(document, ensure_ascii=False, indent=2, default=_listed)]
    finally:
        _OUT.streaming = False
    out.append("\n")
    _OUT.write(out)


class _NotPlain(Exception):
    """A value json.dumps handles its own way (a subclass, a non-str key): let it."""


def dumps(document: object) -> str:
    """`json.dumps(document, ensure_ascii=False, indent=2)`, the same text."""
    out: list[str] = []
    try:
        _write(document, out, "\n")
    except _NotPlain:
        return json.dumps(document, ensure_ascii=False, indent=2, default=_listed)
    return "".join(out)


def _value(v: Any, out: list[str], newline: str) -> None:
    """Append the value `v` of a list or dict: what `_write` does not write itself (a subclass,
    a non-str key inside), json.dumps writes, at the same indent. A value of which a piece went
    out already (an `Each` in it) is never rewritten: only `Each` writes pieces, and only
    between its items."""
    mark, pieces = len(out), _OUT.pieces
    try:
        _write(v, out, newline)
    except _NotPlain:
        if _OUT.pieces != pieces:  # a piece of it went out (an Each in a dict with a non-str key)
            raise
        del out[mark:]
        out.append(json.dumps(v, ensure_ascii=False, indent=2, default=_listed).replace("\n", newline))


def _float(x: float) -> str:
    if math.isnan(x):
        return "NaN"
    if x == float("inf"):
        return "Infinity"
    if x == -float("inf"):
        return "-Infinity"
    return float.__repr__(x)


_CONSTANTS = {True: "true", False: "false"}


def _write(o: Any, out: list[str], newline: str) -> None:
    """Append `o` at the indent `newline` carries ("\\n" and two spaces per level)."""
    t = type(o)
    if t is str:
        out.append(encode_basestring(o))
    elif o is None:
        out.append("null")
    elif t is bool:
        out.append(_CONSTANTS[o])
    elif t is int:
        out.append(int.__repr__(o))
    elif t is float:
        out.append(_float(o))
    elif t is dict:
        if not o:
            out.append("{}")
            return
        inner = newline + "  "
        sep = "{" + inner
        for key, v in o.items():
            k = key if type(key) is str else _key(key)
            tv = type(v)
            if tv is str:
                out.append(sep + encode_basestring(k) + ": " + encode_basestring(v))
            elif v is None:  # the commonest values of a row, written here as `_write` writes them
                out.append(sep + encode_basestring(k) + ": null")
            elif tv is bool:
                out.append(sep + encode_basestring(k) + ": " + _CONSTANTS[v])
            elif tv is int:
                out.append(sep + encode_basestring(k) + ": " + int.__repr__(v))
            elif tv is Exact and v.is_finite():
                out.append(sep + encode_basestring(k) + ": " + format(v, "f"))
            else:
                out.append(sep + encode_basestring(k) + ": ")
                _value(v, out, inner)
            sep = "," + inner
        out.append(newline + "}")
    elif t is list or t is tuple:
        if not o:
            out.append("[]")
            return
        inner = newline + "  "
        sep = "[" + inner
        for v in o:
            out.append(sep)
            _value(v, out, inner)
            sep = "," + inner
        out.append(newline + "]")
    elif t is Each:
        inner = newline + "  "
        sep = "[" + inner
        streaming = _OUT.streaming
        make, rows = o.make, o.rows
        for item in o.items:
            out.append(sep)
            if rows:
                _row(make(item), out, inner)
            else:
                _value(make(item), out, inner)
            sep = "," + inner
            if streaming and len(out) > _PIECE:
                _OUT.write(out)
        out.append("[]" if sep[0] == "[" else newline + "]")
    elif isinstance(o, Decimal):  # an exact number (core.numbers.exact): its digits, never a float's
        if not o.is_finite():
            raise ValueError(f"{o} is not a JSON number")
        out.append(format(o, "f"))
    elif isinstance(o, str):  # subclasses, as json.dumps writes them
        out.append(encode_basestring(o))
    elif isinstance(o, int):
        out.append(int.__repr__(o))
    elif isinstance(o, float):
        out.append(_float(o))
    elif isinstance(o, (list, tuple)):
        _write(list(o), out, newline)
    elif isinstance(o, dict):
        _write(dict(o), out, newline)
    else:
        raise _NotPlain


def _row(row: Any, out: list[str], newline: str) -> None:
    """Append `as_json(row)` as `_write` writes it, straight from the row's fields: no dict made,
    each key's text (`,\n      "name": `) made once per row type and indent, and a Fraction's
    digits written without the Exact in between (exact_text: the same text)."""
    t = type(row)
    plan = _ROWS.get((t, newline))
    if plan is None:
        if not (isinstance(row, tuple) and hasattr(t, "_fields")):  # not a row: as as_json makes it
            _value(as_json(row), out, newline)
            return
        inner = newline + "  "
        fields = json_fields(t)
        plan = _ROWS[(t, newline)] = [
            (i, ("{" if n == 0 else ",") + inner + encode_basestring(name) + ": ", point)
            for n, (i, name, point) in enumerate(fields)
        ]
    if not plan:
        out.append("{}")
        return
    inner = newline + "  "
    for i, key, point in plan:
        v = row[i]
        tv = type(v)
        if v is None:
            out.append(key + "null")
        elif point:  # as_json writes exact(v, point=True): an Exact, always
            out.append(key + exact_text(v, point=True))
        elif tv is str:
            out.append(key + encode_basestring(v))
        elif tv is bool:
            out.append(key + _CONSTANTS[v])
        elif tv is int:
            out.append(key + int.__repr__(v))
        elif tv is Fraction:  # as_json writes exact(v): an int, or an Exact
            out.append(key + exact_text(v))
        elif isinstance(v, tuple) and hasattr(tv, "_fields"):  # a row in the row (a target, a rank)
            out.append(key)
            _row(v, out, inner)
        else:
            out.append(key)
            _value(as_json(v), out, inner)
    out.append(newline + "}")


# A row type at an indent -> its fields as `_row` writes them: (index, the key's text, with a point)
_ROWS: dict[tuple[type, str], list[tuple[int, str, bool]]] = {}


def _key(k: object) -> str:
    """A key that is not a str, as json.dumps writes it (or json.dumps' own TypeError)."""
    if isinstance(k, str):
        return k
    if isinstance(k, float):
        return _float(k)
    if k is True or k is False or k is None:
        return {True: "true", False: "false", None: "null"}[k]
    if isinstance(k, int):
        return int.__repr__(k)
    raise _NotPlain


def write_json(text: str) -> None:
    from sciplan.render.encoding import is_unicode

    encoding = getattr(sys.stdout, "encoding", None)
    if not is_unicode(encoding):
        assert encoding is not None
        text = text.encode(encoding, "sciplan-json").decode(encoding)
    sys.stdout.write(text)
