"""`--format table`: a rich table for the terminal. Colour follows the terminal and NO_COLOR;
every status also has a text marker, so nothing depends on colour."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from sciplan.core.i18n import _
from sciplan.render import boxes
from sciplan.render.boxes import cell_len
from sciplan.render.encoding import fit, is_unicode
from sciplan.render.wrapping import widest_number, wrap
from sciplan.views import Column, Section, Texts, View, text
from sciplan.views import style as style_of

if TYPE_CHECKING:
    from rich.console import Console


def window_width() -> int:
    """The width to lay tables out for: COLUMNS when it is a positive whole number (anything else is
    ignored, as if unset), else the terminal's; piped output gets a generous 200 columns, so tables
    saved to a file are not squeezed to 80."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isascii() and columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if sys.stdout.isatty():
            return os.get_terminal_size(sys.stdout.fileno()).columns or 80
    except (OSError, ValueError):
        pass
    return 200


def console(width: int | None = None) -> Console:
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            """rich would exit 1 quietly; let the CLI report it like every other output (exit 141)."""
            raise BrokenPipeError

    # Everything printed is Text already: no markup, emoji codes or highlighting to look for.
    return _Console(width=width or window_width(), highlight=False, soft_wrap=False, markup=False, emoji=False)


def print_table(view: View) -> None:
    window = window_width()
    encoding = getattr(sys.stdout, "encoding", None)
    columns = view.shown("table")
    keys = [c.key for c in columns]
    laid = view.layout("table")
    rows = [r if isinstance(r, Section) else cells(r, keys) for r in laid]  # each row's texts
    columns, rows = _fitted(columns, rows, encoding)
    measured = boxes.measure(rows, len(columns))  # each cell in terminal cells, counted once
    widths = _cell_widths(columns, measured)
    keep, hidden = _fit(columns, widths, window)
    if hidden:
        columns, widths = [columns[i] for i in keep], [widths[i] for i in keep]
        rows = [r if isinstance(r, Section) else [r[i] for i in keep] for r in rows]
        measured = boxes.kept(measured, keep)
    # Every width is fixed here, never left to rich: squeezed to the window, rich would shave every
    # column, numbers included (`1,341` to `134`, `34.6` to `34.`), without a mark. Only text folds,
    # never below its floor; when even the floors do not fit, the table is printed wider than the
    # window and the terminal wraps its lines.
    if sum(widths) + _borders(columns) > window:
        widths = _squeeze(widths, _floors(columns, rows, widths), window - _borders(columns))
    hint = None
    if hidden:
        hint = _("Not shown at this width: {columns} (widen the window, or use --format plain)").format(
            columns=_(", ").join(hidden)
        )
    if is_unicode(encoding) and boxes.plain_output():
        lines = [fit(hint, encoding)] if hint else []
        lines += [("  " if n.kind == "item" else "") + fit(n.text, encoding) for n in view.notes]
        width = max(window, sum(widths) + _borders(columns))
        drawn = boxes.draw(fit(view.title, encoding), columns, widths, rows, lines, width, measured)
        if drawn is not None:
            boxes.write(drawn)
            return
    from rich.table import Table
    from rich.text import Text

    # The title goes above the table, not in it: a table title is padded to the table's width,
    # which leaves trailing spaces in saved output.
    table = Table(header_style="bold")
    for col, width in zip(columns, widths, strict=True):
        table.add_column(col.header, justify=col.justify, overflow="fold", width=width)
    for row, r in zip(rows, laid, strict=True):
        if isinstance(row, Section):
            if table.row_count:
                table.add_section()
            table.add_row(Text("\n".join(wrap(row.title, widths[0])), style="bold cyan"))
            continue
        # a cell too wide for its column is broken here, never inside a number (see the notes)
        styles = [style_of(r, c.key) for c in columns]  # its styles in the columns shown
        table.add_row(
            *(
                Text("\n".join(wrap(shown, w)), style=style or "")
                for shown, style, w in zip(row, styles, widths, strict=True)
            )
        )
    # rich caps a print at its console's width: the console is made as wide as the table. Notes and
    # the title are broken into lines here, where a line may break (never inside a number: rich
    # would fold a Chinese sentence anywhere); each line fits, so rich prints it as it is.
    width = max(window, sum(widths) + _borders(columns))
    notes = Text()
    if hint:
        notes.append("".join(line + "\n" for line in wrap(fit(hint, encoding), width)), style="dim")
    for note in view.notes:
        indent = "  " if note.kind == "item" else ""
        style = "bold" if note.kind == "heading" else note.style or ""
        notes.append("".join(line + "\n" for line in wrap(indent + fit(note.text, encoding), width)), style=style)
    notes.rstrip()
    title = Text("\n".join(wrap(fit(view.title, encoding), width)), style="bold")
    out = console(width)
    out.print(title, table, notes, crop=False)  # one print: each walks rich's whole pipeline


