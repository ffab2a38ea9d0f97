"""Spreadsheets as a 科技局 receives them, read into grids of cells: `.xlsx`, `.xls`, WPS `.et`, `.ods`
(python-calamine, imported only here), `.csv` (UTF-8 with or without BOM, GBK/GB18030), and the "`.xls`"
that download buttons serve as an HTML table or tab-separated text. The kind is told by the bytes (magic
numbers), never by the extension. A file that cannot be read raises SheetError with one line saying why."""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple

from sciplan.core.chars import cut
from sciplan.core.i18n import _
from sciplan.core.problem import SciplanError

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .et, and an encrypted .xlsx
ZIP = b"PK\x03\x04"  # .xlsx, .ods
MAX_BYTES = 64 * 1024 * 1024
# A sheet's used range, rows × columns, read at most: python-calamine builds the whole rectangle from A1 to
# the farthest cell holding a value before any row is read, so one stray cell at XFD1048576 asked for 512 GB
# and aborted the process. A 统计局 月报 has hundreds of rows and a dozen columns.
MAX_CELLS = 2_000_000
MAX_XML_BYTES = 512 * 1024 * 1024  # of a workbook's sheets, uncompressed: a zip bomb is refused


class SheetError(SciplanError):
    """The file cannot be read as a table. With `cell` (`FILE!SHEET!CELL`) and `code`, the problem is
    at that cell; the message then says what is wrong there, without the cell."""

    def __init__(self, message: str, cell: str | None = None, code: str = "import-file"):
        super().__init__(f"{cell}: {message}" if cell else message)
        self.cell, self.code, self.said = cell, code, message


class Sheet(NamedTuple):
    name: str
    rows: list[list[Any]]  # str, int, float, bool, date or None; each row as long as the widest
    merged: list[tuple[int, int, int, int]]  # (first row, first column, last row, last column), 0-based
    kind: str  # "xlsx", "xls", "ods", "csv", "tsv", "html"
    # cells holding a formula whose result the file does not keep (a program that does not compute saved it):
    # (row, column), 0-based; calamine reads them as empty
    uncomputed: frozenset[tuple[int, int]] = frozenset()


def cell_name(row: int, column: int) -> str:
    """(0, 0) -> "A1"."""
    letters = ""
    n = column + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def read_sheets(path: Path, shown: str) -> list[Sheet]:
    raw = _read(path, shown)
    if not raw.strip():
        raise SheetError(_("{file}: the file is empty").format(file=shown))
    if raw.startswith(OLE2):
        if "EncryptedPackage".encode("utf-16-le") in raw:
            raise SheetError(
                _("{file}: the workbook is encrypted (password-protected); save a copy without a password").format(
                    file=shown
                )
            )
        return _workbook(raw, shown, "xls")
    if raw.startswith(ZIP):
        if b"opendocument.spreadsheet" in raw[:200]:
            return _workbook(raw, shown, "ods")
        return _workbook(raw, shown, "xlsx", _scan_xlsx(raw, shown))
    text = _decode(raw, shown)
    head = text.lstrip()[:2000].lower()
    if head.startswith("<") and ("<table" in text.lower()):
        return _html(text, shown)
    if head.startswith("<"):
        raise SheetError(_("{file}: an HTML page without a table; download the table itself").format(file=shown))
    sample = text[:20000]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return [Sheet(Path(shown).stem, _square(rows), [], "tsv" if delimiter == "\t" else "csv")]


def _read(path: Path, shown: str) -> bytes:
    """The file's bytes; a pipe, a device or a folder is refused before it is read (reading /dev/zero or a
    FIFO never ends), and so is a file over MAX_BYTES (checked as it is read: it may grow)."""
    try:
        st = os.stat(path)
        wrong = _not_a_file(st)
        if wrong is None:  # non-blocking: a pipe put in the file's place since the stat must not wait
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
            with open(fd, "rb") as f:
                wrong = _not_a_file(os.fstat(fd))  # the file opened is the one read
                if wrong is None:
                    raw = f.read(MAX_BYTES + 1)
                    if len(raw) > MAX_BYTES:
                        wrong = _too_large()
                    else:
                        return raw
    except FileNotFoundError:
        raise SheetError(_("{file}: no such file").format(file=shown)) from None
    except IsADirectoryError:
        raise SheetError(_("{file}: is a folder, not a file").format(file=shown)) from None
    except OSError as exc:
        raise SheetError(_("{file}: cannot read the file: {why}").format(file=shown, why=exc.strerror or exc)) from None
    raise SheetError(f"{shown}: {wrong}")


