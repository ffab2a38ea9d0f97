"""sciplan's benchmark of the commands that read git (issue 24): whole processes, wall-clock.

    python bench/history.py           # writes bench/RESULTS-history.md
    python bench/history.py --tiny    # a seconds-long smoke run (100 commits, fewer repeats)

Scenarios:
  history   `sciplan history tech_contract_value --year 2022` in a repository of 1,000 commits, each
            changing data/2022.yaml (built with `git fast-import`): cold (an empty cache: every version
            is read by one `git cat-file --batch` and parsed) and warm (the versions come from the cache).
            Targets: ≤ 2 s cold, ≤ 0.3 s warm.
  diff      `sciplan diff HEAD~1` on the demo data in a repository of its own (the demo's year file
            changed in the last commit), against `sciplan status 2022` there, both with a warm cache.
            Target: ≤ 1.5× status.
Timing lives here, never in the test suite.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

TARGETS = """\
region: 基准市
indicators:
  rd_expenditure: {name: 全社会研发经费支出, unit: 亿元}
  gdp: {name: 地区生产总值, unit: 亿元}
  rd_intensity: {name: 全社会研发经费投入强度, unit: "%", kind: ratio, formula: rd_expenditure / gdp * 100}
  tech_contract_value:
    name: 技术合同成交额
    unit: 亿元
    targets: {2022: ">= 15"}
  hightech_total: {name: 有效期内国家高新技术企业, unit: 家, kind: stock}
"""

STAGES = ("预计", "快报", "年报", "公报")


def year_file(i: int) -> str:
    """The year file after commit i: every commit revises the figures a little."""
    stage = STAGES[min(i * len(STAGES) // 1000, 3)]
    return (
        "as_of: 2022-12-31\n"
        "actuals:\n"
        f"  rd_expenditure: {{value: {34 + i % 97 / 100:.2f}, stage: {stage}}}\n"
        f"  gdp: {{value: {1300 + i % 89}, stage: {stage}}}\n"
        f"  tech_contract_value: {{value: {12 + i % 53 / 10:.1f}, stage: {stage}, source: 第{i}次报送}}\n"
        f"  hightech_total: {200 + i % 71}\n"
        "months:\n"
        f"  6: {{tech_contract_value: {5 + i % 31 / 10:.1f}}}\n"
    )


def build_repo(path: Path, commits: int) -> None:
    """A repository whose every commit changes data/2022.yaml, made by one `git fast-import`."""
    path.mkdir(parents=True)
    env = _git_env(path)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=path, check=True, env=env)
    chunks = []
    for i in range(commits):
        files = [("data/2022.yaml", year_file(i))] + ([("targets.yaml", TARGETS)] if i == 0 else [])
        message = f"第{i}次报送".encode()
        when = 1672531200 + i * 3600
        chunk = [f"commit refs/heads/main\nmark :{i + 1}\n".encode()]
        chunk.append(f"author 张三 <zhang@example.org> {when} +0800\n".encode())
        chunk.append(f"committer 张三 <zhang@example.org> {when} +0800\n".encode())
        chunk.append(f"data {len(message)}\n".encode() + message + b"\n")
        if i:
            chunk.append(f"from :{i}\n".encode())
        for name, text in files:
            data = text.encode()
            chunk.append(f"M 100644 inline {name}\ndata {len(data)}\n".encode() + data + b"\n")
        chunks.append(b"".join(chunk))
    subprocess.run(["git", "fast-import", "--quiet"], cwd=path, input=b"".join(chunks), check=True, env=env)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=path, check=True, env=env)


def demo_repo(path: Path) -> None:
    """The demo data root in a repository of its own, its 2022 figures revised in the last commit."""
    shutil.copytree(REPO / "data", path / "data")
    shutil.copy(REPO / "targets.yaml", path / "targets.yaml")
    env = _git_env(path)
    for args in (("init", "-q", "-b", "main"), ("add", "-A"), ("commit", "-q", "-m", "demo")):
        subprocess.run(["git", *args], cwd=path, check=True, env=env)
    text = (path / "data" / "2022.yaml").read_text(encoding="utf-8")
    (path / "data" / "2022.yaml").write_text(text.replace("tech_contract_value: 5.6", "tech_contract_value: 5.8"))
    for args in (("add", "-A"), ("commit", "-q", "-m", "revised")):
        subprocess.run(["git", *args], cwd=path, check=True, env=env)


def _git_env(path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(path.parent),
        "GIT_AUTHOR_NAME": "张三",
        "GIT_AUTHOR_EMAIL": "zhang@example.org",
        "GIT_COMMITTER_NAME": "张三",
        "GIT_COMMITTER_EMAIL": "zhang@example.org",
    }


CPU: list[tuple[str, float]] = []  # (scenario, CPU seconds of the process and the git it ran)


def timed(args: list[str], cwd: Path, env: dict[str, str], label: str = "") -> float:
    """Wall-clock seconds of one process; its CPU time (user + system, git's included) goes to CPU:
    on a busy machine the wall clock also counts the time spent waiting for a core."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append((label, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime))
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr.decode()}")
    return elapsed


