"""`units:` and `peers:` within the year: `months: {N: {name: {id: value}}}` like the region's own
figures, so `units --month`, `status --month` and rank targets work at mid-year after later months
are in. Every expected figure is computed by hand in the comments."""

from __future__ import annotations

import json
from pathlib import Path

TARGETS = """region: 测试区
units: [高新区, 黄桥镇]
indicators:
  firms:
    name: 新增高企
    unit: 家
    targets: {2023: {target: ">= 50", units: {高新区: 30, 黄桥镇: 20}}}
  total:
    name: 有效期内高企
    unit: 家
    kind: stock
    targets: {2023: "rank <= 1"}
"""

LAST_YEAR = """year: 2022
final: true
actuals: {firms: 50, total: 240}
months:
  6: {firms: 10, total: 230}
units:
  高新区: {firms: 28}
  黄桥镇: {firms: 22}
  months:
    6:
      高新区: {firms: 6}
      黄桥镇: {firms: 4}
"""

# Figures run to September; June's stay under months: 6 (the region's, the units' and the peers').
SEPTEMBER = """year: 2023
as_of: 2023-09-30
actuals: {firms: 40, total: 280}
months:
  6: {firms: 18, total: 260}
units:
  高新区: {firms: 25}
  黄桥镇: {firms: 15}
  months:
    6: {高新区: {firms: 12}, 黄桥镇: {firms: 6}}
peers:
  兴化市: {total: 300}
  months:
    6: {兴化市: {total: 250}}
"""

# The same root as it stood on 30 June.
JUNE = """year: 2023
as_of: 2023-06-30
actuals: {firms: 18, total: 260}
units:
  高新区: {firms: 12}
  黄桥镇: {firms: 6}
peers:
  兴化市: {total: 250}
"""


