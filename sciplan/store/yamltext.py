"""The span writer's vocabulary: the edits (`Put`, `Delete`, `Verbatim`), its refusals, and values written
as a user writes them (see sciplan/store/yamledit.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sciplan.core.i18n import _
from sciplan.core.problem import SciplanError
from sciplan.load.scalars import resolve_plain

Key = str | int
KeyPath = tuple[Key, ...]


class EditRefused(SciplanError):
    """The edit cannot be made without changing more than it should; nothing was written."""


class ChangedOnDisk(EditRefused):
    """The file changed after it was read; nothing was written."""


@dataclass(frozen=True)
class Verbatim:
    """Source text written as it stands; `data` is what it parses to (for the proof)."""

    text: str
    data: Any
    comment: str = ""  # the `# …` that stood after it on its line, carried along where a line of its own is written


@dataclass(frozen=True)
class Put:
    path: KeyPath
    value: Any
    uncomment: bool = False  # also drop the `# …` after the replaced value on its line (it spoke of the old one)


@dataclass(frozen=True)
class Delete:
    path: KeyPath


@dataclass(frozen=True)
class Append:
    """An item added at the end of the list at `path` (created when absent), with `# comment` after it where
    the list is a block list (one item a line)."""

    path: KeyPath
    value: Any
    comment: str = ""


Edit = Put | Delete | Append


# ---- rendering values as a user writes them ---------------------------------------------------------

_PLAIN_SAFE = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n\r\t]*")
# A plain scalar holding one of these ends at it inside a flow mapping (`{value: 5, note: a, b}`): such text is
# quoted wherever it goes, so that one rule serves a value in a block line and one in `{…}` alike.
_FLOW_INDICATORS = frozenset(",[]{}")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def double_quoted(value: str) -> str:
    """`value` as a YAML double-quoted scalar that reads back as itself: backslash, quote and every character
    that is not printable (line breaks YAML folds, such as U+0085 and U+2028, a BOM, controls) escaped."""
    out = ['"']
    for c in value:
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif c.isprintable():
            out.append(c)
        elif ord(c) <= 0xFFFF:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(f"\\U{ord(c):08x}")
    return "".join(out) + '"'


def scalar_text(value: Any) -> str:
    """`value` as YAML scalar text that sciplan's reader reads back as the same value."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise EditRefused(_("{value} is not a finite number").format(value=value))
        return format(value, "f")
    if isinstance(value, str):
        if (
            _PLAIN_SAFE.fullmatch(value)
            and value == value.strip()
            and ":" not in value  # `a: b`, `a:` end a key; PyYAML refuses any `:` in a plain scalar inside `{…}` (0:?)
            and " #" not in value
            and not any(c in _FLOW_INDICATORS for c in value)
            and value.isprintable()
            and resolve_plain(value) == value
        ):
            return value
        return double_quoted(value)
    raise TypeError(f"cannot write {type(value).__name__} as a YAML scalar")


def flow_text(value: Any) -> str:
    if isinstance(value, Verbatim):
        return value.text
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar_text(k)}: {flow_text(v)}" for k, v in value.items()) + "}"
    return scalar_text(value)


WIDTH = 100  # a flow mapping longer than this goes on to the next line, aligned after its `{`


def block_lines(key: Key, value: Any, indent: int, step: int, nl: str, flow_leaves: bool) -> str:
    """`key: value` at `indent`, a mapping of mappings in block style; a mapping of values in flow style
    when `flow_leaves` (its siblings are written so), wrapped at WIDTH, else in block style."""
    pad = " " * indent
    head = f"{pad}{scalar_text(key)}:"
    if isinstance(value, dict) and value:
        nested = any(isinstance(v, dict) for v in value.values())
        if nested or not flow_leaves:
            return (
                head + nl + "".join(block_lines(k, v, indent + step, step, nl, flow_leaves) for k, v in value.items())
            )
        parts = [f"{scalar_text(k)}: {flow_text(v)}" for k, v in value.items()]
        notes = [
            f"{k}: {v.comment.lstrip('#').strip()}" for k, v in value.items() if isinstance(v, Verbatim) and v.comment
        ]
        lines, line = [], head + " {"
        for n, part in enumerate(parts):
            piece = part + ("," if n + 1 < len(parts) else "}")
            if len(line) + len(piece) + 1 > WIDTH and not line.endswith("{"):
                lines.append(line)
                line = " " * (len(head) + 2) + piece
            else:
                line += ("" if line.endswith("{") else " ") + piece
        if notes:  # the moved values' comments, after the mapping that now holds them
            line += "  # " + "; ".join(notes)
        return nl.join([*lines, line]) + nl
    if isinstance(value, Verbatim) and value.comment:
        return f"{head} {value.text}  {value.comment}{nl}"
    return f"{head} {flow_text(value)}{nl}"


def data_of(value: Any) -> Any:
    """What sciplan's reader reads back from `value` as written (a signed number stays text, load.py)."""
    if isinstance(value, Verbatim):
        return value.data
    if isinstance(value, dict):
        return {k: data_of(v) for k, v in value.items()}
    text = scalar_text(value)
    return value if text.startswith('"') else resolve_plain(text)  # double_quoted reads back as itself
