"""A BIFF workbook (`.xls`, WPS `.et`) read record by record before python-calamine reads it, for the far
cell that costs calamine seconds and gigabytes: calamine reserves room for every cell the sheet's DIMENSIONS
record claims and builds the whole rectangle from A1 to the farthest cell holding a value (one number at
IV65536 of a three-row table took 5 s and 1.5 GB). A sheet whose used range, or whose claimed range, is over
MAX_CELLS is refused naming the cell, as for .xlsx (load/xlsxscan.py). On the way it notes the cells in a
percent number format (0.00%), which are read as Excel shows them, as in an .xlsx. The OLE2 (compound file) container is
read only as far as needed to find the `Workbook` (or BIFF5 `Book`) stream; what is not a workbook this
reader knows is left to calamine, which says what is wrong with it."""

from __future__ import annotations

import re
import struct
from array import array
from collections.abc import Iterator

from sciplan.core.i18n import _
from sciplan.load.sheets import SheetError, cell_name
from sciplan.load.xlsxscan import MAX_CELLS, far_message
from sciplan.load.xlsxtext import SharedTexts, many_texts_message

_FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE
# cell records calamine keeps a value of ([MS-XLS] 2.4): NUMBER, LABEL, BOOLERR, RK, LABELSST, FORMULA
_ONE_CELL = {0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0006}
GRID_ROWS, GRID_COLUMNS = 65536, 256  # of a BIFF8 sheet
_MULRK, _DIMENSIONS, _BOUNDSHEET, _EOF, _CONTINUE = 0x00BD, 0x0200, 0x0085, 0x000A, 0x003C
_FORMAT, _XF = 0x041E, 0x00E0
_NUMBERS = {0x0203, 0x027E, 0x0006}  # NUMBER, RK, FORMULA: a number with its XF (its format) at offset 4
_SST, _LABELSST = 0x00FC, 0x00FD


class _Damaged(Exception):
    """The container or the records are not what this reader knows: calamine is left to say why."""


def scan_xls(raw: bytes, shown: str) -> dict[str, frozenset[tuple[int, int]]]:
    """SheetError naming the farthest cell of a sheet whose used range (A1 to its farthest cell holding a
    value) or claimed range (its DIMENSIONS record) is over MAX_CELLS. Linear in the stream's size. Returns
    the cells holding a number in a percent format, (row, column) by sheet name, as xlsxscan.percent_cells."""
    found: dict[str, frozenset[tuple[int, int]]] = {}
    try:
        streams = _workbook_streams(raw)
    except (_Damaged, struct.error, IndexError):
        return found
    for stream in streams:
        try:
            sheets = _sheets(stream)
            percent = _percent_xfs(stream)
        except (_Damaged, struct.error, IndexError):
            continue
        try:
            shared = SharedTexts(_sst_sizes(stream, shown))
        except (_Damaged, struct.error, IndexError):
            shared = SharedTexts(array("I"))  # calamine says what is wrong with it
        for name, pos in sheets:
            try:
                cells = _scan_sheet(stream, pos, f"{shown}!{name}", shared, percent)
            except (_Damaged, struct.error, IndexError):
                continue
            if cells:
                found[name] = frozenset(cells)
    return found


def _percent_xfs(stream: bytes) -> frozenset[int]:
    """The indexes of the workbook's XF records (cell formats) whose number format shows a percent: Excel's
    built-in 0% and 0.00% (9, 10), or a FORMAT record whose code has a % outside quotes."""
    from sciplan.load.xlsxscan import PERCENT_FORMATS

    formats, xfs = set(PERCENT_FORMATS), []
    for kind, at, length in _records(stream, 0):
        if kind == _FORMAT and length >= 5:  # BIFF8: ifmt, then an XLUnicodeString
            ifmt, cch, flags = struct.unpack_from("<HHB", stream, at)
            code = stream[at + 5 : at + 5 + cch * (2 if flags & 1 else 1)]
            text = code.decode("utf-16-le" if flags & 1 else "latin-1", "replace")
            if "%" in re.sub(r'"[^"]*"|\\.', "", text):  # "%" or \% is text
                formats.add(ifmt)
        elif kind == _XF and length >= 4:
            xfs.append(struct.unpack_from("<H", stream, at + 2)[0])
    return frozenset(i for i, ifmt in enumerate(xfs) if ifmt in formats)


# ---- the compound file: header, FAT, directory, the workbook stream -----------------------------------


