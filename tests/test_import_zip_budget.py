"""What an .xlsx may cost before calamine reads it (attacker trials 3 and 4): a shared string shown by
cell after cell (one text of 32,000 characters shown by 100,000 cells: 207 KB on disk, 3.2 GB and a Rust
panic in calamine), and a zip bomb in xl/sharedStrings.xml, a part the 512 MiB unpacked cap did not count
(1 MB on disk, 1 GB and 8 s). Both are refused, located, in a process given 400 MB of address space."""

from __future__ import annotations

import io
import resource
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
import xlsxwriter
from test_import_long_text import run

from conftest import write_root

TARGETS = "region: 测试区\nindicators:\n  tech_contract_value: {name: 技术合同成交额, unit: 亿元}\n"
Y2022 = "year: 2022\nas_of: 2022-06-30\nactuals:\n  tech_contract_value: 5.6\n"
ROWS = [["泰兴市2022年1-6月主要科技指标"], ["指标名称", "计量单位", "1-6月累计"], ["技术合同成交额", "亿元", 5.7]]
LONG = b"<si><t>" + b"A" * 32_000 + b"</t></si>"  # 32,012 bytes charged for each cell showing it, from <t> on

linux_only = pytest.mark.skipif(not hasattr(resource, "RLIMIT_AS") or sys.platform == "darwin", reason="Linux")


@pytest.fixture
def root(tmp_path) -> Path:
    return write_root(tmp_path / "root", TARGETS, {2022: Y2022})


def workbook(
    path: Path, rows: bytes = b"", strings: Callable[[io.RawIOBase], None] | None = None, zip64: bool = True
) -> Path:
    """The table as Excel writes it (xlsxwriter), with `rows` added to its sheet and `strings` writing
    <si> items streamed at the end of its shared strings (after the table's 6)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("主要指标")
    for r, row in enumerate(ROWS):
        ws.write_row(r, 0, row)
    wb.close()
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    assert src.read("xl/sharedStrings.xml").count(b"<si>") == 6
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", rows + b"</sheetData>")
            if info.filename == "xl/sharedStrings.xml" and strings is not None:
                end = data.index(b"</sst>")
                with out.open(info.filename, "w", force_zip64=zip64) as f:
                    f.write(data[:end])
                    strings(f)
                    f.write(data[end:])
                continue
            out.writestr(info, data)
    return path


def letters(col: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    name, n = "", col + 1
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


def shown_rows(cells: int, width: int = 100, formula: bool = False) -> bytes:
    """`cells` cells from row 5 on, `width` a row, each showing shared string 6 (the long one)."""
    rows, first = [], 5
    for r in range(first, first + (cells + width - 1) // width):
        n = min(width, cells - (r - first) * width)
        row = "".join(f'<c r="{letters(c)}{r}" s="1" t="s"><v>6</v></c>' for c in range(n))
        if formula and r == first:  # a formula in the sheet: its rows are read item by item
            row += f'<c r="{letters(n)}{r}"><f>1+1</f><v>2</v></c>'
        rows.append(f'<row r="{r}">{row}</row>')
    return "".join(rows).encode()


FANOUT = (
    "表.xlsx!主要指标!{cell}: error[import-long-text]: the cells up to this one show over 64 MB of text (shared "
    "strings shown again and again; this cell shows one of 32,012 bytes); sciplan reads at most that much text: "
    "delete the repeated cells, then import"
)


@linux_only
@pytest.mark.parametrize("formula", [False, True], ids=["as-excel-writes", "item-by-item"])
def test_a_shared_string_shown_by_a_hundred_thousand_cells_is_refused_at_the_cell(root, tmp_path, formula):
    """100,000 cells (1,000 rows of 100) showing one text of 32,000 characters. 64 MB = 67,108,864 bytes;
    67,108,864 / 32,012 = 2,096.4: 2,096 cells fit (67,097,152 bytes), the 2,097th goes over. That is
    the 97th cell (column 96, CS) of the 21st row of 100, row 5 + 20 = 25: CS25."""
    path = workbook(tmp_path / "表.xlsx", shown_rows(100_000, formula=formula), lambda f: f.write(LONG))
    assert path.stat().st_size < 300_000
    result = run("import", str(path), "--dry-run", "--root", str(root))
    assert (result.returncode, result.stderr.splitlines()[0]) == (1, FANOUT.format(cell="CS25")), result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "panicked" not in result.stderr


@pytest.mark.parametrize(("cells", "refused"), [(2_096, False), (2_097, True)])
def test_the_text_budget_edge(root, tmp_path, run_cli, cells, refused):
    """2,096 × 32,012 = 67,097,152 bytes ≤ 67,108,864 (64 MB): read; 2,097 × 32,012 = 67,129,164: the
    2,097th cell, the 97th of the 21st row of 100 (row 25), CS25, is refused."""
    path = workbook(tmp_path / "表.xlsx", shown_rows(cells), lambda f: f.write(LONG))
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    if refused:
        assert (result.exit_code, result.stderr.splitlines()[0]) == (1, FANOUT.format(cell="CS25"))
    else:
        assert "import-long-text" not in result.stderr, result.stderr[:2000]


def test_the_fanout_in_chinese(root, tmp_path, run_cli):
    path = workbook(tmp_path / "表.xlsx", shown_rows(2_097), lambda f: f.write(LONG))
    result = run_cli("import", str(path), "--dry-run", "--root", str(root), "--lang", "zh")
    first = result.stderr.splitlines()[0]
    assert first.startswith("表.xlsx!主要指标!CS25: error[import-long-text]: "), first
    assert "各单元格显示的文字已超过64 MB" in first and "32,012 字节" in first, first


BOMB = (
    "sciplan: error: 表.xlsx: the workbook unpacks to over 536,870,912 bytes (xl/sharedStrings.xml went over), far "
    "more than a table holds (a zip bomb?); sciplan reads workbooks up to that size: open it in Excel or WPS, "
    "save it, then import"
)


def _bomb(f: io.RawIOBase) -> None:
    for _ in range(32_000):  # 32,000 × 32,012 bytes = 1,024,384,000 > 536,870,912 (512 MiB)
        f.write(LONG)


@linux_only
def test_a_zip_bomb_in_the_shared_strings_is_refused_naming_the_part(root, tmp_path):
    """The trial's 1 MB file whose shared strings unpack to 1.02 GB, none shown by a cell (8 s and 1 GB)."""
    path = workbook(tmp_path / "表.xlsx", strings=_bomb)
    assert path.stat().st_size < 1_200_000
    result = run("import", str(path), "--dry-run", "--root", str(root))
    assert (result.returncode, result.stderr.splitlines()[0]) == (1, BOMB), result.stderr[-2000:]


