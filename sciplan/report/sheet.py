"""The spreadsheet: 指标完成情况, 历年趋势, 对比 (when peers report), 计划 (when plans exist).

Numbers are numeric cells with number formats (never text): values with the indicator's
decimals, 完成率 and 同比 as percentages (172.0% is the number 1.72), changes in percentage points
as numbers formatted `0.00"pp"`. Statuses are words with a fill (nothing depends on colour),
flags are columns, the header row is frozen, and widths fit Chinese text (two columns a character).
"""

from __future__ import annotations

import io
import unicodedata
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from sciplan.i18n import _
from sciplan.report.prose import CATEGORY_WORDS
from sciplan.report.word import FILLS

if TYPE_CHECKING:
    from sciplan.report.facts import Facts

LIGHT_FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE"}
PERCENT = "0.0%"


def number_format(places: int) -> str:
    return "0" if places <= 0 else "0." + "0" * places


def xlsx_bytes(facts: Facts, *, keywords: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.properties.creator = "sciplan"
    wb.properties.keywords = keywords
    wb.properties.title = facts.region + " " + str(facts.year)
    from sciplan.report.markdown import MARK

    wb.properties.description = MARK  # how sciplan recognises a file it wrote (report/output.py)
    ws = wb.active
    ws.title = _("Indicators")
    _write(ws, *indicator_sheet(facts))
    _write(wb.create_sheet(_("Trends")), *trend_sheet(facts))
    if facts.comparisons:
        _write(wb.create_sheet(_("Peers")), *peer_sheet(facts))
    if facts.plans:
        _write(wb.create_sheet(_("Plans")), *plan_sheet(facts))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# A cell is (value, number format or None, fill colour or None).
Cell = tuple[Any, str | None, str | None]


def _num(x: Fraction | float | None, fmt: str | None) -> Cell:
    return (None if x is None else float(x), fmt, None)


def _pct(x: Fraction | float | None) -> Cell:
    """A percentage as the spreadsheet's own percent: 172.0% is 1.72."""
    return (None if x is None else float(x) / 100, PERCENT, None)


def _change(x: Fraction | float | None, unit: str, places: int) -> Cell:
    if unit == "pp":
        return _num(x, number_format(places) + '"pp"')
    return _pct(x)


def _flag(on: bool | None) -> Cell:
    return (_("yes") if on else None, None, None)


def _text(x: Any, fill: str | None = None) -> Cell:
    return (x, None, fill)


def _status(row: Any) -> Cell:
    from sciplan.views.words import STATUS_WORDS

    return _text(_(STATUS_WORDS[row.status]), FILLS.get(row.status))


def _result_cells(row: Any) -> list[Cell]:
    places = number_format(row.decimals)
    target = row.target
    return [
        _text(target.text if target else None),
        _num(target.value if target else None, places),
        _num(row.actual, places),
        _pct(row.attainment),
        _num(row.gap, places),
        _change(row.yoy, row.yoy_unit, row.decimals),
        _status(row),
        _flag(row.estimated),
        _flag(row.approximate),
        _flag(row.derived),
        _flag(row.stretch_met),
    ]


def _result_headers() -> list[str]:
    return [_("Target"), _("Threshold"), _("Actual"), _("Attainment"), _("Gap"), _("YoY"), _("Status"),
            _("Estimated"), _("Approximate"), _("Computed"), _("Stretch met")]  # fmt: skip


def indicator_sheet(facts: Facts) -> tuple[list[str], list[list[Cell]]]:
    headers = [_("No."), _("Indicator"), "id", _("Unit"), *_result_headers()]
    paced = facts.elapsed is not None
    if paced:
        headers += [_("Pace"), _("Completion"), _("序时进度"), _("Pace gap")]
    rows = []
    for i, row in enumerate(facts.targeted, 1):
        cells = [_num(i, "0"), _text(row.name), _text(row.id), _text(row.unit), *_result_cells(row)]
        if paced:
            p = row.pace
            if p is None:
                cells += [_text(None)] * 4
            else:
                from sciplan.views.words import LIGHT_WORDS

                cells += [_text(_(LIGHT_WORDS[p.light]), LIGHT_FILLS[p.light]), _pct(p.completion),
                          _pct(p.expected), _num(p.gap, '0.0"pp"')]  # fmt: skip
        rows.append(cells)
    return headers, rows


def trend_sheet(facts: Facts) -> tuple[list[str], list[list[Cell]]]:
    headers = [_("Indicator"), "id", _("Unit"), _("Year"), *_result_headers()]
    rows = []
    for line in facts.trends:
        for row in line.rows:
            rows.append([_text(line.name), _text(line.id), _text(line.unit), _num(row.year, "0"), *_result_cells(row)])
    return headers, rows


def peer_sheet(facts: Facts) -> tuple[list[str], list[list[Cell]]]:
    headers = [_("Indicator"), "id", _("Unit"), _("Year"), _("Region"), _("Own region"), _("Value"), _("Rank"),
               _("YoY"), _("Annual growth"), _("Years")]  # fmt: skip
    rows = []
    for c in facts.comparisons:
        ind = c.indicator
        places = 2 if ind.decimals is None else ind.decimals
        for r in c.rows:
            rows.append([
                _text(ind.name), _text(ind.id), _text(ind.unit), _num(c.year, "0"), _text(r.region), _flag(r.self),
                _num(r.value, number_format(places)), _num(r.rank, "0"), _change(r.yoy, c.rate_unit, places),
                _change(r.cagr, c.rate_unit, 2), _num(c.years, "0"),
            ])  # fmt: skip
    return headers, rows


def plan_sheet(facts: Facts) -> tuple[list[str], list[list[Cell]]]:
    headers = [_("Plan"), _("Indicator"), "id", _("Unit"), _("Baseline year"), _("Baseline"), _("Latest year"),
               _("Latest"), _("End target"), _("Threshold"), _("Progress"), _("Expected"), _("Observed rate"),
               _("Required rate"), _("Ratio"), _("Assessment"), _("Projected")]  # fmt: skip
    rows = []
    for p in facts.plans:
        for r in p.rows:
            ind = r.indicator
            fmt = number_format(2 if ind.decimals is None else ind.decimals)
            rows.append([
                _text(p.plan.name), _text(ind.name), _text(ind.id), _text(ind.unit), _num(p.plan.baseline, "0"),
                _num(r.baseline_value, fmt), _num(r.latest_year, "0"), _num(r.latest_value, fmt),
                _text(r.entry.target.text.strip()), _num(r.resolved.value if r.resolved else None, fmt),
                _pct(r.progress), _pct(r.expected), _change(r.observed_rate, r.rate_unit, 2),
                _change(r.required_rate, r.rate_unit, 2), _num(r.ratio, "0.000"),
                _text(_(CATEGORY_WORDS[r.category]), FILLS.get(r.category)), _num(r.projected, fmt),
            ])  # fmt: skip
    return headers, rows


def width(value: Any) -> int:
    """Display columns: a Chinese character takes two."""
    if value is None:
        return 0
    text = value if isinstance(value, str) else f"{value:.2f}" if isinstance(value, float) else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _write(ws, headers: list[str], rows: list[list[Cell]]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold, centre = Font(bold=True), Alignment(horizontal="center", vertical="center", wrap_text=True)
    fills: dict[str, PatternFill] = {}
    ws.append(headers)
    for cell in ws[1]:
        cell.font, cell.alignment = bold, centre
    widths = [width(h) for h in headers]
    for r, cells in enumerate(rows, 2):
        ws.append([value for value, _f, _fill in cells])
        for c, (value, fmt, fill) in enumerate(cells, 1):
            if fmt is None and fill is None:
                continue
            cell = ws.cell(row=r, column=c)
            if fmt and value is not None:
                cell.number_format = fmt
            if fill:
                cell.fill = fills.setdefault(fill, PatternFill("solid", start_color=fill, end_color=fill))
        for c, (value, _f, _fill) in enumerate(cells):
            widths[c] = max(widths[c], width(value))
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = min(max(w + 2, 6), 60)
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
