"""Step 5, render: one module per output format, every one reading the same `View`.

table (rich), markdown and plain (tabulate) show the rows' texts; csv writes each column's exact
value, which is the value at the column's key in the JSON row; json writes the view's document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sciplan.render.style import CsvStyle

__all__ = ["CsvStyle", "print_json", "render"]

if TYPE_CHECKING:
    from sciplan.views import View


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
