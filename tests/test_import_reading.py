"""`sciplan import` reading what it is sent, as an attacker or a careless exporter sends it (issue 20's
trial): a far cell that made calamine abort the process, a pipe or device that never ends, `"5,7"` read as
57, terminal escapes in row labels, formulas saved without their results, a title's period the flags or
the header contradict, -0 and negative counts, a flood of rows that name nothing. Each is one located
line and nothing written, or a figure written exactly."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import write_root

TARGETS = """\
region: 测试区
indicators:
  tech_contract_value: {name: 技术合同成交额, unit: 亿元}
  hightech_total: {name: 有效期内国家高新技术企业, unit: 家, kind: stock}
  hightech_new: {name: 新认定国家高新技术企业, unit: 家}
  hightech_net: {name: 高新技术企业净增数, unit: 家}
  tech_loans: {name: 科技贷款, unit: 万元}
"""
Y2022 = """\
year: 2022
as_of: 2022-06-30
actuals:
  tech_contract_value: 5.6
  hightech_total: 268
"""
TITLE = "泰兴市2022年1-6月主要科技指标"


@pytest.fixture
def root(tmp_path) -> Path:
    return write_root(tmp_path / "root", TARGETS, {2022: Y2022})


def xlsx(folder: Path, rows: list[list], name: str = "表.xlsx", title: str = TITLE, header: str = "1-6月累计") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    for row in [[title], ["指标名称", "计量单位", header], *rows]:
        ws.append(row)
    path = folder / name
    wb.save(path)
    return path


def csv_file(folder: Path, rows: list[str], name: str = "表.csv", title: str = TITLE) -> Path:
    path = folder / name
    path.write_text("\n".join([title, "指标名称,计量单位,1-6月累计", *rows]) + "\n", encoding="utf-8")
    return path


def unchanged(root: Path) -> bool:
    return (root / "data" / "2022.yaml").read_text(encoding="utf-8") == Y2022 and not (root / "import").exists()


def sciplan(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """sciplan in a process of its own: what killed or hung the process must not take the tests with it."""
    env = {**os.environ, "SCIPLAN_LANG": "en", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "sciplan", *args], capture_output=True, text=True, timeout=timeout, env=env, check=False
    )


# ---- a far cell: calamine built the whole rectangle to XFD1048576 (512 GB) and aborted the process ------


def test_a_far_cell_is_refused_before_the_sheet_is_read(root, tmp_path):
    path = xlsx(tmp_path, [["技术合同成交额", "亿元", 5.7]], "corner.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active["XFD1048576"] = "x"
    wb.save(path)
    result = sciplan("import", str(path), "--dry-run", "--root", str(root))
    assert result.returncode == 1, result
    assert result.stderr.splitlines()[0] == (
        "corner.xlsx!主要指标!XFD1048576: error[import-far-cell]: a value far outside the table: the sheet would "
        "span A1:XFD1048576, 17,179,869,184 cells, and sciplan reads at most 2,000,000; delete what is in that "
        "cell (and anything else far away), then import"
    ), result
    assert unchanged(root)


def test_a_far_cell_within_what_excel_allows_but_beyond_a_table(root, tmp_path, run_cli):
    """Z200000: 26 × 200,000 = 5,200,000 cells (5 s and 360 MB for 3 rows of data before)."""
    path = xlsx(tmp_path, [["技术合同成交额", "亿元", 5.7]], "z.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active["Z200000"] = 1
    wb.save(path)
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.startswith("z.xlsx!主要指标!Z200000: error[import-far-cell]: ")
    assert "A1:Z200000, 5,200,000 cells" in result.stderr


def test_an_empty_formatted_cell_far_away_is_no_value(root, tmp_path, run_cli):
    """A bold, empty cell at Z20000 holds nothing: the table is read (calamine skips it too)."""
    from openpyxl.styles import Font

    path = xlsx(tmp_path, [["技术合同成交额", "亿元", 5.7]], "styled.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active["XFD1048576"].font = Font(bold=True)
    wb.save(path)
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert "5.6 → 5.7" in result.stdout


# ---- a pipe or a device: reading never ended ----------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_not_waited_on(root, tmp_path):
    fifo = tmp_path / "月报.xlsx"
    os.mkfifo(fifo)
    result = sciplan(
        "import", str(fifo), "--year", "2022", "--month", "6", "--dry-run", "--root", str(root), timeout=30
    )
    assert result.returncode == 1, result
    assert result.stderr.strip() == "sciplan: error: 月报.xlsx: is a named pipe (FIFO), not a file", result


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_refused_not_read(root):
    result = sciplan(
        "import", "/dev/zero", "--year", "2022", "--month", "6", "--dry-run", "--root", str(root), timeout=30
    )
    assert result.returncode == 1, result
    assert result.stderr.strip() == "sciplan: error: zero: is a device, not a file", result


# ---- numbers as `set` reads them -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["5,7", "5 7", "1,2,3", "1.234,5", "12,34", "5，7"])
def test_a_comma_or_space_that_groups_no_thousands_is_text(root, tmp_path, run_cli, text):
    path = csv_file(tmp_path, [f'技术合同成交额,亿元,"{text}"'])
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 1, result
    assert result.stderr.startswith(f"表.csv!表!C3: error[import-text]: {text!r} is text, not a figure"), result
    assert unchanged(root)


def test_thousands_separators_are_read(root, tmp_path, run_cli):
    """1,240万元 and 2,801.5万元: groups of three."""
    path = csv_file(tmp_path, ['科技贷款,万元,"1,240"'])
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 0, result
    assert "  tech_loans: 1240\n" in (root / "data" / "2022.yaml").read_text(encoding="utf-8")
    path = csv_file(tmp_path, ['科技贷款,万元,"2,801.5"'])
    assert run_cli("import", str(path), "--root", str(root)).exit_code == 0
    assert "  tech_loans: 2801.5\n" in (root / "data" / "2022.yaml").read_text(encoding="utf-8")


def test_minus_zero_is_written_zero(root, tmp_path, run_cli):
    path = xlsx(tmp_path, [["科技贷款", "万元", -0.0]])
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 0, result
    assert "— → 0 " in result.stdout
    assert "  tech_loans: 0\n" in (root / "data" / "2022.yaml").read_text(encoding="utf-8")


def test_a_negative_count_is_refused_a_net_change_is_not(root, tmp_path, run_cli):
    path = xlsx(tmp_path, [["新认定国家高新技术企业", "家", -3]])
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "表.xlsx!主要指标!C3: error[import-negative]: -3 is negative, but 新认定国家高新技术企业 is counted in 家 "
        "and cannot be below zero"
    ), result
    assert unchanged(root)
    path = xlsx(tmp_path, [["高新技术企业净增数", "家", -3]], "净增.xlsx")
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert "— → -3" in result.stdout


def test_float_noise_in_a_count_names_the_cell(root, tmp_path, run_cli):
    path = xlsx(tmp_path, [["有效期内国家高新技术企业", "家", 270.0000000001]])
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert "表.xlsx!主要指标!C3: " in result.stderr and "270.0000000001 is not a whole number" in result.stderr
    assert unchanged(root)


# ---- what a sheet says is echoed safely -----------------------------------------------------------------


def test_escapes_and_bidi_controls_in_labels_are_shown_escaped(root, tmp_path, run_cli):
    path = csv_file(
        tmp_path,
        ["\x1b]0;pwned\x07\x1b[2J技术合同成交额x,亿元,5.7", "\u202e技术合同,亿元,1", "技术合同成交额,亿元,5.7"],
    )
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr and "\u202e" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "not imported: \\x1b]0;pwned\\x07\\x1b[2J技术合同成交额x (表.csv!表!C3) names no indicator; "
        "add it to aliases: in targets.yaml"
    )
    assert lines[1].startswith("not imported: \\u202e技术合同 (表.csv!表!C4)")


def test_a_flood_of_unmatched_rows_is_summed_up(root, tmp_path, run_cli):
    rows = [f"行{i},亿元,{i}" for i in range(100_000)]
    path = csv_file(tmp_path, [*rows, "技术合同成交额,亿元,5.7"])
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    lines = result.stderr.splitlines()
    assert len(lines) == 21
    assert lines[0].startswith("not imported: 行0 (表.csv!表!C3) ")
    assert lines[19].startswith("not imported: 行19 (表.csv!表!C22) ")
    assert lines[20] == "… and 99,980 more rows that name no indicator, not imported"
    assert "5.6 → 5.7" in result.stdout


# ---- formulas saved without their results -----------------------------------------------------------------


def test_a_formula_without_its_result_is_an_error_not_a_gap(root, tmp_path, run_cli):
    """openpyxl (and many exporters) save `=5.7` without computing it: the row was dropped in silence."""
    path = xlsx(tmp_path, [["技术合同成交额", "亿元", "=5.7"], ["有效期内国家高新技术企业", "家", 270]])
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "表.xlsx!主要指标!C3: error[import-formula]: the cell is a formula without its computed result; open the "
        "file in Excel or WPS, save it, then import"
    ), result
    assert unchanged(root)


def test_a_formula_with_its_result_is_read(root, tmp_path, run_cli):
    """As Excel saves it: <f>5+0.7</f><v>5.7</v>."""
    path = xlsx(tmp_path, [["技术合同成交额", "亿元", "=5+0.7"]])
    computed = tmp_path / "computed.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(computed, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert b"<f>5+0.7</f><v></v>" in data
                data = data.replace(b"<f>5+0.7</f><v></v>", b"<f>5+0.7</f><v>5.7</v>")
            zout.writestr(info, data)
    result = run_cli("import", str(computed), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert "5.6 → 5.7" in result.stdout


def test_an_unmatched_row_holding_a_formula_is_listed(root, tmp_path, run_cli):
    path = xlsx(tmp_path, [["社会消费品零售总额", "亿元", "=1+1"], ["技术合同成交额", "亿元", 5.7]])
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert result.stderr.startswith("not imported: 社会消费品零售总额 (表.xlsx!主要指标!C3)"), result


# ---- the table's own period ------------------------------------------------------------------------------


def test_a_title_and_header_of_different_months(root, tmp_path, run_cli):
    path = csv_file(tmp_path, ["技术合同成交额,亿元,5.7"], title="泰兴市2022年1-9月主要科技指标")
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "表.csv!表!C2: error[import-period]: the column read, '1-6月累计', is for 1–6月 but the title "
        "'泰兴市2022年1-9月主要科技指标' (A1) says 1–9月; correct whichever is wrong, then import"
    ), result
    assert unchanged(root)


def test_flags_that_contradict_the_table(root, tmp_path, run_cli):
    """--help: --year and --month are for a table that does not say them; a table that does wins no silent
    override (the trial's 2021 table went into 2022)."""
    path = csv_file(tmp_path, ["技术合同成交额,亿元,5.7"], title="泰兴市2021年1-6月主要科技指标")
    result = run_cli("import", str(path), "--year", "2022", "--month", "9", "--dry-run", "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "表.csv!表!A1: error[import-period]: the table is for 2021 (this cell), but --year 2022 was given; "
        "import it without --year",
        "表.csv!表!A1: error[import-period]: the table is for 1–6月 (this cell), but --month 9 was given; "
        "import it without --month",
    ], result
    assert unchanged(root)


def test_flags_that_agree_with_the_table_are_fine(root, tmp_path, run_cli):
    path = csv_file(tmp_path, ["技术合同成交额,亿元,5.7"])
    result = run_cli("import", str(path), "--year", "2022", "--month", "6", "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert "2022-06   5.6 → 5.7" in result.stdout


# ---- .ods: a valued cell repeated across 16,383 columns, its row repeated -------------------------------


def test_a_repeated_far_cell_in_an_ods_is_refused(root, tmp_path):
    """calamine expands table:number-columns-repeated / number-rows-repeated of a cell holding a value: 300 rows
    × 16,384 columns took 530 MB for a table of 16 rows; 6,000 rows would ask for gigabytes."""
    src = Path(__file__).parent / "sheets" / "月报.ods"
    with zipfile.ZipFile(src) as z:
        items = [(info, z.read(info.filename)) for info in z.infolist()]
    empty_tail = b'<table:table-cell table:number-columns-repeated="16383"/></table:table-row>'
    valued_tail = (
        b'<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16383">'
        b"<text:p>1</text:p></table:table-cell></table:table-row>"
    )
    second_row = b'<table:table-row table:style-name="ro1"><table:table-cell office:value-type="string"'
    path = tmp_path / "月报.ods"
    with zipfile.ZipFile(path, "w") as out:
        for info, data in items:
            if info.filename != "content.xml":
                out.writestr(info, data)
                continue
            assert empty_tail in data and second_row in data
            repeated = second_row.replace(b'"ro1"', b'"ro1" table:number-rows-repeated="300"')
            # row 2 (单位：万元) gets a value in B2:XFD2, and is repeated 300 times
            out.writestr(info, data.replace(empty_tail, valued_tail, 1).replace(second_row, repeated, 1))
    result = sciplan("import", str(path), "--dry-run", "--root", str(root))
    assert result.returncode == 1, result
    # row 2 repeated 300 times: rows 2–301, the value in columns B–XFD (16,384 columns × 301 rows)
    assert result.stderr.splitlines()[0] == (
        "月报.ods!月报!XFD301: error[import-far-cell]: a value far outside the table: the sheet would span "
        "A1:XFD301, 4,931,584 cells, and sciplan reads at most 2,000,000; delete what is in that cell (and anything "
        "else far away), then import"
    ), result
    assert unchanged(root)


# ---- what no spreadsheet writes: NaN, INF, 1E300 in a cell ------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "line"),
    [
        ("NaN", "error[import-text]: 'nan' is not a number; type the figure, save, then import"),
        ("INF", "error[import-text]: 'inf' is not a number; type the figure, save, then import"),
        ("1E300", "error[import-range]: 1e+300 is not a figure (at most 15 digits, 10 decimals)"),
        ("1E-300", "error[import-range]: 1e-300 is not a figure (at most 15 digits, 10 decimals)"),
    ],
)
def test_values_no_spreadsheet_writes_name_their_cell(root, tmp_path, run_cli, stored, line):
    """1E300 was refused at a line of data/2022.yaml the user's file does not have."""
    path = xlsx(tmp_path, [["有效期内国家高新技术企业", "家", 270]])
    odd = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(odd, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert b'<c r="C3" t="n"><v>270</v>' in data
            new = f'<c r="C3" t="n"><v>{stored}</v>'.encode()
            zout.writestr(info, data.replace(b'<c r="C3" t="n"><v>270</v>', new))
    result = run_cli("import", str(odd), "--dry-run", "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"odd.xlsx!主要指标!C3: {line}", result


def test_in_chinese(root, tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("SCIPLAN_LANG", "zh")
    path = xlsx(tmp_path, [["技术合同成交额", "亿元", "=5.7"], ["新认定国家高新技术企业", "家", -3]])
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "表.xlsx!主要指标!C3: error[import-formula]: "
        "单元格是公式但没有保存计算结果，请在 Excel/WPS 中打开并保存后再导入",
        "表.xlsx!主要指标!C4: error[import-negative]: -3 是负数，但新认定国家高新技术企业以家计，不能小于零",
        "sciplan: error: 报表中有 2 处错误；未写入任何内容",
    ], result
    rows = ["技术合同成交额,亿元,5.7"] + [f"行{i},亿元,{i}" for i in range(25)]
    result = run_cli("import", str(csv_file(tmp_path, rows)), "--dry-run", "--root", str(root))
    assert result.stderr.splitlines()[-1] == "……及其余 5 行未对应任何指标，未导入", result


def test_a_date_above_the_table_is_no_period(root, tmp_path, run_cli):
    """制表日期：2022年7月15日 under a title without months: the table is 1–6月, as its header says."""
    path = tmp_path / "dated.csv"
    path.write_text(
        "泰兴市2022年主要科技指标\n制表日期：2022年7月15日\n指标名称,计量单位,1-6月累计\n技术合同成交额,亿元,5.7\n",
        encoding="utf-8",
    )
    result = run_cli("import", str(path), "--month", "6", "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert "2022-06   5.6 → 5.7" in result.stdout


def test_a_sheet_without_any_figure_writes_nothing(root, tmp_path, run_cli):
    """A 1–9月 sheet whose indicator rows are all empty moved as_of to 30 September and every figure
    under `months: 6:` (attacker trial 2: `0 new, 0 changed`, exit 0, the file rewritten): nothing read,
    nothing written, exit 1."""
    path = xlsx(tmp_path, [["技术合同成交额", "亿元", None], ["科技贷款", "万元", None]],
                title="泰兴市2022年1-9月主要科技指标", header="1-9月累计")  # fmt: skip
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1, result
    assert "no figure of any indicator" in result.stderr
    assert (root / "data" / "2022.yaml").read_text(encoding="utf-8") == Y2022


def test_a_flow_slip_without_last_years_same_period_is_held_against_its_whole_year(tmp_path, run_cli):
    """Attacker trial 2: 62000 (万元, the unit cell left blank) imported as 62000亿元 for 1–9月 because
    last year has no 1–9月 figure to compare with. A part of the year over ten times last year's whole
    year (13.9亿元: 62000 / 13.9 ≈ 4460×) is a slip all the same: refused at its cell, nothing written."""
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    (root / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    (root / "data" / "2021.yaml").write_text("year: 2021\nfinal: true\nactuals: {tech_contract_value: 13.9}\n")
    (root / "data" / "2022.yaml").write_text(Y2022, encoding="utf-8")
    path = xlsx(tmp_path, [["技术合同成交额", None, 62000]], title="泰兴市2022年1-9月主要科技指标", header="1-9月累计")
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1, result
    assert "error[jump]" in result.stderr and "last year's whole-year 13.9亿元" in result.stderr
    assert (root / "data" / "2022.yaml").read_text(encoding="utf-8") == Y2022
    # a part of the year under last year's whole is no slip: 7 for 1–9月 (June had 5.6) is written
    small = xlsx(tmp_path, [["技术合同成交额", "亿元", 7]], name="小.xlsx",
                 title="泰兴市2022年1-9月主要科技指标", header="1-9月累计")  # fmt: skip
    assert run_cli("import", str(small), "--root", str(root)).exit_code == 0


def test_a_percent_formatted_cell_is_read_as_excel_shows_it(tmp_path, run_cli):
    """Attacker trial 2: R&D intensity 0.026 in a cell formatted `0.00%` (Excel shows 2.60%) was imported
    as 0.026%, a hundredth of the figure, and `check` passed. Read as shown: 2.6 (%). A plain cell beside it
    (5.7, General) is read as it is, and a `"%"`-quoted format is no percent."""
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    (root / "targets.yaml").write_text(
        TARGETS + '  rd_intensity: {name: 全社会研发经费投入强度, unit: "%", kind: ratio}\n'
        '  share: {name: 高新技术产业产值占比, unit: "%", kind: ratio}\n',
        encoding="utf-8",
    )
    (root / "data" / "2022.yaml").write_text(Y2022, encoding="utf-8")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    for row in [[TITLE], ["指标名称", "计量单位", "1-6月累计"], ["全社会研发经费投入强度", "%", 0.026],
                ["技术合同成交额", "亿元", 5.7], ["高新技术产业产值占比", "%", 48.5]]:  # fmt: skip
        ws.append(row)
    ws["C3"].number_format = "0.00%"
    ws["C5"].number_format = '0.0"%"'  # the percent sign as text: 48.5 shown as 48.5%
    path = tmp_path / "pct.xlsx"
    wb.save(path)
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 0, result
    text = (root / "data" / "2022.yaml").read_text(encoding="utf-8")
    assert "  rd_intensity: 2.6\n" in text and "  share: 48.5\n" in text and "  tech_contract_value: 5.7" in text
