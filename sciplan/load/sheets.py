"""Spreadsheets as a 科技局 receives them, read into grids of cells: `.xlsx`, `.xls`, WPS `.et`, `.ods`
(python-calamine, imported only here), `.csv` (UTF-8 with or without BOM, GBK/GB18030), and the "`.xls`"
that download buttons serve as an HTML table or tab-separated text. The kind is told by the bytes (magic
numbers), never by the extension. A file that cannot be read raises SheetError with one line saying why."""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Iterable, Mapping
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from sciplan.core.chars import cut
from sciplan.core.i18n import _
from sciplan.core.problem import SciplanError

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .et, and an encrypted .xlsx
ZIP = b"PK\x03\x04"  # .xlsx, .ods
MAX_BYTES = 64 * 1024 * 1024


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
    # cells read as Excel shows them in a percent number format (0.026 formatted 0.00% read as 2.6): (row, column)
    percent: frozenset[tuple[int, int]] = frozenset()
    # the unit a cell's number format writes beside its number (`#,##0"万元"`: 62000 shows 62000万元), by cell
    units: Mapping[tuple[int, int], str] = MappingProxyType({})
    # the thousands a cell's number format divides its number by as shown (`0.00,,`: 2), by cell
    scales: Mapping[tuple[int, int], int] = MappingProxyType({})


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
        from sciplan.load.xlsscan import scan_xls

        return _workbook(raw, shown, "xls", None, scan_xls(raw, shown))
    if raw.startswith(ZIP):
        if b"opendocument.spreadsheet" in raw[:200]:
            from sciplan.load.odsscan import scan_ods

            scan = scan_ods(raw, shown)
            return _workbook(raw, shown, "ods", None, scan.percent, scan.merged)
        from sciplan.load.xlsxscan import is_xlsb, percent_cells, scan_xlsx

        if is_xlsb(raw):
            raise SheetError(
                _(
                    "{file}: a binary Excel workbook (.xlsb), which sciplan does not read (its cells cannot be "
                    "checked before they are read); save it as .xlsx or .xls in Excel or WPS, then import"
                ).format(file=shown)
            )

        uncomputed, formats = scan_xlsx(raw, shown), percent_cells(raw)
        return _workbook(raw, shown, "xlsx", uncomputed, formats.percent, units=formats.units, scales=formats.scales)
    text = _decode(raw, shown)
    head = text.lstrip()[:2000].lower()
    if head.startswith("<") and ("<table" in text.lower()):
        return _html(text, shown)
    if head.startswith("<"):
        raise SheetError(_("{file}: an HTML page without a table; download the table itself").format(file=shown))
    sample = text[:20000]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    rows = [_trimmed(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    name = Path(shown).stem
    return [Sheet(name, _bounded(rows, f"{shown}!{name}"), [], "tsv" if delimiter == "\t" else "csv")]


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
                    # as much as the file holds: read(MAX_BYTES + 1) would allocate 64 MB for any file
                    raw = f.read(min(st.st_size, MAX_BYTES) + 1)
                    if len(raw) > st.st_size:  # it grew since the stat
                        raw += f.read(MAX_BYTES + 1 - len(raw))
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
    raw: bytes,
    shown: str,
    kind: str,
    uncomputed: dict[str, frozenset[tuple[int, int]]] | None = None,
    percent: Mapping[str, Iterable[tuple[int, int]]] | None = None,
    merges: dict[str, list[tuple[int, int, int, int]]] | None = None,
    units: dict[str, dict[tuple[int, int], str]] | None = None,
    scales: dict[str, dict[tuple[int, int], int]] | None = None,
) -> list[Sheet]:
    try:
        import python_calamine as calamine
    except ImportError:  # pragma: no cover - a dependency
        raise SheetError(_("reading spreadsheets needs python-calamine: pip install python-calamine")) from None
    from sciplan.load.xlsxscan import MAX_CELLS

    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
        sheets = []
        total = 0  # the cells of the sheets read so far, each sheet from A1 to its farthest value
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            width = max((len(r) for r in rows), default=0)
            total += len(rows) * width
            if total > MAX_CELLS:  # each sheet is under it (the scans saw to that), a hundred of them are not
                where = f"{shown}!{name}!{cell_name(len(rows) - 1, width - 1)}"
                raise SheetError(_many_cells_message(total), where, "import-far-cell")
            merged = [(a[0], a[1], b[0], b[1]) for a, b in (getattr(sheet, "merged_cell_ranges", None) or [])]
            square = _square([[None if c == "" else c for c in r] for r in rows])
            if not merged and merges:  # an .ods: calamine gives no merged cells, the scan found them
                last = (len(square) - 1, len(square[0]) - 1 if square else -1)
                cut_to = [(r0, c0, min(r1, last[0]), min(c1, last[1])) for r0, c0, r1, c1 in merges.get(name, ())]
                merged = [m for m in cut_to if m[0] <= m[2] and m[1] <= m[3] and m[:2] != m[2:]]
            shown_percent = set()
            for r, c in (percent or {}).get(name, ()):  # as Excel shows it: 0.026 formatted 0.00% is 2.6 (%)
                if r < len(square) and c < len(square[r]) and type(square[r][c]) in (int, float):
                    square[r][c] = float(Decimal(repr(square[r][c])) * 100)
                    shown_percent.add((r, c))
            uncomputed_cells = (uncomputed or {}).get(name, frozenset())
            shown_units = (units or {}).get(name, {})
            shown_scales = (scales or {}).get(name, {})
            sheets.append(
                Sheet(name, square, merged, kind, uncomputed_cells, frozenset(shown_percent), shown_units, shown_scales)
            )
        return sheets
    except (KeyboardInterrupt, SystemExit, SheetError):
        raise
    except BaseException as exc:  # calamine raises its own errors, and Rust panics as PanicException (a BaseException)
        why = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if "password" in why.lower() or "encrypt" in why.lower() or type(exc).__name__ == "PasswordError":
            message = _("{file}: the workbook is encrypted (password-protected); save a copy without a password")
            raise SheetError(message.format(file=shown)) from None
        raise SheetError(
            _("{file}: cannot read the workbook ({why}); is it damaged?").format(file=shown, why=cut(why, 200))
        ) from None


def _many_cells_message(total: int) -> str:
    from sciplan.load.xlsxscan import MAX_CELLS

    return _(
        "the workbook's sheets up to this one span {n} cells together (each from A1 to its farthest value, "
        "here this cell), and sciplan reads at most {most}; delete the sheets the table does not need (or "
        "what lies far out on them), then import"
    ).format(n=f"{total:,}", most=f"{MAX_CELLS:,}")


def _square(rows: list[list[Any]]) -> list[list[Any]]:
    width = max((len(r) for r in rows), default=0)
    return [[None if c == "" else c for c in r] + [None] * (width - len(r)) for r in rows]


def _trimmed(row: list[Any]) -> list[Any]:
    """A text table's row without its trailing empty cells: a line of a million commas (or a cell
    spanning a thousand columns) holds nothing, and must not widen every row of the table."""
    end = len(row)
    while end and row[end - 1] in ("", None):
        end -= 1
    return row if end == len(row) else row[:end]


def _bounded(rows: list[list[Any]], where: str) -> list[list[Any]]:
    """`_square` for a table read from text (CSV, TSV, HTML), which no scanner has bounded: a table
    whose rectangle would be over MAX_CELLS is refused at its farthest value, as a far cell in a
    workbook is, before the rectangle is built."""
    from sciplan.load.xlsxscan import MAX_CELLS, far_message

    width = max((len(r) for r in rows), default=0)
    if len(rows) * width > MAX_CELLS:
        r = max(range(len(rows)), key=lambda i: len(rows[i]))
        far_row = len(rows) - 1 if len(rows) > MAX_CELLS // max(width, 1) else r
        raise SheetError(far_message(far_row, width - 1), f"{where}!{cell_name(r, width - 1)}", "import-far-cell")
    return _square(rows)


class _Tables(HTMLParser):
    """Every <table> of a page as rows of cell texts, with colspan/rowspan noted as merged ranges."""

    def __init__(self, shown: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.shown = shown  # the file as messages name it
        self.tables: list[tuple[list[list[Any]], list[tuple[int, int, int, int]]]] = []
        self.depth = 0
        self.cell: list[str] | None = None
        self.span = (1, 1)
        # row -> column ranges [start, end) that a rowspan from a row above covers: one entry a row
        # for each spanning cell, never one a covered cell (a 1000×1000 span is 1000 entries)
        self.taken: dict[int, list[tuple[int, int]]] = {}

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
            c = self._free(r, c)
            if c > len(row):
                row.extend([None] * (c - len(row)))
            text = " ".join("".join(self.cell).split())
            row.append(text or None)
            down, across = self.span
            if c + across > _MAX_COLUMNS:  # wider than any sheet: refused at the cell, not built
                where = f"{self.shown}!{self.name}!{cell_name(r, c)}"
                raise SheetError(_wide_message(c + across), where, "import-far-cell")
            row.extend([None] * (across - 1))
            for dr in range(1, down):
                self.taken.setdefault(r + dr, []).append((c, c + across))
            if down > 1 or across > 1:
                merged.append((r, c, r + down - 1, c + across - 1))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    @property
    def name(self) -> str:
        """The current table as a sheet: the file's stem, `#2` on for a page's later tables."""
        n = len(self.tables) - 1
        return Path(self.shown).stem + (f"#{n + 1}" if n else "")

    def _free(self, r: int, c: int) -> int:
        """The first column from `c` of row `r` that no rowspan from above covers."""
        moved = True
        while moved:
            moved = False
            for start, end in self.taken.get(r, ()):
                if start <= c < end:
                    c, moved = end, True
        return c


_MAX_COLUMNS = 16_384  # XFD: as wide as a sheet can be in Excel or WPS


def _wide_message(columns: int) -> str:
    return _(
        "a cell spanning to column {n:,}, wider than any sheet ({most:,} columns); fix the table's colspan"
    ).format(n=columns, most=_MAX_COLUMNS)


def _int(text: str | None) -> int:
    try:
        return max(1, min(int(text or 1), 1000))
    except ValueError:
        return 1


def _html(text: str, shown: str) -> list[Sheet]:
    parser = _Tables(shown)
    parser.feed(text)
    parser.close()
    sheets = []
    for n, (rows, merged) in enumerate(parser.tables):
        # cells a rowspan covers in rows that ended early
        name = f"{Path(shown).stem}" + (f"#{n + 1}" if n else "")
        square = _bounded([_trimmed(r) for r in rows], f"{shown}!{name}")
        if any(any(c is not None for c in r) for r in square):
            sheets.append(Sheet(name, square, merged, "html"))
    if not sheets:
        raise SheetError(_("{file}: the HTML table is empty").format(file=shown))
    return sheets
