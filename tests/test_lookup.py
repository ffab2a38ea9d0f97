"""Indicators found by id or by name (issue 12): `sciplan trend 有效期内国家高新技术企业`."""

from __future__ import annotations

import json

import pytest

from conftest import REPO


@pytest.mark.parametrize(
    ("written", "ident"),
    [
        ("hightech_total", "hightech_total"),  # the id
        ("有效期内国家高新技术企业", "hightech_total"),  # the exact name
        ("有效期内", "hightech_total"),  # a unique part of a name
        ("发明专利", "invention_grants"),
        ("专利授权量", "patent_grants"),  # an exact name wins over the names that contain it
    ],
)
def test_trend_finds_an_indicator_by_id_or_name(run_cli, written, ident):
    result = run_cli("trend", written, "--root", str(REPO), "-f", "json")
    assert result.exit_code == 0, result
    assert json.loads(result.stdout)["id"] == ident


def test_several_matches_list_their_names(run_cli):
    result = run_cli("trend", "高新技术企业", "--root", str(REPO))
    assert result.exit_code == 2
    text = " ".join(result.stderr.replace("│", " ").split())
    assert (
        "'高新技术企业' matches 2 indicators: hightech_new (新认定国家高新技术企业), "
        "hightech_total (有效期内国家高新技术企业); give the id"
    ) in text


def test_no_match_suggests_the_nearest(run_cli):
    result = run_cli("trend", "hightech_totl", "--root", str(REPO))
    assert result.exit_code == 2
    assert "did you mean 'hightech_total'?" in " ".join(result.stderr.replace("│", " ").split())
