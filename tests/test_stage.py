"""`stage:` on a value: 预计 → 快报 → 年报 → 公报 (estimate, flash, annual, bulletin), shown where
`estimated` is, carried in JSON and CSV, and a final year still holding 预计 figures warned about."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import write_root

TARGETS = """\
region: 测试市
indicators:
  rd:
    name: 研发经费
    unit: 亿元
    targets: {2022: ">= 30"}
  gdp:
    name: 地区生产总值
    unit: 亿元
  intensity:
    name: 研发投入强度
    unit: "%"
    kind: ratio
    formula: rd / gdp * 100
"""


def root_with(tmp_path: Path, year_file: str) -> Path:
    return write_root(tmp_path / "root", TARGETS, {2022: year_file})


@pytest.mark.parametrize("written", ["预计", "estimate"])
def test_stage_estimate_is_estimated(tmp_path, run_cli, written):
    """`stage: 预计` (or `estimate`) is what `estimated: true` was: the JSON says both."""
    root = root_with(tmp_path, f"actuals:\n  rd: {{value: 34.6, stage: {written}}}\n  gdp: 1341\n")
    result = run_cli("status", "2022", "--root", str(root), "--format", "json")
    assert result.exit_code == 0, result
    rows = {r["id"]: r for r in json.loads(result.stdout)["indicators"]}
    assert (rows["rd"]["stage"], rows["rd"]["estimated"]) == ("estimate", True)
    assert (rows["gdp"]["stage"], rows["gdp"]["estimated"]) == (None, False)
    # computed from an estimate: an estimate too
    assert (rows["intensity"]["stage"], rows["intensity"]["estimated"]) == ("estimate", True)


def test_estimated_true_means_stage_estimate(tmp_path, run_cli):
    root = root_with(tmp_path, "actuals:\n  rd: {value: 34.6, estimated: true}\n")
    rows = json.loads(run_cli("status", "2022", "--root", str(root), "--format", "json").stdout)["indicators"]
    assert rows[0]["stage"] == "estimate"


def test_footnote_names_each_stage(tmp_path, run_cli):
    """Two stages among the starred figures: each footnote names its figures; 年报 gets no star."""
    root = root_with(tmp_path, "actuals:\n  rd: {value: 34.6, stage: 快报}\n  gdp: {value: 1341, stage: 年报}\n")
    result = run_cli("status", "2022", "--root", str(root), "--format", "plain")
    assert result.exit_code == 0, result
    lines = result.stdout.splitlines()
    assert any(line.startswith("研发经费") and "34.60*" in line for line in lines)
    assert any(line.startswith("地区生产总值") and "1341.00 " in line + " " for line in lines)
    # the intensity is computed from a 快报 and a 年报 figure: it is as settled as the 快报 one
    assert "* flash figures (快报), to be revised" in lines
    assert not any("estimated (预计数)" in line for line in lines)


def test_footnotes_of_two_stages(tmp_path, run_cli):
    root = root_with(tmp_path, "actuals:\n  rd: {value: 34.6, stage: 预计}\n  gdp: {value: 1341, stage: flash}\n")
    result = run_cli("status", "2022", "--root", str(root), "--format", "plain", "--lang", "zh")
    assert "* 预计数，待修正：研发经费、研发投入强度" in result.stdout.splitlines()
    assert "* 快报数，待修正：地区生产总值" in result.stdout.splitlines()


def test_stage_in_csv(tmp_path, run_cli):
    root = root_with(tmp_path, "actuals:\n  rd: {value: 34.6, stage: 公报}\n")
    result = run_cli("status", "2022", "--root", str(root), "--format", "csv")
    header, rd = result.stdout.splitlines()[:2]
    assert header.split(",")[8] == "stage"
    assert rd.split(",")[8] == "bulletin"
    assert rd.split(",")[7] == "false"  # a bulletin figure is no estimate


def test_final_year_with_estimates_is_warned(tmp_path, run_cli):
    root = root_with(
        tmp_path, "final: true\nactuals:\n  rd: {value: 34.6, stage: 预计}\n  gdp: {value: 1341, stage: 快报}\n"
    )
    result = run_cli("check", "--root", str(root))
    assert result.exit_code == 0, result
    assert result.stderr.splitlines()[0] == (
        "data/2022.yaml:3:7: warning[estimate-in-final]: actuals.rd: 2022 is final but 研发经费 is still the "
        "estimate (预计数) 34.6亿元; write the 快报 or 年报 figure with its stage:, or set final: false"
    )
    assert "gdp" not in result.stderr  # a 快报 figure in a final year is as it should be
    strict = run_cli("check", "--root", str(root), "--strict")
    assert strict.exit_code == 1
    assert "error[estimate-in-final]" in strict.stderr


def test_open_year_with_estimates_is_fine(tmp_path, run_cli):
    root = root_with(tmp_path, "as_of: 2022-12-31\nactuals:\n  rd: {value: 34.6, stage: 预计}\n")
    result = run_cli("check", "--root", str(root), "--strict")
    assert result.exit_code == 0, result


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("{value: 34.6, stage: 年报, estimated: true}", "estimated: true contradicts stage: 年报"),
        ("{value: 34.6, stage: 预计, estimated: false}", "estimated: false contradicts stage: 预计"),
    ],
)
def test_estimated_contradicting_stage_is_an_error(tmp_path, run_cli, written, message):
    root = root_with(tmp_path, f"actuals:\n  rd: {written}\n")
    result = run_cli("check", "--root", str(root))
    assert result.exit_code == 1
    assert "error[stage-conflict]" in result.stderr and message in result.stderr


def test_unknown_stage_is_an_error(tmp_path, run_cli):
    root = root_with(tmp_path, "actuals:\n  rd: {value: 34.6, stage: 初步}\n")
    result = run_cli("check", "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.startswith("data/2022.yaml:2:")
    assert "stage" in result.stderr.splitlines()[0]


def test_schema_lists_the_stages(run_cli):
    schema = json.loads(run_cli("schema", "data").stdout)
    spec = schema["definitions"]["ActualSpec"]["properties"]["stage"]
    values = [v for option in spec["anyOf"] for v in option.get("enum", [])]
    assert values == ["预计", "快报", "年报", "公报", "estimate", "flash", "annual", "bulletin"]
