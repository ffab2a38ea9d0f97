"""Fill-in workbooks back from the sub-units: read a returned template, check it against the root, and
say which figures it brings (`sciplan import` writes them through the span writer).

A returned file is recognised by its hidden sheet (`sciplan`, see collect/__init__.py), never by its name.
Every problem is an error naming the file (and the cell, `FILE!报送表!D5`, where there is one): a template
of another root, year, month or unit, a locked cell edited, the sheet renamed, text in a number cell. The
caller checks every file before it writes anything.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sciplan.app.formcells import BadTemplate, FormatConflict, merged_figures, unmerged
from sciplan.app.formcells import figure as read_figure
from sciplan.core.chars import cut, name_key
from sciplan.core.i18n import _
from sciplan.core.numbers import never_negative
from sciplan.core.records import ValidProject

# The layout `sciplan template` writes (report/template.py) and this module reads back: the sheet the unit
# fills, the row of its column headers, the columns, and a hidden sheet recording what the file is (region,
# year, month, unit) and which indicator each row holds.
FORMAT = "sciplan-template"  # the first value of the hidden sheet: this file is a sciplan template
VERSION = 1
MARK = "sciplan fill-in template"  # in the workbook's properties (comments): a file sciplan wrote
SHEET = "报送表"  # the sheet the unit fills
META = "sciplan"  # the hidden sheet
DEFINED_NAME = "sciplan_template"  # a defined name over the hidden sheet's records
HEADER_ROW = 3  # 0-based row of the column headers: title, deadline/instructions, then the headers
FIRST_ROW = HEADER_ROW + 1  # the first indicator's row (0-based)

# The columns (0-based): 指标, 单位, 全年目标（分解）, 1–N月累计 (to fill), 去年同期, 备注 (free text).
NAME, UNIT, TARGET, FIGURE, PREVIOUS, NOTE = range(6)


@dataclass(frozen=True)
class Figure:
    indicator: str
    value: Decimal
    cell: str  # where it was read: D5
    note: str | None = None  # 备注, as written
    name: str | None = None  # the row's 指标 as the form shows it (checked against the root's name of `indicator`)
    unit: str | None = None  # the row's 单位 as the form shows it (checked against the indicator's unit)
    conflict: str | None = None  # the cell's number format says another unit (0.00%, "万元"): the error to say


@dataclass(frozen=True)
class Returned:
    """What a returned template says: whose figures, for which period, in which cells."""

    file: str  # as the user named it
    region: str
    year: int
    month: int
    unit: str
    figures: list[Figure]
    empty: list[str]  # indicators left empty (not reported: never zero)


@dataclass(frozen=True)
class Change:
    """One figure a returned template writes: `path` in data/<year>.yaml, from `old` (None: absent) to `new`."""

    file: str
    unit: str
    indicator: str
    month: int
    path: tuple[str | int, ...]
    old: Decimal | None
    new: Decimal
    cell: str

    @property
    def changed(self) -> bool:
        return self.old is None or self.old != self.new


def is_template(path: Path) -> bool:
    """The file is an .xlsx with sciplan's hidden template sheet (whatever its name or extension says)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a pipe or a device: never opened here (reading waits)
            return False
        with zipfile.ZipFile(path) as z, z.open("xl/workbook.xml") as part:  # its start: never a bomb's gigabyte
            workbook = part.read(16 << 20).decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, RuntimeError, EOFError):
        return False
    return f'name="{META}"' in workbook


