"""A 统计局 monthly table (月报/快报) read as the bureau lays it out: a title (`2023年1-6月主要经济指标`), a
one- or two-row header (`指标名称 | 6月 | 1-6月累计 | 累计增长%`, merged cells), section rows (`五、规模以上
工业`), `#` rows (其中: a part of the row above), footnotes (`注：…`), units in the row label (`(亿元)`), a
计量单位 column or a header note (`单位：万元`), missing tokens (`——`, `/`, `…`, blank: not reported, never
zero), a section one month behind the rest under its own header row, and `1-2月` as month 2.

`rows(sheet, layout)` gives each row that holds a figure: its label, unit, value (exact Decimal, or None when
not reported), month, the cell it came from, and the sheet's growth figure when there is one. A value that
is text is a located error (`SheetProblem`), never read as zero."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, NamedTuple

from sciplan.core.chars import cut
from sciplan.core.i18n import _
from sciplan.load.sheets import Sheet, cell_name
from sciplan.validate.sheetcells import merged_figure, norm, twin_columns, twin_message
from sciplan.validate.sheetcells import number as _number
from sciplan.validate.sheetcells import refused as _refused

MISSING = frozenset({"", "——", "—", "--", "-", "/", "／", "…", "……", "...", "x", "X", "－", "—-", "空", "无"})
_RANGE = re.compile(r"(?:^|[^\d])1\s*[-—–~～至]\s*(\d{1,2})\s*月")
_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s*月")
_YEAR = re.compile(r"(\d{4})\s*年")
_DAY = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日")  # a date (7月15日), not a period
_UNIT_NOTE = re.compile(r"(?:计量)?单位\s*[:：]\s*([^\s,，;；)）]+)")
_LABEL_UNIT = re.compile(r"\s*[(（]\s*([^()（）]{1,8})\s*[)）]\s*$")
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．])\s*")
_FOOTNOTE = re.compile(r"^\s*(?:注|说明|备注|资料来源|数据来源)\s*[0-9０-９]*\s*[:：]")
_SECTION = re.compile(r"^\s*[一二三四五六七八九十]+、")
# the stage a footnote says the figures are at (本表数据为快报数): the word, then 数/数据/值, or after 为/系/是
_STAGE_WORD = re.compile(r"(快报|预计|初步核算|初步|年报|公报)(数据|数|值)?")
_REVISED_BY = re.compile(r"以[^，,。；;]*?为准")  # 以年报为准: what the figures will be revised to, not their stage
STAGE_OF_WORD = {"快报": "快报", "初步核算": "快报", "初步": "快报", "预计": "预计", "年报": "年报", "公报": "公报"}


CUMULATIVE = "累计"  # value_column naming the column by its role: the year so far, whatever the month


class MissingColumn(Exception):
    """The mapping's value_column names no column of the sheet."""

    def __init__(self, columns: list[str]):
        super().__init__(columns)
        self.columns = columns


class Layout(NamedTuple):
    """What a mapping file (import/<name>.yaml) may fix instead of guessing."""

    sheet: str | None = None
    header_row: int | None = None  # 1-based
    value_column: str | None = None  # a header text, e.g. 累计 or 1-6月累计
    scale: str | None = None  # the unit of every figure without one of its own, e.g. 万元
    missing: tuple[str, ...] = ()
    stage: str | None = None  # the figures' stage (预计/快报/年报/公报), whatever a footnote says


class SheetRow(NamedTuple):
    label: str  # the row's label, without numbering, `#`, 其中 or its unit
    written: str  # the label as written
    unit: str  # as the row, its 计量单位 or the header note says; "" when none does
    value: Decimal | None  # None: not reported
    month: int | None
    cell: str  # e.g. 月报!C7
    growth: Decimal | None  # the sheet's own 增长% beside the value
    growth_cell: str
    uncomputed: bool = False  # the cell is a formula the file keeps no result of (value None)
    merged: str = ""  # the merged label cell (A3:A4) the row's label is read from, when its own is covered
    percent: bool = False  # the figure's cell is in a percent number format (0.062 shown as 6.20%, read as 6.2)
    format_unit: str = ""  # the unit the figure's number format writes beside it (`0"万元"`: 万元)
    scale: int = 0  # the thousands its number format divides it by as shown (`0.00,,`: 2)


class SheetProblem(NamedTuple):
    cell: str
    code: str
    message: str


