"""`--format table`: a rich table for the terminal. Colour follows the terminal and NO_COLOR;
every status also has a text marker, so nothing depends on colour."""

from __future__ import annotations

import os
import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

from sciplan.views import Section, View, text
from sciplan.views import style as style_of


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """rich would exit 1 quietly; let the CLI report it like every other output (exit 141)."""
        raise BrokenPipeError


def console() -> Console:
    # Piped output gets a generous width so tables are not squeezed to 80 columns.
    width = None if sys.stdout.isatty() else int(os.environ.get("COLUMNS", "200"))
    # Everything printed is Text already: no markup, emoji codes or highlighting to look for.
    return _Console(width=width, highlight=False, soft_wrap=False, markup=False, emoji=False)


def print_table(view: View) -> None:
    out = console()
    # The title goes above the table, not in it: a table title is padded to the table's width,
    # which leaves trailing spaces in saved output.
    table = Table(header_style="bold")
    columns = view.shown("table")
    rows = [
        r if isinstance(r, Section) else [(text(r, c.key), style_of(r, c.key)) for c in columns]
        for r in view.layout("table")
    ]
    widths = _cell_widths(columns, rows)
    keep, hidden = _fit(columns, widths, out.width)
    if hidden:
        columns, widths = [columns[i] for i in keep], [widths[i] for i in keep]
        rows = [r if isinstance(r, Section) else [r[i] for i in keep] for r in rows]
    # When the whole table fits, fixed widths spare rich measuring every cell again (most of a small
    # table's rendering time); otherwise rich folds the text columns.
    fits = sum(widths) + _borders(columns) <= out.width
    for col, width in zip(columns, widths, strict=True):
        # numbers never wrap; names fold onto a second line rather than being cut off
        table.add_column(
            col.header,
            justify=col.justify,
            no_wrap=col.justify == "right",
            overflow="fold",
            width=width if fits else None,
        )
    for row in rows:
        if isinstance(row, Section):
            if table.row_count:
                table.add_section()
            table.add_row(Text(row.title, style="bold cyan"))
            continue
        table.add_row(*(Text(shown, style=style or "") for shown, style in row))
    notes = Text()
    if hidden:
        notes.append(
            f"Not shown at this width: {', '.join(hidden)} (widen the window, or use --format plain)\n", style="dim"
        )
    for note in view.notes:
        indent = "  " if note.kind == "item" else ""
        notes.append(f"{indent}{note.text}\n", style="bold" if note.kind == "heading" else note.style or "")
    notes.rstrip()
    # When even the kept columns cannot fit, rich would shave every column, numbers included, and cut
    # `+13.66%` to `+13.66` without a mark: render wider instead and let the terminal wrap the lines.
    least = sum(w if c.justify == "right" else min(w, 8) for c, w in zip(columns, widths, strict=True))
    least += _borders(columns)
    title = Text(view.title, style="bold")
    if least > out.width:
        out.print(title, table, notes, width=least, crop=False)
    else:
        out.print(title, table, notes)  # one print: each call walks rich's whole render pipeline


def _borders(columns: list) -> int:
    return 3 * len(columns) + 1  # "│ " before, " " after each cell, and the last "│"


def _cell_widths(columns: list, rows: list) -> list[int]:
    """Each column's widest cell or header in terminal cells (a Chinese character takes two); a
    section title spans the row but is measured against the first column."""
    from rich.cells import cell_len

    widths = [cell_len(c.header) for c in columns]
    for row in rows:
        if isinstance(row, Section):
            widths[0] = max(widths[0], cell_len(row.title))
            continue
        for i, (shown, _style) in enumerate(row):
            widths[i] = max(widths[i], cell_len(shown))
    return widths


def _fit(columns: list, widths: list[int], available: int) -> tuple[list[int], list[str]]:
    """The columns to keep, dropping the least needed (highest `drop` first) until the table fits the
    terminal, so an 80-column window shows fewer columns rather than names folded two characters a line."""
    keep = list(range(len(columns)))
    hidden: list[str] = []
    droppable = sorted((c.drop, i) for i, c in enumerate(columns) if c.drop)
    while droppable and sum(widths[i] + 3 for i in keep) + 1 > available:
        _, i = droppable.pop()
        keep.remove(i)
        hidden.append(columns[i].header)
    return keep, hidden
