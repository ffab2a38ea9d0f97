"""The cell a 板块 fills in a returned template (app/returned.py), read as the number the form shows: text, a
figure beyond what a figure holds, a number format that says another unit than the row's (a percent, a
`"万元"`, a scale) or shows no figure (`;;;`, 0 shown as —), and a figure merged over two rows are errors
naming the cell."""

from __future__ import annotations

import io
import math
import re
import zipfile
from decimal import Decimal
from typing import Any

from sciplan.core.chars import cut
from sciplan.core.i18n import _
from sciplan.core.numbers import MAX_DECIMALS, MAX_DIGITS
from sciplan.core.problem import SciplanError
from sciplan.load.numformats import hidden, shown

PERCENT = ("%", "％")


class BadTemplate(SciplanError):
    """A returned template that cannot be read back as it stands; the message names the file."""


class FormatConflict(BadTemplate):
    """A figure whose cell's number format says another unit than its row: `value` is the number stored. Said
    after the row's own unit is checked against the root's (a row edited to 万家 is that, not its format)."""

    def __init__(self, message: str, value: Decimal):
        super().__init__(message)
        self.value = value


def figure(value: Any, number_format: str, unit: str, file: str, sheet: str, cell: str) -> Decimal | None:
    """The number in a cell to fill, as its number format shows it in the row's `unit`; None when empty; text
    (even `12家`) is an error naming the cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    where = f"{file}!{sheet}!{cell}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadTemplate(
            _("{file}!{sheet}!{cell}: {value!r} is text, not a number; write the number only, without unit").format(
                file=file, sheet=sheet, cell=cell, value=str(value)
            )
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise BadTemplate(_("{file}!{sheet}!{cell}: not a number").format(file=file, sheet=sheet, cell=cell))
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if number != 0 and (number.adjusted() >= MAX_DIGITS or number.adjusted() < -MAX_DECIMALS):
        # 1e30 typed into a cell: refused here, naming the cell (rounding it crashed the import)
        raise BadTemplate(
            _("{file}!{sheet}!{cell}: {value} is not a figure (at most {digits} digits, {decimals} decimals)").format(
                file=file, sheet=sheet, cell=cell, value=cut(str(value)), digits=MAX_DIGITS, decimals=MAX_DECIMALS
            )
        )
    said = hidden(number_format, number)
    if said is not None:  # ;;; hides the figure, 0;-0;"—" shows 0 as —: the 板块 saw no figure there
        message = _(
            "the cell holds {stored}, but its number format ({code}) shows {said} instead: not reported, or "
            "{stored}? Write the figure in the form's number format, or leave the cell empty where there is "
            "none, then import"
        )
        text = f"“{said}”" if said else _("nothing")
        said = message.format(stored=format(number, "f"), code=number_format, said=text)
        raise BadTemplate(f"{where}: error[template-hidden]: {said}")
    number = _as_shown(number, number_format, unit.strip(), where)
    if number.is_zero():
        return Decimal(0)  # -0.0 is 0, never written -0
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return number.normalize() if number != number.to_integral_value() else number


def _as_shown(number: Decimal, number_format: str, unit: str, where: str) -> Decimal:
    """The figure the 板块 saw in the cell, in the row's unit. The template writes the unit into the cell's
    format (`General"亿元"`); a 板块 that pasted a cell from its own sheet brings that sheet's format along.

    - `0.00%` in a % row: 0.0262 is the 2.62% Excel shows, read as 2.62 (as `import` reads a 统计局 sheet).
    - `0.00%` in a row not in %: 0.062 shows 6.20% in a 亿元 row; 0.062 亿元 or 6.2 亿元, the cell does not
      say which. Refused at the cell, in `import`'s words (error[import-unit-conflict]).
    - a unit in the format other than the row's (`0"万元"` in a 亿元 row: 62000 shows 62000万元), or a scale
      (`0.00,,"亿"`: 620000000 shows 620.00亿): refused, never converted. The form's 单位 column says 亿元 and
      asks for the number alone; the cell's format says another unit. A statistician asks the 板块 which is
      meant rather than guess: a format pasted along with a figure typed in 亿元 (6.2 shown `6.2万元`) would
      be taken 10,000 times too small, and a figure in 万元 would go in 10,000 times too large (the jump check
      of `import` does not cover a 板块's figures). `import` of a 统计局 sheet refuses a label's `(万元)`
      against its 计量单位 `亿元` for the same reason."""
    code = shown(number_format)
    if code.percent:
        if unit in PERCENT:
            return number * 100
        message = _(
            "which unit is it in? The cell holds {stored} in a percent format ({shown}%), but the row's "
            "unit is {unit}; give the cell the form's number format (a number alone, in {unit}), then import"
        )  # importing.py's words, but the form's 单位 is locked: the number format is what to correct
        said = message.format(stored=format(number, "f"), shown=format((number * 100).normalize(), "f"), unit=unit)
        raise FormatConflict(f"{where}: error[import-unit-conflict]: {said}", number)
    other = next((w for w in code.words if w != unit and not (w in PERCENT and unit in PERCENT)), None)
    if other is None and not code.scale:
        return number
    seen = format((number / Decimal(1000) ** code.scale).normalize(), "f") + (other or unit)
    message = _(
        "which unit is {value} in? The cell's number format shows it as {shown}, but the row's unit is {unit}; "
        "give the cell the form's number format (a number alone, in {unit}), then import"
    )
    said = message.format(value=format(number, "f"), shown=seen, unit=unit)
    raise FormatConflict(f"{where}: error[import-unit-conflict]: {said}", number)


_MERGES = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCells(?:\s[^>]*)?(?:/>|>.*?</(?:[A-Za-z_][\w.-]*:)?mergeCells>)", re.S
)
_MERGE_REF = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?\bref\s*=\s*["']([^"']*)["']""")
_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})(?::([A-Z]{1,3})([1-9][0-9]{0,6}))?")
Merge = tuple[int, int, int, int]  # (first row, first column, last row, last column), 1-based


