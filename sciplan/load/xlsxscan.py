"""A worksheet's XML read as a stream before python-calamine reads the sheet, for what calamine cannot say
or cannot survive: a value far outside the table (calamine builds the whole rectangle from A1 to the farthest
cell holding a value before any row is read, so one stray cell at XFD1048576 asked for 512 GB and aborted the
process), and cells holding a formula saved without its result (openpyxl and many exporters write them;
calamine reads them as empty). Linear in the XML's size; what is not a worksheet the reader knows is left to
calamine. Also: the cell holding NaN or INF that makes openpyxl refuse a workbook, and a text longer than
a cell holds (xlsxtext)."""

from __future__ import annotations

import html
import io
import os
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any, NamedTuple

from sciplan.core.chars import cut
from sciplan.core.i18n import _
from sciplan.load.sheets import SheetError, cell_name
from sciplan.load.xlsxparts import MAX_XML_BYTES, check_unpacked
from sciplan.load.xlsxtext import MAX_CELLS, SharedTexts, long_cell, shared_strings, too_long_message

__all__ = [
    "MAX_CELLS",
    "MAX_XML_BYTES",
    "FormatCells",
    "checked_xlsx",
    "far_message",
    "is_xlsb",
    "not_finite",
    "percent_cells",
    "scan_xlsx",
]

# What a worksheet's XML says of its cells, read as a stream before calamine reads the sheet: a <row> (its
# number), or a <c> cell (its reference, type and content). Writers may prefix the elements (`<x:c>`).
_XML_ITEM = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?row(?=[\s/>])([^>]*)>"
    rb"|<(?:[A-Za-z_][\w.-]*:)?c(?=[\s/>])([^>]*?)(?:/>|>(.*?)</(?:[A-Za-z_][\w.-]*:)?c>)",
    re.S,
)
_ROW_NUMBER = re.compile(rb"""(?:^|\s)r\s*=\s*["'](\d{1,9})["']""")
_CELL_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]{1,4})(\d{1,9})["']""")
_CELL_TYPE = re.compile(rb"""(?:^|\s)t\s*=\s*["'](\w+)["']""")
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v>\s*[^<\s]")  # a value that is not empty
_INLINE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?is[\s>]")
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
_SHARED_INDEX = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v>\s*(\d{1,10})\s*<")
_CHUNK = 1 << 20


def scan_xlsx(raw: bytes, shown: str) -> dict[str, frozenset[tuple[int, int]]]:
    """Each sheet's cells holding a formula without its result, by sheet name; SheetError naming the cell
    when a sheet's used range (A1 to its farthest cell with a value) is over MAX_CELLS, or when the cells
    showing shared strings show over MAX_TEXT of text; naming the part when the workbook unpacks to over
    MAX_XML_BYTES. Read as a stream of the XML, linear in its size; what is not a worksheet the reader
    knows is left to calamine."""
    try:
        book = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return {}  # calamine says what is wrong with it
    check_unpacked(raw, book, shown)
    try:
        try:
            parts = sheet_parts(book)
        except (KeyError, OSError, ValueError, RuntimeError):
            return {}  # no workbook.xml, an encrypted part: calamine says what is wrong with it
        shared = shared_strings(book, parts, shown)
        budget = MAX_XML_BYTES
        found: dict[str, frozenset[tuple[int, int]]] = {}
        for name, part in parts:
            try:
                stream = book.open(part)
            except (KeyError, OSError, ValueError, RuntimeError):
                continue
            with stream:
                found[name], budget = _scan_sheet(stream, budget, f"{shown}!{name}", shown, shared)
        return found
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        # a part whose bytes do not check out (a CRC that does not match): calamine would read it all
        # the same, unscanned (a far cell, a text shown in every cell), so it is refused here
        why = cut(str(exc) or type(exc).__name__, 200)
        message = _("{file}: cannot read the workbook ({why}); is it damaged?")
        raise SheetError(message.format(file=shown, why=why)) from None


def checked_xlsx(path: Path, shown: str) -> bytes:
    """The bytes of an .xlsx another reader than calamine reads (openpyxl: a returned template), scanned
    first as calamine's are: SheetError for a file over 64 MB, a zip bomb, a far cell (openpyxl walked the
    rectangle up to XFD1048576: a hang), a text too long. Not a zip: the bytes, for that reader to refuse."""
    from sciplan.load.sheets import ZIP, _read  # the file read as every table is: bounded, never a pipe

    raw = _read(path, shown)
    if raw.startswith(ZIP):
        scan_xlsx(raw, shown)
    return raw


