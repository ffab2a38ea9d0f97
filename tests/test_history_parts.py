"""`sciplan history` of a total made of `parts:` (attacker trial 3): it said "no commit changed this figure"
while commits changed its parts. The total is summed at each commit as status sums it, nested parts too.

The figures, by hand (新增企业 = 工业企业 + 服务业企业, 工业企业 = 城区 + 园区):
  commit 1: 城区 3, 园区 4, 服务业 5 → 工业 3 + 4 = 7, total 7 + 5 = 12
  commit 2: 园区 4 → 6               → 工业 3 + 6 = 9, total 9 + 5 = 14 (+2, 2/12 = +16.7%)
  commit 3: 服务业 5 → 8             → 工业 9,         total 9 + 8 = 17 (+3, 3/14 = +21.4%)
  commit 4: a note on 城区 only      → the sums are the same: no row (as a roll-over is none)
"""

from __future__ import annotations

import os

import pytest
from gitrepo import Repo
from test_revisions import cells

TARGETS = """\
region: 清水县
indicators:
  firms_new: {name: 新增企业, unit: 家, parts: [firms_industry, firms_services]}
  firms_industry: {name: 工业企业, unit: 家, parts: [firms_town, firms_park]}
  firms_town: {name: 城区企业, unit: 家}
  firms_park: {name: 园区企业, unit: 家}
  firms_services: {name: 服务业企业, unit: 家}
"""


def year(town: str, park: int, services: int) -> str:
    return (
        f"year: 2024\nas_of: 2024-09-30\nactuals:\n  firms_town: {town}\n  firms_park: {park}\n"
        f"  firms_services: {services}\n"
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    r = Repo(tmp_path_factory.mktemp("parts") / "repo")
    r.write("targets.yaml", TARGETS)
    r.write("data/2024.yaml", year("3", 4, 5))
    r.hashes = {"first": r.commit("1-9月")}
    r.write("data/2024.yaml", year("3", 6, 5))
    r.hashes["park"] = r.commit("园区更正")
    r.write("data/2024.yaml", year("3", 6, 8))
    r.hashes["services"] = r.commit("服务业更正")
    r.write("data/2024.yaml", year("{value: 3, note: 核实}", 6, 8))
    r.hashes["note"] = r.commit("城区注明")
    return r


def run_in(repo, run_cli, monkeypatch, *args):
    monkeypatch.setattr(os, "environ", {**os.environ, "HOME": str(repo.path.parent / "home")})
    return run_cli(*args, "--root", str(repo.path), "--no-cache")


def test_a_total_of_parts_has_the_history_of_its_sums(repo, run_cli, monkeypatch):
    out = run_in(repo, run_cli, monkeypatch, "history", "firms_new", "--year", "2024", "-f", "plain")
    assert out.exit_code == 0, out
    rows = [row[:7] for row in cells(out.stdout, "plain")[1:]]
    h = repo.hashes
    assert rows == [
        ["2023-01-01", h["first"], "张三", "1-9月", "12家"],
        ["2023-01-02", h["park"], "张三", "园区更正", "14家", "+2家 (+16.7%)"],
        ["2023-01-03", h["services"], "张三", "服务业更正", "17家", "+3家 (+21.4%)"],
    ], out.stdout
    assert "no commit changed this figure" not in out.stdout
    assert "computed at each commit as the sum of its parts: 工业企业 + 服务业企业" in out.stdout
    assert "Total revision: 12家 → 17家: +5家 (+41.7%)" in out.stdout  # 5 / 12 = 41.66…%


def test_a_nested_part_has_its_own_history(repo, run_cli, monkeypatch):
    out = run_in(repo, run_cli, monkeypatch, "history", "firms_industry", "--year", "2024", "-f", "plain")
    rows = [row[:6] for row in cells(out.stdout, "plain")[1:]]
    h = repo.hashes
    assert rows == [
        ["2023-01-01", h["first"], "张三", "1-9月", "7家"],
        ["2023-01-02", h["park"], "张三", "园区更正", "9家", "+2家 (+28.6%)"],  # 2 / 7 = 28.57…%
    ], out.stdout


def test_history_of_a_parts_total_in_chinese(repo, run_cli, monkeypatch):
    out = run_in(repo, run_cli, monkeypatch, "history", "新增企业", "--year", "2024", "--lang", "zh", "-f", "plain")
    assert "各次提交时按各分项加总：工业企业 + 服务业企业" in out.stdout, out.stdout


def test_a_missing_part_makes_no_sum(tmp_path, run_cli, monkeypatch):
    """服务业 not reported at the second commit: the total is missing there (—), never 7 + 0 = 7; the
    园区 correction while it is missing makes no row; with 服务业 8 back: 9 + 8 = 17, +5 on 12 (+41.7%)."""
    r = Repo(tmp_path / "repo")
    r.write("targets.yaml", TARGETS)
    r.write("data/2024.yaml", year("3", 4, 5))
    first = r.commit("1-9月")
    r.write("data/2024.yaml", year("3", 4, 5).replace("  firms_services: 5\n", ""))
    missing = r.commit("服务业未报")
    r.write("data/2024.yaml", year("3", 6, 5).replace("  firms_services: 5\n", ""))
    r.commit("园区更正")
    r.write("data/2024.yaml", year("3", 6, 8))
    back = r.commit("服务业补报")
    out = run_in(r, run_cli, monkeypatch, "history", "firms_new", "--year", "2024", "-f", "plain")
    assert [row[:6] for row in cells(out.stdout, "plain")[1:]] == [
        ["2023-01-01", first, "张三", "1-9月", "12家"],
        ["2023-01-02", missing, "张三", "服务业未报", "—"],
        ["2023-01-04", back, "张三", "服务业补报", "17家", "+5家 (+41.7%)"],
    ], out.stdout
