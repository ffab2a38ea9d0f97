"""An .xlsx's (or .ods's) parts measured unpacked first: a zip bomb refused, naming the part.

Deflate packs a gigabyte of one repeated text into a megabyte: a 1 MB workbook whose
xl/sharedStrings.xml unpacked to 1 GB cost 8 s and 1 GB in calamine, and within the 64 MB a file may
weigh, ~64 GB. A workbook whose parts (its sheets, its shared strings, its styles: every part, since
calamine reads several) unpack to over MAX_XML_BYTES is refused naming the part that went over, before
a byte of it is parsed.

Each part is measured by inflating its compressed bytes as calamine will (never by the size the zip's
directory states, which a forged file sets as it likes), in chunks, up to what is left of the budget:
linear in what it reads, and at most MAX_XML_BYTES of work."""

from __future__ import annotations

import struct
import zipfile
import zlib

from sciplan.core.i18n import _
from sciplan.load.sheets import SheetError

MAX_XML_BYTES = 512 * 1024 * 1024  # of a workbook's parts, uncompressed: a zip bomb is refused
_CHUNK = 1 << 20
_LOCAL = struct.Struct("<4s22xHH")  # a local file header: signature, …, name length, extra length


def over_message(shown: str, part: str) -> str:
    """What is said of a workbook whose parts unpack to over MAX_XML_BYTES, `part` the one that went over."""
    return _(
        "{file}: the workbook unpacks to over {n} bytes ({part} went over), far more than a table holds "
        "(a zip bomb?); sciplan reads workbooks up to that size: open it in Excel or WPS, save it, then import"
    ).format(file=shown, n=f"{MAX_XML_BYTES:,}", part=part)


def check_unpacked(raw: bytes, book: zipfile.ZipFile, shown: str) -> None:
    """SheetError naming the part that takes the workbook's parts over MAX_XML_BYTES unpacked. The sizes the
    zip states are summed first (an honest bomb is refused without inflating it), then each part is
    measured as it unpacks; a part that unpacks to another size than the zip states is refused too (the
    scans read what the stated size lets Python's reader read, calamine all there is)."""
    infos = [info for info in book.infolist() if not info.is_dir()]
    stated = 0
    for info in infos:
        stated += info.file_size
        if stated > MAX_XML_BYTES:
            raise SheetError(over_message(shown, info.filename))
    left = MAX_XML_BYTES
    for info in infos:
        size = _unpacked(raw, info, left)
        left -= size
        if left < 0:
            raise SheetError(over_message(shown, info.filename))
        if size != info.file_size:  # Python's reader stops at the stated size, calamine reads on: refused
            message = _(
                "{file}: {part} unpacks to {real:,} bytes where the zip says {stated:,}: the file is damaged "
                "(or forged); open it in Excel or WPS, save it, then import"
            )
            raise SheetError(message.format(file=shown, part=info.filename, real=size, stated=info.file_size))


def _unpacked(raw: bytes, info: zipfile.ZipInfo, most: int) -> int:
    """The bytes `info`'s part unpacks to, or more than `most` once it is known to be over. A part that
    cannot be found or inflated counts as the zip states it: calamine says what is wrong with it."""
    head = raw[info.header_offset : info.header_offset + _LOCAL.size]
    if len(head) < _LOCAL.size:
        return info.file_size
    signature, name_length, extra_length = _LOCAL.unpack(head)
    if signature != b"PK\x03\x04":
        return info.file_size
    start = info.header_offset + _LOCAL.size + name_length + extra_length
    packed = memoryview(raw)[start : start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        return len(packed)
    if info.compress_type != zipfile.ZIP_DEFLATED:
        return info.file_size  # Excel, WPS and LibreOffice deflate; Python's reader stops at the stated size
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    total = 0
    try:
        for at in range(0, len(packed), _CHUNK):
            pending = bytes(packed[at : at + _CHUNK])
            while pending and total <= most and not inflate.eof:
                total += len(inflate.decompress(pending, _CHUNK))
                pending = inflate.unconsumed_tail
            if total > most or inflate.eof:
                break
    except zlib.error:
        return max(total, info.file_size)
    return total
