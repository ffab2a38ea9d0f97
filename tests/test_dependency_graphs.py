"""A property (issue 17): random dependency graphs between indicators — formulas, parts, sub-units'
sums, circles, chains over a thousand long, a Fibonacci lattice, missing values — through every
command: never a traceback, an exit code of 0 or 1 (a circle a located error of `check`), and never
more than 2 s of CPU for one command.

The roots are shaped like a bureau's: 2021 final with its 1–9月 under months:, 2022 open as of
30 September with its 1–6月, two sub-units, a peer, a multi-year plan, and a git history (for diff
and history). So the 同比 base of 2022 is a view of 2021 at September and each region value may be
its units' sum: the paths where a chain used to be computed again per indicator."""

from __future__ import annotations

import os
import re
import time
from collections import deque
from pathlib import Path

from gitrepo import Repo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# SCIPLAN_FUZZ=500 pytest tests/test_dependency_graphs.py digs deeper than the CI default.
EXAMPLES = max(12, int(os.environ.get("SCIPLAN_FUZZ", "120")) // 10)
UNITS = ("甲镇", "乙镇")
LONG = 1000  # a long structure has at least this many links
SHAPES = ("none", "none", "none", "chain", "parts", "through", "lattice")
LOCATED = re.compile(r"^(targets\.yaml|data/\d{4}\.yaml):\d+:\d+: (error|warning)\[[a-z-]+\]: ")
CIRCLE = re.compile(r"^targets\.yaml:\d+:\d+: error\[(formula|parts)-cycle\]: ")


@st.composite
def graphs(draw):
    """(up to 8 indicators as (id, extra lines), the long structure's (shape, length, closed), values
    by table: the region's 2022 and 1–6月, 2021 and its 1–9月, each unit's 2022)."""
    n = draw(st.integers(1, 8))
    ids = [f"i{k}" for k in range(n)]
    loops = draw(st.booleans()) and draw(st.booleans())  # a quarter of the graphs may hold circles
    indicators: list[tuple[str, list[str]]] = []
    for k, ident in enumerate(ids):
        pool = ids if loops else ids[:k]  # without loops, only earlier ids: no circle
        extra = []
        if pool and draw(st.booleans()):
            refs = draw(st.lists(st.sampled_from([*pool, "zz"] if loops else pool), min_size=1, max_size=3))
            ops = draw(st.lists(st.sampled_from("+-*/"), min_size=len(refs) - 1, max_size=len(refs) - 1))
            extra.append("formula: " + refs[0] + "".join(f" {op} {ref}" for op, ref in zip(ops, refs[1:], strict=True)))
        if pool and draw(st.booleans()):
            extra.append("parts: [" + ", ".join(draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3))) + "]")
        if draw(st.booleans()):
            extra.append("targets: {2022: '>= 5'}")
        indicators.append((ident, extra))

    shape = draw(st.sampled_from(SHAPES))
    length = draw(st.integers(LONG, LONG + 50))
    closed = draw(st.booleans()) and draw(st.booleans())  # the anchor computed from the end: a long circle
    pool = [*ids, "c1"] if shape == "lattice" else ids
    values = {}
    for table in ("2022", "2022-06", "2021", "2021-09", *UNITS):
        chosen = draw(st.lists(st.sampled_from(pool), unique=True))
        values[table] = {ident: draw(st.sampled_from(["0", "3", "12.5"])) for ident in chosen}
    # the long structure is built from its shape by `expand`: a failing example prints short
    return indicators, (shape, length if shape != "none" else 0, closed), values