def _too_large() -> str:
    return _("over {n} bytes; sciplan reads tables up to that size").format(n=MAX_BYTES)


def _not_a_file(st: os.stat_result) -> str | None:
    """Why what the stat describes is not a table file to read, or None."""
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return _too_large() if st.st_size > MAX_BYTES else None
    if stat.S_ISDIR(mode):
        return _("is a folder, not a file")
    if stat.S_ISFIFO(mode):
        return _("is a named pipe (FIFO), not a file")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("is a device, not a file")
    return _("is a special file, not a file")


def _decode(raw: bytes, shown: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if b"\x00" in raw[:4096]:
        raise SheetError(
            _("{file}: not a spreadsheet sciplan can read (binary data of an unknown kind)").format(file=shown)
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            raise SheetError(_("{file}: text in neither UTF-8 nor GBK/GB18030").format(file=shown)) from None


def _workbook(
    raw: bytes, shown: str, kind: str, uncomputed: dict[str, frozenset[tuple[int, int]]] | None = None
) -> list[Sheet]:
    try:
        import python_calamine as calamine
    except ImportError:  # pragma: no cover - a dependency
        raise SheetError(_("reading spreadsheets needs python-calamine: pip install python-calamine")) from None
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
        sheets = []
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = [(a[0], a[1], b[0], b[1]) for a, b in (getattr(sheet, "merged_cell_ranges", None) or [])]
            square = _square([[None if c == "" else c for c in r] for r in rows])
            sheets.append(Sheet(name, square, merged, kind, (uncomputed or {}).get(name, frozenset())))
        return sheets
    except Exception as exc:  # calamine raises its own errors, and Rust panics as PanicException
        why = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if "password" in why.lower() or "encrypt" in why.lower() or type(exc).__name__ == "PasswordError":
            message = _("{file}: the workbook is encrypted (password-protected); save a copy without a password")
            raise SheetError(message.format(file=shown)) from None
        raise SheetError(
            _("{file}: cannot read the workbook ({why}); is it damaged?").format(file=shown, why=cut(why, 200))
        ) from None


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
_CHUNK = 1 << 20


def _scan_xlsx(raw: bytes, shown: str) -> dict[str, frozenset[tuple[int, int]]]:
    """Each sheet's cells holding a formula without its result, by sheet name; SheetError naming the cell
    when a sheet's used range (A1 to its farthest cell with a value) is over MAX_CELLS. Read as a stream
    of the XML, linear in its size; what is not a worksheet the reader knows is left to calamine."""
    try:
        book = zipfile.ZipFile(io.BytesIO(raw))
        parts = sheet_parts(book)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError, EOFError):
        return {}  # calamine says what is wrong with it
    budget = MAX_XML_BYTES
    found: dict[str, frozenset[tuple[int, int]]] = {}
    for name, part in parts:
        try:
            stream = book.open(part)
        except (KeyError, OSError, ValueError, RuntimeError, zipfile.BadZipFile):
            continue
        with stream:
            found[name], budget = _scan_sheet(stream, budget, f"{shown}!{name}", shown)
    return found


def sheet_parts(book: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part in the zip) of each sheet, in the workbook's order."""
    import html

    names = {info.filename for info in book.infolist()}
    workbook = book.read("xl/workbook.xml")[: 16 * _CHUNK]
    rels = book.read("xl/_rels/workbook.xml.rels")[: 16 * _CHUNK] if "xl/_rels/workbook.xml.rels" in names else b""
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


def _attrs(tag: bytes) -> dict[str, str]:
    pairs = re.findall(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""", tag)
    return {k.decode("utf-8", "replace"): (a or b).decode("utf-8", "replace") for k, a, b in pairs}


_P = rb"(?:[A-Za-z_][\w.-]*:)?"  # an element's namespace prefix, if any
_ROW_END = re.compile(rb"</" + _P + rb"row>")
_PREFIXED = re.compile(rb"<[A-Za-z_][\w.-]*:(?:row|c)[\s/>]")
_ROW_REF = re.compile(rb'<row r="(\d{1,9})"')
# a cell holding a value, where no cell holds a formula: <c r="C3" …><v>5.7</v> or an inline string <is>
_VALUE_CELL = re.compile(rb'<c r="([A-Z]{1,4})(\d{1,9})"[^>]*>\s*(?:<v>\s*[^<\s]|<is>)')


def _scan_sheet(stream: Any, budget: int, where: str, shown: str) -> tuple[frozenset[tuple[int, int]], int]:
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
                tail = _items(data, state, uncomputed, where)
                continue
            segment, tail = data[:cut], data[cut:]
        if not _quick(segment, state):
            _items(segment, state, uncomputed, where)
        if not chunk:
            return frozenset(uncomputed), budget


def _items(data: bytes, state: list[int], uncomputed: set[tuple[int, int]], where: str) -> bytes:
    """Read `data` item by item; what follows the last whole item is returned, to be read with what comes
    next (an item longer than a few chunks is no cell of a table: only its start counts)."""
    end = 0
    for m in _XML_ITEM.finditer(data):
        end = m.end()
        _item(m, state, uncomputed, where)
    rest = data[end:]
    if len(rest) > 8 * _CHUNK:
        start = _XML_ITEM.match(rest[: 4 * _CHUNK].split(b">", 1)[0] + b"/>")
        if start is not None and start.group(2) is not None:
            _item(start, state, uncomputed, where)
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


def _item(m: re.Match[bytes], state: list[int], uncomputed: set[tuple[int, int]], where: str) -> None:
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
    if _VALUE.search(content) is None and _INLINE.search(content) is None:
        kind = _CELL_TYPE.search(attrs)
        if _FORMULA.search(content) and (kind is None or kind.group(1) in (b"n", b"e")):
            uncomputed.add((row, col))  # a formula of a number, saved without its result
        return
    if row > state[2] or col > state[3]:
        state[2], state[3] = max(state[2], row), max(state[3], col)
        cells = (state[2] + 1) * (state[3] + 1)
        if cells > MAX_CELLS:
            message = _(
                "a value far outside the table: the sheet would span A1:{cell}, {n} cells, and sciplan reads "
                "at most {most}; delete what is in that cell (and anything else far away), then import"
            ).format(cell=cell_name(state[2], state[3]), n=f"{cells:,}", most=f"{MAX_CELLS:,}")
            raise SheetError(message, f"{where}!{cell_name(row, col)}", "import-far-cell")


def _column(letters: str) -> int:
    """ "A" -> 0, "XFD" -> 16383."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _square(rows: list[list[Any]]) -> list[list[Any]]:
    width = max((len(r) for r in rows), default=0)
    return [[None if c == "" else c for c in r] + [None] * (width - len(r)) for r in rows]


class _Tables(HTMLParser):
    """Every <table> of a page as rows of cell texts, with colspan/rowspan noted as merged ranges."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[list[list[Any]], list[tuple[int, int, int, int]]]] = []
        self.depth = 0
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.taken: dict[tuple[int, int], bool] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append(([], []))
                self.taken = {}
        elif self.depth == 1 and tag == "tr":
            self.tables[-1][0].append([])
        elif self.depth == 1 and tag in ("td", "th"):
            a = dict(attrs)
            self.span = (_int(a.get("rowspan")), _int(a.get("colspan")))
            self.cell = []
        elif self.cell is not None and tag == "br":
            self.cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.depth -= 1
        elif self.depth == 1 and tag in ("td", "th") and self.cell is not None:
            rows, merged = self.tables[-1]
            if not rows:
                rows.append([])
            r = len(rows) - 1
            row = rows[r]
            c = len(row)
            while self.taken.get((r, c)):
                row.append(None)
                c += 1
            text = " ".join("".join(self.cell).split())
            row.append(text or None)
            down, across = self.span
            row.extend([None] * (across - 1))
            for dr in range(down):
                for dc in range(across):
                    self.taken[(r + dr, c + dc)] = True
            if down > 1 or across > 1:
                merged.append((r, c, r + down - 1, c + across - 1))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _int(text: str | None) -> int:
    try:
        return max(1, min(int(text or 1), 1000))
    except ValueError:
        return 1


def _html(text: str, shown: str) -> list[Sheet]:
    parser = _Tables()
    parser.feed(text)
    parser.close()
    sheets = []
    for n, (rows, merged) in enumerate(parser.tables):
        # cells a rowspan covers in rows that ended early
        square = _square(rows)
        if any(any(c is not None for c in r) for r in square):
            sheets.append(Sheet(f"{Path(shown).stem}" + (f"#{n + 1}" if n else ""), square, merged, "html"))
    if not sheets:
        raise SheetError(_("{file}: the HTML table is empty").format(file=shown))
    return sheets
