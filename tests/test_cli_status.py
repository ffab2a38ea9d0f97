"""`sciplan status` on tests/cases/base, in every format, against exact expected text.

Hand-checked figures (2021 vs 2020):
  新增高企      86 vs ≥ 50: 172.0 %, +36, YoY 86/71 − 1 = +21.1 %             met
  研发投入强度  2.65 % vs ≥ 2.8 %: 2.65/2.8 = 94.6 %, −0.15 pp, +0.05 pp     near
  科技贷款      1.1亿元 = 11000万元 vs 10000 × 1.15 = 11500: 95.7 %, −500  near
  单位GDP能耗   0.60 vs ≤ 0.50 (lower is better): 0.5/0.6 = 83.3 %, +0.10 over  short (吨标准煤: 2 decimals)
  引进人才      12, no target, YoY 12/10 − 1 = +20.0 %                        untargeted
"""

# ruff: noqa: E501 - the expected outputs below are whole lines as printed, some over 120 columns

from __future__ import annotations

import json

import pytest

from conftest import BASE

TABLE = """\
测试区 · 2021 scorecard (final)
┏━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━┳━━━━━━━━━┳━━━━━━━━━━━━━━┓
┃ Indicator    ┃ Unit     ┃ Target         ┃ Actual ┃ Attainment ┃     Gap ┃     YoY ┃ Status       ┃
┡━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━━━━━━┩
│ 新增高企     │ 家       │ ≥ 50           │     86 │     172.0% │     +36 │  +21.1% │ ✓ met        │
│ 研发投入强度 │ %        │ ≥ 2.80         │   2.65 │      94.6% │ -0.15pp │ +0.05pp │ ~ near       │
│ 科技贷款     │ 万元     │ +15% → ≥ 11500 │  11000 │      95.7% │    -500 │  +10.0% │ ~ near       │
│ 单位GDP能耗  │ 吨标准煤 │ ≤ 0.50         │   0.60 │      83.3% │   +0.10 │  +15.4% │ ✗ short      │
│ 引进人才     │ 名       │ —              │     12 │          — │       — │  +20.0% │ · untargeted │
└──────────────┴──────────┴────────────────┴────────┴────────────┴─────────┴─────────┴──────────────┘
Shortfalls
  ~ 研发投入强度: 2.65%, 0.15 pp below the target
  ~ 科技贷款: 11000万元 vs ≥ 11500万元 (+15%) — 500万元 short (95.7%); growth 10.0% against a target of 15%, 5.0 pp below
  ✗ 单位GDP能耗: 0.60吨标准煤 vs ≤ 0.50吨标准煤 — 0.10吨标准煤 over (83.3%)
5 indicators: 1 met · 2 near · 1 short · 1 untargeted
"""

MARKDOWN = """\
## 测试区 · 2021 scorecard (final)

| Indicator    | Unit     | Target         |   Actual |   Attainment |     Gap |     YoY | Status       |
|:-------------|:---------|:---------------|---------:|-------------:|--------:|--------:|:-------------|
| 新增高企     | 家       | ≥ 50           |       86 |       172.0% |     +36 |  +21.1% | ✓ met        |
| 研发投入强度 | %        | ≥ 2.80         |     2.65 |        94.6% | -0.15pp | +0.05pp | ~ near       |
| 科技贷款     | 万元     | +15% → ≥ 11500 |    11000 |        95.7% |    -500 |  +10.0% | ~ near       |
| 单位GDP能耗  | 吨标准煤 | ≤ 0.50         |     0.60 |        83.3% |   +0.10 |  +15.4% | ✗ short      |
| 引进人才     | 名       | —              |       12 |            — |       — |  +20.0% | · untargeted |

**Shortfalls**

- ~ 研发投入强度: 2.65%, 0.15 pp below the target
- ~ 科技贷款: 11000万元 vs ≥ 11500万元 (+15%) — 500万元 short (95.7%); growth 10.0% against a target of 15%, 5.0 pp below
- ✗ 单位GDP能耗: 0.60吨标准煤 vs ≤ 0.50吨标准煤 — 0.10吨标准煤 over (83.3%)

5 indicators: 1 met · 2 near · 1 short · 1 untargeted
"""

