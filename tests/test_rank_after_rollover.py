"""A rank target (保持全市前三) after the month roll-over (new-user trial 3): the 1–10月 import moved the
region's and the peers' 9月末 figures under `months: 9:` / `peers: months: 9:`, and `status 2024` said
`? 无法判断` (`前3位需要周边地区2024年数据`). Now the rank target is judged where the latest ranking is,
at 9月末, and says so. By hand: 每万人口高价值发明专利拥有量 at 2024年9月末, 清水县 7.05 among 兴和县 8.90,
安平县 7.30, 临川县 6.40: 8.90 > 7.30 > 7.05 > 6.40, third of four, within 前3位: met."""

from __future__ import annotations

import json

import pytest
from test_compare_months import TARGETS, Y2023, Y2024

from conftest import write_root


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("SCIPLAN_NO_CACHE", "1")
    return write_root(tmp_path / "root", TARGETS, {2023: Y2023, 2024: Y2024})


def test_status_ranks_at_the_latest_month_the_peers_report(run_cli, root):
    out = run_cli("status", "2024", "--root", str(root), "-f", "json")
    assert out.exit_code == 0, out
    row = next(i for i in json.loads(out.stdout)["indicators"] if i["id"] == "invention_per10k")
    assert (row["status"], row["actual"], row["period"]) == ("met", 7.05, "2024-09")
    assert row["rank"] == {"position": 3, "of": 4}
    assert row["pace"] is None


def test_the_table_says_which_month(run_cli, root):
    out = run_cli("status", "2024", "--root", str(root), "-f", "plain", "--lang", "zh")
    assert out.exit_code == 0, out
    assert "无法判断" not in out.stdout and "需要周边地区" not in out.stdout
    line = next(x for x in out.stdout.splitlines() if x.startswith("每万人口"))
    assert line.split()[-3:] == ["3/4", "✓", "完成"] and "7.05" in line
    note = "每万人口高价值发明专利拥有量：完成数和位次为2024年9月末数据（周边地区最近报送的月份，peers: months:）"
    assert note in out.stdout
    en = run_cli("status", "2024", "--root", str(root), "-f", "plain")
    assert (
        "每万人口高价值发明专利拥有量: figure and rank at 2024年9月末, the latest month the peer regions report "
        "(peers: months:)" in en.stdout
    )


def test_a_rank_worse_than_the_target_is_short(run_cli, root):
    """安平县 at 7.00 instead of 7.30 changes nothing (7.05 > 7.00); 临川县 at 7.10 does: 8.90 > 7.30 > 7.10
    > 7.05, fourth of four, outside 前3位."""
    data = root / "data" / "2024.yaml"
    data.write_text(Y2024.replace("6.40", "7.10"), encoding="utf-8")
    out = run_cli("status", "2024", "--root", str(root), "-f", "json")
    row = next(i for i in json.loads(out.stdout)["indicators"] if i["id"] == "invention_per10k")
    assert (row["status"], row["rank"]) == ("short", {"position": 4, "of": 4})


def test_without_the_regions_own_figure_that_month_it_stays_unknown(run_cli, root):
    """Peers at 9月末 but the region's 9月末 figure missing: no ranking to take, still 无法判断."""
    data = root / "data" / "2024.yaml"
    data.write_text(Y2024.replace("invention_per10k: 7.05, ", ""), encoding="utf-8")
    out = run_cli("status", "2024", "--root", str(root), "-f", "json")
    row = next(i for i in json.loads(out.stdout)["indicators"] if i["id"] == "invention_per10k")
    assert row["status"] == "unknown" and row["rank"] is None


def test_the_report_dates_the_sentence_to_that_month(run_cli, root, tmp_path):
    out_dir = tmp_path / "rep"
    done = run_cli("report", "2024", "--out", str(out_dir), "--root", str(root), "--lang", "zh", "--only", "md")
    assert done.exit_code == 0, done
    md = next(out_dir.glob("*.md")).read_text(encoding="utf-8")
    assert "| 每万人口高价值发明专利拥有量 | 件 | 2024年9月末 | 前3位 | 7.05 |" in md
    # 7.05 / 6.2 − 1 = 13.7%, against the stock at the end of 2023
    assert (
        "2024年9月末，每万人口高价值发明专利拥有量达7.05件，在4个地区中列第3位，目标为前3位，比上年末增长13.7%。"
        in (md)
    )
