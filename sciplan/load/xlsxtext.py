"""Texts too long for a cell, or a shared text shown by cell after cell, found as an .xlsx's XML streams.

A text too long for a cell is found in the XML as a stream before python-calamine reads it.

Excel holds at most 32,767 characters in a cell; a workbook that says a cell holds more was not written by
Excel, and calamine would build the whole string (a 297 KB file holding 300 million characters cost 40 s
and 0.9 GB). Such a text, inline in a worksheet (`<is><t>…`) or in xl/sharedStrings.xml, is refused at the
cell that shows it. Linear in the XML: a run of text is measured from its start only, and a text is
decoded only when its bytes could hold more than the limit.
"""

from __future__ import annotations

import html
import re
import zipfile
from array import array
from itertools import pairwise
from typing import Any

from sciplan.core.i18n import _
from sciplan.load.sheets import SheetError

MAX_CELLS = 2_000_000  # a sheet's used range, rows × columns, read at most (xlsxscan, odsscan)
MAX_TEXT = 64 << 20  # bytes of text the cells of a workbook show: a 统计局 sheet shows a few hundred KB

MOST_CHARS = 32_767  # Excel's limit for a cell's text
# An XML character takes at most 10 bytes (&#x10FFFF;): a text of more bytes than this is over the limit.
_SURELY_OVER = 10 * (MOST_CHARS + 1)
_CHUNK = 1 << 20

_LONG_RUN = re.compile(rb"(?<=<)[^<]{%d}" % (MOST_CHARS + 1))  # from a run's start only: linear
_RICH = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?r[\s>]")  # a run of rich text (<r>), not a <row>
_TEXT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:t|v)(?:\s[^>]*)?>([^<]*)")
_CELL_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
_CELL_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?c>")
_INLINE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?is>(.*?)</(?:[A-Za-z_][\w.-]*:)?is>", re.S)
_SI = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s>]")
_SI_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?si>")
_CELL_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]{1,4}\d{1,9})["']""")


def too_long_message() -> str:
    return _(
        "the cell holds over {most:,} characters, more than a cell holds in Excel; shorten it (or leave it "
        "out of the table), then import"
    ).format(most=MOST_CHARS)


def text_length(xml: bytes) -> int:
    """The characters of the text runs (<t>, <v>) in `xml`, entities counted as one."""
    if len(xml) >= _SURELY_OVER:
        return _SURELY_OVER
    text = b"".join(_TEXT.findall(xml)).decode("utf-8", "replace")
    return len(html.unescape(text)) if "&" in text else len(text)


def _ref(start_tag: bytes) -> str | None:
    found = _CELL_REF.search(start_tag)
    return found.group(1).decode().upper() if found else None


def long_cell(segment: bytes) -> tuple[str | None, int] | None:
    """(the cell's reference, its end) of the first cell in `segment` (whole rows of a worksheet) whose text
    is over the limit, or None. A cell's text can be that long only where a run holds MOST_CHARS + 1 bytes
    between tags, or in rich text (several runs)."""
    candidates = [m.start() for m in _LONG_RUN.finditer(segment)]
    if b"<is" in segment and _RICH.search(segment):
        candidates += [m.start() for m in _INLINE.finditer(segment) if len(m.group(1)) > MOST_CHARS]
    for at in sorted(candidates):
        begin = max(segment.rfind(b"<c ", 0, at), segment.rfind(b"<c>", 0, at), segment.rfind(b":c ", 0, at) - 2)
        begin = segment.rfind(b"<", 0, begin + 1) if begin >= 0 else segment.rfind(b"<", 0, at)
        end_match = _CELL_END.search(segment, at)
        end = end_match.end() if end_match else len(segment)
        if begin >= 0 and text_length(segment[begin:end]) > MOST_CHARS:
            head = segment[begin : segment.find(b">", begin) + 1]
            return _ref(head), end
    return None


class SharedTexts:
    """The shared strings (xl/sharedStrings.xml) as the sheets' cells will cost them: each <si>'s size in
    bytes, and the bytes charged so far for the cells showing them. calamine makes a string of its own
    for each cell that shows a shared string: one text of 32,000 characters shown by 100,000 cells cost
    3.2 GB from a 207 KB file. The cells are charged as the sheets are scanned, and the first cell that
    takes them over MAX_TEXT is refused (`charge`)."""

    def __init__(self, sizes: array[int]) -> None:
        self.sizes, self.charged = sizes, 0
        # no cell is charged when even MAX_CELLS cells of the longest text stay under the budget
        self.idle = max(sizes, default=0) * MAX_CELLS <= MAX_TEXT

    def charge(self, index: bytes | int, cell: str | None, where: str) -> None:
        """Charge one cell showing shared string `index` (or its digits); SheetError at `cell` when over."""
        n = int(index)
        size = self.sizes[n] if n < len(self.sizes) else 0
        self.charged += size
        if self.charged > MAX_TEXT:
            raise SheetError(fanout_message(size), f"{where}!{cell}" if cell else where, "import-long-text")

    def charge_rows(self, segment: bytes, where: str) -> None:
        """Charge each cell of `segment` (whole rows, every cell saying where it is) showing a shared string."""
        if self.idle or (b't="s"' not in segment and b"t='s'" not in segment):
            return
        for attrs, index in _SHOWS_SHARED.findall(segment):
            if _SHARED_TYPE.search(attrs):
                self.charge(index, _ref(attrs), where)