def read(path: Path, shown: str | None = None) -> Returned:
    """The figures of a returned template, or BadTemplate saying what is wrong with it."""
    import openpyxl

    from sciplan.load.sheets import SheetError
    from sciplan.load.xlsxscan import checked_xlsx

    name, raw = shown or str(path), b""
    try:
        raw = checked_xlsx(path, name)  # a zip bomb, a far cell (openpyxl walked up to it: a hang), a long text
        raw, merges = unmerged(raw)  # read from their refs: openpyxl walks every cell a merge covers
        wb = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
    except SheetError as exc:
        raise BadTemplate(str(exc)) from None
    except Exception:  # a damaged zip, a workbook openpyxl cannot read: one line naming the file (and the cell)
        raise BadTemplate(_unreadable(raw, name)) from None
    if META not in wb.sheetnames:
        raise BadTemplate(_("{file}: not a sciplan template (no hidden sheet {sheet})").format(file=name, sheet=META))
    records: dict[str, list[Any]] = {}
    for row in wb[META].iter_rows(values_only=True):
        if row and row[0] is not None:
            records[str(row[0])] = list(row[1:])

    def value(key: str) -> Any:
        return (records.get(key) or [None])[0]

    if value("format") != FORMAT or value("version") != VERSION:
        raise BadTemplate(_("{file}: not a template this version of sciplan wrote").format(file=name))
    sheet = str(value("sheet"))
    if sheet not in wb.sheetnames:
        raise BadTemplate(
            _(
                "{file}: the sheet {sheet} was renamed or removed (sheets: {sheets}); fill in the form as it was sent"
            ).format(file=name, sheet=sheet, sheets=", ".join(s for s in wb.sheetnames if s != META))
        )
    ws = wb[sheet]
    try:  # the same workbook with its formulas: a formula is no figure, whoever saved the file
        formulas = openpyxl.load_workbook(io.BytesIO(raw), data_only=False)[sheet]
    except Exception:  # read above already; a second read cannot fail differently in a way that matters
        formulas = ws
    try:
        first, count = int(value("first_row")), int(value("rows"))
    except (TypeError, ValueError):
        raise BadTemplate(_("{file}: the hidden sheet was edited; send the form out again").format(file=name)) from None
    if first <= HEADER_ROW + 1 or count < 0:
        raise BadTemplate(_("{file}: the hidden sheet was edited; send the form out again").format(file=name))
    unit_name = str(value("unit"))
    if unit_name not in str(value("title") or ""):
        # the unit is in the locked title: a hidden sheet naming another unit was edited
        raise BadTemplate(_("{file}: the hidden sheet was edited; send the form out again").format(file=name))
    spans = merges.get(sheet, [])
    if spans is None:  # a ref no range of a sheet (D7:D6, ZZZZ1): as openpyxl refused it
        raise BadTemplate(_unreadable(raw, name))
    merged_figures([ws, formulas], spans, first, count, FIGURE + 1, name, sheet)
    title = value("title")
    if not _says_period(str(title or ""), value("year"), value("month")):
        # the locked title says whose figures for which period: a hidden sheet saying another year or month
        # was edited (the figures would go into that period)
        raise BadTemplate(_("{file}: the hidden sheet was edited; send the form out again").format(file=name))
    _locked(ws, name, sheet, "A1", title)
    headers = records.get("headers") or []
    for col, header in enumerate(headers):
        if header is not None:
            _locked(ws, name, sheet, f"{_letter(col)}{first - 1}", header)
    figures, empty = [], []
    seen: set[str] = set()
    for i in range(count):
        r = first + i
        ident, ind_name, unit, target, previous = (records.get(f"row {r}") or [None] * 5)[:5]
        if ident is None:
            raise BadTemplate(_("{file}: the hidden sheet lacks row {row}").format(file=name, row=r))
        _locked(ws, name, sheet, f"{_letter(NAME)}{r}", ind_name)
        _locked(ws, name, sheet, f"{_letter(UNIT)}{r}", unit)
        _locked(ws, name, sheet, f"{_letter(TARGET)}{r}", _number_or_text(target))
        _locked(ws, name, sheet, f"{_letter(PREVIOUS)}{r}", _number_or_text(previous))
        cell = f"{_letter(FIGURE)}{r}"
        written = formulas[cell].value
        if isinstance(written, str) and written.startswith("="):
            raise BadTemplate(
                _("{file}!{sheet}!{cell}: a formula ({formula}); type the figure itself").format(
                    file=name, sheet=sheet, cell=cell, formula=cut(written)
                )
            )
        if str(ident) in seen:
            raise BadTemplate(_("{file}: the hidden sheet was edited; send the form out again").format(file=name))
        seen.add(str(ident))
        conflict = None
        try:
            figure = read_figure(ws[cell].value, ws[cell].number_format, str(unit or ""), name, sheet, cell)
        except FormatConflict as exc:  # said once the row's unit is known to be the root's (changes)
            figure, conflict = exc.value, str(exc)
        if figure is not None and figure < 0 and never_negative(str(unit or ""), str(ind_name or "")):
            raise BadTemplate(
                _("{file}!{sheet}!{cell}: {value} is negative, but {name} is counted in {unit} and cannot be below "
                  "zero").format(file=name, sheet=sheet, cell=cell, value=figure, name=ind_name, unit=unit)
            )  # fmt: skip
        note = ws[f"{_letter(NOTE)}{r}"].value
        note_text = str(note).strip() if note is not None and str(note).strip() else None
        if figure is None:
            empty.append(str(ident))
        else:
            shown_name = None if ind_name is None else str(ind_name)
            unit_text = None if unit is None else str(unit)
            figures.append(Figure(str(ident), figure, cell, note_text, shown_name, unit_text, conflict))
    for row in ws.iter_rows(min_row=first + count, max_col=NOTE + 1):
        for c in row:
            if c.value is not None and str(c.value).strip():
                raise BadTemplate(
                    _("{file}!{sheet}!{cell}: written below the form; the form takes one figure per row").format(
                        file=name, sheet=sheet, cell=c.coordinate
                    )
                )
    return Returned(name, str(value("region")), int(value("year")), int(value("month")), str(value("unit")),
                    figures, empty)  # fmt: skip


