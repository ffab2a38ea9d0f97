"""Peers, ranks, breakdowns and sub-units (SPEC 5.7), with hand-computed figures."""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest

from conftest import BASE, REPO
from sciplan.compute.observed import Observed
from sciplan.compute.ranks import competition_ranks, rank_of
from sciplan.compute.status import evaluate
from sciplan.core.records import Indicator
from sciplan.validate.targets import parse_target

# ---- ranks ----------------------------------------------------------------------------------


def test_ranks_follow_direction_and_ties_share():
    values = {"a": F(227), "b": F(221), "c": F(221), "d": F(213)}
    assert competition_ranks(values) == {"a": 1, "b": 2, "c": 2, "d": 4}
    assert competition_ranks(values, up=False) == {"a": 4, "b": 2, "c": 2, "d": 1}  # lower is better
    assert rank_of(F(221), {"x": F(227), "y": F(221)}) == rank_of(F(221), {"y": F(221), "x": F(227)})
    assert (rank_of(F(221), {"x": F(227), "y": F(221)}).position, rank_of(F(221), {"x": F(227)}).of) == (2, 2)


FIRMS = Indicator("firms", "新增高企", "家")


def rank_result(target, own, others, *, final=True, ind=FIRMS):
    t = parse_target(target, ind.unit, ind.direction)
    actual = None if own is None else Observed(F(own))
    return evaluate(ind, 2021, t, actual, None, final=final, others=others)


def test_rank_target_met_and_missed():
    met = rank_result("rank <= 2", 221, {"兴化市": F(227), "靖江市": F(213)})
    assert (met.status, met.rank.position, met.rank.of) == ("met", 2, 3)
    assert met.attainment is None and met.gap is None  # not a ratio of ranks: the position is shown
    missed = rank_result("rank <= 1", 221, {"兴化市": F(227), "靖江市": F(213)})
    assert (missed.status, missed.rank.position) == ("short", 2)


def test_rank_target_down_direction():
    energy = Indicator("energy", "单位GDP能耗", "吨标准煤", kind="ratio", direction="down")
    r = rank_result("rank <= 1", "0.48", {"a": F(52, 100), "b": F(5, 10)}, ind=energy)
    assert (r.status, r.rank.position) == ("met", 1)  # the lowest energy use ranks first


def test_rank_target_without_peers_or_actual():
    assert rank_result("rank <= 2", 221, {}).status == "unknown"
    assert rank_result("rank <= 2", None, {"a": F(1)}, final=True).status == "missing"
    assert rank_result("rank <= 2", None, {"a": F(1)}, final=False).status == "pending"


def test_tied_rank_meets_the_target():
    assert rank_result("rank <= 1", 227, {"a": F(227), "b": F(100)}).status == "met"  # tied first


# ---- compare --------------------------------------------------------------------------------


def test_three_region_cagr_comparison_of_the_seed(run_cli):
    """ "近三年我市高企总数的年平均增长率为26.56%，低于兴化市的39.73%和靖江市的32.29%" (within 0.01 pp):
    泰兴 112 → 227, 兴化 81 → 221, 靖江 92 → 213 over 2017–2020."""
    result = run_cli("compare", "hightech_total", "--year", "2020", "--years", "3", "--root", str(REPO), "-f", "json")
    doc = json.loads(result.stdout)
    assert (doc["id"], doc["year"], doc["years"]) == ("hightech_total", 2020, 3)
    rows = {r["region"]: r for r in doc["regions"]}
    assert rows["泰兴市"]["cagr"] == pytest.approx(26.56, abs=0.01)
    assert rows["兴化市"]["cagr"] == pytest.approx(39.73, abs=0.01)
    assert rows["靖江市"]["cagr"] == pytest.approx(32.29, abs=0.01)
    assert [(r["region"], r["rank"], r["self"]) for r in doc["regions"]] == [
        ("泰兴市", 1, True),
        ("兴化市", 2, False),
        ("靖江市", 3, False),
    ]  # 有效期内高企列泰州第1
    assert rows["兴化市"]["yoy"] is None  # no 2019 figure for the peers
    args = ("compare", "hightech_total", "--year", "2020", "--root", str(REPO), "-f", "plain")
    plain = run_cli(*args, "--lang", "zh").stdout
    assert "近3年有效期内国家高新技术企业年均增长26.55%，低于兴化市的39.73%和靖江市的32.29%" in plain
    english = run_cli(*args, "--lang", "en").stdout  # compare --lang en said it in Chinese (issue 23)
    assert (
        "Over the last 3 years 有效期内国家高新技术企业 grew 26.55% a year, below 兴化市's 39.73% and 靖江市's 32.29%"
        in english
    )
    assert "低于" not in english and "年均" not in english


