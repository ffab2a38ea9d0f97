"""Every usage error is one line in the diagnostics' style and sciplan's words, exit 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO

CASES = [
    # what click finds (a missing argument, a value out of range, a bad choice, an unknown option or
    # command), in sciplan's words, not click's (`is not a valid int range`, `1900<=x<=2200`)
    (["status"], "YEAR is missing; see `sciplan status --help`"),
    (["status", "1800"], "YEAR: 1800 is outside 1900–2200; see `sciplan status --help`"),
    (["status", "twenty"], "YEAR: 'twenty' is not a whole number; see `sciplan status --help`"),
    (["status", "2022", "-f", "xml"], "--format: 'xml' is not one of table, markdown, plain, csv, json; see"),
    (["status", "2022", "--colour"], "no option --colour; see `sciplan status --help`"),
    (["trend", "hightech_total", "--from", "3000"], "--from: 3000 is outside 1900–2200"),
    (["compare", "hightech_total", "--years", "0"], "--years: 0 is outside"),
    (["bogus"], "no command 'bogus'; see `sciplan --help`"),
    (["stauts"], "no command 'stauts' (did you mean status?); see `sciplan --help`"),
    # sciplan's: unknown names (with a did-you-mean), years and option values that do not fit
    (["trend", "hightech_totl"], "no indicator 'hightech_totl' (did you mean 'hightech_total'?)"),
    (["compare", "tech_sme"], "no indicator 'tech_sme' (did you mean 'tech_smes'?)"),
    (["units", "2022", "nope"], "no indicator 'nope'; `sciplan indicators` lists them"),
    (["plan", "action_2021_2024"], "no plan 'action_2021_2024' (did you mean 'action_2021_2023'?)"),
    (["plan", "--year", "2010"], "--year 2010 is before the baseline year of action_2021_2023 (2020)"),
    (["status", "2022", "--unit", "黄桥"], "no unit '黄桥'; units: 泰兴高新区, 泰兴经济开发区, 黄桥经济开发区"),
    (["status", "2022", "--fail-on", "bad"], "--fail-on: unknown status bad; choose from met, near, short"),
    (["status", "2022", "--fail-on", ","], "--fail-on: name at least one status"),
    (["status", "2022", "--bom"], "--bom applies to --format csv only"),
    (["trend", "hightech_total", "--from", "2022", "--to", "2020"], "--from 2022 is after --to 2020"),
    (["schema"], "schema: name the file kind (targets or data), or use --write"),
    (["status", "2022", "--lang", "fr"], "--lang 'fr': sciplan speaks zh (中文) and en (English)"),
]


@pytest.mark.parametrize(("args", "says"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_usage_error_is_one_line(args, says, run_cli, monkeypatch):
    monkeypatch.chdir(REPO)
    result = run_cli(*args)
    assert result.exit_code == 2, result
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr  # no boxed panel, no usage block, no hint line
    assert lines[0].startswith("sciplan: error[usage]: " + says), lines[0]


def test_usage_error_in_a_real_process_has_no_panel():
    """The installed command, not only the test runner: the same line, and help keeps its layout."""
    argv = [sys.executable, "-m", "sciplan", "status", "1800", "--root", str(REPO)]
    done = subprocess.run(argv, capture_output=True, text=True, check=False, env={"NO_COLOR": "1", "PATH": ""})
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "sciplan: error[usage]: YEAR: 1800 is outside 1900–2200; see `sciplan status --help`",
    ]
    helped = subprocess.run([*argv[:3], "status", "--help"], capture_output=True, text=True, check=False)
    assert helped.returncode == 0 and "Usage: sciplan status" in helped.stdout and "╭" in helped.stdout


def test_usage_error_in_chinese_is_one_line(run_cli, monkeypatch):
    monkeypatch.chdir(REPO)
    result = run_cli("status", "abc", "--lang", "zh")
    assert (result.exit_code, result.stderr) == (
        2,
        "sciplan: error[usage]: YEAR：'abc' 不是整数；参见 `sciplan status --help`\n",
    )


def test_growth_on_a_base_of_zero_says_so(base_root, run_cli):
    """+15% over a 2020 actual of 0 has no level: the base is reported (0), not missing."""
    data = base_root / "data" / "2020.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("  loans: 10000\n", "  loans: 0\n"), encoding="utf-8")
    out = run_cli("status", "2021", "--root", str(base_root), "--no-cache").stdout
    assert "+15% (on 2020's 0)" in out
    assert "no 2020 actual" not in out
    assert "  ? 科技贷款: +15% cannot apply: the 2020 actual is 0, and growth from 0 is no percentage\n" in out
