"""Findings on the month roll-over of `sciplan set`/`import` (figfix): the user's comments travel with the
figures they were written on, and what the new month leaves unreported or stale is said."""

from __future__ import annotations

import pytest

from conftest import write_root

TARGETS = """\
region: 测试区
indicators:
  tech_contract_value: {name: 技术合同成交额, unit: 亿元}
  hightech_new: {name: 新认定国家高新技术企业, unit: 家}
"""
Y2025 = """\
year: 2025
final: false
as_of: 2025-03-31
source: 一季度统计快报
actuals:
  tech_contract_value: 2.1   # 含技术开发合同0.8亿元，快报
  hightech_new: 0            # 高企认定在四季度
"""
# written out by hand: each comment on the Q1 figure it was written on, now under months: 3; the 1-6月
# figure without the Q1 comment
EXPECTED = """\
year: 2025
final: false
as_of: 2025-06-30
source: 一季度统计快报
actuals:
  tech_contract_value: 4.4
months:
  3:
    tech_contract_value: 2.1  # 含技术开发合同0.8亿元，快报
    hightech_new: 0  # 高企认定在四季度
"""


@pytest.fixture
def root(tmp_path):
    return write_root(tmp_path / "root", TARGETS, {2025: Y2025})


def test_comments_move_with_their_figures_under_months(root, run_cli):
    result = run_cli("set", "tech_contract_value", "4.4", "--year", "2025", "--month", "6", "--root", str(root))
    assert result.exit_code == 0, result
    assert (root / "data" / "2025.yaml").read_text(encoding="utf-8") == EXPECTED


def test_the_roll_over_names_what_is_now_unreported_and_the_stale_source(root, run_cli):
    result = run_cli("set", "tech_contract_value", "4.4", "--year", "2025", "--month", "6", "--root", str(root))
    assert result.exit_code == 0, result
    assert (
        "not in the new figures, so not reported as of 2025-06-30 (their 2025-03-31 figures are under months: 3): "
        "新认定国家高新技术企业"
    ) in result.stdout
    assert "source: '一季度统计快报' was said of the figures as of 2025-03-31" in result.stdout
