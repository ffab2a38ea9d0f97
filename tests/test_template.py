"""`sciplan template YEAR`: one fill-in workbook (报送表) per sub-unit. Expected cells are the demo's
data read by hand (targets.yaml's 2022 split of 新认定高企 25/15/10; data/2021.yaml's units at June)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from conftest import REPO

UNITS = ["泰兴高新区", "泰兴经济开发区", "黄桥经济开发区"]


def demo(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copy(REPO / "targets.yaml", root)
    shutil.copytree(REPO / "data", root / "data")
    return root


def name(unit: str, span: str = "2022年1-6月") -> str:
    return f"{unit}_{span}报送表.xlsx"


@pytest.fixture
def written(tmp_path, run_cli) -> Path:
    root = demo(tmp_path)
    out = tmp_path / "out"
    result = run_cli("template", "2022", "--month", "6", "--due", "2022-07-05", "--root", str(root),
                     "--out", str(out), "--lang", "zh")  # fmt: skip
    assert result.exit_code == 0, result
    assert result.stderr.splitlines() == [f"已写入 {out / name(u)}" for u in UNITS]
    return out


def test_a_template_per_unit_as_the_issue_lays_it_out(written):
    wb = openpyxl.load_workbook(written / name("黄桥经济开发区"))
    assert wb.sheetnames == ["报送表", "sciplan"]
    ws = wb["报送表"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "黄桥经济开发区 2022年1–6月科技工作主要指标报送表"
    assert rows[1][0] == "报送截止：2022年7月5日"
    assert rows[3] == ["指标", "单位", "全年目标（分解）", "1–6月累计", "去年同期", "备注"]
    # 新认定高企: its split 10, nothing reported for June yet, 1 in 1–6月 2021
    # 孵化器项目: no split in 2022, 3 a year ago
    assert rows[4] == ["新认定国家高新技术企业", "家", 10, None, 1, None]
    assert rows[5] == ["孵化器新招引科技项目", "个", None, None, 3, None]
    assert len(rows) == 6
    d5, c5 = ws["D5"], ws["C5"]
    assert (d5.protection.locked, ws["F5"].protection.locked) == (False, False)  # the figure and the remark
    assert all(ws.cell(r, c).protection.locked for r in (1, 4, 5, 6) for c in (1, 2, 3, 5))
    assert (d5.number_format, c5.number_format, ws["E6"].number_format) == ('General"家"', '0"家"', '0"个"')
    assert ws.protection.sheet and not ws.protection.password  # locked, no password
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert set(validations) == {"D5", "D6"}
    dv = validations["D5"]
    assert (dv.type, dv.promptTitle, dv.showInputMessage) == ("decimal", "1–6月累计", True)
    assert dv.prompt == "填写黄桥经济开发区2022年1–6月累计的新认定国家高新技术企业（家），只填数字，不含单位。"
    assert dv.error == "请填写数字（不含单位和文字）；没有数据请留空，不要填0。"
    # A4, one page wide (fitToWidth's default, 1, is left out of the file) and as many long as needed
    assert (ws.page_setup.paperSize, ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (9, 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$4:$4"
    meta = wb["sciplan"]
    assert meta.sheet_state == "hidden"
    records = {r[0]: r[1:] for r in meta.iter_rows(values_only=True)}
    assert [records[k][0] for k in ("format", "region", "year", "month", "unit", "sheet")] == [
        "sciplan-template", "泰兴市", 2022, 6, "黄桥经济开发区", "报送表"
    ]  # fmt: skip
    assert records["row 5"][:2] == ("hightech_new", "新认定国家高新技术企业")
    assert records["row 6"][:2] == ("incubator_projects", "孵化器新招引科技项目")
    assert "sciplan_template" in wb.defined_names


def test_each_unit_gets_its_own_share(written):
    for unit, share, june in (("泰兴高新区", 25, 2), ("泰兴经济开发区", 15, 1)):
        rows = list(openpyxl.load_workbook(written / name(unit))["报送表"].iter_rows(min_row=5, values_only=True))
        assert rows[0][:5] == ("新认定国家高新技术企业", "家", share, None, june)


def test_figures_already_in_are_prefilled(tmp_path, run_cli):
    """At as_of (September) the units' figures are in: the form shows them, to be corrected if need be."""
    root = demo(tmp_path)
    assert (
        run_cli("template", "2022", "--unit", "泰兴高新区", "--root", str(root), "--out", str(tmp_path)).exit_code == 0
    )
    ws = openpyxl.load_workbook(tmp_path / name("泰兴高新区", "2022年1-9月"))["报送表"]
    assert [r[:4] for r in ws.iter_rows(min_row=5, values_only=True)] == [
        ("新认定国家高新技术企业", "家", 25, 5),
        ("孵化器新招引科技项目", "个", None, 22),
    ]


