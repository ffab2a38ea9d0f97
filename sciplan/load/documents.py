"""A plan document as paragraphs: `.docx` (python-docx; headings from their style or outline level),
`.pdf` with a text layer (pypdf, imported only here), or `.txt` (UTF-8, else GB18030 as Chinese Windows
saves it). Anything that cannot be read is one `BadDocument` with what to do about it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from sciplan.core.i18n import _
from sciplan.core.problem import SciplanError


class BadDocument(SciplanError):
    """The plan document cannot be read (exit 1, nothing written)."""


class Paragraph(NamedTuple):
    text: str
    level: int | None = None  # a heading's level (1 the highest), None for body text


# Headings as plain text numbers them: 一、 (level 1), （一） (2), 1. / 1、 (3).
_NUMBERED = (
    (re.compile(r"^[一二三四五六七八九十]+[、.．]"), 1),
    (re.compile(r"^[（(][一二三四五六七八九十]+[)）]"), 2),
    (re.compile(r"^\d{1,2}[.．、](?!\d)"), 3),
)
_OLE = b"\xd0\xcf\x11\xe0"  # an OLE compound file: a password-protected .docx, or an old .doc


def read(path: Path) -> list[Paragraph]:
    """The paragraphs of the document at `path`, blank ones dropped."""
    try:
        head = path.read_bytes()[:8]
    except FileNotFoundError:
        raise BadDocument(_("{file}: no such file").format(file=path)) from None
    except OSError as exc:
        raise BadDocument(_("{file}: cannot read the file: {why}").format(file=path, why=exc.strerror or exc)) from None
    suffix = path.suffix.lower()
    if suffix == ".docx":
        paragraphs = _docx(path, head)
    elif suffix == ".pdf":
        paragraphs = _pdf(path)
    elif suffix in (".txt", ".text", ".md"):
        paragraphs = _text(path)
    elif suffix == ".doc":
        raise BadDocument(
            _("{file}: an old Word .doc; save it as .docx (Word or WPS: 另存为 .docx) and extract from that").format(
                file=path
            )
        )
    else:
        raise BadDocument(_("{file}: sciplan reads plans from .docx, .pdf or .txt files").format(file=path))
    paragraphs = [p for p in paragraphs if p.text.strip()]
    if not paragraphs:
        raise BadDocument(_("{file}: the document holds no text").format(file=path))
    return paragraphs


def _docx(path: Path, head: bytes) -> list[Paragraph]:
    if head.startswith(_OLE):
        raise BadDocument(
            _(
                "{file}: the document is password-protected (or an old .doc renamed); "
                "open it in Word or WPS, remove the password and save it as .docx"
            ).format(file=path)
        )
    import zipfile

    from docx import Document  # python-docx: a dependency (the report writes Word too)
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        del exc
        raise BadDocument(
            _(
                "{file}: not a readable Word document (damaged, or not a .docx); open and save it again in Word or WPS"
            ).format(file=path)
        ) from None
    except Exception:  # a broken part inside the package (lxml errors and the like)
        raise BadDocument(
            _(
                "{file}: not a readable Word document (damaged, or not a .docx); open and save it again in Word or WPS"
            ).format(file=path)
        ) from None
    return list(_body(document.element.body.iterchildren(), document))


def _body(children: Iterable[Any], parent: Any) -> Iterator[Paragraph]:
    """The paragraphs of a body (the document's, or a table cell's) in their order, tables included."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    for child in children:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = DocxParagraph(child, parent)
            text = p.text.strip()
            if text:
                yield Paragraph(text, _docx_level(p) or _numbered(text))
        elif tag == "tbl":
            yield from _table(Table(child, parent))
        elif tag == "sdt":  # a content control (a cover page, a form field) holds paragraphs and tables too
            for content in child.iterchildren():
                if content.tag.rsplit("}", 1)[-1] == "sdtContent":
                    yield from _body(content.iterchildren(), parent)


