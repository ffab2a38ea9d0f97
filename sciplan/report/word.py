"""The Word draft, laid out as a government document (GB/T 9704-2012).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 方正小标宋简体 二号 (22 pt),
centred; body 仿宋_GB2312 三号 (16 pt) at a fixed 28 pt line (22 lines a page), first lines
indented two characters; first-level headings 黑体, second-level 楷体_GB2312; page numbers
"— 1 —" in 宋体 四号. Word (and WPS) substitute fonts a machine lacks. Tables are 仿宋 小四.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from sciplan.core.i18n import _
from sciplan.report.cells import TEXT_WIDTH, Layout, figure_keeper, join_figures, keep_figures, layout, text_mm
from sciplan.report.markdown import MARK
from sciplan.report.outline import status_column
from sciplan.report.wordstyles import H1, H2, add_styles

if TYPE_CHECKING:
    from sciplan.report.outline import Outline, Section, Table

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


def docx_bytes(doc: Outline, *, keywords: str) -> bytes:
    from docx import Document

    d = Document()
    d.keeper = figure_keeper(doc.units)  # type: ignore[attr-defined]
    _page(d.sections[0], landscape=False)
    add_styles(d)
    d.settings.odd_and_even_pages_header_footer = True  # — 1 — right on odd pages, left on even

    props = d.core_properties
    props.title, props.author, props.keywords = doc.title, "sciplan", keywords
    props.comments = MARK  # how sciplan recognises a file it wrote (see report/output.py)
    _written_now(d)

    _title(d, doc.title)
    _para(d, doc.subtitle, "sciplan-body")
    for s in doc.sections:
        _section(d, s, level=1)
    for section in d.sections:  # every section its own: LibreOffice starts a linked one on an odd page
        _page_numbers(section)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


# python-docx's template says it was made on 2013-12-23 by "Microsoft Macintosh Word": File ▸
# Properties shows what wrote the draft, and when (the workbook's properties do too)
_APPLICATION = re.compile(rb"<Application>[^<]*</Application>")


def _written_now(d) -> None:
    import datetime as dt

    props = d.core_properties
    props.created = props.modified = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.last_modified_by, props.revision = "sciplan", 1
    for part in d.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = _APPLICATION.sub(b"<Application>sciplan</Application>", part.blob)


def _title(d, title: str) -> None:
    """The title, in two lines where one cannot hold it, broken as a 公文 breaks it (GB/T 9704:
    梯形, the shorter line first, a word kept whole): 泰兴市2022年1–9月 / 科技工作主要指标完成情况;
    never a last character alone (…完成情 / 况)."""
    at = title.find("科技工作")
    if at <= 0 or text_mm(title, 22) <= TEXT_WIDTH:
        _para(d, title, "sciplan-title")
        return
    _para(d, title[:at], "sciplan-title")
    p = d.paragraphs[-1]
    p.add_run().add_break()
    _text(p, join_figures(title[at:], d.keeper))


def _page(section, *, landscape: bool) -> None:
    """A4 with the standard's margins (37 mm top, 35 bottom, 28 left, 26 right); a landscape page
    has 37 and 35 mm at its left and right, 28 and 26 at top and bottom."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(28), Mm(26)
        section.left_margin, section.right_margin = Mm(37), Mm(35)
        section.footer_distance = Mm(14)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(28) - Pt(14)  # the number's line 7 mm below the text block


def _para(d, text: str, style_id: str) -> None:
    _portrait(d)
    p = _add_paragraph(d)
    if text:
        # a heading is a line of its own and what Word's navigation pane, a table of contents and the
        # PDF's bookmarks show: no joiner in it (a 科长 would find them there too)
        _text(p, text if style_id in (H1, H2) else join_figures(text, d.keeper))
    _set_style(p._p, style_id)


def _add_paragraph(d):
    """`d.add_paragraph()`, the same `w:p` in the same place, without its cost: python-docx finds
    the body's closing `w:sectPr` by searching every child of the body from the first, for every
    paragraph (quadratic in a province's report); the closing one is the body's last child."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    body = d.element.body
    try:
        last = body[-1]  # lxml walks back from the end: no count of the children
    except IndexError:
        last = None
    if last is None or last.tag != qn("w:sectPr"):
        return d.add_paragraph()
    p = OxmlElement("w:p")
    last.addprevious(p)
    return Paragraph(p, d._body)


_DATE_DASH = re.compile(r"(?<=\d)-(?=\d)")


def _text(p, text: str):
    """`text` as a run of `p`, a hyphen between digits (`2021-12-31`, English dates) as Word's own
    non-breaking hyphen (`w:noBreakHyphen`, what Ctrl+Shift+- types): LibreOffice broke a date after
    its first hyphen (python-docx reads the hyphen as `-`)."""
    from docx.oxml import OxmlElement

    run = p.add_run()
    for i, part in enumerate(_DATE_DASH.split(text)):
        if i:
            run._r.append(OxmlElement("w:noBreakHyphen"))
        for j, line in enumerate(part.split("\n")):  # a line break as Word's own (python-docx's run.text)
            if j:
                run._r.append(OxmlElement("w:br"))
            if line:
                run._r.add_t(line)
    return run


def _portrait(d) -> None:
    """Back to portrait after a turned table, once something follows it."""
    if getattr(d, "turned_back", True) is False:
        _turn(d, landscape=False)


def _set_style(p, style_id: str) -> None:
    """Give a new paragraph one of wordstyles.STYLES by id, as raw XML: python-docx's setters look the style
    up by name and search the schema order of every child, which dominated the writing time."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    for old in ppr.findall(qn("w:pStyle")):  # one style a paragraph (a footer's comes with "Footer")
        ppr.remove(old)
    ps = OxmlElement("w:pStyle")
    ps.set(qn("w:val"), style_id)
    ppr.insert(0, ps)


