"""Tables read from text (an HTML page served as .xls, CSV, TSV) cost what they hold (attacker trial 3):
a cell spanning 1000×1000 or a line of a million commas never builds a rectangle of millions of cells,
and a table wider than any sheet is refused at its cell, like a far cell in a workbook."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from sciplan.load.sheets import SheetError, read_sheets

HEAD = (
    "<html><body><table><tr><td>指标名称</td><td>计量单位</td><td>1-10月</td><td>增长%</td></tr>"
    "<tr><td>技术合同成交额</td><td>亿元</td><td>6.2</td><td>3</td></tr>"
)
CSV_HEAD = "泰兴市2022年1-10月主要经济指标\n指标名称,计量单位,1-10月,增长%\n技术合同成交额,亿元,6.2,3\n"


def measured(path: Path):
    """The sheets read from `path`, the CPU seconds and the peak of Python memory (bytes) it took."""
    tracemalloc.start()
    start = time.process_time()
    try:
        sheets = read_sheets(path, path.name)
    finally:
        spent = time.process_time() - start
        _now, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return sheets, spent, peak


def test_spans_of_1000_by_1000_cost_what_the_table_holds(tmp_path):
    # five cells, each spanning 1000 rows and 1000 columns, one under the other (425 bytes): 780 MB before
    path = tmp_path / "span5.xls"
    path.write_text(HEAD + "<tr><td rowspan=1000 colspan=1000>x</td></tr>" * 5 + "</table></body></html>")
    (sheet,), spent, peak = measured(path)
    assert peak < 50_000_000 and spent < 2, (peak, spent)
    assert sheet.rows[1][:4] == ["技术合同成交额", "亿元", "6.2", "3"]
    # each x starts where the spans above leave room: row 3 at A, row 4 at ALM (column 1000), …
    assert sheet.rows[2][0] == "x" and sheet.rows[3][1000] == "x"
    assert (2, 0, 1001, 999) in sheet.merged


def test_a_table_wider_than_any_sheet_is_refused_at_its_cell(tmp_path):
    # thirty such cells push each other right until one starts past column 16,384 (XFD): 3.3 GB before
    path = tmp_path / "span30.xls"
    path.write_text(HEAD + "<tr><td rowspan=1000 colspan=1000>x</td></tr>" * 30 + "</table></body></html>")
    start = time.process_time()
    with pytest.raises(SheetError) as refused:
        read_sheets(path, path.name)
    assert time.process_time() - start < 2
    # the 17th x (row 19) starts at column 16,000 (0-based), WQK, and would reach 17,000
    assert refused.value.cell == "span30.xls!span30!WQK19"
    assert refused.value.code == "import-far-cell"
    assert "17,000" in refused.value.said and "16,384" in refused.value.said


def test_a_line_of_a_million_commas_holds_nothing(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(CSV_HEAD + "," * 1_000_000 + "\n" + "a\n" * 20_000, encoding="utf-8")
    (sheet,), spent, peak = measured(path)
    assert peak < 200_000_000 and spent < 5, (peak, spent)
    assert len(sheet.rows) == 3 + 1 + 20_000
    assert all(len(row) == 4 for row in sheet.rows)  # as wide as the widest row holding a value
    assert sheet.rows[3] == [None] * 4


def test_a_value_a_million_columns_out_is_a_far_cell(tmp_path):
    path = tmp_path / "far.csv"
    path.write_text(CSV_HEAD + "," * 1_000_000 + "x\n" + "a\n" * 20_000, encoding="utf-8")
    with pytest.raises(SheetError) as refused:
        read_sheets(path, path.name)
    # x is column 1,000,001 (0-based 1,000,000) of row 4: BDWGO4
    assert refused.value.cell == "far.csv!far!BDWGO4"
    assert refused.value.code == "import-far-cell"


def test_the_cli_says_it_located_and_writes_nothing(tmp_path, run_cli):
    from conftest import build_root

    root = build_root(tmp_path / "root")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    path = tmp_path / "span30.xls"
    path.write_text(HEAD + "<tr><td rowspan=1000 colspan=1000>x</td></tr>" * 30 + "</table></body></html>")
    result = run_cli("import", str(path), "--root", str(root), "--year", "2022", "--month", "10")
    assert result.exit_code == 1, result
    assert result.stderr.startswith("span30.xls!span30!WQK19: error[import-far-cell]: "), result.stderr
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_a_panic_in_the_reader_is_a_located_error_not_a_traceback(tmp_path, monkeypatch):
    """pyo3's PanicException derives from BaseException: `except Exception` let a calamine panic (a
    shared string of 32,000 characters in 100,000 cells, attacker trial 3) out as a traceback."""
    import python_calamine

    class PanicException(BaseException):  # as pyo3_runtime defines it
        pass

    def panics(*_a, **_k):
        raise PanicException("PyObject pointer is null")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", panics)
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["指标名称", "计量单位", "1-10月"])
    wb.save(tmp_path / "p.xlsx")
    with pytest.raises(SheetError) as refused:
        read_sheets(tmp_path / "p.xlsx", "p.xlsx")
    assert "PyObject pointer is null" in str(refused.value)


def test_a_received_files_name_never_reaches_the_terminal_or_a_file_name_raw(tmp_path, run_cli):
    """`\\e[H\\e[Jfake\\e]0;pwned\\a.csv` cleared the screen in the `wrote import/…` line and became the
    mapping file's name (attacker trial 3): the name keeps only printable characters."""
    from conftest import REPO, build_root

    root = build_root(tmp_path / "root", REPO)
    inbox = tmp_path / "in"
    inbox.mkdir()
    path = inbox / "\x1b[H\x1b[Jfake\x1b]0;pwned\x07.csv"
    path.write_text(CSV_HEAD, encoding="utf-8")
    result = run_cli("import", str(path), "--root", str(root), "--year", "2022", "--month", "10")
    assert result.exit_code == 0, result
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    (mapping,) = (root / "import").iterdir()
    assert mapping.name == "[H[Jfake];pwned.yaml"


def test_an_ods_cells_text_repeated_a_million_times_is_refused_at_its_cell(tmp_path):
    """1,018 bytes of .ods: a row of 30,000 characters repeated 1000 × 1000 — under the cell budget,
    each text under Excel's limit — made calamine ask for 30 GB and abort (attacker trial 3)."""
    import zipfile

    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="主要指标">'
        + "".join(
            "<table:table-row>"
            + "".join(
                f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>' for c in r
            )
            + "</table:table-row>"
            for r in (
                ["泰兴市2022年1-10月主要经济指标"],
                ["指标名称", "计量单位", "1-10月"],
                ["技术合同成交额", "亿元", "6.2"],
            )
        )
        + '<table:table-row table:number-rows-repeated="1000"><table:table-cell '
        'table:number-columns-repeated="1000" office:value-type="string"><text:p>'
        + "X"
        * 30_000
        + "</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    path = tmp_path / "o_many.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest '
                   'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')  # fmt: skip
        z.writestr("content.xml", content)
    start = time.process_time()
    with pytest.raises(SheetError) as refused:
        read_sheets(path, path.name)
    assert time.process_time() - start < 2
    # the repeated cell: rows 4–1003, columns A–ALL; its end is ALL1003
    assert refused.value.cell == "o_many.ods!主要指标!ALL1003"
    assert refused.value.code == "import-far-cell"
