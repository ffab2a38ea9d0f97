"""`sciplan import`: the figures of received tables (统计局 月报, …) into a year's file.

    result = importing.run(root, catalogue, [Path("2023年1-6月主要经济指标.xlsx")])
    result.changes.rows        # the change table; recording.write(result.changes) writes it

Rows are matched to indicators by name or by an `aliases:` entry in targets.yaml (as `name_key` compares
names), or by the `rows:` of the source's mapping file `import/<name>.yaml`; a row that matches nothing
is listed, never guessed. Values convert to the indicator's unit (万元/亿元); a missing mark is not
reported, never zero. A value that is text, a unit that does not convert, two rows for one indicator or a
row naming two indicators stops the import with `FILE!SHEET!CELL` messages, and nothing is written.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from sciplan.app import recording
from sciplan.app.importmapping import IMPORT_DIR, SheetProblems, read_mapping, setting_position, settings_fit, starter
from sciplan.app.lookalike import refuse_returned_form
from sciplan.core.chars import cut, name_key
from sciplan.core.i18n import _
from sciplan.core.numbers import MAX_DECIMALS, MAX_DIGITS, never_negative
from sciplan.core.problem import BadValue, SciplanError, UsageError
from sciplan.core.records import Catalogue, ValidProject
from sciplan.store.places import refuse_outside
from sciplan.validate.statsheet import MissingColumn, SheetProblem, SheetRow, Table


class Unmatched(NamedTuple):
    label: str  # "" for a figure whose row has no label
    cell: str


class Result(NamedTuple):
    changes: recording.Changes
    unmatched: list[Unmatched]
    warnings: list[str]  # growth columns that disagree with the figures
    starters: dict[Path, str]  # mapping files to write the first time: path -> text
    year: int
    month: int | None
    stages: tuple[tuple[str, str, str], ...] = ()  # (stage, where it was said, the footnote's text or "")
    growth_only: tuple[tuple[int, str, str], ...] = ()  # (month, name, "growth, cell"): no 同比 base last year


def source_name(path: Path) -> str:
    """The name a source's mapping is kept under: the file name without its year and months
    (`2023年1-6月主要经济指标.xlsx` -> `主要经济指标`)."""
    stem = path.stem
    stem = re.sub(r"\d{4}\s*年?|\d{1,2}\s*[-—–~至]\s*\d{1,2}\s*月|\d{1,2}\s*月|[（(]?\d+[)）]?", "", stem)
    stem = re.sub(r"[\s_.\-—]+", "", stem)
    # a received file's name is anyone's: no control, format or unassigned character (an escape
    # sequence would reach the terminal and stay in `ls import/`), nothing a file name cannot hold
    stem = "".join(c for c in stem if unicodedata.category(c)[0] != "C" and c not in '/\\:*?"<>|')
    return stem or "source"


def run(
    project: ValidProject,
    catalogue: Catalogue,
    paths: list[Path],
    year: int | None = None,
    month: int | None = None,
    mapping: str | None = None,
) -> Result:
    from sciplan.load.sheets import SheetError, read_sheets
    from sciplan.validate.statsheet import read

    root = project.root
    problems: list[SheetProblem] = []
    rows: list[tuple[SheetRow, str | None, str | None]] = []  # row, id from the mapping's rows:, stage
    starters: dict[Path, str] = {}
    stages: dict[tuple[str, str, str], None] = {}  # (stage, where it was said, the footnote), in order
    years: set[int] = set()
    if mapping is not None and (not mapping.strip() or any(c in mapping for c in "/\\\0") or mapping.startswith(".")):
        message = _("--mapping {name!r}: a mapping is named by a plain name (import/NAME.yaml), without / or ..")
        raise UsageError(message.format(name=mapping), code="mapping-name")
    for path in paths:
        shown = printable(path.name or str(path))
        name = mapping or source_name(path)
        map_path = root / IMPORT_DIR / f"{name}.yaml"
        refuse_outside(root, map_path.parent, IMPORT_DIR)  # import -> ~/x: its mappings are not read or written
        settings, overrides = read_mapping(map_path, catalogue)
        try:
            sheets = read_sheets(path, shown)
        except SheetError as exc:
            if exc.cell is None:
                raise
            raise SheetProblems([SheetProblem(exc.cell, exc.code or "import-file", exc.said)]) from None
        refuse_returned_form(sheets, shown, catalogue.units)  # a 报送表 without its hidden sheet: never the region's
        settings_fit(map_path, settings, sheets, shown)
        tables = []
        for sheet in sheets:
            if settings.sheet is not None and sheet.name != settings.sheet:
                continue
            try:
                table = read(sheet, settings, f"{shown}!{printable(sheet.name)}")
            except MissingColumn as exc:
                line, col = setting_position(map_path, "value_column")
                message = _(
                    "value_column: {wanted!r} heads no column of {file} (its columns: {columns}); "
                    "write value_column: 累计 to take the year's cumulative column whatever the month"
                ).format(wanted=settings.value_column, file=f"{shown}!{sheet.name}", columns=", ".join(exc.columns))
                raise SciplanError(
                    f"{IMPORT_DIR}/{map_path.name}:{line}:{col}: error[value-column]: {message}"
                ) from None
            if table is not None:
                tables.append((sheet, table))
        if not tables:
            if all(not any(c is not None for r in s.rows for c in r) for s in sheets):
                raise SciplanError(_("{file}: the sheet is empty").format(file=shown))
            raise SciplanError(
                _("{file}: no table of indicators found (no header row naming 指标名称 or 项目)").format(file=shown)
            )
        for _sheet, table in tables:
            problems += table.problems + _period_problems(table, year, month)
            if table.year is not None:
                years.add(table.year)
            stage = settings.stage or table.stage
            if settings.stage is not None:
                stages[(settings.stage, f"{IMPORT_DIR}/{map_path.name}", "")] = None
            elif table.stage is not None:
                stages[(table.stage, table.stage_cell, printable(table.stage_note))] = None
            rows += [
                (r, overrides.get(name_key(r.label), overrides.get(name_key(r.written))), stage) for r in table.rows
            ]
        if not map_path.exists():
            starters[map_path] = starter(name, tables[0][0].name, tables[0][1], settings)
    if year is None:
        if len(years) != 1:
            raise UsageError(
                _("say which year the figures are for (the tables do not say it once)"), code="year-not-said"
            )
        year = years.pop()
    index = _index(catalogue)
    figures: list[recording.Figure] = []
    seen: dict[tuple[str, int | None], str] = {}
    unmatched: list[Unmatched] = []
    months = {r.month for r, _o, _s in rows if r.month is not None}
    main_month = month or (max(months) if months else None)
    growth_checks = []
    for row, override, stage in rows:
        if not row.label:  # a figure in a row without a label (nor a merged label over it)
            unmatched.append(Unmatched("", row.cell))
            continue
        found = {index[k] for k in (name_key(row.label), name_key(row.written)) if k in index}
        if override is not None:
            if override == "":  # rows: {label: null}: not imported, on purpose
                continue
            found |= {override}
        if not found:
            if row.value is not None or row.uncomputed:
                unmatched.append(Unmatched(printable(row.written), row.cell))
            continue
        if len(found) > 1:
            message = _("the row {label!r} names {ids}; keep one (aliases: in targets.yaml, rows: in the mapping)")
            problems.append(
                SheetProblem(
                    row.cell, "import-ambiguous", message.format(label=row.written, ids=", ".join(sorted(found)))
                )
            )
            continue
        ident = found.pop()
        if row.uncomputed:
            message = _(
                "the cell is a formula without its computed result; open the file in Excel or WPS, save it, then import"
            )
            problems.append(SheetProblem(row.cell, "import-formula", message))
            continue
        if row.value is None:
            continue  # not reported: never zero, never written
        # the row's own period (a section one month behind); the table's agrees with --month (checked above)
        figure_month = row.month if row.month is not None else month
        key = (ident, figure_month)
        if key in seen:
            message = _("a second row for {id} (the first is {cell}); keep one, or map one to another indicator")
            if row.merged:
                message = _(
                    "a second figure for {id} under the merged label {merged} (the first is {cell}); unmerge "
                    "the label and name this row, or delete the figure that is not {id}'s"
                )
            duplicate = message.format(id=ident, cell=seen[key], merged=row.merged)
            problems.append(SheetProblem(row.cell, "import-duplicate", duplicate))
            continue
        seen[key] = row.cell
        ind = catalogue.indicators[ident]
        if row.value != 0 and (row.value.adjusted() >= MAX_DIGITS or row.value.adjusted() < -MAX_DECIMALS):
            message = _("{value} is not a figure (at most {digits} digits, {decimals} decimals)").format(
                value=cut(f"{row.value:g}"), digits=MAX_DIGITS, decimals=MAX_DECIMALS
            )
            problems.append(SheetProblem(row.cell, "import-range", message))
            continue
        if row.percent and (row.unit or ind.unit) not in ("%", "％"):  # 0.062 shown as 6.20% in a 亿元 row
            problems.append(SheetProblem(row.cell, "import-unit-conflict", _percent_conflict(row, ind)))
            continue
        if row.scale:  # 650000000 formatted `0.00,,"亿元"` shows 650.00亿元: which is the figure?
            problems.append(SheetProblem(row.cell, "import-unit-conflict", _scale_conflict(row)))
            continue
        if row.format_unit and row.unit and not _same_unit(row.format_unit, row.unit):
            problems.append(SheetProblem(row.cell, "import-unit-conflict", _format_conflict(row)))
            continue
        try:
            # a row that says no unit of its own is in the unit its cells' format shows (`#,##0"万元"`: 62000
            # shows 62000万元, converted exactly to 6.2 亿元); a format against the row's unit is refused above
            value = _convert(row.value, row.unit or row.format_unit, ind.unit)
        except BadValue as exc:
            problems.append(SheetProblem(row.cell, "import-unit", exc.message))
            continue
        if value < 0 and never_negative(ind.unit, ind.name):
            message = _("{value} is negative, but {name} is counted in {unit} and cannot be below zero").format(
                value=format(value, "f"), name=ind.name, unit=ind.unit
            )
            problems.append(SheetProblem(row.cell, "import-negative", message))
            continue
        own = None if figure_month == main_month else figure_month
        figures.append(recording.Figure(ident, value, where=row.cell, month=own, stage=stage))
        if row.growth is not None:
            growth_checks.append((ident, value, figure_month, row))
    if problems:
        raise SheetProblems(problems)
    if not figures:  # an empty sheet must not move as_of nor roll the year's figures over
        raise SciplanError(
            _("{files}: no figure of any indicator in the table (the rows are empty or name no indicator); "
              "nothing written").format(files=_(", ").join(source_name(p) for p in paths))
        )  # fmt: skip
    try:
        changes = recording.plan(root, catalogue, year, figures, main_month)
    except recording.NotWritten as exc:
        cells = {f.ident: f.where for f in figures}
        for n, p in enumerate(exc.problems):  # say which cell each figure came from
            said = next((i for i in cells if re.search(rf"\b{re.escape(i)}\b", p.message)), None)
            if said is not None:
                exc.problems[n] = p._replace(message=f"{p.message} ({_('from')} {cells[said]})")
        raise
    after = changes.project if isinstance(changes.project, ValidProject) else project  # last year, as read
    warnings = [w for check in growth_checks if (w := _growth(after, catalogue, year, *check)) is not None]
    growth_only = _growth_only(after, catalogue, year, growth_checks)
    return Result(changes, unmatched, warnings, starters, year, main_month, tuple(stages), growth_only)


def printable(text: str) -> str:
    """Text from a received file (a row label, a sheet or file name) as it may be echoed: control and
    bidi characters escaped (an ESC sequence in a label would act on the terminal), cut to a line."""
    from sciplan.core.chars import cut
    from sciplan.store.snapshot import shown

    return shown(cut(text.strip(), 60))


def _period_problems(table: Table, year: int | None, month: int | None) -> list[SheetProblem]:
    """--year/--month that contradict what the table says of its own period: an error naming both."""
    problems = []
    if year is not None and table.year is not None and table.year != year and table.year_cell:
        message = _("the table is for {found} (this cell), but --year {year} was given; import it without --year")
        problems.append(SheetProblem(table.year_cell, "import-period", message.format(found=table.year, year=year)))
    inconsistent = any(p.code == "import-period" for p in table.problems)  # title and header disagree: said
    if (
        month is not None
        and table.month is not None
        and table.month != month
        and table.period_cell
        and not inconsistent
    ):
        message = _(
            "the table is for 1–{found}月 (this cell), but --month {month} was given; import it without --month"
        )
        problems.append(
            SheetProblem(table.period_cell, "import-period", message.format(found=table.month, month=month))
        )
    return problems


def _percent_conflict(row: SheetRow, ind: Any) -> str:
    """A figure in a percent number format in a row whose unit is not %: 0.062 formatted 0.00% shows as 6.20%
    in Excel, in a 亿元 row. Is it 6.2 亿元 typed into a cell formatted as %, or 0.062 亿元?"""
    stored = format((row.value or Decimal(0)) / 100, "f")
    if row.unit:
        message = _(
            "which unit is it in? The cell holds {stored} in a percent format ({shown}%), but the row's "
            "unit is {unit}; give the cell a number format without % (or correct the unit), then import"
        )
    else:
        message = _(
            "which unit is it in? The cell holds {stored} in a percent format ({shown}%), but {name} is "
            "counted in {unit}; give the cell a number format without % (or correct the unit), then import"
        )
    return message.format(stored=stored, shown=format(row.value, "f"), unit=row.unit or ind.unit, name=ind.name)


def _same_unit(one: str, other: str) -> bool:
    return one.strip().replace("％", "%") == other.strip().replace("％", "%")


def _scale_conflict(row: SheetRow) -> str:
    """A figure whose number format divides it as shown (`0.00,,`, `0,`): the sheet shows one number and
    holds another, a thousand or a million times larger; sciplan reads neither as the figure by guess."""
    message = _(
        "which figure is it? The cell holds {value}, but its number format shows it divided by {factor} "
        "({shown}{unit}); give the cell a number format that shows the figure it holds, then import"
    )
    value = row.value or Decimal(0)
    factor = 1000**row.scale
    shown = format((value / factor).normalize(), "f")
    return message.format(value=format(value, "f"), factor=factor, shown=shown, unit=row.format_unit)


def _format_conflict(row: SheetRow) -> str:
    """A figure whose number format writes another unit than its row's: 62000 formatted `0"万元"` in a 亿元 row
    shows 62000万元. Is it 6.2 亿元, or 62000 亿元 in a cell formatted for another table? The sheet says both."""
    message = _(
        "which unit is {value} in? The cell's number format shows it as {shown}, but the row's unit is {unit}; "
        "give the cell a number format without a unit (or correct the unit), then import"
    )
    value = format(row.value or Decimal(0), "f")
    return message.format(value=value, shown=f"{value}{row.format_unit}", unit=row.unit)


def _index(catalogue: Catalogue) -> dict[str, str]:
    index: dict[str, str] = {}
    for ident, ind in catalogue.indicators.items():
        for name in (ind.name, *ind.aliases):
            index.setdefault(name_key(name), ident)
            index.setdefault("".join(name_key(name).split()), ident)
    return index


def _convert(value: Decimal, unit: str, to: str) -> Decimal:
    from sciplan.validate.values import convert

    if not unit or unit == to:
        return value
    converted = convert(value, unit, to, f"{format(value, 'f')}{unit}")
    return _plain(converted)


def _plain(value: Decimal) -> Decimal:
    """As many decimals as the value needs, no trailing zeros, never an exponent: 5.8000 -> 5.8, 500 -> 500."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


