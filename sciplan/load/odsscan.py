"""An OpenDocument spreadsheet's content.xml read as a stream before python-calamine reads it: a cell or row
repeated far (`table:number-columns-repeated="16383"` on a cell holding a value, a valued row repeated a
million times) makes calamine build up to 100 million cells, gigabytes, for a table of a few rows. A sheet
whose used range is over MAX_CELLS is refused naming its farthest cell, as for .xlsx (load/xlsxscan.py)."""

from __future__ import annotations

import bisect
import html
import io
import re
import zipfile
from collections.abc import Iterator
from typing import IO, NamedTuple

from sciplan.core.chars import quoted
from sciplan.core.i18n import _
from sciplan.load.sheets import SheetError, cell_name
from sciplan.load.xlsxparts import check_unpacked
from sciplan.load.xlsxscan import MAX_CELLS, MAX_XML_BYTES, far_message
from sciplan.load.xlsxtext import MAX_TEXT

_CHUNK = 1 << 20
# a table's start (its name), a row's start or end, a cell (self-closing or with content)
_ITEM = re.compile(
    rb"<table:table\s([^>]*)>"
    rb"|<table:table-row(\s[^>]*?)?(/?)>"
    rb"|</table:table-row>"
    rb"|<table:(?:covered-)?table-cell(\s[^>]*?)?(?:/>|>(.*?)</table:(?:covered-)?table-cell>)",
    re.S,
)
_NAME = re.compile(rb'table:name="([^"]*)"')
_ROWS = re.compile(rb'table:number-rows-repeated="(\d{1,9})"')
_COLUMNS = re.compile(rb'table:number-columns-repeated="(\d{1,9})"')
_VALUED = re.compile(rb"office:value-type=|<text:p")
_PERCENT = re.compile(rb'office:value-type="percentage"')
_CURRENCY = re.compile(rb'office:value-type="currency"(?:[^>]*?office:currency="([^"]{0,8})")?')
# a span as LibreOffice reads it (rtl toInt32): blanks, a sign, leading zeros, digits, anything after ignored;
# "0000000002", "+2", " 2" and "2x" merge two cells, "-2" and "0" none
_SPANNED = re.compile(rb'table:number-(columns|rows)-spanned="\s*([+-]?)0*(\d*)[^"]*"')
# LibreOffice 7.4's sheet: a merge ending past its last row or column is dropped whole (converted to .xlsx,
# C2 spanning 1,048,575 rows is C2:C1048576; 1,048,576 rows, no merge: the cells under it show)
_LAST_ROW, _LAST_COLUMN = 1 << 20, 1 << 14


def _spans(attributes: bytes, row: int, col: int) -> tuple[int, int]:
    """(columns, rows) a cell at (row, col) is merged over, (1, 1) when it is not or LibreOffice drops the
    merge (a span below 2, or one ending past the sheet's last row or column)."""
    found = {True: 1, False: 1}
    for which, sign, digits in _SPANNED.findall(attributes):
        n = int(digits) if digits and len(digits) < 10 and sign != b"-" else 1  # 10 digits: past the edge
        found[which == b"rows"] = max(n, 1)
    across, down = found[False], found[True]
    if col + across > _LAST_COLUMN or row + down > _LAST_ROW:
        return 1, 1
    return across, down


class _Merges:
    """The merges of one sheet still open at the row being read, for the cells under them: a real (not
    covered) cell there holding something is dropped by LibreOffice (the merge shows its first cell only),
    so it is refused rather than read as a row of its own. The open merges are disjoint (a merge overlapping
    one is refused), kept by first column: each cell is looked up by bisection."""

    def __init__(self) -> None:
        self.starts: list[int] = []  # first columns, sorted
        self.spans: list[tuple[int, int, int, int]] = []  # (first row, first column, last row, last column)

    def under(self, row: int, last_row: int, col: int, last_col: int) -> tuple[int, int, int, int] | None:
        """The open merge covering any cell of rows row…last_row, columns col…last_col, if any; merges that
        ended above `row` are dropped on the way."""
        i = bisect.bisect_right(self.starts, last_col) - 1
        while i >= 0:
            span = self.spans[i]
            if span[2] < row:  # ended above: closed
                del self.starts[i], self.spans[i]
                i -= 1
                continue
            return span if span[3] >= col and span[0] <= last_row else None
        return None

    def add(self, span: tuple[int, int, int, int]) -> None:
        i = bisect.bisect_right(self.starts, span[1])
        self.starts.insert(i, span[1])
        self.spans.insert(i, span)


def _overlap_message(span: tuple[int, int, int, int]) -> str:
    merge = f"{cell_name(span[0], span[1])}:{cell_name(span[2], span[3])}"
    return _(
        "this cell lies under the merge {merge}: the sheet shows only {first} there (LibreOffice drops the "
        "cell), so whose row it is cannot be told; unmerge {merge} or move the cell out of it, then import"
    ).format(merge=merge, first=cell_name(span[0], span[1]))


class OdsScan(NamedTuple):
    """What python-calamine does not read of an .ods, by sheet name: the cells in a percent format, (row,
    column), and the merged cells (first row, first column, last row, last column), 0-based."""

    percent: dict[str, Iterator[tuple[int, int]]]
    merged: dict[str, list[tuple[int, int, int, int]]]


def _currency_message(code: bytes | None) -> str:
    said = html.unescape((code or b"").decode("utf-8", "replace")).strip() or "?"
    return _(
        "the cell is in a currency format ({currency}): its figure is in yuan or another currency, not in the "
        "row's unit; give the cell a plain number format and the figure in the row's unit, then import"
    ).format(currency=quoted(said))


