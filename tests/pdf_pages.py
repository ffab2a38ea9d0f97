"""Reading a rendered PDF back with the words' positions (poppler's `pdftotext -bbox-layout`), and
rendering a Word file to PDF with LibreOffice: what the report's page tests measure."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

XHTML = "{http://www.w3.org/1999/xhtml}"
WORD_JOINER = "\u2060"


def tools_missing() -> str | None:
    """Why the page tests cannot run here, or None."""
    for tool, package in (("soffice", "libreoffice-writer"), ("pdftotext", "poppler-utils")):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install {package}; .ci/run installs it as root)"
    return None


def to_pdf(docx: Path, work: Path) -> Path:
    """`docx` converted by LibreOffice headless, in a profile of its own (no shared user profile)."""
    profile = work / "lo-profile"
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", "pdf", "--outdir", str(work), str(docx)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = work / (docx.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice wrote no {pdf.name}"
    return pdf


@dataclass
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Line:
    words: list[Word]

    @property
    def text(self) -> str:
        """The line's words, joined without a space where they touch (5.60 亿元 is one figure:
        LibreOffice spaces Latin from Chinese) and with `|` where a gap parts them (two cells)."""
        out = ""
        for before, word in zip([None, *self.words], self.words, strict=False):
            if before is not None:
                gap = word.x0 - before.x1
                out += "" if gap < 0.4 * (word.y1 - word.y0) else "|"
            out += word.text
        return out

    @property
    def top(self) -> float:
        return min(w.y0 for w in self.words)


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]


def pages(pdf: Path) -> list[Page]:
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", html))
    out = []
    for n, page in enumerate(root.iter(XHTML + "page"), 1):
        lines = []
        for line in page.iter(XHTML + "line"):
            words = [
                Word(
                    w.text or "", float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax"))
                )
                for w in line.iter(XHTML + "word")
            ]
            if words:
                lines.append(Line(words))
        out.append(Page(n, float(page.get("width")), float(page.get("height")), lines))
    return out


# The words a report writes after a number (sciplan/report/cells.py's _UNIT_WORDS, written out again here)
UNIT_WORDS = ["个百分点", "个月", "月末", "%", "年", "月", "日", "倍", "项", "个", "位", "名", "家", "pp"]


def figures_pattern(units: list[str], *, dates: bool = True) -> re.Pattern[str]:
    """A figure with its comparison mark, sign and unit: `≥ 15.99`, `-40.0个百分点`, `+11.2%`,
    `5.60亿元`, `2022年` (units longest first, so 个百分点 wins over 个)."""
    more = UNIT_WORDS if dates else []
    words = sorted({*units, *more}, key=len, reverse=True)
    unit = "|".join(re.escape(u) for u in words if u)
    return re.compile(rf"(?:[≥≤><]\s?)?[+\-−]?\d+(?:\.\d+)?(?:{unit})?")


# The rule: a figure lies on one line with its sign and its unit, in a paragraph as in a table cell —
# never `268` | `家`, `0.32个百` | `分点`, `1–` | `9月`. Chinese text may break between a digit and an
# ideograph and between two ideographs (UAX 14) and LibreOffice 7.4 (Debian 12's, what .ci/run
# installs) does at a line's end; no property of a Word file keeps them together there (measured:
# w:noLineBreaksBefore, w:kinsoku and w:strictFirstAndLastChars are not read by its DOCX import;
# w:lang zh-CN, w:snapToGrid, w:wordWrap, w:autoSpaceDN, fields, content controls, w:fitText and a
# zero-width joiner U+200D leave the break where it was), so the Word draft binds a paragraph's
# figures to their units with U+2060 WORD JOINER (sciplan/report/cells.py, join_figures), which
# pdftotext drops. A cell never parts any figure (columns are as wide as their widest figure).
SYMBOL_UNITS = ["%", "‰", "pp"]


def figures(texts: list[str], pattern: re.Pattern[str]) -> Counter[str]:
    found: Counter[str] = Counter()
    for text in texts:
        for m in pattern.finditer(re.sub(r"\s", "", text)):
            found[m.group()] += 1
    return found


def _text_lines(pdf: list[Page]) -> list[str]:
    """The PDF's lines of text, page numbers left out (`— 2 —` is no figure)."""
    lines = [re.sub(r"\s", "", line.text) for page in pdf for line in page.lines]
    return [t for t in lines if not re.fullmatch(r"—\d+—", t.replace("|", ""))]


def broken_figures(docx_texts: tuple[list[str], list[str]], pdf: list[Page], units: list[str]) -> list[str]:
    """Figures of the Word file the PDF's lines do not hold whole (the rule above): a figure with its
    unit printed fewer times than the file holds it, a number or its sign parted, and a line that
    ends with a digit and a dash the next line's digits go on from (`1–` | `9月`).
    `docx_texts` is (the body's paragraphs, the tables' cells)."""
    body, cells = docx_texts
    lines = _text_lines(pdf)
    broken = []
    for pattern in (figures_pattern(units), figures_pattern(SYMBOL_UNITS, dates=False)):
        wanted, printed = figures(body + cells, pattern), figures(lines, pattern)
        broken += [f"{token} ×{n - printed[token]}" for token, n in wanted.items() if printed[token] < n]
    for a, b in itertools.pairwise(lines):
        dash = re.search(r"[\d.]+[–—-]$", a)
        if dash and b[:1].isdigit():
            broken.append(f"{dash.group()} | {b[:3]}")
    return sorted(set(broken))


