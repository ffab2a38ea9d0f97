"""Figures within the year (issue 13, SPEC 5.9b): `months:`, 同比 on the same period, the scorecard
at a month's end, the monthly trend, and no partial year passed off as a whole one.

Every expected number is worked out by hand in the comment beside it.
"""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction as F
from pathlib import Path

import pytest

from sciplan.app.loader import load_checked
from sciplan.compute.milestones import judge, milestone_statuses
from sciplan.compute.peers import compare, default_year
from sciplan.compute.periods import Period, same_period_base
from sciplan.compute.status import scorecard
from sciplan.compute.trend import monthly, trend
from sciplan.core.problem import UsageError

TARGETS = """\
region: 测试区
indicators:
  contracts: {name: 技术合同成交额, unit: 亿元, targets: {2023: ">= 20"}}
  total: {name: 有效期内高企, unit: 家, kind: stock}
  share: {name: 高新技术产业产值占比, unit: "%", kind: ratio}
  output: {name: 高新技术产业产值, unit: 亿元}
milestones:
  - {id: rules, task: 发布办法, due: 2022Q1}
  - {id: survey, task: 完成需求征集, due: 2022-12-31}
  - {id: forum, task: 办好合作大会, due: 2023Q1}
  - {id: fund, task: 设立产业基金, due: 2023-06}
  - {id: park, task: 建成孵化园, due: 2023Q3}
"""
Y2021 = """\
year: 2021
final: true
actuals: {contracts: 10}
peers: {甲市: {contracts: 16}}
"""
Y2022 = """\
year: 2022
final: true
actuals: {contracts: 16, total: 300, share: 45.0, output: 1000}
peers: {甲市: {contracts: 20}}
months:
  6: {contracts: 8, total: 280, share: 44.0}
  9: {contracts: 12, total: 290, share: 44.5}
"""
Y2023 = """\
year: 2023
as_of: 2023-09-30
actuals: {contracts: 15, total: 310, share: 46.0, output: 800}
peers: {甲市: {contracts: 18}}
months:
  3: {contracts: 3}
  6: {contracts: 9.6, total: 295, share: 44.8}
"""


def make_root(tmp_path: Path, **files: str) -> Path:
    """A data root of the texts above; `files` replace them (`y2023=...`), an empty text drops one."""
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    texts = {"targets.yaml": TARGETS, "data/2021.yaml": Y2021, "data/2022.yaml": Y2022, "data/2023.yaml": Y2023}
    for name, text in files.items():
        texts["targets.yaml" if name == "targets" else f"data/{name[1:]}.yaml"] = text
    for name, text in texts.items():
        if text:
            (root / name).write_text(text, encoding="utf-8")
    return root


def load(root: Path):
    project, findings = load_checked(root, use_cache=False)
    problems = project.problems + findings
    assert not [p for p in problems if p.severity == "error"], problems
    return project, problems


@pytest.fixture
def project(tmp_path):
    return load(make_root(tmp_path))[0]


def by_id(card):
    return {r.indicator.id: r for r in card.results}


# ---- 同比 on the same period ----------------------------------------------------------------


def test_same_period_yoy_of_a_flow_a_stock_and_a_ratio(project):
    rows = by_id(scorecard(project, 2023))
    contracts, total, share = rows["contracts"], rows["total"], rows["share"]
    assert contracts.yoy == 25  # 1–9月 15 against 2022年1–9月 12: 15 / 12 − 1 = 25 %
    assert contracts.previous.value == 12
    assert contracts.previous_period.text("flow") == "2022-01..2022-09"
    assert contracts.period.text("flow") == "2023-01..2023-09"
    assert total.yoy == F(2000, 290)  # level 310 against 290 at the end of September 2022: 20 / 290 = 6.8966 %
    assert total.previous_period.text("stock") == "2022-09"
    assert share.yoy == F(3, 2)  # 46.0 − 44.5 = 1.5 pp: a ratio changes in points
    assert share.yoy_unit == "pp"


