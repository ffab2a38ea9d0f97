"""`--format csv`: RFC 4180 (CRLF line ends), UTF-8; `--bom` for Excel and WPS, which otherwise
read Chinese text as garbage. Each column's key is the path of its value in the JSON row, and its
cells hold exactly that value: unrounded, without units or thousands separators."""

from __future__ import annotations

import csv
import io
import sys

from sciplan.views import View, as_json, csv_value, value_at


def rows(view: View) -> list[list[str]]:
    """The header and the rows, as written."""
    columns = view.shown("csv")
    out = [[c.key for c in columns]]
    for row in view.rows:
        document = as_json(row)
        out.append([csv_value(value_at(document, c.key)) for c in columns])
    return out


def print_csv(view: View, *, bom: bool = False) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows(view))
    data = buffer.getvalue().encode("utf-8")
    sys.stdout.flush()
    sys.stdout.buffer.write((b"\xef\xbb\xbf" if bom else b"") + data)
    sys.stdout.buffer.flush()