class Table(NamedTuple):
    year: int | None
    month: int | None
    rows: list[SheetRow]
    problems: list[SheetProblem]
    header_row: int  # 1-based
    value_header: str
    period_cell: str = ""  # where the table says its month: the title's cell, or the value column's header
    year_cell: str = ""  # where the title says the year
    stage: str | None = None  # 快报, 预计, 年报, 公报: as a footnote says (注：本表数据为快报数，以年报为准)
    stage_cell: str = ""  # the footnote's cell
    stage_note: str = ""  # the footnote's text


def read(sheet: Sheet, layout: Layout, where: str) -> Table | None:
    """The figures of a sheet, or None when it holds no table of indicators (an empty sheet, a cover)."""
    rows = sheet.rows
    header = _header_row(rows, layout)
    if header is None:
        return None
    label_col = next((c for c, v in enumerate(rows[header]) if re.search(r"指标|项目|名称", norm(v))), 0)
    two = header + 1 < len(rows) and _is_header_continuation(rows[header + 1], label_col)
    labels = _column_labels(sheet, header, two)
    title = " ".join(norm(c) for r in rows[:header] for c in r if c is not None)
    year_m = _YEAR.search(title)
    year = int(year_m.group(1)) if year_m else None
    title_month = _month_of(_DAY.sub("", title))  # 制表日期：2023年7月15日 is no period
    above = [(r, c) for r in range(header) for c, v in enumerate(rows[r]) if v is not None and norm(v)]
    title_at = next(
        ((r, c) for r, c in above if _month_of(_DAY.sub("", norm(rows[r][c])))), above[0] if above else None
    )
    title_cell = f"{where}!{cell_name(*title_at)}" if title_at else ""
    note_unit = _note_unit(title + " " + " ".join(labels))
    unit_col = next((c for c, t in enumerate(labels) if t.endswith("计量单位") or t in ("单位", "计量单位")), None)
    value_col, growth_col = _value_columns(labels, label_col, unit_col, layout)
    if value_col is None:
        return None
    header_month = _month_of(labels[value_col])
    months = {value_col: header_month or title_month}
    out: list[SheetRow] = []
    problems: list[SheetProblem] = []
    header_cell = f"{where}!{cell_name(header + 1 if two else header, value_col)}"
    if title_month is not None and header_month is not None and title_month != header_month:
        message = _(
            "the column read, {header!r}, is for 1–{month}月 but the title {title!r} ({cell}) says 1–{title_month}月; "
            "correct whichever is wrong, then import"
        ).format(
            header=labels[value_col].replace("|", " "),
            month=header_month,
            title=cut(str(rows[title_at[0]][title_at[1]]).strip()) if title_at else "",
            cell=title_cell.rsplit("!", 1)[-1],
            title_month=title_month,
        )
        problems.append(SheetProblem(header_cell, "import-period", message))
    twins, twin_span = twin_columns(sheet, labels, value_col, header, (label_col, unit_col, growth_col))
    start = header + (2 if two else 1)
    notes: list[tuple[str, int, int, str]] = []  # (stage, row, column, text) of each footnote naming one
    in_notes = False
    for r in range(start, len(rows)):
        row = rows[r]
        written = row[label_col]
        text = norm(written)
        numbers = [c for c in row if _number(c) is not None]
        if _FOOTNOTE.match(text) or (in_notes and not numbers):  # 注：… and the lines of the note after it
            in_notes = True
            said = [(c, str(v).strip()) for c, v in enumerate(row) if v is not None and norm(v)]
            note = " ".join(t for _c, t in said)
            notes += [(stage, r, said[0][0], note) for stage in stages_said(note)]
            if _FOOTNOTE.match(text):
                continue
        if not numbers:
            own = _month_of(norm(row[value_col]))
            if own is not None:  # a section's own header row (5月 | 1-5月累计): its period
                months[value_col] = own
                continue
        merged, label_at = "", (r, label_col)
        if not text:
            span = next((m for m in sheet.merged if m[0] < r <= m[2] and m[1] <= label_col <= m[3]), None)
            if span is not None:  # a label merged over several rows (A3:A4): each row's figure is that label's
                label_at, merged = (span[0], span[1]), f"{cell_name(span[0], span[1])}:{cell_name(span[2], span[3])}"
                written = rows[span[0]][span[1]]
                text = norm(written)
            elif _number(row[value_col]) is None:
                continue
            # else a figure in a row without a label: listed as not imported, never dropped unsaid
        spread = None  # a figure (not a missing mark) merged down over other rows
        if sheet.merged and _number(row[value_col]) is not None:
            spread = merged_figure(sheet, r, value_col, label_col, where)
        if spread is not None:  # one figure merged down over two indicators' rows (C3:C4): whose is it?
            problems.append(SheetProblem(spread[0], "import-merged", spread[1]))
            continue
        raw = row[value_col]
        raw_text = norm(raw) if not isinstance(raw, (int, float)) else None
        uncomputed = raw is None and (r, value_col) in sheet.uncomputed
        if raw_text is not None and (raw_text in MISSING or raw_text in layout.missing):
            if _SECTION.match(text) and not numbers and not uncomputed:
                continue  # a section row: no figure
            value = None
        else:
            value = _number(raw)
            if value is None and isinstance(raw, float):  # NaN or INF in the sheet's XML (no spreadsheet writes it)
                message = _("{value!r} is not a number; type the figure, save, then import")
                cell = f"{where}!{cell_name(r, value_col)}"
                problems.append(SheetProblem(cell, "import-text", message.format(value=str(raw))))
                continue
            if value is None:
                message = _("{value!r} is text, not a figure; write a number, or a missing mark such as —— if none")
                cell = f"{where}!{cell_name(r, value_col)}"
                why = _refused(raw)  # a number, but one no figure is (too large, more digits than Excel keeps)
                kind, told = ("import-range", why) if why else ("import-text", message.format(value=str(raw)))
                problems.append(SheetProblem(cell, kind, told))
                continue
        second = next((c for c in twins if value is not None and _number(row[c]) is not None), None)
        if second is not None:  # 1-10月 merged over C2:D2, 6.2 and 7.7 under it: which is the 1-10月 figure?
            told = twin_message(labels[value_col].split("|")[0], twin_span, f"{where}!{cell_name(r, value_col)}")
            problems.append(SheetProblem(f"{where}!{cell_name(r, second)}", "import-duplicate", told))
            continue
        label, unit = _label("" if written is None else str(written))
        column_unit = norm(row[unit_col]) if unit_col is not None else ""
        if unit and column_unit and unit != column_unit and value is not None:  # 技术合同成交额(万元) | 亿元
            message = _(
                "which unit is {value} in? The label {label_cell} says {unit}, the 计量单位 {unit_cell} says "
                "{column_unit}; correct the one that is wrong, then import"
            ).format(
                value=format(value, "f"),
                label_cell=cell_name(*label_at),
                unit=unit,
                unit_cell=cell_name(r, unit_col or 0),
                column_unit=column_unit,
            )
            problems.append(SheetProblem(f"{where}!{cell_name(r, value_col)}", "import-unit-conflict", message))
            continue
        unit = unit or column_unit or note_unit or (layout.scale or "")
        growth = _number(row[growth_col]) if growth_col is not None else None
        out.append(
            SheetRow(
                label,
                "" if written is None else str(written).strip(),
                unit,
                value,
                months[value_col],
                f"{where}!{cell_name(r, value_col)}",
                growth,
                f"{where}!{cell_name(r, growth_col)}" if growth_col is not None else "",
                uncomputed,
                merged,
                (r, value_col) in sheet.percent,
                sheet.units.get((r, value_col), ""),
                sheet.scales.get((r, value_col), 0),
            )
        )
    month = title_month or months[value_col]
    period = title_cell if title_month is not None else header_cell if header_month is not None else ""
    stage, stage_cell, stage_note = None, "", ""
    if notes and layout.stage is None:
        if len({n[0] for n in notes}) > 1:
            message = _(
                "the footnotes say the figures are {stages}; write the stage in the mapping file (stage: 快报), "
                "then import"
            ).format(stages=_(", ").join(dict.fromkeys(n[0] for n in notes)))
            other = next(n for n in notes if n[0] != notes[0][0])
            problems.append(SheetProblem(f"{where}!{cell_name(other[1], other[2])}", "import-stage", message))
        else:
            stage, stage_cell, stage_note = notes[0][0], f"{where}!{cell_name(notes[0][1], notes[0][2])}", notes[0][3]
    return Table(
        year, month, out, problems, header + 1, labels[value_col], period, title_cell if year_m else "",
        stage, stage_cell, stage_note,
    )  # fmt: skip


