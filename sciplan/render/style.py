"""How an output is written, beside what it shows: the CSV style (`--bom`, `--header`, `--encoding`)."""

from __future__ import annotations

from typing import NamedTuple


class CsvStyle(NamedTuple):
    """How `--format csv` is written: a UTF-8 byte-order mark (`--bom`), the header row (`key`, the
    JSON keys programs read, or `zh`, words for people) and the encoding (utf-8, or gbk/gb18030 for an
    old Excel that reads CSV in the system's code page)."""

    bom: bool = False
    header: str = "key"
    encoding: str = "utf-8"
