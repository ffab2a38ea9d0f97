"""A WPS 表格 `.et` as WPS writes it, built for the import tests (issue 20): an OLE2 compound file whose
`Workbook` stream holds the BIFF8 workbook, beside the streams WPS Office adds to what it saves.

What is known of real .et files (public sources, 2025–2026): WPS saves .et as an OLE2/CFB file carrying the
same `Workbook` (BIFF8) stream as an Excel 97–2003 .xls (format detectors — ONLYOFFICE's
OfficeFileFormatChecker, anydoc — find the workbook by that stream, not by the extension), and stamps its
documents with the custom document property `KSOProductBuildVer` = `<LCID>-<version>` (`2052-11.1.0.10132`:
2052 is zh-CN) in the user-defined section of `\\x05DocumentSummaryInformation`; binary WPS documents also carry
a `WpsCustomData` stream and name `WPS Office` as the creating application. (Newer WPS versions may save .et
as an OOXML zip; sciplan reads that as the .xlsx it is.) Not reproduced: WPS's own BIFF records beyond the
workbook's cells, which no public source describes.

    python tests/sheets/wps_et.py    writes tests/sheets/月报-wps.et from tests/sheets/月报.xls (committed;
                                     the tests need neither this script nor WPS)

The compound file is laid out by this writer, not LibreOffice's: FAT, directory, mini FAT, mini stream (the
streams under 4096 bytes, in 64-byte sectors), in 512-byte sectors, directory entries as a right-sibling
chain under the root in CFB name order — so the import reads the workbook from a container another program
wrote, found by its content."""

from __future__ import annotations

import struct
from pathlib import Path

HERE = Path(__file__).parent
FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
SUMMARY = bytes.fromhex("e0859ff2f94f6810ab9108002b27b3d9")  # FMTID_SummaryInformation
DOC_SUMMARY = bytes.fromhex("02d5cdd59c2e1b10939708002b2cf9ae")  # FMTID_DocSummaryInformation
USER_DEFINED = bytes.fromhex("05d5cdd59c2e1b10939708002b2cf9ae")  # FMTID_UserDefinedProperties
BUILD = "2052-11.1.0.10132"  # KSOProductBuildVer as WPS Office 2019 (zh-CN) writes it


def workbook_stream(raw: bytes) -> bytes:
    """The `Workbook` stream of a compound file (what the test fixture's .xls holds; no general reader)."""
    size = 1 << struct.unpack_from("<H", raw, 0x1E)[0]
    n_fat, first_dir, _t, cutoff, first_mini_fat, _n_mini = struct.unpack_from("<IIIIII", raw, 0x2C)
    fat_ids = struct.unpack_from("<109I", raw, 0x4C)[:n_fat]

    def sector(sid: int) -> bytes:
        return raw[size * (sid + 1) : size * (sid + 2)]

    fat = [x for sid in fat_ids for x in struct.unpack(f"<{size // 4}I", sector(sid))]

    def chain(first: int, table: list[int]) -> list[int]:
        out = []
        while first not in (END, FREE):
            out.append(first)
            first = table[first]
        return out

    directory = b"".join(sector(s) for s in chain(first_dir, fat))
    entries = [directory[i : i + 128] for i in range(0, len(directory), 128)]
    root = entries[0]
    for entry in entries:
        name = entry[: struct.unpack_from("<H", entry, 0x40)[0] - 2].decode("utf-16-le")
        if name == "Workbook":
            start, length = struct.unpack_from("<II", entry, 0x74)
            if length >= cutoff:
                return b"".join(sector(s) for s in chain(start, fat))[:length]
            mini = b"".join(sector(s) for s in chain(struct.unpack_from("<I", root, 0x74)[0], fat))
            mini_fat_raw = b"".join(sector(s) for s in chain(first_mini_fat, fat))
            mini_fat = list(struct.unpack(f"<{len(mini_fat_raw) // 4}I", mini_fat_raw))
            return b"".join(mini[s * 64 : (s + 1) * 64] for s in chain(start, mini_fat))[:length]
    raise ValueError("no Workbook stream")


def _property_set(fmtid: bytes, properties: list[tuple[int, bytes]]) -> bytes:
    """One property set: its size, count, (id, offset) pairs, then each typed value (4-byte aligned)."""
    head = 8 + 8 * len(properties)
    offsets, body = [], b""
    for pid, value in properties:
        offsets.append((pid, head + len(body)))
        body += value + b"\0" * (-len(value) % 4)
    table = b"".join(struct.pack("<II", pid, off) for pid, off in offsets)
    return struct.pack("<II", head + len(body), len(properties)) + table + body


def _text(value: str) -> bytes:  # VT_LPSTR in the set's code page (65001: UTF-8), with its terminating NUL
    data = value.encode("utf-8") + b"\0"
    return struct.pack("<II", 0x1E, len(data)) + data


CODEPAGE = (1, struct.pack("<IH", 2, 65001))  # PID_CODEPAGE, VT_I2