PLAIN = """\
测试区 · 2021 scorecard (final)

Indicator     Unit      Target            Actual    Attainment      Gap      YoY  Status
------------  --------  --------------  --------  ------------  -------  -------  ------------
新增高企      家        ≥ 50                  86        172.0%      +36   +21.1%  ✓ met
研发投入强度  %         ≥ 2.80              2.65         94.6%  -0.15pp  +0.05pp  ~ near
科技贷款      万元      +15% → ≥ 11500     11000         95.7%     -500   +10.0%  ~ near
单位GDP能耗   吨标准煤  ≤ 0.50              0.60         83.3%    +0.10   +15.4%  ✗ short
引进人才      名        —                     12             —        —   +20.0%  · untargeted

Shortfalls
  ~ 研发投入强度: 2.65%, 0.15 pp below the target
  ~ 科技贷款: 11000万元 vs ≥ 11500万元 (+15%) — 500万元 short (95.7%); growth 10.0% against a target of 15%, 5.0 pp below
  ✗ 单位GDP能耗: 0.60吨标准煤 vs ≤ 0.50吨标准煤 — 0.10吨标准煤 over (83.3%)
5 indicators: 1 met · 2 near · 1 short · 1 untargeted
"""

# Keys are the paths of the values in the JSON rows (target.text is target["text"]); every cell is
# exactly the JSON value: attainment and YoY are rates, written with a decimal point; a quotient that
# never ends has 15 significant digits, rounded half away from zero (issue 17; no float's last digit):
#   86/71 − 1 = 21.126760563380281…% → 21.1267605633803     2.65/2.8 = 94.642857142857142…% → 94.6428571428571
#   11000/11500 = 95.652173913043478…% → 95.6521739130435   0.5/0.6 = 83.333…% → 83.3333333333333
#   0.6/0.52 − 1 = 2/13 = 15.384615384615384…% → 15.3846153846154
CSV = (
    "name,id,unit,target.text,target.value,actual,approximate,estimated,stage,derived,attainment,gap,yoy,yoy_unit,"
    "status,stretch_met\r\n"
    "新增高企,firms,家,>= 50,50,86,false,false,,false,172.0,36,21.1267605633803,%,met,\r\n"
    "研发投入强度,rd,%,>= 2.8,2.8,2.65,false,false,,false,94.6428571428571,-0.15,0.05,pp,near,\r\n"
    "科技贷款,loans,万元,'+15%,11500,11000,false,false,,false,95.6521739130435,-500,10.0,%,near,\r\n"
    "单位GDP能耗,energy,吨标准煤,<= 0.5,0.5,0.6,false,false,,false,83.3333333333333,0.1,15.3846153846154,%,"
    "short,\r\n"
    "引进人才,talents,名,,,12,false,false,,false,,,20.0,%,untargeted,\r\n"
)


def test_table(run_cli):
    result = run_cli("status", "2021", "--root", str(BASE))
    assert result.exit_code == 0, result
    assert "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n" == TABLE
    assert result.stderr == ""


@pytest.mark.parametrize(("fmt", "expected"), [("markdown", MARKDOWN), ("plain", PLAIN), ("csv", CSV)])
def test_text_formats(run_cli, fmt, expected):
    result = run_cli("status", "2021", "--root", str(BASE), "--format", fmt)
    assert result.exit_code == 0, result
    assert result.stdout_bytes.decode("utf-8") == expected


def test_csv_bom_for_excel(run_cli):
    result = run_cli("status", "2021", "--root", str(BASE), "--format", "csv", "--bom")
    assert result.stdout_bytes == b"\xef\xbb\xbf" + CSV.encode("utf-8")


