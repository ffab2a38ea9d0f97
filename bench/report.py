"""Timing `sciplan report` (issue 14's targets), as whole processes, warm cache.

    python bench/report.py           # writes bench/RESULTS-report.md
    python bench/report.py --tiny    # a quick smoke run on a small generated root; writes nothing

Targets: the demo's full report (all four files) in <= 1.5 s; a 500-indicator x 20-year root
(bench/generate.py, with 20 peers) in <= 20 s. Each run writes into a fresh folder. Reported: the
median wall time (and its range) and the median CPU time (user + system) of the process, since
the machines this runs on are often shared: CPU time shows what the report costs by itself.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402


def sciplan_argv() -> list[str]:
    script = Path(sys.executable).with_name("sciplan")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sciplan"]


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"failed: {' '.join(argv)}\n{err}")
    return wall, usage.ru_utime + usage.ru_stime


def measure(root: Path, year: int, repeat: int, env: dict[str, str], work: Path) -> tuple[list[float], list[float]]:
    argv = [*sciplan_argv(), "check", "--root", str(root)]
    subprocess.run(argv, env=env, capture_output=True, check=False)  # fills the cache: runs below are warm
    walls, cpus = [], []
    for i in range(repeat + 1):
        out = work / f"out-{root.name}-{i}"
        wall, cpu = run_once([*sciplan_argv(), "report", str(year), "--root", str(root), "--out", str(out)], env)
        if i:  # the first run is a warm-up
            walls.append(wall)
            cpus.append(cpu)
    return walls, cpus


def last_year(root: Path) -> int:
    return max(int(p.stem) for p in (root / "data").glob("*.yaml"))


def row(label: str, target: float, walls: list[float], cpus: list[float]) -> str:
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    verdict = "met" if wall <= target else "MISSED (wall)" if cpu <= target else "MISSED"
    spread = f"{min(walls):.2f}–{max(walls):.2f}"
    return f"| {label} | {wall:.2f} s ({spread}) | {cpu:.2f} s | ≤ {target:g} s | {verdict} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ, SCIPLAN_LANG="zh")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env["SCIPLAN_CACHE_DIR"] = str(work / "cache")
        lines = ["| run | wall, median (range) | CPU, median | target | verdict |", "|---|---|---|---|---|"]
        if args.tiny:
            root = work / "tiny"
            generate(root, 20, 5, 3)
            walls, cpus = measure(root, last_year(root), 1, env, work)
            print(row("tiny 20 × 5", 60, walls, cpus))
            return
        walls, cpus = measure(REPO, 2022, args.repeat, env, work)
        lines.append(row("demo: `sciplan report 2022` (4 files)", 1.5, walls, cpus))
        root = work / "scale"
        values = generate(root, 500, 20, 20)
        walls, cpus = measure(root, last_year(root), max(2, args.repeat // 2), env, work)
        lines.append(row(f"500 indicators × 20 years × 20 peers ({values:,} values)", 20, walls, cpus))
    text = (
        "# `sciplan report`: timings\n\n"
        "Written by `python bench/report.py` (whole processes, warm cache, each run into a new folder).\n\n"
        + "\n".join(lines)
        + f"\n\nMachine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average before the run {os.getloadavg()[0]:.1f}. Wall time on a shared machine includes waiting "
        "for a CPU; CPU time is the report's own cost.\n"
    )
    (HERE / "RESULTS-report.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
