"""The repository root is a data root: the demo region 泰兴市, from the real figures in the seeds."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from conftest import REPO
from sciplan.app.loader import load_project


@pytest.fixture(scope="module")
def project():
    return load_project(REPO)


def test_demo_passes_check(run_cli):
    result = run_cli("check", "--root", str(REPO), "--strict")
    assert (result.exit_code, result.stderr) == (0, "")


def test_2020_figures_are_the_published_ones(project):
    """泰兴市科技局 2020年工作总结 (seed 001), as DOMAIN.md lists them."""
    published = {
        "hightech_new": "86",
        "hightech_total": "227",
        "tech_smes": "297",
        "hightech_pipeline_new": "71",
        "hightech_output": "550",
        "hightech_output_share": "46.8",
        "iur_events": "40",
        "iur_agreements": "101",
        "national_talents": "19",
        "incubator_projects": "15",
        "innovation_vouchers": "628.34",
        "tech_loans": "7840",
    }
    actuals = project.years[2020].actuals
    assert {k: actuals[k].value for k in published} == {k: Decimal(v) for k, v in published.items()}
    assert project.years[2019].actuals["rd_intensity"].value == Decimal("2.65")  # the 2019 figure


def test_2021_targets_are_the_plan_s(project):
    """2021年工作思路: 新增高企50家, 有效期内高企超260家, 培育库不少于150家, ..."""
    written = {
        i.id: i.targets[2021].target.text
        for i in project.catalogue.indicators.values()
        if 2021 in i.targets and i.targets[2021].source == "2021年工作思路"
    }
    assert written == {
        "hightech_new": "50",
        "hightech_total": "> 260",
        "hightech_pipeline": ">= 150",
        "incubator_projects": ">= 50",
        "rd_institutions": ">= 10",
        "talent_projects": "3..5",
        "iur_events": ">= 20",
        "iur_agreements": "60",
        "roadshows": ">= 24",
    }


def test_invented_values_say_so():
    """Anything not from a seed says so where it stands (DOMAIN.md)."""
    for year in (2018, 2021, 2022):
        assert "\nsource: illustrative\n" in (REPO / "data" / f"{year}.yaml").read_text(encoding="utf-8")
    for year, ident in ((2019, "hightech_total"), (2020, "tech_contract_value")):
        lines = (REPO / "data" / f"{year}.yaml").read_text(encoding="utf-8").splitlines()
        line = next(line for line in lines if line.strip().startswith(f"{ident}:"))
        assert "source: illustrative" in line


@pytest.mark.parametrize("year", [2021, 2022])
def test_each_demo_year_shows_every_kind_of_row(run_cli, year):
    doc = json.loads(run_cli("status", str(year), "--root", str(REPO), "-f", "json").stdout)
    statuses = {i["status"] for i in doc["indicators"]}
    assert {"met", "near", "short", "pending"} <= statuses


def test_2022_flags_the_rd_intensity_gap(run_cli):
    result = run_cli("status", "2022", "--root", str(REPO), "-f", "plain")
    assert "全社会研发经费投入强度: 2.58% (预计), 0.32 pp below the target" in result.stdout