def root(path: Path, this_year: str) -> Path:
    (path / "data").mkdir(parents=True)
    (path / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    (path / "data" / "2022.yaml").write_text(LAST_YEAR, encoding="utf-8")
    (path / "data" / "2023.yaml").write_text(this_year, encoding="utf-8")
    return path


def test_units_at_june_equal_a_root_as_of_june(tmp_path, run_cli):
    """units 2023 --month 6 on a root whose figures run to September is the root as of 30 June."""
    later, june = root(tmp_path / "sep", SEPTEMBER), root(tmp_path / "jun", JUNE)
    assert run_cli("check", "--root", str(later)).exit_code == 0
    for fmt in ("plain", "json", "csv"):
        at_june = run_cli("units", "2023", "--month", "6", "--root", str(later), "-f", fmt)
        as_of_june = run_cli("units", "2023", "--root", str(june), "-f", fmt)
        assert at_june.exit_code == 0, at_june
        assert at_june.stdout == as_of_june.stdout
        assert run_cli("units", "2023", "--month", "6", "--root", str(june), "-f", fmt).stdout == as_of_june.stdout
    doc = json.loads(run_cli("units", "2023", "--month", "6", "--root", str(later), "-f", "json").stdout)
    cells = {u["unit"]: u["results"][0] for u in doc["units"]}
    # 高新区 12 of 30 = 40%, rank 1; 黄桥镇 6 of 20 = 30%, rank 2; 同比 against June 2022: 12/6 − 1, 6/4 − 1
    assert (cells["高新区"]["actual"], cells["高新区"]["attainment"], cells["高新区"]["rank"]["position"]) == (
        12,
        40,
        1,
    )
    assert (cells["黄桥镇"]["actual"], cells["黄桥镇"]["attainment"], cells["黄桥镇"]["rank"]["position"]) == (6, 30, 2)
    assert (cells["高新区"]["yoy"], cells["黄桥镇"]["yoy"]) == (100, 50)
    # 序时进度 at 30 June is 50%: 40 − 50 = −10 pp (green, up to 10 behind), 30 − 50 = −20 pp (yellow)
    assert (cells["高新区"]["pace"]["light"], cells["黄桥镇"]["pace"]["light"]) == ("green", "yellow")
    # and at September, the units' own figures: 25 of 30, 15 of 20
    now = json.loads(run_cli("units", "2023", "--root", str(later), "-f", "json").stdout)
    assert [u["results"][0]["actual"] for u in now["units"]] == [25, 15]


def test_rank_target_at_mid_year_uses_the_peers_june_figures(tmp_path, run_cli):
    """Before, `status --month 6` had no peers (their figures ran to as_of): the rank target was unknown."""
    later = root(tmp_path / "sep", SEPTEMBER)
    doc = json.loads(run_cli("status", "2023", "--month", "6", "--root", str(later), "-f", "json").stdout)
    total = next(i for i in doc["indicators"] if i["id"] == "total")
    # 260 against 兴化市's 250: first of two, so `rank <= 1` is met
    assert (total["rank"], total["status"]) == ({"position": 1, "of": 2}, "met")
    sept = json.loads(run_cli("status", "2023", "--root", str(later), "-f", "json").stdout)
    total = next(i for i in sept["indicators"] if i["id"] == "total")
    assert (total["rank"], total["status"]) == ({"position": 2, "of": 2}, "short")  # 280 against 300


def test_a_unit_scorecard_at_a_month(tmp_path, run_cli):
    later = root(tmp_path / "sep", SEPTEMBER)
    doc = json.loads(
        run_cli("status", "2023", "--unit", "黄桥镇", "--month", "6", "--root", str(later), "-f", "json").stdout
    )
    firms = next(i for i in doc["indicators"] if i["id"] == "firms")
    assert (firms["actual"], firms["target"]["value"], firms["previous"]) == (6, 20, 4)


def test_unit_months_are_checked_like_the_regions(tmp_path, run_cli):
    bad = SEPTEMBER.replace(
        "    6: {高新区: {firms: 12}, 黄桥镇: {firms: 6}}",
        "    6: {高新镇: {firms: 12}, 黄桥镇: {firmz: 6}}\n    9: {高新区: {firms: 24}}\n    10: {高新区: {firms: 30}}",
    )
    result = run_cli("check", "--root", str(root(tmp_path / "bad", bad)))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert (
        "data/2023.yaml:10:9: error[unknown-unit]: units.months[6].高新镇: "
        "unknown unit '高新镇' (did you mean '高新区'?)" in lines
    )
    assert any("error[unknown-indicator]: units.months[6].黄桥镇.firmz" in line for line in lines)
    assert (
        "data/2023.yaml:11:22: error[month-mismatch]: units.months[9].高新区.firms: 24 but units.高新区.firms is 25;"
        " at as_of (2023-09-30) the figures of its month are the actuals" in lines
    )
    assert (
        "data/2023.yaml:12:5: error[month]: units.months[10]: the figures run to as_of (2023-09-30);"
        " month 10 has not ended" in lines
    )


def test_a_month_asked_that_no_one_has(tmp_path, run_cli):
    later = root(tmp_path / "sep", SEPTEMBER)
    result = run_cli("units", "2023", "--month", "3", "--root", str(later))
    assert result.exit_code == 2
    assert "--month 3" in result.stderr and "months with figures: 6, 9" in result.stderr


# ---- the roll call (报送情况) -------------------------------------------------------------------


def test_check_names_each_unit_that_has_not_reported(tmp_path, run_cli, monkeypatch):
    later = root(tmp_path / "sep", SEPTEMBER.replace("  黄桥镇: {firms: 15}\n", ""))
    result = run_cli("check", "--root", str(later))
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == "data/2023.yaml:6:1: warning[not-reported]: not reported: 黄桥镇 (month 9)"
    strict = run_cli("check", "--strict", "--root", str(later))
    assert strict.exit_code == 1
    assert strict.stderr.splitlines()[0] == "data/2023.yaml:6:1: error[not-reported]: not reported: 黄桥镇 (month 9)"
    monkeypatch.setenv("SCIPLAN_LANG", "zh")
    zh = run_cli("check", "--root", str(later))
    assert "warning[not-reported]: 未报送：黄桥镇（9月）" in zh.stderr


def test_a_year_without_units_section_lists_every_unit(tmp_path, run_cli):
    june = root(tmp_path / "jun", JUNE.replace("units:\n  高新区: {firms: 12}\n  黄桥镇: {firms: 6}\n", ""))
    lines = run_cli("check", "--root", str(june)).stderr.splitlines()
    assert lines[:2] == [
        "data/2023.yaml:2:1: warning[not-reported]: not reported: 高新区 (month 6)",
        "data/2023.yaml:2:1: warning[not-reported]: not reported: 黄桥镇 (month 6)",
    ]


def test_a_final_year_or_one_without_as_of_has_no_roll_call(tmp_path, run_cli):
    # 2022 is final and reports both units; an open year without as_of has no period to chase
    undated = root(tmp_path / "undated", "year: 2023\nactuals: {firms: 18}\n")
    assert "not-reported" not in run_cli("check", "--root", str(undated)).stderr


def test_units_shows_the_roll_call_as_a_column_and_in_json(tmp_path, run_cli):
    later = root(tmp_path / "sep", SEPTEMBER.replace("  黄桥镇: {firms: 15}\n", ""))
    plain = run_cli("units", "2023", "--root", str(later), "-f", "plain").stdout.splitlines()
    assert plain[2].split()[-1] == "Reported"
    assert plain[4].endswith("reported") and not plain[4].endswith("not reported")  # 高新区
    assert plain[5].endswith("not reported")  # 黄桥镇
    assert plain[6].endswith("1 of 2")  # the region: how many units have reported
    doc = json.loads(run_cli("units", "2023", "--root", str(later), "-f", "json").stdout)
    assert [(u["unit"], u["reported"]) for u in doc["units"]] == [("高新区", True), ("黄桥镇", False)]
    # at June both had reported
    june = json.loads(run_cli("units", "2023", "--month", "6", "--root", str(later), "-f", "json").stdout)
    assert [u["reported"] for u in june["units"]] == [True, True]


# ---- unit_word: ------------------------------------------------------------------------------


def test_unit_word_names_the_units_in_every_chinese_header_and_note(tmp_path, run_cli, monkeypatch):
    named = root(tmp_path / "named", SEPTEMBER.replace("  黄桥镇: {firms: 15}\n", ""))
    plan = (named / "targets.yaml").read_text(encoding="utf-8")
    plan = plan.replace("region: 测试区\n", "region: 测试区\nunit_word: 分中心\n")
    (named / "targets.yaml").write_text(plan, "utf-8")
    monkeypatch.setenv("SCIPLAN_LANG", "zh")
    out = run_cli("units", "2023", "--root", str(named), "-f", "plain").stdout
    assert out.splitlines()[0] == "测试区 2023年各分中心完成情况"
    assert out.splitlines()[2].split()[0] == "分中心"
    assert "每格：完成 / 目标，状态，（在各分中心中的位次），序时进度" in out
    assert "板块" not in out
    bad = named / "data" / "2023.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("高新区: {firms: 25}", "高新镇: {firms: 25}"), "utf-8")
    err = run_cli("check", "--root", str(named)).stderr
    assert "units.高新镇: 未知分中心 '高新镇'" in err and "板块" not in err
    # a root without it keeps 板块
    plain = root(tmp_path / "plain", SEPTEMBER)
    out = run_cli("units", "2023", "--root", str(plain), "-f", "plain").stdout
    assert out.startswith("测试区 2023年各板块完成情况")
