"""Where a line of text may break on a terminal: never inside a number.

rich breaks a line only at spaces and folds a longer "word" at whatever cell the line ends. A Chinese
sentence has no spaces, so rich folds it anywhere — inside a number, too: at 81 columns the pace note
read `落后不超过1` / `0个百分点`. Here a line may also break between two Chinese characters (as Chinese
is set), but never inside a *number*: its sign, digits, separators and decimals, and the unit written
after it (`-18.2%`, `+0.15pp`, `5.0 pp`, `10个百分点`, `1341亿元`, `30 家`), and never before a closing
mark (`，`, `。`, `）`, `%`) or after an opening one (`（`, `“`), so no line starts with a comma.

`wrap` gives the lines, as rich would print them otherwise (trailing spaces trimmed as rich trims
them); render/table.py prints what it gives through rich, and render/boxes.py draws the same lines
without rich. A number wider than the whole line is the only thing still folded, as rich folds it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from rich.cells import cell_len, chop_cells, set_cell_size

from sciplan.render.boxes import cell_len as fast_cell_len  # rich's count, without its walk for most lines

_NUMBER = r"[+\-−±]?\d[\d,]*(?:\.\d+)?"
# a number, a range of two (1–9, 50..60), and the unit after it: %, pp, 个百分点 or a short Chinese
# word (家, 亿元, 万平方米), with or without a space between
NUMBER = re.compile(
    rf"{_NUMBER}(?:(?:–|—|~|\.\.){_NUMBER})?(?:%|‰|\s?pp(?![A-Za-z])|\s?[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{{1,5}})?"
)
_CLOSING = set("，。、；：！？）》」』】〕”’%‰,.;:!?)]}…")  # no line starts with these
_OPENING = set("（《「『【〔“‘([{")  # nor ends with these
_SPACE = re.compile(r"\s+$")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _protected(line: str) -> list[bool]:
    """protected[i]: no break between line[i - 1] and line[i] (inside a number)."""
    inside = [False] * (len(line) + 1)
    for match in NUMBER.finditer(line):
        for i in range(match.start() + 1, match.end()):
            inside[i] = True
    return inside


def words(line: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word): the pieces a line may break between, each with the spaces after it, as
    rich's own `words` gives them — and, in Chinese, each character apart."""
    inside = _protected(line)
    start = 0
    for i in range(1, len(line)):
        before, ch = line[i - 1], line[i]
        if inside[i] or ch.isspace():
            continue
        if before.isspace():  # after spaces, as rich breaks
            breaks = True
        else:  # between Chinese characters, never before a closing mark or after an opening one
            breaks = (_wide(before) or _wide(ch)) and ch not in _CLOSING and before not in _OPENING
        if breaks and line[start:i].strip():  # leading spaces stay with the first word, as in rich
            yield start, i, line[start:i]
            start = i
    yield start, len(line), line[start:]


def divide(line: str, width: int) -> list[int]:
    """The offsets to break `line` at to fit `width` cells: rich's `divide_line` over `words`."""
    breaks: list[int] = []
    offset = 0
    for first, _end, word in words(line):
        start = first
        length = cell_len(word.rstrip())
        if width - offset >= length:
            offset += cell_len(word)
        elif length > width:  # wider than a whole line: folded, as rich folds it
            pieces = chop_cells(word, width=width)
            for n, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if n == len(pieces) - 1:
                    offset = cell_len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
    return breaks


@lru_cache(maxsize=4096)
def wrap(line: str, width: int) -> tuple[str, ...]:
    """`line` as lines of at most `width` cells, split at newlines first; each piece's trailing
    space cut only as far as it overruns `width`, and the piece cropped to `width` (what rich does
    with Text.wrap and overflow "fold")."""
    if "\n" in line:
        return tuple(part for piece in line.split("\n") for part in wrap(piece, width))
    if fast_cell_len(line) <= width:  # the commonest: a line that fits
        return (line,)
    offsets = divide(line, width)
    out = []
    for start, end in zip([0, *offsets], [*offsets, len(line)], strict=True):
        piece = line[start:end]
        if len(piece) > width and (space := _SPACE.search(piece)):
            piece = piece[: len(piece) - min(len(space.group(0)), len(piece) - width)]
        if cell_len(piece) > width:
            piece = set_cell_size(piece, width)
        out.append(piece)
    return tuple(out)


def widest_number(text: str) -> int:
    """The widest number (with its unit) in `text`, in cells: a column holding it folds no narrower."""
    return max((cell_len(m.group(0)) for m in NUMBER.finditer(text)), default=0)
