"""Progress over time (SPEC 5.3–5.6): formulas, trends and CAGR, plans, pacing, milestones.

Every expected number is worked out by hand in the comment beside it.
"""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction as F

import pytest

from conftest import BASE as BASE_ROOT
from sciplan.compute.milestones import judge
from sciplan.compute.pace import elapsed_share, expected_share, light, pace
from sciplan.compute.trend import cagr
from sciplan.core.records import Indicator
from sciplan.validate.formula import find_cycle, parse_formula
from sciplan.validate.targets import parse_target
from sciplan.validate.values import BadValue

# ---- formulas -------------------------------------------------------------------------------


def test_formula_is_exact_and_never_eval():
    f = parse_formula("rd_expenditure / gdp * 100")
    assert f.refs == ("rd_expenditure", "gdp")
    assert f.evaluate({"rd_expenditure": F(346, 10), "gdp": F(1341)}.get) == F(3460, 1341)  # 2.5802 %
    assert parse_formula("(a + b) * 2 - -c / 4").evaluate({"a": F(1), "b": F(2), "c": F(8)}.get) == 8
    assert parse_formula("0.1 + 0.2").evaluate(dict().get) == F(3, 10)  # not 0.30000000000000004


def test_formula_missing_input_or_zero_division_gives_none():
    f = parse_formula("a / b")
    assert f.evaluate({"a": F(1)}.get) is None
    assert f.evaluate({"a": F(1), "b": F(0)}.get) is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("a +", "expected an id, a number or '(' at character 4"),
        ("(a", "expected ')' at character 3"),
        ("a b", "unexpected 'b' at character 3"),
        ("a % b", "unexpected '%' at character 3"),
        ("__import__('os')", "unexpected '_' at character 1"),
        ("(" * 40 + "a" + ")" * 40, "nested deeper than 32 levels"),
        ("a" * 600, "longer than 500 characters"),
    ],
)
def test_formula_errors(text, fragment):
    with pytest.raises(BadValue) as info:
        parse_formula(text)
    assert info.value.code == "formula" and fragment in info.value.message