def test_comparison_sentence_says_how_chinese_reports_do():
    from sciplan.compute.peers import Comparison, RegionRow
    from sciplan.core import i18n
    from sciplan.views.sentences import comparison_sentence

    i18n.set_language("zh")

    def sentence(years, own, peer, ind=FIRMS):
        rows = [RegionRow("泰兴市", True, F(1), 1, None, own), RegionRow("兴化市", False, F(1), 2, None, peer)]
        return comparison_sentence(Comparison(ind, 2021, years, rows))

    assert sentence(1, F(2404, 100), F(10)) == "新增高企比上年增长24.04%，高于兴化市的10.00%"
    assert sentence(3, F(-5), F(2)) == "近3年新增高企年均下降5.00%，低于兴化市的2.00%"
    rd = Indicator("rd", "研发投入强度", "%", kind="ratio")
    assert sentence(2, F(-1, 10), F(3, 10), rd) == "近2年研发投入强度年均降低0.10个百分点，低于兴化市的0.30个百分点"
    i18n.set_language("en")
    assert sentence(1, F(2404, 100), F(10)) == "新增高企 grew 24.04% on last year, above 兴化市's 10.00%"
    assert sentence(2, F(-1, 10), F(3, 10), rd) == (
        "Over the last 2 years 研发投入强度 was down 0.10 pp a year, below 兴化市's 0.30 pp"
    )


def test_compare_defaults_to_the_latest_peer_year(run_cli):
    doc = json.loads(run_cli("compare", "hightech_total", "--root", str(REPO), "-f", "json").stdout)
    assert doc["year"] == 2021
    assert [(r["region"], r["rank"]) for r in doc["regions"]] == [("兴化市", 1), ("泰兴市", 2), ("靖江市", 3)]


def test_compare_without_peers(run_cli):
    result = run_cli("compare", "firms", "--root", str(BASE))
    assert result.exit_code == 1 and "no peer region reports 新增高企" in result.stderr


def test_status_shows_rank_where_peers_exist(run_cli):
    doc = json.loads(run_cli("status", "2021", "--root", str(REPO), "-f", "json").stdout)
    by_id = {i["id"]: i for i in doc["indicators"]}
    assert by_id["hightech_total"]["rank"] == {"position": 2, "of": 3}  # 262, 258, 251
    assert by_id["tech_smes"]["rank"] == {"position": 2, "of": 3} and by_id["tech_smes"]["status"] == "short"
    assert by_id["hightech_new"]["rank"] is None


# ---- breakdowns -----------------------------------------------------------------------------

PARTS = """
  grants:
    name: 专利授权量
    unit: 件
    parts: [invention, utility]
  invention:
    name: 发明专利
    unit: 件
  utility:
    name: 实用新型
    unit: 件
"""


def with_parts(root, values):
    (root / "targets.yaml").write_text((BASE / "targets.yaml").read_text(encoding="utf-8") + PARTS, encoding="utf-8")
    data = (BASE / "data" / "2021.yaml").read_text(encoding="utf-8")
    (root / "data" / "2021.yaml").write_text(
        data + "".join(f"  {k}: {v}\n" for k, v in values.items()), encoding="utf-8"
    )


def test_parts_that_add_up(base_root, run_cli):
    with_parts(base_root, {"grants": 3120, "invention": 412, "utility": 2708})
    assert run_cli("check", "--root", str(base_root), "--strict").exit_code == 0


