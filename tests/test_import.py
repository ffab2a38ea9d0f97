"""`sciplan import`: a 统计局 月报 in every form it arrives in, into data/2023.yaml (tests/sheets/build.py)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from sciplan.load.sheets import OLE2

sys.path.insert(0, str(Path(__file__).parent / "sheets"))
import monthly_sheet as build

from conftest import write_root

SHEETS = Path(__file__).parent / "sheets"

TARGETS = """\
region: 测试区
indicators:
  industry_output: {name: 规模以上工业总产值, unit: 亿元}
  hightech_output: {name: 高新技术产业产值, unit: 亿元}
  tech_contract_value: {name: 技术合同成交额, unit: 亿元, aliases: [技术合同交易额]}
  tech_loans: {name: 科技贷款发放额, unit: 万元, aliases: [苏科贷]}
  rd_expenditure: {name: 研发经费支出, unit: 亿元}
  patent_grants: {name: 专利授权量, unit: 件}
  invention_grants: {name: 发明专利授权量, unit: 件}
"""
Y2022 = """\
year: 2022
final: true
actuals: {industry_output: 2301.5, patent_grants: 3480}
months:
  6: {industry_output: 1096.8, patent_grants: 1700}
"""
Y2023 = """\
# 2023年 截至3月底
year: 2023
final: false
as_of: 2023-03-31
actuals:
  industry_output: 560.1
  tech_contract_value: 2.9
  rd_expenditure: {value: 12.5, estimated: true}   # 预计数
"""
# What the 月报 says, written out by hand: 1-6月累计 in E, the 金融 section's 1-5月累计, the header
# note's 万元 for 苏科贷, ——/blank never zero, 社会消费品零售总额 not an indicator.
EXPECTED_2023 = """\
# 2023年 截至3月底
year: 2023
final: false
as_of: 2023-06-30
actuals:
  industry_output: 1180.25
  tech_contract_value: 6.35
  hightech_output: 530.4
  patent_grants: 1850
  invention_grants: 236
months:
  3:
    industry_output: 560.1
    tech_contract_value: 2.9
    rd_expenditure: {value: 12.5, estimated: true}  # 预计数
  5:
    tech_loans: 6500
