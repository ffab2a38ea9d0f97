"""Findings of an independent review, each pinned down: wrong numbers, crashes, a stale cache."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction as F

import pytest

from conftest import BASE
from sciplan.compute.plans import rate_ratio
from sciplan.core.roots import at_least, exactly
from sciplan.validate.targets import parse_target
from sciplan.validate.values import BadValue


def write(root, rel, text):
    (root / rel).write_text(text, encoding="utf-8")


def test_a_unit_written_once_applies_to_both_ends_of_a_range():
    """1.5..2亿元 for an indicator in 万元 is 15,000..20,000, not 1.5..20,000."""
    t = parse_target("1.5..2亿元", "万元", "up")
    assert (t.amount, t.stretch) == (Decimal(15000), Decimal(20000))
    t = parse_target("1.5-2亿元", "万元", "up")
    assert (t.amount, t.stretch) == (Decimal(15000), Decimal(20000))
    with pytest.raises(BadValue, match="different units"):
        parse_target("1.5亿元..2万元", "万元", "up")


def test_a_growth_target_has_no_range():
    with pytest.raises(BadValue, match="a growth target has no range"):
        parse_target("+15%..20%", "%", "up")


def test_plan_ratio_exactly_at_a_threshold():
    """A % indicator 2.0 → 2.19 in one year, needing 2.4 over two: 0.19 / 0.2 = 0.95 exactly."""
    ratio = rate_ratio(F(19, 100), F(2, 10))
    assert ratio == F(95, 100) and at_least(exactly(F(19, 100)), exactly(F(2, 10)), F(95, 100))
    assert not at_least(exactly(F(18_999, 100_000)), exactly(F(2, 10)), F(95, 100))  # 0.94995


def test_plan_category_on_the_threshold(base_root, run_cli):
    targets = (BASE / "targets.yaml").read_text(encoding="utf-8")
    write(
        base_root,
        "targets.yaml",
        targets + "plans:\n  - {id: p, name: 计划, baseline: 2020, end: 2022, targets: {rd: '>= 3.0'}}\n",
    )
    write(
        base_root,
        "data/2021.yaml",
        "year: 2021\nfinal: true\nactuals: {rd: 2.79, firms: 86, loans: 11500, energy: 0.5}\n",
    )
    doc = json.loads(run_cli("plan", "--root", str(base_root), "-f", "json").stdout)
    row = doc["plans"][0]["indicators"][0]
    # observed 2.6 → 2.79: +0.19 pp a year; required (3.0 − 2.6) / 2 = 0.2 pp: ratio 0.95 → on track
    assert (row["ratio"], row["category"]) == (0.95, "on_track")


def test_a_formula_and_parts_cycle_is_an_error_not_a_crash(base_root, run_cli):
    targets = (BASE / "targets.yaml").read_text(encoding="utf-8")
    targets = targets.replace("    name: 新增高企\n", "    name: 新增高企\n    formula: talents * 1\n")
    targets = targets.replace(
        "    name: 引进人才\n    unit: 名\n", "    name: 引进人才\n    unit: 家\n    parts: [firms]\n"
    )
    write(base_root, "targets.yaml", targets)
    for command in (["check"], ["status", "2021"]):
        result = run_cli(*command, "--root", str(base_root))
        assert result.exit_code == 1
        assert "error[formula-cycle]" in result.stderr.splitlines()[0]


def test_check_counts_derived_values_as_actuals(base_root, run_cli):
    """A final year whose targeted value comes from its formula is complete, as status shows it."""
    targets = (BASE / "targets.yaml").read_text(encoding="utf-8")
    write(
        base_root,
        "targets.yaml",
        targets.replace(
            '    kind: ratio\n    targets: {2021: ">= 2.8"}',
            '    kind: ratio\n    formula: talents / 4\n    targets: {2021: ">= 2.8"}',
        ),
    )
    text = (BASE / "data" / "2021.yaml").read_text(encoding="utf-8")
    write(base_root, "data/2021.yaml", text.replace("  rd: 2.65\n", ""))
    assert run_cli("check", "--root", str(base_root)).exit_code == 0
    doc = json.loads(run_cli("status", "2021", "--root", str(base_root), "-f", "json").stdout)
    rd = doc["indicators"][1]
    assert (rd["actual"], rd["derived_from"], rd["status"]) == (3, "formula", "met")  # 12 / 4


def test_trend_ranks_like_status(base_root, run_cli):
    targets = (BASE / "targets.yaml").read_text(encoding="utf-8")
    write(base_root, "targets.yaml", targets.replace('{2021: ">= 50"}', "{2021: rank <= 2}"))
    text = (BASE / "data" / "2021.yaml").read_text(encoding="utf-8")
    write(base_root, "data/2021.yaml", text + "peers:\n  甲区: {firms: 90}\n  乙区: {firms: 40}\n")
    status = json.loads(run_cli("status", "2021", "--root", str(base_root), "-f", "json").stdout)
    trend = json.loads(run_cli("trend", "firms", "--root", str(base_root), "-f", "json").stdout)
    assert status["indicators"][0]["status"] == "met"
    assert trend["years"][-1]["status"] == "met"


def test_a_full_width_percent_unit_is_a_percentage(base_root, run_cli):
    targets = (BASE / "targets.yaml").read_text(encoding="utf-8")
    write(
        base_root,
        "targets.yaml",
        targets.replace('    unit: "%"', '    unit: "％"').replace('{2021: ">= 2.8"}', "{2021: +0.1pp}"),
    )
    doc = json.loads(run_cli("status", "2021", "--root", str(base_root), "-f", "json").stdout)
    rd = doc["indicators"][1]
    assert (rd["unit"], rd["yoy_unit"], rd["target"]["value"]) == ("%", "pp", 2.7)  # 2.6 + 0.1


def test_at_most_targets_are_missed_by_being_over(base_root, run_cli):
    targets = (BASE / "targets.yaml").read_text(encoding="utf-8")
    write(base_root, "targets.yaml", targets.replace("{2021: +15%}", '{2021: "<= 10500"}'))
    out = run_cli("status", "2021", "--root", str(base_root), "-f", "plain").stdout
    assert "科技贷款: 11000万元 vs ≤ 10500万元 — 500万元 over (95.5%)" in out


def test_a_file_changed_while_loading_is_not_cached(base_root, tmp_path, monkeypatch, run_cli):
    """The key and the result come from one read of the files (a snapshot): an edit made while
    loading, then undone, can never leave the edited result under the original key."""
    from sciplan.app import loader
    from sciplan.store import cache
    from sciplan.store.snapshot import snapshot

    monkeypatch.setenv("SCIPLAN_CACHE_DIR", str(tmp_path / "cache"))
    snap = snapshot(base_root)
    path = base_root / "data" / "2021.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("firms: 86", "firms: 1"), encoding="utf-8")  # an edit mid-load
    loaded, _ = loader._load_and_check(base_root, snap, cache.key(snap))
    assert loaded.years[2021].actuals["firms"].value == 86  # what was read, not what is there now
    doc = json.loads(run_cli("status", "2021", "--root", str(base_root), "-f", "json").stdout)
    assert doc["indicators"][0]["actual"] == 1  # the edit is seen at once
    path.write_text(original, encoding="utf-8")  # undo
    doc = json.loads(run_cli("status", "2021", "--root", str(base_root), "-f", "json").stdout)
    assert doc["indicators"][0]["actual"] == 86