def _quiet_status_ms() -> float | None:
    """`sciplan status 2022 (table)`'s median in bench/RESULTS.md, measured on a quiet machine."""
    import re

    try:
        text = (HERE / "RESULTS.md").read_text(encoding="utf-8")
    except OSError:
        return None
    m = re.search(r"`sciplan status 2022 \(table\)` \| ([\d,]+) ms", text)
    return float(m.group(1).replace(",", "")) if m else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tiny", action="store_true", help="100 commits and few repeats: a smoke run")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS-history.md")
    options = parser.parse_args()
    commits, repeats = (100, 2) if options.tiny else (1000, 7)
    sciplan = [sys.executable, "-m", "sciplan"]
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        repo = work / "history"
        started = time.perf_counter()
        build_repo(repo, commits)
        built = time.perf_counter() - started
        env = {**os.environ, "NO_COLOR": "1", "SCIPLAN_LANG": "en"}
        command = [*sciplan, "history", "tech_contract_value", "--year", "2022", "--format", "plain"]
        cold, warm = [], []
        for i in range(repeats):
            cache = work / f"cache{i}"
            run_env = {**env, "SCIPLAN_CACHE_DIR": str(cache)}
            cold.append(timed(command, repo, run_env, "cold"))
            warm += [timed(command, repo, run_env, "warm") for _ in range(3)]
        demo = work / "demo"
        demo_repo(demo)
        run_env = {**env, "SCIPLAN_CACHE_DIR": str(work / "demo-cache")}
        status_cmd, diff_cmd = [*sciplan, "status", "2022"], [*sciplan, "diff", "HEAD~1"]
        timed(status_cmd, demo, run_env), timed(diff_cmd, demo, run_env)  # fill the cache
        status, diff = [], []
        for _ in range(repeats * 2):
            status.append(timed(status_cmd, demo, run_env, "status"))
            diff.append(timed(diff_cmd, demo, run_env, "diff"))

    def cell(runs: list[float]) -> str:
        return f"{statistics.median(runs) * 1000:,.0f} ms ({min(runs) * 1000:,.0f}–{max(runs) * 1000:,.0f})"

    ratio = statistics.median(diff) / statistics.median(status)

    def cpu(label: str) -> str:
        return f"{statistics.median([c for name, c in CPU if name == label]) * 1000:,.0f} ms"

    load = os.getloadavg()[0]
    ok = {
        "cold": statistics.median(cold) <= 2.0,
        "warm": statistics.median(warm) <= 0.3,
        "diff": ratio <= 1.5,
    }
    mark = {True: "✓", False: "✗"}
    lines += [
        "# sciplan benchmark: history and diff (issue 24)",
        "",
        f"Run: `python bench/history.py{' --tiny' if options.tiny else ''}` on {time.strftime('%Y-%m-%d')}; "
        f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}. Wall-clock per process: median (min–max).",
        f"The history repository: {commits:,} commits, each changing data/2022.yaml (built in {built:.1f} s).",
        "",
        f"Load average when done: {load:.1f} on {os.cpu_count()} cores (a busy machine stretches the wall clock;",
        "the CPU column is the process's own user + system time, git's included).",
        "",
        "| scenario | command | wall time | CPU (median) | target (wall) |",
        "|---|---|---:|---:|---|",
        f"| history, cold cache ({repeats} runs) | `sciplan history tech_contract_value --year 2022` | {cell(cold)} "
        f"| {cpu('cold')} | ≤ 2 s {mark[ok['cold']]} |",
        f"| history, warm cache ({len(warm)} runs) | the same again | {cell(warm)} | {cpu('warm')} "
        f"| ≤ 0.3 s {mark[ok['warm']]} |",
        f"| demo, warm cache ({len(status)} runs) | `sciplan status 2022` | {cell(status)} | {cpu('status')} | |",
        f"| demo, warm cache ({len(diff)} runs) | `sciplan diff HEAD~1` | {cell(diff)} | {cpu('diff')} "
        f"| ≤ 1.5× status: {ratio:.2f}× {mark[ok['diff']]} |",
        "",
        "Every one of the 1,000 commits changes the figure followed, so `history` prints 1,000 rows: the worst case.",
        "",
    ]
    quiet = _quiet_status_ms()
    if quiet is not None:
        slower = statistics.median(status) * 1000 / quiet
        lines += [
            f"The same `sciplan status 2022` took {quiet:,.0f} ms in bench/RESULTS.md (a quiet machine), "
            f"{statistics.median(status) * 1000:,.0f} ms here: this run was {slower:.1f}× slower. Scaled by that "
            f"factor, history would take {statistics.median(cold) / slower * 1000:,.0f} ms cold and "
            f"{statistics.median(warm) / slower * 1000:,.0f} ms warm on the quiet machine (an estimate, not a "
            "measurement).",
            "",
        ]
    text = "\n".join(lines)
    print(text)
    if not options.tiny:
        options.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