def _workbook_streams(raw: bytes) -> list[bytes]:
    """The `Workbook` and `Book` streams of the compound file (names as calamine looks them up, in any case)."""
    if len(raw) < 512:
        raise _Damaged
    shift, mini_shift = struct.unpack_from("<HH", raw, 0x1E)
    if not 7 <= shift <= 16 or not 2 <= mini_shift < shift:
        raise _Damaged
    size = 1 << shift
    n_fat, first_dir, _txn, cutoff, first_mini_fat, n_mini_fat, first_difat, n_difat = struct.unpack_from(
        "<IIIIIIII", raw, 0x2C
    )
    count = max(0, -(-len(raw) // size) - 1)  # sectors the file holds (after its header): chains are bounded by it

    def sector(sid: int) -> bytes:
        if sid >= count:
            raise _Damaged
        return raw[size * (sid + 1) : size * (sid + 2)]

    fat_sectors = list(struct.unpack_from("<109I", raw, 0x4C))
    sid, seen = first_difat, 0
    while sid not in (_FREE, _END) and seen <= min(n_difat, count) and len(fat_sectors) < count:
        block = struct.unpack(f"<{size // 4}I", sector(sid))
        fat_sectors.extend(block[:-1])
        sid, seen = block[-1], seen + 1
    fat: list[int] = []
    for sid in fat_sectors[: min(n_fat, count)]:
        if len(fat) >= count:  # a FAT longer than the file's sectors says nothing more (a forged count)
            break
        if sid not in (_FREE, _END):
            fat.extend(struct.unpack(f"<{size // 4}I", sector(sid)))

    def chain(first: int, table: list[int], limit: int) -> list[int]:
        out: list[int] = []
        sid = first
        while sid < len(table) and len(out) <= limit:
            out.append(sid)
            sid = table[sid]
        if len(out) > limit:
            raise _Damaged  # a loop
        return out

    def read(first: int) -> bytes:
        return b"".join(sector(s) for s in chain(first, fat, count))

    directory = read(first_dir)
    entries = []
    for at in range(0, len(directory) - 127, 128):
        length, kind = struct.unpack_from("<HB", directory, at + 0x40)
        name = directory[at : at + max(0, min(length, 64) - 2)].decode("utf-16-le", "replace")
        start, stream_size = struct.unpack_from("<II", directory, at + 0x74)
        entries.append((name, kind, start, stream_size))
    if not entries or entries[0][1] != 5:
        raise _Damaged
    found = []
    for name, kind, start, stream_size in entries:
        if kind != 2 or name.lower() not in ("workbook", "book"):
            continue
        if stream_size >= cutoff:
            found.append(read(start)[:stream_size])
        else:  # in the mini stream, whose sectors the root entry's chain holds
            mini = read(entries[0][2])
            mini_fat_raw = b"".join(sector(s) for s in chain(first_mini_fat, fat, min(n_mini_fat, count)))
            mini_fat = list(struct.unpack(f"<{len(mini_fat_raw) // 4}I", mini_fat_raw))
            step = 1 << mini_shift
            parts = [mini[s * step : (s + 1) * step] for s in chain(start, mini_fat, len(mini) // step)]
            found.append(b"".join(parts)[:stream_size])
    return found


# ---- BIFF records ---------------------------------------------------------------------------------------


def _records(stream: bytes, pos: int) -> Iterator[tuple[int, int, int]]:
    """(type, offset of the data, length) of each record from `pos` to the end of its substream."""
    end = len(stream)
    while pos + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, pos)
        if pos + 4 + length > end:
            raise _Damaged
        yield kind, pos + 4, length
        if kind == _EOF:
            return
        pos += 4 + length


def _sheets(stream: bytes) -> list[tuple[str, int]]:
    """(name, offset of its substream) of each sheet, from the workbook globals' BOUNDSHEET records."""
    sheets = []
    for kind, at, length in _records(stream, 0):
        if kind == _BOUNDSHEET and length >= 8:
            pos = struct.unpack_from("<I", stream, at)[0]
            cch, flags = stream[at + 6], stream[at + 7]
            if flags in (0, 1) and length >= 8 + cch * (flags + 1):  # BIFF8: compressed or UTF-16
                text = stream[at + 8 : at + 8 + cch * (flags + 1)]
                name = text.decode("utf-16-le" if flags else "latin-1", "replace")
            else:  # BIFF5: bytes in the workbook's code page; the name only labels the message
                name = stream[at + 7 : at + 7 + cch].decode("gbk", "replace")
            sheets.append((name.replace("\0", ""), pos))
    return sheets


def _sst_sizes(stream: bytes, shown: str) -> array[int]:
    """The size in bytes of each string of the workbook's shared string table (the SST record and the
    CONTINUE records after it), as calamine will make one of it for every LABELSST cell that shows it: a
    341 KB .xls whose 20,000 cells showed one text of 32,000 characters cost 1.9 GB. SheetError when the
    table holds over MAX_CELLS strings."""
    parts: list[bytes] = []
    for kind, at, length in _records(stream, 0):
        if kind == _SST or (kind == _CONTINUE and parts):
            parts.append(stream[at : at + length])
        elif parts:
            break
    sizes: array[int] = array("I")
    if not parts:
        return sizes
    data, ends, total = b"".join(parts), [], 0
    for part in parts:
        total += len(part)
        ends.append(total)
    count = struct.unpack_from("<I", data, 4)[0]
    pos, segment = 8, 0
    for _i in range(count):
        if len(sizes) == MAX_CELLS:  # more texts than a sheet has cells: no table of a 统计局
            raise SheetError(many_texts_message(shown, "SST", MAX_CELLS))
        while segment < len(ends) and pos >= ends[segment]:
            segment += 1
        chars, flags = struct.unpack_from("<HB", data, pos)
        pos += 3
        runs = struct.unpack_from("<H", data, pos)[0] if flags & 8 else 0
        pos += 2 if flags & 8 else 0
        extra = struct.unpack_from("<I", data, pos)[0] if flags & 4 else 0
        pos += 4 if flags & 4 else 0
        wide, left, size = flags & 1, chars, 0
        while True:  # the characters, which a CONTINUE record may cut: it then starts with their flags again
            if segment == len(ends) or pos > ends[segment]:
                raise _Damaged
            n = min(left, (ends[segment] - pos) >> wide)
            pos, left, size = pos + (n << wide), left - n, size + (n << wide)
            if not left:
                break
            segment += 1
            if segment == len(ends) or pos != ends[segment - 1]:
                raise _Damaged  # half a character before the record's end, or no record after it
            wide = data[pos] & 1
            pos += 1
        sizes.append(size)
        pos += 4 * runs + extra
    return sizes


def _scan_sheet(
    stream: bytes, pos: int, where: str, shared: SharedTexts, percent: frozenset[int] = frozenset()
) -> set[tuple[int, int]]:
    far_row = far_col = -1
    claim: tuple[int, int] | None = None
    unpack = struct.unpack_from
    shown_percent: set[tuple[int, int]] = set()
    for kind, at, length in _records(stream, pos):
        if kind in _ONE_CELL and length >= 4:
            row, col = unpack("<HH", stream, at)
            if kind == _LABELSST and length >= 10 and not shared.idle:  # calamine makes each its own string
                shared.charge(unpack("<I", stream, at + 6)[0], cell_name(row, col), where)
            if percent and kind in _NUMBERS and length >= 6 and unpack("<H", stream, at + 4)[0] in percent:
                shown_percent.add((row, col))
        elif kind == _MULRK and length >= 6:
            row, first = unpack("<HH", stream, at)
            col = unpack("<H", stream, at + length - 2)[0]
            for i in range((length - 6) // 6 if percent else 0):  # (XF, RK) of each cell from the first
                if unpack("<H", stream, at + 4 + 6 * i)[0] in percent:
                    shown_percent.add((row, first + i))
        elif kind == _DIMENSIONS:
            claim = (at, length)
            continue
        else:
            continue
        if row > far_row or col > far_col:
            far_row, far_col = max(far_row, row), max(far_col, col)
            if (far_row + 1) * (far_col + 1) > MAX_CELLS:
                raise SheetError(far_message(far_row, far_col), f"{where}!{cell_name(row, col)}", "import-far-cell")
    if claim is not None:  # no value lies far, but the sheet claims more than it holds
        _claimed(stream, claim[0], claim[1], where)
    return shown_percent


def _claimed(stream: bytes, at: int, length: int, where: str) -> None:
    """The DIMENSIONS record: calamine reserves a cell for each one it claims before any is read, and a
    claim beyond the grid an .xls can hold (a damaged or forged file) aborted the process (`memory
    allocation of 21990232555520 bytes failed`). A claim within the grid reserves memory never touched."""
    if length == 14:  # BIFF8: rows as 32 bits
        first_row, end_row, first_col, end_col = struct.unpack_from("<IIHH", stream, at)
    elif length == 10:
        first_row, end_row, first_col, end_col = struct.unpack_from("<HHHH", stream, at)
    else:
        return
    if end_row < first_row or end_col < first_col or end_row > GRID_ROWS or end_col > GRID_COLUMNS:
        message = _(
            "the sheet claims to span {first}:{last}, beyond the {rows:,} rows × {columns} columns an .xls "
            "can hold; the file is damaged: open it in Excel or WPS, save it again, then import"
        )
        first, last = cell_name(first_row, first_col), cell_name(max(end_row, 1) - 1, max(end_col, 1) - 1)
        said = message.format(first=first, last=last, rows=GRID_ROWS, columns=GRID_COLUMNS)
        raise SheetError(said, where, "import-far-cell")
