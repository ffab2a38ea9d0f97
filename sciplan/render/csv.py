"""`--format csv`: RFC 4180 (CRLF line ends), UTF-8; `--bom` for Excel and WPS, which otherwise
read Chinese text as garbage. Cells hold exact values, without units or thousands separators."""

from __future__ import annotations

import csv
import io
import sys

from sciplan.render import Grid, Section


def print_csv(grid: Grid, *, bom: bool = False) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns, rows = grid.shown("csv")
    has_groups = any(isinstance(r, Section) for r in rows)
    writer.writerow((["group"] if has_groups else []) + [c.key for c in columns])
    group = ""
    for row in rows:
        if isinstance(row, Section):
            group = row.title
            continue
        writer.writerow(([group] if has_groups else []) + [c.csv for c in row])
    data = buffer.getvalue().encode("utf-8")
    sys.stdout.flush()
    sys.stdout.buffer.write((b"\xef\xbb\xbf" if bom else b"") + data)
    sys.stdout.buffer.flush()