"""


@pytest.fixture
def root(tmp_path):
    return write_root(tmp_path / "root", TARGETS, {2022: Y2022, 2023: Y2023})


def sheet(kind: str, tmp_path: Path) -> Path:
    """The 月报 as `kind`: built here, or the committed LibreOffice conversion."""
    out = tmp_path / "in"
    out.mkdir(exist_ok=True)
    if kind == "xlsx":
        return build.build_xlsx(out / "2023年1-6月主要经济指标.xlsx")
    if kind in ("xls", "et", "ods"):
        return Path(shutil.copy(SHEETS / f"月报.{kind}", out / f"2023年1-6月主要经济指标.{kind}"))
    if kind == "wps-et":  # the workbook in the compound file WPS writes (tests/sheets/wps_et.py)
        return Path(shutil.copy(SHEETS / "月报-wps.et", out / "2023年1-6月主要经济指标.et"))
    path = out / "2023年1-6月主要经济指标.xls" if kind in ("html", "tsv") else out / "2023年1-6月主要经济指标.csv"
    data = {"csv-gbk": build.csv_bytes("gbk"), "csv-bom": b"\xef\xbb\xbf" + build.csv_bytes("utf-8")}
    data |= {"html": build.html_bytes(), "tsv": build.tsv_bytes()}
    path.write_bytes(data[kind])
    return path


KINDS = ["xlsx", "xls", "et", "wps-et", "ods", "csv-gbk", "csv-bom", "html", "tsv"]


def test_the_wps_et_carries_what_wps_writes():
    """月报-wps.et is no renamed .xls: an OLE2 file of its own layout holding the Workbook (BIFF8) stream, with
    the custom property KSOProductBuildVer (2052-…: zh-CN), WPS Office as the creating application and a
    WpsCustomData stream; the import above reads it, by its content, to the figures written out by hand."""
    import wps_et

    raw = (SHEETS / "月报-wps.et").read_bytes()
    xls = (SHEETS / "月报.xls").read_bytes()
    assert raw.startswith(OLE2) and raw != xls
    for stream in ("Workbook", "WpsCustomData", "\x05SummaryInformation", "\x05DocumentSummaryInformation"):
        assert stream.encode("utf-16-le") in raw, stream
    assert b"KSOProductBuildVer" in raw and b"2052-11.1.0.10132" in raw and b"WPS Office" in raw
    assert "LibreOffice".encode("utf-16-le") not in raw and b"LibreOffice" not in raw
    assert wps_et.wps_et(xls) == raw  # the committed file is what the builder writes


@pytest.mark.parametrize("kind", KINDS)
def test_import_reads_the_monthly_table_in_every_form(root, tmp_path, run_cli, kind):
    path = sheet(kind, tmp_path)
    dry = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert dry.exit_code == 0, dry
    assert (root / "data" / "2023.yaml").read_text(encoding="utf-8") == Y2023  # --dry-run writes nothing
    assert "6 new, 0 changed, 0 unchanged" in dry.stdout
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 0, result
    assert (root / "data" / "2023.yaml").read_text(encoding="utf-8") == EXPECTED_2023
    assert "社会消费品零售总额" in result.stderr and "!E13" in result.stderr  # listed, never guessed
    assert "as_of 2023-03-31 → 2023-06-30" in result.stdout
    assert run_cli("check", "--root", str(root)).exit_code == 0
    again = run_cli("import", str(path), "--root", str(root))
    assert "0 new, 0 changed, 6 unchanged" in again.stdout, again
    assert (root / "data" / "2023.yaml").read_text(encoding="utf-8") == EXPECTED_2023


def test_change_table_and_growth_warning(root, tmp_path, run_cli):
    result = run_cli("import", str(sheet("xlsx", tmp_path)), "--dry-run", "--root", str(root))
    assert "560.1 → 1180.25" not in result.stdout  # March's figure moved under months: 3; June's is new
    assert "— → 1180.25" in result.stdout
    assert "2023-05" in result.stdout  # 苏科贷: the 金融 section runs to May
    # 专利授权量: 1850 over last year's 1700 at June is 8.8%, the sheet says 6.2 (F11); 规上工业 7.6 agrees
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "!F11" in warnings[0] and "8.8" in warnings[0], result.stderr


def test_mapping_starter_written_once(root, tmp_path, run_cli):
    path = sheet("xlsx", tmp_path)
    assert run_cli("import", str(path), "--root", str(root)).exit_code == 0
    starter = (root / "import" / "主要经济指标.yaml").read_text(encoding="utf-8")
    assert "sheet: 月报\n" in starter and "header_row: 3\n" in starter and "value_column: 累计\n" in starter
    (root / "import" / "主要经济指标.yaml").write_text(starter.replace("rows: {}", "rows: {社会消费品零售总额: null}"))
    again = run_cli("import", str(path), "--root", str(root))
    assert "社会消费品零售总额" not in again.stderr
    assert (
        (root / "import" / "主要经济指标.yaml")
        .read_text(encoding="utf-8")
        .endswith("rows: {社会消费品零售总额: null}\n")
    )


def test_value_added_growth_is_not_checked_against_nominal_figures(root, tmp_path, run_cli):
    """The 统计局's GDP / 增加值 growth is at comparable prices (可比价): 1–6月 GDP 1180 over last year's
    1100 is 7.3% nominal, the sheet's 5.2 real; a warning on every sheet teaches the 统计员 to ignore
    warnings (new-user trial 3). 专利授权量 in the same sheet is still checked: 1850 / 1700 − 1 = 8.8%
    against the sheet's 6.2."""
    (root / "targets.yaml").write_text(TARGETS + "  gdp: {name: 地区生产总值, unit: 亿元}\n", encoding="utf-8")
    (root / "data" / "2022.yaml").write_text(Y2022.replace("patent_grants: 1700}", "patent_grants: 1700, gdp: 1100}"))
    assert "gdp: 1100" in (root / "data" / "2022.yaml").read_text()  # in months: 6:, the same period
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["2023年1-6月主要经济指标"], ["指标名称", "计量单位", "1-6月累计", "累计增长%"],
                ["地区生产总值", "亿元", 1180, 5.2], ["专利授权量", "件", 1850, 6.2]]:  # fmt: skip
        ws.append(row)
    wb.save(tmp_path / "表.xlsx")
    result = run_cli("import", str(tmp_path / "表.xlsx"), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "!D4" in warnings[0] and "8.8" in warnings[0], result.stderr


def _xlsx(tmp_path: Path, rows: list[list], name: str = "表.xlsx") -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for row in [["2023年1-6月主要经济指标"], ["指标名称", "计量单位", "1-6月累计"], *rows]:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("rows", "first_line"),
    [
        ([["专利授权量", "件", "约1850"]], "表.xlsx!Sheet1!C3: error[import-text]: '约1850' is text, not a figure"),
        ([["专利授权量", "个", 1850]], "表.xlsx!Sheet1!C3: error[import-unit]: '1850个' is in 个"),
        (
            [["专利授权量", "件", 1850], ["专利授权量", "件", 1851]],
            "表.xlsx!Sheet1!C4: error[import-duplicate]: a second row for patent_grants "
            "(the first is 表.xlsx!Sheet1!C3)",
        ),
    ],
)
def test_bad_rows_are_located_and_nothing_is_written(root, tmp_path, run_cli, rows, first_line):
    result = run_cli("import", str(_xlsx(tmp_path, rows)), "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.startswith(first_line), result
    assert "nothing was written" in result.stderr
    assert (root / "data" / "2023.yaml").read_text(encoding="utf-8") == Y2023
    assert not (root / "import").exists()


def test_a_row_naming_two_indicators(root, tmp_path, run_cli):
    (root / "import").mkdir()
    (root / "import" / "表.yaml").write_text("rows: {专利授权量: invention_grants}\n", encoding="utf-8")
    result = run_cli("import", str(_xlsx(tmp_path, [["专利授权量", "件", 1850]])), "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "表.xlsx!Sheet1!C3: error[import-ambiguous]: the row '专利授权量' names invention_grants, patent_grants"
    ), result
    assert (root / "data" / "2023.yaml").read_text(encoding="utf-8") == Y2023


def test_a_tenfold_slip_names_the_cell(root, tmp_path, run_cli):
    path = _xlsx(tmp_path, [["规模以上工业总产值", "万元", 11802500]])  # 1180.25亿元: fine
    assert run_cli("import", str(path), "--dry-run", "--root", str(root)).exit_code == 0
    path = _xlsx(tmp_path, [["规模以上工业总产值", "亿元", 23150]], "slip.xlsx")  # 10.06× last year's 2301.5
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert "error[jump]" in result.stderr and "slip.xlsx!Sheet1!C3" in result.stderr, result
    assert (root / "data" / "2023.yaml").read_text(encoding="utf-8") == Y2023


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (OLE2 + b"\x00" * 200 + "EncryptedPackage".encode("utf-16-le"), "the workbook is encrypted"),
        (b"PK\x03\x04 broken zip", "cannot read the workbook"),
        ("<html><body>没有表格</body></html>".encode(), "an HTML page without a table"),
    ],
)
def test_unreadable_files_say_why(root, tmp_path, run_cli, content, message):
    path = tmp_path / "月报.xls"
    path.write_bytes(content)
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"sciplan: error: 月报.xls: {message}"), result
    assert (root / "data" / "2023.yaml").read_text(encoding="utf-8") == Y2023