def test_parts_that_do_not_add_up(base_root, run_cli):
    with_parts(base_root, {"grants": 3120, "invention": 412, "utility": 2700})
    result = run_cli("check", "--root", str(base_root))
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "data/2021.yaml:9:11: warning[parts-sum]: actuals.grants: invention + utility add up to 3112, not 3120"
    )


def test_a_rounded_total_still_adds_up(base_root, run_cli):
    """A total written as 3.1 (thousand) is the parts' 3.12 to the precision it is written with."""
    with_parts(base_root, {"grants": "3.1", "invention": "0.41", "utility": "2.71"})
    assert run_cli("check", "--root", str(base_root), "--strict").exit_code == 0


def test_total_without_value_is_the_sum_of_its_parts(base_root, run_cli):
    with_parts(base_root, {"invention": 412, "utility": 2708})
    doc = json.loads(run_cli("status", "2021", "--root", str(base_root), "-f", "json").stdout)
    grants = next(i for i in doc["indicators"] if i["id"] == "grants")
    assert (grants["actual"], grants["derived"], grants["derived_from"]) == (3120, True, "parts")
    with_parts(base_root, {"invention": 412})  # one part missing: the total is unknown, not 412
    doc = json.loads(run_cli("status", "2021", "--root", str(base_root), "-f", "json").stdout)
    assert next(i for i in doc["indicators"] if i["id"] == "grants")["actual"] is None


def test_status_parts_are_indented(base_root, run_cli):
    with_parts(base_root, {"grants": 3120, "invention": 412, "utility": 2708})
    lines = run_cli("status", "2021", "--root", str(base_root), "-f", "plain", "--parts").stdout.splitlines()
    names = [line.split("  ")[0] for line in lines[4:13]]
    assert names == [
        "新增高企",
        "研发投入强度",
        "科技贷款",
        "单位GDP能耗",
        "引进人才",
        "专利授权量",
        "└ 发明专利",
        "└ 实用新型",
        "",
    ]


# ---- sub-units ------------------------------------------------------------------------------

UNITS_TARGETS = """region: 测试区
units: [高新区, 黄桥镇]
indicators:
  firms:
    name: 新增高企
    unit: 家
    targets: {2021: {target: ">= 50", units: {高新区: 30, 黄桥镇: 20}}}
  rd:
    name: 研发投入强度
    unit: "%"
    kind: ratio
"""


def units_root(root, region_value=None, units="高新区: {firms: 36, rd: 3.1}\n  黄桥镇: {firms: 18, rd: 2.2}"):
    (root / "targets.yaml").write_text(UNITS_TARGETS, encoding="utf-8")
    (root / "data" / "2020.yaml").write_text(
        "year: 2020\nfinal: true\nunits:\n  高新区: {firms: 30}\n  黄桥镇: {firms: 20}\n", encoding="utf-8"
    )
    region = "" if region_value is None else f"  firms: {region_value}\n"
    (root / "data" / "2021.yaml").write_text(
        f"year: 2021\nfinal: true\nactuals:\n{region}  rd: 2.8\nunits:\n  {units}\n", encoding="utf-8"
    )


def test_units_roll_up_to_the_region(base_root, run_cli):
    units_root(base_root)
    doc = json.loads(run_cli("status", "2021", "--root", str(base_root), "-f", "json").stdout)
    firms, rd = doc["indicators"]
    assert (firms["actual"], firms["derived_from"], firms["status"]) == (54, "units", "met")  # 36 + 18
    assert firms["previous"] == 50 and firms["yoy"] == 8.0  # 30 + 20 → 54
    assert rd["actual"] == 2.8  # ratios never add up: 3.1 + 2.2 would be nonsense


def test_region_and_units_that_disagree_warn(base_root, run_cli):
    units_root(base_root, region_value=60)
    result = run_cli("check", "--root", str(base_root))
    assert result.stderr.splitlines()[0] == (
        "data/2021.yaml:4:10: warning[units-sum]: actuals.firms: the units (高新区, 黄桥镇) add up to 54, not 60"
    )
    units_root(base_root, region_value=54)
    assert run_cli("check", "--root", str(base_root), "--strict").exit_code == 0


