"""Findings on `sciplan import` (figfix): the mapping file the first import writes must make a re-import
read the same column, and next month's sheet of the same source its cumulative column."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_root

TARGETS = """\
region: 测试区
indicators:
  industry_output: {name: 规模以上工业总产值, unit: 亿元}
  patent_grants: {name: 专利授权量, unit: 件}
"""
Y2023 = """\
year: 2023
final: false
as_of: 2023-03-31
actuals:
  industry_output: 560.1
  patent_grants: 800
"""


@pytest.fixture
def root(tmp_path):
    return write_root(tmp_path / "root", TARGETS, {2023: Y2023})


def merged_sheet(folder: Path, months: int, month_values: tuple, cumulative: tuple) -> Path:
    """The 统计局 layout: `2023年` merged over 当月 | 1-N月累计 | 累计增长% in a second header row."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    ws.append([f"2023年1-{months}月主要经济指标"])
    ws.append(["指标", "计量单位", "2023年", None, None])
    ws.append([None, None, f"{months}月", f"1-{months}月累计", "累计增长%"])
    ws.merge_cells("C2:E2")
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:B3")
    ws.append(["规模以上工业总产值", "亿元", month_values[0], cumulative[0], 7.6])
    ws.append(["专利授权量", "件", month_values[1], cumulative[1], 6.2])
    folder.mkdir(exist_ok=True)
    path = folder / f"2023年1-{months}月主要经济指标.xlsx"
    wb.save(path)
    return path


def test_a_reimport_reads_the_column_the_first_import_read(root, tmp_path, run_cli):
    june = merged_sheet(tmp_path / "in", 6, (210.5, 320), (1180.25, 1850))
    first = run_cli("import", str(june), "--root", str(root))
    assert first.exit_code == 0, first
    data = (root / "data" / "2023.yaml").read_text(encoding="utf-8")
    assert "  industry_output: 1180.25\n" in data and "  patent_grants: 1850\n" in data
    mapping = (root / "import" / "主要经济指标.yaml").read_text(encoding="utf-8")
    assert "value_column: 2023年" not in mapping
    again = run_cli("import", str(june), "--root", str(root))
    assert again.exit_code == 0, again
    assert "0 new, 0 changed, 2 unchanged" in again.stdout + again.stderr, again
    assert (root / "data" / "2023.yaml").read_text(encoding="utf-8") == data
    # the next month's sheet of the same source: its 1-9月累计, not the 9月 column
    september = merged_sheet(tmp_path / "in", 9, (230.0, 400), (1900.5, 2650))
    third = run_cli("import", str(september), "--root", str(root))
    assert third.exit_code == 0, third
    data = (root / "data" / "2023.yaml").read_text(encoding="utf-8")
    assert "as_of: 2023-09-30\n" in data
    assert "  industry_output: 1900.5\n" in data and "  patent_grants: 2650\n" in data
    assert "  6:\n    industry_output: 1180.25\n    patent_grants: 1850\n" in data


def test_an_old_mapping_naming_the_merged_cell_still_reads_the_cumulative_column(root, tmp_path, run_cli):
    (root / "import").mkdir()
    (root / "import" / "主要经济指标.yaml").write_text("value_column: 2023年\n", encoding="utf-8")
    june = merged_sheet(tmp_path / "in", 6, (210.5, 320), (1180.25, 1850))
    result = run_cli("import", str(june), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert "1850" in result.stdout and "320" not in result.stdout


def test_a_mapping_naming_a_column_not_in_the_sheet_is_an_error_at_the_setting(root, tmp_path, run_cli):
    (root / "import").mkdir()
    (root / "import" / "主要经济指标.yaml").write_text("value_column: 1-6月累计\n", encoding="utf-8")
    september = merged_sheet(tmp_path / "in", 9, (230.0, 400), (1900.5, 2650))
    result = run_cli("import", str(september), "--dry-run", "--root", str(root))
    assert result.exit_code == 1, result
    assert "import/主要经济指标.yaml:1:15: error[value-column]" in result.stderr, result.stderr
    assert "1-9月累计" in result.stderr and "no table of indicators" not in result.stderr


def test_import_into_the_file_init_wrote(root, tmp_path, run_cli):
    (root / "targets.yaml").write_text(TARGETS.replace("indicators:", "units: [高新区, 开发区]\nindicators:"), "utf-8")
    (root / "data" / "2023.yaml").unlink()
    assert run_cli("init", "2023", "--root", str(root)).exit_code == 0
    june = merged_sheet(tmp_path / "in", 6, (210.5, 320), (1180.25, 1850))
    result = run_cli("import", str(june), "--root", str(root))
    assert result.exit_code == 0, result
    data = (root / "data" / "2023.yaml").read_text(encoding="utf-8")
    assert "as_of: 2023-06-30" in data and "patent_grants: 1850\n" in data


def test_wan_yuan_into_yi_yuan_is_written_without_trailing_zeros(root, tmp_path, run_cli):
    path = tmp_path / "2023年1-6月主要经济指标.csv"
    path.write_text("2023年1-6月主要经济指标\n指标名称,计量单位,1-6月累计\n规模以上工业总产值,万元,12345000\n", "utf-8")
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 0, result
    assert "  industry_output: 1234.5\n" in (root / "data" / "2023.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["../../pwnmap", "../targets", "a/b", ".hidden"])
def test_a_mapping_name_is_a_plain_name(root, tmp_path, run_cli, name):
    june = merged_sheet(tmp_path / "in", 6, (210.5, 320), (1180.25, 1850))
    result = run_cli("import", str(june), "--mapping", name, "--root", str(root))
    assert result.exit_code == 2, result
    assert "a mapping is named by a plain name" in result.stderr
    assert not (tmp_path / "pwnmap.yaml").exists() and not (root / "import").exists()
