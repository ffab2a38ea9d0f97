"""`sciplan template YEAR`: one fill-in workbook (报送表) per sub-unit, to send out and read back.

Each workbook has one sheet the unit fills: a title row (`黄桥经济开发区 2023年1–6月科技工作主要指标报送表`),
the deadline when given, then one row per indicator the unit has a target or a figure for — 指标, 单位,
全年目标（分解）, 1–N月累计 (the only numbers to fill: unlocked, numeric validation with an input message,
the unit in the number format), 去年同期 (prefilled, locked), 备注 (free text). Everything else is locked
(sheet protection without a password), and the page prints on A4, one page wide, headers repeated.

A hidden sheet (also a defined name) records the root's region, the year, month and unit, and for each
row the indicator id with the locked values as written, so `sciplan import` reads the file back without
guessing and can tell an edited locked cell from the data.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from sciplan.app.returned import (
    DEFINED_NAME,
    FIGURE,
    FIRST_ROW,
    FORMAT,
    HEADER_ROW,
    MARK,
    META,
    NAME,
    NOTE,
    PREVIOUS,
    SHEET,
    TARGET,
    UNIT,
    VERSION,
)
from sciplan.compute.observed import reported
from sciplan.compute.periods import at_month, figure
from sciplan.core.i18n import _, language
from sciplan.core.numbers import fmt
from sciplan.core.problem import SciplanError, UsageError
from sciplan.core.records import Indicator, ValidProject
from sciplan.report.cells import WORKBOOK_OPTIONS, sheet_number, unit_number_format


@dataclass(frozen=True)
class Row:
    """One indicator of a unit's template."""

    indicator: Indicator
    target_text: str | None  # the unit's share of the target as written (`10`, `>= 10`), None without one
    target: Fraction | None  # its level, when the target is a level (a number in the cell)
    current: Fraction | None  # the figure already in the data for the period (prefilled: corrections welcome)
    previous: Fraction | None  # 去年同期: last year's figure for the same period


@dataclass(frozen=True)
class Template:
    region: str
    year: int
    month: int
    unit: str
    rows: list[Row]
    due: dt.date | None = None

    @property
    def period(self) -> str:
        """2023年1–6月 / 2023年1月 (Chinese); January–June 2023 (English)."""
        if language() == "en":
            first, last = dt.date(2000, 1, 1), dt.date(2000, self.month, 1)
            span = f"{last:%B}" if self.month == 1 else f"{first:%B}–{last:%B}"
            return f"{span} {self.year}"
        return f"{self.year}年1月" if self.month == 1 else f"{self.year}年1–{self.month}月"

    @property
    def title(self) -> str:
        return _("{unit}: key S&T indicators, {period} (return form)").format(unit=self.unit, period=self.period)

    @property
    def headers(self) -> list[str]:
        return [
            _("Indicator"),
            _("Unit"),
            _("Full-year target (this unit's share)"),
            self.figure_header,
            _("Same period last year"),
            _("Remarks"),
        ]

    @property
    def figure_header(self) -> str:
        """The column to fill: 1–6月累计."""
        if language() == "en":
            return _("{period} cumulative").format(period=self.period.rsplit(" ", 1)[0])
        return _("{period} cumulative").format(period=self.period.split("年", 1)[1])


class NoMonth(UsageError):
    """The year has no as_of to take the month from: the month must be given (the command line words it)."""

    def __init__(self, year: int):
        super().__init__(_("data/{year}.yaml gives no as_of to take the month from").format(year=year))
        self.year = year


class TemplateExists(SciplanError):
    """A template sciplan wrote is in the way (perhaps returned filled in): replaced only when asked."""

    def __init__(self, path: Path):
        super().__init__(_("{path} exists (perhaps returned filled in)").format(path=path))
        self.path = path


def month_of(project: ValidProject, year: int, month: int | None) -> int:
    """The month a template asks for: --month, else the month the year's figures run to."""
    if month is not None:
        return month
    data = project.years.get(year)
    if data is not None and data.month is not None:
        return data.month
    raise NoMonth(year)


