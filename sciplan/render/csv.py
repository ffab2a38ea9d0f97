"""`--format csv`: RFC 4180 (CRLF line ends), UTF-8; `--bom` for Excel and WPS, which otherwise
read Chinese text as garbage. Cells hold exact values, without units or thousands separators.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(…)`,
`=cmd|' /C calc'!A0`), so such a text cell gets a leading `'` (OWASP's advice); numbers stay numbers."""

from __future__ import annotations

import csv
import io
import re
import sys

from sciplan.render import Grid, Section


def print_csv(grid: Grid, *, bom: bool = False) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns, rows = grid.shown("csv")
    has_groups = any(isinstance(r, Section) for r in rows)
    writer.writerow([safe_cell(c) for c in (["group"] if has_groups else []) + [c.key for c in columns]])
    group = ""
    for row in rows:
        if isinstance(row, Section):
            group = row.title
            continue
        writer.writerow([safe_cell(c) for c in ([group] if has_groups else []) + [c.csv for c in row]])
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
