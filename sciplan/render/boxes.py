"""The rich table's exact text, drawn without rich, for output that shows no styles.

Importing rich costs a table run about a third of its time. When nothing is styled (the output is
not a terminal, so rich would print plain text), every width is fixed and no cell or title needs
folding, the table rich would print is fully determined: this module writes the same characters,
box for box (rich's HEAVY_HEAD box, one space of padding, a rule between sections), and wraps a
long note where render/table.py has rich print it (render/wrapping.py: never inside a number; a list
of 800 derived indicators is one long note).
Anything else goes to rich (render/table.py), and tests compare the two outputs.
"""

from __future__ import annotations

import os
import sys

from rich.cells import cell_len as _cell_len

from sciplan.views import Section


def cell_len(text: str) -> int:
    """The cells `text` takes in a terminal, as rich counts them; printable ASCII (most cells of a
    table: figures, ids, percentages) is one cell a character, counted without rich's per-character
    walk (a quarter of drawing a 10,000-row table)."""
    return len(text) if text.isascii() and text.isprintable() else _cell_len(text)


def plain_output() -> bool:
    """Whether rich would print no styles at all: standard output is not a terminal, and nothing
    forces colour or a terminal on."""
    if any(os.environ.get(name) for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")):
        return False
    try:
        return not sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def wrap(line: str, width: int) -> list[str]:
    """A line of plain text as the table's notes print it on a console `width` cells wide: broken
    where render/wrapping.py lets it break (never inside a number), trailing spaces trimmed as rich
    trims them. Lines are split at newlines first, as rich splits a Text."""
    from sciplan.render.wrapping import wrap as wrapped

    return list(wrapped(line, width))


def draw(title: str, columns: list, widths: list[int], rows: list, notes: list[str], width: int) -> str | None:
    """The table as rich prints it at `width`, or None when rich would fold something in the table
    or its title. Notes wider than `width` are wrapped as rich wraps them (`wrap`)."""
    if cell_len(title) > width or any("\t" in line for line in notes):
        return None
    notes = [part for line in notes for part in wrap(line, width)]
    if any(cell_len(c.header) > w or "\n" in c.header for c, w in zip(columns, widths, strict=True)):
        return None
    for row in rows:
        given = [(row.title, None)] if isinstance(row, Section) else row
        for (shown, _style), w in zip(given, widths, strict=False):
            if "\n" in shown or cell_len(shown) > w:
                return None

    def line(left: str, fill: str, cross: str, right: str) -> str:
        return left + cross.join(fill * (w + 2) for w in widths) + right

    def cells(texts: list[str], edge: str) -> str:
        out = []
        for text, w, column in zip(texts, widths, columns, strict=True):
            pad = " " * (w - cell_len(text))
            out.append(f" {pad}{text} " if column.justify == "right" else f" {text}{pad} ")
        return edge + edge.join(out) + edge

    out = [title, line("┏", "━", "┳", "┓"), cells([c.header for c in columns], "┃"), line("┡", "━", "╇", "┩")]
    started = False
    for row in rows:
        if isinstance(row, Section):
            if started:
                out.append(line("├", "─", "┼", "┤"))
            out.append(cells([row.title] + [""] * (len(columns) - 1), "│"))
        else:
            out.append(cells([shown for shown, _style in row], "│"))
        started = True
    out.append(line("└", "─", "┴", "┘"))
    return "\n".join(out + (notes or [""])) + "\n"  # rich prints the empty notes as an empty line