def templates(project: ValidProject, year: int, month: int, units: list[str] | None = None) -> list[Template]:
    """The template of each unit (all of targets.yaml's, or those named), for 1–`month` of `year`."""
    cat = project.catalogue
    if not cat.units:
        raise SciplanError(_("targets.yaml lists no units: to split the work, add units: [name, …]"))
    chosen = list(cat.units)
    if units:
        chosen = []
        for name in units:
            found = next((u for u in cat.units if u == name.strip()), None)
            if found is None:
                raise UsageError(_("no unit {name!r}; units: {units}").format(name=name, units=", ".join(cat.units)))
            if found not in chosen:
                chosen.append(found)
    here = at_month(project, year, month)
    out = []
    for unit in chosen:
        rows = []
        for ind in cat.indicators.values():
            entry = ind.targets.get(year)
            target = entry.units.get(unit) if entry is not None else None
            current = reported(here, ind.id, year, unit) if here is not None else None
            previous = figure(project, ind.id, year - 1, month, unit)
            if target is None and not _has_figures(project, ind.id, year, unit):
                continue
            level = Fraction(target.amount) if target is not None and target.kind == "level" else None
            rows.append(
                Row(
                    ind,
                    target.text if target is not None else None,
                    level,
                    current.value if current is not None else None,
                    previous.value if previous is not None else None,
                )
            )
        if not rows:
            raise SciplanError(
                _("{unit} has no target and no figure in {year} or {last}: nothing to ask of it").format(
                    unit=unit, year=year, last=year - 1
                )
            )
        out.append(Template(cat.region, year, month, unit, rows))
    return out


def _has_figures(project: ValidProject, indicator: str, year: int, unit: str) -> bool:
    """The unit has a figure of the indicator this year or last, at any month."""
    for y in (year, year - 1):
        data = project.years.get(y)
        if data is None:
            continue
        if indicator in data.units.get(unit, {}):
            return True
        if any(indicator in figures.get(unit, {}) for figures in data.unit_months.values()):
            return True
    return False


def file_name(t: Template) -> str:
    """黄桥经济开发区_2023年1-6月报送表.xlsx: the unit first, so a folder of returns sorts by unit."""
    span = f"{t.year}年1月" if t.month == 1 else f"{t.year}年1-{t.month}月"
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", t.unit).strip("_.-") or "unit"  # never hidden, never an option
    safe = safe.encode()[: 255 - len(f"_{span}报送表.xlsx".encode())].decode(errors="ignore")  # 255 bytes at most
    return f"{safe}_{span}报送表.xlsx"


