"""Shown figures never contradict the status and never hide a number (issue 9 item 17): an attainment
is rounded only as far as it stays on its side of every status threshold, a non-zero figure never
reads 0, and no figure is written in scientific notation or with trailing zeros nobody wrote."""

from __future__ import annotations

import json
import re
from fractions import Fraction as F

import pytest

from conftest import BASE
from sciplan.core.numbers import fmt, fmt_share


@pytest.mark.parametrize(
    ("value", "near", "expected"),
    [
        # 89.9995 rounds to 90.0, 90.00 and 90.000 (half up): the fourth decimal is the first below 90
        (F("89.9995"), F(90), "89.9995%"),
        (F("89.94"), F(90), "89.9%"),  # 89.9 < 90: one decimal is enough
        (F("90.04"), F(90), "90.0%"),  # at or above near, 90.0 is on the right side
        # near 92.58: 92.57 rounds to 92.6, above it; two decimals keep it below
        (F("92.57"), F("92.58"), "92.57%"),
        (F("99.99999"), F(90), "99.99999%"),  # never rounded onto 100 (met) when it is not
        (F(100), F(90), "100.0%"),
        (F("0.0001"), F(90), "0.0001%"),  # a non-zero attainment never reads 0.0
    ],
)
def test_an_attainment_stays_on_its_side_of_each_threshold(value, near, expected):
    assert fmt_share(value, near=near) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (F("0.0001"), 3, "0.0001"),  # not "0.000"
        (F("-0.0001"), 2, "-0.0001"),
        (F("0.00049"), 3, "0.0005"),  # 0.000 would hide it; 0.0005 is its first non-zero rounding
        (F(0), 3, "0.000"),  # zero is zero
        (F("0.004"), 2, "0.004"),
        (F("0.005"), 2, "0.01"),  # rounds half up to a non-zero figure: nothing to add
    ],
)
def test_a_non_zero_figure_never_reads_zero(value, places, expected):
    assert fmt(value, places) == expected


def _root(tmp_path, targets: str, actual: str):
    root = tmp_path / "root"
    root.mkdir()
    text = (BASE / "targets.yaml").read_text(encoding="utf-8")
    (root / "targets.yaml").write_text(text.replace('targets: {2021: ">= 2.8"}', f"targets: {targets}"), "utf-8")
    (root / "data").mkdir()
    for path in (BASE / "data").iterdir():
        data = path.read_text(encoding="utf-8")
        if path.name == "2021.yaml":
            data = data.replace("rd: 2.65", f"rd: {actual}")
        (root / "data" / path.name).write_text(data, encoding="utf-8")
    return root


def _rd_row(out: str) -> str:
    return next(line for line in out.splitlines() if line.startswith("研发投入强度"))


def test_short_never_beside_an_attainment_that_reads_as_near(tmp_path, run_cli):
    # rd: target >= 2.8, actual 2.519986 = 2.8 × 0.899995: attainment 89.9995%, below near (90): short
    root = _root(tmp_path, '{2021: ">= 2.8"}', "2.519986")
    for args in (["status", "2021"], ["trend", "rd"]):
        out = run_cli(*args, "--root", str(root), "-f", "plain").stdout
        assert "89.9995%" in out and "✗ short" in out and "90.0%" not in out, out
    doc = json.loads(run_cli("status", "2021", "--root", str(root), "-f", "json").stdout)
    assert next(i for i in doc["indicators"] if i["id"] == "rd")["status"] == "short"


def test_a_tiny_actual_is_shown(tmp_path, run_cli):
    # rd: target >= 0.001, actual 0.0001: attainment 10%, the actual must not read 0.000 or 0.00
    root = _root(tmp_path, '{2021: ">= 0.001"}', "0.0001")
    row = _rd_row(run_cli("status", "2021", "--root", str(root), "-f", "plain").stdout)
    assert "0.0001" in row and "10.0%" in row, row
    assert not re.search(r"(?<![0-9.])0\.0+(?![0-9])", row), row  # no figure that reads as zero


@pytest.mark.parametrize(
    ("written", "shown"),
    [("5e1", "50"), ("50.0", "50"), ("1.0e-3", "0.001"), ("0.0010", "0.001"), ("2.80", "2.8")],
)
def test_indicators_writes_targets_plainly(written, shown, tmp_path, run_cli):
    """A target written as a YAML number reads as the number: not `5E+1`, not `0.0010`."""
    root = _root(tmp_path, f"{{2021: {written}}}", "2.65")
    out = run_cli("indicators", "--root", str(root), "-f", "plain").stdout
    row = next(line for line in out.splitlines() if line.startswith("rd "))
    assert row.split()[-1] == shown, out
    assert "E+" not in out and "E-" not in out
    doc = json.loads(run_cli("indicators", "--root", str(root), "-f", "json").stdout)
    assert next(i for i in doc["indicators"] if i["id"] == "rd")["targets"]["2021"]["text"] == shown
