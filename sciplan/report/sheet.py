"""The spreadsheet: 指标完成情况, 历年趋势, 对比 (when peers report), 计划 (when plans exist).

Made for the 市局: every sheet opens with the report's title and what the figures cover (截至2022年
9月30日), then Chinese headers (the indicator id, for machines, last and hidden); a year under way
writes the period of each figure (2022年1–9月, 2022年9月末) beside it. Numbers are numeric cells with
number formats (never text): values with the indicator's decimals, 完成率 and 同比 as percentages
(172.0% is the number 1.72), changes in percentage points as numbers formatted `0.00"pp"`. A rank
target (列全市第1) is words, never a number. Statuses are words with a fill (nothing depends on
colour), flags are columns, the header row is frozen and repeated on every printed page, and each
sheet prints on A4, one page wide (landscape when wide). Widths fit Chinese text.
"""

from __future__ import annotations

import io
import unicodedata
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from sciplan.core.i18n import N_, _, language
from sciplan.core.numbers import change_places, pace_places, visible_places
from sciplan.report.cells import WORKBOOK_OPTIONS, sheet_number
from sciplan.report.digits import indicator_places, threshold_places
from sciplan.report.outline import plan_target
from sciplan.report.prose import CATEGORY_WORDS, goal_places, period_words
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
    wb = xlsxwriter.Workbook(out, WORKBOOK_OPTIONS)
    # the comments mark a file sciplan wrote (report/__init__.py tells edited copies by their hash)
    wb.set_properties({"title": f"{facts.region} {facts.year}", "author": "sciplan", "keywords": keywords,
                       "comments": MARK})  # fmt: skip
    formats = _Formats(wb)
    heading = sheet_heading(facts)
    from sciplan.report.outline import indicator_table

    notes = [sheet_note(n) for n in indicator_table(facts).notes]  # the Word table's 表注 below the rows
    sheets = [(_("Indicators"), indicator_sheet(facts)), (_("Trends"), trend_sheet(facts))]
    if facts.comparisons:
        sheets.append((_("Peers"), peer_sheet(facts)))
    if facts.plans:
        sheets.append((_("Plans"), plan_sheet(facts)))
    if facts.units is not None:
        from sciplan.report.subunits import unit_sheet

        sheets.append((_("Sub-units"), unit_sheet(facts)))
    for n, (name, (headers, rows)) in enumerate(sheets):
        # the first sheet is the report's own table: its title needs no second name (…完成情况（指标完成情况）)
        titled = heading[0] if n == 0 else heading[0] + (f"（{name}）" if language() == "zh" else f" ({name})")
        _write(wb.add_worksheet(name), formats, headers, rows, (titled, heading[1]), notes if n == 0 else [])
    wb.close()
    return out.getvalue()


def sheet_heading(facts: Facts) -> tuple[str, str]:
    """The title row and the period row every sheet opens with."""
    from sciplan.report.outline import subtitle, title

    return title(facts), subtitle(facts)


# A cell is (value, number format or None, fill colour or None).
Cell = tuple[Any, str | None, str | None]


def _num(x: Fraction | int | None, fmt: str | None) -> Cell:
    return (sheet_number(x), fmt, None)


def _pct(x: Fraction | None, places: int = 1) -> Cell:
    """A percentage as the spreadsheet's own percent: 172.0% is 1.72; with `places` decimals, more
    where a percentage that is not zero would read 0.0% (`visible_places`)."""
    if x is None:
        return (None, PERCENT, None)
    places = visible_places(x, places)
    return (sheet_number(x / 100), number_format(places) + "%", None)


def _points_suffix() -> str:
    """`"pp"` in an English workbook, `"个百分点"` in a Chinese one, as the terminal writes them."""
    return '"' + _("pp") + '"'


def _change(x: Fraction | None, unit: str, places: int) -> Cell:
    """A change as the tables write it (views.words.change_text): in pp with `places` decimals, in %
    with one, each widened so that a change that is not zero never reads 0 (`+0.0000000000001`)."""
    if unit == "pp":
        return _num(x, number_format(places if x is None else visible_places(x, places)) + _points_suffix())
    return _pct(x, change_places(x, 1))


def _gap(row: Any) -> Cell:
    """The gap to the threshold with the decimals the status table gives it (`fmt_points` for a ratio,
    `fmt_gap` for an amount): never a zero for a target missed by less than the row's decimals."""
    x = row.gap
    if x is None:
        return _num(x, number_format(row.decimals))
    places = visible_places(x, row.decimals) if row.unit == "%" else change_places(x, row.decimals)
    return _num(x, number_format(places))