_SHOWS_SHARED = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\s([^>]*)>\s*<(?:[A-Za-z_][\w.-]*:)?v>\s*(\d{1,10})\s*<")
_SHARED_TYPE = re.compile(rb"""(?:^|\s)t\s*=\s*["']s["']""")


def fanout_message(size: int) -> str:
    return _(
        "the cells up to this one show over {most} of text (shared strings shown again and again; this cell "
        "shows one of {size:,} bytes); sciplan reads at most that much text: delete the repeated cells, then import"
    ).format(most=f"{MAX_TEXT >> 20} MB", size=size)


def many_texts_message(shown: str, part: str, most: int) -> str:
    return _(
        "{file}: {part} holds over {most:,} texts, more than the cells of a sheet sciplan reads; "
        "open it in Excel or WPS, save it, then import"
    ).format(file=shown, part=part, most=most)


def shared_strings(book: zipfile.ZipFile, sheets: list[tuple[str, str]], shown: str) -> SharedTexts:
    """The shared strings' sizes; SheetError at the first cell showing a shared string over the limit
    (the file's name alone when no cell shows it: calamine would read it all the same)."""
    names = {info.filename for info in book.infolist()}
    part = next((n for n in ("xl/sharedStrings.xml", "xl/sharedstrings.xml") if n in names), None)
    if part is None:
        return SharedTexts(array("I"))
    sizes = array("I")
    index = _long_shared_string(book, part, sizes, shown)
    if index is None:
        return SharedTexts(sizes)
    for sheet, sheet_part in sheets:
        cell = _cell_showing(book, sheet_part, index)
        if cell is not None:
            raise SheetError(too_long_message(), f"{shown}!{sheet}!{cell}", "import-long-text")
    raise SheetError(too_long_message(), shown, "import-long-text")


def _long_shared_string(book: zipfile.ZipFile, part: str, sizes: array[int], shown: str) -> int | None:
    """The index of the first <si> whose text is over the limit, or None; the size of each <si> before
    it is appended to `sizes`. SheetError when there are over MAX_CELLS of them: calamine makes a string
    of each (20 million texts of one letter, 340 MB unpacked from an 830 KB file, cost 1.1 GB)."""
    seen = 0  # <si> items before `data`
    tail = b""
    with book.open(part) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            data = tail + chunk
            cut = data.rfind(b"</si>") + 5 if chunk else len(data)
            if cut == 4:  # none, or written with a prefix (</x:si>)
                ends = list(_SI_END.finditer(data))
                cut = ends[-1].end() if ends else 0
            segment, tail = data[:cut], data[cut:]
            count = _sizes(segment, sizes)
            # a text over the limit takes over MOST_CHARS bytes: only then is the segment searched for it
            found = _long_in_strings(segment) if count and max(sizes[-count:]) > MOST_CHARS else None
            if found is not None:
                return seen + found
            seen += count
            if seen > MAX_CELLS:  # more texts than a sheet has cells: no table of a 统计局
                raise SheetError(many_texts_message(shown, part, MAX_CELLS))
            if len(tail) > 8 * _CHUNK:  # one <si> of over 8 MB: surely over the limit
                return seen if text_length(tail) > MOST_CHARS else None
            if not chunk:
                return None


def _sizes(segment: bytes, sizes: array[int]) -> int:
    """Append the size in bytes of each <si> of `segment` (whole items) to `sizes`; how many there were."""
    if b":si" in segment or segment.count(b"<si") != segment.count(b"<si>"):  # a prefix or attributes
        starts = [m.start() for m in _SI.finditer(segment)] + [len(segment)]
        sizes.extend(b - a for a, b in pairwise(starts))
        return len(starts) - 1
    pieces = segment.split(b"<si>")[1:]  # as every writer seen writes them: split in C
    sizes.extend(map(len, pieces))
    return len(pieces)


def _long_in_strings(segment: bytes) -> int | None:
    """The position (among the <si> in `segment`) of the first text over the limit, or None."""
    candidates = [m.start() for m in _LONG_RUN.finditer(segment)]
    if _RICH.search(segment):
        items = list(_SI.finditer(segment))
        for n, start in enumerate(items):
            stop = items[n + 1].start() if n + 1 < len(items) else len(segment)
            if stop - start.start() > MOST_CHARS:
                candidates.append(start.end())
    for at in sorted(candidates):
        items_before = _SI.findall(segment, 0, at)
        if not items_before:
            continue
        begin = max(segment.rfind(b"<si", 0, at), segment.rfind(b":si", 0, at))
        end_match = _SI_END.search(segment, at)
        end = end_match.end() if end_match else len(segment)
        if text_length(segment[begin:end]) > MOST_CHARS:
            return len(items_before) - 1
    return None


def _cell_showing(book: zipfile.ZipFile, part: str, index: int) -> str | None:
    """The first cell of the worksheet `part` that shows shared string `index`."""
    shows = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\s([^>]*)>\s*<(?:[A-Za-z_][\w.-]*:)?v>\s*%d\s*<" % index)
    shared = re.compile(rb"""(?:^|\s)t\s*=\s*["']s["']""")
    tail = b""
    stream: Any
    with book.open(part) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            data = tail + chunk
            for m in shows.finditer(data):
                if shared.search(m.group(1)):
                    return _ref(m.group(1)) or "?"
            if not chunk:
                return None
            tail = data[-4096:]