def _section(d, s: Section, level: int) -> None:
    plan = None
    if s.table is not None:
        free = 1 if s.table.headers and s.table.headers[0] == _("No.") else 0  # the name wraps, nothing else
        plan = layout(s.table.headers, s.table.rows, free)
    turned = plan is not None and plan.landscape
    if turned and not s.paragraphs:  # a table and its heading alone: both on the turned page
        _turn(d, landscape=True)
    if s.heading:
        _para(d, s.heading, H1 if level == 1 else H2)
    if s.note:
        _para(d, f"【{s.note}】", "sciplan-note")
    if s.table is not None and plan is not None and not turned:
        _table(d, s.table, plan)
    for i, text in enumerate(s.paragraphs, 1):
        _para(d, f"{i}．{text}" if s.numbered else text, "sciplan-body")
    if s.table is not None and plan is not None and turned:  # on a page of its own, after the text
        if s.paragraphs:
            _turn(d, landscape=True)
        _table(d, s.table, plan)
        d.turned_back = False  # portrait again before whatever follows (not after the last table)
    for sub in s.subsections:
        _section(d, sub, level + 1)


def _table(d, t: Table, plan: Layout) -> None:
    if not plan.landscape:
        _portrait(d)
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    status_col = status_column(t)
    table = d.add_table(rows=1 + len(t.rows), cols=len(t.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # a fixed layout: Word and LibreOffice keep the widths below
    _cell_margins(table._tbl, left=57, right=57)  # 1 mm a side, in twips
    widths = [Mm(w) for w in plan.widths]
    for col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(w.twips)))
    kinds = ["sciplan-td" if c <= 3 or c == status_col else "sciplan-td-num" for c in range(len(t.headers))]
    rows = table.rows
    last = len(rows) - 1
    for r, row in enumerate(rows):
        trpr = row._tr.get_or_add_trPr()
        cant = OxmlElement("w:cantSplit")  # a row never breaks across pages
        cant.set(qn("w:val"), "true")
        trpr.append(cant)
        if r == 0:
            repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
            repeat.set(qn("w:val"), "true")
            trpr.append(repeat)
        # the header with the first row, the last row with the one before: no row alone on a page
        keep_next = r == 0 or r == last - 1
        styles = ["sciplan-th"] * len(t.headers) if r == 0 else kinds
        _fill_row(row, plan.lines[r], styles, widths, keep_next, d.keeper)
        if r > 0:
            fill = FILLS.get((t.statuses[r - 1] if r - 1 < len(t.statuses) else None) or "")
            if fill:
                _shade(row.cells[status_col], fill)
    for note in t.notes:
        _para(d, note, "sciplan-td-note")
    if not plan.landscape:
        _para(d, "", "sciplan-td-note")


def _turn(d, *, landscape: bool) -> None:
    """A new section on a new page, turned to landscape (for a wide table) or back to portrait."""
    from docx.enum.section import WD_SECTION

    d.turned_back = True  # nothing pending: this is the new section
    _page(d.add_section(WD_SECTION.NEW_PAGE), landscape=landscape)


def _cell_margins(tbl, *, left: int, right: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    mar = OxmlElement("w:tblCellMar")
    for side, twips in (("left", left), ("right", right)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(twips))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblpr = tbl.tblPr
    # schema order: tblCellMar comes after tblLayout and before tblLook
    look = tblpr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(mar)
    else:
        tblpr.append(mar)


def _fill_row(row, texts: list[str], styles: list[str], widths: list, keep_next: bool, keeper) -> None:
    from docx.oxml import OxmlElement

    for cell, text, style, w in zip(row.cells, texts, styles, widths, strict=True):
        cell.width = w
        p = cell.paragraphs[0]
        _set_style(p._p, style)
        if keep_next:
            p._p.get_or_add_pPr().append(OxmlElement("w:keepNext"))
        for i, line in enumerate(text.split("\n")):  # lines broken between pieces, never inside one
            run = _text(p, keep_figures(line, keeper))
            if i:
                run._r.insert(0, OxmlElement("w:br"))


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _page_numbers(section) -> None:
    """— 1 — in 宋体 四号: odd pages at the right, even pages at the left, one character in from the
    edge of the text (GB/T 9704 7.5); PAGE fields, so Word and LibreOffice number every page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    right, left = WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT
    for footer, align in ((section.footer, right), (section.even_page_footer, left)):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        _set_style(p._p, "sciplan-page")
        p.alignment = align
        if align == right:
            p.paragraph_format.right_indent = Pt(14)
        else:
            p.paragraph_format.left_indent = Pt(14)
        p.add_run("— ")
        _page_field(p.add_run())
        p.add_run(" —")


def _page_field(run) -> None:
    """A PAGE field with its last result (1), as Word writes one."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
        if kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        elif kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
