"""The Word draft, laid out as a government document (GB/T 9704-2012).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 方正小标宋简体 二号 (22 pt),
centred; body 仿宋_GB2312 三号 (16 pt) at a fixed 28 pt line (22 lines a page), first lines
indented two characters; first-level headings 黑体, second-level 楷体_GB2312; page numbers
"— 1 —" in 宋体 四号. Word (and WPS) substitute fonts a machine lacks. Tables are 仿宋 小四.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from sciplan.report.markdown import MARK
from sciplan.report.outline import status_column

if TYPE_CHECKING:
    from sciplan.report.outline import Outline, Section, Table

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
# light fills of a status cell (the words are in the cell too: nothing depends on colour)
FILLS = {
    "met": "E2F0D9",
    "near": "FFF2CC",
    "short": "F8CBAD",
    "missing": "F4B183",
    "pending": "DDEBF7",
    "unknown": "EDE2F6",
    "achieved": "E2F0D9",
    "on_track": "E2F0D9",
    "accelerate": "FFF2CC",
    "limited": "F8CBAD",
    "deteriorating": "F4B183",
}


STYLES = {  # name: (east-Asian font, size in pt, bold, alignment)
    "sciplan-title": (TITLE_FONT, 22, False, "center"),
    "sciplan-body": (BODY_FONT, 16, False, None),
    "sciplan-h1": (HEADING_FONT, 16, False, None),
    "sciplan-h2": (SUBHEADING_FONT, 16, False, None),
    "sciplan-note": (SUBHEADING_FONT, 14, False, None),
    "sciplan-th": (HEADING_FONT, 10.5, False, "center"),  # 五号
    "sciplan-td": (BODY_FONT, 10.5, False, None),
    "sciplan-td-num": (BODY_FONT, 10.5, False, "right"),
    "sciplan-td-note": (BODY_FONT, 12, False, None),
    "sciplan-page": (PAGE_FONT, 14, False, "center"),
}


TEXT_WIDTH = 156  # mm between the margins


def column_widths(headers: list[str]) -> list[float]:
    """Widths in mm that add up to the text width: names get the room, figures what they need."""
    weights = [1.0] * len(headers)
    numbered = bool(headers) and headers[0] in ("No.", "序号")  # the indicator table
    if numbered:  # 序号, 指标, 单位, 目标, 完成, 完成率, 同比, 状态, 序时进度
        weights = [0.7, 2.1, 1.0, 1.5, 1.0, 1.1, 1.1, 1.1, 1.5][: len(headers)]
    elif headers:
        weights[0] = 3.0  # a plan table: the indicator with its unit
    total = sum(weights)
    return [TEXT_WIDTH * w / total for w in weights]


def docx_bytes(doc: Outline, *, keywords: str) -> bytes:
    from docx import Document
    from docx.shared import Mm, Pt

    d = Document()
    section = d.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Pt(14)
    _styles(d)

    props = d.core_properties
    props.title, props.author, props.keywords = doc.title, "sciplan", keywords
    props.comments = MARK  # how sciplan recognises a file it wrote (see report/output.py)

    _para(d, doc.title, "sciplan-title")
    _para(d, doc.subtitle, "sciplan-body")
    for s in doc.sections:
        _section(d, s, level=1)
    _page_numbers(section)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _styles(d) -> None:
    """Paragraph styles set once (setting fonts run by run is slow and bloats the file)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    align = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
    for name, (font, size, bold, alignment) in STYLES.items():
        style = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = d.styles["Normal"]
        style.font.name = LATIN_FONT
        style.font.size = Pt(size)
        style.font.bold = bold
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
        pf = style.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(28) if name == "sciplan-title" else Pt(0)
        body = name in ("sciplan-body", "sciplan-h1", "sciplan-h2", "sciplan-note")
        pf.line_spacing = Pt(28) if body or name == "sciplan-title" else 1.0
        pf.first_line_indent = Pt(32) if body else Pt(0)
        if name in ("sciplan-h1", "sciplan-h2"):
            pf.keep_with_next = True
        if alignment:
            pf.alignment = align[alignment]


def _para(d, text: str, style_id: str) -> None:
    _set_style(d.add_paragraph(text)._p, style_id)


def _set_style(p, style_id: str) -> None:
    """Give a new paragraph one of STYLES by id, as raw XML: python-docx's setters look the style
    up by name and search the schema order of every child, which dominated the writing time."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    ps = OxmlElement("w:pStyle")
    ps.set(qn("w:val"), style_id)
    ppr.insert(0, ps)


def _section(d, s: Section, level: int) -> None:
    if s.heading:
        _para(d, s.heading, "sciplan-h1" if level == 1 else "sciplan-h2")
    if s.note:
        _para(d, f"【{s.note}】", "sciplan-note")
    if s.table is not None:
        _table(d, s.table)
    for i, text in enumerate(s.paragraphs, 1):
        _para(d, f"{i}．{text}" if s.numbered else text, "sciplan-body")
    for sub in s.subsections:
        _section(d, sub, level + 1)


def _table(d, t: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table = d.add_table(rows=1 + len(t.rows), cols=len(t.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # a fixed layout: Word and LibreOffice keep the widths below
    widths = [Mm(w) for w in column_widths(t.headers)]
    for col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(w.twips)))
    rows = list(table.rows)  # python-docx rebuilds the list for every rows[i]: once, not per row
    header = rows[0]
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    _fill_row(header, t.headers, ["sciplan-th"] * len(t.headers))
    for cell, w in zip(header.cells, widths, strict=True):
        cell.width = w
    status_col = status_column(t)
    kinds = ["sciplan-td" if c <= 3 or c == status_col else "sciplan-td-num" for c in range(len(t.headers))]
    for r, cells in enumerate(t.rows):
        row = rows[r + 1]
        _fill_row(row, cells, kinds)
        fill = FILLS.get((t.statuses[r] if r < len(t.statuses) else None) or "")
        if fill:
            _shade(row.cells[status_col], fill)
    for note in t.notes:
        _para(d, note, "sciplan-td-note")
    _para(d, "", "sciplan-td-note")


def _fill_row(row, texts: list[str], styles: list[str]) -> None:
    for cell, text, style in zip(row.cells, texts, styles, strict=True):
        p = cell.paragraphs[0]
        _set_style(p._p, style)
        p.add_run(text)


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _page_numbers(section) -> None:
    """— 1 — centred in the footer (a PAGE field, so Word numbers every page)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    _set_style(p._p, "sciplan-page")
    p.add_run("— ")
    run = p.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    p.add_run(" —")