def _printed_places(text: str | None, fallback: int = 1) -> int:
    """The decimals of a printed percentage (`99.999999999999%` has 12): the workbook's attainment
    takes the digits the tables print, so it never reads 100.0% beside 接近."""
    digits = (text or "").rstrip("%").partition(".")[2]
    return len(digits) if digits.isdigit() else fallback


def _flag(on: bool | None) -> Cell:
    return (_("yes") if on else None, None, None)


def _text(x: Any, fill: str | None = None) -> Cell:
    return (x, None, fill)


def status_cell(row: Any) -> Cell:
    """The status in words with its fill (完成 / 接近 / 未完成 / 待报 / 未设目标), never a mark."""
    from sciplan.views.words import STATUS_WORDS

    return _text(_(STATUS_WORDS[row.status]), FILLS.get(row.status))


def _result_cells(row: Any, rank_target: bool = False) -> list[Cell]:
    places = number_format(row.decimals)
    target = row.target
    if rank_target:  # 列全市第1: a position in words, never a value to sum or chart
        threshold = _text(row.shown.get("target.text"))
    else:  # with the digits that give the printed attainment (259.6 beside 50.5%, never 260)
        threshold = _num(target.value if target else None, number_format(goal_places(row)))
    return [
        _text(row.shown.get("target.text") if target else None),  # ≥ 2.90, as the Word table writes it
        threshold,
        _num(row.actual, places),
        _pct(row.attainment, _printed_places(row.shown.get("attainment"))),
        _gap(row),
        _change(row.yoy, row.yoy_unit, row.decimals),
        status_cell(row),
        _flag(row.estimated),
        _flag(row.approximate),
        _flag(row.derived),
        _flag(row.stretch_met),
    ]


def _result_headers() -> list[str]:
    return [_("Target"), _("Threshold"), _("Actual"), _("Attainment"), _("Gap"), _("YoY"), _("Status"),
            _("Estimated"), _("Approximate"), _("Computed"), _("Stretch met")]  # fmt: skip


ID = N_("indicator id")  # the header of the hidden last column (for machines: the id of targets.yaml)


def _period(row: Any) -> Cell:
    return _text(period_words(row.period) if row.period else None)


def sheet_note(note: str) -> str:
    """A 表注 of the Word table as the workbook says it: no cell there carries * † ≈ ‡ (the sheet gives
    预计数, 推算数, 约数 and 应完成比例 as columns), so a note never points at a mark (documents trial 4)."""
    if note.startswith("‡"):
        return _("Expected share: of the year's target, by 序时进度, or by the indicator's schedule (profile).")
    for mark in ("* ", "† ", "≈ "):
        if note.startswith(mark):
            return note[len(mark) :]
    return note


def indicator_sheet(facts: Facts) -> tuple[list[str], list[list[Cell]]]:
    headers = [_("No."), _("Indicator"), _("Unit"), _("Period"), *_result_headers()]
    paced = facts.elapsed is not None
    if paced:
        headers += [_("Pace status"), _("Completion"), _("Expected share"), _("Pace gap")]
    headers.append(_(ID))
    rows = []
    for i, row in enumerate(facts.targeted, 1):
        cells = [_num(i, "0"), _text(row.name), _text(row.unit), _period(row),
                 *_result_cells(row, row.id in facts.rank_targets)]  # fmt: skip
        if paced:
            p = row.pace
            if p is None:
                cells += [_text(None)] * 4
            else:
                from sciplan.views.words import LIGHT_WORDS

                gap = number_format(pace_places(p.gap)) + _points_suffix()  # +0.8, as the Word table writes it
                cells += [_text(_(LIGHT_WORDS[p.light]), LIGHT_FILLS[p.light]), _pct(p.completion),
                          _pct(p.expected), _num(p.gap, gap)]  # fmt: skip
        cells.append(_text(row.id))
        rows.append(cells)
    return headers, rows


def trend_sheet(facts: Facts) -> tuple[list[str], list[list[Cell]]]:
    headers = [_("Indicator"), _("Unit"), _("Year"), _("Period"), *_result_headers(), _(ID)]
    rows = []
    for line in facts.trends:
        for row in line.rows:
            rows.append([_text(line.name), _text(line.unit), _num(row.year, "0"), _period(row),
                         *_result_cells(row, row.year in line.rank_years), _text(line.id)])  # fmt: skip
    return headers, rows