def test_a_missing_same_period_figure_leaves_yoy_empty_and_says_which(project):
    output = by_id(scorecard(project, 2023))["output"]
    assert output.yoy is None and output.previous is None  # 2022 has no months: 9: output
    assert output.previous_missing
    assert output.previous_period.label("flow") == "2022年1–9月"


def test_a_stock_without_the_same_month_compares_with_last_year_end(tmp_path):
    project, _ = load(make_root(tmp_path, y2022=Y2022.replace(", total: 290", "")))
    total = by_id(scorecard(project, 2023))["total"]
    assert total.yoy == F(1000, 300)  # 310 / 300 − 1 = 3.3333 %, against the year-end level
    assert total.previous_period == Period(2022, dt.date(2022, 12, 31))
    assert total.previous_period.text("stock") == "2022" and not total.previous_missing


def test_a_whole_year_never_compares_with_part_of_last_year(tmp_path):
    """2023 final against a 2022 reported to September only: no YoY, and +15% cannot resolve."""
    y2022 = "year: 2022\nas_of: 2022-09-30\nactuals: {contracts: 12}\n"
    targets = TARGETS.replace('{2023: ">= 20"}', "{2023: +15%}")
    project, _ = load(
        make_root(tmp_path, targets=targets, y2022=y2022, y2023="year: 2023\nfinal: true\nactuals: {contracts: 16}\n")
    )
    contracts = by_id(scorecard(project, 2023))["contracts"]
    assert contracts.yoy is None and contracts.previous is None
    assert contracts.status == "unknown"  # 12 is 1–9月: 12 × 1.15 would be no annual target


# ---- the scorecard at a month's end ---------------------------------------------------------


def test_status_at_the_end_of_june(project):
    card = scorecard(project, 2023, month=6)
    assert card.as_of == dt.date(2023, 6, 30) and card.elapsed == 50  # 序时进度 6/12
    rows = by_id(card)
    contracts = rows["contracts"]
    assert contracts.actual.value == F(48, 5)  # months[6]: 9.6
    assert contracts.yoy == 20  # 9.6 / 8 − 1 = 20 %
    assert contracts.pace.completion == 48 and contracts.pace.gap == -2  # 9.6 / 20 = 48 % against 50 %
    assert contracts.pace.light == "green"
    assert rows["total"].yoy == F(1500, 280)  # 295 / 280 − 1 = 5.3571 %
    assert rows["share"].yoy == F(4, 5)  # 44.8 − 44.0 = 0.8 pp
    assert rows["output"].actual is None  # not in months[6]: missing is never zero


@pytest.mark.parametrize(
    ("month", "elapsed", "completion", "gap", "light"),
    [
        (3, 25, 15, -10, "green"),  # 3 / 20 = 15 %, 10 pp behind 3/12: still green (up to 10)
        (6, 50, 48, -2, "green"),  # 9.6 / 20 = 48 %
        (9, 75, 75, 0, "green"),  # the actuals: 15 / 20 = 75 % against 9/12
    ],
)
def test_pace_at_each_month(project, month, elapsed, completion, gap, light):
    contracts = by_id(scorecard(project, 2023, month=month))["contracts"]
    assert (contracts.pace.elapsed, contracts.pace.completion, contracts.pace.gap) == (elapsed, completion, gap)
    assert contracts.pace.light == light


def test_march_has_no_same_period_figure_last_year(project):
    contracts = by_id(scorecard(project, 2023, month=3))["contracts"]
    assert contracts.yoy is None and contracts.previous_missing  # 2022 has months 6 and 9 only
    assert contracts.previous_period.label("flow") == "2022年1–3月"


def test_the_default_stays_as_of(project):
    assert scorecard(project, 2023).as_of == dt.date(2023, 9, 30)
    assert by_id(scorecard(project, 2023, month=9))["contracts"].yoy == 25  # the month of as_of: the actuals


