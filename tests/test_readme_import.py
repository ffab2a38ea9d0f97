"""README's "Figures in" shows what `sciplan import` prints for the sheet in this repository
(examples/2022年1-10月主要经济指标.xlsx, made by examples/monthly_sheet.py), on a copy of the demo root: the
write (step 3), the dry run (step 2: the same without the `wrote` lines) and the second import (0 new,
0 changed). It showed the output of a sheet that was nowhere in the repository (attacker trial 3)."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import REPO

SHEET = REPO / "examples" / "2022年1-10月主要经济指标.xlsx"
READMES = [("README.md", "C.UTF-8", "## Figures in"), ("README.zh-CN.md", "zh_CN.UTF-8", "## 每月填数")]


def shown(readme: str, heading: str) -> tuple[str, str, str]:
    """(command, output, the section's text) of the section's ``` block that starts with `$ sciplan import`."""
    text = (REPO / readme).read_text(encoding="utf-8")
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    [(command, output)] = re.findall(r"```\n\$ (sciplan import [^\n]*)\n(.*?)```", section, re.S)
    return command, output, section


def demo_copy(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copy(REPO / "targets.yaml", root / "targets.yaml")
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "examples", root / "examples")
    return root


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip("\n").splitlines()]


@pytest.mark.parametrize(("readme", "lang", "heading"), READMES, ids=["en", "zh"])
def test_the_figures_in_output_is_what_import_prints(tmp_path, run_cli, monkeypatch, readme, lang, heading):
    command, output, section = shown(readme, heading)
    assert command.split()[2] == "examples/2022年1-10月主要经济指标.xlsx"
    root = demo_copy(tmp_path)
    monkeypatch.chdir(root)
    monkeypatch.setenv("LANG", lang)
    args = shlex.split(command)[1:]
    dry = run_cli(*args, "--dry-run")  # step 2: what would change, nothing written
    assert dry.exit_code == 0, dry
    assert not (root / "import").exists()
    written = run_cli(*args)  # step 3
    assert written.exit_code == 0, written
    # a terminal shows stdout (the change table) before stderr (warnings, rows not imported, what was written)
    assert lines(written.stdout + written.stderr) == lines(output), written
    wrote = "wrote " if lang.startswith("C") else "已写入 "
    assert lines(dry.stdout + dry.stderr) == [x for x in lines(output) if not x.startswith(wrote)]
    before = (root / "data" / "2022.yaml").read_bytes()
    again = run_cli(*args)  # the same file again: nothing new, the file left alone
    assert again.exit_code == 0, again
    counts = again.stdout.strip().splitlines()[-1]
    assert counts in section, counts  # README says what the second import reports
    assert (root / "data" / "2022.yaml").read_bytes() == before


def test_the_sheet_is_what_its_script_makes(tmp_path):
    """examples/monthly_sheet.py and the committed sheet agree cell by cell, merged ranges too."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("monthly_sheet", REPO / "examples" / "monthly_sheet.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = module.build(tmp_path / "made.xlsx")
    ours, theirs = openpyxl.load_workbook(SHEET).active, openpyxl.load_workbook(made).active
    assert [[c.value for c in r] for r in ours.iter_rows()] == [[c.value for c in r] for r in theirs.iter_rows()]
    assert sorted(map(str, ours.merged_cells.ranges)) == sorted(map(str, theirs.merged_cells.ranges))
    # what a 统计局 sheet holds: a title with the period, a two-row header, a missing mark, a footnote
    values = [c.value for r in ours.iter_rows() for c in r if c.value is not None]
    assert "泰兴市2022年1-10月主要经济指标" in values and "1-10月累计" in values and "——" in values
    assert any(str(v).startswith("注：") for v in values)
