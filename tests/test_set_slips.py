"""Findings on `sciplan set` (figfix): a downward 10× slip is refused like the upward one, compared like with
like (1–N月 with last year's 1–N月, never its whole year); a count is a whole number."""

from __future__ import annotations

import pytest

from conftest import write_root

TARGETS = """\
region: 测试区
indicators:
  tech_contract_value: {name: 技术合同成交额, unit: 亿元}
  hightech_new: {name: 新认定国家高新技术企业, unit: 家}
"""
Y2023 = """\
year: 2023
final: true
actuals: {tech_contract_value: 14.5, hightech_new: 42}
months:
  6: {tech_contract_value: 5.0, hightech_new: 4}
"""
Y2024 = """\
year: 2024
final: false
as_of: 2024-06-30
actuals:
  tech_contract_value: 5.8
  hightech_new: 3
"""


@pytest.fixture
def root(tmp_path):
    return write_root(tmp_path / "root", TARGETS, {2023: Y2023, 2024: Y2024})


def test_wan_yuan_typed_into_a_yi_yuan_indicator_is_refused(root, run_cli):
    result = run_cli("set", "技术合同成交额", "5.8万元", "--year", "2024", "--root", str(root))
    assert result.exit_code == 1, result
    # 0.00058亿元 against last year's 1-6月 5.0亿元: 5.0 / 0.00058 = 8620.7
    assert "error[jump]: actuals.tech_contract_value: 0.00058亿元 is 1/8620.7 of last year's 5亿元" in result.stderr
    assert (root / "data" / "2024.yaml").read_text(encoding="utf-8") == Y2024


def test_a_back_loaded_flow_is_held_against_last_years_same_period(root, run_cli):
    # 3家 by June against last year's 4 by June (-25%), not its 42 for the whole year: no jump
    result = run_cli("check", "--root", str(root))
    assert result.exit_code == 0, result
    assert "jump" not in result.stderr, result.stderr


def test_february_is_not_held_against_last_years_whole_year(root, run_cli):
    (root / "data" / "2024.yaml").write_text(Y2024.replace("2024-06-30", "2024-02-29"), encoding="utf-8")
    result = run_cli("set", "tech_contract_value", "1.2", "--year", "2024", "--root", str(root))
    assert result.exit_code == 0, result
    assert "jump" not in result.stderr and "1/12.1" not in result.stderr, result.stderr


def test_a_fall_to_under_a_tenth_of_last_months_cumulative_is_refused(root, run_cli):
    text = Y2024.replace("2024-06-30", "2024-02-29") + "months:\n  1: {tech_contract_value: 0.5}\n"
    (root / "data" / "2024.yaml").write_text(text, encoding="utf-8")
    result = run_cli("set", "tech_contract_value", "4000元", "--year", "2024", "--root", str(root))
    assert result.exit_code == 1, result
    assert "error[month-slip]: actuals.tech_contract_value: 0.00004亿元 is less than the 0.5亿元" in result.stderr
    assert (root / "data" / "2024.yaml").read_text(encoding="utf-8") == text


def test_a_fractional_count_is_refused(root, run_cli):
    result = run_cli("set", "hightech_new", "12.5", "--year", "2024", "--root", str(root))
    assert result.exit_code == 1, result
    assert "新认定国家高新技术企业 is counted in 家: 12.5 is not a whole number" in result.stderr
    assert (root / "data" / "2024.yaml").read_text(encoding="utf-8") == Y2024
