"""`sciplan import` names the cells it cannot read one way only (attacker trial 3): a cell in a percent number
format in a row whose unit is not % (0.062 formatted 0.00% shows 6.20% in a 亿元 row: it went in as 6.2 亿元),
a figure merged down over two indicators' rows (C3:C4: the second row was dropped unsaid), a period header
merged over two columns of figures (1-10月 over C2:D2: the second figure was dropped unsaid), and a ratio in %
a hundred times its comparable figure (260 for an R&D intensity of 2.58: imported with exit 0)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from conftest import write_root

TARGETS = """\
region: 测试区
indicators:
  tech_contract_value: {name: 技术合同成交额, unit: 亿元}
  iur_agreements: {name: 签订科技合作协议, unit: 项}
  rd_expenditure: {name: 全社会研发经费支出, unit: 亿元}
  gdp: {name: 地区生产总值, unit: 亿元}
  rd_intensity: {name: 全社会研发经费投入强度, unit: "%", kind: ratio, formula: rd_expenditure / gdp * 100}
"""
# September's R&D intensity computes to 34.6 / 1341 × 100 = 2.5801… (%)
Y2022 = "year: 2022\nas_of: 2022-09-30\nactuals:\n  tech_contract_value: 5.6\n  rd_expenditure: 34.6\n  gdp: 1341\n"
TITLE = "泰兴市2022年1-10月主要经济指标"
HEADER = ["指标名称", "计量单位", "1-10月", "增长%"]


@pytest.fixture
def root(tmp_path) -> Path:
    return write_root(tmp_path / "root", TARGETS, {2022: Y2022})


def xlsx(folder: Path, rows: list[list], formats=(), merges=(), header=HEADER, name="表.xlsx") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    for row in [[TITLE], header, *rows]:
        ws.append(row)
    for cell, code in formats:
        ws[cell].number_format = code
    for cells in merges:
        ws.merge_cells(cells)
    path = folder / name
    wb.save(path)
    return path


def unchanged(root: Path) -> bool:
    return (root / "data" / "2022.yaml").read_text(encoding="utf-8") == Y2022


def test_a_percent_cell_in_a_row_not_in_percent_is_a_unit_conflict(root, tmp_path, run_cli):
    """0.062 formatted 0.00% (Excel: 6.20%) in a 亿元 row, 0.56 formatted 0% (56%) in a 项 row: they went in as
    6.2 亿元 and 56 项 without a word. Which is meant, the stored 0.062 or the shown 6.2, the sheet does not say."""
    path = xlsx(
        tmp_path,
        [["技术合同成交额", "亿元", 0.062, 3], ["签订科技合作协议", "项", 0.56, 4]],
        formats=[("C3", "0.00%"), ("C4", "0%")],
    )
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "表.xlsx!主要指标!C3: error[import-unit-conflict]: which unit is it in? The cell holds 0.062 in a percent "
        "format (6.2%), but the row's unit is 亿元; give the cell a number format without % (or correct "
        "the unit), then import",
        "表.xlsx!主要指标!C4: error[import-unit-conflict]: which unit is it in? The cell holds 0.56 in a percent "
        "format (56%), but the row's unit is 项; give the cell a number format without % (or correct "
        "the unit), then import",
    ], result
    assert unchanged(root)


def test_a_percent_cell_without_a_unit_is_held_to_the_indicators(root, tmp_path, run_cli):
    """No 计量单位 column: the indicator's unit (亿元) is the row's, and 0.062 shown as 6.20% conflicts with it."""
    path = xlsx(tmp_path, [["技术合同成交额", 0.062]], formats=[("B3", "0.00%")], header=["指标名称", "1-10月"])
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "表.xlsx!主要指标!B3: error[import-unit-conflict]: which unit is it in? The cell holds 0.062 in a percent "
        "format (6.2%), but 技术合同成交额 is counted in 亿元; give the cell a number format without % "
        "(or correct the unit), then import"
    ), result
    assert unchanged(root)


def test_a_percent_cell_in_a_percent_row_is_read_as_shown(root, tmp_path, run_cli):
    """0.0262 formatted 0.00% in a % row is the 2.62% Excel shows: imported, no conflict (2.62 is 1.015× the
    2.5801 of September, no jump)."""
    path = xlsx(tmp_path, [["全社会研发经费投入强度", "%", 0.0262, None]], formats=[("C3", "0.00%")])
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert "— → 2.62" in result.stdout


def test_a_figure_merged_over_two_indicators_rows_is_named(root, tmp_path, run_cli):
    """C3:C4 merged: Excel shows one 6.2 across 技术合同成交额 and 签订科技合作协议. 6.2 was taken for the first and
    the second row (its growth 4 in D4) was dropped unsaid."""
    path = xlsx(tmp_path, [["技术合同成交额", "亿元", 6.2, 3], ["签订科技合作协议", "项", None, 4]], merges=["C3:C4"])
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "表.xlsx!主要指标!C3: error[import-merged]: the figure 6.2 is merged over C3:C4, across the rows of "
        "技术合同成交额 (A3), 签订科技合作协议 (A4): whose figure is it? Unmerge C3:C4 and write each row's figure "
        "(—— where a row has none), then import"
    ), result
    assert unchanged(root)


def test_a_figure_merged_beside_a_merged_label_is_one_figure(root, tmp_path, run_cli):
    """A3:A4 and C3:C4 merged alike: one label, one figure (6.2), nothing ambiguous."""
    path = xlsx(tmp_path, [["技术合同成交额", "亿元", 6.2, 3], [None, "亿元", None, None]], merges=["A3:A4", "C3:C4"])
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert "— → 6.2" in result.stdout


def test_a_header_merged_over_two_columns_of_figures_is_named(root, tmp_path, run_cli):
    """1-10月 merged over C2:D2 with 6.2 and 7.7 under it: 6.2 was imported and 7.7 ignored without a word."""
    path = xlsx(
        tmp_path,
        [["技术合同成交额", "亿元", 6.2, 7.7, 3]],
        merges=["C2:D2"],
        header=["指标名称", "计量单位", "1-10月", None, "增长%"],
    )
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "表.xlsx!主要指标!D3: error[import-duplicate]: a second figure under the merged header '1-10月' (C2:D2; the "
        "first is 表.xlsx!主要指标!C3): which is the 1-10月 figure? Unmerge the header and name each column "
        "(本月 | 累计), then import"
    ), result
    assert unchanged(root)


def test_a_merged_header_over_one_figure_is_read(root, tmp_path, run_cli):
    """The same merged header with D3 empty: one figure, 6.2, imported."""
    path = xlsx(
        tmp_path,
        [["技术合同成交额", "亿元", 6.2, None, 3]],
        merges=["C2:D2"],
        header=["指标名称", "计量单位", "1-10月", None, "增长%"],
    )
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert "— → 6.2" in result.stdout


@pytest.mark.parametrize(
    ("cell", "fmt", "said"),
    [
        # 2.6 formatted 0.00% in a % row is 260 as Excel shows it: 260 / 2.5801 = 100.77 -> 100.8×
        (2.6, "0.00%", "260% is 100.8× the 2.58% at the end of month 9"),
        # 260 typed as it is: the same
        (260, "General", "260% is 100.8× the 2.58% at the end of month 9"),
        # a fraction, 0.026 for 2.6%: 2.5801 / 0.026 = 99.2 -> 1/99.2 of
        (0.026, "General", "0.026% is 1/99.2 of the 2.58% at the end of month 9"),
    ],
)
def test_a_ratio_far_from_this_years_earlier_figure_is_refused(root, tmp_path, run_cli, cell, fmt, said):
    """No R&D intensity last year (no 2021 file): September's, computed from its formula (34.6 / 1341 × 100 =
    2.58), is the comparable figure; a hundredfold one was imported with exit 0."""
    path = xlsx(tmp_path, [["全社会研发经费投入强度", "%", cell, 3]], formats=[("C3", fmt)])
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert f"error[jump]: actuals.rd_intensity: {said}; check for a misplaced point" in result.stderr, result
    assert "(from 表.xlsx!主要指标!C3)" in result.stderr
    assert unchanged(root)


def test_a_ratio_is_held_against_last_years_computed_figure_while_that_year_is_open(tmp_path, run_cli):
    """Last year still open at 30 September (not complete): its R&D intensity computes to 6.5 / 248.5 × 100 =
    2.6157 (%), and this year's 260 is 260 / 2.6157 = 99.4× it. Only a complete year was held against before."""
    root = write_root(
        tmp_path / "root",
        TARGETS,
        {
            2021: "year: 2021\nas_of: 2021-09-30\nactuals:\n  rd_expenditure: 6.5\n  gdp: 248.5\n",
            2022: "year: 2022\nas_of: 2022-09-30\nactuals:\n  tech_contract_value: 5.6\n",
        },
    )
    path = xlsx(tmp_path, [["全社会研发经费投入强度", "%", 260, 3]])
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert "actuals.rd_intensity: 260% is 99.4× last year's 2.616%;" in result.stderr, result