def test_formula_cycles():
    formulas = {"a": parse_formula("b + 1"), "b": parse_formula("c * 2"), "c": parse_formula("a")}
    assert find_cycle({k: f.refs for k, f in formulas.items()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": ("a",)}) == ["a", "a"]
    assert find_cycle({"a": ("b",), "b": ("c",)}) is None


def test_formula_fills_in_and_reported_value_wins(base_root, run_cli):
    targets = (base_root / "targets.yaml").read_text(encoding="utf-8")
    targets = targets.replace(
        "  talents:\n",
        "  spend:\n    name: 研发支出\n    unit: 亿元\n  gdp:\n    name: GDP\n    unit: 亿元\n  talents:\n",
    ).replace(
        '    kind: ratio\n    targets: {2021: ">= 2.8"}',
        '    kind: ratio\n    formula: spend / gdp * 100\n    targets: {2021: ">= 2.8"}',
    )
    (base_root / "targets.yaml").write_text(targets, encoding="utf-8")
    data = (base_root / "data" / "2021.yaml").read_text(encoding="utf-8")
    (base_root / "data" / "2021.yaml").write_text(
        data.replace("  rd: 2.65\n", "  spend: {value: 30.4, estimated: true}\n  gdp: 1000\n"), encoding="utf-8"
    )
    doc = json.loads(run_cli("status", "2021", "--root", str(base_root), "-f", "json").stdout)
    rd = next(i for i in doc["indicators"] if i["id"] == "rd")
    assert rd["actual"] == 3.04 and rd["derived"] is True and rd["estimated"] is True  # 30.4 / 1000 × 100
    assert rd["status"] == "met"
    # a reported value wins over the formula; check warns when they disagree by over 1 %
    (base_root / "data" / "2021.yaml").write_text(
        data.replace("  rd: 2.65\n", "  rd: 2.65\n  spend: 30.4\n  gdp: 1000\n"), encoding="utf-8"
    )
    doc = json.loads(run_cli("status", "2021", "--root", str(base_root), "-f", "json").stdout)
    assert next(i for i in doc["indicators"] if i["id"] == "rd")["actual"] == 2.65
    result = run_cli("check", "--root", str(base_root))
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "data/2021.yaml:5:7: warning[formula-mismatch]: actuals.rd: reported 2.65 but spend / gdp * 100 "
        "gives 3.04 (12.8% apart)"
    )  # |2.65 − 3.04| / 3.04 = 12.83 %


# ---- trend and CAGR -------------------------------------------------------------------------


def test_cagr_hand_computed():
    assert round(cagr(F(112), F(227), 3), 2) == F("26.55")  # (227/112)^(1/3) − 1 = 26.552 %
    assert round(cagr(F(227), F(330), 3), 2) == F("13.28")  # the 2021–2023 plan's required rate
    assert cagr(F(26, 10), F(29, 10), 3, points=True) == F(1, 10)  # 2.6 % → 2.9 %: +0.1 pp a year
    assert cagr(F(0), F(5), 3) is None and cagr(F(5), F(5), 0) is None


def test_trend_json_matches_the_spec(run_cli):
    from conftest import REPO

    doc = json.loads(
        run_cli("trend", "hightech_total", "--from", "2017", "--to", "2020", "--root", str(REPO), "-f", "json").stdout
    )
    assert (doc["id"], doc["unit"], doc["from"], doc["to"], doc["cagr_unit"]) == (
        "hightech_total",
        "家",
        2017,
        2020,
        "%",
    )
    assert round(doc["cagr"], 2) == 26.55
    spec = {  # SPEC 5.10's keys; later features may add keys (flags, decimals), never change these
        "year": 2017,
        "target": None,
        "actual": 112,
        "attainment": None,
        "yoy": None,
        "yoy_unit": "%",
        "status": "untargeted",
    }
    assert {key: doc["years"][0][key] for key in spec} == spec
    assert [y["actual"] for y in doc["years"]] == [112, 146, 183, 227]


def test_trend_of_a_ratio_is_in_pp(base_root, run_cli):
    doc = json.loads(run_cli("trend", "rd", "--root", str(base_root), "-f", "json").stdout)
    assert doc["cagr_unit"] == "pp" and doc["cagr"] == pytest.approx(0.05)  # 2.6 → 2.65 in one year


def test_trend_unknown_id_suggests(run_cli):
    from conftest import BASE

    result = run_cli("trend", "firm", "--root", str(BASE))
    assert result.exit_code == 2 and "did you mean 'firms'?" in result.stderr


def test_trend_rate_skips_an_open_year(base_root, run_cli):
    """Partial figures of an open year (截至9月) would bend the rate: it spans complete years only."""
    (base_root / "data" / "2022.yaml").write_text(
        "year: 2022\nas_of: 2022-09-30\nactuals: {firms: 30}\n", encoding="utf-8"
    )
    doc = json.loads(run_cli("trend", "firms", "--root", str(base_root), "-f", "json").stdout)
    assert doc["to"] == 2022 and doc["cagr_span"] == [2020, 2021]
    assert doc["cagr"] == pytest.approx((86 / 71 - 1) * 100)


# ---- plans ----------------------------------------------------------------------------------

PLAN = """
plans:
  - id: p
    name: 三年行动计划
    baseline: 2020
    end: 2023
    targets:
      firms: ">= {firms}"
      rd: ">= {rd}"
      talents: "+50%"
"""


def plan_json(base_root, run_cli, firms, rd, *args, settings=""):
    """The plan's rows as JSON, with `targets.yaml` = the base's + PLAN (+ top-level `settings`)."""
    targets = (BASE_ROOT / "targets.yaml").read_text(encoding="utf-8") + PLAN.format(firms=firms, rd=rd) + settings
    (base_root / "targets.yaml").write_text(targets, encoding="utf-8")
    result = run_cli("plan", "--root", str(base_root), "-f", "json", *args)
    assert result.exit_code == 0, result
    return {i["id"]: i for i in json.loads(result.stdout)["plans"][0]["indicators"]}


def test_plan_on_track_with_projection(base_root, run_cli):
    """firms 71 (2020) → 86 (2021), end target ≥ 120 in 2023:
    observed 86/71 − 1 = 21.13 %; required (120/71)^(1/3) − 1 = 19.12 %; ratio 1.105 → on_track;
    progress (86 − 71)/(120 − 71) = 30.61 %; expected 1/3; projected 86 × 1.2113² = 126.19."""
    rows = plan_json(base_root, run_cli, 120, "2.9")
    firms = rows["firms"]
    assert (firms["baseline_value"], firms["latest_value"], firms["latest_year"]) == (71, 86, 2021)
    assert firms["progress"] == pytest.approx(15 / 49 * 100)
    assert firms["expected"] == pytest.approx(100 / 3)
    assert firms["observed_rate"] == pytest.approx((86 / 71 - 1) * 100)
    assert firms["required_rate"] == pytest.approx(((120 / 71) ** (1 / 3) - 1) * 100)
    assert firms["ratio"] == pytest.approx(1.1052, abs=1e-4)  # 21.127 / 19.116
    assert firms["category"] == "on_track"
    assert firms["projected"] == pytest.approx(86 * (86 / 71) ** 2)
    # rd 2.6 → 2.65, target 2.9: observed 0.05 pp/yr, required 0.1 pp/yr → ratio 0.5 → limited
    rd = rows["rd"]
    assert (rd["observed_rate"], rd["required_rate"], rd["rate_unit"]) == (
        pytest.approx(0.05),
        pytest.approx(0.1),
        "pp",
    )
    assert rd["ratio"] == pytest.approx(0.5) and rd["category"] == "limited"
    assert rd["projected"] == pytest.approx(2.75)  # 2.65 + 0.05 × 2
    # talents +50% over the 2020 baseline of 10: an end target of 15
    assert rows["talents"]["target"] == {"text": "+50%", "op": ">=", "value": 15, "stretch": None}


@pytest.mark.parametrize(
    ("firms", "rd", "firms_category", "rd_category"),
    [
        # firms 71 → 86; rd 2.6 → 2.65 (+0.05 pp a year)
        (80, "2.7", "achieved", "on_track"),  # 86 ≥ 80; rd needs 0.1/3 = 0.033 pp a year: ratio 1.5
        (140, "2.6", "accelerate", "achieved"),  # (140/71)^(1/3) − 1 = 25.4 %: ratio 21.13/25.4 = 0.83
        (300, "2.9", "limited", "limited"),  # (300/71)^(1/3) − 1 = 61.6 %: ratio 0.34; rd ratio 0.5
    ],
)
def test_plan_categories(base_root, run_cli, firms, rd, firms_category, rd_category):
    rows = plan_json(base_root, run_cli, firms, rd)
    assert (rows["firms"]["category"], rows["rd"]["category"]) == (firms_category, rd_category)


def test_plan_deteriorating_and_insufficient(base_root, run_cli):
    data = (base_root / "data" / "2021.yaml").read_text(encoding="utf-8")
    (base_root / "data" / "2021.yaml").write_text(data.replace("firms: 86", "firms: 60"), encoding="utf-8")
    rows = plan_json(base_root, run_cli, 120, "2.9")
    assert rows["firms"]["category"] == "deteriorating"  # 71 → 60 while the target is up
    assert rows["firms"]["ratio"] < 0
    rows = plan_json(base_root, run_cli, 120, "2.9", "--year", "2020")  # as it stood in 2020: no later year
    assert {r["category"] for r in rows.values()} == {"insufficient_data"}


def test_plan_only_counts_complete_years(base_root, run_cli):
    """An open year's partial figures are not comparable with a full-year target."""
    data = (base_root / "data" / "2021.yaml").read_text(encoding="utf-8")
    (base_root / "data" / "2021.yaml").write_text(
        data.replace("final: true", "final: false\nas_of: 2021-09-30"), encoding="utf-8"
    )
    assert plan_json(base_root, run_cli, 120, "2.9")["firms"]["category"] == "insufficient_data"
    (base_root / "data" / "2021.yaml").write_text(
        data.replace("final: true", "final: false\nas_of: 2021-12-31"), encoding="utf-8"
    )
    assert plan_json(base_root, run_cli, 120, "2.9")["firms"]["latest_year"] == 2021  # full-year figures


def test_plan_thresholds_are_configurable(base_root, run_cli):
    rows = plan_json(base_root, run_cli, 120, "2.9", settings="progress: {on_track: 1.2, accelerate: 0.9}\n")
    assert rows["firms"]["category"] == "accelerate"  # ratio 1.105 is under 1.2 now


def test_plan_demo_matches_the_spec_example():
    """SPEC 5.10: hightech_total 227 → 260 over 2020–2021, target 330 in 2023: progress 32.04,
    observed 14.54 %, required 13.28 %, ratio 1.094, on_track, projected 341.09."""
    from decimal import Decimal
    from pathlib import Path

    from sciplan.compute.plans import _row
    from sciplan.core.records import Actual, Catalogue, Plan, TargetEntry, ValidProject, YearData

    ind = Indicator("hightech_total", "有效期内高企", "家", kind="stock")
    entry = TargetEntry(parse_target(">= 330", "家", "up"))
    cat = Catalogue("泰兴市", {"hightech_total": ind})
    years = {
        y: YearData(y, f"data/{y}.yaml", final=True, actuals={"hightech_total": Actual(Decimal(v))})
        for y, v in ((2020, 227), (2021, 260))
    }
    project = ValidProject(Path("."), cat, years, [])
    plan = Plan("action_2021_2023", "…", 2020, 2023, {"hightech_total": entry})
    row = _row(project, cat, plan, ind, entry, None)
    assert round(float(row.progress), 2) == 32.04
    assert round(float(row.expected), 2) == 33.33
    assert round(float(row.observed_rate), 2) == 14.54 and round(row.required_rate, 2) == F("13.28")
    assert round(row.ratio, 3) == F("1.094") and row.category == "on_track"
    assert row.projected == 260 * F(260, 227) ** 2  # two years more at 260/227 a year: 341.09


# ---- pacing (序时进度) -----------------------------------------------------------------------

FLOW = Indicator("firms", "新增高企", "家")


def test_elapsed_share():
    assert elapsed_share(dt.date(2022, 9, 30)) == 75  # month end: 9/12
    assert elapsed_share(dt.date(2022, 6, 30)) == 50
    assert elapsed_share(dt.date(2022, 12, 31)) == 100
    assert elapsed_share(dt.date(2022, 9, 15)) == F(258, 365) * 100  # mid-month: day 258 of 365
    assert elapsed_share(dt.date(2024, 2, 15)) == F(46, 366) * 100  # a leap year


def test_pace_at_month_end():
    """75 % of the year gone, 30 of ≥ 60 done: completion 50 %, 25 pp behind → yellow."""
    resolved = parse_target(">= 60", "家", "up").resolve(None)
    p = pace(FLOW, resolved, F(30), dt.date(2022, 9, 30))
    assert (p.elapsed, p.expected, p.completion, p.gap, p.light) == (75, 75, 50, -25, "yellow")


def test_pace_mid_month():
    """15 May: day 135 of 365 = 36.99 %; 20 of ≥ 50 = 40 % → 3.01 pp ahead → green."""
    resolved = parse_target(">= 50", "家", "up").resolve(None)
    p = pace(FLOW, resolved, F(20), dt.date(2022, 5, 15))
    assert p.elapsed == F(135, 365) * 100
    assert p.gap == 40 - F(135, 365) * 100
    assert p.light == "green"


@pytest.mark.parametrize(
    ("gap", "expected"),
    [(0, "green"), (-10, "green"), (F(-1001, 100), "yellow"), (-30, "yellow"), (F(-3001, 100), "red"), (25, "green")],
)
def test_light_thresholds(gap, expected):
    assert light(F(gap), F(10), F(30)) == expected


def test_profile_for_back_loaded_work():
    """High-tech certificates come in Q4: with the profile, 9 of 50 by September (18 %) is ahead of the
    15 % expected (green), where the straight line (75 %) would cry red."""
    ind = Indicator(
        "hightech_new", "新认定高企", "家", profile=tuple(F(v) for v in (0, 0, 0, 0, 0, 5, 5, 10, 15, 30, 60, 100))
    )
    resolved = parse_target("50..60", "家", "up").resolve(None)
    p = pace(ind, resolved, F(9), dt.date(2022, 9, 30))
    assert (p.elapsed, p.expected, p.completion, p.gap, p.light) == (75, 15, 18, 3, "green")
    assert pace(FLOW, resolved, F(9), dt.date(2022, 9, 30)).light == "red"
    # mid-October: 15 + (30 − 15) × 15/31 = 22.26 %
    assert expected_share(dt.date(2022, 10, 15), ind.profile) == 15 + F(15 * 15, 31)


def test_not_paced():
    at = dt.date(2022, 9, 30)
    resolved = parse_target(">= 50", "家", "up").resolve(None)
    assert pace(Indicator("t", "存量", "家", kind="stock"), resolved, F(30), at) is None
    assert pace(Indicator("r", "比重", "%", kind="ratio"), resolved, F(30), at) is None
    assert pace(FLOW, parse_target("<= 50", "家", "up").resolve(None), F(30), at) is None
    assert pace(FLOW, resolved, None, at) is None


def test_status_shows_pace_in_open_years(base_root, run_cli):
    (base_root / "data" / "2021.yaml").write_text(
        "year: 2021\nas_of: 2021-09-30\nactuals: {firms: 30}\n", encoding="utf-8"
    )
    doc = json.loads(run_cli("status", "2021", "--root", str(base_root), "-f", "json").stdout)
    firms, rd = doc["indicators"][:2]
    assert firms["pace"] == {"elapsed": 75.0, "expected": 75.0, "completion": 60.0, "gap": -15.0, "light": "yellow"}
    assert rd["pace"] is None
    plain = run_cli("status", "2021", "--root", str(base_root), "-f", "plain").stdout
    assert "yellow -15.0pp" in plain and "(open, as of 2021-09-30, 75.0% of the year)" in plain
    final = json.loads(run_cli("status", "2021", "--root", str(BASE_ROOT), "-f", "json").stdout)
    assert all(i["pace"] is None for i in final["indicators"])  # a final year is not paced


# ---- milestones -----------------------------------------------------------------------------

DUE = dt.date(2022, 3, 31)


@pytest.mark.parametrize(
    ("done", "reference", "status"),
    [
        (dt.date(2022, 3, 15), dt.date(2022, 9, 30), "done"),
        (dt.date(2022, 3, 31), dt.date(2022, 9, 30), "done"),  # on the day
        (dt.date(2022, 4, 20), dt.date(2022, 9, 30), "done_late"),
        (None, dt.date(2022, 9, 30), "overdue"),
        (None, dt.date(2022, 3, 31), "open"),  # not past due yet
        (None, None, "open"),
        (dt.date(2022, 10, 5), dt.date(2022, 9, 30), "overdue"),  # done, but after the view's date
    ],
)
def test_milestone_statuses(done, reference, status):
    assert judge(DUE, done, reference) == status


@pytest.mark.parametrize(
    ("due", "date"),
    [
        ("2022Q1", "2022-03-31"),
        ("2022q4", "2022-12-31"),
        ("2022-02", "2022-02-28"),
        ("2024-02", "2024-02-29"),
        ("2022-03-15", "2022-03-15"),
    ],
)
def test_due_forms(due, date):
    from sciplan.validate.catalogue import parse_due

    assert parse_due(due) == dt.date.fromisoformat(date)


def test_demo_2022_shows_every_milestone_status(run_cli):
    from conftest import REPO

    doc = json.loads(run_cli("status", "2022", "--root", str(REPO), "-f", "json").stdout)
    assert [(m["id"], m["status"]) for m in doc["milestones"]] == [
        ("industry_fund", "done_late"),  # due 2021Q4, done 2022-05-10: carried into 2022
        ("transfer_rules", "done"),
        ("demand_survey", "done_late"),
        ("cloud_platform", "overdue"),  # due 2022-06, not done by 2022-09-30
        ("membrane_forum", "open"),  # due 2022Q4
    ]
    assert doc["milestones"][1] == {
        "id": "transfer_rules",
        "task": "发布《技术转移机构管理考核办法》",
        "due": "2022-03-31",
        "due_text": "2022Q1",
        "owner": "成果转化科",
        "done": "2022-03-15",
        "status": "done",
    }


def test_demo_2022_paces_every_flow_with_a_target(run_cli):
    """Each flow with an at-least target and an actual gets a light; stocks and ratios none."""
    from conftest import REPO

    doc = json.loads(run_cli("status", "2022", "--root", str(REPO), "-f", "json").stdout)
    lights = {i["id"]: i["pace"]["light"] for i in doc["indicators"] if i["pace"]}
    assert lights == {
        "hightech_new": "green",  # 9 of 50 = 18 % against the profile's 15 %
        "incubator_projects": "green",  # 41 / 50 = 82 % against 75 %
        "rd_institutions": "yellow",  # 60 %: 15 pp behind
        "iur_events": "green",
        "iur_agreements": "green",
        "tech_contract_value": "red",  # 5.6 / 15.985 = 35 %: 40 pp behind
        "innovation_vouchers": "green",  # 516 / 750 = 68.8 %: 6.2 pp behind
    }
