"""Returned templates that cannot go in: each case has its message naming the file (and the cell), exit 1,
and nothing is written when any file of the import is bad."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from test_collect_loop import demo, fill, sheet_name

HUANGQIAO = "黄桥经济开发区"


def form(tmp_path: Path, run_cli, root: Path, *args: str, unit: str = HUANGQIAO, span: str = "2022年1-6月") -> Path:
    out = tmp_path / f"sent-{root.name}"
    result = run_cli("template", "2022", "--month", "6", "--unit", unit, "--root", str(root), "--out", str(out), *args)
    assert result.exit_code == 0, result
    return out / sheet_name(unit, span)


def refused(run_cli, root: Path, *args: str) -> list[str]:
    """Import that must fail: its stderr lines; the year file is as it was."""
    year_file = root / "data" / "2022.yaml"
    before = year_file.read_bytes()
    result = run_cli("import", *args, "--root", str(root))
    assert result.exit_code == 1, result
    assert year_file.read_bytes() == before
    return result.stderr.splitlines()


@pytest.fixture
def root(tmp_path) -> Path:
    return demo(tmp_path)


def test_a_template_of_another_root(tmp_path, run_cli, root):
    other = demo(tmp_path, "jiangyan")
    plan = other / "targets.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("region: 泰兴市", "region: 姜堰区"), encoding="utf-8")
    path = form(tmp_path, run_cli, other)
    assert refused(run_cli, root, str(path)) == [
        f"{path}: a template of 姜堰区, not of this root (泰兴市)",
        "sciplan: error: 1 returned template cannot be imported; nothing was written",
    ]


def test_a_template_of_another_unit(tmp_path, run_cli, root):
    other = demo(tmp_path, "more-units")
    plan = other / "targets.yaml"
    text = plan.read_text(encoding="utf-8").replace("黄桥经济开发区]", "黄桥经济开发区, 滨江新区]", 1)
    text = text.replace(
        "黄桥经济开发区: 10}}\n  hightech_total", "黄桥经济开发区: 10, 滨江新区: 5}}\n  hightech_total", 1
    )
    plan.write_text(text, encoding="utf-8")
    path = form(tmp_path, run_cli, other, unit="滨江新区")
    lines = refused(run_cli, root, str(path))
    assert lines[0] == (
        f"{path}: a template for 滨江新区, which targets.yaml does not list under units: "
        "(泰兴高新区, 泰兴经济开发区, 黄桥经济开发区)"
    )


def test_a_template_of_another_year_or_month(tmp_path, run_cli, root):
    path = form(tmp_path, run_cli, root)
    fill(path, {"D5": 1})
    assert refused(run_cli, root, str(path), "--year", "2023")[0] == f"{path}: a template for 2022, not 2023"
    assert refused(run_cli, root, str(path), "--month", "9")[0] == f"{path}: a template for month 6, not month 9"


def test_a_month_the_year_has_not_reached(tmp_path, run_cli, root):
    out = tmp_path / "dec"
    assert run_cli("template", "2022", "--month", "12", "--unit", HUANGQIAO, "--root", str(root),
                   "--out", str(out)).exit_code == 0  # fmt: skip
    path = out / sheet_name(HUANGQIAO, "2022年1-12月")
    fill(path, {"D5": 9})
    assert refused(run_cli, root, str(path))[0] == (
        f"{path}: figures for 1–12月, but the figures of 2022 run to 2022-09-30; bring the region's figures "
        "to month 12 first (import or set them for that month)"
    )


def test_an_edited_locked_cell_names_it(tmp_path, run_cli, root):
    path = form(tmp_path, run_cli, root)
    wb = openpyxl.load_workbook(path)
    wb["报送表"]["C5"] = 12  # the split target, 10, changed by hand (after lifting the protection)
    wb.save(path)
    assert refused(run_cli, root, str(path))[0] == (
        f"{path}!报送表!C5: a locked cell was changed (10 → 12); return the form with only the figures and "
        "remarks filled in"
    )


def test_a_renamed_sheet(tmp_path, run_cli, root):
    path = form(tmp_path, run_cli, root)
    wb = openpyxl.load_workbook(path)
    wb["报送表"].title = "Sheet1"
    wb.save(path)
    assert refused(run_cli, root, str(path))[0] == (
        f"{path}: the sheet 报送表 was renamed or removed (sheets: Sheet1); fill in the form as it was sent"
    )


def test_text_in_a_number_cell_names_the_cell(tmp_path, run_cli, root):
    path = form(tmp_path, run_cli, root)
    fill(path, {"D5": "1家"})
    assert refused(run_cli, root, str(path))[0] == (
        f"{path}!报送表!D5: '1家' is text, not a number; write the number only, without unit"
    )


def test_every_file_is_checked_before_any_is_written(tmp_path, run_cli, root):
    good = form(tmp_path, run_cli, root)
    fill(good, {"D5": 1, "D6": 4})
    out = tmp_path / "more"
    assert run_cli("template", "2022", "--month", "6", "--root", str(root), "--out", str(out)).exit_code == 0
    bad_text = out / sheet_name("泰兴高新区")
    fill(bad_text, {"D5": "两家"})
    renamed = out / sheet_name("泰兴经济开发区")
    wb = openpyxl.load_workbook(renamed)
    wb["报送表"].title = "报送"
    wb.save(renamed)
    lines = refused(run_cli, root, str(good), str(bad_text), str(renamed))
    assert lines == [
        f"{bad_text}!报送表!D5: '两家' is text, not a number; write the number only, without unit",
        f"{renamed}: the sheet 报送表 was renamed or removed (sheets: 报送); fill in the form as it was sent",
        "sciplan: error: 2 returned templates cannot be imported; nothing was written",
    ]


def test_one_unit_twice_in_one_import(tmp_path, run_cli, root):
    first = form(tmp_path, run_cli, root)
    second = tmp_path / "copy.xlsx"
    second.write_bytes(first.read_bytes())
    assert refused(run_cli, root, str(first), str(second))[0] == (
        f"{second}: 黄桥经济开发区's figures for 2022, month 6 come in {first} too; import one of them"
    )


def test_in_chinese(tmp_path, run_cli, root, monkeypatch):
    path = form(tmp_path, run_cli, root)
    fill(path, {"D5": "1家"})
    monkeypatch.setenv("SCIPLAN_LANG", "zh")
    assert refused(run_cli, root, str(path)) == [
        f"{path}!报送表!D5：'1家' 是文字而不是数字；只填数字，不含单位",
        "sciplan: error: 1份交回的报送表无法导入；未写入任何内容",
    ]


def _meta(path: Path, edit) -> None:
    """Unhide nothing, just edit the hidden sheet the way a curious statistician could in Excel."""
    wb = openpyxl.load_workbook(path)
    edit(wb["sciplan"])
    wb.save(path)


def test_an_edited_hidden_sheet_never_moves_figures(tmp_path, run_cli, root):
    """The trial's attacks on the hidden sheet, each refused: two rows' ids swapped (6 would have gone
    under 新认定国家高新技术企业), one id given twice, the unit changed behind the locked title."""
    path = form(tmp_path, run_cli, root)
    fill(path, {"D5": 2, "D6": 6})

    def swap(ws):
        a, b = ws["B12"].value, ws["B13"].value
        ws["B12"], ws["B13"] = b, a

    _meta(path, swap)
    assert refused(run_cli, root, str(path))[0] == (
        f"{path}: row D5 shows 新认定国家高新技术企业 but is filed as 孵化器新招引科技项目; send the form out again"
    )
    path = form(tmp_path, run_cli, root, "--force")
    fill(path, {"D5": 2, "D6": 6})
    _meta(path, lambda ws: ws.__setitem__("B13", ws["B12"].value))
    assert refused(run_cli, root, str(path))[0] == f"{path}: the hidden sheet was edited; send the form out again"
    path = form(tmp_path, run_cli, root, "--force")
    fill(path, {"D5": 2, "D6": 6})
    _meta(path, lambda ws: ws.__setitem__("B6", "泰兴高新区"))
    assert refused(run_cli, root, str(path))[0] == f"{path}: the hidden sheet was edited; send the form out again"


@pytest.mark.parametrize("formula", ["=1+1", '=HYPERLINK("http://x","y")'])
def test_a_formula_in_the_cell_to_fill_is_refused(tmp_path, run_cli, root, formula):
    """openpyxl (like many tools) saves a formula without its value: it was dropped as if empty."""
    path = form(tmp_path, run_cli, root)
    fill(path, {"D5": formula, "D6": 6})
    assert refused(run_cli, root, str(path))[0] == (f"{path}!报送表!D5: a formula ({formula}); type the figure itself")


@pytest.mark.parametrize("value", [10**30, 1.7e308, 1e-300])
def test_a_figure_beyond_what_a_figure_holds_names_its_cell(tmp_path, run_cli, root, value):
    """10**30 in the cell to fill ended in an internal error (exit 70); it is a located refusal."""
    path = form(tmp_path, run_cli, root)
    fill(path, {"D5": value, "D6": 6})
    line = refused(run_cli, root, str(path))[0]
    assert line.startswith(f"{path}!报送表!D5: ")
    assert line.endswith(" is not a figure (at most 15 digits, 10 decimals)")


@pytest.mark.parametrize(
    ("remark", "why"),
    [
        ("ok\n::error::pwn", "'ok\\n::error::pwn' starts a line with '::', which CI logs read as a workflow command"),
        ("abc\u202edef", "'abc\\u202edef' holds U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ],
)
def test_a_remark_sciplans_files_refuse_is_named_by_its_cell(tmp_path, run_cli, root, remark, why):
    """The remark F5 beside the figure D5 is written with it: the write refused it, naming only data/2022.yaml
    ('the edit could not be made in place'), even with --dry-run. It is refused at its cell, before any write."""
    path = form(tmp_path, run_cli, root)
    fill(path, {"D5": 2, "D6": 6}, {"F5": remark})
    expected = f"{path}!报送表!F5: error[template-remark]: {why}; write the remark without it"
    assert refused(run_cli, root, str(path), "--dry-run")[0] == expected
    assert refused(run_cli, root, str(path))[0] == expected


def test_a_remark_on_two_lines_is_written(tmp_path, run_cli, root):
    """A line break (Alt+Enter in Excel) is no problem: the remark is written with the figure."""
    path = form(tmp_path, run_cli, root)
    fill(path, {"D5": 2, "D6": 6}, {"F5": "含2家\n待复核"})
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 0, result
    assert "待复核" in (root / "data" / "2022.yaml").read_text(encoding="utf-8")