def test_unit_scorecard(base_root, run_cli):
    units_root(base_root)
    doc = json.loads(run_cli("status", "2021", "--unit", "黄桥镇", "--root", str(base_root), "-f", "json").stdout)
    assert (doc["region"], doc["unit"]) == ("测试区 黄桥镇", "黄桥镇")
    firms = doc["indicators"][0]
    assert firms["target"]["value"] == 20 and firms["actual"] == 18
    assert (firms["status"], firms["attainment"]) == ("near", 90.0)  # 18 / 20
    assert firms["rank"] == {"position": 2, "of": 2}  # 高新区's 36 ranks first
    assert firms["yoy"] == -10.0  # 20 → 18
    result = run_cli("status", "2021", "--unit", "黄桥", "--root", str(base_root))
    assert result.exit_code == 2 and "no unit '黄桥'" in result.stderr


def test_units_command(base_root, run_cli):
    units_root(base_root)
    plain = run_cli("units", "2021", "--root", str(base_root), "-f", "plain").stdout
    assert plain.splitlines()[4:7] == [
        "高新区          36 / 30 ✓ (1)      3.10 · (1)  reported",  # actual / the unit's target, status, rank
        "黄桥镇          18 / 20 ~ (2)      2.20 · (2)  reported",  # (亿元: two decimals)
        "测试区 (total)     54† / 50 ✓          2.80 ·  2 of 2",  # † rolled up from the units; 报送情况
    ]
    detail = run_cli("units", "2021", "firms", "--root", str(base_root), "-f", "csv").stdout_bytes.decode()
    assert detail.splitlines() == [
        "sub_unit,id,name,unit,target.text,target.value,actual,approximate,estimated,stage,derived,attainment,status,"
        "rank.position,yoy,yoy_unit,share",
        # 36 / 30; 30 → 36; 36 / 54 = 66.666…%, 18 / 54 = 33.333…%: 15 significant digits, half away from zero
        "高新区,firms,新增高企,家,30,30,36,false,false,,false,120.0,met,1,20.0,%,66.6666666666667",
        "黄桥镇,firms,新增高企,家,20,20,18,false,false,,false,90.0,near,2,-10.0,%,33.3333333333333",
        ",firms,新增高企,家,>= 50,50,54,false,false,,true,108.0,met,,8.0,%,",  # the region's total: no sub_unit
    ]


@pytest.mark.parametrize(
    ("target", "split", "expected"),
    [
        # the county target raised from 50 to 60, the split (30 + 20 = 50) left as it was
        (">= 60", "高新区: 30, 黄桥镇: 20", "the units' targets (高新区 30, 黄桥镇 20) add up to 50, less than 60"),
        # a range: the split must reach its lower end (55)
        ("55..60", "高新区: 30, 黄桥镇: 20", "the units' targets (高新区 30, 黄桥镇 20) add up to 50, less than 55"),
        ("> 50", "高新区: 30, 黄桥镇: 20", "the units' targets (高新区 30, 黄桥镇 20) add up to 50, not above 50"),
        (">= 50", "高新区: 30, 黄桥镇: 20", None),  # covered exactly
        (">= 50", "高新区: 35, 黄桥镇: 20", None),  # 层层加码: the units are given more than the region, as is usual
        (">= 50", "高新区: 30", None),  # a split of some units only says nothing of the rest
    ],
)
def test_a_split_that_does_not_cover_the_target_warns(base_root, run_cli, target, split, expected):
    units_root(base_root)  # line 7, column 21: the `{` that opens the 2021 entry
    text = UNITS_TARGETS.replace(
        '{target: ">= 50", units: {高新区: 30, 黄桥镇: 20}}', f'{{target: "{target}", units: {{{split}}}}}'
    )
    (base_root / "targets.yaml").write_text(text, encoding="utf-8")
    result = run_cli("check", "--root", str(base_root))
    found = [line for line in result.stderr.splitlines() if "units-target-sum" in line]
    if expected is None:
        assert found == [], result.stderr
    else:
        assert found == [f"targets.yaml:7:21: warning[units-target-sum]: indicators.firms.targets.2021: {expected}"]
