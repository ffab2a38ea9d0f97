"""The HTML page's charts print their figures as the tables do (documents trial 4: a tooltip showed
`完成 2.58016405667412%` beside the table's 2.58%): the chart data carry each figure's text in the
report's digits, the exact numbers stay for the axes, and the page's script shows the texts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import REPO
from sciplan.core.i18n import language, set_language

SCRIPT = Path(__file__).parents[1] / "sciplan" / "report" / "page.js"


@pytest.fixture(autouse=True)
def _keep_language():
    before = language()
    yield
    set_language(before)


def _data(run_cli, out: Path, year: str) -> dict:
    result = run_cli("report", year, "--root", str(REPO), "--out", str(out), "--lang", "zh", "--only", "html")
    assert result.exit_code == 0, result.output
    (page,) = out.glob("*.html")
    m = re.search(r'<script type="application/json" id="sciplan-data">(.*?)</script>', page.read_text("utf-8"), re.S)
    assert m is not None
    return json.loads(m.group(1))


def test_chart_figures_carry_the_tables_digits(run_cli, tmp_path):
    data = _data(run_cli, tmp_path, "2022")
    rd = next(t for t in data["trends"] if t["name"] == "全社会研发经费投入强度")
    # by hand: 2022 (at 30 September) R&D 34.6 ÷ GDP 1341 × 100 = 2.58016…% → 2.58%; the target ≥ 2.9 → 2.90%
    assert rd["actual"][-1] != 2.58 and rd["actual_text"][-1] == "2.58%"
    assert rd["target_text"][-1] == "2.90%"
    # 新认定国家高新技术企业 9 of 50 = 18.0%, its profile expects 15.0% by September
    pace = next(p for p in data["pace"] if p["name"] == "新认定国家高新技术企业")
    assert (pace["completion_text"], pace["expected_text"]) == ("18.0%", "15.0%")
    # attainment 2.58016… ÷ 2.9 = 88.97% → 89.0%, as table 1 prints it
    bar = next(a for a in data["attainment"] if a["name"] == "全社会研发经费投入强度")
    assert bar["text"] == "89.0%"


def test_peer_bars_carry_their_texts(run_cli, tmp_path):
    data = _data(run_cli, tmp_path, "2021")
    peer = next(p for p in data["peers"] if p["name"] == "有效期内国家高新技术企业")
    assert dict(zip(peer["regions"], peer["texts"], strict=True))["泰兴市"] == "258"


def test_the_script_shows_the_texts_not_raw_numbers():
    script = SCRIPT.read_text(encoding="utf-8")
    assert "t.actual_text[j]" in script and "t.target_text[j]" in script
    assert "v + t.unit" not in script and "t.target[j] + t.unit" not in script