def _repeated_message() -> str:
    return _(
        "a cell's text repeated over and over (table:number-rows-repeated / number-columns-repeated): the "
        "sheet would hold over {most} of text; delete the repeated cells, then import"
    ).format(most=f"{MAX_TEXT >> 20} MB")


def scan_ods(raw: bytes, shown: str) -> OdsScan:
    """The cells in a percent format (0.062 formatted 0.00% is the 6.20% the sheet shows: python-calamine
    reads 0.062, and the import reads it as shown, as for .xlsx) and the merged cells (calamine gives none
    for an .ods: a figure merged over two rows was read for the first only); SheetError naming the farthest
    cell of a sheet whose used range is over MAX_CELLS, or the part that takes the file over MAX_XML_BYTES
    unpacked."""
    merged: dict[str, list[tuple[int, int, int, int]]] = {}
    try:
        book = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return OdsScan({}, merged)  # calamine says what is wrong with it
    check_unpacked(raw, book, shown)  # styles.xml and the rest too: calamine reads them
    try:
        with book, book.open("content.xml") as stream:
            percent = _scan(stream, shown, merged)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError, EOFError):
        return OdsScan({}, merged)
    return OdsScan({name: _spread(blocks) for name, blocks in percent.items()}, merged)


def _spread(blocks: list[tuple[int, int, int, int]]) -> Iterator[tuple[int, int]]:
    """The cells of blocks (row, column, rows, columns): a cell repeated is spelled out only as it is read
    (each within the used range the scan bounds)."""
    for row, col, rows, cols in blocks:
        for r in range(row, row + rows):
            for c in range(col, col + cols):
                yield r, c


def _scan(
    stream: IO[bytes], shown: str, merged: dict[str, list[tuple[int, int, int, int]]]
) -> dict[str, list[tuple[int, int, int, int]]]:
    sheet = ""
    row = 0  # the row the next <table:table-row> starts at (0-based)
    repeat = 1  # how many times the current row repeats
    col = 0  # the column the next cell starts at
    far_row = far_col = -1
    tail = b""
    budget = MAX_XML_BYTES
    text = 0  # bytes of cell text once every repeat is spelled out (what calamine will build)
    percent: dict[str, list[tuple[int, int, int, int]]] = {}  # blocks of cells in a percent format, by sheet
    open_merges = _Merges()
    while True:
        chunk = stream.read(_CHUNK)
        budget -= len(chunk)
        if budget < 0:
            message = _("{file}: the sheets are over {n} bytes unpacked; sciplan reads tables up to that size")
            raise SheetError(message.format(file=shown, n=MAX_XML_BYTES))
        data = tail + chunk
        end = 0
        for m in _ITEM.finditer(data):
            end = m.end()
            token = m.group(0)
            if m.group(1) is not None:  # <table:table …>: a sheet
                name = _NAME.search(m.group(1))
                sheet = html.unescape(name.group(1).decode("utf-8", "replace")) if name else ""
                row, repeat, col, far_row, far_col = 0, 1, 0, -1, -1
                open_merges = _Merges()
            elif token.startswith(b"<table:table-row"):
                times = _ROWS.search(m.group(2) or b"")
                repeat = int(times.group(1)) if times else 1
                col = 0
                if m.group(3):  # <table:table-row …/>: an empty row
                    row += repeat
            elif token == b"</table:table-row>":
                row += repeat
            else:
                times = _COLUMNS.search(m.group(4) or b"")
                width = int(times.group(1)) if times else 1
                valued = _VALUED.search((m.group(4) or b"") + (m.group(5) or b"")) is not None
                if _PERCENT.search(m.group(4) or b""):
                    percent.setdefault(sheet, []).append((row, col, repeat, width))
                if currency := _CURRENCY.search(m.group(4) or b""):  # ¥400.00 is 400 元, never 400 万元
                    where = f"{shown}!{sheet}!{cell_name(row, col)}"
                    raise SheetError(_currency_message(currency.group(1)), where, "import-unit-conflict")
                real = token.startswith(b"<table:table-cell")
                across, down = _spans(m.group(4) or b"", row, col) if real else (1, 1)
                spanning = across > 1 or down > 1
                if real and (valued or spanning):
                    over = open_merges.under(row, row + max(repeat, down) - 1, col, col + max(width, across) - 1)
                    if over is not None:
                        where = f"{shown}!{sheet}!{cell_name(max(row, over[0]), max(col, over[1]))}"
                        raise SheetError(_overlap_message(over), where, "import-merged")
                if spanning:  # as far as it goes: cut to the sheet's cells where it is read
                    span = (row, col, row + down - 1, col + across - 1)
                    merged.setdefault(sheet, []).append(span)
                    open_merges.add(span)
                col += width
                if valued:
                    far_row, far_col = max(far_row, row + repeat - 1), max(far_col, col - 1)
                    cells = (far_row + 1) * (far_col + 1)
                    if cells > MAX_CELLS:
                        where = f"{shown}!{sheet}!{cell_name(row + repeat - 1, col - 1)}"
                        raise SheetError(far_message(far_row, far_col), where, "import-far-cell")
                if m.group(5):  # 1 KB of text in a cell repeated 1000×1000 is a gigabyte of strings
                    text += len(m.group(5)) * width * repeat
                    if text > MAX_TEXT:
                        where = f"{shown}!{sheet}!{cell_name(row + repeat - 1, col - 1)}"
                        raise SheetError(_repeated_message(), where, "import-far-cell")
        if not chunk:
            return percent
        tail = data[end:]
        if len(tail) > 8 * _CHUNK:  # no item of a table is this long
            tail = tail[-_CHUNK:]
