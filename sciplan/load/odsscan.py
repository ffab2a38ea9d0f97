"""An OpenDocument spreadsheet's content.xml read as a stream before python-calamine reads it: a cell or row
repeated far (`table:number-columns-repeated="16383"` on a cell holding a value, a valued row repeated a
million times) makes calamine build up to 100 million cells, gigabytes, for a table of a few rows. A sheet
whose used range is over MAX_CELLS is refused naming its farthest cell, as for .xlsx (load/xlsxscan.py)."""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterator
from typing import IO, NamedTuple

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
_SPANNED = re.compile(rb'table:number-(columns|rows)-spanned="(\d{1,9})"')


class OdsScan(NamedTuple):
    """What python-calamine does not read of an .ods, by sheet name: the cells in a percent format, (row,
    column), and the merged cells (first row, first column, last row, last column), 0-based."""

    percent: dict[str, Iterator[tuple[int, int]]]
    merged: dict[str, list[tuple[int, int, int, int]]]


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
                spans = dict(_SPANNED.findall(m.group(4) or b"")) if token.startswith(b"<table:table-cell") else {}
                across, down = int(spans.get(b"columns", 1)), int(spans.get(b"rows", 1))
                if across > 1 or down > 1:  # as far as it goes: cut to the sheet's cells where it is read
                    merged.setdefault(sheet, []).append((row, col, row + down - 1, col + across - 1))
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
