"""Edge cases met by trying sciplan as a new user: each pins down what a reader or a script sees."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BASE, REPO


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).write_text(text, encoding="utf-8")


def plain(run_cli, root: Path, *args: str) -> str:
    result = run_cli("status", "2021", "--root", str(root), "-f", "plain", *args)
    assert result.exit_code == 0, result
    return result.stdout


# ---- numbers a reader sees --------------------------------------------------------------------


def test_a_miss_never_prints_as_equal(base_root, run_cli):
    """2.799% against 2.8%: shown to the third decimal, not as "2.80% vs ≥ 2.80% — 0.00 pp"."""
    text = (BASE / "data" / "2021.yaml").read_text(encoding="utf-8")
    write(base_root, "data/2021.yaml", text.replace("rd: 2.65", "rd: 2.799"))
    out = plain(run_cli, base_root)
    assert "研发投入强度: 2.799%, 0.001 pp below the target" in out
    assert "≥ 2.800" in out  # the target row, to the same third decimal


def test_a_growth_threshold_is_shown_precisely_enough(base_root, run_cli):
    """-3% on 0.48 is at most 0.4656: an actual of 0.47 misses it, and the row says so."""
    targets = (BASE / "targets.yaml").read_text(encoding="utf-8").replace('{2021: "<= 0.5"}', "{2021: -3%}")
    write(base_root, "targets.yaml", targets)
    write(base_root, "data/2020.yaml", "year: 2020\nactuals: {energy: 0.48}\n")
    write(base_root, "data/2021.yaml", "year: 2021\nactuals: {energy: 0.47}\n")
    out = plain(run_cli, base_root)
    assert "-3% → ≤ 0.4656" in out
    # 0.48 × 0.97 = 0.4656 exactly, shown so (one threshold, one value); the gap 0.47 - 0.4656 = 0.0044
    # keeps two significant digits; 0.4656 / 0.47 = 99.06% → 99.1%
    assert "0.470吨标准煤 vs ≤ 0.4656吨标准煤 (-3%) — 0.0044吨标准煤 over (99.1%)" in out
    # 0.47 / 0.48 − 1 = −2.08 %: a fall of 2.1 %, against −3 %: 0.92 pp above
    assert "; a fall of 2.1% against a target of a fall of 3%, 0.9 pp above" in out


def test_no_yoy_for_an_open_years_partial_flows(base_root, run_cli):
    """Nine months of a flow are no match for last year's twelve; a stock or ratio still is."""
    write(base_root, "data/2021.yaml", "year: 2021\nas_of: 2021-09-30\nactuals: {firms: 40, rd: 2.7, loans: 9000}\n")
    doc = json.loads(run_cli("status", "2021", "--root", str(base_root), "-f", "json").stdout)
    by_id = {i["id"]: i for i in doc["indicators"]}
    assert by_id["firms"]["yoy"] is None and by_id["loans"]["yoy"] is None
    assert by_id["rd"]["yoy"] == pytest.approx(0.1)  # a ratio: 2.6 → 2.7 pp
    assert "增长" not in plain(run_cli, base_root)  # no growth-against-growth on part of a year


def test_pace_only_while_the_year_is_under_way(base_root, run_cli):
    write(base_root, "data/2021.yaml", "year: 2021\nas_of: 2021-12-31\nactuals: {firms: 40}\n")
    doc = json.loads(run_cli("status", "2021", "--root", str(base_root), "-f", "json").stdout)
    assert doc["indicators"][0]["pace"] is None
    assert doc["indicators"][0]["yoy"] == pytest.approx((40 / 71 - 1) * 100)  # the whole year: comparable


def test_range_met_says_whether_the_stretch_was_reached(base_root, run_cli):
    targets = (BASE / "targets.yaml").read_text(encoding="utf-8").replace('{2021: ">= 50"}', "{2021: 50..90}")
    write(base_root, "targets.yaml", targets)
    assert "✓ met, below stretch" in plain(run_cli, base_root)


