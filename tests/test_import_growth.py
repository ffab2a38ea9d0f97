"""After a 1–10月 import, `status` shows no 同比 for a flow whose last year has no `months: 10:` figure, though
the sheet carries its official 累计增长(%) (new-user trial): the import says so, naming the growth and its cell,
and never works last year's figure back from the growth (issue 20)."""

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
  hightech_total: {name: 有效期内国家高新技术企业, unit: 家, kind: stock}
"""
Y2021 = "year: 2021\nfinal: true\nactuals:\n  tech_contract_value: 8.0\n  patent_grants: 2000\n  hightech_total: 250\n"
Y2022 = "year: 2022\nas_of: 2022-09-30\nactuals:\n  tech_contract_value: 5.6\n"


@pytest.fixture
def root(tmp_path) -> Path:
    return write_root(tmp_path / "root", TARGETS, {2021: Y2021, 2022: Y2022})


def sheet(folder: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    for row in [
        ["泰兴市2022年1-10月主要科技指标"],
        ["指标名称", "计量单位", "1-10月累计", "累计增长(%)"],
        ["技术合同成交额", "亿元", 6.2, 15],
        ["专利授权量", "件", 1308, 6.2],
        ["有效期内国家高新技术企业", "家", 270, 8],  # a stock: its YoY falls back on last year's 250
    ]:
        ws.append(row)
    path = folder / "2022年1-10月主要科技指标.xlsx"
    wb.save(path)
    return path


HINT = (
    "YoY: data/2021.yaml has no 1–10月 figure for 技术合同成交额 (+15%, 2022年1-10月主要科技指标.xlsx!主要指标!D3), "
    "专利授权量 (+6.2%, 2022年1-10月主要科技指标.xlsx!主要指标!D4): the sheet's growth is not imported, and status "
    "shows no YoY for them until last year's figures are added under months: 10:"
)


def test_the_import_says_which_growth_status_cannot_show(root, tmp_path, run_cli):
    result = run_cli("import", str(sheet(tmp_path)), "--root", str(root))
    assert result.exit_code == 0, result
    assert HINT in result.stderr.splitlines(), result.stderr
    assert (root / "data" / "2021.yaml").read_text(encoding="utf-8") == Y2021  # last year's file: never touched
    status = run_cli("status", "2022", "--root", str(root))
    # the stock compares with last year's year-end level: 270 / 250 - 1 = +8.0%; the flows have no YoY
    assert "+8.0%" in status.stdout
    assert "no 2021年1–10月 figure to compare with for 技术合同成交额, 专利授权量" in status.stdout


def test_no_hint_when_last_year_has_the_same_period(root, tmp_path, run_cli):
    """With 2021's 1–10月 figures (5.39 亿元 and 1232 件: 6.2 / 5.39 - 1 = +15.03%, 1308 / 1232 - 1 = +6.17%,
    both within 0.15 of the sheet's 15 and 6.2), status can show the YoY and the import says nothing of it."""
    year = Y2021 + "months:\n  10: {tech_contract_value: 5.39, patent_grants: 1232}\n"
    (root / "data" / "2021.yaml").write_text(year, encoding="utf-8")
    result = run_cli("import", str(sheet(tmp_path)), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result
    assert "YoY:" not in result.stderr and "warning" not in result.stderr, result.stderr