@pytest.mark.parametrize(
    ("month", "says"),
    [
        (10, "the figures of 2023 run to 2023-09-30"),
        (12, "the figures of 2023 run to 2023-09-30"),
        (5, "data/2023.yaml has no months: 5: entry; months with figures: 3, 6, 9"),
    ],
)
def test_a_month_beyond_the_data_is_a_usage_error(project, month, says):
    with pytest.raises(UsageError) as info:
        scorecard(project, 2023, month=month)
    assert says in str(info.value) and info.value.exit_code == 2


def test_a_final_year_at_a_month_is_open_then(project):
    card = scorecard(project, 2022, month=6)
    assert not card.final and card.as_of == dt.date(2022, 6, 30)
    assert by_id(card)["contracts"].actual.value == 8
    statuses = {m.milestone.id: m.status for m in card.milestones}
    assert statuses == {"rules": "overdue", "survey": "open"}  # at 30 June: Q1 passed, December not yet


# ---- validation of months: ------------------------------------------------------------------


def problems_of(tmp_path, y2023: str):
    project, findings = load_checked(make_root(tmp_path, y2023=y2023), use_cache=False)
    return [(p.severity, p.code, p.line, p.column) for p in project.problems + findings]


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        ("  13: {contracts: 1}\n", ("error", "month", 5, 3)),  # not a month
        ("  0: {contracts: 1}\n", ("error", "month", 5, 3)),
        ("  x: {contracts: 1}\n", ("error", "month", 5, 3)),
        ("  10: {contracts: 16}\n", ("error", "month", 5, 3)),  # after as_of's month (September)
        ("  9: {contracts: 14}\n", ("error", "month-mismatch", 5, 18)),  # as_of's own month: 14 is not the 15
        ('  6: {contracts: 9.6}\n  "6": {contracts: 9.6}\n', ("error", "duplicate-key", 6, 3)),
        ("  3: {contracts: 4}\n  6: {contracts: 3.5}\n", ("warning", "month-fall", 6, 18)),  # 4, then 3.5
        ("  6: {contracts: 16}\n", ("warning", "month-fall", 3, 34)),  # 16 by June, 15 by September
        ("  6: {contractz: 1}\n", ("error", "unknown-indicator", 5, 7)),
    ],
)
def test_months_rules(tmp_path, months, expected):
    text = "year: 2023\nas_of: 2023-09-30\nactuals: {total: 310, contracts: 15}\nmonths:\n" + months
    assert problems_of(tmp_path, text) == [expected]


def test_stocks_and_ratios_may_fall_and_as_of_month_may_repeat_the_actuals(tmp_path):
    text = (
        "year: 2023\nas_of: 2023-09-30\nactuals: {total: 300, share: 44, contracts: 15}\nmonths:\n"
        "  6: {total: 310, share: 46}\n  9: {total: 300, contracts: 15.0}\n"
    )
    assert problems_of(tmp_path, text) == []


def test_a_final_year_may_keep_december(tmp_path):
    text = "year: 2023\nfinal: true\nactuals: {contracts: 15}\nmonths: {12: {contracts: 15}, 6: {contracts: 16}}\n"
    assert problems_of(tmp_path, text) == [("warning", "month-fall", 4, 26)]  # 16 by June, 15 for the year


# ---- milestones in time ---------------------------------------------------------------------


def test_milestones_at_a_final_year_are_overdue_when_not_done(project):
    statuses = {m.milestone.id: m.status for m in milestone_statuses(project, 2022)}
    # survey is due 31 December, the year's last day: the year is closed, so it is overdue, not open
    assert statuses == {"rules": "overdue", "survey": "overdue"}
    assert judge(dt.date(2022, 12, 31), None, dt.date(2022, 12, 31)) == "open"  # at that day of an open year
    assert judge(dt.date(2022, 12, 31), None, dt.date(2022, 12, 31), closed=True) == "overdue"


