"""`sciplan import` names every figure it does not take (issue 20, attacker trial): a second row under a label
merged over two rows (7.7 in C4 was dropped without a word), a figure in a row without a label, and a label
whose unit contradicts the row's 计量单位 (技术合同成交额(万元) | 亿元: 62000 was read as 万元, 6.2 亿元)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from conftest import write_root

TARGETS = """\
region: 测试区
indicators:
  tech_contract_value: {name: 技术合同成交额, unit: 亿元}
  patent_grants: {name: 专利授权量, unit: 件}
"""
Y2023 = "year: 2023\nas_of: 2023-06-30\nactuals:\n  tech_contract_value: 5.6\n"


@pytest.fixture
def root(tmp_path) -> Path:
    return write_root(tmp_path / "root", TARGETS, {2023: Y2023})


def xlsx(folder: Path, rows: list[list], merge: str | None = None, name: str = "表.xlsx") -> Path:
    """A title, the header in row 2 (指标名称 | 计量单位 | 1-6月累计 | 增长%), then `rows` from row 3."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    ws.append(["2023年1-6月主要科技指标"])
    ws.append(["指标名称", "计量单位", "1-6月累计", "增长%"])
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    path = folder / name
    wb.save(path)
    return path


def unchanged(root: Path) -> bool:
    return (root / "data" / "2023.yaml").read_text(encoding="utf-8") == Y2023


def test_a_second_figure_under_a_merged_label_is_named(root, tmp_path, run_cli):
    """A3:A4 merged over 技术合同成交额 | 亿元 | 6.2 and (covered) | 亿元 | 7.7: 6.2 was imported, 7.7 dropped."""
    path = xlsx(tmp_path, [["技术合同成交额", "亿元", 6.2, 3], [None, "亿元", 7.7, 3]], merge="A3:A4")
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "表.xlsx!主要指标!C4: error[import-duplicate]: a second figure for tech_contract_value under the merged "
        "label A3:A4 (the first is 表.xlsx!主要指标!C3); unmerge the label and name this row, or delete the figure "
        "that is not tech_contract_value's"
    ), result
    assert unchanged(root)


def test_a_merged_label_over_a_missing_figure_is_fine(root, tmp_path, run_cli):
    """The covered row holds —— (not reported): nothing to name; 6.2 is imported."""
    path = xlsx(tmp_path, [["技术合同成交额", "亿元", 6.2, None], [None, "亿元", "——", None]], merge="A3:A4")
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert "5.6 → 6.2" in result.stdout and "not imported" not in result.stderr


def test_a_figure_in_a_row_without_a_label_is_listed(root, tmp_path, run_cli):
    path = xlsx(tmp_path, [["技术合同成交额", "亿元", 6.2, None], [None, "件", 1850, None]])
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert "5.6 → 6.2" in result.stdout
    assert result.stderr.splitlines() == [
        "not imported: the figure in 表.xlsx!主要指标!C4: its row has no label; write the indicator's name in it"
    ]


def test_a_label_unit_that_contradicts_the_unit_column_names_both_cells(root, tmp_path, run_cli):
    path = xlsx(tmp_path, [["技术合同成交额(万元)", "亿元", 62000, None]])
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "表.xlsx!主要指标!C3: error[import-unit-conflict]: which unit is 62000 in? The label A3 says 万元, the "
        "计量单位 B3 says 亿元; correct the one that is wrong, then import"
    ), result
    assert unchanged(root)


@pytest.mark.parametrize(("label", "column"), [("技术合同成交额(万元)", "万元"), ("技术合同成交额（万元）", "万元 ")])
def test_a_label_unit_the_column_repeats_is_read(root, tmp_path, run_cli, label, column):
    """62000 万元 = 6.2 亿元 (62000 / 10000)."""
    result = run_cli("import", str(xlsx(tmp_path, [[label, column, 62000, None]])), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert "5.6 → 6.2" in result.stdout


def test_a_row_unit_overrides_the_tables_unit_note(root, tmp_path, run_cli):
    """A 单位：万元 note is the table's default: a row's own (亿元) says otherwise for that row, no conflict.
    专利授权量 has neither and is counted in 件 by its 计量单位."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    for row in [
        ["2023年1-6月主要科技指标"],
        ["单位：万元"],
        ["指标名称", "计量单位", "1-6月累计"],
        ["技术合同成交额(亿元)", None, 6.2],
        ["专利授权量", "件", 1850],
    ]:
        ws.append(row)
    path = tmp_path / "表.xlsx"
    wb.save(path)
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert "5.6 → 6.2" in result.stdout and "— → 1850" in result.stdout
