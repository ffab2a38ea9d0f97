"""How a 公文 table and its text are set: column widths sized to what the cells hold, cells broken
only between their pieces, and figures bound to their units (the Word draft's layout, report/word.py).

Widths are estimated from the fonts' advances (Chinese one em, Latin figures about half), with a
tenth in hand; every column is at least as wide as its widest unbreakable piece (`≥ 50`, `-40.0个百分点`,
`2022年`), the indicator's name takes what is left, broken into lines of about one length (never a
character alone on its last line), and a table portrait cannot hold goes on a landscape page.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from sciplan.core.numbers import exact

# Every workbook sciplan writes: text is a string cell, whatever it looks like — a name such as `=cmd|x`
# is never a live formula, `2024` never a number, `http://…` never a link.
WORKBOOK_OPTIONS = {
    "in_memory": True,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "strings_to_formulas": False,
}


def sheet_number(x: Fraction | Decimal | int | None) -> float | str | None:
    """`x` as a workbook cell: the double that holds it as CSV and JSON write it (core.numbers.exact:
    every digit of a figure, 15 significant digits of a quotient that never ends), which it always is
    for a figure `check` lets through (at most 15 significant digits, validate.values). A computed
    figure of more digits (a sum of parts) is written as its digits, as text: never a double that
    shows other digits (99999999999999.99 as …98)."""
    if x is None:
        return None
    written = exact(Fraction(x))
    number = float(written)
    if Decimal(repr(number)) == written:  # what Excel reads back is what was computed
        return number
    return str(written)


TEXT_WIDTH = 156.0  # mm between the margins of a portrait page
LANDSCAPE_WIDTH = 225.0  # mm of a landscape page's text (297 − 37 − 35: the long margins turned)
CELL_PADDING = 2.4  # mm: the cell margins word.py sets, 1 mm each side, and the borders
SLACK = 1.06  # the widths below are estimates of the fonts' advances: keep 6% in hand
# A name's lines are mostly Chinese characters, each exactly one em in any Chinese font: 2% in hand
# is enough, and more would give it more lines than LibreOffice and Word set it in.
NAME_SLACK = 1.02
TABLE_PT = 10.5  # 五号


def text_mm(text: str, size: float = TABLE_PT, slack: float = SLACK) -> float:
    """How wide `text` sets at `size` pt: Chinese characters and full-width marks one em, Latin
    letters and figures (Times New Roman) about half, curly quotes less, marks such as ≥ → ‡ one em to be safe."""
    em = size * 25.4 / 72
    units = 0.0
    for ch in text:
        if ch in " \u00a0":
            units += 0.25
        elif ch in ".,:;'|!":
            units += 0.28
        elif ch in "-()[]":
            units += 0.34
        elif ch in "%":
            units += 0.84
        elif ch in "“”‘’":  # set in the Latin font (Times New Roman), as Word and LibreOffice do
            units += 0.44
        elif ord(ch) < 0x80:
            units += 0.56 if not ch.isupper() else 0.72
        else:
            units += 1.0
    return units * em * slack


_BREAKS = re.compile(r"(?<=[，、；])|(?=（)|(?<=\d年)(?=\d)")


def segments(text: str) -> list[str]:
    """The pieces of a cell that must never break inside (a number with its sign and unit, a
    short word): `≥ 50（力争60）` -> [`≥ 50`, `（力争60）`], `严重滞后 -40.0个百分点` -> [`严重滞后 `,
    `-40.0个百分点`], `2022年1–9月` -> [`2022年`, `1–9月`], `+15% → ≥ 15.99` -> [`+15% `, `→ ≥ 15.99`].
    A piece keeps the space that followed it (dropped at a line's end)."""
    text = re.sub(r"([≥≤><→]) ", "\\1\u00a0", text)  # ≥ keeps its number, → what it points to
    pieces: list[str] = []
    for word in text.split(" "):
        pieces += [part for part in _BREAKS.split(word) if part]
        if pieces:
            pieces[-1] += " "
    pieces = [piece.replace("\u00a0", " ") for piece in pieces]
    if pieces:
        pieces[-1] = pieces[-1].rstrip(" ")
    return pieces or [""]


def header_segments(text: str) -> list[str]:
    """A header of five or more Chinese characters in two lines of its own choosing
    (`实际年均` / `增速`), never a lone character (`序` / `号`)."""
    if len(text) >= 5 and all(unicodedata.east_asian_width(ch) in "WF" for ch in text):
        half = len(text) - 2 if len(text) <= 6 else (len(text) + 1) // 2  # 实际年均 / 增速
        return [text[:half], text[half:]]
    return segments(text)


class Layout(NamedTuple):
    widths: list[float]  # mm per column
    landscape: bool
    lines: list[list[str]]  # per row (header first), per cell: the cell's text with line breaks "\n"


def layout(headers: list[str], rows: list[list[str]], free: int) -> Layout:
    """Column widths sized to the content: every column at least as wide as its widest unbreakable
    piece; the `free` column (the indicator's name, which wraps anywhere) takes what is left. A
    table that portrait cannot hold so goes on a landscape page."""
    pieces = [[header_segments(h) for h in headers]] + [[segments(c) for c in row] for row in rows]
    n = len(headers)
    least = [0.0] * n  # the widest piece
    whole = [0.0] * n  # the widest cell on one line
    for r, row in enumerate(pieces):
        for c, cell in enumerate(row):
            size = TABLE_PT
            if c == free and r > 0:
                least[c] = max(least[c], min(text_mm(row_text(cell), size), text_mm("汉" * 6, size)))
            else:
                least[c] = max(least[c], *(text_mm(p.rstrip(" "), size) for p in cell))
            whole[c] = max(whole[c], text_mm(row_text(cell), size))
    least = [w + CELL_PADDING for w in least]
    whole = [w + CELL_PADDING for w in whole]
    landscape = sum(least) > TEXT_WIDTH
    room = LANDSCAPE_WIDTH if landscape else TEXT_WIDTH
    widths = list(least)
    spare = room - sum(widths)
    if spare > 0:  # first the name its whole width, then the others theirs, the rest to the name
        order = [free] + [c for c in range(n) if c != free]
        for c in order:
            give = min(spare, max(whole[c] - widths[c], 0.0))
            widths[c] += give
            spare -= give
        widths[free] += spare
    lines = []
    for r, row in enumerate(pieces):
        cells = []
        for c, cell in enumerate(row):
            if c != free:
                cells.append(_pack(cell, widths[c] - CELL_PADDING))
            else:
                cells.append(name_lines(row_text(cell), widths[c] - CELL_PADDING) if r else row_text(cell))
        lines.append(cells)
    return Layout(widths, landscape, lines)


_NAME_UNITS = re.compile(r"[\[（(《“‘]*(?:[A-Za-z0-9.%+\-&/]+|.)[\]）)》”’，、。；：！？]*")
_NOT_A_WORD = re.compile(r"（[^）]*）|\([^)]*\)|[\W_]")  # a bracketed unit (`（%）`) and marks


def name_lines(name: str, room: float) -> str:
    """An indicator's name in a column `room` mm wide, as the Word draft gives it: as it is, for
    Word and LibreOffice to wrap, unless their wrapping would leave one character alone on the last
    line (`全社会研发经费投入强` / `度`, `…比` / `重（%）`: it reads as a slip); then in as many lines, all
    of about one length (`全社会研发经` / `费投入强度`), broken where Chinese text breaks: between
    characters, never inside a run of Latin letters or figures, a bracket or quote with the character
    it encloses, a mark with the character before it.

    Where they wrap is worked out from the characters' widths (one em each, unpadded): the column
    holds k or k + 1 of them (the cell margins are estimated wide), so both are tried."""
    em = TABLE_PT * 25.4 / 72
    units = _NAME_UNITS.findall(name)

    def fill(width: float, slack: float) -> list[str]:
        out: list[str] = []
        for unit in units:
            if out and text_mm(out[-1] + unit, slack=slack) <= width:
                out[-1] += unit
            else:
                out.append(unit)
        return out

    def lone(lines: list[str]) -> bool:
        return len(lines) > 1 and len(_NOT_A_WORD.sub("", lines[-1])) <= 1

    natural = fill(room, 1.0)
    if not (lone(natural) or lone(fill(room + em, 1.0))):
        return name
    n = len(natural)
    width = text_mm(name, slack=NAME_SLACK) / n  # the least width that could hold n lines
    while width < room and len(fill(width, NAME_SLACK)) > n:
        width += 0.25
    lines = fill(min(width, room), NAME_SLACK)
    if lone(lines):  # a name of two characters' worth of words: its last two together
        lines[-2:] = [lines[-2][:-1], lines[-2][-1] + lines[-1]]
    return "\n".join(lines)


def row_text(pieces: list[str]) -> str:
    return "".join(pieces)


def _pack(pieces: list[str], room: float) -> str:
    """The pieces in as few lines as fit `room` mm, broken only between pieces."""
    lines: list[str] = []
    for p in pieces:
        if lines and text_mm((lines[-1] + p).rstrip(" ")) <= room:
            lines[-1] += p
        else:
            lines.append(p)
    return "\n".join(line.rstrip(" ") for line in lines)


# the words the sentences write after a number (views/sentences.py and its zh catalog): 个百分点,
# 2022年, 9月, 30日, 6月末, 3个月, 1.5倍, 24项, 列第1位, 全市第1名 …; an indicator's unit besides
_UNIT_WORDS = ("个百分点", "个月", "月末", "年", "月", "日", "倍", "%", "项", "个", "位", "家", "名")
WORD_JOINER = "\u2060"


class Keeper(NamedTuple):
    """How the Word draft binds a figure to its unit: `space` finds English's space between a number
    and its unit, `unit` a unit written in characters right after a number (longest first, so
    个百分点 wins over 个), `dash` an en or em dash between digits (`1–9月`, `2021—2025年`)."""

    space: re.Pattern[str]
    unit: re.Pattern[str]
    dash: re.Pattern[str]


def figure_keeper(units: list[str]) -> Keeper:
    words = sorted({*units, *_UNIT_WORDS}, key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in words if w and not w.isascii())
    return Keeper(
        re.compile(rf"(?<=\d) (?=pp\b|{alternatives})"),
        re.compile(rf"(?<=\d)(\u00a0?)({alternatives})"),
        re.compile(r"(?<=\d)([–—])(?=\d)"),
    )


def keep_figures(text: str, keeper: Keeper) -> str:
    """A cell's text: English's space between a number and its unit becomes a no-break space
    (`13.90 亿元`); nothing else (a column is as wide as its widest figure, `layout`)."""
    return keeper.space.sub("\u00a0", text)


def join_figures(text: str, keeper: Keeper) -> str:
    """A paragraph's text with every figure bound to its unit by U+2060 WORD JOINER, invisible and
    zero-width: between the number and a unit written in characters and between the unit's
    characters (268|家, 0.32|个|百|分|点, 612.00|亿|元, a joiner at each `|`), after a dash between
    digits (1–|9|月; an em dash on both sides, 2021|—|2025|年). Chinese text may break between a
    digit and an ideograph and between two ideographs (UAX 14), and LibreOffice 7.4 did at a line's
    end (`268` / `家`), reading none of Word's kinsoku settings (w:noLineBreaksBefore) from a .docx;
    a number never breaks inside itself nor from its sign or `%`. The joiner stays in the Word
    draft: no other output has it.

    Measured with LibreOffice 7.4: the joiner holds only while the document's East Asian language is
    python-docx's en-US; with w:lang eastAsia zh-CN it breaks `268` / `家` again (and w:autoSpaceDE
    and w:autoSpaceDN, in a style or a paragraph, do not change its space between Chinese and digits:
    where a joiner stands that space is gone, `截至 2022年`)."""
    j = WORD_JOINER
    text = keeper.unit.sub(lambda m: (m.group(1) or j) + j.join(m.group(2)), keep_figures(text, keeper))
    return keeper.dash.sub(lambda m: (j if m.group(1) == "—" else "") + m.group(1) + j, text)


def unit_number_format(unit: str, places: int | None = None) -> str:
    """A workbook's number format with the unit after the number, e.g. `0.00"亿元"`; General for what is typed."""
    body = "General" if places is None else ("0" if places <= 0 else "0." + "0" * places)
    return f'{body}"{unit.replace(chr(34), "")}"'
