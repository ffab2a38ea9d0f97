"""A returned 报送表 read as the 板块 saw it (figures trial): a figure cell whose number format says another unit
than its row's — a percent (`0.00%`: 0.062 shows 6.20% in a 亿元 row), a `"万元"` in a 亿元 row, a scale
(`0.00,,"亿"`) — went in as the stored number, and a figure merged down over two rows (D5:D6) left the second
row empty without a word. Each is now refused at its cell, as `import` of a 统计局 sheet refuses them; a
percent cell in a % row is read as shown (0.0262 → 2.62)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from conftest import write_root

TARGETS = """\
region: 测试区
units: [甲园区, 乙园区]
indicators:
  tech_contract_value:
    name: 技术合同成交额
    unit: 亿元
    targets:
      2022: {target: 12, units: {甲园区: 8, 乙园区: 4}}
  iur_agreements:
    name: 签订科技合作协议
    unit: 项
    targets:
      2022: {target: 30, units: {甲园区: 20, 乙园区: 10}}
  hightech_share:
    name: 高新技术产业产值占比
    unit: "%"
    kind: ratio
    targets:
      2022: {target: 50, units: {甲园区: 50, 乙园区: 50}}
"""
Y2022 = "year: 2022\nas_of: 2022-06-30\nactuals:\n  tech_contract_value: 5.6\n"
# the form's rows: D5 技术合同成交额 (亿元), D6 签订科技合作协议 (项), D7 高新技术产业产值占比 (%)


@pytest.fixture
def root(tmp_path) -> Path:
    return write_root(tmp_path / "root", TARGETS, {2022: Y2022})


def returned(tmp_path: Path, run_cli, root: Path, cells: dict[str, tuple[object, str]], merge: str = "") -> Path:
    """The 甲园区 form for 1–6月, filled in: each cell's value and number format (as pasted from a 板块's sheet)."""
    result = run_cli("template", "2022", "--unit", "甲园区", "--root", str(root), "--out", str(tmp_path / "sent"))
    assert result.exit_code == 0, result
    path = tmp_path / "sent" / "甲园区_2022年1-6月报送表.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["报送表"]
    for cell, (value, code) in cells.items():
        ws[cell] = value
        ws[cell].number_format = code
    if merge:
        ws.merge_cells(merge)
    wb.save(path)
    return path


def refused(run_cli, root: Path, path: Path) -> str:
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1, result
    assert (root / "data" / "2022.yaml").read_text(encoding="utf-8") == Y2022  # nothing written
    first, last = result.stderr.splitlines()
    assert last == "sciplan: error: 1 returned template cannot be imported; nothing was written"
    return first


@pytest.mark.parametrize(
    ("cell", "value", "code", "stored", "shown", "unit"),
    [
        ("D5", 0.062, "0.00%", "0.062", "6.2", "亿元"),  # 0.062 × 100 = 6.2: Excel shows 6.20%
        ("D6", 0.56, "0%", "0.56", "56", "项"),  # 0.56 × 100 = 56: Excel shows 56%
    ],
)
def test_a_percent_cell_in_a_row_not_in_percent_is_named(tmp_path, run_cli, root, cell, value, code, stored, shown,
                                                         unit):  # fmt: skip
    path = returned(tmp_path, run_cli, root, {cell: (value, code)})
    assert refused(run_cli, root, path) == (
        f"{path}!报送表!{cell}: error[import-unit-conflict]: which unit is it in? The cell holds {stored} in a "
        f"percent format ({shown}%), but the row's unit is {unit}; give the cell the form's number format (a number "
        f"alone, in {unit}), then import"
    )


def test_a_percent_cell_in_a_percent_row_is_read_as_shown(tmp_path, run_cli, root):
    """0.4862 formatted 0.00% shows 48.62% in the % row: 0.4862 × 100 = 48.62 goes in, not 0.4862 (within 10× of
    甲园区's target 50, the ratio's comparable figure: tests/test_collect_jump.py). The form's
    own formats (`0.00"亿元"` typed over General"亿元", `0"项"`) are the row's unit: 6.2 and 12 as typed."""
    cells = {"D5": (6.2, '0.00"亿元"'), "D6": (12, '0"项"'), "D7": (0.4862, "0.00%")}
    path = returned(tmp_path, run_cli, root, cells)
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 0, result
    text = (root / "data" / "2022.yaml").read_text(encoding="utf-8")
    assert "  甲园区:\n    tech_contract_value: 6.2\n    iur_agreements: 12\n    hightech_share: 48.62\n" in text, text


@pytest.mark.parametrize(
    ("value", "code", "shown"),
    [
        (62000, '0"万元"', "62000万元"),  # typed in 万元 with the 板块's own format: 6.2亿元, or 62000亿元?
        (62000, '#,##0.00"万元"', "62000万元"),
        (6.2, 'General"万元"', "6.2万元"),  # a 万元 format pasted over a figure typed in 亿元
        (620000000, '0.00,,"亿"', "620亿"),  # ,, divides by 1,000,000: 620000000 / 10^6 = 620
        (62000, "0,", "62亿元"),  # , divides by 1000: 62000 / 1000 = 62, shown without a unit
        (6.2, r"0.0\元", "6.2元"),
    ],
)
def test_a_unit_in_the_number_format_against_the_rows_unit_is_named(tmp_path, run_cli, root, value, code, shown):
    path = returned(tmp_path, run_cli, root, {"D5": (value, code)})
    assert refused(run_cli, root, path) == (
        f"{path}!报送表!D5: error[import-unit-conflict]: which unit is {value} in? The cell's number format shows it "
        f"as {shown}, but the row's unit is 亿元; give the cell the form's number format (a number alone, in 亿元), "
        "then import"
    )


def test_a_figure_merged_over_two_rows_is_named(tmp_path, run_cli, root):
    """D5:D6 merged: Excel shows one 6.2 across 技术合同成交额 and 签订科技合作协议; 签订科技合作协议 was read empty."""
    path = returned(tmp_path, run_cli, root, {"D5": (6.2, 'General"亿元"')}, merge="D5:D6")
    assert refused(run_cli, root, path) == (
        f"{path}!报送表!D5: error[import-merged]: the figure 6.2 is merged over D5:D6, across the rows of "
        "技术合同成交额 (A5), 签订科技合作协议 (A6): whose figure is it? Unmerge D5:D6 and write each row's "
        "figure (leave a row empty where it has none), then import"
    )


def test_in_chinese(tmp_path, run_cli, root, monkeypatch):
    path = returned(tmp_path, run_cli, root, {"D5": (0.062, "0.00%"), "D6": (12, '0"项"')})
    monkeypatch.setenv("SCIPLAN_LANG", "zh")
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}!报送表!D5: error[import-unit-conflict]: 单位是什么？该单元格存的是 0.062，"
        "数字格式为百分比（即 6.2%），但这一行的单位是亿元；"
        "请把单元格改回报送表原来的数字格式（只填以亿元计的数字）后再导入"
    )


def test_number_formats_read():
    from sciplan.load.numformats import Shown, shown

    assert shown("General") == Shown(False, (), 0)
    assert shown('0.00"亿元";-0.00"亿元"') == Shown(False, ("亿元", "亿元"), 0)
    assert shown('_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)') == Shown(False, (), 0)  # "-" for 0 is no unit
    assert shown('0.00"%"') == Shown(False, ("%",), 0)  # a quoted % is text: the number is not × 100
    assert shown("#,##0.00,,") == Shown(False, (), 2)
    assert shown("[Red]0.0%") == Shown(True, (), 0)
