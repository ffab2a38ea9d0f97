"""The report reads what the commands computed, once (issue 18)."""

from __future__ import annotations

import pytest

import sciplan.api as sp
from conftest import build_root


@pytest.fixture
def root(tmp_path):
    return build_root(tmp_path / "root")


def test_the_report_evaluates_each_indicator_year_once(root, monkeypatch):
    """`report` reads the scorecard's results for its own year instead of computing them again for each
    trend (issue 18): every (indicator, year) is evaluated once while the facts are gathered."""
    from collections import Counter

    from sciplan.compute import status, trend
    from sciplan.report.facts import gather

    calls: Counter = Counter()
    real = status.evaluate_year

    def counted(project, indicator, year, unit=None):
        calls[(indicator.id, year, unit)] += 1
        return real(project, indicator, year, unit)

    monkeypatch.setattr(status, "evaluate_year", counted)
    monkeypatch.setattr(trend, "evaluate_year", counted)
    facts = gather(sp.load(root).project, 2021)
    assert facts.trends and calls[("firms", 2021, None)] == 1
    assert max(calls.values()) == 1, [key for key, n in calls.items() if n > 1]