def test_a_ratio_within_tenfold_of_its_comparable_figure_goes_in(root, tmp_path, run_cli):
    """3.1 against September's 2.58: 1.2×, a year's real movement; imported."""
    path = xlsx(tmp_path, [["全社会研发经费投入强度", "%", 3.1, 3]])
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 0, result
    assert "  rd_intensity: 3.1\n" in (root / "data" / "2022.yaml").read_text(encoding="utf-8")


def test_a_missing_mark_merged_over_two_rows_is_no_figure(root, tmp_path, run_cli):
    """—— merged over C3:C4 (neither indicator compiled monthly): nothing to take, nothing ambiguous; the row
    below them (技术合同成交额 6.2 in C5) is imported."""
    path = xlsx(
        tmp_path,
        [["签订科技合作协议", "项", "——", None], ["全社会研发经费支出", "亿元", None, None],
         ["技术合同成交额", "亿元", 6.2, 3]],
        merges=["C3:C4"],
    )  # fmt: skip
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert "— → 6.2" in result.stdout


def test_a_merged_header_saved_as_csv_is_named_too(root, tmp_path, run_cli):
    """The C2:D2 sheet saved as CSV: the merged header is `1-10月,` (an empty cell right of it) over 6.2 and
    7.7; 7.7 went unsaid. The empty header cell names the same period: a second figure for it."""
    path = tmp_path / "表.csv"
    path.write_text(f"{TITLE}\n指标名称,计量单位,1-10月,,增长%\n技术合同成交额,亿元,6.2,7.7,3\n", encoding="utf-8")
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "表.csv!表!D3: error[import-duplicate]: a second figure under the merged header '1-10月' (C2:D2; the first "
        "is 表.csv!表!C3): which is the 1-10月 figure? Unmerge the header and name each column (本月 | 累计), then "
        "import"
    ), result
    assert unchanged(root)