def forged(tmp_path: Path, stated: int) -> tuple[bytes, int]:
    """The table with 80 × LONG added to its shared strings (80 × 32,012 = 2,560,960 bytes, and the
    table's), whose zip says xl/sharedStrings.xml unpacks to `stated` bytes, in its local header and its
    central directory, and whose CRC is that of those first bytes (Python's reader then finds nothing wrong);
    and the size the honest zip stated."""

    def strings(f: io.RawIOBase) -> None:
        for _ in range(80):
            f.write(LONG)

    path = workbook(tmp_path / "表.xlsx", strings=strings, zip64=False)
    raw = bytearray(path.read_bytes())
    name = "xl/sharedStrings.xml"
    with zipfile.ZipFile(path) as book:
        info = book.getinfo(name)
        crc = zlib.crc32(book.read(name)[:stated])
    assert info.file_size > 80 * 32_012 and not info.extra  # sizes in the headers themselves, not ZIP64's
    struct.pack_into("<I", raw, info.header_offset + 14, crc)
    struct.pack_into("<I", raw, info.header_offset + 22, stated)
    at = raw.find(b"PK\x01\x02")  # the central directory: the part's entry
    while raw[at + 46 : at + 46 + len(name)] != name.encode():
        at = raw.find(b"PK\x01\x02", at + 4)
    struct.pack_into("<I", raw, at + 16, crc)
    struct.pack_into("<I", raw, at + 24, stated)
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as book:
        assert len(book.read(name)) == stated  # read to its end: the CRC checks out
    return bytes(raw), info.file_size


def test_a_part_whose_zip_states_a_small_size_is_measured_as_it_unpacks(monkeypatch, tmp_path):
    """The zip says 1,000 bytes for the 2,560,960 bytes and more of shared strings: measured by inflating,
    over a cap of 2,000,000 bytes."""
    from sciplan.load import xlsxparts
    from sciplan.load.sheets import SheetError

    monkeypatch.setattr(xlsxparts, "MAX_XML_BYTES", 2_000_000)
    raw, _real = forged(tmp_path, 1000)
    with pytest.raises(SheetError, match=r"表\.xlsx: the workbook unpacks to over 2,000,000 bytes \(xl/sharedStrings"):
        xlsxparts.check_unpacked(raw, zipfile.ZipFile(io.BytesIO(raw)), "表.xlsx")


