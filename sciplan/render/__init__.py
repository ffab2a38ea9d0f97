"""Step 5, render: one module per output format, every one reading the same `View`.

table (rich), markdown and plain (tabulate) show the rows' texts; csv writes each column's exact
value, which is the value at the column's key in the JSON row; json writes the view's document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from sciplan.views import View


class CsvStyle(NamedTuple):
    """How `--format csv` is written: a UTF-8 byte-order mark (`--bom`), the header row (`key`, the
    JSON keys programs read, or `zh`, words for people) and the encoding (utf-8, or gbk/gb18030 for an
    old Excel that reads CSV in the system's code page)."""

    bom: bool = False
    header: str = "key"
    encoding: str = "utf-8"


def render(view: View, fmt: str, *, csv: CsvStyle | None = None) -> None:
    """Print `view` to stdout in `fmt` (table, markdown, plain, csv or json)."""
    if fmt == "table":
        from sciplan.render.table import print_table

        print_table(view)
    elif fmt in ("markdown", "plain"):
        from sciplan.render.text import print_text

        print_text(view, fmt)
    elif fmt == "csv":
        from sciplan.render.csv import print_csv

        print_csv(view, csv or CsvStyle())
    elif fmt == "json":
        print_json(view.json())
    else:
        raise ValueError(f"not an output format: {fmt}")


def print_json(document: object) -> None:
    from sciplan.render.json import print_json as _print

    _print(document)