def expand(indicators, long_shape) -> tuple[list[tuple[str, list[str]]], str]:
    """The indicators with the long structure added after them, and the id at its end."""
    shape, length, closed = long_shape
    indicators = [(ident, list(extra)) for ident, extra in indicators]
    anchor = indicators[0][0]
    if shape == "chain":  # c_k = c_(k-1) + 1 from the anchor
        long = [(f"c{k}", [f"formula: {f'c{k - 1}' if k else anchor} + 1"]) for k in range(length)]
    elif shape == "parts":  # c_k has c_(k-1) as its one part
        long = [(f"c{k}", [f"parts: [{f'c{k - 1}' if k else anchor}]"]) for k in range(length)]
    elif shape == "through":  # a formula through a parts list, and again
        long = []
        for k in range(length // 2):
            long.append((f"p{k}", [f"parts: [{f'c{k - 1}' if k else anchor}]"]))
            long.append((f"c{k}", [f"formula: p{k} * 1"]))
    elif shape == "lattice":  # c_k = c_(k-1) + c_(k-2): 33 indicators, 2 KB
        long = [("c0", [f"formula: {anchor} + 0"]), ("c1", [])]
        long += [(f"c{k}", [f"formula: c{k - 1} + c{k - 2}"]) for k in range(2, 33)]
    else:
        return indicators, indicators[-1][0]
    long[-1][1].append("targets: {2022: '>= 5'}")
    if closed:
        indicators[0] = (anchor, [f"formula: {long[-1][0]} - 1"])
    return indicators + long, long[-1][0]


def write_root(root: Path, indicators, values) -> Repo:
    repo = Repo(root)
    lines = ["region: 测试区", f"units: [{', '.join(UNITS)}]", "indicators:"]
    for ident, extra in indicators:
        lines += [f"  {ident}:", f"    name: 指标{ident}", "    unit: 家", *(f"    {e}" for e in extra)]
    plan = {indicators[0][0], indicators[-1][0]}
    lines += ["plans:", "  - id: p", "    name: 三年行动", "    baseline: 2021", "    end: 2023", "    targets:"]
    lines += [f"      {ident}: {{target: '>= 9'}}" for ident in sorted(plan)]

    def flow(mapping):
        return "{" + ", ".join(f"{k}: {v}" for k, v in mapping.items()) + "}"

    repo.write("targets.yaml", "\n".join(lines) + "\n")
    units = "units:\n" + "".join(f"  {u}: {flow(values[u])}\n" for u in UNITS)
    repo.write(
        "data/2021.yaml",
        f"year: 2021\nfinal: true\nactuals: {flow(values['2021'])}\nmonths:\n  9: {flow(values['2021-09'])}\n",
    )
    repo.write(
        "data/2022.yaml",
        f"year: 2022\nfinal: false\nas_of: 2022-09-30\nactuals: {flow(values['2022'])}\n{units}"
        f"peers:\n  邻市: {flow(values['2022'])}\nmonths:\n  6: {flow(values['2022-06'])}\n",
    )
    repo.commit("figures")
    return repo


def has_circle(indicators) -> bool:
    """Kahn's algorithm, independent of sciplan's: a circle leaves indicators never freed."""
    known = {ident for ident, _ in indicators}
    needs: dict[str, set[str]] = {}
    for ident, extra in indicators:
        refs = set()
        for line in extra:
            if line.startswith(("formula:", "parts:")):
                refs |= set(re.findall(r"[a-z]\w*", line.split(":", 1)[1])) & known
        needs[ident] = refs
    users: dict[str, list[str]] = {ident: [] for ident in needs}
    for ident, refs in needs.items():
        for ref in refs:
            users[ref].append(ident)
    waiting = {ident: len(refs) for ident, refs in needs.items()}
    free = deque(ident for ident, count in waiting.items() if count == 0)
    done = 0
    while free:
        done += 1
        for user in users[free.popleft()]:
            waiting[user] -= 1
            if waiting[user] == 0:
                free.append(user)
    return done < len(needs)


def commands(root: Path, ask: str, out: Path) -> list[tuple[str, ...]]:
    table = out.parent / "报表.csv"
    table.write_text(f"2022年\n指标名称,计量单位,1-9月累计\n指标{ask},家,9\n", encoding="utf-8")
    return [
        ("check",),
        *(("status", "2022", "-f", f) for f in ("table", "markdown", "plain", "csv", "json")),
        ("status", "2022", "--month", "6"),
        ("trend", ask),
        ("trend", ask, "--months"),
        ("plan",),
        ("compare", ask),
        ("units", "2022"),
        ("indicators",),
        ("report", "2022", "--out", str(out)),
        ("import", str(table), "--dry-run"),
        ("set", ask, "7", "--year", "2022"),
        ("diff",),
        ("history", ask, "--year", "2022"),
        ("init", "2023"),
    ]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(graph=graphs())
def test_random_dependency_graphs_through_every_command(graph, tmp_path_factory, run_cli):
    small, long_shape, values = graph
    indicators, ask = expand(small, long_shape)
    base = tmp_path_factory.mktemp("graph")
    root = write_root(base / "root", indicators, values).path
    circle = has_circle(indicators)
    for args in commands(root, ask, base / "out"):
        start = time.process_time()  # CPU time: on a shared machine, wall time is the neighbours' load
        result = run_cli(*args, "--root", str(root), "--no-cache")
        took = time.process_time() - start
        assert "Traceback" not in result.stderr + result.stdout, args
        assert result.exit_code in (0, 1), (args, result)
        assert took < 2, (args, took)  # measured at most about 0.4 s for a 1,200-long chain
        if args[0] == "check":
            lines = result.stderr.splitlines()
            # every finding located; then one summary line (sciplan: …)
            assert all(LOCATED.match(line) or line.startswith("sciplan: ") for line in lines), lines
            assert any(CIRCLE.match(line) for line in lines) == circle, (circle, lines)
            if circle:
                assert result.exit_code == 1