def test_bom_only_with_csv(run_cli):
    result = run_cli("status", "2021", "--root", str(BASE), "--bom")
    assert result.exit_code == 2
    assert "--bom applies to --format csv only" in result.stderr


def test_json_has_the_spec_shape(run_cli):
    result = run_cli("status", "2021", "--root", str(BASE), "--format", "json")
    assert result.exit_code == 0, result
    doc = json.loads(result.stdout)
    assert list(doc) == ["region", "year", "final", "as_of", "indicators", "summary", "milestones"]
    assert doc["milestones"] == []
    assert (doc["region"], doc["year"], doc["final"], doc["as_of"]) == ("测试区", 2021, True, None)
    assert doc["summary"] == {
        "met": 1,
        "near": 2,
        "short": 1,
        "pending": 0,
        "missing": 0,
        "unknown": 0,
        "untargeted": 1,
    }
    firms, rd, loans, energy, talents = doc["indicators"]
    spec_keys = [
        "id",
        "name",
        "unit",
        "kind",
        "direction",
        "target",
        "actual",
        "approximate",
        "previous",
        "attainment",
        "gap",
        "yoy",
        "yoy_unit",
        "status",
    ]
    assert list(firms)[: len(spec_keys)] == spec_keys
    assert {k: firms[k] for k in spec_keys} == {
        "id": "firms",
        "name": "新增高企",
        "unit": "家",
        "kind": "flow",
        "direction": "up",
        "target": {"text": ">= 50", "op": ">=", "value": 50, "stretch": None},
        "actual": 86,
        "approximate": False,
        "previous": 71,
        "attainment": 172.0,
        "gap": 36,
        "yoy": 21.1267605633803,  # 1500 / 71 = 21.126760563380281…: 15 significant digits
        "yoy_unit": "%",
        "status": "met",
    }
    assert (rd["actual"], rd["gap"], rd["yoy"], rd["yoy_unit"]) == (2.65, -0.15, 0.05, "pp")
    assert rd["attainment"] == 94.6428571428571  # 2.65 / 2.8 × 100 = 94.642857142857142…
    assert loans["target"] == {"text": "+15%", "op": ">=", "value": 11500, "stretch": None}
    assert (loans["actual"], loans["previous"], loans["gap"], loans["yoy"]) == (11000, 10000, -500, 10.0)
    assert energy["target"]["op"] == "<=" and energy["attainment"] == 83.3333333333333 and energy["gap"] == 0.1
    assert talents["target"] is None and talents["attainment"] is None and talents["yoy"] == 20.0


def test_sort_status_puts_problems_first(run_cli):
    result = run_cli("status", "2021", "--root", str(BASE), "--format", "json", "--sort", "status")
    ids = [i["id"] for i in json.loads(result.stdout)["indicators"]]
    assert ids == ["energy", "rd", "loans", "firms", "talents"]


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [("short", 1), ("near", 1), ("missing", 0), ("missing,pending", 0), ("short,near,missing", 1)],
)
def test_fail_on(run_cli, fail_on, code):
    result = run_cli("status", "2021", "--root", str(BASE), "--fail-on", fail_on)
    assert result.exit_code == code, result
    if code:
        assert result.stderr.startswith("sciplan: error: ")
        assert f"(--fail-on {fail_on})" in result.stderr


def test_fail_on_unknown_status_is_a_usage_error(run_cli):
    result = run_cli("status", "2021", "--root", str(BASE), "--fail-on", "bad")
    assert result.exit_code == 2
    assert "unknown status bad" in result.stderr


@pytest.mark.parametrize("empty", ["", " , "])
def test_fail_on_nothing_is_a_usage_error_not_a_gate_that_always_passes(run_cli, empty):
    result = run_cli("status", "2021", "--root", str(BASE), "--fail-on", empty)
    assert result.exit_code == 2
    assert "name at least one status" in result.stderr


