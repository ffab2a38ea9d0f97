"""Input that used to get past: digits other than 0–9 in years and months, line breaks only libyaml
sees, and regions `sciplan new` wrote that its own `check` rejected."""

from __future__ import annotations

import os

import pytest

from sciplan.app.loader import load_project
from sciplan.load.parser import parse


@pytest.mark.parametrize("key", ["³", "①", "٣", "𝟔"])
def test_a_month_key_is_ascii_digits(key, base_root, run_cli):
    """`"³"` was a traceback (int() refuses what isdigit() takes); `"٣"` and `"𝟔"` were read as 3 and 6."""
    (base_root / "data" / "2022.yaml").write_text(
        f'year: 2022\nas_of: 2022-09-30\nactuals:\n  firms: 80\nmonths:\n  "{key}":\n    firms: 20\n',
        encoding="utf-8",
    )
    result = run_cli("check", "--root", str(base_root), "--no-cache")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"data/2022.yaml:6:3: error[month]: months: '{key}' is not a month; "
        "the keys are the months 1–12, e.g. 6: for the end of June"
    )


def test_a_target_year_is_ascii_digits(base_root, run_cli):
    """`"٢٠٢٢"` (Arabic-Indic digits) was read silently as 2022."""
    path = base_root / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('targets: {2021: ">= 50"}', 'targets: {2021: ">= 50", "٢٠٢٢": ">= 60"}'), "utf-8")
    result = run_cli("check", "--root", str(base_root), "--no-cache")
    # line 7 is `    targets: {2021: ">= 50", "٢٠٢٢": …}`: 14 characters, then `2021: ">= 50", ` (15): column 30
    assert result.stderr.splitlines()[0] == (
        "targets.yaml:7:30: error[year]: indicators.firms.targets.٢٠٢٢: '٢٠٢٢' is not a year (1900–2200)"
    )


@pytest.mark.parametrize(
    ("text", "line", "column", "name"),
    [
        # `a: 1 # x` is 8 characters: the separator is the 9th. libyaml read `y: 2` as a key of its own.
        ("a: 1 # x\u2028y: 2\nb: 3\n", 1, 9, "U+2028 (LINE SEPARATOR)"),
        ("a: 1 # x\x85 y\nb: 3\n", 1, 9, "U+0085 (NEL)"),
        ("a: 1\n# note \u2029 - more\nb: 2\n", 2, 8, "U+2029 (PARAGRAPH SEPARATOR)"),
    ],
)
def test_line_breaks_only_yaml_sees_are_named_where_they_stand(text, line, column, name):
    _, problems = parse(text, "f.yaml")
    assert [(p.line, p.column, p.code, p.message) for p in problems] == [
        (
            line,
            column,
            "control-character",
            f"{name}: YAML reads it as a line break that editors do not show; remove it",
        )
    ]


@pytest.mark.parametrize("region", ["2024", "null", "true", "1e3", "~", "x-", "a: b"])  # -x: test_region_names
def test_new_writes_a_region_its_check_accepts(region, tmp_path, run_cli):
    folder = tmp_path / "n"
    assert run_cli("new", str(folder), "--region", region).exit_code == 0
    assert run_cli("check", "--root", str(folder), "--no-cache").exit_code == 0
    assert load_project(folder).catalogue.region == region  # type: ignore[union-attr]


def test_new_named_after_its_folder_2024(tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run_cli("new", "2024").exit_code == 0
    assert run_cli("check", "--root", "2024", "--no-cache").exit_code == 0
    assert load_project(tmp_path / "2024").catalogue.region == "2024"  # type: ignore[union-attr]


def test_new_refuses_a_region_with_a_line_break_and_writes_nothing(tmp_path, run_cli):
    folder = tmp_path / "n"
    result = run_cli("new", str(folder), "--region", "泰兴\n市")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "sciplan: error[usage]: --region: '泰兴\\n市' holds U+000A (line break); a region's name is one line of text"
    ]
    assert not folder.exists()


def test_new_refuses_a_dangling_link_before_writing_anything(tmp_path, run_cli):
    folder = tmp_path / "n"
    folder.mkdir()
    os.symlink(tmp_path / "nowhere", folder / ".gitattributes")
    result = run_cli("new", str(folder))
    assert result.exit_code == 1
    assert sorted(os.listdir(folder)) == [".gitattributes"]
    assert ".gitattributes already there" in result.stderr


def test_new_refuses_a_folder_link_on_the_way(tmp_path, run_cli):
    folder = tmp_path / "n"
    folder.mkdir()
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", folder / "schema")
    assert run_cli("new", str(folder)).exit_code == 1
    assert sorted(os.listdir(folder)) == ["schema"]
    assert os.listdir(tmp_path / "elsewhere") == []
