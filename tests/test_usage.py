"""Every usage error is one line in the diagnostics' style, at most a hint line after it, exit 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO

CASES = [
    # click's own: a missing argument, a value out of range, a bad choice, an unknown option or command
    (["status"], "Missing argument 'YEAR'."),
    (["status", "1800"], "Invalid value for 'YEAR': 1800 is not in the range 1900<=x<=2200."),
    (["status", "twenty"], "Invalid value for 'YEAR': 'twenty' is not a valid"),
    (["status", "2022", "-f", "xml"], "Invalid value for '--format' / '-f': 'xml' is not one of"),
    (["status", "2022", "--colour"], "No such option: --colour"),
    (["trend", "hightech_total", "--from", "3000"], "Invalid value for '--from': 3000 is not in the range"),
    (["compare", "hightech_total", "--years", "0"], "Invalid value for '--years': 0 is not in the range"),
    (["bogus"], "No such command 'bogus'."),
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
    assert 1 <= len(lines) <= 2, result.stderr  # no boxed panel, no usage block
    assert lines[0].startswith("sciplan: error[usage]: " + says), lines[0]
    if len(lines) == 2:
        assert lines[1].startswith("  see `sciplan"), lines[1]


def test_usage_error_in_a_real_process_has_no_panel():
    """The installed command, not only the test runner: the same line, and help keeps its layout."""
    argv = [sys.executable, "-m", "sciplan", "status", "1800", "--root", str(REPO)]
    done = subprocess.run(argv, capture_output=True, text=True, check=False, env={"NO_COLOR": "1", "PATH": ""})
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "sciplan: error[usage]: Invalid value for 'YEAR': 1800 is not in the range 1900<=x<=2200.",
        "  see `sciplan status --help`",
    ]
    helped = subprocess.run([*argv[:3], "status", "--help"], capture_output=True, text=True, check=False)
    assert helped.returncode == 0 and "Usage: sciplan status" in helped.stdout and "╭" in helped.stdout
