"""`sciplan import` of binary workbooks (issue 20): a BIFF `.xls` / `.et` whose far cell or forged DIMENSIONS
record cost calamine seconds and gigabytes or aborted the process, and a binary `.xlsb` that cannot be
checked before it is read. Each is one located line, fast, in little memory, and nothing written."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import write_root

SHEETS = Path(__file__).parent / "sheets"
TARGETS = """\
region: 测试区
indicators:
  patent_grants: {name: 专利授权量, unit: 件}
  invention_grants: {name: 发明专利授权量, unit: 件}
"""
Y2023 = "year: 2023\nas_of: 2023-03-31\nactuals:\n  patent_grants: 900\n"


@pytest.fixture
def root(tmp_path) -> Path:
    return write_root(tmp_path / "root", TARGETS, {2023: Y2023})


def measured(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """sciplan in a process of its own (calamine's abort must not take the tests with it), and the most
    memory it held, in MB (its own peak: a wrapper process runs it and reads its children's usage)."""
    env = {**os.environ, "SCIPLAN_LANG": "en", "NO_COLOR": "1"}
    wrapper = (
        "import resource, subprocess, sys\n"
        "r = subprocess.run([sys.executable, '-m', 'sciplan', *sys.argv[1:]], capture_output=True, text=True)\n"
        "sys.stdout.write(r.stdout); sys.stderr.write(r.stderr)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(r.returncode)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", wrapper, *args], capture_output=True, text=True, timeout=60, env=env, check=False
    )
    *lines, peak = result.stderr.rstrip("\n").split("\n")
    result.stderr = "\n".join(lines) + "\n" if lines else ""
    return result, int(peak) / 1024


def patched(name: str, old: bytes, new: bytes, folder: Path, as_name: str) -> Path:
    raw = (SHEETS / name).read_bytes()
    assert raw.count(old) == 1, "the record to change is in the committed workbook once"
    path = folder / as_name
    path.write_bytes(raw.replace(old, new))
    return path


# In tests/sheets/月报.xls (LibreOffice's BIFF8), #发明专利授权量's 1-6月 figure 236 is an RK record at E12:
# type 0x027E, length 10, row 11, column 4 (0-based). Moved to row 65535, column 255 it is IV65536, the last
# cell of an .xls sheet: A1:IV65536 is 65,536 × 256 = 16,777,216 cells (5 s and 1.5 GB before).
RK_E12 = struct.pack("<HHHH", 0x027E, 10, 11, 4)
RK_FAR = struct.pack("<HHHH", 0x027E, 10, 65535, 255)


@pytest.mark.parametrize("name", ["月报.xls", "月报.et"])
def test_a_far_cell_in_a_biff_workbook_is_refused_fast(root, tmp_path, name):
    path = patched(name, RK_E12, RK_FAR, tmp_path, "far." + name.split(".")[1])
    result, peak = measured("import", str(path), "--dry-run", "--root", str(root))
    assert result.returncode == 1, result
    assert result.stderr.splitlines()[0] == (
        f"{path.name}!月报!IV65536: error[import-far-cell]: a value far outside the table: the sheet would span "
        "A1:IV65536, 16,777,216 cells, and sciplan reads at most 2,000,000; delete what is in that cell (and "
        "anything else far away), then import"
    ), result
    assert peak < 300, f"{peak:.0f} MB"  # a few dozen MB for Python and sciplan; 1.5 GB before
    assert (root / "data" / "2023.yaml").read_text(encoding="utf-8") == Y2023


# 月报.xls's sheet DIMENSIONS record: type 0x0200, length 14, rows 0..16 (end exclusive), columns 0..6.
# Forged to claim 2^31 rows × 256 columns, calamine reserved 2,147,483,648 × 256 cells before reading
# any: "memory allocation of 21990232555520 bytes failed", the process aborted (signal 6, a core dump).
DIMENSIONS = struct.pack("<HHIIHH", 0x0200, 14, 0, 16, 0, 6)
FORGED = struct.pack("<HHIIHH", 0x0200, 14, 0, 2**31, 0, 256)


def test_a_forged_dimensions_record_is_refused_not_an_abort(root, tmp_path):
    path = patched("月报.xls", DIMENSIONS, FORGED, tmp_path, "forged.xls")
    result, _peak = measured("import", str(path), "--dry-run", "--root", str(root))
    assert result.returncode == 1, result
    # the claimed last cell: row 2^31 = 2,147,483,648 (1-based), column 256 = IV
    assert result.stderr.splitlines()[0] == (
        "forged.xls!月报: error[import-far-cell]: the sheet claims to span A1:IV2147483648, beyond the 65,536 "
        "rows × 256 columns an .xls can hold; the file is damaged: open it in Excel or WPS, save it again, then "
        "import"
    ), result


def test_a_dimensions_record_within_the_grid_is_read(root, tmp_path, run_cli):
    """A claim of the whole grid (65,536 × 256) with the same 16 rows of cells: calamine reserves memory it
    never touches; the table is read. 专利授权量 1-6月 is 1850 (E11), 发明专利授权量 236 (E12); March's 900 moves
    under months: 3, so both June figures are new."""
    path = patched("月报.xls", DIMENSIONS, struct.pack("<HHIIHH", 0x0200, 14, 0, 65536, 0, 256), tmp_path, "w.xls")
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert "— → 1850" in result.stdout and "— → 236" in result.stdout


def test_an_xlsb_is_refused_with_what_to_do(root, tmp_path, run_cli):
    """An .xlsb (a zip holding xl/workbook.bin and binary sheets): its cells cannot be measured before calamine
    builds them, so it is refused by content, whatever its name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.bin", b"\x83\x01\x00")
        z.writestr("xl/worksheets/sheet1.bin", b"\x81\x01\x00")
    path = tmp_path / "月报.xlsx"
    path.write_bytes(buffer.getvalue())
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr == (
        "sciplan: error: 月报.xlsx: a binary Excel workbook (.xlsb), which sciplan does not read (its cells cannot "
        "be checked before they are read); save it as .xlsx or .xls in Excel or WPS, then import\n"
    ), result


def test_a_forged_fat_costs_no_memory_past_the_files_sectors():
    """A compound file whose header claims 4 billion FAT sectors, listed by a DIFAT sector that points to itself:
    the FAT is read no further than the file's own sectors. 8 MB = 16,384 sectors of 512 bytes; before, the
    DIFAT loop listed 109 + 16,384 × 127 ≈ 2.1 million FAT sector ids and the FAT 16,384 × 128 ≈ 2.1 million
    entries (distinct ints: about 90 MB); now at most 16,384 + 128 of each."""
    import tracemalloc

    from sciplan.load.xlsscan import scan_xls

    sectors = 16384
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I", bytes.fromhex("d0cf11e0a1b11ae1"), b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6,
        b"\0" * 6, 0, 0xFFFFFFFF, 2, 0, 4096, 0xFFFFFFFE, 0, 1, 0xFFFFFFFF, *([0] * 109),
    )  # fmt: skip
    fat = struct.pack("<128I", *range(0x10000000, 0x10000080))  # sector 0: entries that are not small ints
    difat = struct.pack("<128I", *([0] * 127), 1)  # sector 1: 127 × sector 0, then itself again
    raw = header + fat + difat + b"\0" * 512 * (sectors - 2)
    tracemalloc.start()
    scan_xls(raw, "forged.xls")  # the directory's chain loops: left to calamine to refuse
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 20 * 1024 * 1024, f"{peak / 1024 / 1024:.0f} MB"