def test_milestones_in_an_open_year_without_as_of(tmp_path):
    y2023 = (
        "year: 2023\nactuals: {contracts: 15}\n"
        "milestones: {forum: {done: 2023-03-20}, fund: {done: 2023-05-10}, rules: {done: 2023-02-01}}\n"
    )
    project, _ = load(make_root(tmp_path, y2023=y2023))
    statuses = {m.milestone.id: (m.status, m.done) for m in milestone_statuses(project, 2023)}
    assert statuses == {
        "rules": ("done_late", dt.date(2023, 2, 1)),  # due 2022Q1, done in February 2023
        "survey": ("overdue", None),  # due 2022-12-31: overdue by the year's first day
        "forum": ("done", dt.date(2023, 3, 20)),  # done in March, by its due date 31 March
        "fund": ("done", dt.date(2023, 5, 10)),  # done in May, due June
        "park": ("open", None),  # no date to judge by: open, never overdue
    }


def test_a_done_date_after_as_of_is_a_warning_and_not_done_yet(tmp_path):
    y2023 = Y2023 + "milestones: {forum: {done: 2023-10-05}}\n"
    project, problems = load(make_root(tmp_path, y2023=y2023))
    assert [(p.code, p.severity, p.line) for p in problems] == [("done-after-as-of", "warning", 8)]
    forum = next(m for m in milestone_statuses(project, 2023) if m.milestone.id == "forum")
    assert (forum.status, forum.done) == ("overdue", None)  # due 31 March, not done at 30 September


# ---- compare: complete years only -----------------------------------------------------------


def test_compare_defaults_to_the_latest_complete_year(project):
    assert default_year(project, "contracts") == 2022  # 2023 is 1–9月, though peers report it


def test_compare_never_takes_rates_from_a_partial_year(project):
    c = compare(project, project.catalogue.indicators["contracts"], 2023, 3)
    rows = {r.region: r for r in c.rows}
    assert (rows["甲市"].rank, rows["测试区"].rank) == (1, 2)  # 18 against 15: the same period, both 1–9月
    assert all(r.yoy is None and r.cagr is None for r in c.rows)
    assert c.partial == Period(2023, dt.date(2023, 9, 30))


def test_compare_years_beyond_the_data_uses_the_span_available(project):
    c = compare(project, project.catalogue.indicators["contracts"], 2022, 3)
    assert (c.asked, c.years, c.shortened) == (3, 1, True)  # data go back to 2021 only
    rows = {r.region: r for r in c.rows}
    assert rows["测试区"].cagr == 60 and rows["测试区"].yoy == 60  # 16 / 10 − 1 over one year
    assert rows["甲市"].cagr == 25  # 20 / 16 − 1


# ---- trend ----------------------------------------------------------------------------------


def test_trend_marks_a_partial_year_and_keeps_it_out_of_the_rate(project):
    t = trend(project, project.catalogue.indicators["contracts"])
    assert [r.year for r in t.results] == [2021, 2022, 2023]
    assert [r.period.whole for r in t.results] == [True, True, False]
    assert t.results[2].period.label("flow") == "2023年1–9月"
    assert t.span == (2021, 2022) and t.cagr == 60  # 16 / 10 − 1: the 1–9月 15 is not a year's end
    assert t.results[2].yoy == 25  # against 2022年1–9月


def test_monthly_trend_beside_last_year_and_the_pace_line(project):
    m = monthly(project, project.catalogue.indicators["contracts"])
    assert m.year == 2023  # the latest year with monthly figures
    rows = [
        (r.month, r.value and r.value.value, r.previous and r.previous.value, r.yoy, r.expected, r.completion)
        for r in m.rows
    ]
    assert rows == [
        (3, 3, None, None, 5, 15),  # 20 × 3/12 = 5 expected by March; 3 / 20 = 15 %
        (6, F(48, 5), 8, 20, 10, 48),  # 9.6 / 8 − 1 = 20 %; 20 × 6/12 = 10
        (9, 15, 12, 25, 15, 75),
        (12, None, 16, None, 20, None),  # the way to the year's 20; last year's whole 16
    ]


def test_monthly_trend_of_a_stock_has_no_pace_line(project):
    m = monthly(project, project.catalogue.indicators["total"], 2023)
    assert [(r.month, r.value and r.value.value, r.yoy, r.expected) for r in m.rows] == [
        (3, None, None, None),  # 2023 has contracts only in March
        (6, 295, F(1500, 280), None),  # 295 / 280 − 1
        (9, 310, F(2000, 290), None),
        (12, None, None, None),  # 2022's year-end 300 is beside it
    ]
    assert m.rows[-1].previous.value == 300


