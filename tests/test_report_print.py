"""The HTML report printed on A4 (issue 22): Chromium's `--print-to-pdf` of the page, with its own print
rules (page.css), read back with the words' positions (`pdftotext -bbox-layout`). The indicators' names
stay readable (whole on a line, or six characters a line at least, never one alone), the tables keep
within the paper's margins, and no text of a chart prints over another text (a chart drawn for the
screen's width overprinted its neighbour and the heading below it).

Needs Debian's `chromium`, `fonts-noto-cjk` and `poppler-utils` (.ci/run installs them when it can);
skipped, with the reason, where they are not installed.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from pdf_pages import Page, Word, name_lines, pages, unreadable_names
from test_report_browser import chromium
from test_report_pages import long_root

from conftest import REPO

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="apt-get install poppler-utils")
MARGIN = 12 / 25.4 * 72  # page.css: @page margin 15mm 12mm (left and right 12 mm), in points


def print_page(run_cli, root: Path, year: int, work: Path) -> tuple[Path, list[Page]]:
    out = work / "out"
    result = run_cli("report", str(year), "--root", str(root), "--out", str(out), "--lang", "zh", "--only", "html")
    assert result.exit_code == 0, result
    (page,) = out.glob("*.html")
    pdf = work / "page.pdf"
    result = chromium("--no-pdf-header-footer", "--print-to-pdf-no-header", f"--print-to-pdf={pdf}", page.as_uri())
    assert pdf.exists(), result.stderr.decode()[-2000:]
    return page, pages(pdf)


def table_names(page: Path) -> list[str]:
    """The cells under a header `指标` of every table of the page, in order: what must print readably."""
    names = []
    for table in re.findall(r"<table>.*?</table>", page.read_text(encoding="utf-8"), re.S):
        rows = [
            [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table)
        ]
        if "指标" in rows[0]:
            col = rows[0].index("指标")
            names += [row[col] for row in rows[1:]]
    return names


def overprinted(pdf: list[Page]) -> list[str]:
    """Pairs of words printed over each other. A word's box (poppler's, the font's whole height: about
    two and a half times the characters' own) is taken by its middle fifth of height, so the lines of
    one text block never touch; two words of one line (the same box top, punctuation set close) touch
    only by less than 0.6 of the narrower one."""
    hits = []
    for page in pdf:
        words = [w for line in page.lines for w in line.words]
        for i, a in enumerate(words):
            for b in words[i + 1 :]:
                dx = min(a.x1, b.x1) - max(a.x0, b.x0)
                if dx <= 2:
                    continue
                if abs(a.y0 - b.y0) < 0.5 and abs(a.y1 - b.y1) < 0.5:
                    if dx > 0.6 * min(a.x1 - a.x0, b.x1 - b.x0):
                        hits.append(f"page {page.number}: {a.text} | {b.text}")
                    continue
                ca, cb = (a.y0 + a.y1) / 2, (b.y0 + b.y1) / 2
                ha, hb = 0.18 * (a.y1 - a.y0), 0.18 * (b.y1 - b.y0)
                if min(ca + ha, cb + hb) - max(ca - ha, cb - hb) > 0:
                    hits.append(f"page {page.number}: {a.text} | {b.text}")
    return hits


def beyond_margins(pdf: list[Page]) -> list[str]:
    return [
        f"page {page.number}: {w.text} ends at {w.x1:.0f} of {page.width:.0f}"
        for page in pdf
        for line in page.lines
        for w in line.words
        if w.x1 > page.width - MARGIN + 2 or w.x0 < MARGIN - 2
    ]


def test_the_rules_on_made_up_lines():
    """Without a browser: the measures themselves."""
    name = "全社会研发经费投入强度"  # 11 characters
    lines = [(text, False) for text in ("* 预计数", name)]
    assert unreadable_names([name], lines) == []
    assert unreadable_names([name], [("全社会研发经", False), ("费投入强度", False)]) == []  # 6 + 5
    split = [("全社会研发经费投入强", False), ("度", False)]
    assert unreadable_names([name], split) == [f"{name}: printed as 全社会研发经费投入强 / 度"]
    squeezed = [name[0:2], name[2:4], name[4:6], name[6:8], name[8:10], name[10:]]
    assert unreadable_names([name], [(t, False) for t in squeezed]) == [f"{name}: printed as {' / '.join(squeezed)}"]
    assert unreadable_names([name, "技术合同成交额"], [(name, False)]) == ["技术合同成交额: not found in the column"]
    # the last line joined with the next cell by poppler
    assert unreadable_names([name], [("全社会研发经费", False), ("投入强度227", True)]) == []
    assert unreadable_names([name], [("全社会研发经费投入强度227", False)]) == [f"{name}: not found in the column"]
    line = Page(1, 595, 842, [])
    assert overprinted([line]) == []
    # two lines of one block, poppler's boxes 23 high, 9 apart: not over each other
    a, b = Word("2022年", 10, 174.5, 40, 197.9), Word("1–9月", 10, 183.5, 40, 206.9)
    # a chart's title 6 points below the top of the axis's labels: over them
    c, d = Word("完成进度", 100, 464.3, 150, 490.5), Word("30%", 120, 470.2, 140, 492.7)
    # `）` and `。` of one line set close: 3 of the 12 points of `。` shared
    e, f = Word("科）", 200, 700, 224, 728), Word("。", 221, 700, 233, 728)
    from pdf_pages import Line

    assert overprinted([Page(1, 595, 842, [Line([a]), Line([b]), Line([c, d]), Line([e, f])])]) == [
        "page 1: 完成进度 | 30%"
    ]


@needs_poppler
@pytest.mark.parametrize("case", ["demo-2022", "long-2023"])
def test_printed_page_keeps_names_whole_and_nothing_overprints(run_cli, tmp_path, case):
    """The demo's 2022 page (10 columns, names to 17 characters) and a root of long names and units
    (names to 30 characters, units such as 吨标准煤/万元), each printed on A4."""
    root = REPO if case == "demo-2022" else long_root(tmp_path / "root")
    page, pdf = print_page(run_cli, root, 2022 if case == "demo-2022" else 2023, tmp_path)
    assert all(abs(p.width - 595) < 2 and abs(p.height - 842) < 2 for p in pdf)  # A4: 210 × 297 mm
    names = table_names(page)
    # demo: the indicator table's 10 rows, the 板块 table's 6 (2 indicators × 3 板块), the plan's 7
    # (targets.yaml); the long root: its 16 indicators and the plan's 5 (16 // 3, tests/test_report_pages.py)
    assert len(names) == (10 + 6 + 7 if case == "demo-2022" else 16 + 5)
    assert unreadable_names(names, name_lines(pdf)) == []
    assert beyond_margins(pdf) == []
    assert overprinted(pdf) == []
