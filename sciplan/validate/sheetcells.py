"""A 统计局 table's cells one at a time: a figure, exact; merged cells giving a figure to no row, or to two.

`number` reads a cell's figure exactly, `refused` says why a number-like text is no figure; `merged_figure`
names a figure merged down over two indicators' rows (C3:C4), `twin_columns` a period header merged over two
columns of figures (1-10月 over C2:D2): named at their cell, never resolved by a guess."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sciplan.core.i18n import _
from sciplan.core.problem import BadValue
from sciplan.load.sheets import Sheet, cell_name
from sciplan.validate.values import normalize, split_number


def norm(text: Any) -> str:
    """Cell text with full-width forms folded and all spaces removed."""
    if text is None:
        return ""
    return "".join(normalize(str(text)).split())


def merged_figure(sheet: Sheet, r: int, value_col: int, label_col: int, where: str) -> tuple[str, str] | None:
    """(cell, message) when the figure read for row `r` is merged down over rows that hold other labels
    (C3:C4 across 技术合同成交额 and 签订科技合作协议): Excel shows one figure across both rows, and whose it is
    the table does not say. None when the figure's cell is merged over no other labelled row."""
    span = next((m for m in sheet.merged if m[0] <= r <= m[2] and m[1] <= value_col <= m[3] and m[2] > m[0]), None)
    if span is None or span[0] != r:  # the rows below the merged figure's own: said once, at its cell
        return None
    rows = sheet.rows
    labelled = [
        (row, cell_name(row, label_col))
        for row in range(span[0], span[2] + 1)
        if row < len(rows) and norm(rows[row][label_col]) and not _label_merged_from(sheet, row, label_col, span[0])
    ]
    if len(labelled) < 2:  # the label is merged over the same rows: one figure for one label
        return None
    value = rows[span[0]][span[1]]
    message = _(
        "the figure {value} is merged over {cells}, across the rows of {labels}: whose figure is it? Unmerge "
        "{cells} and write each row's figure (—— where a row has none), then import"
    ).format(
        value=value,
        cells=f"{cell_name(span[0], span[1])}:{cell_name(span[2], span[3])}",
        labels=_(", ").join(f"{str(rows[row][label_col]).strip()} ({cell})" for row, cell in labelled),
    )
    return f"{where}!{cell_name(span[0], span[1])}", message


def _label_merged_from(sheet: Sheet, row: int, label_col: int, top: int) -> bool:
    """Whether the label of `row` is a merged label starting at or above `top` (the same label as the top row's)."""
    return any(m[0] <= top and m[0] < row <= m[2] and m[1] <= label_col <= m[3] for m in sheet.merged)


def twin_columns(
    sheet: Sheet, labels: list[str], value_col: int, header: int, others: tuple[int | None, ...]
) -> tuple[list[int], str]:
    """The columns under the same merged header cell as the value column, with nothing below to tell them
    apart (`1-10月` merged over C2:D2, no 本月 | 累计 row), and that header cell (C2:D2): a figure in one of
    them is a second figure for the row's period."""
    for r0, c0, r1, c1 in sheet.merged:
        if r0 <= header <= r1 and c0 <= value_col <= c1 and c1 > c0:
            twins = [c for c in range(c0, c1 + 1) if c != value_col and c not in others and c < len(labels)]
            # the same header, or that header with nothing under it (1-10月 over 绝对值 | an empty cell)
            twins = [c for c in twins if labels[c] in (labels[value_col], labels[value_col].split("|")[0])]
            if twins:
                return twins, f"{cell_name(r0, c0)}:{cell_name(r1, c1)}"
    if sheet.kind in ("csv", "tsv", "ods"):  # no merge information: the empty header cells right of the column's
        end = value_col + 1  # are what a merged header becomes when the table is saved as text
        while end < len(labels) and not labels[end] and end not in others:
            end += 1
        if end > value_col + 1:
            return list(range(value_col + 1, end)), f"{cell_name(header, value_col)}:{cell_name(header, end - 1)}"
    return [], ""


def twin_message(header: str, span: str, first: str) -> str:
    return _(
        "a second figure under the merged header {header!r} ({span}; the first is {first}): which is the "
        "{header} figure? Unmerge the header and name each column (本月 | 累计), then import"
    ).format(header=header.replace("|", " "), span=span, first=first)


def refused(raw: Any) -> str | None:
    """Why a text number is no figure (out of range, more digits than a spreadsheet keeps), or None."""
    try:
        split_number(str(raw).replace("，", ","))
    except BadValue as exc:
        return exc.message if exc.code == "out-of-range" else None
    return None


def number(raw: Any) -> Decimal | None:
    """A cell's number, exact: a float as Excel shows it (15 significant digits: 5.6, never 5.6000000001);
    text as `set` reads a number (a comma only between groups of three digits: "5,7" or "5 7" is text, never
    57); -0 is 0."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        import math

        if not math.isfinite(raw):
            return None
        value = Decimal(format(raw, ".15g"))
        if value == value.to_integral_value() and value.adjusted() < 15:
            value = value.quantize(Decimal(1))
        return value.copy_abs() if value.is_zero() else value
    text = str(raw).replace("，", ",")
    if not text.strip() or len(text) > 100 or not any(c.isdigit() for c in text):
        return None
    try:
        value, unit, approximate = split_number(text)
    except BadValue:
        return None
    if unit or approximate:
        return None
    return value.copy_abs() if value.is_zero() else value