SHEETS = Path(__file__).parent / "sheets"


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_percent_cells_of_an_xls_or_ods_are_read_as_shown_and_held_to_the_rows_unit(root, run_cli, kind):
    """百分比.xls and .ods (tests/sheets/monthly_sheet.py: build_percent_xlsx as LibreOffice saves it): their
    percent formats were not read at all — 0.0262 (2.62%) went in as 0.0262 (%), a hundredth of it, and 0.062
    shown as 6.20% as 0.062 亿元 (python-calamine reads an .ods percentage cell as its fraction). Read as in an
    .xlsx: C3 is 2.62 (0.0262 × 100) in a % row, C4 and C5 conflict with their rows' 亿元 and 项."""
    from sciplan.load.sheets import read_sheets

    [sheet] = read_sheets(SHEETS / f"百分比.{kind}", f"百分比.{kind}")
    assert sheet.kind == kind and sheet.percent == {(2, 2), (3, 2), (4, 2)}
    assert sheet.rows[2][2] == 2.62 and sheet.rows[5][2] == 1850
    result = run_cli("import", str(SHEETS / f"百分比.{kind}"), "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        f"百分比.{kind}!主要指标!C4: error[import-unit-conflict]: which unit is it in? The cell holds 0.062 in a "
        "percent format (6.2%), but the row's unit is 亿元; give the cell a number format without % (or correct the "
        "unit), then import",
        f"百分比.{kind}!主要指标!C5: error[import-unit-conflict]: which unit is it in? The cell holds 0.56 in a "
        "percent format (56%), but the row's unit is 项; give the cell a number format without % (or correct the "
        "unit), then import",
    ], result
    assert unchanged(root)


