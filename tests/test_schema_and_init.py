"""`sciplan schema` (JSON Schema for editors, from the same models) and `sciplan init YEAR`."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from conftest import BASE, REPO
from sciplan.load.parser import parse


def json_like(value):
    """Loaded YAML as a JSON document would hold it (what an editor validates)."""
    if isinstance(value, dict):
        return {str(k): json_like(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_like(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    return value


def load_yaml(path: Path):
    doc, problems = parse(path.read_text(encoding="utf-8"), path.name)
    assert not problems
    return json_like(doc.data)


@pytest.mark.parametrize("kind", ["targets", "data"])
def test_committed_schema_is_current(run_cli, kind):
    result = run_cli("schema", kind)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert (REPO / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8") == result.stdout


def test_demo_files_validate_against_the_schema_and_name_it():
    validators = {
        k: jsonschema.Draft7Validator(json.loads((REPO / "schema" / f"{k}.schema.json").read_text()))
        for k in ("targets", "data")
    }
    files = [("targets", REPO / "targets.yaml")] + [("data", p) for p in sorted((REPO / "data").glob("*.yaml"))]
    for kind, path in files:
        validators[kind].validate(load_yaml(path))
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=") and f"{kind}.schema.json" in first


def test_schema_rejects_what_the_models_reject():
    schema = json.loads((REPO / "schema" / "targets.schema.json").read_text())
    bad = {"region": "x", "indicators": {"HighTech": {"name": "x", "unit": "家"}}}
    assert list(jsonschema.Draft7Validator(schema).iter_errors(bad))
    bad = {"region": "x", "indicators": {"a": {"name": "x", "unit": "家", "targets": {"20x1": 5}}}}
    assert list(jsonschema.Draft7Validator(schema).iter_errors(bad))
    bad = {"region": "x", "indicators": {"a": {"nam": "x", "unit": "家"}}}
    assert list(jsonschema.Draft7Validator(schema).iter_errors(bad))


def test_schema_needs_a_kind(run_cli):
    assert run_cli("schema").exit_code == 2


def test_schema_write_refuses_to_overwrite_changed_files(base_root, run_cli):
    assert run_cli("schema", "--write", "--root", str(base_root)).exit_code == 0
    target = base_root / "schema" / "data.schema.json"
    assert run_cli("schema", "--write", "--root", str(base_root)).exit_code == 0  # identical: nothing to do
    target.write_text("{}", encoding="utf-8")
    result = run_cli("schema", "--write", "--root", str(base_root))
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert target.read_text() == "{}"
    assert run_cli("schema", "--write", "--force", "--root", str(base_root)).exit_code == 0
    assert target.read_text() != "{}"


def test_init_writes_an_open_year_that_passes_check(base_root, run_cli):
    result = run_cli("init", "2021", "--root", str(base_root))
    assert result.exit_code == 1 and "already exists" in result.stderr  # never overwrites
    assert (base_root / "data" / "2021.yaml").read_text(encoding="utf-8") == (BASE / "data" / "2021.yaml").read_text(
        encoding="utf-8"
    )

    targets = (base_root / "targets.yaml").read_text(encoding="utf-8")
    (base_root / "targets.yaml").write_text(
        targets.replace('{2021: ">= 50"}', '{2021: ">= 50", 2022: 50..60}'), encoding="utf-8"
    )
    result = run_cli("init", "2022", "--root", str(base_root))
    assert result.exit_code == 0, result
    written = (base_root / "data" / "2022.yaml").read_text(encoding="utf-8")
    assert written == (
        "# yaml-language-server: $schema=../schema/data.schema.json\n"
        "# 测试区: actuals for 2022. Fill in each value as it is reported; leave null\n"
        "# what is not known yet (null is never read as zero). Set final: true when the year is closed.\n"
        "year: 2022\n"
        "final: false\n"
        "as_of: null      # the date the figures refer to, e.g. 2022-09-30\n"
        'source: null     # where the figures come from, e.g. "2022年工作总结"\n'
        "actuals:\n"
        "  # 新增高企 (家), target 50..60\n"
        "  firms: null\n"
        "# Optional: figures at the end of earlier months (1–N月累计 for flows, levels for stocks and ratios),\n"
        "# for 同比 on the same period next year and `sciplan status 2022 --month N`. E.g.:\n"
        "# months:\n"
        "#   6: {firms: 9.6}\n"
    )
    assert run_cli("check", "--root", str(base_root)).exit_code == 0
    # the example is valid once uncommented (an open year without as_of takes any month)
    uncommented = written.replace("# months:\n#   6:", "months:\n  6:")
    (base_root / "data" / "2022.yaml").write_text(uncommented, encoding="utf-8")
    assert run_cli("check", "--root", str(base_root)).exit_code == 0
    (base_root / "data" / "2022.yaml").write_text(written, encoding="utf-8")
    status = json.loads(run_cli("status", "2022", "--root", str(base_root), "-f", "json").stdout)
    assert status["indicators"][0]["status"] == "pending"
    assert not list((base_root / "data").glob(".*.tmp"))  # no temp file left behind


def test_a_broken_data_file_does_not_block_the_plan_commands(base_root, run_cli):
    """indicators and init read only targets.yaml: an `xx` left in a data file must not stop an
    analyst from listing the targets or starting the next year; the scorecard still refuses."""
    path = base_root / "data" / "2021.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("firms: 86", "firms: xx"), encoding="utf-8")
    assert "firms: xx" in path.read_text(encoding="utf-8")

    listed = run_cli("indicators", "--root", str(base_root), "-f", "json")
    assert listed.exit_code == 0 and json.loads(listed.stdout)["indicators"][0]["id"] == "firms"
    assert run_cli("init", "2022", "--root", str(base_root)).exit_code == 0
    assert run_cli("status", "2021", "--root", str(base_root)).exit_code == 1

    (base_root / "targets.yaml").write_text(
        (base_root / "targets.yaml").read_text(encoding="utf-8").replace("region:", "regoin:"), encoding="utf-8"
    )
    broken = run_cli("indicators", "--root", str(base_root))
    assert broken.exit_code == 1
    assert broken.stderr.startswith("targets.yaml:2:1: error[unknown-field]: regoin: unknown field 'regoin'")
    assert "data/2021.yaml" not in broken.stderr  # only the plan's own errors matter here


def test_schema_numeric_defaults_are_numbers(run_cli):
    """Defaults of number fields are JSON numbers (90, not "90", which sciplan itself refuses)."""
    schema = json.loads(run_cli("schema", "targets").stdout)
    near = schema["properties"]["near"]["default"]
    pace = schema["definitions"]["PaceSpec"]["properties"]
    progress = schema["definitions"]["ProgressSpec"]["properties"]
    assert (near, pace["yellow"]["default"], pace["red"]["default"]) == (90, 10, 30)
    assert (progress["on_track"]["default"], progress["accelerate"]["default"]) == (0.95, 0.6)
    assert all(type(d) in (int, float) for d in (near, pace["red"]["default"], progress["on_track"]["default"]))


INIT_PLAN = """region: 测试区
units: [高新区, 开发区]
indicators:
  rd_expenditure: {name: 研发经费, unit: 亿元}
  gdp: {name: 地区生产总值, unit: 亿元}
  rd_intensity: {name: 研发投入强度, unit: "%", kind: ratio, formula: rd_expenditure / gdp * 100,
                 targets: {2023: ">= 2.8"}}
  firms: {name: 新增高企, unit: 家, targets: {2023: {target: 50, units: {高新区: 30, 开发区: 20}}}}
