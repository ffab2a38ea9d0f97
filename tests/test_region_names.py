"""A region's name starts the report's file names: `check` refuses one that cannot (blank, hidden, an
option, a path, too long), located and in the user's language, instead of `report` failing later
(issue 17)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import build_root


def with_region(tmp_path: Path, region: str) -> Path:
    root = build_root(tmp_path / "root")
    text = (root / "targets.yaml").read_text(encoding="utf-8")
    assert "region: 测试区\n" in text
    (root / "targets.yaml").write_text(text.replace("region: 测试区\n", f"region: {json.dumps(region)}\n"), "utf-8")
    return root


@pytest.mark.parametrize(
    ("region", "message"),
    [
        (" ", "region: ' ' is blank; write the region's name, e.g. 泰兴市"),
        ("  泰兴市", "region: '  泰兴市' starts with a space; remove it"),
        ("\u200b", "region: '\\u200b' is blank; write the region's name, e.g. 泰兴市"),  # a zero-width space
        ("\u3000泰兴市", "region: '\\u3000泰兴市' starts with a space; remove it"),  # a full-width space
        ("\u200b泰兴市", "region: '\\u200b泰兴市' starts with a space; remove it"),
        (
            ".hidden",
            "region: '.hidden' starts with '.'; the report's files would be hidden (.) or read as an option (-) "
            "by other programs",
        ),
        (
            "-rf",
            "region: '-rf' starts with '-'; the report's files would be hidden (.) or read as an option (-) "
            "by other programs",
        ),
        ("泰兴/靖江", "region: '泰兴/靖江' holds '/', which separates folders in a file name"),
        (
            "..\\x",
            "region: '..\\\\x' starts with '.'; the report's files would be hidden (.) or read as an option (-) "
            "by other programs",
        ),
        ("泰兴\\靖江", "region: '泰兴\\\\靖江' holds '\\\\', which separates folders in a file name"),
        # 73 characters of 3 bytes: 219 + "-9999年1-12月-指标完成情况" (34) + ".docx" (5) = 258 bytes
        ("长" * 73, "region: the name is too long for the report's file names (258 bytes, at most 255); shorten it"),
    ],
)
def test_check_refuses_a_region_that_cannot_name_a_file(run_cli, tmp_path, region, message):
    root = with_region(tmp_path, region)
    result = run_cli("check", "--root", str(root), "--no-cache")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"targets.yaml:2:9: error[region-name]: {message}"
    report = run_cli("report", "2021", "--root", str(root), "--out", str(tmp_path / "out"))
    assert report.exit_code == 1 and "error[region-name]" in report.stderr
    assert not (tmp_path / "out").exists()


def test_in_chinese(run_cli, tmp_path):
    root = with_region(tmp_path, "长" * 73)
    result = run_cli("check", "--root", str(root), "--no-cache", "--lang", "zh")
    assert result.stderr.splitlines()[0] == (
        "targets.yaml:2:9: error[region-name]: region: 名称太长，报告的文件名放不下（258 字节，最多 255 字节）；请缩短"
    )
    blank = with_region(tmp_path / "2", " ")
    result = run_cli("check", "--root", str(blank), "--no-cache", "--lang", "zh")
    assert (
        result.stderr.splitlines()[0]
        == "targets.yaml:2:9: error[region-name]: region: ' ' 是空白；请写出地区名称，如 泰兴市"
    )


def test_the_longest_name_that_fits_writes_every_report(run_cli, tmp_path):
    """72 characters: the month report's Chinese name is 216 + 34 + 5 = 255 bytes, the most a name may have."""
    root = with_region(tmp_path, "长" * 72)
    assert run_cli("check", "--root", str(root), "--no-cache").exit_code == 0
    out = tmp_path / "out"
    result = run_cli("report", "2021", "--root", str(root), "--out", str(out), "--lang", "zh", "--only", "docx")
    assert result.exit_code == 0, result
    (written,) = [p for p in out.iterdir() if not p.name.startswith(".")]
    assert len(written.name.encode()) == 216 + len("-2021-指标完成情况.docx".encode())


def test_a_control_character_is_refused_as_before(run_cli, tmp_path):
    root = with_region(tmp_path, "泰兴\t市")
    result = run_cli("check", "--root", str(root), "--no-cache")
    assert result.exit_code == 1
    assert "error[control-character]: '泰兴\\t市' holds U+0009 (tab)" in result.stderr


@pytest.mark.parametrize("region", ["-x", ".hidden", "a/b"])
def test_new_refuses_such_a_region_and_writes_nothing(run_cli, tmp_path, region):
    folder = tmp_path / "n"
    result = run_cli("new", str(folder), "--region", region)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"sciplan: error[usage]: --region: {region!r} ")
    assert not folder.exists()