def stages_said(text: str) -> list[str]:
    """The stages a footnote says the table's figures are at, as the 统计局 writes it: `本表数据为快报数，以年报
    为准` -> [快报] (the 年报 they will be revised to is not their stage); 初步核算数 is a 快报."""
    found: dict[str, None] = {}
    for clause in re.split(r"[，,。；;]", _REVISED_BY.sub("", norm(text))):
        if _OTHER_PERIOD.search(clause):  # 上年同期数据为年报数: another period's stage, not this table's
            continue
        for m in _STAGE_WORD.finditer(clause):
            before = clause[: m.start()]
            if _DENIED.search(before[-3:]):  # 不是预计数, 并非快报, 非预计数
                continue
            if m.group(2) or before.endswith(("为", "系", "是", "属")):
                found[STAGE_OF_WORD[m.group(1)]] = None
    return list(found)


_OTHER_PERIOD = re.compile(r"上年|去年|上月|同期|往年|历年|以前年度")
_DENIED = re.compile(r"[不非未无]")


def _header_row(rows: list[list[Any]], layout: Layout) -> int | None:
    if layout.header_row is not None:
        return layout.header_row - 1 if 0 < layout.header_row <= len(rows) else None
    for r, row in enumerate(rows[:30]):
        cells = [norm(c) for c in row[:3]]
        if any(c in ("指标", "指标名称", "项目", "名称", "指标名", "项目名称") or c.startswith("指标") for c in cells):
            return r
    return None


