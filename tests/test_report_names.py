"""The report's files are named for the period they cover (issue 22, documents trial 4): a year under
way as `青川县-2024年1-9月-指标完成情况`, whether asked as `report 2024` or `report 2024 --month 9` at
as_of 2024-09-30 (one report, one name), a final year as `青川县-2023-指标完成情况`.

Before: `report 2024` on an open year wrote `青川县-2024-指标完成情况.*` (a September draft that looked like
the year's report, and that October's run replaced), and `--month 9` wrote the same report a second
time as `青川县-2024年1-9月-…`. The folder's rule still holds for the new names: a file sciplan did not
write, or one edited since, is never replaced without --force.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import CASES
from sciplan.core.i18n import language, set_language

KINDS = ("docx", "xlsx", "html", "md")
# tests/cases/county: 2022 and 2023 final; 2024 open, as_of 2024-09-30, with `months: 6`
SEPT = "青川县-2024年1-9月-指标完成情况"
JUNE = "青川县-2024年1-6月-指标完成情况"
FINAL = "青川县-2023-指标完成情况"


@pytest.fixture(autouse=True)
def _keep_language():
    before = language()
    yield
    set_language(before)


@pytest.fixture
def county(tmp_path) -> Path:
    root = tmp_path / "root"
    shutil.copytree(CASES / "county", root)
    return root


def report(run_cli, root: Path, *args: str, lang: str = "zh"):
    return run_cli("report", *args, "--root", str(root), "--out", str(root / "out"), "--lang", lang)


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != ".sciplan-report")


def test_an_open_year_is_named_for_its_months_and_written_once(run_cli, county):
    assert report(run_cli, county, "2024").exit_code == 0
    assert names(county / "out") == sorted(f"{SEPT}.{kind}" for kind in KINDS)
    # the same report asked by its month: the same four files again, no second name
    result = report(run_cli, county, "2024", "--month", "9")
    assert result.exit_code == 0, result
    assert names(county / "out") == sorted(f"{SEPT}.{kind}" for kind in KINDS)
    # June's report beside September's; the final 2023 keeps the year's own name
    assert report(run_cli, county, "2024", "--month", "6", "--only", "md").exit_code == 0
    assert report(run_cli, county, "2023", "--only", "md").exit_code == 0
    assert names(county / "out") == sorted([*(f"{SEPT}.{kind}" for kind in KINDS), f"{JUNE}.md", f"{FINAL}.md"])


def test_english_names(run_cli, county):
    assert report(run_cli, county, "2024", "--only", "md", lang="en").exit_code == 0
    assert report(run_cli, county, "2024", "--month", "9", "--only", "md", lang="en").exit_code == 0
    assert report(run_cli, county, "2023", "--only", "md", lang="en").exit_code == 0
    assert names(county / "out") == ["青川县-2023-targets-and-results.md", "青川县-2024-M09-targets-and-results.md"]


def test_the_month_run_never_replaces_an_edited_draft(run_cli, county):
    """`--month 9` now writes the default run's file: an edited draft of it is refused, untouched."""
    assert report(run_cli, county, "2024").exit_code == 0
    md = county / "out" / f"{SEPT}.md"
    edited = md.read_text(encoding="utf-8") + "\n科长的修改\n"
    md.write_text(edited, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (county / "out").iterdir()}
    result = report(run_cli, county, "2024", "--month", "9")
    assert result.exit_code == 1, result
    assert f"{SEPT}.md 已存在，且不是 sciplan 写出的原文件" in result.stderr
    assert {p.name: p.read_bytes() for p in (county / "out").iterdir()} == before  # nothing written


def test_someone_elses_file_under_the_new_name_is_not_replaced(run_cli, county):
    (county / "out").mkdir()
    (county / "out" / f"{SEPT}.xlsx").write_bytes(b"the bureau's own table")
    result = report(run_cli, county, "2024")
    assert result.exit_code == 1, result
    assert (county / "out" / f"{SEPT}.xlsx").read_bytes() == b"the bureau's own table"
    assert names(county / "out") == [f"{SEPT}.xlsx"]  # checked before anything is written
