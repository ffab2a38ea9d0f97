"""Returned templates read back (the collect trial): a hidden sheet edited to another year, month or unit of
measure, NaN or INF written where a number goes, a negative count, -0. Each is refused in one line naming
the file (and the cell), nothing written; -0 is 0."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from test_collect_bad import HUANGQIAO, form, refused
from test_collect_loop import demo, fill


@pytest.fixture
def root(tmp_path) -> Path:
    return demo(tmp_path)


def _edit(path: Path, edit) -> None:
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)


@pytest.mark.parametrize(
    ("cell", "value"),
    [("B4", 2021), ("B5", 5), ("B5", 13)],  # year, month (June's figures would go under 2021, or under May)
)
def test_a_hidden_sheet_edited_to_another_period(tmp_path, run_cli, root, cell, value):
    path = form(tmp_path, run_cli, root)
    fill(path, {"D5": 2, "D6": 6})
    _edit(path, lambda wb: wb["sciplan"].__setitem__(cell, value))
    assert refused(run_cli, root, str(path))[0] == f"{path}: the hidden sheet was edited; send the form out again"


def test_a_row_in_another_unit_of_measure(tmp_path, run_cli, root):
    """The hidden sheet and the (unprotected) 单位 cell both say 万家: the figure would go in as 家."""
    path = form(tmp_path, run_cli, root)
    fill(path, {"D5": 2, "D6": 6})

    def edit(wb):
        wb["sciplan"]["D12"] = "万家"
        wb["报送表"]["B5"] = "万家"

    _edit(path, edit)
    assert refused(run_cli, root, str(path))[0] == (
        f"{path}: row D5 is in 万家 but 新认定国家高新技术企业 is counted in 家; send the form out again"
    )


def _with_value(path: Path, old: bytes, new: bytes) -> None:
    """Put what no spreadsheet program writes (NaN, INF) into the sheet's XML."""
    raw = path.read_bytes()
    with zipfile.ZipFile(path) as zin:
        items = [(info, zin.read(info.filename)) for info in zin.infolist()]
    path.unlink()
    with zipfile.ZipFile(path, "w") as zout:
        for info, data in items:
            if info.filename == "xl/worksheets/sheet1.xml":
                assert old in data
            zout.writestr(info, data.replace(old, new) if info.filename == "xl/worksheets/sheet1.xml" else data)
    assert path.read_bytes() != raw


@pytest.mark.parametrize("text", ["NaN", "INF", "-inf"])
def test_nan_or_inf_where_a_number_goes_is_one_line(tmp_path, run_cli, root, text):
    path = form(tmp_path, run_cli, root)
    fill(path, {"D5": 2, "D6": 6})
    _with_value(path, b'<c r="D5" s="7" t="n"><v>2</v>', f'<c r="D5" s="7" t="n"><v>{text}</v>'.encode())
    assert refused(run_cli, root, str(path)) == [
        f"{path}!报送表!D5: {text!r} where a number goes; type the figure, save, then import",
        "sciplan: error: 1 returned template cannot be imported; nothing was written",
    ]


def test_nan_in_chinese(tmp_path, run_cli, root, monkeypatch):
    path = form(tmp_path, run_cli, root)
    fill(path, {"D5": 2, "D6": 6})
    _with_value(path, b'<c r="D5" s="7" t="n"><v>2</v>', b'<c r="D5" s="7" t="n"><v>NaN</v>')
    monkeypatch.setenv("SCIPLAN_LANG", "zh")
    assert refused(run_cli, root, str(path))[0] == f"{path}!报送表!D5：数字栏里是 'NaN'；请填写数字，保存后再导入"


def test_a_negative_count_names_its_cell(tmp_path, run_cli, root):
    path = form(tmp_path, run_cli, root)
    fill(path, {"D5": -3, "D6": 6})
    assert refused(run_cli, root, str(path))[0] == (
        f"{path}!报送表!D5: -3 is negative, but 新认定国家高新技术企业 is counted in 家 and cannot be below zero"
    )


def test_minus_zero_is_zero(tmp_path, run_cli, root):
    path = form(tmp_path, run_cli, root, unit=HUANGQIAO)
    fill(path, {"D5": -0.0, "D6": 6})
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 0, result
    text = (root / "data" / "2022.yaml").read_text(encoding="utf-8")
    assert "      黄桥经济开发区: {hightech_new: 0, incubator_projects: 6}\n" in text
    assert not re.search(r": -0\b", text)
