"""`--format table`: a rich table for the terminal. Colour follows the terminal and NO_COLOR;
every status also has a text marker, so nothing depends on colour."""

from __future__ import annotations

import os
import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

from sciplan.render import Grid, Section


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """rich would exit 1 quietly; let the CLI report it like every other output (exit 141)."""
        raise BrokenPipeError


def console() -> Console:
    # Piped output gets a generous width so tables are not squeezed to 80 columns.
    width = None if sys.stdout.isatty() else int(os.environ.get("COLUMNS", "200"))
    # Everything printed is Text already: no markup, emoji codes or highlighting to look for.
    return _Console(width=width, highlight=False, soft_wrap=False, markup=False, emoji=False)


def print_table(grid: Grid) -> None:
    out = console()
    table = Table(title=Text(grid.title), title_justify="left", title_style="bold", header_style="bold")
    columns, rows = grid.shown("table")
    columns, rows, hidden = _fit(columns, rows, out.width)
    widths = _natural_widths(columns, rows, out.width)
    for col, width in zip(columns, widths, strict=True):
        # numbers never wrap; names fold onto a second line rather than being cut off
        table.add_column(col.header, justify=col.justify, no_wrap=col.justify == "right", overflow="fold", width=width)
    for row in rows:
        if isinstance(row, Section):
            if table.row_count:
                table.add_section()
            table.add_row(Text(row.title, style="bold cyan"))
            continue
        table.add_row(*(Text(cell.text, style=cell.style or "") for cell in row))
    notes = Text()
    if hidden:
        notes.append(
            f"Not shown at this width: {', '.join(hidden)} (widen the window, or use --format plain)\n", style="dim"
        )
    for note in grid.notes:
        indent = "  " if note.kind == "item" else ""
        notes.append(f"{indent}{note.text}\n", style="bold" if note.kind == "heading" else note.style or "")
    notes.rstrip()
    out.print(table, notes)  # one print: each call walks rich's whole render pipeline


def _natural_widths(columns: list, rows: list, available: int) -> list[int | None]:
    """Each column's widest cell, when the whole table fits: rich then skips measuring every cell
    again (most of a small table's rendering time). When it does not fit, rich decides (None)."""
    from rich.cells import cell_len

    widths = [cell_len(c.header) for c in columns]
    for row in rows:
        if not isinstance(row, Section):
            for i, cell in enumerate(row):
                widths[i] = max(widths[i], cell_len(cell.text))
        elif cell_len(row.title) > widths[0]:
            widths[0] = cell_len(row.title)
    borders = 3 * len(columns) + 1  # "│ " before, " " after each cell, and the last "│"
    return list(widths) if sum(widths) + borders <= available else [None] * len(columns)


def _fit(columns: list, rows: list, available: int) -> tuple[list, list, list[str]]:
    """Drop the least needed columns (highest `drop` first) until the table fits the terminal, so
    an 80-column window shows fewer columns rather than names folded two characters a line."""
    from rich.cells import cell_len

    def width(i: int) -> int:
        cells = [cell_len(r[i].text) for r in rows if not isinstance(r, Section)]
        return max([cell_len(columns[i].header), *cells]) + 3

    keep = list(range(len(columns)))
    hidden: list[str] = []
    droppable = sorted((c.drop, i) for i, c in enumerate(columns) if c.drop)
    while droppable and sum(width(i) for i in keep) + 1 > available:
        _, i = droppable.pop()
        keep.remove(i)
        hidden.append(columns[i].header)
    if not hidden:
        return columns, rows, []
    rows = [r if isinstance(r, Section) else [r[i] for i in keep] for r in rows]
    return [columns[i] for i in keep], rows, hidden
