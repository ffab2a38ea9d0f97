"""A 板块's ratio from a returned 报送表 held against a comparable figure, as `import` holds the 统计局's
(attacker trial 6): 2.6 typed into a `0.00%` cell (Excel shows 260.00%) went in as an R&D intensity of 260%
with exit 0, `units` then showing it met. A ratio more than 10× or under 1/10 of its comparable figure is
refused at its cell, exit 1, nothing written."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from test_collect_bad import form, refused
from test_collect_formats import returned
from test_collect_formats import root as formats_root  # noqa: F401 (a fixture)
from test_collect_loop import demo

GAOXIN = "泰兴高新区"
RDI = "全社会研发经费投入强度"


@pytest.fixture
def root(tmp_path) -> Path:
    """The demo, with 2022's R&D intensity target split across the units (3% each, as in the trial)."""
    root = demo(tmp_path)
    plan = root / "targets.yaml"
    text = plan.read_text(encoding="utf-8")
    old = '2022: {target: ">= 2.9", source: illustrative}'
    assert text.count(old) == 1
    units = "units: {泰兴高新区: 3, 泰兴经济开发区: 3, 黄桥经济开发区: 3}"
    plan.write_text(text.replace(old, old[:-1] + ", " + units + "}"), encoding="utf-8")
    return root


def _typed(tmp_path: Path, run_cli, root: Path, value: float, code: str) -> tuple[Path, str]:
    """高新区's June form with `value` in `code` typed as its R&D intensity; the form and that cell."""
    path = form(tmp_path, run_cli, root, unit=GAOXIN)
    wb = openpyxl.load_workbook(path)
    ws = wb["报送表"]
    [row] = [c.row for c in ws["A"] if c.value == RDI]
    ws[f"D{row}"] = value
    ws[f"D{row}"].number_format = code
    wb.save(path)
    return path, f"D{row}"


def test_a_percentage_taken_twice_is_refused_at_its_cell(tmp_path, run_cli, root):
    """2.6 in 0.00% shows 260.00%: 260 against 泰兴市's own figure at the end of September, computed from
    its formula, 34.6 / 1341 × 100 = 2.5801 (shown 2.58); 260 / 2.5801 = 260 × 1341 / 3460 = 100.77 → 100.8×."""
    path, cell = _typed(tmp_path, run_cli, root, 2.6, "0.00%")
    lines = refused(run_cli, root, str(path))
    assert lines[0].startswith(
        f"{path}!报送表!{cell}: error[jump]: 260% is 100.8× 泰兴市's own figure at the end of month 9, 2.58%: "
        "a percentage taken twice (260 for 2.6%"
    ), lines


def test_a_fraction_is_refused_at_its_cell(tmp_path, run_cli, root):
    """0.026 in a General cell is 0.026%: 2.5801 / 0.026 = 99.23 → 1/99.2 of 泰兴市's 2.58."""
    path, cell = _typed(tmp_path, run_cli, root, 0.026, "General")
    lines = refused(run_cli, root, str(path))
    assert lines[0].startswith(
        f"{path}!报送表!{cell}: error[jump]: 0.026% is 1/99.2 of 泰兴市's own figure at the end of month 9, 2.58%"
    ), lines


def test_the_fraction_in_a_percent_cell_goes_in_as_shown(tmp_path, run_cli, root):
    """0.026 in 0.00% shows 2.60%: 0.026 × 100 = 2.6, within 10× of 2.58, written under the unit's June."""
    path, _cell = _typed(tmp_path, run_cli, root, 0.026, "0.00%")
    result = run_cli("import", str(path), "--root", str(root))
    assert result.exit_code == 0, result
    text = (root / "data" / "2022.yaml").read_text(encoding="utf-8")
    assert "rd_intensity: 2.6" in text, text


def test_without_a_region_figure_the_units_target_is_the_comparable(tmp_path, run_cli, formats_root):  # noqa: F811
    """高新技术产业产值占比 has no figure of the region nor of last year: 甲园区's target 50 is held against.
    0.026 in a General cell: 50 / 0.026 = 1923.08 → 1/1923.1 of it."""
    path = returned(tmp_path, run_cli, formats_root, {"D7": (0.026, "General")})
    lines = refused(run_cli, formats_root, str(path))
    assert lines[0].startswith(f"{path}!报送表!D7: error[jump]: 0.026% is 1/1923.1 of 甲园区's target, 50%"), lines