def test_a_part_of_another_size_than_its_zip_states_is_refused(root, tmp_path, run_cli):
    """Within the cap: the scans would read the 1,000 bytes Python's reader stops at (the table's six
    strings and none of the long ones), calamine all of them (the cells showing them uncharged)."""
    raw, real = forged(tmp_path, 1000)
    path = tmp_path / "表.xlsx"
    path.write_bytes(raw)
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    said = (
        f"sciplan: error: 表.xlsx: xl/sharedStrings.xml unpacks to {real:,} bytes where the zip says 1,000: the "
        "file is damaged (or forged); open it in Excel or WPS, save it, then import"
    )
    assert (result.exit_code, result.stderr.splitlines()[0]) == (1, said)


@pytest.mark.parametrize(("added", "refused"), [(1_999_994, False), (1_999_995, True)])
def test_more_shared_strings_than_a_sheet_has_cells(root, tmp_path, run_cli, added, refused):
    """20 million texts of one letter (an 830 KB file, 340 MB unpacked) cost 1.1 GB in calamine. The table's
    6 strings + 1,999,994 = 2,000,000 (MAX_CELLS): read; + 1,999,995 = 2,000,001: refused, naming the part."""

    def strings(f: io.RawIOBase) -> None:
        block = b"<si><t>a</t></si>" * 1000
        for _ in range(added // 1000):
            f.write(block)
        f.write(b"<si><t>a</t></si>" * (added % 1000))

    path = workbook(tmp_path / "表.xlsx", strings=strings)
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    said = (
        "sciplan: error: 表.xlsx: xl/sharedStrings.xml holds over 2,000,000 texts, more than the cells of a sheet "
        "sciplan reads; open it in Excel or WPS, save it, then import"
    )
    if refused:
        assert (result.exit_code, result.stderr.splitlines()[0]) == (1, said)
    else:
        assert result.exit_code == 0 and "texts" not in result.stderr, result.stderr[:2000]


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"])
def test_a_part_whose_crc_does_not_check_out_is_refused_as_damaged(root, tmp_path, run_cli, part):
    """A CRC flipped by one bit: an internal error before (sheet), or every scan skipped while calamine,
    which does not check it, read the workbook (shared strings)."""
    path = workbook(tmp_path / "表.xlsx")
    raw = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo(part)
    struct.pack_into("<I", raw, info.header_offset + 14, info.CRC ^ 1)
    at = raw.find(b"PK\x01\x02")
    while raw[at + 46 : at + 46 + len(part)] != part.encode():
        at = raw.find(b"PK\x01\x02", at + 4)
    struct.pack_into("<I", raw, at + 16, info.CRC ^ 1)
    path.write_bytes(bytes(raw))
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    said = f"sciplan: error: 表.xlsx: cannot read the workbook (Bad CRC-32 for file '{part}'); is it damaged?"
    assert (result.exit_code, result.stderr.splitlines()[0]) == (1, said)


def returned_form(tmp_path: Path, run_cli, part: str, change: Callable[[bytes], bytes]) -> tuple[Path, Path]:
    """The demo root, and 黄桥经济开发区's form for 2022年1–6月 as `sciplan template` writes it, with `part` of
    the workbook changed by `change` (streamed back: it may unpack to a gigabyte)."""
    from test_collect_loop import demo, sheet_name

    root = demo(tmp_path)
    out = tmp_path / "sent"
    unit = "黄桥经济开发区"
    made = run_cli("template", "2022", "--month", "6", "--unit", unit, "--root", str(root), "--out", str(out))
    assert made.exit_code == 0, made
    sent = out / sheet_name(unit)
    path = tmp_path / "back.xlsx"
    with zipfile.ZipFile(sent) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        assert b'name="sciplan"' in src.read("xl/workbook.xml") and part in src.namelist()
        for info in src.infolist():
            data = src.read(info.filename)
            with dst.open(info.filename, "w", force_zip64=True) as f:
                f.write(change(data) if info.filename == part else data)
    return root, path


@linux_only
def test_a_far_cell_in_a_returned_forms_hidden_sheet_is_refused_not_a_hang(tmp_path, run_cli):
    """openpyxl walked the hidden sheet's rows up to XFD1048576 (over 60 s, no end seen). The rectangle
    A1:XFD1048576 is 16,384 × 1,048,576 = 17,179,869,184 cells."""
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    root, path = returned_form(tmp_path, run_cli, "xl/worksheets/sheet2.xml", lambda x: x.replace(b"</sheetData>", far))
    result = run("import", str(path), "--dry-run", "--root", str(root))
    assert result.stderr.splitlines()[0] == (
        f"{path}!sciplan!XFD1048576: a value far outside the table: the sheet would span A1:XFD1048576, "
        "17,179,869,184 cells, and sciplan reads at most 2,000,000; delete what is in that cell (and anything "
        "else far away), then import"
    ), result.stderr[-2000:]
    assert result.returncode == 1


@linux_only
def test_a_zip_bomb_in_a_returned_forms_shared_strings_is_refused(tmp_path, run_cli):
    """1 GB of shared strings in a returned form: openpyxl took 1 GB and 4 s before."""

    def bomb(data: bytes) -> bytes:
        end = data.index(b"</sst>")
        return data[:end] + LONG * 32_000 + data[end:]  # 32,000 × 32,012 = 1,024,384,000 bytes > 512 MiB

    root, path = returned_form(tmp_path, run_cli, "xl/sharedStrings.xml", bomb)
    result = run("import", str(path), "--dry-run", "--root", str(root))
    assert result.stderr.splitlines()[0] == (
        f"{path}: the workbook unpacks to over 536,870,912 bytes (xl/sharedStrings.xml went over), far more than "
        "a table holds (a zip bomb?); sciplan reads workbooks up to that size: open it in Excel or WPS, save it, "
        "then import"
    ), result.stderr[-2000:]
    assert result.returncode == 1


def many_sheets(path: Path, far: list[tuple[int, int]]) -> Path:
    """The table (3 rows, 4 columns at most: 12 cells from A1) and a sheet S0, S1, … for each (row, column)
    of `far`, holding one value there."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("主要指标")
    for r, row in enumerate([*ROWS[:2], ["技术合同成交额", "亿元", 5.7, 3]]):
        ws.write_row(r, 0, row)
    for k, (row, col) in enumerate(far):
        wb.add_worksheet(f"S{k}").write(row, col, 1)
    wb.close()
    return path


@linux_only
def test_a_hundred_sheets_each_under_the_limit_are_not_read(root, tmp_path):
    """100 sheets of one value at row 2,000, column 1,000 (ALL2000): each spans 2,000 × 1,000 = 2,000,000
    cells, what a sheet may (a 14 KB file: 420 MB for 20 of them before, 1.6 GB for 100). With the table's
    12 the first one makes 2,000,012 cells, over 2,000,000: refused at S0!ALL2000."""
    path = many_sheets(tmp_path / "表.xlsx", [(1999, 999)] * 100)
    result = run("import", str(path), "--dry-run", "--root", str(root))
    assert result.stderr.splitlines()[0] == (
        "表.xlsx!S0!ALL2000: error[import-far-cell]: the workbook's sheets up to this one span 2,000,012 cells "
        "together (each from A1 to its farthest value, here this cell), and sciplan reads at most 2,000,000; "
        "delete the sheets the table does not need (or what lies far out on them), then import"
    ), result.stderr[-2000:]
    assert result.returncode == 1


def test_sheets_of_two_million_cells_in_all_are_read(root, tmp_path, run_cli):
    """12 + 4 × 499,997 (a value at D499997) = 12 + 1,999,988 = 2,000,000 cells: read."""
    path = many_sheets(tmp_path / "表.xlsx", [(499_996, 3)])
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert "import-far-cell" not in result.stderr, result.stderr[:2000]


XLS = Path(__file__).parent / "sheets" / "共享文字.xls"  # tests/sheets/shared_text_xls.py wrote it


def test_the_shared_strings_of_an_xls_are_measured_across_continue_records():
    """The SST of 共享文字.xls as LibreOffice wrote it: 泰兴市2022年1-10月主要经济指标 (19 characters in UTF-16:
    38 bytes), 指标名称 8, 计量单位 8, 1-10月 (5 in UTF-16, as the 月 needs) 10, 增长% 6, 技术合同成交额 14,
    亿元 4, and 32,000 × A (one byte each), cut by the 8,224-byte records into five."""
    from sciplan.load.xlsscan import _sst_sizes, _workbook_streams

    (stream,) = _workbook_streams(XLS.read_bytes())
    assert list(_sst_sizes(stream, "共享文字.xls")) == [38, 8, 8, 10, 6, 14, 4, 32_000]


def test_a_shared_string_shown_by_cell_after_cell_of_an_xls_is_refused_at_the_cell(root, tmp_path, run_cli):
    """2,098 cells (20 a row from row 5) show the 32,000 bytes: 67,108,864 / 32,000 = 2,097.2, so 2,097
    fit (67,104,000 bytes) and the 2,098th, the 18th (R) of row 5 + 104 = 109, goes over: R109."""
    path = tmp_path / "表.xls"
    path.write_bytes(XLS.read_bytes())
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.stderr.splitlines()[0] == (
        "表.xls!Sheet1!R109: error[import-long-text]: the cells up to this one show over 64 MB of text (shared "
        "strings shown again and again; this cell shows one of 32,000 bytes); sciplan reads at most that much "
        "text: delete the repeated cells, then import"
    ), result.stderr[:2000]
    assert result.exit_code == 1