def test_a_merged_header_over_a_named_and_an_unnamed_column_is_named(root, tmp_path, run_cli):
    """1-10月 merged over C2:D2, a second header row naming only C (绝对值) and D3 empty: 7.7 under D went unsaid."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    for row in [[TITLE], ["指标名称", "计量单位", "1-10月", None], [None, None, "绝对值", None],
                ["技术合同成交额", "亿元", 6.2, 7.7]]:  # fmt: skip
        ws.append(row)
    for cells in ("C2:D2", "A2:A3", "B2:B3"):
        ws.merge_cells(cells)
    path = tmp_path / "表.xlsx"
    wb.save(path)
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "表.xlsx!主要指标!D4: error[import-duplicate]: a second figure under the merged header '1-10月' (C2:D2; the "
        "first is 表.xlsx!主要指标!C4): which is the 1-10月 figure? Unmerge the header and name each column "
        "(本月 | 累计), then import"
    ), result
    assert unchanged(root)


def ods(path: Path, rows: list[str]) -> Path:
    """An .ods of one sheet 主要指标 whose content.xml holds `rows` (<table:table-row> elements) as written."""
    import zipfile

    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="主要指标">'
        + "".join(rows)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest '
                   'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')  # fmt: skip
        z.writestr("content.xml", content)
    return path


def cell(kind: str, value: str, repeat: int = 1, more: str = "") -> str:
    """One <table:table-cell>: a string, or a value of `kind` (float, percentage), repeated, with `more`."""
    times = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    if kind == "string":
        return f'<table:table-cell office:value-type="string"{times}{more}><text:p>{value}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="{kind}" office:value="{value}"{times}{more}/>'


def row(*cells: str, repeat: int = 1) -> str:
    times = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{times}>" + "".join(cells) + "</table:table-row>"


def test_an_ods_percent_cell_repeated_is_read_as_shown_in_every_cell_it_covers(tmp_path):
    """A percentage cell written once for several (number-columns-repeated="2", a row repeated twice): each
    cell it covers is in a percent format. 0.0262 × 100 = 2.62 in C3, D3, C4, D4, C5, D5; A6 0.5 is a float."""
    from sciplan.load.sheets import read_sheets

    path = ods(tmp_path / "repeated.ods", [
        row(cell("string", TITLE)),
        row(*(cell("string", h) for h in ["指标名称", "计量单位", "1-10月", "1-9月"])),
        row(cell("string", "强度"), cell("string", "%"), cell("percentage", "0.0262", 2)),
        row(cell("string", "x"), cell("string", "%"), cell("percentage", "0.0262", 2), repeat=2),
        row(cell("float", "0.5")),
    ])  # fmt: skip
    [sheet] = read_sheets(path, path.name)
    assert sheet.percent == {(r, c) for r in (2, 3, 4) for c in (2, 3)}
    assert [r[2:4] for r in sheet.rows[2:5]] == [[2.62, 2.62]] * 3
    assert sheet.rows[5][0] == 0.5


def test_an_ods_figure_merged_over_two_indicators_rows_is_named(root, tmp_path, run_cli):
    """The C3:C4 layout above saved as .ods (table:number-rows-spanned="2" on C3, C4 a covered cell):
    python-calamine gives no merged cells of an .ods, and 6.2 was taken for 技术合同成交额 while the
    签订科技合作协议 row (its growth 4 in D4) was dropped unsaid."""
    covered = "<table:covered-table-cell/>"
    path = ods(tmp_path / "表.ods", [
        row(cell("string", TITLE)),
        row(*(cell("string", h) for h in HEADER)),
        row(cell("string", "技术合同成交额"), cell("string", "亿元"),
            cell("float", "6.2", more=' table:number-rows-spanned="2"'), cell("float", "3")),
        row(cell("string", "签订科技合作协议"), cell("string", "项"), covered, cell("float", "4")),
    ])  # fmt: skip
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "表.ods!主要指标!C3: error[import-merged]: the figure 6.2 is merged over C3:C4, across the rows of "
        "技术合同成交额 (A3), 签订科技合作协议 (A4): whose figure is it? Unmerge C3:C4 and write each row's figure "
        "(—— where a row has none), then import"
    ), result
    assert unchanged(root)


def test_an_ods_merge_spanning_far_past_the_table_is_cut_to_it(tmp_path):
    """rows-spanned="1048576" on E1 (a note beside the table; it ends on the sheet's last row, 1,048,576, so
    LibreOffice keeps it): the merge is kept only as far as the sheet's cells (E1:E3, the sheet being 3 rows
    × 5 columns), never spelled out a million rows long. rows-spanned="999999999" on the title ends past the
    last row: LibreOffice 7.4 drops that merge (converted to .xlsx: no merged range), and so does the scan."""
    from sciplan.load.sheets import read_sheets

    path = ods(tmp_path / "far.ods", [
        row(*(cell("string", h) for h in [TITLE, "", "", ""]),
            cell("string", "注", more=' table:number-rows-spanned="1048576"')),
        row(*(cell("string", h) for h in HEADER)),
        row(cell("string", "技术合同成交额"), cell("string", "亿元"), cell("float", "6.2")),
    ])  # fmt: skip
    [sheet] = read_sheets(path, path.name)
    assert sheet.merged == [(0, 4, 2, 4)]
    path = ods(tmp_path / "farther.ods", [
        row(cell("string", TITLE, more=' table:number-columns-spanned="4" table:number-rows-spanned="999999999"')),
        row(*(cell("string", h) for h in HEADER)),
        row(cell("string", "技术合同成交额"), cell("string", "亿元"), cell("float", "6.2")),
    ])  # fmt: skip
    [sheet] = read_sheets(path, path.name)
    assert sheet.merged == []


@pytest.mark.parametrize(("value", "code"), [(62000, '0"万元"'), (6.2, 'General"万元"')])
def test_a_unit_in_the_number_format_against_the_rows_unit_is_a_conflict(root, tmp_path, run_cli, value, code):
    """62000 formatted `0"万元"` shows 62000万元 in a row whose 计量单位 is 亿元; it went in as 62000 亿元. 6.2 shows
    6.2万元: typed in 亿元 into a cell formatted for 万元? The sheet says two units: refused, naming the cell."""
    path = xlsx(tmp_path, [["技术合同成交额", "亿元", value, None]], formats=[("C3", code)])
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"表.xlsx!主要指标!C3: error[import-unit-conflict]: which unit is {value} in? The cell's number format shows "
        f"it as {value}万元, but the row's unit is 亿元; give the cell a number format without a unit (or correct the "
        "unit), then import"
    ), result
    assert unchanged(root)


def test_a_unit_in_the_number_format_of_a_row_without_one_is_the_rows_unit(root, tmp_path, run_cli):
    """No 计量单位 column, no unit in the label or a note: the format `#,##0"万元"` is the only word on the unit,
    and 62000万元 is 62000 / 10000 = 6.2 亿元, exactly (it went in as 62000 亿元)."""
    path = xlsx(tmp_path, [["技术合同成交额", 62000]], formats=[("B3", '#,##0"万元"')], header=["指标名称", "1-10月"])
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert "— → 6.2 " in result.stdout and "62000" not in result.stdout


def test_the_rows_own_unit_in_the_number_format_is_read(root, tmp_path, run_cli):
    """`0.00"亿元"` in a 亿元 row says what the row says: 6.2 as typed."""
    path = xlsx(tmp_path, [["技术合同成交额", "亿元", 6.2, None]], formats=[("C3", '0.00"亿元"')])
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert "— → 6.2 " in result.stdout


def test_a_unit_in_the_number_format_in_chinese(root, tmp_path, run_cli, monkeypatch):
    path = xlsx(tmp_path, [["技术合同成交额", "亿元", 62000, None]], formats=[("C3", '0"万元"')])
    monkeypatch.setenv("SCIPLAN_LANG", "zh")
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "表.xlsx!主要指标!C3: error[import-unit-conflict]: 62000 的单位是什么？该单元格的数字格式把它显示为 62000万元，"
        "但这一行的单位是亿元；请把单元格改为不带单位的数字格式（或改正单位）后再导入"
    ), result


@pytest.mark.parametrize(
    ("value", "code", "row", "factor", "shown"),
    [
        # by hand: 650000000 / 1000² = 650; 32000 / 1000 = 32; 650000 / 1000 = 650
        (650000000, '0.00,,"亿元"', ["技术合同成交额", None, None], 1000000, "650亿元"),
        (32000, '0,"千万元"', ["技术合同成交额", None, None], 1000, "32千万元"),
        (650000, "0,", ["技术合同成交额", "亿元", None], 1000, "650"),
    ],
)
def test_a_number_format_that_divides_the_figure_is_a_conflict(
    root, tmp_path, run_cli, value, code, row, factor, shown
):
    """Attacker trial 6: 650000000 formatted `0.00,,"亿元"` (Excel shows 650.00亿元) went in as 650000000 亿元;
    the sheet shows one number and holds another, a million times larger. Refused at the cell."""
    name, unit, growth = row
    cells = [name, value] if unit is None else [name, unit, value, growth]
    header = ["指标名称", "1-10月"] if unit is None else HEADER
    column = "B" if unit is None else "C"
    path = xlsx(tmp_path, [cells], formats=[(f"{column}3", code)], header=header)
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1, result
    assert result.stderr.splitlines()[0] == (
        f"表.xlsx!主要指标!{column}3: error[import-unit-conflict]: which figure is it? The cell holds {value}, but its "
        f"number format shows it divided by {factor} ({shown}); give the cell a number format that shows the "
        "figure it holds, then import"
    ), result
    assert unchanged(root)


def test_a_thousands_separator_is_no_scale(root, tmp_path, run_cli):
    """`#,##0.00` separates thousands (62,000.00): the figure is read as it is."""
    path = xlsx(tmp_path, [["技术合同成交额", "亿元", 6.2, None]], formats=[("C3", "#,##0.00")])
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert "— → 6.2 " in result.stdout


@pytest.mark.parametrize("currency", ["CNY", "USD", None])
def test_an_ods_currency_cell_is_never_read_in_the_rows_unit(root, tmp_path, run_cli, currency):
    """Attacker trial 6: ¥400.00 (400 元) in a 万元 row of an .ods went in as 400 万元, $400.00 too; the same
    cell of an .xlsx is refused. A currency cell is refused at its cell."""
    said = "" if currency is None else f' office:currency="{currency}"'
    path = ods(tmp_path / "cur.ods", [
        row(cell("string", TITLE)),
        row(*(cell("string", h) for h in HEADER)),
        row(cell("string", "技术合同成交额"), cell("string", "亿元"), cell("currency", "400", more=said)),
    ])  # fmt: skip
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1, result
    assert result.stderr.splitlines()[0] == (
        f"cur.ods!主要指标!C3: error[import-unit-conflict]: the cell is in a currency format ({currency or '?'!r}): "
        "its figure is in yuan or another currency, not in the row's unit; give the cell a plain number format "
        "and the figure in the row's unit, then import"
    ), result
    assert unchanged(root)