def _says_period(title: str, year: Any, month: Any) -> bool:
    """The title sciplan wrote names the year and 1–N月 the hidden sheet records, in either language
    (`…2022年1–6月…`, `…January–June 2022…`)."""
    if not isinstance(year, int) or not isinstance(month, int) or not 1 <= month <= 12:
        return False
    if month == 1:
        said = (f"{year}年1月", f"January {year}")
    else:
        said = (f"{year}年1–{month}月", f"January–{dt.date(2000, month, 1):%B} {year}")
    return any(s in title for s in said)


def _unreadable(raw: bytes, name: str) -> str:
    """Why a workbook cannot be read, in one line: the cell holding NaN or INF where a number goes (a
    program wrote what Excel never does), else the file."""
    from sciplan.load.xlsxscan import not_finite

    found = not_finite(raw)
    if found is not None:
        message = _("{file}!{sheet}!{cell}: {value!r} where a number goes; type the figure, save, then import")
        return message.format(file=name, sheet=found[0], cell=found[1], value=found[2])
    return _("{file}: cannot be read as a workbook (damaged, or written by a program Excel does not read); "
             "open it in Excel or WPS, save it, then import").format(file=name)  # fmt: skip


def _letter(col: int) -> str:
    return chr(ord("A") + col)


def _number_or_text(written: Any) -> Any:
    """A locked value as the hidden sheet keeps it (exact text) -> what the cell holds."""
    if written is None or written == "":
        return None
    try:
        return Decimal(str(written))
    except InvalidOperation:
        return str(written)


def _locked(ws: Any, file: str, sheet: str, cell: str, expected: Any) -> None:
    """A locked cell must hold what sciplan wrote there."""
    found = ws[cell].value
    if _same(found, expected):
        return
    raise BadTemplate(
        _("{file}!{sheet}!{cell}: a locked cell was changed ({was} → {now}); return the form with only the figures "
          "and remarks filled in").format(file=file, sheet=sheet, cell=cell, was=_shown(expected), now=_shown(found))
    )  # fmt: skip


def _same(found: Any, expected: Any) -> bool:
    if expected is None or expected == "":
        return found is None or (isinstance(found, str) and not found.strip())
    if isinstance(expected, Decimal):
        if isinstance(found, str):  # a figure of more digits than a double holds, written as text
            return bool(_number_or_text(found) == expected)
        if isinstance(found, bool) or not isinstance(found, (int, float)):
            return False
        return float(expected) == float(found)  # the cell holds the double XlsxWriter wrote
    return isinstance(found, str) and found.strip() == str(expected).strip()


