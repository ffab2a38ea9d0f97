"""`--format csv`: RFC 4180 (CRLF line ends), UTF-8; `--bom` for Excel and WPS, which otherwise
read Chinese text as garbage. Each column's key is the path of its value in the JSON row, and its
cells hold exactly that value: unrounded, without units or thousands separators.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(…)`,
`=cmd|' /C calc'!A0`), so such a text cell gets a leading `'` (OWASP's advice); numbers stay numbers."""

from __future__ import annotations

import csv
import io
import re
import sys

from sciplan.views import View, as_json, csv_value, value_at


def rows(view: View) -> list[list[str]]:
    """The header and the rows, as written."""
    columns = view.shown("csv")
    out = [[c.key for c in columns]]
    for row in view.rows:
        document = as_json(row)
        out.append([cell(value_at(document, c.key)) for c in columns])
    return out


def print_csv(view: View, *, bom: bool = False) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows(view))
    data = buffer.getvalue().encode("utf-8")
    sys.stdout.flush()
    sys.stdout.buffer.write((b"\xef\xbb\xbf" if bom else b"") + data)
    sys.stdout.buffer.flush()


# What a spreadsheet would run as a formula; the full-width forms too, which WPS may take for them.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?%?")  # -5, +15%, 1e-05


def safe_cell(text: str) -> str:
    """`text` as a CSV cell no spreadsheet runs: `=1+1` -> `'=1+1`, but `-5` stays `-5`."""
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def cell(value: object) -> str:
    """A JSON value as a CSV cell: a number as JSON writes it, text made safe for a spreadsheet."""
    return safe_cell(value) if isinstance(value, str) else csv_value(value)