def _is_header_continuation(row: list[Any], label_col: int) -> bool:
    if any(isinstance(c, (int, float)) and not isinstance(c, bool) for c in row):
        return False
    texts = [norm(c) for c in row]
    if texts[label_col]:
        return False
    return any(re.search(r"绝对|增长|增速|%|累计|本月|当月|同期|数值|金额|比重|单位|月", t) for t in texts)


def _column_labels(sheet: Sheet, header: int, two: bool) -> list[str]:
    rows = sheet.rows
    width = len(rows[header])
    top = [norm(c) for c in rows[header]]
    for r0, c0, r1, c1 in sheet.merged:  # a merged header cell names every column it spans
        if r0 <= header <= r1:
            for c in range(c0, min(c1, width - 1) + 1):
                top[c] = norm(rows[r0][c0])
    if two:
        bottom = [norm(c) for c in rows[header + 1]]
        if not sheet.merged:  # no merge information (.ods, .csv): an empty top cell continues the one on its left
            for c in range(1, width):
                if not top[c] and bottom[c] and top[c - 1]:
                    top[c] = top[c - 1]
        return [t + ("|" + b if b and b != t else "") for t, b in zip(top, bottom, strict=True)]
    return top


def _value_columns(
    labels: list[str], label_col: int, unit_col: int | None, layout: Layout
) -> tuple[int | None, int | None]:
    candidates = [c for c in range(len(labels)) if c not in (label_col, unit_col) and labels[c]]
    growth = [c for c in candidates if re.search(r"增长|增速|增减|±|%|百分点", labels[c])]
    last_year = [c for c in candidates if re.search(r"去年|上年|同期", labels[c]) and c not in growth]
    values = [c for c in candidates if c not in growth and c not in last_year]
    cumulative = [c for c in values if is_cumulative(labels[c])]
    chosen: int | None
    if layout.value_column:
        wanted = norm(layout.value_column)
        if wanted == CUMULATIVE:  # the column by its role: 1-6月累计 in June, 1-9月累计 in September
            named = cumulative
        else:
            named = [c for c in values if wanted in labels[c]]
        if len(named) > 1:  # a merged top cell (2024年) over 当月 and 累计: the cumulative one
            named = [c for c in named if c in cumulative] or named[:1]
        if not named:
            raise MissingColumn([labels[c].replace("|", " ") for c in values])
        chosen = max(named, key=lambda c: _month_of(labels[c]) or 0)
    else:
        # of several (1-5月 | 1-6月), the latest period's
        chosen = max(cumulative, key=lambda c: _month_of(labels[c]) or 0, default=None)
        if chosen is None:
            chosen = values[0] if values else None
    if chosen is None:
        return None, None
    top = labels[chosen].split("|")[0]
    same = [c for c in growth if labels[c].split("|")[0] == top and "|" in labels[c]]
    after = [c for c in growth if c > chosen]
    return chosen, (same or after or [-1])[0] if same or after else None


def is_cumulative(label: str) -> bool:
    """A column of the year so far: 累计, or a range of months (1-6月)."""
    return "累计" in label or _RANGE.search(label) is not None


def _month_of(text: str) -> int | None:
    m = _RANGE.search(text)
    if m is None:
        m = _MONTH.search(text)
    if m is None:
        return None
    month = int(m.group(1))
    return month if 1 <= month <= 12 else None


def _note_unit(text: str) -> str:
    m = _UNIT_NOTE.search(text)
    return m.group(1) if m else ""


def _label(written: str) -> tuple[str, str]:
    """`#高新技术产业产值(亿元)` -> ("高新技术产业产值", "亿元")."""
    text = norm(written)
    text = text.lstrip("#＃").removeprefix("其中:").removeprefix("其中：").removeprefix("其中")
    text = _NUMBERING.sub("", text)
    unit = ""
    m = _LABEL_UNIT.search(text)
    if m:
        unit, text = m.group(1), text[: m.start()]
    return text.strip(), unit
