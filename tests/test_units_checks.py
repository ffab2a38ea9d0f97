"""The 板块's figures within the year and what `units` and `template` make of them (issue 21's leftovers):
`units: months:` checked against the region's month, negative counts questioned, ranks by 完成率 where the
targets are split, and template file names checked before anything is written."""

from __future__ import annotations

import pytest

from conftest import write_root

TARGETS = """\
region: 测试市
units: [城东街道, 城西街道, 戴南镇]
indicators:
  firms:
    name: 新增高企
    unit: 家
    targets:
      2022: {target: 40, units: {城东街道: 15, 城西街道: 10, 戴南镇: 15}}
  loans:
    name: 科技贷款
    unit: 万元
"""
YEAR = """\
year: 2022
final: false
as_of: 2022-09-30
actuals:
  firms: 20
units:
  城东街道: {firms: 9}
  城西街道: {firms: 6}
  戴南镇: {firms: 5}
  months:
    6: {城东街道: {firms: 6}, 城西街道: {firms: 7}, 戴南镇: {firms: 5}}
months:
  6: {firms: 3}
"""


@pytest.fixture
def root(tmp_path):
    return write_root(tmp_path / "root", TARGETS, {2022: YEAR})


def lines(result) -> list[str]:
    return (result.stdout + result.stderr).splitlines()


def test_units_months_must_add_up_to_the_regions_month(root, run_cli):
    # months: 6 says the region had 3 by June; its units say 6 + 7 + 5 = 18 (shares of 200%, 233%, 167%)
    result = run_cli("check", "--root", str(root))
    assert (
        "data/2022.yaml:13:14: warning[units-sum]: months[6].firms: the units (城东街道, 城西街道, 戴南镇) "
        "add up to 18, not 3"
    ) in lines(result)
    strict = run_cli("check", "--strict", "--root", str(root))
    assert strict.exit_code == 1


def test_units_reported_so_far_over_the_regions_month(root, run_cli):
    year = YEAR.replace(
        "6: {城东街道: {firms: 6}, 城西街道: {firms: 7}, 戴南镇: {firms: 5}}", "6: {城西街道: {firms: 7}}"
    )
    (root / "data" / "2022.yaml").write_text(year, encoding="utf-8")
    result = run_cli("check", "--root", str(root))
    assert (
        "data/2022.yaml:13:14: warning[units-sum]: months[6].firms: the units reported (城西街道) already add up "
        "to 7, more than 3"
    ) in lines(result)


def test_units_months_that_add_up_are_clean(root, run_cli):
    year = YEAR.replace(
        "{城东街道: {firms: 6}, 城西街道: {firms: 7}, 戴南镇: {firms: 5}}",
        "{城东街道: {firms: 1}, 城西街道: {firms: 1}, 戴南镇: {firms: 1}}",
    )
    (root / "data" / "2022.yaml").write_text(year, encoding="utf-8")
    result = run_cli("check", "--strict", "--root", str(root))
    assert result.exit_code == 0, result


def test_a_units_flow_falling_from_june_to_september(root, run_cli):
    # 城西街道: 7 by June, 6 by September (a cumulative count never falls)
    result = run_cli("check", "--root", str(root))
    assert (
        "data/2022.yaml:8:17: warning[month-fall]: units.城西街道.firms: 6家 is less than the 7家 at the end of "
        "month 6; 新增高企 counts from January and never falls (a figure of one month alone?)"
    ) in lines(result)


def test_negative_unit_counts_are_questioned(root, run_cli):
    year = YEAR.replace("戴南镇: {firms: 5}}", "戴南镇: {firms: -3}}").replace(
        "  城东街道: {firms: 9}", "  城东街道: {firms: -1}"
    )
    (root / "data" / "2022.yaml").write_text(year, encoding="utf-8")
    result = run_cli("check", "--root", str(root))
    assert (
        "data/2022.yaml:7:17: warning[negative]: units.城东街道.firms: -1家 is negative; 新增高企 is a count or amount"
        in lines(result)
    )
    assert (
        "data/2022.yaml:11:58: warning[negative]: units.months[6].戴南镇.firms: -3家 is negative; "
        "新增高企 is a count or amount"
    ) in lines(result)