# Value added (GDP, 规上工业增加值…): the 统计局's 累计增长 is real growth at comparable prices (可比价),
# which the nominal figures of the two years never reproduce: comparing would warn on every sheet.
_REAL_GROWTH = re.compile(r"生产总值|增加值|GDP", re.I)


def _last_years(project: ValidProject, year: int, ident: str, month: int | None) -> Any:
    """Last year's figure of the same period (1–N月), as status compares it; None when the file has none."""
    last = project.years.get(year - 1)
    if last is None or month is None:
        return None
    previous = last.months.get(month, {}).get(ident)
    if previous is None and last.as_of is not None and last.as_of.month == month:
        previous = last.actuals.get(ident)
    if previous is None and month == 12 and last.final:
        previous = last.actuals.get(ident)
    return previous


def _growth_only(
    project: ValidProject, catalogue: Catalogue, year: int, checks: list[tuple[str, Decimal, int | None, SheetRow]]
) -> tuple[tuple[int, str, str], ...]:
    """(month, indicator name, the sheet's growth and its cell) of each flow whose 同比 status cannot show:
    last year's file has no figure of the same period (a stock or ratio falls back on last year's level),
    and the sheet's growth column is not imported (last year's figure is never worked back from it)."""
    out = []
    for ident, _value, month, row in checks:
        ind = catalogue.indicators[ident]
        if ind.kind != "flow" or month is None or row.growth is None:
            continue
        if _last_years(project, year, ident, month) is None:
            out.append((month, ind.name, f"{row.growth:+f}{ind.change_unit}, {row.growth_cell}"))
    return tuple(out)


def _growth(
    project: ValidProject, catalogue: Catalogue, year: int, ident: str, value: Decimal, month: int | None, row: SheetRow
) -> str | None:
    """A warning when the sheet's growth figure disagrees with last year's same period beyond rounding."""
    previous = _last_years(project, year, ident, month)
    if previous is None or previous.value <= 0 or row.growth is None:
        return None
    ind = catalogue.indicators[ident]
    if _REAL_GROWTH.search(ind.name):  # 统计局 gives these at comparable prices: never nominal growth
        return None
    ours = value - previous.value if ind.percent else (value / previous.value - 1) * 100
    if abs(ours - row.growth) <= Decimal("0.15"):
        return None
    message = _(
        "{cell}: the sheet's growth {growth} disagrees with {ours} from last year's {previous} for {name}; "
        "check the row or last year's figure"
    )
    return message.format(
        cell=row.growth_cell, growth=row.growth, ours=f"{ours:.1f}", previous=previous.value, name=ind.name
    )