_NUM_FMT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?numFmt\s([^>]*)>")
_CELL_XFS = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?cellXfs[\s>].*?</(?:[A-Za-z_][\w.-]*:)?cellXfs>", re.S)
_XF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?xf[\s/>]([^>]*)")
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\s([^>]*)>")
_STYLE = re.compile(rb"""(?:^|\s)s\s*=\s*["'](\d{1,6})["']""")
PERCENT_FORMATS = {9, 10}  # Excel's built-in 0% and 0.00%


class FormatCells(NamedTuple):
    """Cells whose number format changes what the number means, by sheet name: in a percent format, (row,
    column); with a unit written into the format (`0"万元"`: 62000 shows 62000万元), (row, column) -> 万元."""

    percent: dict[str, frozenset[tuple[int, int]]]
    units: dict[str, dict[tuple[int, int], str]]
    # cells whose format divides the number as shown (`0.00,,"亿元"`: 650000000 shows 650.00亿元): the
    # thousands it divides by, (row, column) -> 2 for a million
    scales: dict[str, dict[tuple[int, int], int]]


def percent_cells(raw: bytes) -> FormatCells:
    """The cells whose number format shows a percent, by sheet name: 0.026 formatted `0.00%` is the 2.60%
    the 统计局 sees in Excel, and is read as 2.6 — not as 0.026, a hundredth of it; and the cells whose
    number format writes a unit beside the number (`#,##0"万元"`), the unit by cell."""
    from sciplan.load.numformats import shown

    found = FormatCells({}, {}, {})
    try:
        book = zipfile.ZipFile(io.BytesIO(raw))
        parts = sheet_parts(book)
        styles = _head(book, "xl/styles.xml")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError, EOFError):
        return found
    formats, words, scaled = set(PERCENT_FORMATS), {}, {}
    for tag in _NUM_FMT.findall(styles):
        attrs = _attrs(tag)
        if not attrs.get("numFmtId", "").isdigit():
            continue
        said = shown(html.unescape(attrs.get("formatCode", "")))  # "%" or \% is text
        if said.percent:
            formats.add(int(attrs["numFmtId"]))
        elif said.words:
            words[int(attrs["numFmtId"])] = said.words[0]
        if said.scale and not said.percent:
            scaled[int(attrs["numFmtId"])] = said.scale
    xfs = _CELL_XFS.search(styles)
    ids = [_attrs(tag).get("numFmtId", "0") for tag in _XF.findall(xfs.group())] if xfs else []
    percent = {i for i, f in enumerate(ids) if f.isdigit() and int(f) in formats}
    unit_of = {i: words[int(f)] for i, f in enumerate(ids) if f.isdigit() and int(f) in words}
    scale_of = {i: scaled[int(f)] for i, f in enumerate(ids) if f.isdigit() and int(f) in scaled}
    if not percent and not unit_of and not scale_of:
        return found
    for name, part in parts:
        cells: set[tuple[int, int]] = set()
        units: dict[tuple[int, int], str] = {}
        scales: dict[tuple[int, int], int] = {}
        with book.open(part) as stream:
            tail = b""
            while True:
                chunk = stream.read(_CHUNK)
                data = tail + chunk
                if chunk:  # a tag cut by the chunk's end is read with the next one
                    end = data.rfind(b">") + 1
                    data, tail = data[:end], data[end:]
                for attrs in _CELL_TAG.findall(data):
                    style, ref = _STYLE.search(attrs), _CELL_REF.search(attrs)
                    if not style or not ref:
                        continue
                    where = (int(ref.group(2)) - 1, _column(ref.group(1).decode().upper()))
                    if int(style.group(1)) in percent:
                        cells.add(where)
                    elif int(style.group(1)) in unit_of:
                        units[where] = unit_of[int(style.group(1))]
                    if int(style.group(1)) in scale_of:
                        scales[where] = scale_of[int(style.group(1))]
                if not chunk:
                    break
        if cells:
            found.percent[name] = frozenset(cells)
        if units:
            found.units[name] = units
        if scales:
            found.scales[name] = scales
    return found