def test_year_with_targets_but_no_data_is_all_pending(base_root, run_cli):
    (base_root / "data" / "2021.yaml").unlink()
    result = run_cli("status", "2021", "--root", str(base_root), "--format", "json")
    statuses = [i["status"] for i in json.loads(result.stdout)["indicators"]]
    assert statuses == ["pending", "pending", "pending", "pending", "untargeted"]


def test_year_with_neither_is_an_error(run_cli):
    result = run_cli("status", "2030", "--root", str(BASE))
    assert result.exit_code == 1
    assert result.stderr == (
        "sciplan: error: 2030: no targets and no data/2030.yaml; years with targets or data: 2020–2021\n"
    )


def test_bad_year_argument_is_a_usage_error(run_cli):
    assert run_cli("status", "twenty", "--root", str(BASE)).exit_code == 2
    assert run_cli("status", "12", "--root", str(BASE)).exit_code == 2


def test_root_from_environment_and_discovery(run_cli, monkeypatch, tmp_path):
    monkeypatch.setenv("SCIPLAN_ROOT", str(BASE))
    assert run_cli("status", "2021", "--format", "csv").stdout_bytes == CSV.encode()
    monkeypatch.delenv("SCIPLAN_ROOT")
    monkeypatch.chdir(BASE / "data")  # found upwards, like git finds .git
    assert run_cli("status", "2021", "--format", "csv").stdout_bytes == CSV.encode()
    monkeypatch.chdir(tmp_path)
    result = run_cli("status", "2021")
    assert result.exit_code == 1
    assert result.stderr.startswith("sciplan: error: no targets.yaml in ")


def test_missing_root_folder(run_cli, tmp_path):
    result = run_cli("status", "2021", "--root", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert result.stderr == f"sciplan: error: {tmp_path / 'nope'}: no such folder\n"


def test_open_year_with_estimate_and_approximate(base_root, run_cli):
    (base_root / "data" / "2021.yaml").write_text(
        "year: 2021\nas_of: 2021-09-30\nactuals:\n  firms: 近50\n  rd: {value: 2.7, estimated: true}\n",
        encoding="utf-8",
    )
    result = run_cli("status", "2021", "--root", str(base_root), "--format", "plain")
    assert result.exit_code == 0, result
    assert "测试区 · 2021 scorecard (open, as of 2021-09-30, 75.0% of the year)" in result.stdout
    assert "近50" in result.stdout and "2.70*" in result.stdout  # the word the file used; % with two decimals
    assert "* estimated (预计数), to be revised" in result.stdout
    assert "研发投入强度: 2.70% (预计), 0.10 pp below the target" in result.stdout
    doc = json.loads(run_cli("status", "2021", "--root", str(base_root), "-f", "json").stdout)
    firms, rd = doc["indicators"][:2]
    assert firms["approximate"] is True and firms["status"] == "near"  # 近50 is under 50: not >= 50 (issue 23)
    assert rd["estimated"] is True and rd["status"] == "near"
    assert doc["as_of"] == "2021-09-30" and doc["final"] is False


def test_indicators_command(run_cli):
    result = run_cli("indicators", "--root", str(BASE), "--format", "csv")
    assert result.stdout_bytes.decode() == (
        "id,name,unit,kind,direction,targets.2021.text\r\n"
        "firms,新增高企,家,flow,up,>= 50\r\n"
        "rd,研发投入强度,%,ratio,up,>= 2.8\r\n"
        "loans,科技贷款,万元,flow,up,'+15%\r\n"
        "energy,单位GDP能耗,吨标准煤,ratio,down,<= 0.5\r\n"
        "talents,引进人才,名,flow,up,\r\n"
    )
    doc = json.loads(run_cli("indicators", "--root", str(BASE), "--format", "json").stdout)
    assert doc["indicators"][2]["targets"] == {"2021": {"text": "+15%", "source": None}}
