"""`sciplan history` and `sciplan diff` over a month's roll-over (new-user trial 3): a formula figure whose
inputs moved under `months: 9:` has no new row; a figure summed from the 板块 has a history of its sums;
targets added by `extract --apply` are listed as status writes them, in the interface language.

The figures, by hand: R&D强度 9月末 = 4.56 / 186.4 × 100 = 2.4463… → 2.45%; 新认定高企 1–9月 = 3 + 2 + 1 = 6,
after the 板块' October returns 1–10月 = 4 + 3 + 1 = 8, and a 南湖镇 correction of 1–10月 to 4 gives 4 + 4 + 1 = 9."""

from __future__ import annotations

import os

import pytest
from gitrepo import Repo
from test_revisions import cells

TARGETS = """\
region: 清水县
units: [城东街道, 南湖镇, 清水镇]
indicators:
  rd_expenditure: {name: 全社会研发经费支出, unit: 亿元}
  gdp: {name: 地区生产总值, unit: 亿元}
  rd_intensity: {name: 全社会研发经费投入强度, unit: "%", kind: ratio, formula: rd_expenditure / gdp * 100}
  hightech_new: {name: 新认定国家高新技术企业, unit: 家}
  hightech_total: {name: 有效期内国家高新技术企业, unit: 家, kind: stock}
  hightech_share: {name: 高新技术产业产值占比, unit: "%", kind: ratio}
  invention_per10k: {name: 每万人口高价值发明专利拥有量, unit: 件, kind: stock, decimals: 2}
  tech_contract_value: {name: 技术合同成交额, unit: 亿元}
"""
SEPTEMBER = """\
year: 2024
as_of: 2024-09-30
actuals:
  rd_expenditure: 4.56
  gdp: 186.4
units:
  城东街道: {hightech_new: 3}
  南湖镇: {hightech_new: 2}
  清水镇: {hightech_new: 1}
"""
OCTOBER = """\
year: 2024
as_of: 2024-10-31
actuals:
  tech_contract_value: 6.965
units:
  城东街道: {hightech_new: 4}
  南湖镇: {hightech_new: 3}
  清水镇: {hightech_new: 1}
  months:
    9:
      城东街道: {hightech_new: 3}
      南湖镇: {hightech_new: 2}
      清水镇: {hightech_new: 1}
months:
  9: {rd_expenditure: 4.56, gdp: 186.4}
"""
PLAN_2025 = """\
  hightech_total: {name: 有效期内国家高新技术企业, unit: 家, kind: stock, targets: {2025: ">= 140"}}
  hightech_share: {name: 高新技术产业产值占比, unit: "%", kind: ratio, targets: {2025: "+1.5pp"}}
  invention_per10k: {name: 每万人口高价值发明专利拥有量, unit: 件, kind: stock, decimals: 2, targets: {2025: rank <= 3}}
  tech_contract_value: {name: 技术合同成交额, unit: 亿元, targets: {2025: "+20%"}}
  rd_intensity_2025: {name: 研发投入强度（2025）, unit: "%", kind: ratio, targets: {2025: "2.7..2.8"}}
"""


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    r = Repo(tmp_path_factory.mktemp("rollover") / "repo")
    r.write("targets.yaml", TARGETS)
    r.write("data/2024.yaml", SEPTEMBER)
    r.hashes = {"september": r.commit("1-9月")}
    r.write("data/2024.yaml", OCTOBER)
    r.hashes["october"] = r.commit("1-10月")
    r.write("data/2024.yaml", OCTOBER.replace("南湖镇: {hightech_new: 3}", "南湖镇: {hightech_new: 4}"))
    r.hashes["corrected"] = r.commit("南湖镇更正")
    kept = "\n".join(line for line in TARGETS.splitlines() if not line.startswith(PLAN_KEYS))
    r.write("targets.yaml", kept + "\n" + PLAN_2025)
    r.hashes["plan"] = r.commit("2025年目标")
    return r


