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
from itertools import repeat
from operator import eq, sub
from typing import NamedTuple

from rich.cells import cell_len as _cell_len

from sciplan.views import Section


def cell_len(text: str) -> int:
    """The cells `text` takes in a terminal, as rich counts them; printable ASCII (most cells of a
    table: figures, ids, percentages) is one cell a character, counted without rich's per-character
    walk (a quarter of drawing a 10,000-row table), and so is text of printable ASCII and the CJK
    Unified Ideographs (U+4E00–U+9FFF, two cells each to rich: tests/test_table_plain.py): a name
    like 指标0005. In UTF-8 those take 3 bytes a character and ASCII 1, so the ideographs are
    (bytes − characters) / 2. So is Chinese punctuation (，（）), and the signs of a cell (≥ ✓ —) are
    counted as the ASCII letter each is turned into first: one cell."""
    if text.isascii():
        return len(text) if text.isprintable() else _cell_len(text)
    if _ASCII_AND_HAN.fullmatch(text):
        return len(text) + (len(text.encode("utf-8")) - len(text)) // 2
    if _SIGNS_AND_WIDE.fullmatch(text):  # a target `≥ 50`, a status `✓ met`, `—`, Chinese punctuation
        text = text.translate(_SIGNS)  # each sign one cell, as an ASCII letter is
        return len(text) + (len(text.encode("utf-8")) - len(text)) // 2
    return _cell_len(text)


# Besides: the signs of sciplan's cells, one cell each to rich, and the Chinese punctuation of its
# texts, two cells each and three bytes in UTF-8 as an ideograph is (tests/test_boxes.py checks
# every one against rich)
NARROW_SIGNS = "≥≤✓✗→—·†…–“”★○"
WIDE_PUNCTUATION = "，；、（）：《》。"
_ASCII_AND_HAN = re.compile("[\x20-\x7e\u4e00-\u9fff]*")
_SIGNS_AND_WIDE = re.compile(f"[\x20-\x7e\u4e00-\u9fff{NARROW_SIGNS}{WIDE_PUNCTUATION}]*")
_SIGNS = str.maketrans(dict.fromkeys(NARROW_SIGNS, "a"))
_ZWJ = "\u200d"
_SIGN = re.compile(f"[{NARROW_SIGNS}]")  # the same replacement for a long text: 3x faster than translate


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
    # what fits needs no breaking: a character of n bytes in UTF-8 takes at most (n + 1) / 2 cells
    # (ASCII 1, an ideograph 2, nothing more than 2), so the count is exact for ASCII and Chinese
    if "\n" not in line and (len(line.encode("utf-8", "surrogatepass")) + len(line)) // 2 <= width:
        return [line]
    from sciplan.render.wrapping import wrap as wrapped

    return list(wrapped(line, width))


class Measured(NamedTuple):
    """A table's cells in terminal cells, as `cell_len` counts them: column by column over the rows
    that are not sections (in their order), and each section's title (in its order)."""

    columns: list[list[int]]
    titles: list[int]
    # what measuring learnt on the way, so that drawing need not read every cell again: the cells
    # column by column, which columns this module can draw as rich would (no newline, no ZERO WIDTH
    # JOINER: rich's table pads a cell holding one a cell short of what rich.cells counts, attacker
    # trial 6), and which take one cell a character
    texts: list[tuple[str, ...]] | None = None
    drawable: list[bool] | None = None
    narrow: list[bool] | None = None