def test_narrow_windows_drop_columns_not_names(run_cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    out = run_cli("status", "2022", "--root", str(REPO)).stdout
    assert "│ 有效期内国家高新技术企业 " in out  # not folded into two-character pieces
    assert "Not shown at this width: YoY, Gap, Pace " in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_narrow_windows_never_drop_the_unit(run_cli, monkeypatch):
    """A "34.6" without 亿元 means nothing: names fold before the unit goes."""
    monkeypatch.setenv("COLUMNS", "80")
    out = run_cli("status", "2022", "--root", str(REPO)).stdout
    assert "Not shown at this width: YoY, Gap, Pace " in out
    assert "│ 亿元 │" in out
    assert max(len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize("columns", [80, 100, 120])
def test_narrow_windows_keep_the_plan_readable(run_cli, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    out = run_cli("plan", "--root", str(REPO)).stdout
    assert "Indicator" in out and "Category" in out  # the row labels and the verdict stay
    assert "1.03" in out  # 有效期内国家高新技术企业's ratio, whole
    assert "Not shown at this width: Expected" in out
    assert max(len(line) for line in out.splitlines()) <= columns


def test_a_table_too_wide_for_the_window_never_cuts_a_number(run_cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")  # not even the kept columns fit: lines run past the window
    out = run_cli("plan", "--root", str(REPO)).stdout
    assert "258 (2021)" in out and "1.03" in out and "-7.37" in out


def test_saved_tables_have_no_trailing_spaces(run_cli):
    out = run_cli("status", "2022", "--root", str(REPO)).stdout
    assert out.startswith("泰兴市 · 2022 scorecard")
    assert [line for line in out.splitlines() if line != line.rstrip()] == []


def test_markdown_notes_are_separate_blocks(run_cli):
    out = run_cli("status", "2022", "--root", str(REPO), "-f", "markdown").stdout
    assert "\n\n\\* estimated (预计数), to be revised\n\n" in out  # not a bullet
    assert "\n\n**Shortfalls**\n\n- ✗ " in out and "\n\n**Milestones**\n\n- " in out


# ---- data files and messages -------------------------------------------------------------------


def test_missing_data_folder_is_a_warning_with_a_hint(tmp_path, run_cli):
    root = tmp_path / "root"
    root.mkdir()
    write(root, "targets.yaml", (BASE / "targets.yaml").read_text(encoding="utf-8"))
    write(root, "2021.yaml", "year: 2021\n")
    result = run_cli("check", "--root", str(root))
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "targets.yaml:1:1: warning[no-data]: no data/ folder beside targets.yaml: no actuals yet; "
        "2021.yaml belong in data/"
    )


def test_upper_case_suffix_is_read(base_root, run_cli):
    (base_root / "data" / "2021.yaml").rename(base_root / "data" / "2021.YAML")
    assert json.loads(run_cli("status", "2021", "--root", str(base_root), "-f", "json").stdout)["final"] is True


def test_year_mismatch_names_the_real_file(base_root, run_cli):
    (base_root / "data" / "2021.yaml").unlink()
    write(base_root, "data/2021.yml", "year: 2020\n")
    assert "does not match the file name 2021.yml" in run_cli("check", "--root", str(base_root)).stderr


def test_top_level_mistakes_do_not_hide_the_rest(base_root, run_cli):
    targets = (BASE / "targets.yaml").read_text(encoding="utf-8")
    write(base_root, "targets.yaml", targets.replace("region: 测试区\n", "region: 测试区\nnera: 90\nnear: -5\n"))
    text = (BASE / "data" / "2021.yaml").read_text(encoding="utf-8")
    write(base_root, "data/2021.yaml", text.replace("firms: 86", "firms: xx"))
    lines = run_cli("check", "--root", str(base_root)).stderr.splitlines()
    assert lines == [
        "targets.yaml:3:1: error[unknown-field]: nera: unknown field 'nera' (did you mean 'near'?)",
        "targets.yaml:4:7: error[out-of-range]: near: must be more than 0, got '-5'",
        "data/2021.yaml:4:10: error[placeholder]: actuals.firms: 'xx' is a template placeholder, not a number; "
        "write the figure, or null if it is not reported yet",
        "sciplan: 3 errors in 2 files",
    ]


def test_negative_counts_are_questioned(base_root, run_cli):
    text = (BASE / "data" / "2021.yaml").read_text(encoding="utf-8")
    write(base_root, "data/2021.yaml", text.replace("firms: 86", "firms: -55"))
    result = run_cli("check", "--root", str(base_root))
    assert "warning[negative]: actuals.firms: -55家 is negative; 新增高企 is a count or amount" in result.stderr


# ---- commands with nothing to show -------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["trend", "hightech_total", "--from", "2030"],
            1,
            "--from 2030 is after the last year with a target or value for hightech_total (2022)",
        ),
        (["units", "2020"], 1, "no unit has a target or a value in 2020"),
        (
            ["compare", "hightech_total", "--year", "2019"],
            1,
            "no peer region reports 有效期内国家高新技术企业 in 2019; they do in 2017, 2020, 2021",
        ),
        (
            ["status", "2022", "--root", "targets.yaml"],
            1,
            "targets.yaml: is a file; --root names the folder that holds targets.yaml",
        ),
    ],
)
def test_nothing_to_show_is_said(args, code, message, run_cli, monkeypatch):
    monkeypatch.chdir(REPO)
    if "--root" not in args:
        args = [*args, "--root", str(REPO)]
    result = run_cli(*args)
    assert result.exit_code == code
    assert result.stderr == f"sciplan: error: {message}\n"