def test_unknown_unit_and_missing_month_are_usage_errors(tmp_path, run_cli):
    root = demo(tmp_path)
    bad = run_cli("template", "2022", "--unit", "黄桥镇", "--root", str(root), "--out", str(tmp_path / "o"))
    assert bad.exit_code == 2
    assert "no unit '黄桥镇'; units: 泰兴高新区, 泰兴经济开发区, 黄桥经济开发区" in bad.stderr
    (root / "data" / "2023.yaml").write_text("year: 2023\n", encoding="utf-8")
    undated = run_cli("template", "2023", "--root", str(root), "--out", str(tmp_path / "o"))
    assert undated.exit_code == 2
    assert "data/2023.yaml gives no as_of to take the month from: say which with --month N" in undated.stderr
    due = run_cli("template", "2022", "--due", "7月5日", "--root", str(root), "--out", str(tmp_path / "o"))
    assert due.exit_code == 2 and "--due '7月5日' is not a date" in due.stderr
    assert not (tmp_path / "o").exists()


def test_never_replaces_a_file_sciplan_did_not_write(tmp_path, run_cli):
    root = demo(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    theirs = out / name("黄桥经济开发区")
    theirs.write_bytes(b"a workbook of the bureau's own")
    args = ["template", "2022", "--month", "6", "--root", str(root), "--out", str(out)]
    for force in ([], ["--force"]):
        result = run_cli(*args, *force)
        assert result.exit_code == 1
        assert f"{theirs} exists and sciplan did not write it: it is never replaced" in result.stderr
        assert theirs.read_bytes() == b"a workbook of the bureau's own"
        assert sorted(p.name for p in out.iterdir()) == [theirs.name]  # checked before any is written
    theirs.unlink()
    assert run_cli(*args).exit_code == 0
    again = run_cli(*args)  # a template sent out may come back filled: only --force replaces it
    assert again.exit_code == 1 and "--force replaces the templates sciplan wrote" in again.stderr
    assert run_cli(*args, "--force").exit_code == 0


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed (no soffice on PATH): apt-get install libreoffice-calc",
)
def test_libreoffice_opens_a_template_without_repair(written, tmp_path):
    """LibreOffice converts the workbook as it stands: a file it had to repair would fail or print nothing."""
    pdf = tmp_path / "pdf"
    source = written / name("黄桥经济开发区")
    home = tmp_path / "lo-profile"  # a profile of its own: never the user's, and no lock held by another run
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{home}", "--headless", "--convert-to", "pdf",
         "--outdir", str(pdf), str(source)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = pdf / source.with_suffix(".pdf").name
    assert out.exists() and out.read_bytes().startswith(b"%PDF")
    assert "repair" not in (result.stdout + result.stderr).lower()


def test_a_unit_name_like_a_formula_stays_text(tmp_path, run_cli):
    """A unit named `=cmd|x` (check accepts the name) was written into the title as a live formula
    (`<f>cmd|x 2022年1–9月…</f>`): every text sciplan writes into a workbook is a string cell."""
    import zipfile

    root = demo(tmp_path)
    targets = root / "targets.yaml"
    targets.write_text(
        targets.read_text(encoding="utf-8").replace("units: [泰兴高新区,", 'units: ["=cmd|x", 泰兴高新区,'),
        encoding="utf-8",
    )
    year = root / "data" / "2022.yaml"
    year.write_text(
        year.read_text(encoding="utf-8").replace("units:\n", 'units:\n  "=cmd|x": {hightech_new: 1}\n'),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_cli("template", "2022", "--unit", "=cmd|x", "--root", str(root), "--out", str(out))
    assert result.exit_code == 0, result
    (book,) = out.iterdir()
    with zipfile.ZipFile(book) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert not any("<f>" in sheet or "<f " in sheet for sheet in sheets)
    assert openpyxl.load_workbook(book)["报送表"]["A1"].value.startswith("=cmd|x")  # as text, as named
    report = run_cli("report", "2022", "--only", "xlsx", "--root", str(root), "--out", str(tmp_path / "rep"))
    assert report.exit_code == 0, report
    (sheet_book,) = (tmp_path / "rep").glob("*.xlsx")
    with zipfile.ZipFile(sheet_book) as z:
        assert not any("<f>" in z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