def test_same_period_base_for_an_open_year_without_as_of(tmp_path):
    project, _ = load(make_root(tmp_path, y2023="year: 2023\nactuals: {contracts: 15, total: 310}\n"))
    inds = project.catalogue.indicators
    assert same_period_base(project, inds["contracts"], 2023).value is None  # the period is unknown
    assert same_period_base(project, inds["total"], 2023).value.value == 300  # a level: last year's end


# ---- on the command line --------------------------------------------------------------------


def cli_json(run_cli, root, *args):
    result = run_cli(*args, "--root", str(root), "-f", "json")
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


def test_status_month_json_says_what_each_figure_covers(tmp_path, run_cli):
    doc = cli_json(run_cli, make_root(tmp_path), "status", "2023", "--month", "6")
    assert doc["as_of"] == "2023-06-30" and doc["final"] is False
    rows = {i["id"]: i for i in doc["indicators"]}
    contracts = rows["contracts"]
    assert (contracts["actual"], contracts["previous"], contracts["yoy"]) == (9.6, 8, 20.0)  # 9.6 / 8 − 1
    assert contracts["period"] == "2023-01..2023-06" and contracts["previous_period"] == "2022-01..2022-06"
    assert contracts["pace"]["elapsed"] == 50.0 and contracts["pace"]["completion"] == 48.0  # 6/12; 9.6 / 20
    assert rows["total"]["previous_period"] == "2022-06" and rows["total"]["previous"] == 280


def test_status_default_json_and_the_missing_figure_note(tmp_path, run_cli):
    root = make_root(tmp_path)
    doc = cli_json(run_cli, root, "status", "2023")
    output = next(i for i in doc["indicators"] if i["id"] == "output")
    assert (output["yoy"], output["previous"], output["previous_period"]) == (None, None, "2022-01..2022-09")
    plain = run_cli("status", "2023", "--root", str(root), "-f", "plain").stdout
    assert (
        "YoY: no 2022年1–9月 figure to compare with for 高新技术产业产值; add it under months: 9: in data/2022.yaml"
        in plain
    )


def test_status_month_beyond_the_data_is_one_usage_line(tmp_path, run_cli):
    result = run_cli("status", "2023", "--month", "10", "--root", str(make_root(tmp_path)))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "--month 10: the figures of 2023 run to 2023-09-30" in result.stderr


def test_trend_months_json(tmp_path, run_cli):
    doc = cli_json(run_cli, make_root(tmp_path), "trend", "contracts", "--months")
    assert (doc["year"], doc["target"]["value"]) == (2023, 20)
    assert [(m["month"], m["value"], m["previous"], m["expected"]) for m in doc["months"]] == [
        (3, 3, None, 5),  # 20 × 3/12
        (6, 9.6, 8, 10),
        (9, 15, 12, 15),
        (12, None, 16, 20),
    ]
    assert doc["months"][1]["period"] == "2023-01..2023-06" and doc["months"][1]["yoy"] == 20.0
    assert cli_json(run_cli, make_root(tmp_path / "b"), "trend", "contracts", "--months", "2022")["year"] == 2022


def test_trend_table_marks_the_partial_year(tmp_path, run_cli):
    out = run_cli("trend", "contracts", "--root", str(make_root(tmp_path)), "-f", "plain").stdout
    assert "2023 (1–9月)" in out
    assert "compound annual growth (年均增长) 2021–2022: +60.00%/yr" in out  # 16 / 10 − 1, not from 1–9月
    table = run_cli("trend", "contracts", "--root", str(make_root(tmp_path / "b"))).stdout
    assert "2021–2022 ┊ ▪ 2023 (1–9月)" in table  # the sparkline draws the partial year apart


