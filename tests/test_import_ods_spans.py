"""An .ods merge read as LibreOffice reads it (attacker trial 6): a span written "0000000002", "+2", " 2" or
"2x" merges two cells in LibreOffice (its integer reading skips blanks, a sign, leading zeros and what
follows the digits) but was ignored here, so the figure the sheet does not show was imported; and a real
(not covered) cell lying under another cell's merge, which LibreOffice drops, was read as a row of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_import_cells import HEADER, TARGETS, TITLE, Y2022, cell, ods, row, unchanged

from conftest import write_root

COVERED = "<table:covered-table-cell/>"


@pytest.fixture
def root(tmp_path) -> Path:
    return write_root(tmp_path / "root", TARGETS, {2022: Y2022})


def _table(tmp_path, span: str, below: str):
    """6.2 in C3 for 技术合同成交额 with rows-spanned=`span`; row 4 签订科技合作协议 with `below` in C4."""
    return ods(tmp_path / "表.ods", [
        row(cell("string", TITLE)),
        row(*(cell("string", h) for h in HEADER)),
        row(cell("string", "技术合同成交额"), cell("string", "亿元"),
            cell("float", "6.2", more=f' table:number-rows-spanned="{span}"'), cell("float", "3")),
        row(cell("string", "签订科技合作协议"), cell("string", "项"), below, cell("float", "4")),
    ])  # fmt: skip


@pytest.mark.parametrize("span", ["0000000002", "+2", " 2", "2x", "0000000000002", "1048574 "])
def test_an_ods_span_written_as_libreoffice_still_reads_it_is_a_merge(root, tmp_path, run_cli, span):
    """LibreOffice 7.4 reads the first five as 2 (converted to .xlsx: C3:C4 merged): the figure 6.2 merged over
    the rows of two indicators is refused, as it is when written "2". 1048574 rows from C3 end on the last
    row (3 + 1048574 − 1 = 1048576): kept, and C4 lies under it, as C3:C1048576 is cut to the sheet (C3:C4)."""
    path = _table(tmp_path, span, COVERED)
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[0] == (
        "表.ods!主要指标!C3: error[import-merged]: the figure 6.2 is merged over C3:C4, across the rows of "
        "技术合同成交额 (A3), 签订科技合作协议 (A4): whose figure is it? Unmerge C3:C4 and write each row's figure "
        "(—— where a row has none), then import"
    ), result
    assert unchanged(root)


@pytest.mark.parametrize("span", ["-2", "0", "1", "1048575", "1000000000", "99999999999"])
def test_an_ods_span_libreoffice_ignores_is_ignored(tmp_path, span):
    """LibreOffice 7.4 merges nothing for these (converted to .xlsx: no merged range, C4's 4 kept): below 2,
    or ending past the sheet's last row (from C3, row 3: 3 + 1048575 − 1 = 1048577 > 1048576);
    neither does the scan."""
    from sciplan.load.sheets import read_sheets

    path = _table(tmp_path, span, cell("float", "4"))
    [sheet] = read_sheets(path, path.name)
    assert sheet.merged == []
    assert sheet.rows[3][2] == 4  # C4 read as written


def test_a_real_figure_under_a_merged_figure_is_refused(root, tmp_path, run_cli):
    """C3 spans C3:C4 ("0000000002") and C4 is a real cell holding 400: LibreOffice shows 6.2 over both rows
    and no 400 at all; it was imported as 签订科技合作协议's figure."""
    path = _table(tmp_path, "0000000002", cell("float", "400"))
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[0] == (
        "表.ods!主要指标!C4: error[import-merged]: this cell lies under the merge C3:C4: the sheet shows only C3 "
        "there (LibreOffice drops the cell), so whose row it is cannot be told; unmerge C3:C4 or move the cell "
        "out of it, then import"
    ), result
    assert unchanged(root)


def test_a_real_label_under_a_merged_label_is_refused(root, tmp_path, run_cli):
    """技术合同成交额 in A3 spans A3:A4 and A4 is a real cell 签订科技合作协议 with its own unit and figure:
    LibreOffice shows 技术合同成交额 with two figures (A4 dropped); both rows were imported as written."""
    path = ods(tmp_path / "表.ods", [
        row(cell("string", TITLE)),
        row(*(cell("string", h) for h in HEADER)),
        row(cell("string", "技术合同成交额", more=' table:number-rows-spanned="2"'), cell("string", "亿元"),
            cell("float", "6.2")),
        row(cell("string", "签订科技合作协议"), cell("string", "项"), cell("float", "400")),
    ])  # fmt: skip
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[0].startswith(
        "表.ods!主要指标!A4: error[import-merged]: this cell lies under the merge A3:A4: the sheet shows only A3"
    ), result
    assert unchanged(root)


def test_a_label_merged_over_columns_and_rows_with_real_cells_under_it_is_refused(root, tmp_path, run_cli):
    """A3 spans 3 columns × 2 rows (A3:C4) over real cells B3 (亿元) and C3: the first real cell under the
    merge, B3, is named."""
    path = ods(tmp_path / "表.ods", [
        row(cell("string", TITLE)),
        row(*(cell("string", h) for h in HEADER)),
        row(cell("string", "技术合同成交额", more=' table:number-columns-spanned="3" table:number-rows-spanned="2"'),
            cell("string", "亿元"), cell("float", "6.2")),
        row(COVERED, COVERED, cell("float", "400")),
    ])  # fmt: skip
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[0].startswith(
        "表.ods!主要指标!B3: error[import-merged]: this cell lies under the merge A3:C4"
    ), result
    assert unchanged(root)
