"""Typing slips common with Chinese input methods, named with their fix and found on their own line.

libyaml reports where parsing broke, which is often the line after the slip, in words about its
own state ("could not find expected ':'"). A full-width colon (`hightech_total：930`), a missing space
after the colon (`hightech_total:930`), indentation with full-width spaces (U+3000, 全角空格) and an
unquoted `>=` starting a value (`{target: >= 1000}`) are what usually lies behind it.
"""

from __future__ import annotations

import re

_IDENT = r"(?:[a-z_][a-z0-9_]*|\d{4})"  # a sciplan id or a year: what keys usually are
# The value a slip glued to its key looks like a value: a number, a date, null, a flow collection.
_VALUE_START = r"""[-+\d.{\["']|null\b|true\b|false\b"""
_FULL_WIDTH_KEY = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[^\s:#'\"{}\[\],：]+)(?P<colon>：)(?P<rest>.*)$")
_NO_SPACE_KEY = re.compile(rf"^(?P<lead>\s*(?:-\s+)?)(?P<key>{_IDENT}):(?P<rest>(?:{_VALUE_START}).*)$")
_COMPARISON = re.compile(r"(?P<before>[:,{\[]\s*)(?P<op>>=|=>|>)(?P<value>\s*\d[^,}\]#]*)")
_IDEOGRAPHIC_SPACE = "\u3000"


def line_slip(line: str) -> tuple[int, str] | None:
    """The column and message of a slip on one line of YAML text, or None."""
    body = line.split(" #", 1)[0]
    lead = len(body) - len(body.lstrip(" "))
    if body[lead : lead + 1] == _IDEOGRAPHIC_SPACE:
        return lead + 1, full_width_space()
    if m := _FULL_WIDTH_KEY.match(body):
        return m.start("colon") + 1, full_width_colon(m.group("key"), m.group("rest").strip())
    if m := _NO_SPACE_KEY.match(body):
        return m.end("key") + 1, no_space(m.group("key"), m.group("rest").strip())
    if m := _COMPARISON.search(body):
        return m.start("op") + 1, unquoted_comparison(m.group("op") + m.group("value").rstrip())
    return None


def value_slip(value: str) -> str | None:
    """The message when a plain scalar that parsed is really a key and value glued together
    (`actuals:` followed by only `  hightech_total：930` parses, as the text 'hightech_total：930')."""
    if "：" not in value and ":" not in value:
        return None
    # the first word after the colon: a plain scalar folds the lines after the slip's into it
    if m := re.fullmatch(rf"(?P<key>{_IDENT})：\s*(?P<rest>\S*).*", value, re.S):
        return full_width_colon(m.group("key"), m.group("rest"))
    if m := re.fullmatch(rf"(?P<key>{_IDENT}):(?P<rest>(?:{_VALUE_START})\S*).*", value, re.S):
        return no_space(m.group("key"), m.group("rest"))
    return None


def full_width_space() -> str:
    return "indented with a full-width space (U+3000, 全角空格); indent with ordinary spaces"


def full_width_colon(key: str, rest: str) -> str:
    return (
        f"full-width colon '：' after {key} (an input method's colon); YAML needs an ASCII colon and a space: "
        f"{key}: {rest}".rstrip()
    )


def no_space(key: str, rest: str) -> str:
    return f"no space after the colon in '{key}:{rest}', so YAML reads it as one piece of text; write {key}: {rest}"


def unquoted_comparison(target: str) -> str:
    op = re.match(r"[>=]+", target).group(0)  # type: ignore[union-attr]
    return f"a value cannot start with an unquoted '{op}' in YAML; quote it: \"{target}\""