def xlsx_bytes(t: Template) -> bytes:
    """The workbook of one template (XlsxWriter)."""
    import xlsxwriter

    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, WORKBOOK_OPTIONS)
    wb.set_properties({"title": t.title, "author": "sciplan", "comments": MARK, "keywords": FORMAT})
    ws = wb.add_worksheet(SHEET)
    base = {"font_name": "宋体", "font_size": 11, "valign": "vcenter", "border": 1}
    title = wb.add_format({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"})
    plain = wb.add_format({"font_size": 11, "valign": "vcenter"})
    header = wb.add_format({**base, "bold": True, "align": "center", "bg_color": "#D9D9D9", "text_wrap": True})
    text = wb.add_format({**base, "text_wrap": True})
    centred = wb.add_format({**base, "align": "center"})
    fill_note = wb.add_format({**base, "locked": False, "text_wrap": True})
    formats: dict[str, object] = {}

    def number(fmt: str, unlocked: bool = False) -> object:
        key = f"{fmt}|{unlocked}"
        if key not in formats:
            spec = {**base, "num_format": fmt}
            if unlocked:
                spec.update({"locked": False, "bg_color": "#FFF2CC"})
            formats[key] = wb.add_format(spec)
        return formats[key]

    last_col = NOTE
    ws.merge_range(0, 0, 0, last_col, t.title, title)
    ws.set_row(0, 30)
    if t.due is not None:
        ws.merge_range(1, 0, 1, last_col, _("Return by: {date}").format(date=_date_text(t.due)), plain)
    how = _(
        "Fill in only the column {column} (yellow cells) and the notes; the other cells are locked. "
        "Do not change the layout or the sheet's name."
    ).format(column=t.figure_header)
    ws.merge_range(2, 0, 2, last_col, how, wb.add_format({"font_size": 10, "text_wrap": True, "valign": "top"}))
    ws.set_row(2, 30)
    ws.write_row(HEADER_ROW, 0, t.headers, header)
    for i, row in enumerate(t.rows):
        r = FIRST_ROW + i
        ind = row.indicator
        places = ind.decimals if ind.decimals is not None else 2
        ws.write_string(r, NAME, ind.name, text)
        ws.write_string(r, UNIT, ind.unit, centred)
        if row.target is not None:
            ws.write(r, TARGET, sheet_number(row.target), number(unit_number_format(ind.unit, places)))
        elif row.target_text is not None:
            ws.write_string(r, TARGET, row.target_text, centred)
        else:
            ws.write_blank(r, TARGET, None, centred)
        cell = number(unit_number_format(ind.unit), unlocked=True)
        if row.current is not None:
            ws.write(r, FIGURE, sheet_number(row.current), cell)
        else:
            ws.write_blank(r, FIGURE, None, cell)
        if row.previous is not None:
            ws.write(r, PREVIOUS, sheet_number(row.previous), number(unit_number_format(ind.unit, places)))
        else:
            ws.write_blank(r, PREVIOUS, None, centred)
        ws.write_blank(r, NOTE, None, fill_note)
        level = ind.kind != "flow"
        message = (
            _("{unit}: {name} ({measure}) at the end of month {month}. A number only, without its unit.")
            if level
            else _("{unit}: {name} ({measure}), {period} cumulative. A number only, without its unit.")
        ).format(unit=t.unit, month=t.month, period=t.period, name=ind.name, measure=ind.unit)
        ws.data_validation(
            r,
            FIGURE,
            r,
            FIGURE,
            {
                "validate": "decimal",
                "criteria": "between",
                "minimum": -1e15,
                "maximum": 1e15,
                "input_title": _cut(t.figure_header, 32),
                "input_message": _cut(message, 255),
                "error_title": _cut(_("A number only"), 32),
                "error_message": _cut(
                    _("Write a number, without unit or words; leave it empty when there is no figure, never 0."), 255
                ),
                "error_type": "stop",
            },
        )
    widths = [30, 10, 16, 16, 14, 24]
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as many long as it needs
    ws.repeat_rows(HEADER_ROW)
    ws.center_horizontally()
    ws.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
    ws.freeze_panes(FIRST_ROW, 0)
    ws.activate()
    _metadata(wb, t)
    wb.close()
    return out.getvalue()


def _metadata(wb: object, t: Template) -> None:
    """The hidden sheet: what the file is, and each row's indicator with its locked values as written."""
    meta = wb.add_worksheet(META)  # type: ignore[attr-defined]
    records: list[list[object]] = [
        ["format", FORMAT],
        ["version", VERSION],
        ["region", t.region],
        ["year", t.year],
        ["month", t.month],
        ["unit", t.unit],
        ["sheet", SHEET],
        ["first_row", FIRST_ROW + 1],
        ["rows", len(t.rows)],
        ["title", t.title],
        ["headers", *t.headers],
    ]
    for i, row in enumerate(t.rows):
        records.append(
            [
                f"row {FIRST_ROW + 1 + i}",
                row.indicator.id,
                row.indicator.name,
                row.indicator.unit,
                _exact(row.target) if row.target is not None else (row.target_text or ""),
                _exact(row.previous) if row.previous is not None else "",
            ]
        )
    for r, record in enumerate(records):
        for c, value in enumerate(record):
            if isinstance(value, int):
                meta.write_number(r, c, value)
            else:
                meta.write_string(r, c, str(value))
    meta.protect()
    meta.hide()
    wb.define_name(DEFINED_NAME, f"={META}!$A$1:$G${len(records)}")  # type: ignore[attr-defined]


def _exact(value: Fraction) -> str:
    """A figure as exact text for the hidden sheet (never a rounded float)."""
    return fmt(value, 12).rstrip("0").rstrip(".") if value.denominator != 1 else str(value.numerator)


def _date_text(day: dt.date) -> str:
    if language() == "en":
        return day.isoformat()
    return f"{day.year}年{day.month}月{day.day}日"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def ours(path: Path) -> bool:
    """The file is a workbook sciplan wrote as a template (its properties say so)."""
    try:
        with zipfile.ZipFile(path) as z:
            core = z.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return MARK in core


class NotOurs(SciplanError):
    """A file in the way that sciplan did not write: never replaced."""


def _in_the_way(path: Path) -> NotOurs:
    return NotOurs(_("{path} exists and sciplan did not write it: it is never replaced").format(path=path))


def write_templates(
    project: ValidProject,
    year: int,
    month: int | None,
    units: list[str] | None,
    out: Path,
    due: dt.date | None = None,
    force: bool = False,
) -> list[Path]:
    """Each unit's template into `out`, all checked first; a file is replaced only with `force`, if a template."""
    from sciplan.report.template_names import check_names
    from sciplan.store.atomic import FileExists, put
    from sciplan.store.atomic import NotOurs as Changed

    planned = []
    for each in templates(project, year, month_of(project, year, month), units):
        t = Template(each.region, each.year, each.month, each.unit, each.rows, due)
        path = out / file_name(t)
        if path.exists() and not ours(path):
            raise _in_the_way(path)
        if path.exists() and not force:
            raise TemplateExists(path)
        planned.append((path, t))
    check_names(project, planned)  # two units' files in one name: refused before anything is written
    for path, t in planned:
        try:  # a file that appeared since the check is never replaced; a template only while it still is one
            put(path, xlsx_bytes(t), lambda found: force and ours(found))
        except (FileExists, Changed):
            raise _in_the_way(path) from None
    return [path for path, _t in planned]
