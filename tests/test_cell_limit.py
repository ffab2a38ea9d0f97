"""A spreadsheet cell holds at most 32,767 characters, and the report's workbook would cut a longer
name or note without a word: `check` refuses such text, located (issue 17)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import build_root

MOST = 32_767


def with_name(tmp_path: Path, name: str) -> Path:
    root = build_root(tmp_path / "root")
    text = (root / "targets.yaml").read_text(encoding="utf-8")
    assert "    name: 新增高企\n" in text
    (root / "targets.yaml").write_text(text.replace("    name: 新增高企\n", f"    name: {json.dumps(name)}\n"), "utf-8")
    return root


def test_a_name_one_character_too_long_is_refused(run_cli, tmp_path):
    root = with_name(tmp_path, "企" * (MOST + 1))
    result = run_cli("check", "--root", str(root), "--no-cache")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "targets.yaml:5:11: error[text-too-long]: indicators.firms.name: 32,768 characters; a spreadsheet cell "
        "holds at most 32,767, so the report's workbook would cut it"
    )
    zh = run_cli("check", "--root", str(root), "--no-cache", "--lang", "zh")
    assert zh.stderr.splitlines()[0] == (
        "targets.yaml:5:11: error[text-too-long]: indicators.firms.name: 32,768 个字符；"
        "电子表格的单元格最多容纳 32,767 个字符，报告的工作簿会把它截断"
    )


def test_a_name_that_fills_a_cell_exactly_is_fine(run_cli, tmp_path):
    root = with_name(tmp_path, "企" * MOST)
    assert run_cli("check", "--root", str(root), "--no-cache").exit_code == 0


def test_a_long_note_in_a_data_file_is_refused(run_cli, tmp_path):
    root = build_root(tmp_path / "root")
    path = root / "data" / "2021.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"note: {json.dumps('说明' * 20_000)}\n", encoding="utf-8")
    result = run_cli("check", "--root", str(root), "--no-cache")
    assert result.exit_code == 1
    assert "error[text-too-long]: note: 40,000 characters; a spreadsheet cell holds at most 32,767" in result.stderr


def test_the_schema_tells_editors():
    from sciplan.validate.editors import schemas

    indicator = schemas()["targets"]["definitions"]["IndicatorSpec"]["properties"]["name"]
    assert indicator["maxLength"] == MOST
