"""Merged cells in a returned 报送表 (attacker trial 6): read from their refs, never cell by cell. openpyxl
made an object of every cell a merge covers: `D5:D1048576` ran for minutes and past 495 MB, `D5:XFD1048576`
(17·10⁹ cells) took the machine's memory. A merge over a figure cell is refused at once, naming the cell,
and a merge reaching far outside the form like a far cell; each in a process of 400 MB of address space."""

from __future__ import annotations

import re
import time
from pathlib import Path

import openpyxl
import pytest
from test_import_long_text import run
from test_import_zip_budget import linux_only, returned_form

# 黄桥经济开发区's form of the demo, 2022年1–6月: row 5 新认定国家高新技术企业 (C5, its target, 10), row 6
# 孵化器新招引科技项目; the figures go in column D.
ROW5, ROW6 = "新认定国家高新技术企业 (A5)", "孵化器新招引科技项目 (A6)"


def merged(tmp_path: Path, run_cli, refs: list[str], figures: dict[str, float]) -> tuple[Path, Path]:
    """The form with `figures` typed in, then `refs` written into its sheet's <mergeCells> (as any editor,
    or a hostile sender, can write them)."""
    root, path = returned_form(tmp_path, run_cli, "xl/worksheets/sheet1.xml", lambda x: x)
    wb = openpyxl.load_workbook(path)
    for cell, value in figures.items():
        wb["报送表"][cell] = value
    wb.save(path)
    typed = tmp_path / "typed.xlsx"
    path.rename(typed)
    spans = b"".join(b'<mergeCell ref="%s"/>' % r.encode() for r in refs)

    def merge(data: bytes) -> bytes:
        data = re.sub(rb"<mergeCells[^>]*>.*?</mergeCells>", b"", data, flags=re.S)
        at = data.index(b"<pageMargins")
        return data[:at] + b'<mergeCells count="%d">' % len(refs) + spans + b"</mergeCells>" + data[at:]

    import zipfile

    back = tmp_path / "back.xlsx"
    with zipfile.ZipFile(typed) as src, zipfile.ZipFile(back, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info.filename, merge(data) if info.filename == "xl/worksheets/sheet1.xml" else data)
    return root, back


@linux_only
@pytest.mark.parametrize(
    ("ref", "said"),
    [
        (  # down the figure column to the sheet's last row: 1,048,572 cells covered
            "D5:D1048576",
            "D5: error[import-merged]: the figure 3 is merged over D5:D1048576, across the rows of "
            f"{ROW5}, {ROW6}: whose figure is it? Unmerge D5:D1048576 and write each row's figure (leave a row "
            "empty where it has none), then import",
        ),
        (  # the figure cell to XFD1048576: 16,381 columns × 1,048,572 rows
            "D5:XFD1048576",
            "D5: error[import-merged]: the figure cell D5 is merged with its neighbours (D5:XFD1048576): the "
            "form takes the figure in D5 alone; unmerge D5:XFD1048576, write the figure in D5, then import",
        ),
        (  # beside the form: A1:XFD1048576 is 16,384 × 1,048,576 = 17,179,869,184 cells
            "H1:XFD1048576",
            "H1: error[import-far-cell]: a merge over H1:XFD1048576, far outside the form: the sheet would span "
            "A1:XFD1048576, 17,179,869,184 cells, and sciplan reads at most 2,000,000; unmerge it, then import",
        ),
    ],
)
def test_a_huge_merge_is_refused_at_once(tmp_path, run_cli, ref, said):
    root, path = merged(tmp_path, run_cli, [ref], {"D5": 3, "D6": 4})
    began = time.monotonic()
    result = run("import", str(path), "--dry-run", "--root", str(root))
    took = time.monotonic() - began
    assert result.stderr.splitlines()[0] == f"{path}!报送表!{said}", result.stderr[-2000:]
    assert result.returncode == 1
    assert took < 30, took  # D5:D100000 alone took 13.9 s before; these were killed (or ran out of memory)


def test_a_figure_merged_into_its_locked_neighbour_is_refused(tmp_path, run_cli):
    """C5:D5: Excel shows C5's target (10) across both, and the 3 typed in D5 went without a word (the row
    then read as not reported)."""
    root, path = merged(tmp_path, run_cli, ["C5:D5"], {"D5": 3, "D6": 4})
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}!报送表!D5: error[import-merged]: the figure cell D5 is merged with its neighbours (C5:D5): the "
        "form takes the figure in D5 alone; unmerge C5:D5, write the figure in D5, then import"
    )


def test_the_forms_own_merges_and_an_empty_merged_figure_still_import(tmp_path, run_cli):
    """The title (A1:F1) and instructions (A3:F3) are merged as sciplan wrote them; D5:D6 merged with
    nothing typed in leaves both rows not reported; 4 typed in the form's own cell D6 would be hidden
    under the merge, so only an empty pair is taken."""
    root, path = merged(tmp_path, run_cli, ["A1:F1", "A3:F3", "D5:D6"], {})
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    assert result.exit_code == 0, result.stderr


@linux_only
def test_merges_over_one_another_are_refused_not_walked(tmp_path, run_cli):
    """A value in H250000 makes the sheet A1:H250000 (8 × 250,000 = 2,000,000 cells, within what is read);
    H1:H250000 merged nine times over covers 9 × 250,000 = 2,250,000 cells > 2,000,000: refused at the
    merge where the count went over (the ninth; each is H1:H250000), never walked cell by cell."""
    root, path = merged(tmp_path, run_cli, ["H1:H250000"] * 9, {"H250000": 1})
    result = run("import", str(path), "--dry-run", "--root", str(root))
    assert result.stderr.splitlines()[0] == (
        f"{path}!报送表!H1: error[import-merged]: the merged cells overlap or cover more than 2,000,000 cells; "
        "unmerge them, then import"
    ), result.stderr[-2000:]
    assert result.returncode == 1