def _shown(value: Any) -> str:
    if value is None or value == "":
        return _("empty")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def changes(
    project: ValidProject, returned: Returned, year: int | None = None, month: int | None = None
) -> list[Change]:
    """What a returned template writes into the root: every figure under its unit, for the year's as_of
    month or under `units: months: N:`. BadTemplate when it does not belong here (another root, year, month
    or unit) or cannot go in yet (a month after the year's as_of)."""
    cat = project.catalogue
    file = returned.file
    if returned.region != cat.region:
        raise BadTemplate(
            _("{file}: a template of {other}, not of this root ({region})").format(
                file=file, other=returned.region, region=cat.region
            )
        )
    if year is not None and returned.year != year:
        raise BadTemplate(
            _("{file}: a template for {found}, not {year}").format(file=file, found=returned.year, year=year)
        )
    if month is not None and returned.month != month:
        raise BadTemplate(
            _("{file}: a template for month {found}, not month {month}").format(
                file=file, found=returned.month, month=month
            )
        )
    if returned.unit not in cat.units:
        raise BadTemplate(
            _("{file}: a template for {unit}, which targets.yaml does not list under units: ({units})").format(
                file=file, unit=returned.unit, units=", ".join(cat.units)
            )
        )
    data = project.years.get(returned.year)
    if data is None:
        raise BadTemplate(
            _(
                "{file}: there is no data/{year}.yaml to write its figures into; start it with sciplan init {year}"
            ).format(file=file, year=returned.year)
        )
    current = data.month
    if current is None:
        raise BadTemplate(
            _("{file}: data/{year}.yaml gives no as_of, so month {month} has no place yet; set as_of first").format(
                file=file, year=returned.year, month=returned.month
            )
        )
    if returned.month > current:
        raise BadTemplate(
            _("{file}: figures for 1–{month}月, but the figures of {year} run to {date}; bring the region's figures "
              "to month {month} first (import or set them for that month)").format(
                file=file, month=returned.month, year=returned.year, date=data.as_of or f"{returned.year}-12-31"
            )
        )  # fmt: skip
    at_as_of = returned.month == current
    held = (
        data.units.get(returned.unit, {})
        if at_as_of
        else data.unit_months.get(returned.month, {}).get(returned.unit, {})
    )
    out = []
    for figure in returned.figures:
        if figure.indicator not in cat.indicators:
            raise BadTemplate(
                _("{file}: row {cell} is {id}, which targets.yaml no longer has").format(
                    file=file, cell=figure.cell, id=figure.indicator
                )
            )
        if figure.name is not None and name_key(figure.name) != name_key(cat.indicators[figure.indicator].name):
            # the row shows one indicator's name while the hidden sheet files it under another's id
            raise BadTemplate(
                _("{file}: row {cell} shows {shown} but is filed as {name}; send the form out again").format(
                    file=file, cell=figure.cell, shown=figure.name, name=cat.indicators[figure.indicator].name
                )
            )
        wanted = cat.indicators[figure.indicator].unit
        if figure.unit is not None and figure.unit.strip() != wanted.strip():
            # the row says its figure is in another unit than the root counts the indicator in
            raise BadTemplate(
                _("{file}: row {cell} is in {unit} but {name} is counted in {wanted}; send the form out again").format(
                    file=file, cell=figure.cell, unit=figure.unit, name=cat.indicators[figure.indicator].name,
                    wanted=wanted,
                )
            )  # fmt: skip
        if figure.conflict is not None:
            raise BadTemplate(figure.conflict)
        path = (
            ("units", returned.unit, figure.indicator)
            if at_as_of
            else ("units", "months", returned.month, returned.unit, figure.indicator)
        )
        old = held.get(figure.indicator)
        was = old.value if old is not None else None
        out.append(Change(file, returned.unit, figure.indicator, returned.month, path, was, figure.value, figure.cell))
    return out
