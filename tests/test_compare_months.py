"""`sciplan compare` after a roll-over (new-user trial 3): the 1–10月 import moved the peers' 9月末 figures
under `peers: months: 9:`; `compare --year 2024` names the indicator by its name and says how to compare
them, and `--month 9` does. By hand: 每万人口高价值发明专利拥有量 at 2024年9月末, 清水县 7.05 among 兴和县 8.90,
安平县 7.30, 临川县 6.40 ranks 3 of 4 (8.90 > 7.30 > 7.05 > 6.40)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import write_root

TARGETS = """\
region: 清水县
indicators:
  invention_per10k:
    name: 每万人口高价值发明专利拥有量
    unit: 件
    kind: stock
    decimals: 2
    targets: {2024: rank <= 3}
  tech_contract_value: {name: 技术合同成交额, unit: 亿元}
"""
Y2023 = """\
year: 2023
final: true
actuals: {invention_per10k: 6.2, tech_contract_value: 8.4}
peers:
  兴和县: {invention_per10k: 8.1}
  安平县: {invention_per10k: 6.9}
  临川县: {invention_per10k: 6.0}
"""
Y2024 = """\
year: 2024
as_of: 2024-10-31
actuals: {tech_contract_value: 6.965}
months:
  9: {invention_per10k: 7.05, tech_contract_value: 6.235}
peers:
  months:
    9:
      兴和县: {invention_per10k: 8.90}
      安平县: {invention_per10k: 7.30}
      临川县: {invention_per10k: 6.40}
"""


@pytest.fixture
def root(tmp_path) -> Path:
    return write_root(tmp_path / "root", TARGETS, {2023: Y2023, 2024: Y2024})


def test_a_year_whose_peers_are_under_months_says_which_month(run_cli, root):
    out = run_cli("compare", "invention_per10k", "--year", "2024", "--root", str(root))
    assert out.exit_code == 1
    assert out.stderr == (
        "sciplan: error: 每万人口高价值发明专利拥有量: in 2024 the peer regions report it only at the end of month 9 "
        "(peers: months:); compare them then: sciplan compare invention_per10k --year 2024 --month 9\n"
    )
    zh = run_cli("compare", "invention_per10k", "--year", "2024", "--root", str(root), "--lang", "zh")
    assert zh.stderr == (
        "sciplan: error: 每万人口高价值发明专利拥有量：2024年周边地区只有9月末的数据（peers: months:）；"
        "请按该月比较：sciplan compare invention_per10k --year 2024 --month 9\n"
    )


def test_month_compares_the_regions_at_that_months_end(run_cli, root):
    out = run_cli("compare", "invention_per10k", "--year", "2024", "--month", "9", "--root", str(root), "-f", "json")
    assert out.exit_code == 0, out
    doc = json.loads(out.stdout)
    assert doc["partial_period"] == "2024-09"
    assert [(r["region"], r["value"], r["rank"]) for r in doc["regions"]] == [
        ("兴和县", 8.9, 1),
        ("安平县", 7.3, 2),
        ("清水县", 7.05, 3),
        ("临川县", 6.4, 4),
    ]
    assert all(r["yoy"] is None and r["cagr"] is None for r in doc["regions"])  # part of a year: no rates
    zh = run_cli("compare", "invention_per10k", "--year", "2024", "--month", "9", "--root", str(root), "--lang", "zh")
    assert zh.stdout.splitlines()[0] == "每万人口高价值发明专利拥有量（件）· 2024年9月末 · 清水县与周边地区比较"
    # without --year, the latest year whose peers report at the end of that month
    assert run_cli("compare", "invention_per10k", "--month", "9", "--root", str(root)).exit_code == 0


def test_a_month_without_figures_is_refused_with_the_months_there_are(run_cli, root):
    out = run_cli("compare", "invention_per10k", "--year", "2024", "--month", "6", "--root", str(root))
    assert out.exit_code == 2
    assert "month 6: data/2024.yaml has no months: 6: entry; months with figures: 9, 10" in out.stderr


def test_no_peers_at_all_names_the_indicator(run_cli, root):
    out = run_cli("compare", "tech_contract_value", "--root", str(root))
    assert out.exit_code == 1
    assert out.stderr == (
        "sciplan: error: no peer region reports 技术合同成交额; add their values under peers: in data/<YEAR>.yaml\n"
    )
