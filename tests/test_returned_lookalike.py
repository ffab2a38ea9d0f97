"""A sub-unit's returned 报送表 that reaches the generic import (attacker trial 6): saved as .ods by LibreOffice,
or an .xlsx whose hidden `sciplan` sheet was deleted. It was read as a 统计局 table and its figures (泰兴高新区's
技术合同成交额 1.5) replaced the city's own (3.1), exit 0. Now refused at the cell that shows it is a form."""

from __future__ import annotations

import openpyxl
from test_import_cells import cell as ods_cell
from test_import_cells import ods, row
from test_import_zip_budget import returned_form

from conftest import write_root

SAID = (
    "error[import-returned-form]: this is {whose} returned form (报送表), not a table of the region's figures; "
    "its figures are never taken as the region's. Import the form as the .xlsx sciplan sent (saved as Excel "
    ".xlsx, its hidden sheet kept), or send the form out again with sciplan template"
)


def test_a_returned_form_without_its_hidden_sheet_is_not_the_regions_figures(tmp_path, run_cli):
    """黄桥经济开发区's form (English: `Indicator` headers), 3 typed in D5, its hidden sheet deleted."""
    root, path = returned_form(tmp_path, run_cli, "xl/workbook.xml", lambda x: x)
    wb = openpyxl.load_workbook(path)
    wb["报送表"]["D5"] = 3
    del wb["sciplan"]
    wb.save(path)
    before = (root / "data" / "2022.yaml").read_bytes()
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "back.xlsx!报送表!A1: " + SAID.format(whose="黄桥经济开发区's")
    assert (root / "data" / "2022.yaml").read_bytes() == before
    assert not (root / "import").exists() or not any((root / "import").iterdir())


def test_a_returned_form_saved_as_ods_is_not_the_regions_figures(tmp_path, run_cli):
    """The form as LibreOffice saves it (the title row, then the headers, 全年目标（分解） among them); the root
    lists no units, so the form is a sub-unit's."""
    root = write_root(tmp_path / "root", TARGETS, {2022: Y2022})
    path = ods(tmp_path / "表.ods", [
        row(ods_cell("string", "某园区 2022年1–9月科技工作主要指标报送表")),
        row(ods_cell("string", "请于10月5日前报送")),
        row(*(ods_cell("string", h) for h in ["指标", "单位", "全年目标（分解）", "1–9月累计", "去年同期", "备注"])),
        row(ods_cell("string", "技术合同成交额"), ods_cell("string", "亿元"), ods_cell("float", "2"),
            ods_cell("float", "1.5")),
    ])  # fmt: skip
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "表.ods!主要指标!A1: " + SAID.format(whose="a sub-unit's")
    assert (root / "data" / "2022.yaml").read_text(encoding="utf-8") == Y2022


TARGETS = "region: 测试区\nindicators:\n  tech_contract_value: {name: 技术合同成交额, unit: 亿元}\n"
Y2022 = "year: 2022\nas_of: 2022-09-30\nactuals:\n  tech_contract_value: 5.6\n"