PLAN_KEYS = ("  hightech_total:", "  hightech_share:", "  invention_per10k:", "  tech_contract_value:")


def run_in(repo, run_cli, monkeypatch, *args):
    monkeypatch.setattr(os, "environ", {**os.environ, "HOME": str(repo.path.parent / "home")})
    return run_cli(*args, "--root", str(repo.path), "--no-cache")


def test_a_roll_over_is_no_revision_of_a_formula(repo, run_cli, monkeypatch):
    out = run_in(repo, run_cli, monkeypatch, "history", "rd_intensity", "--year", "2024", "--month", "9", "-f", "plain")
    assert out.exit_code == 0, out
    rows = [row[:5] for row in cells(out.stdout, "plain")[1:]]
    assert rows == [["2023-01-01", repo.hashes["september"], "张三", "1-9月", "2.45%"]]  # 4.56 / 186.4 × 100
    assert "computed at each commit by its formula: rd_expenditure / gdp * 100" in out.stdout


def test_a_figure_summed_from_its_units_has_a_history(repo, run_cli, monkeypatch):
    out = run_in(repo, run_cli, monkeypatch, "history", "hightech_new", "--year", "2024", "-f", "plain")
    assert out.exit_code == 0, out
    rows = [row[:6] for row in cells(out.stdout, "plain")[1:]]
    assert rows == [
        ["2023-01-02", repo.hashes["october"], "张三", "1-10月", "8家"],  # 4 + 3 + 1
        ["2023-01-03", repo.hashes["corrected"], "张三", "南湖镇更正", "9家", "+1家 (+12.5%)"],  # 4 + 4 + 1; 1/8
    ]
    assert "summed at each commit from the units' figures; each unit's: sciplan units 2024 hightech_new" in out.stdout
    assert "no commit changed this figure" not in out.stdout
    september = run_in(repo, run_cli, monkeypatch, "history", "hightech_new", "--year", "2024", "--month", "9")
    assert [row[:5] for row in cells(september.stdout, "table")[1:]] == [
        ["2023-01-01", repo.hashes["september"], "张三", "1-9月", "6家"]  # 3 + 2 + 1; the roll-over is no row
    ]


def test_history_of_a_sum_in_chinese(repo, run_cli, monkeypatch):
    out = run_in(repo, run_cli, monkeypatch, "history", "新认定国家高新技术企业", "--year", "2024", "--lang", "zh")
    assert "各次提交时按各板块数字加总；各板块数字见：sciplan units 2024 hightech_new" in out.stdout


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            {
                "有效期内国家高新技术企业": "≥ 140",
                "高新技术产业产值占比": "提高1.5个百分点",
                "每万人口高价值发明专利拥有量": "前3位",
                "技术合同成交额": "增长20%",
                "研发投入强度（2025）": "≥ 2.7（力争2.8）",
            },
        ),
        (
            "en",
            {
                "有效期内国家高新技术企业": "≥ 140",
                "高新技术产业产值占比": "a rise of 1.5 pp",
                "每万人口高价值发明专利拥有量": "rank ≤ 3",
                "技术合同成交额": "growth 20%",
                "研发投入强度（2025）": "≥ 2.7 (力争 2.8)",
            },
        ),
    ],
)
def test_diff_writes_new_targets_in_words(repo, run_cli, monkeypatch, lang, expected):
    h = repo.hashes
    out = run_in(repo, run_cli, monkeypatch, "diff", h["corrected"], h["plan"], "-f", "plain", "--lang", lang)
    assert out.exit_code == 0, out
    rows = cells(out.stdout, "plain")[1:]
    assert {row[0]: row[4] for row in rows} == expected  # name, year, period, old (—), new
    assert all(row[3] == "—" for row in rows)
    csv = run_in(repo, run_cli, monkeypatch, "diff", h["corrected"], h["plan"], "-f", "csv", "--lang", lang)
    assert "+1.5pp" in csv.stdout and "rank <= 3" in csv.stdout  # the machine-readable columns keep the notation
