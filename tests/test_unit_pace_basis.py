"""The 板块 table's pace column says what it measures against (issue 22 item 1, documents trial 4): a
unit is paced as its indicator is, by the indicator's schedule (`profile`) when it has one, so its cell
carries ‡ and the table the note table 1 has; the workbook's 各板块 sheet gives the share expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO
from sciplan.core.i18n import language, set_language

NOTE = "‡ 按该指标全年进度安排（各月应完成比例）计算，不按序时进度。"


@pytest.fixture(autouse=True)
def _keep_language():
    before = language()
    yield
    set_language(before)


def _report(run_cli, out: Path, only: str) -> Path:
    result = run_cli("report", "2022", "--root", str(REPO), "--out", str(out), "--lang", "zh", "--only", only)
    assert result.exit_code == 0, result.output
    (path,) = out.glob(f"*.{only}")
    return path


def test_unit_rows_marked_against_the_schedule(run_cli, tmp_path):
    text = _report(run_cli, tmp_path, "md").read_text(encoding="utf-8")
    units = text[text.index("各板块完成情况") :]
    # data/2022.yaml at 30 September: hightech_new's profile expects 15% by then (not 序时进度 75%);
    # 泰兴高新区 5 of 25 = 20.0%, +5.0; 泰兴经济开发区 3 of 15 = 20.0%, +5.0; 黄桥 1 of 10 = 10.0%, -5.0
    assert "| 新认定国家高新技术企业 | 泰兴高新区 | ≥ 25 | 5 | 20.0% | 正常 +5.0‡ |" in units
    assert "| 新认定国家高新技术企业 | 黄桥经济开发区 | ≥ 10 | 1 | 10.0% | 正常 -5.0‡ |" in units
    assert NOTE in units.split("（二）")[0]


def test_unit_sheet_gives_the_expected_share(run_cli, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(_report(run_cli, tmp_path, "xlsx"))["各板块"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[2]
    first = dict(zip(header, rows[3], strict=True))
    assert (first["板块"], first["序时进度"], first["应完成比例"]) == ("泰兴高新区", "正常 +5.0个百分点", 0.15)


def test_workbook_notes_point_at_no_mark(run_cli, tmp_path):
    """The workbook's cells carry no * † ‡ (预计数, 推算数 and 应完成比例 are columns there), so its notes
    name the columns, not marks (documents trial 4: `* 预计数，待修正` under a sheet with no `*`)."""
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(_report(run_cli, tmp_path, "xlsx")).worksheets[0]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    notes = [c for c in cells if c.startswith(("预计数，", "推算数：", "序时进度：", "应完成比例：", "同比："))]
    assert notes == [
        "预计数，待修正",
        "推算数：由公式、分项或下属单位合计得出",
        "序时进度：完成率与时间进度（75.0%）之差。",
        "应完成比例：截至此时应完成全年目标的比例，按序时进度计；设有全年进度安排（各月应完成比例）的指标按其安排计。",
        "同比：全社会研发经费投入强度缺少2021年数据，无法比较",
    ]
    assert not [c for c in cells if c[:1] in "*†‡≈"]
