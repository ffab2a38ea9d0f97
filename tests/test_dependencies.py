"""Dependencies between indicators (formulas, parts, sub-units): checked once when targets.yaml is read
(circles reported where they start, then their links dropped), values computed once per year in
dependency order without recursion. Every command must survive a circle, a long chain and a lattice."""

from __future__ import annotations

import time
from fractions import Fraction
from pathlib import Path

import pytest

from sciplan.app.loader import load_project
from sciplan.compute.observed import observed
from sciplan.core.formula import Formula
from sciplan.validate.formula import circles, find_cycle


def make_root(root: Path, indicators: list[tuple[str, list[str]]], actuals: dict[str, str], year: int = 2022) -> Path:
    """targets.yaml with each indicator as `id: {name, unit: 家, *extra lines}`, data/YEAR.yaml final."""
    lines = ["region: 测试区", "indicators:"]
    for ident, extra in indicators:
        lines += [f"  {ident}:", f"    name: 指标{ident}", "    unit: 家", *(f"    {e}" for e in extra)]
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "targets.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = [f"year: {year}", "final: true", "actuals:", *(f"  {k}: {v}" for k, v in actuals.items())]
    if not actuals:
        data[-1] = "actuals: {}"
    (root / "data" / f"{year}.yaml").write_text("\n".join(data) + "\n", encoding="utf-8")
    return root


def every_command(root: Path, first: str, out: Path) -> list[tuple[str, ...]]:
    r = str(root)
    return [
        ("check", "--root", r),
        ("status", "2022", "--root", r),
        ("status", "2022", "--root", r, "-f", "json"),
        ("trend", first, "--root", r),
        ("trend", first, "--months", "--root", r),
        ("plan", "--root", r),
        ("compare", first, "--root", r),
        ("units", "2022", "--root", r),
        ("indicators", "--root", r),
        ("init", "2023", "--root", r),
        ("report", "2022", "--root", r, "--out", str(out)),
    ]


# Each circle's first line from `check`, computed by hand: the indicator `a` starts at line 3, its
# extra line is line 6; `    formula: ` is 13 characters (the value at column 14), `    parts: ` 11.
CIRCLES = {
    "two formulas": (
        [("a", ["formula: b + 1"]), ("b", ["formula: a + 1"])],
        {"a": "5"},
        "targets.yaml:6:14: error[formula-cycle]: indicators.a.formula: "
        "formulas depend on each other in a circle: a → b → a",
    ),
    "its own formula": (
        [("a", ["formula: a + 1"]), ("b", [])],
        {"b": "5"},
        "targets.yaml:6:14: error[formula-cycle]: indicators.a.formula: "
        "formulas depend on each other in a circle: a → a",
    ),
    "parts of each other": (
        [("a", ["parts: [b]"]), ("b", ["parts: [a]"])],
        {},
        "targets.yaml:6:12: error[parts-cycle]: indicators.a.parts: parts contain their own total: a → b → a",
    ),
    "a formula through parts": (
        [("a", ["formula: b * 2"]), ("b", ["parts: [a, c]"]), ("c", [])],
        {"c": "3"},
        "targets.yaml:6:14: error[formula-cycle]: indicators.a.formula: "
        "formulas and parts depend on each other in a circle: a → b → a",
    ),
}


@pytest.mark.parametrize("case", list(CIRCLES))
def test_a_circle_is_reported_and_no_command_follows_it(case, tmp_path, run_cli):
    indicators, actuals, line = CIRCLES[case]
    root = make_root(tmp_path / "root", indicators, actuals)
    for args in every_command(root, "a", tmp_path / "out"):
        result = run_cli(*args)  # a RecursionError would propagate here
        assert result.exit_code in (1, 2), (args, result)
        assert "Traceback" not in result.stderr + result.stdout
    result = run_cli("check", "--root", str(root))
    assert result.stderr.splitlines()[0] == line


def test_every_circle_is_reported_not_only_the_first(tmp_path, run_cli):
    """Two unrelated circles: each has its located error (the second used to pass unreported)."""
    root = make_root(
        tmp_path / "root",
        [("a", ["formula: b + 1"]), ("b", ["formula: a + 1"]), ("c", ["formula: c * 2"]), ("d", [])],
        {"d": "1"},
    )
    lines = run_cli("check", "--root", str(root)).stderr.splitlines()
    # c starts at line 11 (a: 3–6, b: 7–10), its formula on line 14
    assert [line for line in lines if "formula-cycle" in line] == [
        "targets.yaml:6:14: error[formula-cycle]: indicators.a.formula: "
        "formulas depend on each other in a circle: a → b → a",
        "targets.yaml:14:14: error[formula-cycle]: indicators.c.formula: "
        "formulas depend on each other in a circle: c → c",
    ]


