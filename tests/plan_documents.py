"""Plan documents for the tests of `sciplan extract` (and bench/extract): a plan's text as a .docx with
heading styles, and as a PDF with a text layer (a Type0 font whose ToUnicode map gives the characters,
as Word's "save as PDF" writes them)."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、)")


def write_docx(text: str, path: Path, *, styles: bool = True) -> Path:
    """Each line a paragraph; lines numbered 一、 as Heading 1 (with `styles`), else as body text."""
    from docx import Document

    document = Document()
    for line in text.splitlines():
        if not line.strip():
            continue
        if styles and HEADING.match(line):
            document.add_heading(line, level=1)
        else:
            document.add_paragraph(line)
    document.save(str(path))
    return path


def write_pdf(text: str, path: Path) -> Path:
    """A PDF whose text layer holds `text`, one line of the page per line of `text` (pages of 40 lines)."""
    chars = sorted({c for c in text if c != "\n"})
    code = {c: i + 1 for i, c in enumerate(chars)}
    lines = [line for line in text.splitlines() if line.strip()]
    pages = [lines[i : i + 40] for i in range(0, len(lines), 40)] or [[]]
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    cmap = ["/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T def /CMapType 2 def",
            "1 begincodespacerange <0000> <FFFF> endcodespacerange"]  # fmt: skip
    entries = [f"<{code[c]:04X}> <{ord(c):04X}>" for c in chars]
    for i in range(0, len(entries), 100):
        chunk = entries[i : i + 100]
        cmap.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    cmap.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    cmap_data = "\n".join(cmap).encode()
    to_unicode = add(b"<< /Length %d >>\nstream\n" % len(cmap_data) + cmap_data + b"\nendstream")
    descriptor = add(b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -140 1000 860] "
                     b"/ItalicAngle 0 /Ascent 860 /Descent -140 /CapHeight 700 /StemV 80 >>")  # fmt: skip
    cid_font = add(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo "
                   b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 >>"
                   % descriptor)  # fmt: skip
    font = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
               b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (cid_font, to_unicode))  # fmt: skip
    page_ids = []
    pages_id = len(objects) + 2 * len(pages) + 1
    for page_lines in pages:
        ops = ["BT /F1 10 Tf 12 TL 40 800 Td"]
        for line in page_lines:
            ops.append("<" + "".join(f"{code[c]:04X}" for c in line) + "> Tj T*")
        ops.append("ET")
        stream = zlib.compress("\n".join(ops).encode())
        content = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)
            )
        )
    kids = " ".join(f"{i} 0 R" for i in page_ids).encode()
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    path.write_bytes(bytes(out))
    return path


def write_scanned_pdf(path: Path) -> Path:
    """A PDF of one page and no text: what a scanner gives."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as out:
        writer.write(out)
    return path
