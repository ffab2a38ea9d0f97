"""A long chain of formulas in a real root costs each command time linear in its depth (issue 17).

The attacker's root: the demo with `deep0 … deep2999`, each `formula: deep{i+1} + 1`, and `deep3000`
reported. Its 2022 is open as of 30 September, so each indicator's 同比 base is its 2021 figure at the
end of September: a view of 2021 made anew for every indicator computed the whole chain again in each
(status -f json: 3.2 s at depth 300, 265 s at 3,000)."""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from fractions import Fraction
from pathlib import Path

from conftest import REPO
from sciplan.core.formula import Formula

DEPTH = 3000


def demo_with_chain(dest: Path, depth: int) -> Path:
    """The demo root with the chain added at the end of its indicators, deep{depth} = 1 in the 2022
    actuals and in 2021's 1–9月 (so that the September view of 2021 has values to compute too)."""
    dest.mkdir(parents=True)
    shutil.copytree(REPO / "data", dest / "data")
    targets = (REPO / "targets.yaml").read_text(encoding="utf-8")
    chain = (
        "".join(f"  deep{i}:\n    name: 深度{i}\n    unit: 亿元\n    formula: deep{i + 1} + 1\n" for i in range(depth))
        + f"  deep{depth}:\n    name: 深度{depth}\n    unit: 亿元\n"
    )
    at = targets.index("\nplans:")
    (dest / "targets.yaml").write_text(targets[:at].rstrip("\n") + "\n" + chain + targets[at:], encoding="utf-8")
    for year, anchor, line in ((2022, "\nactuals:\n", f"  deep{depth}: 1\n"), (2021, "\n  9: {", f"deep{depth}: 1, ")):
        path = dest / "data" / f"{year}.yaml"
        text = path.read_text(encoding="utf-8")
        assert anchor in text, anchor
        path.write_text(text.replace(anchor, anchor + line, 1), encoding="utf-8")
    return dest


def test_a_3000_deep_chain_through_status_json_and_report(tmp_path, run_cli):
    root = demo_with_chain(tmp_path / "root", DEPTH)
    start = time.process_time()  # CPU time: on a shared machine, wall time is the neighbours' load
    result = run_cli("status", "2022", "-f", "json", "--root", str(root), "--no-cache")
    took = time.process_time() - start
    assert result.exit_code == 0, result
    # measured 0.8 s for the command (54 s before: a view of 2021 per indicator, each computing the chain)
    assert took < 8, took
    rows = {row["id"]: row for row in json.loads(result.stdout)["indicators"]}
    # deep0 = deep3000 + 3000 = 1 + 3000 = 3001; its 2021 1–9月 base is the same chain: 3001, 同比 0
    assert Fraction(rows["deep0"]["actual"]) == 3001
    assert Fraction(rows["deep0"]["previous"]) == 3001
    assert Fraction(rows["deep2999"]["actual"]) == 2

    start = time.process_time()
    result = run_cli("report", "2022", "--root", str(root), "--out", str(tmp_path / "out"), "--no-cache")
    took = time.process_time() - start
    assert result.exit_code == 0, result
    assert took < 10, took  # measured about 1.1 s
    assert "Traceback" not in result.stderr


def test_each_formula_is_evaluated_once_per_table(tmp_path, run_cli, monkeypatch):
    """Counted, not timed: in `status 2022` each formula of a 300-deep chain is evaluated twice, once
    for 2022 (as of 30 September) and once for 2021's 1–9月 (its base); the other years lack deep300.
    (A view of 2021 made anew for each indicator evaluated the deepest formula, deep300 + 1, 301 times:
    once for 2022, and once in the view of each of deep0 … deep299, whose closures all hold it.)"""
    root = demo_with_chain(tmp_path / "root", 300)
    counts: Counter[str] = Counter()
    real = Formula.evaluate

    def counted(self, lookup):
        counts[self.text] += 1
        return real(self, lookup)

    monkeypatch.setattr(Formula, "evaluate", counted)
    for args in (("status", "2022", "-f", "json"), ("status", "2022"), ("trend", "deep0")):
        counts.clear()
        result = run_cli(*args, "--root", str(root), "--no-cache")
        assert result.exit_code == 0, (args, result)
        chain = {text: n for text, n in counts.items() if text.startswith("deep")}
        assert len(chain) == 300, args
        assert max(chain.values()) == 2, (args, counts.most_common(3))


def test_a_units_table_looks_each_result_up_once():
    """`units` and the report's units section look up every (unit, indicator): a search through the
    unit's card for each was quadratic in the indicators (20,000 × 2 units: 4·10⁸ comparisons, minutes)."""
    from types import SimpleNamespace

    from sciplan.compute.units import UnitsView

    n = 20_000
    ids = [f"i{k}" for k in range(n)]

    def card():
        return SimpleNamespace(results=[SimpleNamespace(indicator=SimpleNamespace(id=i)) for i in ids])

    view = UnitsView(2022, [], {"甲镇": card(), "乙镇": card()}, card())  # type: ignore[arg-type]
    start = time.process_time()
    found = [view.cell(unit, i) for i in ids for unit in ("甲镇", "乙镇")] + [view.total(i) for i in ids]
    took = time.process_time() - start
    assert [r.indicator.id for r in found[:4]] == ["i0", "i0", "i1", "i1"]
    assert found[-1] is view.region.results[-1]
    assert took < 2, took  # measured about 0.05 s


def test_units_rank_by_attainment_finds_each_result_once(monkeypatch):
    """units_view ranks each indicator's units by 完成率: it searched each unit's card for the
    indicator (and again for its position), quadratic in the indicators (10,000: about 10 s)."""
    from types import SimpleNamespace
    from typing import NamedTuple

    from sciplan.compute import units as units_module

    class Fake(NamedTuple):
        indicator: SimpleNamespace
        target: SimpleNamespace | None
        actual: Fraction
        attainment: Fraction | None
        rank: object = None

    n = 10_000
    inds = [SimpleNamespace(id=f"i{k}") for k in range(n)]
    split = SimpleNamespace(kind="at_least")  # every unit has its share: ranked by 完成率

    def card(project, year, unit=None):
        # 甲镇 attains 50 %, 乙镇 80 %, of every even indicator; odd ones have no target
        done = Fraction({"甲镇": 50, "乙镇": 80}.get(unit or "", 100))
        return SimpleNamespace(
            results=[Fake(i, split if k % 2 == 0 else None, Fraction(1), done) for k, i in enumerate(inds)]
        )

    monkeypatch.setattr(units_module, "scorecard", card)
    monkeypatch.setattr(units_module, "roll_call", lambda project, year: {})
    project = SimpleNamespace(catalogue=SimpleNamespace(units=("甲镇", "乙镇"), indicators={i.id: i for i in inds}))
    start = time.process_time()
    view = units_module.units_view(project, 2022)  # type: ignore[arg-type]
    took = time.process_time() - start
    assert view.ranked_by["i0"] == "attainment" and view.ranked_by["i1"] == "figure"
    # 乙镇's 80 % is first of two, 甲镇's 50 % second
    assert (view.cell("乙镇", "i9998").rank.position, view.cell("甲镇", "i9998").rank.position) == (1, 2)
    assert view.cell("甲镇", "i9999").rank is None
    assert took < 2, took  # measured about 0.1 s