def test_compare_on_the_command_line(tmp_path, run_cli):
    root = make_root(tmp_path)
    doc = cli_json(run_cli, root, "compare", "contracts")
    assert (doc["year"], doc["years"], doc["years_asked"], doc["partial_period"]) == (2022, 1, 3, None)
    plain = run_cli("compare", "contracts", "--root", str(root), "-f", "plain").stdout
    assert "--years 3: the data go back to 2021 only; the rates cover 2021–2022" in plain
    partial = cli_json(run_cli, root, "compare", "contracts", "--year", "2023")
    assert partial["partial_period"] == "2023-01..2023-09"
    assert all(r["yoy"] is None and r["cagr"] is None for r in partial["regions"])
    assert partial["sentence"] is None  # no 年均增长 sentence from part of a year


# ---- equal spans only: an as_of that is not a month's end (issue 17) ---------------------------

MID = Y2023.replace("as_of: 2023-09-30", "as_of: 2023-09-15")  # 1 January–15 September 2023


def test_a_mid_month_year_has_no_yoy_against_last_years_months(tmp_path):
    """15 (1 Jan–15 Sep 2023) against 2022's 1–9月 12 used to read +25 % (15 / 12 − 1): a span half a
    month shorter than its base. No month-end figure of 2022 covers 1 Jan–15 Sep: no 同比, for a
    flow, a stock (310 against 290 at 30 Sep 2022) and a ratio alike; the base period says the span."""
    project, _ = load(make_root(tmp_path, y2023=MID))
    rows = by_id(scorecard(project, 2023))
    for ident in ("contracts", "total", "share"):  # a flow, a stock, a ratio
        r = rows[ident]
        assert r.yoy is None and r.previous is None and r.previous_missing, ident
    assert rows["contracts"].previous_period.text("flow") == "2022-01-01..2022-09-15"
    assert rows["total"].previous_period.text("stock") == "2022-09-15"
    assert rows["contracts"].pace is not None  # pacing still runs: day 258 of 365


def test_a_mid_month_year_compares_with_last_year_to_the_same_day(tmp_path):
    """2022 open as of 15 September too: the same span, so 同比 is 15 / 12 − 1 = 25 %, the stock
    310 / 290 − 1 = 20/290 = 6.8966 %, the ratio 46.0 − 44.5 = 1.5 pp."""
    y2022 = "year: 2022\nas_of: 2022-09-15\nactuals: {contracts: 12, total: 290, share: 44.5}\n"
    project, _ = load(make_root(tmp_path, y2022=y2022, y2023=MID))
    rows = by_id(scorecard(project, 2023))
    assert rows["contracts"].yoy == 25 and rows["contracts"].previous.value == 12
    assert rows["contracts"].previous_period.text("flow") == "2022-01-01..2022-09-15"
    assert rows["total"].yoy == F(2000, 290)
    assert rows["share"].yoy == F(3, 2)


def test_a_mid_month_year_is_no_match_for_last_years_other_day(tmp_path):
    """2022 as of 30 September (1–9月) is 15 days longer than 1 Jan–15 Sep 2023: no 同比."""
    y2022 = "year: 2022\nas_of: 2022-09-30\nactuals: {contracts: 12}\n"
    project, _ = load(make_root(tmp_path, y2022=y2022, y2023=MID))
    assert by_id(scorecard(project, 2023))["contracts"].yoy is None


def test_status_month_of_a_mid_month_as_of_says_the_month_has_not_ended(tmp_path):
    """as_of 15 September: September has not ended, so --month 9 names the day the figures run to,
    and the months with figures are 3 and 6 (the actuals are not the end of September)."""
    project, _ = load(make_root(tmp_path, y2023=MID))
    with pytest.raises(UsageError) as info:
        scorecard(project, 2023, month=9)
    assert "month 9: the figures of 2023 run to 2023-09-15; months with figures: 3, 6" in str(info.value)
    assert info.value.exit_code == 2


def test_months_of_the_as_of_month_before_it_ends_is_refused(tmp_path):
    """months: 9: in a year as of 15 September is a figure for a month that has not ended."""
    text = "year: 2023\nas_of: 2023-09-15\nactuals: {total: 310, contracts: 15}\nmonths:\n  9: {contracts: 15}\n"
    assert problems_of(tmp_path, text) == [("error", "month", 5, 3)]


