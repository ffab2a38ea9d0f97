"""The cell a 板块 fills in a returned template (app/returned.py), read as the number the form shows: text, a
figure beyond what a figure holds, a number format that says another unit than the row's (a percent, a
`"万元"`, a scale) or shows no figure (`;;;`, 0 shown as —), and a figure merged over two rows are errors
naming the cell."""

from __future__ import annotations

import math
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


def merged_figures(ws: Any, first: int, count: int, column: int, file: str, sheet: str) -> None:
    """BadTemplate when a figure is merged down over the rows of two indicators (D5:D6: Excel shows one 6.2
    across both, and the second row read empty, not reported, without a word); rows and column 1-based."""
    for span in ws.merged_cells.ranges:
        top, bottom = max(span.min_row, first), min(span.max_row, first + count - 1)
        if span.max_row == span.min_row or not span.min_col <= column <= span.max_col or top > bottom:
            continue
        value = ws.cell(span.min_row, span.min_col).value
        if value is None or (isinstance(value, str) and not value.strip()):
            continue  # nothing written: each row is empty, not reported
        rows = range(top, bottom + 1)
        labels = _(", ").join(f"{ws.cell(r, 1).value} (A{r})" for r in rows)
        message = _(
            "the figure {value} is merged over {cells}, across the rows of {labels}: whose figure is it? Unmerge "
            "{cells} and write each row's figure (leave a row empty where it has none), then import"
        ).format(value=cut(str(value)), cells=span.coord, labels=labels)
        raise BadTemplate(f"{file}!{sheet}!{span.coord.split(':')[0]}: error[import-merged]: {message}")
