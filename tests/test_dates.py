"""Milestone deadlines in a plan's words (issue 12): each the last day of its period, worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from sciplan.validate.dates import parse_due
from sciplan.validate.values import BadValue


@pytest.mark.parametrize(
    ("due", "year", "date"),
    [
        ("2023年底", None, "2023-12-31"),
        ("2023年末", None, "2023-12-31"),
        ("年底前", 2023, "2023-12-31"),  # the plan's year
        ("年底", 2022, "2022-12-31"),
        ("2023年6月", None, "2023-06-30"),
        ("2024年2月", None, "2024-02-29"),  # a leap year
        ("6月底", 2023, "2023-06-30"),
        ("6月底前", 2023, "2023-06-30"),
        ("六月底", 2023, "2023-06-30"),
        ("十一月", 2023, "2023-11-30"),
        ("2023年第四季度", None, "2023-12-31"),
        ("2023年四季度", None, "2023-12-31"),
        ("四季度", 2023, "2023-12-31"),
        ("一季度", 2023, "2023-03-31"),
        ("第二季度", 2023, "2023-06-30"),
        ("三季度末", 2023, "2023-09-30"),
        ("2023年上半年", None, "2023-06-30"),
        ("2023年下半年", None, "2023-12-31"),
        ("上半年", 2022, "2022-06-30"),
        ("年内", 2023, "2023-12-31"),
        ("2023年内", None, "2023-12-31"),
        ("2023年6月15日", None, "2023-06-15"),
        ("２０２３年底", None, "2023-12-31"),  # full-width digits
        ("2022Q1", None, "2022-03-31"),  # the symbolic forms, unchanged
        ("2022-02", None, "2022-02-28"),
        ("2022-03-15", None, "2022-03-15"),
        ("2023年底", 2021, "2023-12-31"),  # a year written in the deadline wins
    ],
)
def test_due_words(due, year, date):
    assert parse_due(due, year) == dt.date.fromisoformat(date)


def test_a_deadline_without_its_year_says_how_to_give_one():
    with pytest.raises(BadValue) as info:
        parse_due("年底前")
    assert info.value.message == (
        "'年底前' does not say which year; write the year in it (2023年底前) "
        "or give the milestone a year: (e.g. year: 2023)"
    )


@pytest.mark.parametrize("due", ["尽快", "", "前", "2023年13月", "2023-02-30", "2023年6月31日", "2023年第五季度"])
def test_unreadable_deadlines(due):
    with pytest.raises(BadValue) as info:
        parse_due(due, 2023)
    assert info.value.code == "due"
    assert "write one of: 2022-03-31, 2022Q1, 2022-03, 2023年底, 2023年6月" in info.value.message


PLAN = """region: 测试区
indicators:
  firms: {name: 新增高企, unit: 家, targets: {2023: 50}}
milestones:
  - {id: rules, task: 发布办法, due: 年底前}
  - {id: survey, task: 需求调研, due: 2023年6月, year: 2023}
  - {id: fund, task: 设立基金, due: 6月底, year: 2024}
"""


def test_plan_year_from_the_milestone_or_the_one_target_year(tmp_path, run_cli):
    """年底前 takes the plan's one target year (2023); 6月底 with year: 2024 takes 2024."""
    import json

    (tmp_path / "targets.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "2023.yaml").write_text("final: true\nactuals: {firms: 50}\n", encoding="utf-8")
    result = run_cli("status", "2023", "--root", str(tmp_path), "-f", "json")
    assert result.exit_code == 0, result
    shown = {m["id"]: m for m in json.loads(result.stdout)["milestones"]}
    assert set(shown) == {"rules", "survey"}  # fund is due 2024-06-30: not this year's
    assert run_cli("check", "--root", str(tmp_path)).exit_code == 0


def test_two_target_years_need_the_year_written(tmp_path, run_cli):
    plan = PLAN.replace("targets: {2023: 50}", "targets: {2023: 50, 2024: 60}")
    (tmp_path / "targets.yaml").write_text(plan, encoding="utf-8")
    (tmp_path / "data").mkdir()
    result = run_cli("check", "--root", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "targets.yaml:5:34: error[due]: milestones[0].due: '年底前' does not say which year; "
        "write the year in it (2023年底前) or give the milestone a year: (e.g. year: 2023)"
    )


def test_an_unreadable_due_is_one_error_not_one_per_data_file(tmp_path, run_cli):
    """Data files that record progress on the milestone get no 'unknown milestone' error of their own."""
    (tmp_path / "targets.yaml").write_text(PLAN.replace("due: 年底前", "due: 尽快"), encoding="utf-8")
    (tmp_path / "data").mkdir()
    for year in (2022, 2023):
        (tmp_path / "data" / f"{year}.yaml").write_text(
            f"final: true\nactuals: {{firms: 50}}\nmilestones: {{rules: {{done: {year}-03-01}}}}\n", encoding="utf-8"
        )
    result = run_cli("check", "--root", str(tmp_path))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert [line.split(": ")[1] for line in lines[:-1]] == ["error[due]"], lines
    assert "unknown-milestone" not in result.stderr
    # a milestone id no one wrote is still unknown
    (tmp_path / "data" / "2023.yaml").write_text("milestones: {rulez: {done: 2023-03-01}}\n", encoding="utf-8")
    assert "error[unknown-milestone]: milestones.rulez" in run_cli("check", "--root", str(tmp_path)).stderr