def measure(rows: list, n: int) -> Measured:
    """The cells of `rows` (each a list of `n` texts, or a Section), counted column by column: a
    column of printable ASCII (figures, ids, percentages) by its lengths alone."""
    plain = [row for row in rows if not isinstance(row, Section)]
    columns: list[tuple[str, ...]] = list(zip(*plain, strict=True)) if plain else [() for _ in range(n)]
    counted, drawable, narrow = [], [], []
    for texts in columns:
        joined = "".join(texts)
        simple = joined.isascii() and joined.isprintable()
        if simple:  # every cell one cell a character
            counted.append(list(map(len, texts)))
        elif _ASCII_AND_HAN.fullmatch(joined):  # names like 指标0005: (bytes + characters) / 2, as cell_len
            counted.append([(len(t.encode()) + len(t)) // 2 for t in texts])
        elif _SIGNS_AND_WIDE.fullmatch(joined):  # targets `≥ 50`, statuses `✓ met`: signs one cell each
            # replaced in one call (no cell holds the NUL that parts them: the pattern admits none)
            parts = _SIGN.sub("a", "\0".join(texts)).split("\0")
            counted.append([(len(t.encode()) + len(t)) // 2 for t in parts])
        else:
            counted.append([len(t) if t.isascii() and t.isprintable() else cell_len(t) for t in texts])
            drawable.append("\n" not in joined and _ZWJ not in joined)
            narrow.append(False)
            continue
        drawable.append(True)  # the patterns above admit neither
        narrow.append(simple)
    titles = [row.title for row in rows if isinstance(row, Section)]
    if _ASCII_AND_HAN.fullmatch("".join(titles)):  # group names like 分组01, one per row in a long table
        counted_titles = [(len(t.encode()) + len(t)) // 2 for t in titles]
    else:
        counted_titles = list(map(cell_len, titles))
    return Measured(counted, counted_titles, columns, drawable, narrow)


def kept(measured: Measured, keep: list[int]) -> Measured:
    """`measured` of the columns `keep` only (the table hides the others at this width)."""

    def some(values: list | None) -> list | None:
        return None if values is None else [values[i] for i in keep]

    return Measured(
        [measured.columns[i] for i in keep],
        measured.titles,
        some(measured.texts),
        some(measured.drawable),
        some(measured.narrow),
    )


def draw(
    title: str,
    columns: list,
    widths: list[int],
    rows: list,
    notes: list[str],
    width: int,
    measured: Measured | None = None,
) -> list[str] | None:
    """The lines of the table as rich prints it at `width` (each ends in a newline when printed:
    `write`), or None when rich would fold something in the table or its title. Notes wider than
    `width` are wrapped as rich wraps them (`wrap`). `measured`: the rows' cells (`measure`), when
    counted already."""
    if cell_len(title) > width or _ZWJ in title or any("\t" in line or _ZWJ in line for line in notes):
        return None
    notes = [part for line in notes for part in wrap(line, width)]
    if any(cell_len(c.header) > w or "\n" in c.header for c, w in zip(columns, widths, strict=True)):
        return None
    if measured is None or measured.texts is None:
        measured = measure(rows, len(columns))
    lengths, titles, texts, drawable, narrow = measured
    assert texts is not None and drawable is not None and narrow is not None
    plain = [row for row in rows if not isinstance(row, Section)]
    for counted, w, clean in zip(lengths, widths, drawable, strict=True):
        if (counted and max(counted) > w) or not clean:
            return None
    sections = [row.title for row in rows if isinstance(row, Section)]
    if (widths and titles and max(titles) > widths[0]) or any("\n" in t or _ZWJ in t for t in sections):
        return None

    def line(left: str, fill: str, cross: str, right: str) -> str:
        return left + cross.join(fill * (w + 2) for w in widths) + right

    right = [column.justify == "right" for column in columns]

    def cells(texts: list[str], edge: str, lengths: list[int] | None = None) -> str:
        given = lengths or []
        if len(given) != len(texts):  # a header, a section's row (its title measured, the rest empty)
            given = [given[i] if i < len(given) else cell_len(text) for i, text in enumerate(texts)]
        # each cell padded to its column's cells: n cells in len(text) characters take w - n more
        out = [
            text.rjust(w - n + len(text)) if r else text.ljust(w - n + len(text))
            for text, w, n, r in zip(texts, widths, given, right, strict=True)
        ]
        return edge + " " + (" " + edge + " ").join(out) + " " + edge

    # the rows' lines, padded column by column (a column whose cells take a cell a character: by
    # str.rjust or str.ljust to its width alone), then joined row by row
    padded = []
    for cells_of, w, counted, r, one in zip(texts, widths, lengths, right, narrow, strict=True):
        pad = str.rjust if r else str.ljust
        if one or all(map(eq, map(len, cells_of), counted)):
            padded.append(list(map(pad, cells_of, repeat(w))))
        else:  # n cells in len(text) characters: w - (n - len(text)) characters in all
            padded.append(list(map(pad, cells_of, map(sub, repeat(w), map(sub, counted, map(len, cells_of))))))
    lines = map("│ {} │".format, map(" │ ".join, zip(*padded, strict=True))) if columns else iter(["│  │"] * len(plain))

    out = [title, line("┏", "━", "┳", "┓"), cells([c.header for c in columns], "┃"), line("┡", "━", "╇", "┩")]
    if not sections:
        out += lines
    else:
        rule = line("├", "─", "┼", "┤")
        # a section's row: its title in the first column, then empty cells (the same after every title)
        first, pad_first = widths[0], (str.rjust if right[0] else str.ljust)
        after = "".join(" │ " + " " * w for w in widths[1:]) + " │"
        counted_titles = iter(titles)
        started = False
        for row in rows:
            if isinstance(row, Section):
                if started:
                    out.append(rule)
                title = row.title
                out.append("│ " + pad_first(title, first - next(counted_titles) + len(title)) + after)
            else:
                out.append(next(lines))
            started = True
    out.append(line("└", "─", "┴", "┘"))
    return out + (notes or [""])  # rich prints the empty notes as an empty line


def write(lines: list[str], chunk: int = 4096) -> None:
    """`lines` on standard output, a newline after each, a few thousand at a time: a 100,000-row
    table is 60 MB, which one string (and its encoded copy) would hold twice over."""
    for start in range(0, len(lines), chunk):
        sys.stdout.write("\n".join(lines[start : start + chunk]) + "\n")