def _stream(sets: list[tuple[bytes, bytes]]) -> bytes:
    """A property set stream ([MS-OLEPS]): header, (FMTID, offset) of each set, the sets."""
    head = 28 + 20 * len(sets)
    out, offsets = b"", []
    for fmtid, body in sets:
        offsets.append((fmtid, head + len(out)))
        out += body
    header = struct.pack("<HHI16sI", 0xFFFE, 0, 0x00020006, b"\0" * 16, len(sets))
    return header + b"".join(f + struct.pack("<I", o) for f, o in offsets) + out


def summary() -> bytes:
    """\\x05SummaryInformation: the creating application (PIDSI_APPNAME) and the author."""
    props = [CODEPAGE, (0x04, _text("统计局")), (0x12, _text("WPS Office"))]
    return _stream([(SUMMARY, _property_set(SUMMARY, props))])


def doc_summary() -> bytes:
    """\\x05DocumentSummaryInformation: its own section, then the user-defined one holding KSOProductBuildVer."""
    name = b"KSOProductBuildVer\0"
    dictionary = struct.pack("<III", 1, 2, len(name)) + name  # one entry: property 2 is named KSOProductBuildVer
    user = [CODEPAGE, (0, dictionary), (2, _text(BUILD))]
    return _stream(
        [(DOC_SUMMARY, _property_set(DOC_SUMMARY, [CODEPAGE])), (USER_DEFINED, _property_set(USER_DEFINED, user))]
    )


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A version-3 compound file holding `streams` at its root: streams under 4096 bytes in the mini stream."""
    names = sorted(streams, key=lambda n: (len(n), n.upper()))  # the CFB's order of sibling names
    small = [n for n in names if len(streams[n]) < 4096]
    mini, mini_starts = b"", {}
    for n in small:
        mini_starts[n] = len(mini) // 64
        mini += streams[n] + b"\0" * (-len(streams[n]) % 64)
    mini_fat: list[int] = []
    for n in small:
        count = -(-len(streams[n]) // 64) or 1
        first = len(mini_fat)
        mini_fat += [first + i + 1 for i in range(count - 1)] + [END]
    n_dir = -(-(len(names) + 1) * 128 // 512)
    n_mini_fat = -(-len(mini_fat) * 4 // 512)
    n_mini = -(-len(mini) // 512)
    big = [n for n in names if n not in small]
    n_big = {n: -(-len(streams[n]) // 512) for n in big}
    data = n_dir + n_mini_fat + n_mini + sum(n_big.values())
    n_fat = 1
    while n_fat * 128 < n_fat + data:
        n_fat += 1
    fat = [FATSECT] * n_fat
    starts = {}

    def run(count: int) -> int:
        first = len(fat)
        fat.extend([first + i + 1 for i in range(count - 1)] + [END])
        return first

    dir_start = run(n_dir)
    mini_fat_start = run(n_mini_fat) if n_mini_fat else END
    mini_start = run(n_mini) if n_mini else END
    for n in big:
        starts[n] = run(n_big[n])
    fat += [FREE] * (n_fat * 128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return struct.pack(
            "<64sHBBIII16sI16sII", encoded, len(encoded), kind, 1, FREE, right, child, b"\0" * 16, 0, b"\0" * 16,
            start, size,
        ) + b"\0" * 4  # fmt: skip

    directory = entry("Root Entry", 5, 1, FREE, mini_start, len(mini))
    for i, n in enumerate(names):
        start = mini_starts[n] if n in small else starts[n]
        directory += entry(n, 2, FREE, i + 2 if i + 1 < len(names) else FREE, start, len(streams[n]))
    body = bytearray(directory + b"\0" * (n_dir * 512 - len(directory)))
    for i in range(len(names) + 1, n_dir * 4):  # unused entries: no siblings, no child
        struct.pack_into("<III", body, i * 128 + 0x44, FREE, FREE, FREE)
    body += struct.pack(f"<{len(mini_fat)}I", *mini_fat) + struct.pack("<I", FREE) * (n_mini_fat * 128 - len(mini_fat))
    body += mini + b"\0" * (n_mini * 512 - len(mini))
    for n in big:
        body += streams[n] + b"\0" * (n_big[n] * 512 - len(streams[n]))
    difat = list(range(n_fat)) + [FREE] * (109 - n_fat)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I", bytes.fromhex("d0cf11e0a1b11ae1"), b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6,
        b"\0" * 6, 0, n_fat, dir_start, 0, 4096, mini_fat_start, n_mini_fat, END, 0, *difat,
    )  # fmt: skip
    return header + struct.pack(f"<{len(fat)}I", *fat) + bytes(body)


def wps_et(xls: bytes) -> bytes:
    """The .xls's workbook as WPS saves a .et: its Workbook stream with WPS's property and custom-data streams."""
    return compound_file(
        {
            "Workbook": workbook_stream(xls),
            "\x05SummaryInformation": summary(),
            "\x05DocumentSummaryInformation": doc_summary(),
            "WpsCustomData": b"\0" * 8,
        }
    )


if __name__ == "__main__":
    (HERE / "月报-wps.et").write_bytes(wps_et((HERE / "月报.xls").read_bytes()))
    print("wrote 月报-wps.et")