def test_units_ranked_by_attainment_where_targets_are_split(root, run_cli):
    # September: 城东街道 9/15 = 60.0%, 城西街道 6/10 = 60.0%, 戴南镇 5/15 = 33.3%: by 完成率 the first two share
    # rank 1 and 戴南镇 is 3rd; by the figure it would be 1, 2, 3
    result = run_cli("units", "2022", "firms", "--format", "csv", "--root", str(root))
    assert result.exit_code == 0, result
    import csv
    import io

    rows = {r["sub_unit"]: r for r in csv.DictReader(io.StringIO(result.stdout)) if r["sub_unit"]}
    assert {u: rows[u]["rank.position"] for u in ("城东街道", "城西街道", "戴南镇")} == {
        "城东街道": "1",
        "城西街道": "1",
        "戴南镇": "3",
    }
    table = run_cli("units", "2022", "firms", "--root", str(root))
    assert "Rank (by attainment)" in table.stdout


def test_units_without_split_targets_are_ranked_by_figure(root, run_cli):
    year = (
        YEAR.replace("  城东街道: {firms: 9}", "  城东街道: {firms: 9, loans: 300}")
        .replace("  城西街道: {firms: 6}", "  城西街道: {firms: 6, loans: 500}")
        .replace("  戴南镇: {firms: 5}", "  戴南镇: {firms: 5, loans: 100}")
    )
    (root / "data" / "2022.yaml").write_text(year, encoding="utf-8")
    table = run_cli("units", "2022", "loans", "--root", str(root))
    assert table.exit_code == 0, table
    assert "Rank (by figure)" in table.stdout
    both = run_cli("units", "2022", "--root", str(root))
    assert (
        "Units are ranked by attainment (完成率) where each has its share of the target (新增高企), else by figure."
        in both.stdout
    )


# ---- template: file names checked before anything is written -----------------------------------------------


def test_two_units_with_one_file_name_write_nothing(root, tmp_path, run_cli):
    plan = root / "targets.yaml"
    plan.write_text(
        TARGETS.replace(
            "units: [城东街道, 城西街道, 戴南镇]", 'units: [城东街道, 城西街道, "城西街道/", 戴南镇]'
        ).replace("城西街道: 10,", '城西街道: 10, "城西街道/": 1,'),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_cli("template", "2022", "--month", "9", "--out", str(out), "--root", str(root), "--lang", "zh")
    assert result.exit_code == 1, result
    assert result.stderr.splitlines() == [
        "targets.yaml:2:21: error[unit-name]: 板块 '城西街道' 和 '城西街道/' 的报送表会是同一个文件 "
        '城西街道_2022年1-9月报送表.xlsx；请让两个名称在 / \\ : * ? " < > | 和空格之外也有区别',
        "sciplan: error: 没有写出任何报送表",
    ]
    assert not out.exists() or not list(out.iterdir())


def test_two_long_unit_names_cut_to_one_file_name(root, tmp_path, run_cli):
    # a file name keeps 255 bytes: two 200-character names differing only at the end are cut to one name
    first, second = "长" * 199 + "甲", "长" * 199 + "乙"
    plan = root / "targets.yaml"
    plan.write_text(
        TARGETS.replace("units: [城东街道, 城西街道, 戴南镇]", f"units: [城东街道, {first}, {second}]").replace(
            "城西街道: 10, 戴南镇: 15", f"{first}: 10, {second}: 15"
        ),
        encoding="utf-8",
    )
    (root / "data" / "2022.yaml").write_text(
        YEAR.replace("城西街道", first).replace("戴南镇", second), encoding="utf-8"
    )
    out = tmp_path / "out"
    result = run_cli("template", "2022", "--month", "9", "--out", str(out), "--root", str(root), "--lang", "zh")
    assert result.exit_code == 1, result
    first_line = result.stderr.splitlines()[0]
    # the second name stands after `units: [城东街道, ` and the first name and `, `: column 15 + 200 + 2
    assert first_line.startswith(
        f"targets.yaml:2:217: error[unit-name]: 板块 '{first}' 和 '{second}' 的报送表会是同一个文件"
    )
    assert not out.exists() or not list(out.iterdir())