milestones:
  - {id: rules, task: 发布办法, due: 2023Q1}
  - {id: later, task: 建成平台, due: 2024Q2}
"""


def test_init_lists_formula_inputs_units_and_milestones(tmp_path, run_cli):
    """研发投入强度 is computed from 研发经费 and GDP: those are what one fills in; the plan has units
    and a milestone due in 2023, so the file has both sections (the 2024 milestone is not listed)."""
    (tmp_path / "targets.yaml").write_text(INIT_PLAN, encoding="utf-8")
    result = run_cli("init", "2023", "--root", str(tmp_path))
    assert result.exit_code == 0, result
    written = (tmp_path / "data" / "2023.yaml").read_text(encoding="utf-8")
    body = written.split("actuals:\n", 1)[1].split("# Optional")[0]
    assert body == (
        "  # 研发投入强度 (rd_intensity) is computed: rd_expenditure / gdp * 100\n"
        "  # 研发经费 (亿元)\n"
        "  rd_expenditure: null\n"
        "  # 地区生产总值 (亿元)\n"
        "  gdp: null\n"
        "  # 新增高企 (家), target 50\n"
        "  firms: null\n"
        "units:                # the sub-units' own figures; they add up to the region\n"
        "  高新区:\n"
        "    firms: null\n"
        "  开发区:\n"
        "    firms: null\n"
        "milestones:           # the date each task was done; null while it is not\n"
        "  # 发布办法 (due 2023Q1)\n"
        "  rules: {done: null}\n"
    )
    assert run_cli("check", "--root", str(tmp_path)).exit_code == 0  # valid as written


def test_init_respects_the_umask(base_root, run_cli):
    """The file gets the mode any editor would give it (0644 under umask 022), not mkstemp's 0600."""
    import os
    import stat

    old = os.umask(0o022)
    try:
        assert run_cli("init", "2022", "--root", str(base_root)).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((base_root / "data" / "2022.yaml").stat().st_mode) == 0o644  # 0666 & ~0022


def test_init_refuses_a_second_file_for_a_year(base_root, run_cli):
    (base_root / "data" / "2022.yml").write_text("year: 2022\n", encoding="utf-8")
    result = run_cli("init", "2022", "--root", str(base_root))
    assert result.exit_code == 1
    assert "2022.yml already holds 2022; sciplan never writes a second file for a year" in result.stderr
    assert not (base_root / "data" / "2022.yaml").exists()