def _fitted(columns: list[Column], rows: list, encoding: str | None) -> tuple[list[Column], list]:
    """Headers and cells in characters the output's encoding has, before anything is measured."""
    if is_unicode(encoding):
        return columns, rows
    columns = [c._replace(header=fit(c.header, encoding)) for c in columns]
    rows = [
        Section(fit(r.title, encoding)) if isinstance(r, Section) else [fit(shown, encoding) for shown in r]
        for r in rows
    ]
    return columns, rows


def _borders(columns: list) -> int:
    return 3 * len(columns) + 1  # "│ " before, " " after each cell, and the last "│"


def cells(row: Any, keys: list[str]) -> list[str]:
    """A row's texts in the columns `keys` (`text` of each), its texts looked up once (a
    100,000-row table reads 900,000 cells); their styles are read only where they are shown."""
    shown = getattr(row, "shown", None)
    if type(shown) is Texts:
        shown = shown.made()
    elif type(shown) is not dict:  # no texts, or texts of another kind: cell by cell
        return [text(row, key) for key in keys]
    try:
        return list(map(shown.__getitem__, keys))  # the commonest: every cell has its text
    except KeyError:
        return [shown[key] if key in shown else text(row, key) for key in keys]


def _cell_widths(columns: list, measured: boxes.Measured) -> list[int]:
    """Each column's widest cell or header in terminal cells (a Chinese character takes two); a
    section title spans the row but is measured against the first column."""
    widths = [cell_len(c.header) for c in columns]
    for i, counted in enumerate(measured.columns):
        widths[i] = max([widths[i], *counted])  # a table without rows: its header
    if measured.titles:
        widths[0] = max(widths[0], *measured.titles)
    return widths


_NARROWEST = 8  # a folded Chinese name keeps four characters a line
_LONGEST_WORD = 16  # a longer Latin word may be folded


def _floors(columns: list, rows: list, widths: list[int]) -> list[int]:
    """How narrow each column may fold. Numbers (right-aligned cells) never fold. Elsewhere rich folds
    a cell at spaces, so a word is kept whole: always one that holds a digit (`≥ 1,341` may become
    two lines, `1,341` stays whole), a Latin word up to _LONGEST_WORD; Chinese text folds anywhere,
    down to _NARROWEST."""
    floors = [min(w, _NARROWEST) for w in widths]
    for i, column in enumerate(columns):
        floors[i] = max(floors[i], _word_floor(column.header))
    for row in rows:
        if isinstance(row, Section):
            continue
        for i, shown in enumerate(row):
            # a right-aligned column holds numbers (`258 (2021)`): its cells never fold at all
            whole = columns[i].justify == "right"
            floors[i] = max(floors[i], cell_len(shown) if whole else _word_floor(shown))
    return floors


def _word_floor(text: str) -> int:
    floor = widest_number(text)  # `+7.8个百分点`, `30 家`: a number and its unit never fold
    for word in text.split():
        width = cell_len(word)
        if any(ch.isdigit() for ch in word):
            floor = max(floor, width)
        elif width == len(word):  # no wide characters
            floor = max(floor, min(width, _LONGEST_WORD))
    return floor


def _squeeze(widths: list[int], floors: list[int], room: int) -> list[int]:
    """Narrow the widest foldable column, a cell at a time, until the table fits `room` or every
    column is at its floor."""
    widths = list(widths)
    while sum(widths) > room:
        foldable = [i for i, w in enumerate(widths) if w > floors[i]]
        if not foldable:
            break
        widest = max(foldable, key=lambda i: widths[i])
        widths[widest] -= 1
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