def test_a_password_protected_workbook(root, tmp_path, run_cli):
    path = Path(shutil.copy(SHEETS / "加密.xlsx", tmp_path / "加密.xlsx"))
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr == (
        "sciplan: error: 加密.xlsx: the workbook is encrypted (password-protected); save a copy without a password\n"
    )
    assert (root / "data" / "2023.yaml").read_text(encoding="utf-8") == Y2023


def test_an_empty_sheet(root, tmp_path, run_cli):
    import openpyxl

    path = tmp_path / "空.xlsx"
    openpyxl.Workbook().save(path)
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.startswith("sciplan: error: 空.xlsx: the sheet is empty"), result


def test_file_changed_on_disk_during_import(root, tmp_path, run_cli, monkeypatch):
    from sciplan.app import recording

    real = recording._check

    def meanwhile(root_, file, text):
        found = real(root_, file, text)
        (root / "data" / "2023.yaml").write_text(Y2023 + "# 别处改的\n", encoding="utf-8")
        return found

    monkeypatch.setattr(recording, "_check", meanwhile)
    result = run_cli("import", str(sheet("xlsx", tmp_path)), "--root", str(root))
    assert result.exit_code == 1
    assert "changed on disk" in result.stderr
    assert (root / "data" / "2023.yaml").read_text(encoding="utf-8") == Y2023 + "# 别处改的\n"


def test_usage_problems_exit_2(root, tmp_path, run_cli):
    assert run_cli("import", "--root", str(root)).exit_code == 2
    path = tmp_path / "无年份.csv"
    path.write_text("指标名称,计量单位,累计\n专利授权量,件,20\n", encoding="utf-8")
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 2
    assert "--year" in result.stderr
    # 20 by June is 1/85 of last year's 1-6月 1700 (months: 6), like with like: a slip, refused
    late = run_cli("import", str(path), "--year", "2023", "--month", "6", "--dry-run", "--root", str(root))
    assert late.exit_code == 1, late
    assert "error[jump]: actuals.patent_grants: 20件 is 1/85 of last year's 1700件" in late.stderr
    # in January there is no 1-1月 of last year to compare with, and never its whole year's 3480
    early = run_cli("import", str(path), "--year", "2023", "--month", "1", "--dry-run", "--root", str(root))
    assert early.exit_code == 0, early
    assert "jump" not in early.stderr


def test_an_alias_names_one_indicator(root, run_cli):
    (root / "targets.yaml").write_text(
        TARGETS.replace("aliases: [苏科贷]", "aliases: [苏科贷, 专利授权量]"), encoding="utf-8"
    )
    result = run_cli("check", "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "targets.yaml:6:56: error[duplicate-name]: indicators.tech_loans.aliases[1]: '专利授权量' is already a name "
        "or alias of patent_grants"
    ), result


def test_of_two_cumulative_columns_the_latest(root, tmp_path, run_cli):
    path = tmp_path / "两期.csv"
    path.write_text("2023年\n指标名称,计量单位,1-5月累计,1-6月累计\n专利授权量,件,1500,1850\n", encoding="utf-8")
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 0, result
    assert "  patent_grants: 1850\n" in (root / "data" / "2023.yaml").read_text(encoding="utf-8")
    assert "2023-06" in result.stdout