def test_mid_month_yoy_on_the_command_line_says_why(tmp_path, run_cli):
    root = make_root(tmp_path, y2023=MID)
    doc = cli_json(run_cli, root, "status", "2023")
    contracts = next(i for i in doc["indicators"] if i["id"] == "contracts")
    assert (contracts["yoy"], contracts["previous"]) == (None, None)
    assert contracts["previous_period"] == "2022-01-01..2022-09-15"
    plain = run_cli("status", "2023", "--root", str(root), "-f", "plain").stdout
    assert (
        "YoY: none for 技术合同成交额, 有效期内高企, 高新技术产业产值占比, 高新技术产业产值: the figures run to "
        "2023-09-15, not a month's end, and 2022 has no figures to the same day; only equal spans are compared"
    ) in plain
    assert "add it under months: 9:" not in plain  # no months: 9: of 2022 would be the same span
    zh = run_cli("status", "2023", "--root", str(root), "-f", "plain", "--lang", "zh").stdout
    assert (
        "同比：技术合同成交额、有效期内高企、高新技术产业产值占比、高新技术产业产值无同比：数据截至2023年9月15日，不是月末"
        in zh
    )
    trend_doc = cli_json(run_cli, root, "trend", "contracts")
    assert [y["yoy"] for y in trend_doc["years"]] == [None, 60.0, None]  # 2022: 16 / 10 − 1 = 60 %
    trend_plain = run_cli("trend", "contracts", "--root", str(root), "-f", "plain").stdout
    assert "YoY: none for 2023: the figures run to 2023-09-15" in trend_plain


def test_mid_month_report_has_no_yoy_and_says_why(tmp_path, run_cli):
    """The report's table and sentences: 15 against 2022年1–9月 12 used to read 同比增长25.0%."""
    root = make_root(tmp_path, y2023=MID)
    result = run_cli("report", "2023", "--root", str(root), "--out", str(tmp_path / "rep"), "--only", "md")
    assert result.exit_code == 0, result
    (md,) = (tmp_path / "rep").glob("*.md")
    text = md.read_text(encoding="utf-8")
    assert "year on year" not in text and "+25.0%" not in text
    assert "YoY: none for 技术合同成交额: the figures run to 2023-09-15, not a month's end" in text


def test_trend_labels_a_mid_month_year_by_its_span(tmp_path, run_cli):
    """as_of 15 September: trend headed the year `2023 (9月15日)` for a flow, a day where the figures
    cover 1 January to that day (issue 17). The year reads as the summaries and the report write it:
    a flow `2023年1月1日–9月15日` (1 January–15 September 2023), a level `2023年9月15日`."""
    root = make_root(tmp_path, y2023=MID)
    args = ("-f", "plain", "--root", str(root))
    en = run_cli("trend", "contracts", *args).stdout
    zh = run_cli("trend", "contracts", *args, "--lang", "zh").stdout
    stock = run_cli("trend", "total", *args, "--lang", "zh").stdout
    assert "9月15日)" not in en + zh + stock
    assert any(line.startswith("1 January–15 September 2023 ") for line in en.splitlines())  # the table's row
    assert any(line.startswith("2023年1月1日–9月15日 ") for line in zh.splitlines())
    assert "▪ 1 January–15 September 2023" in en
    assert "1 January–15 September 2023: part of the year, not a year's value: kept out of the rate" in en
    assert "2023年1月1日–9月15日：仅为部分年度数据" in zh and "▪ 2023年1月1日–9月15日" in zh
    assert "▪ 2023年9月15日" in stock and "2023年9月15日：仅为部分年度数据" in stock
    # the report names the same span: one wording for one period
    result = run_cli("report", "2023", "--root", str(root), "--out", str(tmp_path / "rep"), "--only", "md")
    assert result.exit_code == 0, result
    (md,) = (tmp_path / "rep").glob("*.md")
    assert "1 January–15 September 2023" in md.read_text(encoding="utf-8")