def _table(table: Any) -> Iterator[Paragraph]:
    """A table, a row a paragraph: its cells joined by ， (指标 | 目标 -> `新认定科技型中小企业，300家以上`, so a
    figure's subject stands in the clause before it, as in a sentence); a leading 序号 cell dropped; a merged
    cell once; a table nested in a cell after its row."""
    from docx.table import Table

    for row in table.rows:
        texts: list[str] = []
        nested: list[Paragraph] = []
        seen: list[Any] = []  # the cells' elements (a merged cell is given once a column it spans)
        for cell in row.cells:
            if any(cell._tc is tc for tc in seen):
                continue
            seen.append(cell._tc)
            own: list[str] = []
            for child in cell._tc.iterchildren():
                tag = child.tag.rsplit("}", 1)[-1]
                if tag == "tbl":
                    nested.extend(_table(Table(child, cell)))
                elif tag in ("p", "sdt"):
                    own.extend(p.text.rstrip("，。；;") for p in _body([child], cell))
            text = "，".join(t for t in own if t)
            if text:
                texts.append(text)
        if texts and _ORDINAL_CELL.fullmatch(texts[0]):
            texts = texts[1:]
        if texts:
            yield Paragraph("，".join(texts) + "。")
        yield from nested


_ORDINAL_CELL = re.compile(r"\d{1,3}[.．、]?|[一二三四五六七八九十]+|序号")


def _docx_level(paragraph: object) -> int | None:
    """A heading's level from its style (Heading 2, 标题 2) or the outline level set on it or its style."""
    style = getattr(paragraph, "style", None)
    name = getattr(style, "name", "") or ""
    if m := re.fullmatch(r"(?:Heading|标题)\s*(\d)", name):
        return int(m.group(1))
    if name in ("Title", "标题"):
        return 1
    for element in (getattr(paragraph, "_p", None), getattr(style, "element", None)):
        if element is None:
            continue
        found = element.xpath(".//w:outlineLvl/@w:val")
        if found and str(found[0]).isdigit() and int(found[0]) < 9:
            return int(found[0]) + 1
    return None


def _numbered(text: str) -> int | None:
    """A short line numbered as a heading (`三、2021年工作思路`) is one; a numbered paragraph is not."""
    for pattern, level in _NUMBERED:
        if pattern.match(text):
            first = re.split(r"[。；;]", text, maxsplit=1)[0]
            return level if len(first) <= 40 and first == text.rstrip("。") else None
    return None


def _pdf(path: Path) -> list[Paragraph]:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - a dependency; only a broken install lacks it
        raise BadDocument(_("{file}: reading PDF needs pypdf: pip install pypdf").format(file=path)) from None
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd files are not the user's business
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
                pages = [page.extract_text() or "" for page in reader.pages]
            except Exception:
                raise BadDocument(
                    _("{file}: the PDF is password-protected; save an unprotected copy").format(file=path)
                ) from None
        else:
            pages = [page.extract_text() or "" for page in reader.pages]
    except BadDocument:
        raise
    except (PdfReadError, ValueError, OSError, KeyError, TypeError, AttributeError):
        raise BadDocument(_("{file}: not a readable PDF (damaged?)").format(file=path)) from None
    if not "".join(pages).strip():
        raise BadDocument(
            _(
                "{file}: the PDF has no text layer (a scan); run it through OCR first, "
                "or extract from the .docx the plan was written in"
            ).format(file=path)
        )
    return _lines("\n".join(pages), join=True)


def _text(path: Path) -> list[Paragraph]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return _lines(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise BadDocument(_("{file}: the text is neither UTF-8 nor GB18030").format(file=path))


def _lines(text: str, join: bool = False) -> list[Paragraph]:
    """One paragraph a line; with `join` (a PDF, whose lines break where the page did) the lines of a
    paragraph are joined again, up to a heading or a line that ends a sentence."""
    out: list[Paragraph] = []
    open_text = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        level = _numbered(line)
        if not join:
            out.append(Paragraph(line, level))
            continue
        if level is not None:
            if open_text:
                out.append(Paragraph(open_text))
                open_text = ""
            out.append(Paragraph(line, level))
            continue
        open_text += line
        if open_text.endswith(("。", "！", "？", "：")):
            out.append(Paragraph(open_text))
            open_text = ""
    if open_text:
        out.append(Paragraph(open_text))
    return out