def unmerged(raw: bytes) -> tuple[bytes, dict[str, list[Merge] | None]]:
    """The workbook without its merged cells, and each sheet's merges read from their refs (None: a ref that
    is no range of a sheet). openpyxl makes an object of every cell a merge covers: D6:XFD1048576 was
    17·10⁹ of them, minutes and gigabytes before a word; here a merge costs its ref."""
    from sciplan.load.xlsxscan import sheet_parts

    book = zipfile.ZipFile(io.BytesIO(raw))
    names = {part: name for name, part in sheet_parts(book)}
    found: dict[str, list[Merge] | None] = {}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in book.infolist():
            data = book.read(info.filename)
            if info.filename in names:
                refs = [r for m in _MERGES.finditer(data) for r in _MERGE_REF.findall(m.group(0))]
                data = _MERGES.sub(b"", data)
                found[names[info.filename]] = _ranges(refs)
            dst.writestr(info, data, compress_type=zipfile.ZIP_STORED)
    return out.getvalue(), found


def _ranges(refs: list[bytes]) -> list[Merge] | None:
    out = []
    for ref in refs:
        m = _REF.fullmatch(ref.decode("ascii", "replace").strip().upper())
        if m is None:
            return None
        c1, r1 = _col(m[1]), int(m[2])
        c2, r2 = (_col(m[3]), int(m[4])) if m[3] else (c1, r1)
        if not (c1 <= c2 <= 16384 and r1 <= r2 <= 1048576):
            return None
        out.append((r1, c1, r2, c2))
    return out


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def merged_figures(
    sheets: list[Any], merges: list[Merge], first: int, count: int, column: int, file: str, sheet: str
) -> None:
    """BadTemplate when a figure cell is merged: down over the rows of two indicators (D5:D6: Excel shows one
    6.2 across both, and the second row read empty, not reported, without a word), or with a neighbour
    (C6:D6: Excel shows C6's target there, the figure is gone); import-far-cell for a merge reaching far
    outside the form. Else the cells each merge covers are emptied in `sheets` (the sheet and its formulas),
    as Excel shows them. Rows and column 1-based."""
    from sciplan.load.xlsxtext import MAX_CELLS

    ws = sheets[0]
    last = first + count - 1
    for r1, c1, r2, c2 in merges:
        corner, cells = f"{_name(c1)}{r1}", f"{_name(c1)}{r1}:{_name(c2)}{r2}"
        top, bottom = max(r1, first), min(r2, last)
        if (r1, c1) == (r2, c2):
            continue
        if c1 <= column <= c2 and top <= bottom:
            value = ws.cell(r1, c1).value
            empty = value is None or (isinstance(value, str) and not value.strip())
            if c1 != c2:
                message = _(
                    "the figure cell {cell} is merged with its neighbours ({cells}): the form takes the figure in "
                    "{cell} alone; unmerge {cells}, write the figure in {cell}, then import"
                ).format(cell=f"{_name(column)}{top}", cells=cells)
                raise BadTemplate(f"{file}!{sheet}!{_name(column)}{top}: error[import-merged]: {message}")
            if not empty:
                labels = _(", ").join(f"{ws.cell(r, 1).value} (A{r})" for r in range(top, bottom + 1))
                message = _(
                    "the figure {value} is merged over {cells}, across the rows of {labels}: whose figure is it? "
                    "Unmerge {cells} and write each row's figure (leave a row empty where it has none), then import"
                ).format(value=cut(str(value)), cells=cells, labels=labels)
                raise BadTemplate(f"{file}!{sheet}!{corner}: error[import-merged]: {message}")
        if r2 * c2 > MAX_CELLS:
            message = _(
                "a merge over {cells}, far outside the form: the sheet would span A1:{far}, {n} cells, and sciplan "
                "reads at most {most}; unmerge it, then import"
            ).format(cells=cells, far=f"{_name(c2)}{r2}", n=f"{r2 * c2:,}", most=f"{MAX_CELLS:,}")
            raise BadTemplate(f"{file}!{sheet}!{corner}: error[import-far-cell]: {message}")
    cells_of = [getattr(each, "_cells", {}) for each in sheets]  # only the cells the file holds
    rows, cols = max((k[0] for k in cells_of[0]), default=0), max((k[1] for k in cells_of[0]), default=0)
    covered = 0
    for r1, c1, r2, c2 in merges:  # each merge clipped to the cells held: at most MAX_CELLS visited in all
        covered += max(0, min(r2, rows) - r1 + 1) * max(0, min(c2, cols) - c1 + 1)
        if covered > MAX_CELLS:  # merges over one another (Excel never writes that), or over most of a sheet
            message = _("the merged cells overlap or cover more than {most} cells; unmerge them, then import").format(
                most=f"{MAX_CELLS:,}"
            )
            raise BadTemplate(f"{file}!{sheet}!{_name(c1)}{r1}: error[import-merged]: {message}")
    for r1, c1, r2, c2 in merges:
        for held in cells_of:
            for r in range(r1, min(r2, rows) + 1):
                for c in range(c1, min(c2, cols) + 1):
                    if (r, c) != (r1, c1) and (r, c) in held:
                        held[(r, c)].value = None


def _name(col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