def peer_sheet(facts: Facts) -> tuple[list[str], list[list[Cell]]]:
    headers = [_("Indicator"), _("Unit"), _("Year"), _("Period"), _("Region"), _("Own region"), _("Value"),
               _("Rank"), _("YoY"), _("Annual growth"), _("Years"), _(ID)]  # fmt: skip
    rows = []
    for c in facts.comparisons:
        ind = c.indicator
        places = 2 if ind.decimals is None else ind.decimals
        covers = period_words(c.partial.text(ind.kind)) if c.partial else period_words(str(c.year))
        for r in c.rows:
            rows.append([
                _text(ind.name), _text(ind.unit), _num(c.year, "0"), _text(covers), _text(r.region), _flag(r.self),
                _num(r.value, number_format(places)), _num(r.rank, "0"), _change(r.yoy, c.rate_unit, places),
                _change(r.cagr, c.rate_unit, places), _num(c.years, "0"), _text(ind.id),
            ])  # fmt: skip
    return headers, rows


def plan_sheet(facts: Facts) -> tuple[list[str], list[list[Cell]]]:
    headers = [_("Plan"), _("Indicator"), _("Unit"), _("Baseline year"), _("Baseline"), _("Latest year"),
               _("Latest"), _("End target"), _("Threshold"), _("Progress"), _("Expected"), _("Observed rate"),
               _("Required rate from baseline"), _("Required rate from latest"), _("Ratio"), _("Assessment"),
               _("Projected"), _(ID)]  # fmt: skip
    rows = []
    for p in facts.plans:
        for r in p.rows:
            ind = r.indicator
            places = indicator_places(ind)
            fmt = number_format(places)
            rank = r.entry.target.kind == "rank"
            threshold = r.resolved.value if r.resolved and not rank else None
            at = number_format(threshold_places(threshold, r.resolved.op, places, ind.unit)) if r.resolved else fmt
            rows.append([
                _text(p.plan.name), _text(ind.name), _text(ind.unit), _num(p.plan.baseline, "0"),
                _num(r.baseline_value, fmt), _num(r.latest_year, "0"), _num(r.latest_value, fmt),
                _text(plan_target(r, places)), _num(threshold, at),  # ≥ 3.00 beside 3.00, as section 四
                _pct(r.progress), _pct(r.expected), _change(r.observed_rate, r.rate_unit, places),
                _change(r.required_rate, r.rate_unit, places), _change(r.needed_rate, r.rate_unit, places),
                _num(r.ratio, "0.000"),
                _text(_(CATEGORY_WORDS[r.category]), FILLS.get(r.category)), _num(r.projected, fmt), _text(ind.id),
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
        self.title = wb.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
        self.period = wb.add_format({"align": "center", "font_color": "#555555"})

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


TOP = 3  # rows above the data: the title, the period, the header row
WIDE = 110  # display columns beyond which a sheet prints landscape (A4 portrait holds about 95)


def _write(
    ws, formats: _Formats, headers: list[str], rows: list[list[Cell]], heading: tuple[str, str], notes: list[str]
) -> None:
    widths = [width(h) for h in headers]
    for seen, cells in enumerate(rows):
        for c, (value, _f, _fill) in enumerate(cells):
            widths[c] = max(widths[c], width(value))
        if seen > 2000:  # a sample is enough to size the columns
            break
    last = len(headers) - 1
    for c, w in enumerate(widths):
        hidden = c == last and headers[c] == _(ID)
        ws.set_column(c, c, min(max(w + 2, 6), 60), None, {"hidden": True} if hidden else {})
    title, period = heading
    ws.merge_range(0, 0, 0, max(last - 1, 0), title, formats.title) if last > 0 else ws.write(0, 0, title)
    ws.merge_range(1, 0, 1, max(last - 1, 0), period, formats.period) if last > 0 else ws.write(1, 0, period)
    ws.set_row(0, 24)
    ws.freeze_panes(TOP, 0)
    if rows:
        ws.autofilter(TOP - 1, 0, TOP - 1 + len(rows), last)
    ws.write_row(TOP - 1, 0, headers, formats.header)
    # print set-up for the 市局: A4, one page wide, the header row on every page, landscape when wide
    ws.set_paper(9)
    shown = sum(min(max(w + 2, 6), 60) for w in widths[:last])
    if shown > WIDE:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(TOP - 1)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.set_footer("&C" + _("page &P of &N"))
    ws.center_horizontally()
    write_number, write_string, write_blank = ws.write_number, ws.write_string, ws.write_blank
    for r, cells in enumerate(rows, TOP):
        for c, (value, fmt, fill) in enumerate(cells):
            style = formats.get(fmt, fill) if fmt or fill else None
            if value is None:
                if style is not None:
                    write_blank(r, c, None, style)
            elif isinstance(value, str):
                write_string(r, c, value, style)
            else:
                write_number(r, c, value, style)
    for r, note in enumerate(notes, TOP + len(rows) + 1):  # a blank row, then the notes, as under the Word table
        write_string(r, 0, note)