def test_plan_year_before_its_baseline_is_a_usage_error(run_cli):
    result = run_cli("plan", "--year", "2019", "--root", str(REPO))
    assert result.exit_code == 2 and "before the baseline year of action_2021_2023 (2020)" in result.stderr


# ---- authoring ---------------------------------------------------------------------------------


def test_init_never_mentions_a_force_it_does_not_have(base_root, run_cli):
    result = run_cli("init", "2021", "--root", str(base_root))
    assert result.exit_code == 1 and "--force" not in result.stderr


def test_init_lists_every_indicator_when_none_is_targeted(base_root, run_cli):
    result = run_cli("init", "2023", "--root", str(base_root))
    assert result.exit_code == 0
    assert "no indicator has a target for 2023; all 5 listed" in result.stderr
    text = (base_root / "data" / "2023.yaml").read_text(encoding="utf-8")
    assert "  talents: null\n" in text and "  # no indicator has a target for 2023: all are listed\n" in text


def test_milestones_due_before_the_year_are_overdue_without_as_of(run_cli, tmp_path):
    """A year with no as_of is judged at its first day: a 2022 task not done is overdue in 2023."""
    from conftest import build_root

    root = build_root(tmp_path / "root")
    write(
        root,
        "targets.yaml",
        (BASE / "targets.yaml").read_text(encoding="utf-8")
        + "milestones:\n  - {id: rules, task: 发布办法, due: 2022Q1}\n",
    )
    write(root, "data/2023.yaml", "year: 2023\n")
    doc = json.loads(run_cli("status", "2023", "--root", str(root), "-f", "json").stdout)
    assert [(m["id"], m["status"]) for m in doc["milestones"]] == [("rules", "overdue")]


# ---- the process -------------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_one_line():
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "sciplan", "status", "2022", "--root", str(REPO)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert proc.returncode == 1
    assert proc.stderr == "sciplan: error: cannot write the output: No space left on device\n"


def test_a_mistake_in_a_file_status_does_not_read_blocks_nothing(base_root, run_cli):
    """status 2022 reads targets.yaml, data/2022.yaml and data/2021.yaml (growth, YoY): an `xx` in
    data/2020.yaml is one warning line naming the file; check still reads everything and fails."""
    data = base_root / "data"
    (data / "2022.yaml").write_text("year: 2022\nfinal: true\nactuals: {firms: 90}\n", encoding="utf-8")
    old = (data / "2020.yaml").read_text(encoding="utf-8")
    (data / "2020.yaml").write_text(old.replace("firms: 71", "firms: xx"), encoding="utf-8")
    result = run_cli("status", "2022", "--root", str(base_root))
    assert result.exit_code == 0, result
    assert result.stderr.splitlines() == [
        "sciplan: warning: data/2020.yaml has errors, not read here; `sciplan check` lists them"
    ]
    assert "新增高企" in result.stdout
    # 2021 needs 2020 (YoY, loans +15%): blocked, with the error itself
    blocked = run_cli("status", "2021", "--root", str(base_root))
    assert blocked.exit_code == 1 and blocked.stderr.startswith("data/2020.yaml:4:10: error[placeholder]")
    assert run_cli("check", "--root", str(base_root)).exit_code == 1
    # targets.yaml always matters
    (base_root / "targets.yaml").write_text("region: [\n", encoding="utf-8")
    assert run_cli("status", "2022", "--root", str(base_root)).exit_code == 1