def test_a_circle_leaves_the_other_values_alone(tmp_path):
    """The links of a circle are dropped, nothing else: d = e + 1 with e = 4 is still 5; a, b in a
    circle have only what the data file says."""
    root = make_root(
        tmp_path / "root",
        [("a", ["formula: b + 1"]), ("b", ["formula: a + 1"]), ("d", ["formula: e + 1"]), ("e", [])],
        {"a": "7", "e": "4"},
    )
    project = load_project(root)
    assert observed(project, "d", 2022).value == 5  # type: ignore[arg-type, union-attr]
    assert observed(project, "a", 2022).value == 7  # type: ignore[arg-type, union-attr]
    assert observed(project, "b", 2022) is None  # type: ignore[arg-type]


CHAIN = 10_000


def test_a_10000_long_chain_of_formulas(tmp_path, run_cli):
    """a_i = a_(i-1) + 1 from a0 = 1: a_9999 is 10,000 (it used to overflow the stack at ~330)."""
    chain = [("a0", ["targets: {2022: '>= 5'}"])] + [(f"a{i}", [f"formula: a{i - 1} + 1"]) for i in range(1, CHAIN)]
    root = make_root(tmp_path / "root", chain, {"a0": "1"})
    start = time.process_time()  # CPU time: on a shared machine, wall time is the neighbours' load
    result = run_cli("check", "--root", str(root), "--no-cache")
    took = time.process_time() - start
    assert result.exit_code == 0, result
    assert took < 5  # measured about 0.7 s for the command alone (it was quadratic: minutes)
    project = load_project(root)
    assert observed(project, f"a{CHAIN - 1}", 2022).value == CHAIN  # type: ignore[arg-type, union-attr]


def test_a_2000_long_chain_of_parts(tmp_path, run_cli):
    """Each a_i has a_(i-1) as its one part: a_1999 is a0's 3 (it used to overflow the stack)."""
    chain = [("a0", [])] + [(f"a{i}", [f"parts: [a{i - 1}]"]) for i in range(1, 2000)]
    root = make_root(tmp_path / "root", chain, {"a0": "3"})
    for args in every_command(root, "a1999", tmp_path / "out"):
        result = run_cli(*args)
        assert "Traceback" not in result.stderr
    assert observed(load_project(root), "a1999", 2022).value == 3  # type: ignore[arg-type, union-attr]


def test_the_fibonacci_lattice_is_computed_once(tmp_path, run_cli, monkeypatch):
    """a_i = a_(i-1) + a_(i-2) over 33 indicators from a0 = a1 = 1: a_32 is F(33) = 3,524,578
    (recomputing at every use took over 120 s)."""
    lattice = [("a0", []), ("a1", [])] + [(f"a{i}", [f"formula: a{i - 1} + a{i - 2}"]) for i in range(2, 33)]
    root = make_root(tmp_path / "root", lattice, {"a0": "1", "a1": "1"})
    for args in every_command(root, "a32", tmp_path / "out"):
        result = run_cli(*args)
        assert result.exit_code in (0, 1), (args, result)
    # computed once: each of the 31 formulas evaluated once (recomputing at every use: about F(33) times),
    # counted rather than timed, so that a loaded machine cannot make it fail
    evaluations = []
    real = Formula.evaluate

    def counted(self, lookup):
        evaluations.append(self.text)
        return real(self, lookup)

    monkeypatch.setattr(Formula, "evaluate", counted)
    assert observed(load_project(root), "a32", 2022).value == Fraction(3_524_578)  # type: ignore[arg-type, union-attr]
    assert sorted(evaluations) == sorted(f"a{i - 1} + a{i - 2}" for i in range(2, 33))


def test_cycle_search_and_circles_need_no_recursion():
    chain = {f"n{i}": (f"n{i + 1}",) for i in range(100_000)}
    assert find_cycle(chain) is None
    assert circles(chain) == []
    chain["n100000"] = ("n0",)
    assert circles(chain) == [set(chain)]
    assert find_cycle({"a": ("b",), "b": ("c",), "c": ("b",)}) == ["b", "c", "b"]
    assert circles({"a": ("a",), "b": ()}) == [{"a"}]


# The property over random dependency graphs through every command: tests/test_dependency_graphs.py


def test_a_circle_through_10000_indicators_is_one_readable_line(tmp_path, run_cli):
    """a_i = a_(i+1) + 1 and a_9999 = a0 + 1: the message named all 10,001 steps (a line of 80 KB); it
    names the first eight, the last two before the circle closes, and how many (10,000)."""
    n = 10_000
    root = make_root(tmp_path / "root", [(f"a{i}", [f"formula: a{(i + 1) % n} + 1"]) for i in range(n)], {})
    result = run_cli("check", "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "targets.yaml:6:14: error[formula-cycle]: indicators.a0.formula: formulas depend on each other in a "
        "circle: a0 → a1 → a2 → a3 → a4 → a5 → a6 → a7 → … → a9998 → a9999 → a0 (10000 indicators in the circle)"
    )
    # twelve indicators are still written out whole: a0 → … → a11 → a0
    short = make_root(tmp_path / "short", [(f"a{i}", [f"formula: a{(i + 1) % 12} + 1"]) for i in range(12)], {})
    line = run_cli("check", "--root", str(short)).stderr.splitlines()[0]
    assert line.endswith("circle: " + " → ".join(f"a{i}" for i in range(12)) + " → a0"), line