def parted_figures(docx_texts: tuple[list[str], list[str]], pdf: list[Page], units: list[str]) -> list[str]:
    """The figures with their units the PDF does not hold whole, for a report (`broken_figures` asserts)."""
    body, cells = docx_texts
    lines = _text_lines(pdf)
    whole = figures_pattern(units)
    wanted, printed = figures(body + cells, whole), figures(lines, whole)
    return sorted(f"{t} ×{n - printed[t]}" for t, n in wanted.items() if printed[t] < n)


def page_number(page: Page) -> Word | None:
    """The page's number in its footer: a bare number in the bottom eighth, between dashes."""
    for line in page.lines:
        if line.top > page.height * 7 / 8 and re.fullmatch(r"—?\d+—?", re.sub(r"[\s|]", "", line.text)):
            digits = [w for w in line.words if re.search(r"\d", w.text)]
            if digits:
                return Word(line.text, line.words[0].x0, line.top, line.words[-1].x1, line.words[-1].y1)
    return None


def docx_texts(path: Path) -> tuple[list[str], list[str]]:
    """Every paragraph's text and every table cell's text of a Word file (a cell's lines joined), as
    the page shows it: without the word joiners that bind a paragraph's figures to their units."""
    import docx

    document = docx.Document(str(path))
    body = [p.text.replace(WORD_JOINER, "") for p in document.paragraphs]
    cells = [cell.text.replace("\n", "") for table in document.tables for row in table.rows for cell in row.cells]
    return body, cells


def name_lines(pdf: list[Page]) -> list[tuple[str, bool]]:
    """The lines of text in the column under each header `指标`, page by page, top to bottom: the words
    between the header before it and the header after it, on lines that start left of the header's
    middle (a word below the header: its middle below the header's box, taller than its characters).
    A word that runs on past the column is poppler's joining of the name's last line with the next
    cell (`…（家）227`, two cells a few points apart): it comes with True."""
    found = []
    for page in pdf:
        words = [w for line in page.lines for w in line.words]
        for head in (w for w in words if w.text == "指标"):
            row = sorted((w for w in words if abs(w.y0 - head.y0) < 1), key=lambda w: w.x0)
            at = row.index(head)
            left = row[at - 1].x1 if at else 0.0
            right = row[at + 1].x0 if at + 1 < len(row) else page.width
            middle = (head.x0 + head.x1) / 2
            column = [w for w in words if (w.y0 + w.y1) / 2 > head.y1 and left <= w.x0 < right]
            lines: dict[float, list[Word]] = {}
            for w in sorted(column, key=lambda w: (w.y0, w.x0)):  # one line: the words' middles level
                middle_y = (w.y0 + w.y1) / 2
                y = next((y for y in lines if abs(y - middle_y) < 0.25 * (w.y1 - w.y0)), middle_y)
                lines.setdefault(y, []).append(w)
            for _y, ws in sorted(lines.items()):
                ws.sort(key=lambda w: w.x0)
                if ws[0].x0 >= middle:
                    continue  # not a line of this column
                # poppler sets a quote apart as a word of its own, touching the text (`“` `苏科贷` `”`)
                kept = [ws[0]]
                for w in ws[1:]:
                    if w.x0 - kept[-1].x1 >= 1:
                        break
                    kept.append(w)
                found.append(("".join(w.text for w in kept), kept[-1].x1 > right))
    return found


def unreadable_names(names: list[str], lines: list[tuple[str, bool]], shortest: int = 6) -> list[str]:
    """Each name, in order, must be made of consecutive lines of the column, every line of `shortest`
    characters at least (or the whole name) and none of one character alone; lines that begin no
    name (a note under a table, a sentence) are passed over."""

    def starts(name: str, line: tuple[str, bool]) -> bool:
        text, joined = line
        return bool(text) and (name.startswith(text) or (joined and text.startswith(name)))

    bad, i = [], 0
    for name in names:
        while i < len(lines) and not starts(name, lines[i]):
            i += 1
        if i == len(lines):
            return [*bad, f"{name}: not found in the column"]
        parts: list[str] = []
        rest = name
        while rest and i < len(lines):
            text, joined = lines[i]
            if rest.startswith(text):
                parts.append(text)
                rest = rest[len(text) :]
            elif joined and text.startswith(rest):
                parts.append(rest)
                rest = ""
            else:
                break
            i += 1
        if rest:
            bad.append(f"{name}: printed as {' / '.join(parts)} …")
        elif len(parts) > 1 and (min(len(p) for p in parts[:-1]) < shortest or len(parts[-1]) < 2):
            bad.append(f"{name}: printed as {' / '.join(parts)}")
    return bad