def is_xlsb(raw: bytes) -> bool:
    """Whether the zip is a binary Excel workbook (`xl/workbook.bin`), whose sheets are not XML."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as book:
            return any(name.lower() == "xl/workbook.bin" for name in book.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return False


def sheet_parts(book: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part in the zip) of each sheet, in the workbook's order."""

    names = {info.filename for info in book.infolist()}
    workbook = _head(book, "xl/workbook.xml")
    rels = _head(book, "xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
    targets = {}
    for tag in re.findall(rb"<(?:[A-Za-z_][\w.-]*:)?Relationship\s[^>]*>", rels):
        attrs = _attrs(tag)
        target = attrs.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[attrs.get("Id", "")] = os.path.normpath(target).replace(os.sep, "/")
    parts = []
    for tag in re.findall(rb"<(?:[A-Za-z_][\w.-]*:)?sheet\s[^>]*>", workbook):
        attrs = _attrs(tag)
        rel = next((v for k, v in attrs.items() if k.endswith(":id") or k == "id"), "")
        part = targets.get(rel)
        if part in names and "name" in attrs:
            parts.append((html.unescape(attrs["name"]), part))
    return parts


def _head(book: zipfile.ZipFile, part: str) -> bytes:
    """The first 16 MB of a part (what is read of the workbook and its styles): never the whole of it."""
    with book.open(part) as stream:
        return stream.read(16 * _CHUNK)


def _attrs(tag: bytes) -> dict[str, str]:
    pairs = re.findall(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""", tag)
    return {k.decode("utf-8", "replace"): (a or b).decode("utf-8", "replace") for k, a, b in pairs}


_P = rb"(?:[A-Za-z_][\w.-]*:)?"  # an element's namespace prefix, if any
_ROW_END = re.compile(rb"</" + _P + rb"row>")
_PREFIXED = re.compile(rb"<[A-Za-z_][\w.-]*:(?:row|c)[\s/>]")
_ROW_REF = re.compile(rb'<row r="(\d{1,9})"')
# a cell holding a value, where no cell holds a formula: <c r="C3" …><v>5.7</v> or an inline string <is>
_VALUE_CELL = re.compile(rb'<c r="([A-Z]{1,4})(\d{1,9})"[^>]*>\s*(?:<v>\s*[^<\s]|<is>)')


def _scan_sheet(
    stream: Any, budget: int, where: str, shown: str, shared: SharedTexts
) -> tuple[frozenset[tuple[int, int]], int]:
    """One worksheet's XML, chunk by chunk, up to the last complete row (the rest is read again with the
    next chunk). Rows without formulas, whose rows and cells all say where they are (as every writer
    seen does), are measured by a few scans in C; the others item by item."""
    uncomputed: set[tuple[int, int]] = set()
    state = [-1, -1, -1, -1]  # row, column of the last item; farthest row, column holding a value
    tail = b""
    while True:
        chunk = stream.read(_CHUNK)
        budget -= len(chunk)
        if budget < 0:
            message = _("{file}: the sheets are over {n} bytes unpacked; sciplan reads tables up to that size")
            raise SheetError(message.format(file=shown, n=MAX_XML_BYTES))
        data = tail + chunk
        if not chunk:
            segment, tail = data, b""
        else:
            cut = data.rfind(b"</row>") + 6
            if cut == 5:  # none, or written with a prefix (</x:row>)
                ends = list(_ROW_END.finditer(data))
                cut = ends[-1].end() if ends else 0
            if cut == 0 and len(data) > 8 * _CHUNK:  # a row this long: item by item, as far as they go
                tail = _items(data, state, uncomputed, where, shared)
                _long_text(data[: len(data) - len(tail)], where)
                continue
            segment, tail = data[:cut], data[cut:]
        _long_text(segment, where)
        if _quick(segment, state):
            shared.charge_rows(segment, where)
        else:
            _items(segment, state, uncomputed, where, shared)
        if not chunk:
            return frozenset(uncomputed), budget


def _items(data: bytes, state: list[int], uncomputed: set[tuple[int, int]], where: str, shared: SharedTexts) -> bytes:
    """Read `data` item by item; what follows the last whole item is returned, to be read with what comes
    next (an item longer than a few chunks is no cell of a table: only its start counts)."""
    end = 0
    for m in _XML_ITEM.finditer(data):
        end = m.end()
        _item(m, state, uncomputed, where, shared)
    rest = data[end:]
    if len(rest) > 8 * _CHUNK:
        start = _XML_ITEM.match(rest[: 4 * _CHUNK].split(b">", 1)[0] + b"/>")
        if start is not None and start.group(2) is not None:
            _item(start, state, uncomputed, where, shared)
            # a cell of over 8 MB: its text is surely over the 32,767 characters a cell holds
            raise SheetError(too_long_message(), f"{where}!{cell_name(state[0], state[1])}", "import-long-text")
        rest = rest[-_CHUNK:]
    return rest


def _quick(segment: bytes, state: list[int]) -> bool:
    """Measure a run of whole rows by scans alone, as Excel, WPS and openpyxl write them (`<row r="5">`,
    `<c r="C5" …>`, no prefix); False when it must be read item by item (a formula, a row or cell that
    does not say where it is first, a prefix, or a value that may lie too far)."""
    if b"<f" in segment and _FORMULA.search(segment):
        return False
    count = segment.count
    if count(b"<row") != count(b'<row r="') or count(b"<c ") + count(b"<c>") + count(b"<c/") != count(b'<c r="'):
        return False
    if b":row" in segment and _PREFIXED.search(segment):
        return False
    cells = _VALUE_CELL.findall(segment)
    if cells:
        far_row = max(state[2], *(int(r) - 1 for _c, r in cells))
        far_col = max(state[3], *(_column(c.decode()) for c in {c for c, _r in cells}))
        if (far_row + 1) * (far_col + 1) > MAX_CELLS:
            return False  # item by item: which cell is the far one
        state[2], state[3] = far_row, far_col
    rows = _ROW_REF.findall(segment[segment.rfind(b"<row r=") :]) if b"<row r=" in segment else []
    if rows:
        state[0], state[1] = int(rows[-1]) - 1, -1
    return True


def _item(
    m: re.Match[bytes], state: list[int], uncomputed: set[tuple[int, int]], where: str, shared: SharedTexts
) -> None:
    """Note one <row> or <c> of a worksheet: where it is, and whether it holds a value or an uncomputed formula."""
    if m.group(1) is not None:  # <row r="N">; rows without r follow each other
        number = _ROW_NUMBER.search(m.group(1))
        state[0] = int(number.group(1)) - 1 if number else state[0] + 1
        state[1] = -1
        return
    attrs, content = m.group(2), m.group(3) or b""
    ref = _CELL_REF.search(attrs)
    if ref:
        state[0], state[1] = int(ref.group(2)) - 1, _column(ref.group(1).decode().upper())
    else:  # cells without r follow each other in their row
        state[1] += 1
    row, col = state[0], state[1]
    kind = _CELL_TYPE.search(attrs)
    if _VALUE.search(content) is None and _INLINE.search(content) is None:
        if _FORMULA.search(content) and (kind is None or kind.group(1) in (b"n", b"e")):
            uncomputed.add((row, col))  # a formula of a number, saved without its result
        return
    if kind is not None and kind.group(1) == b"s" and not shared.idle:  # calamine makes each its own string
        index = _SHARED_INDEX.search(content)
        if index:
            shared.charge(index.group(1), cell_name(row, col), where)
    if row > state[2] or col > state[3]:
        state[2], state[3] = max(state[2], row), max(state[3], col)
        if (state[2] + 1) * (state[3] + 1) > MAX_CELLS:
            raise SheetError(far_message(state[2], state[3]), f"{where}!{cell_name(row, col)}", "import-far-cell")


def _long_text(segment: bytes, where: str) -> None:
    """SheetError at a cell of `segment` whose text is over the 32,767 characters a cell holds."""
    found = long_cell(segment)
    if found is not None:
        cell = found[0]
        raise SheetError(too_long_message(), f"{where}!{cell}" if cell else where, "import-long-text")


def far_message(row: int, col: int) -> str:
    """What is said of a value at (row, col) that makes the sheet's used range too large."""
    return _(
        "a value far outside the table: the sheet would span A1:{cell}, {n} cells, and sciplan reads "
        "at most {most}; delete what is in that cell (and anything else far away), then import"
    ).format(cell=cell_name(row, col), n=f"{(row + 1) * (col + 1):,}", most=f"{MAX_CELLS:,}")


def _column(letters: str) -> int:
    """ "A" -> 0, "XFD" -> 16383."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


# a cell whose value is NaN or INF (openpyxl refuses the workbook; Excel never writes one)
_NOT_FINITE = re.compile(
    rb'<c r="([A-Z]+[0-9]+)"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)?<v>\s*([-+]?(?:nan|inf)\w*)', re.I
)


def not_finite(raw: bytes) -> tuple[str, str, str] | None:
    """(sheet, cell, text) of the first cell holding NaN or INF where a number goes, or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            for sheet, part in sheet_parts(z):
                m = _NOT_FINITE.search(z.read(part)[:MAX_XML_BYTES])
                if m:
                    return sheet, m.group(1).decode(), m.group(2).decode()
    except (OSError, KeyError, ValueError, RuntimeError, EOFError, zipfile.BadZipFile):
        pass
    return None
