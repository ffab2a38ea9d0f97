"""The collection loop on the demo's three 板块: `template`, filled in as a 板块 statistician would (openpyxl
writes figures into the unlocked cells only), `import` the returned files, then `units` and `report`.

Hand-computed expectations (targets.yaml: 2022's 新认定高企 split 25/15/10, no split of 孵化器项目 in 2022;
data/2021.yaml: the units' 1–6月 2021 高企 2/1/1 and 孵化器项目 9/5/3; 序时进度 of 高企 by its profile: 5% at June):

    1–6月 2022    高企   完成率            同比 (vs 2021)       孵化器项目   同比
    泰兴高新区      2   2/25 =  8.0%       2/2 − 1 =    0%          12     12/9 − 1 = 33.3%
    泰兴经济开发区  1   1/15 =  6.67%      1/1 − 1 =    0%           8      8/5 − 1 = 60%
    黄桥经济开发区  0   0/10 =  0%         0/1 − 1 = −100%           4      4/3 − 1 = 33.3%
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml

from conftest import REPO

UNITS = ["泰兴高新区", "泰兴经济开发区", "黄桥经济开发区"]
JUNE = {"泰兴高新区": (2, 12), "泰兴经济开发区": (1, 8), "黄桥经济开发区": (0, 4)}


def demo(tmp_path: Path, name: str = "demo") -> Path:
    root = tmp_path / name
    root.mkdir()
    shutil.copy(REPO / "targets.yaml", root)
    shutil.copytree(REPO / "data", root / "data")
    return root


def sheet_name(unit: str, span: str = "2022年1-6月") -> str:
    return f"{unit}_{span}报送表.xlsx"


def fill(path: Path, figures: dict[str, object], remarks: dict[str, str] | None = None) -> None:
    """As a 板块 statistician does: type into the yellow cells only (the sheet is protected)."""
    wb = openpyxl.load_workbook(path)
    ws = wb["报送表"]
    for cell, value in {**figures, **(remarks or {})}.items():
        assert ws[cell].protection.locked is False, f"{cell} is locked: a statistician could not type there"
        ws[cell] = value
    wb.save(path)


@pytest.fixture
def sent(tmp_path, run_cli) -> tuple[Path, Path]:
    """The demo root and the June templates sent out, each returned filled in."""
    root = demo(tmp_path)
    out = tmp_path / "sent"
    result = run_cli("template", "2022", "--month", "6", "--root", str(root), "--out", str(out), "--lang", "zh")
    assert result.exit_code == 0, result
    for unit, (firms, projects) in JUNE.items():
        fill(out / sheet_name(unit), {"D5": firms, "D6": projects})
    return root, out


def returned(out: Path) -> list[str]:
    return [str(out / sheet_name(u)) for u in UNITS]


def test_the_loop_template_fill_import_units_report(sent, run_cli):
    root, out = sent
    year_file = root / "data" / "2022.yaml"
    before = year_file.read_bytes()
    dry = run_cli("import", *returned(out), "--root", str(root), "--dry-run")
    assert dry.exit_code == 0, dry
    assert dry.stdout.splitlines()[-1] == "6 new, 0 changed, 0 unchanged"
    assert year_file.read_bytes() == before  # --dry-run writes nothing
    result = run_cli("import", *returned(out), "--root", str(root))
    assert result.exit_code == 0, result
    assert "wrote data/2022.yaml" in result.stderr
    lines = result.stdout.splitlines()
    assert lines[2].split() == ["泰兴高新区", "新认定国家高新技术企业", "2022-06", "—", "→", "2", "家", "new"]
    assert lines[-1] == "6 new, 0 changed, 0 unchanged"
    data = yaml.safe_load(year_file.read_text(encoding="utf-8"))
    assert data["units"]["months"][6] == {
        "泰兴高新区": {"hightech_new": 2, "incubator_projects": 12},
        "泰兴经济开发区": {"hightech_new": 1, "incubator_projects": 8},
        "黄桥经济开发区": {"hightech_new": 0, "incubator_projects": 4},
    }
    # every other line of the file as it was: the new lines are the only difference
    old, new = before.decode().splitlines(), year_file.read_text(encoding="utf-8").splitlines()
    assert [line for line in new if line not in old] == [
        "  months:",
        "    6:",
        "      泰兴高新区: {hightech_new: 2, incubator_projects: 12}",
        "      泰兴经济开发区: {hightech_new: 1, incubator_projects: 8}",
        "      黄桥经济开发区: {hightech_new: 0, incubator_projects: 4}",
    ]
    assert run_cli("check", "--root", str(root)).exit_code == 0

    doc = json.loads(run_cli("units", "2022", "--month", "6", "--root", str(root), "-f", "json").stdout)
    cells = {(u["unit"], r["id"]): r for u in doc["units"] for r in u["results"]}
    assert all(u["reported"] for u in doc["units"])
    firms = [cells[(u, "hightech_new")] for u in UNITS]
    assert [r["actual"] for r in firms] == [2, 1, 0]
    assert [r["attainment"] for r in firms] == [pytest.approx(8.0), pytest.approx(100 / 15), 0.0]
    assert [r["rank"]["position"] for r in firms] == [1, 2, 3]
    assert [r["yoy"] for r in firms] == [0.0, 0.0, -100.0]
    assert [r["pace"]["expected"] for r in firms] == [5.0, 5.0, 5.0]  # the profile's June share
    projects = [cells[(u, "incubator_projects")] for u in UNITS]
    assert [r["actual"] for r in projects] == [12, 8, 4]
    assert [r["yoy"] for r in projects] == [pytest.approx(100 / 3), 60.0, pytest.approx(100 / 3)]
    assert [r["status"] for r in projects] == ["untargeted"] * 3
    total = {r["id"]: r for r in doc["total"]}
    assert total["hightech_new"]["actual"] == 3  # the region's own June figure, as the units add up to

    again = run_cli("import", *returned(out), "--root", str(root))
    assert again.exit_code == 0, again
    assert again.stdout.splitlines()[-1] == "0 new, 0 changed, 6 unchanged"
    assert "data/2022.yaml unchanged" in again.stderr


def test_september_corrections_reach_the_report(tmp_path, run_cli):
    """At as_of (1–9月) the form comes prefilled with the units' figures; 黄桥 corrects 1 to 2 and adds a
    remark. The report's unit table: 2 of 10 = 20.0%; ranked by 完成率, level with 5 of 25 and 3 of 15 (20.0%
    each): all three share rank 1 (by the figures, 5, 3, 2, it would be third)."""
    root = demo(tmp_path)
    out = tmp_path / "sent"
    assert (
        run_cli("template", "2022", "--unit", "黄桥经济开发区", "--root", str(root), "--out", str(out)).exit_code == 0
    )
    form = out / sheet_name("黄桥经济开发区", "2022年1-9月")
    fill(form, {"D5": 2}, {"F5": "含9月新认定1家"})
    result = run_cli("import", str(form), "--root", str(root))
    assert result.exit_code == 0, result
    assert result.stdout.splitlines()[-1] == "0 new, 1 changed, 1 unchanged"
    data = yaml.safe_load((root / "data" / "2022.yaml").read_text(encoding="utf-8"))
    assert data["units"]["黄桥经济开发区"]["hightech_new"] == {"value": 2, "note": "含9月新认定1家"}
    report = run_cli("report", "2022", "--root", str(root), "--out", str(tmp_path / "report"), "--lang", "zh")
    assert report.exit_code == 0, report
    md = (tmp_path / "report" / "泰兴市-2022年1-9月-指标完成情况.md").read_text(encoding="utf-8")
    row = next(line for line in md.splitlines() if line.startswith("| 新认定国家高新技术企业 | 黄桥经济开发区 |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[2:5] == ["≥ 10", "2", "20.0%"]
    assert cells[-2:] == ["1/3", "已报送"]
    # 2 / 10 = 20.0%, as 泰兴高新区's 5 / 25 and 泰兴经济开发区's 3 / 15: all three first (并列); 20.0% against
    # the profile's 15% at 9月末: 5.0 pp ahead of the schedule
    assert "黄桥经济开发区完成新认定国家高新技术企业2家，完成分解目标的20.0%，高于进度5.0个百分点，并列各板块第1" in md
    again = run_cli("import", str(form), "--root", str(root))
    assert again.stdout.splitlines()[-1] == "0 new, 0 changed, 2 unchanged"
