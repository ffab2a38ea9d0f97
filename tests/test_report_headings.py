"""The Word draft's headings are headings to Word, WPS and LibreOffice (issue 22, documents trial 4):
`一、…` and `（一）…` carry outline levels 1 and 2 through their styles (Word's own `heading 1` /
`heading 2`, which a Chinese Word shows as 标题 1 / 标题 2), so the navigation pane, 引用 → 目录 and a
PDF's bookmarks list them; no other paragraph has an outline level; and the style list shows no
`sciplan-…` jargon (公文正文, 表格文字 …).

Before: the headings used styles `sciplan-h1` / `sciplan-h2` based on Normal without `w:outlineLvl`,
so LibreOffice wrote a PDF without bookmarks and every style was named `sciplan-…`.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from pdf_pages import to_pdf, tools_missing

from conftest import REPO
from sciplan.core.i18n import language, set_language

docx = pytest.importorskip("docx")
etree = pytest.importorskip("lxml.etree")
MISSING = tools_missing()

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# the demo's 2022 report (open at 30 September), its sections as outline.py lays them out: four
# 一级 sections; under 一、 the 板块 (data/2022.yaml has units), under 二、 the milestones by state
DEMO_2022 = [
    (1, "一、主要指标完成情况"),
    (2, "（一）各板块完成情况"),
    (1, "二、重点任务推进情况"),
    (2, "（一）已完成"),
    (2, "（二）逾期完成"),
    (2, "（三）逾期未完成"),
    (2, "（四）推进中"),
    (1, "三、存在的短板和不足"),
    (1, "四、科技创新三年行动计划（2021—2023）进展情况"),
]


@pytest.fixture(autouse=True)
def _keep_language():
    before = language()
    yield
    set_language(before)


def write_docx(run_cli, year: int, out: Path, lang: str) -> Path:
    result = run_cli("report", str(year), "--root", str(REPO), "--out", str(out), "--lang", lang, "--only", "docx")
    assert result.exit_code == 0, result
    (path,) = out.glob("*.docx")
    return path


def paragraphs_with_levels(path: Path) -> list[tuple[int | None, str, str]]:
    """Every paragraph of the body (table cells too): its outline level as Word resolves it (the
    paragraph's own `w:outlineLvl`, else its style's, else the style it is based on …; 0-based in the
    XML, 9 = body text), shown 1-based; its style's shown name; its text."""
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
    by_id = {s.get(W + "styleId"): s for s in styles.iter(W + "style") if s.get(W + "type") == "paragraph"}
    default = next(s.get(W + "styleId") for s in by_id.values() if s.get(W + "default") == "1")

    def own_level(element) -> int | None:
        lvl = element.find(f"{W}pPr/{W}outlineLvl")
        return None if lvl is None else int(lvl.get(W + "val"))

    out = []
    for p in body.iter(W + "p"):
        refs = p.findall(f"{W}pPr/{W}pStyle")
        assert len(refs) <= 1, "a paragraph with two w:pStyle"
        style_id = refs[0].get(W + "val") if refs else default
        level, seen, at = own_level(p), set(), style_id
        while level is None and at in by_id and at not in seen:
            seen.add(at)
            level = own_level(by_id[at])
            based = by_id[at].find(W + "basedOn")
            at = None if based is None else based.get(W + "val")
        text = "".join(t.text or "" for t in p.iter(W + "t"))
        level = None if level is None or level == 9 else level + 1
        if level is None:
            text = text.replace("\u2060", "")  # body text binds each figure to its unit (report/cells.py)
        name = by_id[style_id].find(W + "name").get(W + "val")
        out.append((level, name, text))
    return out


def test_headings_have_outline_levels_and_nothing_else_has(run_cli, tmp_path):
    path = write_docx(run_cli, 2022, tmp_path, "zh")
    rows = paragraphs_with_levels(path)
    assert [(level, text) for level, _name, text in rows if level is not None] == DEMO_2022
    # every numbered heading of the text is among them: 一、 … at level 1, （一） … at level 2
    for level, _name, text in rows:
        if re.match("^[一二三四五六七八九十]+、", text):
            assert level == 1, text
        elif re.match("^（[一二三四五六七八九十]+）", text):
            assert level == 2, text
    # Word's built-in heading styles, under their built-in names (Word shows them as 标题 1 / 标题 2)
    assert {name for level, name, _t in rows if level is not None} == {"heading 1", "heading 2"}


# the styles the demo's 2021 report uses, as the style list shows them (table header and figure
# styles are in the table cells; Word shows Normal as 正文, heading 1 as 标题 1)
BUILT_IN = {"heading 1", "heading 2", "Normal"}
ZH_NAMES = {"公文标题", "公文正文", "起草说明", "表格标题行", "表格文字", "表格数字", "表注"}
EN_NAMES = {"Report title", "Report text", "Drafting note", "Table header", "Table text", "Table figure", "Table note"}


@pytest.mark.parametrize("lang, names", [("zh", ZH_NAMES | BUILT_IN), ("en", EN_NAMES | BUILT_IN)])
def test_style_names_are_words_not_ids(run_cli, tmp_path, lang, names):
    path = write_docx(run_cli, 2021, tmp_path, lang)
    rows = paragraphs_with_levels(path)
    assert {name for _level, name, _t in rows} == names
    with zipfile.ZipFile(path) as z:
        footer = etree.fromstring(z.read("word/footer1.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
    (ref,) = footer.iter(W + "pStyle")
    (page,) = [s for s in styles.iter(W + "style") if s.get(W + "styleId") == ref.get(W + "val")]
    assert page.find(W + "name").get(W + "val") == ("公文页码" if lang == "zh" else "Page number")
    docx.Document(str(path))  # python-docx opens it again


@pytest.mark.skipif(MISSING is not None, reason=MISSING or "")
def test_libreoffice_writes_the_headings_as_pdf_bookmarks(run_cli, tmp_path):
    """What a navigator sees: LibreOffice exports a PDF's bookmarks from the outline levels (nothing
    before the change), nested as the sections are."""
    from pypdf import PdfReader

    path = write_docx(run_cli, 2022, tmp_path, "zh")
    reader = PdfReader(str(to_pdf(path, tmp_path)))
    found: list[tuple[int, str]] = []

    def walk(items, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                # a heading has no word joiner (trial 5: 四、…（2023⁠—⁠2025⁠年） in the navigator)
                found.append((depth, item.title))

    walk(reader.outline, 1)
    assert found == DEMO_2022


def test_the_draft_says_what_wrote_it_and_when(run_cli, tmp_path):
    """File ▸ Properties showed python-docx's template: made 2013-12-23 by "Microsoft Macintosh Word"
    (trial 5). The draft says sciplan wrote it, now."""
    import datetime as dt

    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    path = write_docx(run_cli, 2021, tmp_path, "zh")
    props = docx.Document(str(path)).core_properties
    after = dt.datetime.now(dt.UTC)
    created = props.created.replace(tzinfo=dt.UTC)  # written in UTC (…Z)
    assert before <= created <= after and props.modified == props.created
    assert props.last_modified_by == "sciplan" and props.author == "sciplan"
    with zipfile.ZipFile(path) as z:
        app = etree.fromstring(z.read("docProps/app.xml"))
    (application,) = [e for e in app if e.tag.endswith("}Application")]
    assert application.text == "sciplan"
