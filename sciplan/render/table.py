"""`--format table`: a rich table for the terminal. Colour follows the terminal and NO_COLOR;
every status also has a text marker, so nothing depends on colour."""

from __future__ import annotations

import os
import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

from sciplan.render import Grid, Section


def console() -> Console:
    # Piped output gets a generous width so tables are not squeezed to 80 columns.
    width = None if sys.stdout.isatty() else int(os.environ.get("COLUMNS", "200"))
    return Console(width=width, highlight=False, soft_wrap=False)


def print_table(grid: Grid) -> None:
    out = console()
    table = Table(title=grid.title, title_justify="left", title_style="bold", header_style="bold")
    columns, rows = grid.shown("table")
    for col in columns:
        # numbers never wrap; names fold onto a second line rather than being cut off
        table.add_column(col.header, justify=col.justify, no_wrap=col.justify == "right", overflow="fold")
    for row in rows:
        if isinstance(row, Section):
            if table.row_count:
                table.add_section()
            table.add_row(Text(row.title, style="bold cyan"))
            continue
        table.add_row(*(Text(cell.text, style=cell.style or "") for cell in row))
    out.print(table)
    for note in grid.notes:
        if note.kind == "heading":
            out.print(Text(note.text, style="bold"))
        else:
            indent = "  " if note.kind == "item" else ""
            out.print(Text(indent + note.text, style=note.style or ""))
