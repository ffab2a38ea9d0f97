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

from sciplan.core.i18n import _
from sciplan.report.prose import CATEGORY_WORDS
from sciplan.report.word import FILLS

if TYPE_CHECKING:
    from sciplan.report.facts import Facts

LIGHT_FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE"}
PERCENT = "0.0%"


def number_format(places: int) -> str:
    return "0" if places <= 0 else "0." + "0" * places


def xlsx_bytes(facts: Facts, *, keywords: str) -> bytes:
    """The workbook, written with XlsxWriter: it streams rows several times faster than openpyxl
    (a province's 10,000 trend rows), and Excel and WPS open what it writes as their own."""
    import xlsxwriter

    from sciplan.report.markdown import MARK

    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_urls": False})
    # the comments mark a file sciplan wrote (report/__init__.py tells edited copies by their hash)
    wb.set_properties({"title": f"{facts.region} {facts.year}", "author": "sciplan", "keywords": keywords,
                       "comments": MARK})  # fmt: skip
    formats = _Formats(wb)
    _write(wb.add_worksheet(_("Indicators")), formats, *indicator_sheet(facts))
    _write(wb.add_worksheet(_("Trends")), formats, *trend_sheet(facts))
    if facts.comparisons:
        _write(wb.add_worksheet(_("Peers")), formats, *peer_sheet(facts))
    if facts.plans:
        _write(wb.add_worksheet(_("Plans")), formats, *plan_sheet(facts))
    if facts.units is not None:
        from sciplan.report.subunits import unit_sheet

        _write(wb.add_worksheet(_("Sub-units")), formats, *unit_sheet(facts))
    wb.close()
    return out.getvalue()


# A cell is (value, number format or None, fill colour or None).
Cell = tuple[Any, str | None, str | None]


def _num(x: Fraction | float | None, fmt: str | None) -> Cell:
    return (None if x is None else float(x), fmt, None)


def _pct(x: Fraction | float | None) -> Cell:
    """A percentage as the spreadsheet's own percent: 172.0% is 1.72."""
    return (None if x is None else float(x) / 100, PERCENT, None)


def _points_suffix() -> str:
    """`"pp"` in an English workbook, `"个百分点"` in a Chinese one, as the terminal writes them."""
    return '"' + _("pp") + '"'


def _change(x: Fraction | float | None, unit: str, places: int) -> Cell:
    if unit == "pp":
        return _num(x, number_format(places) + _points_suffix())
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
        headers += [_("Pace status"), _("Completion"), _("序时进度"), _("Pace gap")]
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
                          _pct(p.expected), _num(p.gap, "0.0" + _points_suffix())]  # fmt: skip
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


class _Formats:
    """One cell format per (number format, fill), made once and shared."""

    def __init__(self, wb) -> None:
        self.wb = wb
        self.made: dict[tuple[str | None, str | None], Any] = {}
        self.header = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True,
                                     "bg_color": "#F3F3F3", "border": 1})  # fmt: skip

    def get(self, fmt: str | None, fill: str | None) -> Any:
        key = (fmt, fill)
        if key not in self.made:
            props: dict[str, Any] = {}
            if fmt:
                props["num_format"] = fmt
            if fill:
                props["bg_color"] = "#" + fill
                props["pattern"] = 1
            self.made[key] = self.wb.add_format(props) if props else None
        return self.made[key]


def _write(ws, formats: _Formats, headers: list[str], rows: list[list[Cell]]) -> None:
    widths = [width(h) for h in headers]
    for seen, cells in enumerate(rows):
        for c, (value, _f, _fill) in enumerate(cells):
            widths[c] = max(widths[c], width(value))
        if seen > 2000:  # a sample is enough to size the columns
            break
    for c, w in enumerate(widths):
        ws.set_column(c, c, min(max(w + 2, 6), 60))
    ws.freeze_panes(1, 0)
    if rows:
        ws.autofilter(0, 0, len(rows), len(headers) - 1)
    ws.write_row(0, 0, headers, formats.header)
    write_number, write_string, write_blank = ws.write_number, ws.write_string, ws.write_blank
    for r, cells in enumerate(rows, 1):
        for c, (value, fmt, fill) in enumerate(cells):
            style = formats.get(fmt, fill) if fmt or fill else None
            if value is None:
                if style is not None:
                    write_blank(r, c, None, style)
            elif isinstance(value, str):
                write_string(r, c, value, style)
            else:
                write_number(r, c, value, style)
