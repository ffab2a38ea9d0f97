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
import re
import sys

from rich.cells import cell_len as _cell_len

from sciplan.views import Section


def cell_len(text: str) -> int:
    """The cells `text` takes in a terminal, as rich counts them; printable ASCII (most cells of a
    table: figures, ids, percentages) is one cell a character, counted without rich's per-character
    walk (a quarter of drawing a 10,000-row table), and so is text of printable ASCII and the CJK
    Unified Ideographs (U+4E00–U+9FFF, two cells each to rich: tests/test_table_plain.py): a name
    like 指标0005. In UTF-8 those take 3 bytes a character and ASCII 1, so the ideographs are
    (bytes − characters) / 2."""
    if text.isascii():
        return len(text) if text.isprintable() else _cell_len(text)
    if _ASCII_AND_HAN.fullmatch(text):
        return len(text) + (len(text.encode("utf-8")) - len(text)) // 2
    return _cell_len(text)


_ASCII_AND_HAN = re.compile("[\x20-\x7e\u4e00-\u9fff]*")


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
    measured: list[list[int]] = []  # each row's cells, counted once
    for row in rows:
        given = [(row.title, None)] if isinstance(row, Section) else row
        lengths = []
        for (shown, _style), w in zip(given, widths, strict=False):
            if "\n" in shown or (n := cell_len(shown)) > w:
                return None
            lengths.append(n)
        measured.append(lengths)

    def line(left: str, fill: str, cross: str, right: str) -> str:
        return left + cross.join(fill * (w + 2) for w in widths) + right

    right = [column.justify == "right" for column in columns]

    def cells(texts: list[str], edge: str, lengths: list[int] | None = None) -> str:
        out = []
        for i, (text, w) in enumerate(zip(texts, widths, strict=True)):
            pad = " " * (w - (lengths[i] if lengths is not None and i < len(lengths) else cell_len(text)))
            out.append(f" {pad}{text} " if right[i] else f" {text}{pad} ")
        return edge + edge.join(out) + edge

    out = [title, line("┏", "━", "┳", "┓"), cells([c.header for c in columns], "┃"), line("┡", "━", "╇", "┩")]
    started = False
    for row, lengths in zip(rows, measured, strict=True):
        if isinstance(row, Section):
            if started:
                out.append(line("├", "─", "┼", "┤"))
            out.append(cells([row.title] + [""] * (len(columns) - 1), "│", lengths))
        else:
            out.append(cells([shown for shown, _style in row], "│", lengths))
        started = True
    out.append(line("└", "─", "┴", "┘"))
    return "\n".join(out + (notes or [""])) + "\n"  # rich prints the empty notes as an empty line
