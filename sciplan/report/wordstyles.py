"""The Word draft's paragraph styles (GB/T 9704-2012): title 方正小标宋简体 二号, body 仿宋_GB2312 三号 at
a fixed 28 pt line, first-level headings 黑体, second-level 楷体_GB2312, tables 仿宋 五号, page numbers
宋体 四号.

The headings are Word's own `heading 1` / `heading 2` (shown as 标题 1 / 标题 2 in a Chinese Word) with
an outline level, so Word's and WPS's navigation pane, 引用 → 目录 and LibreOffice's navigator and PDF
bookmarks find them; the other styles carry names in the report's language (公文正文, 表格文字 …).
"""

from __future__ import annotations

from sciplan.core.i18n import N_, _

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
LATIN_FONT = "Times New Roman"

H1, H2 = "Heading1", "Heading2"  # Word's own 标题 1 / 标题 2: the navigation pane and 引用 → 目录 list them
STYLES = {  # style id: (east-Asian font, size in pt, bold, alignment)
    "sciplan-title": (TITLE_FONT, 22, False, "center"),
    "sciplan-body": (BODY_FONT, 16, False, "justify"),  # 两端对齐: a figure kept whole leaves no ragged edge
    H1: (HEADING_FONT, 16, False, None),
    H2: (SUBHEADING_FONT, 16, False, None),
    "sciplan-note": (SUBHEADING_FONT, 14, False, None),
    "sciplan-th": (HEADING_FONT, 10.5, False, "center"),  # 五号
    "sciplan-td": (BODY_FONT, 10.5, False, None),
    "sciplan-td-num": (BODY_FONT, 10.5, False, "right"),
    "sciplan-td-note": (BODY_FONT, 12, False, None),
    "sciplan-page": (PAGE_FONT, 14, False, "center"),
}
# the names Word and LibreOffice show in the style list (the headings keep Word's built-in names,
# which Word shows in the user's language: 标题 1, 标题 2)
STYLE_NAMES = {
    "sciplan-title": N_("Report title"),
    "sciplan-body": N_("Report text"),
    "sciplan-note": N_("Drafting note"),
    "sciplan-th": N_("Table header"),
    "sciplan-td": N_("Table text"),
    "sciplan-td-num": N_("Table figure"),
    "sciplan-td-note": N_("Table note"),
    "sciplan-page": N_("Page number"),
}
OUTLINE = {H1: 0, H2: 1}  # w:outlineLvl counts from 0: 一、 is level 1, （一） level 2


def add_styles(d) -> None:
    """Paragraph styles set once (setting fonts run by run is slow and bloats the file)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    align = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }
    for name, (font, size, bold, alignment) in STYLES.items():
        if name in OUTLINE:
            style = _heading(d, name)
        else:
            style = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.name = _(STYLE_NAMES[name])  # the id stays `name`
        style.base_style = d.styles["Normal"]
        style.font.name = LATIN_FONT
        style.font.size = Pt(size)
        style.font.bold = bold
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
        pf = style.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(28) if name == "sciplan-title" else Pt(0)
        body = name in ("sciplan-body", H1, H2, "sciplan-note")
        pf.line_spacing = Pt(28) if body or name == "sciplan-title" else 1.0
        pf.first_line_indent = Pt(32) if body else Pt(0)
        if name in OUTLINE:
            text_style = STYLE_NAMES["sciplan-body"]  # not inside _(): Babel would take the key for a message
            style.next_paragraph_style = d.styles[_(text_style)]  # Enter after a heading: text
            pf.keep_with_next = True
            _outline_level(style.element.get_or_add_pPr(), OUTLINE[name])
        if alignment:
            pf.alignment = align[alignment]


def _heading(d, style_id: str):
    """Word's built-in heading style (`heading 1`, `heading 2`) stripped of the template's look
    (Calibri Light, blue, bold, space above) and its linked character style; `_styles` sets the
    公文's fonts and spacing on it and an outline level, as Word's own has."""
    from docx.oxml.ns import qn

    style = next(s for s in d.styles if s.style_id == style_id)
    el = style.element
    for tag in ("w:pPr", "w:rPr", "w:link"):
        for old in el.findall(qn(tag)):
            el.remove(old)
    return style


def _outline_level(ppr, level: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lvl = OxmlElement("w:outlineLvl")
    lvl.set(qn("w:val"), str(level))
    ppr.insert_element_before(lvl, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
