"""sciplan's benchmark: every case of issue 19 timed side by side with its reference, in one run.

    python bench/run.py                        # 1k, 10k and 100k indicators; writes bench/RESULTS.md
    python bench/run.py --sizes 1000,10000     # smaller sizes (RESULTS.md is written only with --out)
    python bench/run.py --work DIR             # keep the generated roots in DIR between runs
    python bench/run.py --tiny                 # a seconds-long smoke run (CI); writes nothing

Each case runs whole processes, the command and its reference in turn (alternating pairs, so a shared
machine's changing load falls on both alike) after one warm-up each; the median is taken over 11
pairs when a run takes under 10 s, else over 3. Reported for each: wall time (median and range), CPU
time (user + system, the process's own cost, which load does not inflate), peak memory (max RSS from
wait4), the ratio of the medians (CPU and wall) and the verdict against the target. Verdicts are
taken on CPU time. The growth exponent of each command is the least-squares slope of log CPU time
against log indicators over the sizes run.

Cases (roots from bench/generate.py: N indicators × 10 years × 2 peers, year 2009):
  table      warm `status 2009` as a table          vs  the same as JSON               ≤ 1.2×
  json       warm `status 2009 -f json`             (100k: ≤ 10 s, ≤ 1 GB)
  trend      warm `trend ind_0005`                  (100k: ≤ 1 s, ≤ 300 MB)
  report     `report 2009` into a new folder         (10k: ≤ 60 s; growth 1k→10k ≤ 1.1)
  cold       `check --no-cache`                     vs  a bare libyaml parse of the files  ≤ 1.0× (100k: ≤ 2.5 GB)
  lang       `status --lang zh` run after `--lang en` vs the same run after itself       ≤ 1.2× (both warm)
  peers      `compare ind_0001` with 10,000 peers   (≤ 2 s)
  big file   `check --no-cache` of one 60 MB data file of peer figures (≤ 10 s, ≤ 2 GB)
  demo       every read command on the demo, warm and `--no-cache`, vs hledger's budget report
             (`hledger bal --budget -Y`, 50 accounts × 10 years)  ≤ 0.8× warm, ≤ 1.8× cold
sciplan runs from a regular install (`pip install .`: byte-compiled, no editable hooks), as a user
runs it; output goes to /dev/null, as in a pipe. Timing lives here, never in the test suite.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
YEARS, PEERS, YEAR = 10, 2, "2009"
BARE_PARSE = (
    "import glob, yaml\n"
    "for f in ['targets.yaml'] + sorted(glob.glob('data/*.yaml')):\n"
    "    with open(f, encoding='utf-8') as fh:\n"
    "        yaml.load(fh, Loader=yaml.CSafeLoader)\n"
)
READ_COMMANDS = [
    ["status", "2022"],
    ["status", "2022", "-f", "json"],
    ["trend", "hightech_total"],
    ["plan"],
    ["compare", "hightech_total"],
    ["units", "2022"],
    ["indicators"],
]


@dataclass
class Sample:
    wall: float  # seconds
    cpu: float  # seconds, user + system
    rss: float  # MB


@dataclass
class Timing:
    label: str
    argv: list[str]
    samples: list[Sample] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def rss(self) -> float:
        return max(s.rss for s in self.samples)

    def cell(self) -> str:
        walls = [s.wall for s in self.samples]
        return (
            f"{_secs(self.wall)} ({_secs(min(walls))}–{_secs(max(walls))}), CPU {_secs(self.cpu)}, {self.rss:,.0f} MB"
        )


@dataclass
class Row:
    case: str
    size: str
    ours: Timing
    ref: Timing | None
    target: str  # as shown
    met: bool | None  # None: no target at this size


def _secs(s: float) -> str:
    return f"{s * 1000:,.0f} ms" if s < 10 else f"{s:,.1f} s"


class Bench:
    def __init__(self, sciplan: list[str], env: dict[str, str], tiny: bool, work: Path):
        self.sciplan, self.env, self.tiny, self.work = sciplan, env, tiny, work
        self.rows: list[Row] = []
        self.growth: dict[str, dict[int, Timing]] = {}

    def once(self, argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env or self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert proc.stderr is not None
        err = proc.stderr.read()  # never let a full pipe stall the process
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            raise SystemExit(f"benchmark command failed ({code}): {' '.join(argv)}\n{err.decode(errors='replace')}")
        return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)

    def reps(self, *warm: Sample) -> int:
        if self.tiny:
            return 3
        return 11 if max(s.wall for s in warm) < 10 else 3

    def pair(self, ours: Timing, ref: Timing | None, cwd: Path, ref_cwd: Path | None = None, prep=None) -> None:
        """Warm-up once each, then alternate. `prep(which)` runs before each timed run (not timed)."""
        ref_cwd = ref_cwd or cwd
        runs = [(ours, cwd)] + ([(ref, ref_cwd)] if ref else [])
        warm = []
        for t, where in runs:
            if prep:
                prep(t)
            warm.append(self.once(t.argv, where))
        for _ in range(self.reps(*warm)):
            for t, where in runs:
                if prep:
                    prep(t)
                t.samples.append(self.once(t.argv, where))

    def add(self, case: str, size: str, ours: Timing, ref: Timing | None, target: str, met: bool | None) -> None:
        row = Row(case, size, ours, ref, target, met)
        self.rows.append(row)
        print(render_row(row), flush=True)


def ratio_target(limit: float):
    return f"≤ {limit:g}×", lambda ours, ref: ours.cpu / ref.cpu <= limit


def _generate(root: Path, indicators: int, years: int, peers: int) -> Path:
    """A root from bench/generate.py, made once per work folder. Made in a child process: a forked
    child's peak RSS counts the parent's pages from before its exec, so this process stays small."""
    if not (root / ".complete").exists():
        shutil.rmtree(root, ignore_errors=True)
        script = str(HERE / "generate.py")
        counts = ["--indicators", str(indicators), "--years", str(years), "--peers", str(peers)]
        subprocess.run([sys.executable, script, str(root), *counts], check=True, stdout=subprocess.DEVNULL)
        (root / ".complete").write_text("")
    return root


def sized_root(work: Path, indicators: int, peers: int = PEERS, years: int = YEARS) -> Path:
    return _generate(work / f"root-{indicators}x{years}x{peers}", indicators, years, peers)


def big_file_root(work: Path, megabytes: int) -> Path:
    """One data file of peer figures of about `megabytes` MB (300 indicators, one year, as many peers
    as it takes: ~20 bytes a figure), under the 64 MB limit on a file."""
    peers = max(1, megabytes * 1_000_000 // (300 * 20))
    return _generate(work / f"bigfile-{megabytes}", 300, 1, peers)


def run_sizes(b: Bench, sizes: list[int], report_max: int, lang_max: int, cold_max: int) -> None:
    sp = b.sciplan
    for n in sizes:
        root = sized_root(b.work, n)
        size = f"{n:,}"
        big = n == max(sizes) and n >= 100_000
        b.once([*sp, "check"], root)  # fills the cache: the runs below are warm

        json_t = Timing(f"status {YEAR} -f json", [*sp, "status", YEAR, "-f", "json"])
        table_t = Timing(f"status {YEAR} (table)", [*sp, "status", YEAR])
        b.pair(table_t, json_t, root)
        shown, test = ratio_target(1.2)
        b.add("warm status: table vs JSON", size, table_t, json_t, shown, test(table_t, json_t))
        b.growth.setdefault(table_t.label, {})[n] = table_t
        b.growth.setdefault(json_t.label, {})[n] = json_t
        met = (json_t.cpu <= 10 and json_t.rss <= 1024) if big else None
        b.add("warm status as JSON", size, json_t, None, "≤ 10 s, ≤ 1 GB at 100k", met)

        trend_t = Timing("trend ind_0005", [*sp, "trend", "ind_0005"])
        b.pair(trend_t, None, root)
        met = (trend_t.cpu <= 1 and trend_t.rss <= 300) if big else None
        b.add("warm trend of one indicator", size, trend_t, None, "≤ 1 s, ≤ 300 MB at 100k", met)
        b.growth.setdefault(trend_t.label, {})[n] = trend_t

        if n <= report_max:
            out = b.work / "report-out"
            report_t = Timing(f"report {YEAR}", [*sp, "report", YEAR, "--out", str(out)])
            b.pair(report_t, None, root, prep=lambda _t, out=out: shutil.rmtree(out, ignore_errors=True))
            met = report_t.cpu <= 60 if n == 10_000 else None
            b.add("report", size, report_t, None, "≤ 60 s at 10k", met)
            b.growth.setdefault(report_t.label, {})[n] = report_t

        if n <= cold_max:
            cold_t = Timing("check --no-cache", [*sp, "check", "--no-cache"])
            bare_t = Timing("bare yaml.load (CSafeLoader)", [sys.executable, "-c", BARE_PARSE])
            b.pair(cold_t, bare_t, root)
            # issue 19's row is at 100k: at small sizes the fixed start-up (imports, the phrasings
            # table) outweighs the parse, so the ratio there is shown without a verdict
            test = (cold_t.cpu <= bare_t.cpu * 1.0 and cold_t.rss <= 2560) if big else None
            b.add("cold check vs a bare parse", size, cold_t, bare_t, "≤ 1.0×, ≤ 2.5 GB at 100k", test)
            b.growth.setdefault(cold_t.label, {})[n] = cold_t
            b.growth.setdefault(bare_t.label, {})[n] = bare_t

        if n <= lang_max:
            en = [*sp, "status", YEAR, "-f", "json", "--lang", "en"]
            zh_t = Timing("status --lang zh, after --lang en", [*sp, "status", YEAR, "-f", "json", "--lang", "zh"])
            again_t = Timing("status --lang zh, after itself", zh_t.argv)
            b.pair(zh_t, again_t, root, prep=lambda t, en=en, zh=zh_t, r=root: b.once(en if t is zh else t.argv, r))
            shown, test = ratio_target(1.2)
            b.add("switching --lang", size, zh_t, again_t, shown + " (both warm)", test(zh_t, again_t))


def run_peers(b: Bench, peers: int) -> None:
    root = sized_root(b.work, 5, peers=peers)
    b.once([*b.sciplan, "check"], root)
    t = Timing("compare ind_0001", [*b.sciplan, "compare", "ind_0001"])
    b.pair(t, None, root)
    b.add(f"compare with {peers:,} peers", "5 indicators", t, None, "≤ 2 s", t.cpu <= 2 if peers >= 10_000 else None)


def run_big_file(b: Bench, megabytes: int) -> None:
    root = big_file_root(b.work, megabytes)
    mb = sum(p.stat().st_size for p in (root / "data").iterdir()) / 1e6
    t = Timing("check --no-cache", [*b.sciplan, "check", "--no-cache"])
    b.pair(t, None, root)
    met = (t.cpu <= 10 and t.rss <= 2048) if megabytes >= 60 else None
    b.add(f"one {mb:.0f} MB data file of peer figures", "300 indicators", t, None, "≤ 10 s, ≤ 2 GB", met)


def run_demo(b: Bench) -> None:
    journal = b.work / "budget.journal"
    budget_journal(journal)
    hledger = ["hledger", "-f", str(journal), "bal", "--budget", "-Y"]
    if not shutil.which("hledger"):
        print("hledger is not installed: the demo rows have no reference (apt-get install hledger)", file=sys.stderr)
    for cold in (False, True):
        for args in READ_COMMANDS:
            argv = [*b.sciplan, *args] + (["--no-cache"] if cold else [])
            t = Timing(" ".join(args) + (" --no-cache" if cold else ""), argv)
            ref = Timing("hledger bal --budget -Y", hledger) if shutil.which("hledger") else None
            b.pair(t, ref, REPO, b.work)
            limit = 1.8 if cold else 0.8
            shown, test = ratio_target(limit)
            b.add(f"demo, {'cold' if cold else 'warm'}", "demo", t, ref, shown, test(t, ref) if ref else None)


def budget_journal(path: Path, accounts: int = 50, years: int = 10) -> None:
    """hledger's equivalent of a plan and its results: yearly budget goals and actual postings."""
    lines = []
    for y in range(2013, 2013 + years):
        lines.append(f"~ yearly from {y}-01-01 to {y + 1}-01-01")
        lines += [f"    expenses:acct{a:02d}    {100 + a + y % 7} CNY" for a in range(accounts)]
        lines += ["    assets:bank", ""]
        for a in range(accounts):
            lines += [
                f"{y}-06-15 actual {a}",
                f"    expenses:acct{a:02d}    {90 + a + y % 5} CNY",
                "    assets:bank",
                "",
            ]
    path.write_text("\n".join(lines), encoding="utf-8")


def regular_install(work: Path, env: dict[str, str]) -> list[str]:
    """sciplan installed as a user installs it (`pip install .`, not editable), beside this
    Python's dependencies; the argv of its script."""
    target = work / "site"
    shutil.rmtree(target, ignore_errors=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(REPO)],
        check=True,
        env=env,
    )
    env["PYTHONPATH"] = str(target)
    return [sys.executable, str(target / "bin" / "sciplan")]


def exponent(points: dict[int, Timing]) -> float | None:
    """Least-squares slope of log CPU time against log size."""
    if len(points) < 2:
        return None
    xs = [math.log(n) for n in points]
    ys = [math.log(max(t.cpu, 1e-4)) for t in points.values()]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def render_row(r: Row) -> str:
    if r.ref:
        ratio = f"{r.ours.cpu / r.ref.cpu:.2f}× (wall {r.ours.wall / r.ref.wall:.2f}×)"
        ref = f"{r.ref.label}: {r.ref.cell()}"
    else:
        ratio, ref = "—", "—"
    verdict = "" if r.met is None else ("met" if r.met else "**MISSED**")
    return f"| {r.case} | {r.size} | `{r.ours.label}`: {r.ours.cell()} | {ref} | {ratio} | {r.target} | {verdict} |"


def render(b: Bench, sizes: list[int], started: str, load: tuple[float, ...], tiny: bool, flags: str = "") -> str:
    import yaml

    import sciplan

    hledger = (
        subprocess.run(["hledger", "--version"], capture_output=True, text=True, check=False).stdout.strip()
        if shutil.which("hledger")
        else "hledger: not installed"
    )
    lines = [
        "# sciplan benchmark" + (" (tiny smoke run)" if tiny else ""),
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; "
        f"sciplan {sciplan.__version__}, Python {platform.python_version()}, PyYAML {yaml.__version__} "
        f"(libyaml {'yes' if yaml.__with_libyaml__ else 'no'}); {hledger}.",
        f"Run: `python bench/run.py {flags or '--sizes ' + ','.join(map(str, sizes))}`, started {started}; "
        "load average "
        f"at the start {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (shared machine: compare CPU times and ratios).",
        "Each cell: wall median (min–max), CPU median (user + system), peak RSS. Ratios are of medians, CPU "
        "first; verdicts are taken on CPU time. Roots: bench/generate.py, N indicators × 10 years × 2 peers.",
        "",
        "| case | size | sciplan | reference | ratio | target | verdict |",
        "|---|---|---|---|---|---|---|",
        *(render_row(r) for r in b.rows),
        "",
        "## Growth (CPU time, least-squares exponent over the sizes run)",
        "",
        "| command | " + " | ".join(f"{n:,}" for n in sizes) + " | exponent |",
        "|---|" + "---:|" * (len(sizes) + 1),
    ]
    for label, points in b.growth.items():
        cells = [_secs(points[n].cpu) if n in points else "—" for n in sizes]
        e = exponent(points)
        lines.append(f"| `{label}` | " + " | ".join(cells) + f" | {'—' if e is None else f'{e:.2f}'} |")
    report = b.growth.get(f"report {YEAR}", {})
    if 1000 in report and 10_000 in report:
        e = exponent({n: report[n] for n in (1000, 10_000)})
        assert e is not None
        lines += [
            "",
            f"Report growth from 1k to 10k: exponent {e:.2f} (target ≤ 1.1): {'met' if e <= 1.1 else 'MISSED'}.",
        ]
    lines += ["", "## Commands", ""]
    seen = set()
    for r in b.rows:
        for t in (r.ours, r.ref):
            if t and t.label not in seen:
                seen.add(t.label)
                lines.append(f"- {t.label}: `{relative(' '.join(t.argv))}`")
    return "\n".join(lines) + "\n"


def relative(command: str) -> str:
    """A command as anyone can read it: no path of the machine that ran it."""
    import re

    command = command.replace("\n", "\\n")
    command = re.sub(r"\S*/site/bin/sciplan", "sciplan", command)
    command = command.replace(sys.executable, "python")
    command = re.sub(r"/\S*/(budget\.journal|report-out)", r"$BENCH/\1", command)
    return command.replace(str(REPO) + "/", "").replace(str(REPO), ".")


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark sciplan (issue 19's cases) against its references.")
    parser.add_argument("--tiny", action="store_true", help="a quick smoke run; writes nothing")
    parser.add_argument("--sizes", default="1000,10000,100000", help="indicator counts, comma-separated")
    parser.add_argument("--only", default="sizes,peers,bigfile,demo", help="which groups of cases to run")
    parser.add_argument("--report-max", type=int, default=10_000, help="largest size to run `report` at")
    parser.add_argument("--lang-max", type=int, default=10_000, help="largest size to run the --lang case at")
    parser.add_argument("--cold-max", type=int, default=10**9, help="largest size to run the cold check at")
    parser.add_argument("--work", type=Path, help="keep generated roots here (default: a temporary folder)")
    parser.add_argument("--out", type=Path, help="where to write the results (default: bench/RESULTS.md)")
    args = parser.parse_args()
    tiny = args.tiny
    sizes = [20, 40, 80] if tiny else [int(s) for s in args.sizes.split(",")]
    only = set(args.only.split(","))
    started, load = time.strftime("%Y-%m-%d %H:%M"), os.getloadavg()

    temp = Path(tempfile.mkdtemp(prefix="sciplan-bench-"))
    work = args.work or temp
    work.mkdir(parents=True, exist_ok=True)
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "SCIPLAN_NO_CACHE", "SCIPLAN_LANG")
    }
    env.update(SCIPLAN_CACHE_DIR=str(temp / "cache"), NO_COLOR="1", COLUMNS="200", LANG="C.UTF-8")
    script = Path(sys.executable).with_name("sciplan")
    sciplan = (
        ([str(script)] if script.exists() else [sys.executable, "-m", "sciplan"])
        if tiny
        else regular_install(temp, env)
    )
    b = Bench(sciplan, env, tiny, work)
    print("| case | size | sciplan | reference | ratio | target | verdict |\n|---|---|---|---|---|---|---|", flush=True)
    try:
        if "demo" in only:
            run_demo(b)
        if "peers" in only:
            run_peers(b, 50 if tiny else 10_000)
        if "bigfile" in only:
            run_big_file(b, 1 if tiny else 60)
        if "sizes" in only:
            run_sizes(b, sizes, args.report_max, args.lang_max, args.cold_max)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    flags = f"--only {args.only} --sizes {args.sizes} --report-max {args.report_max} --lang-max {args.lang_max}" + (
        f" --cold-max {args.cold_max}" if args.cold_max < 10**9 else ""
    )
    text = render(b, sizes, started, load, tiny, flags)
    print(text)
    out = args.out or (None if tiny or args.sizes != "1000,10000,100000" else HERE / "RESULTS.md")
    if out:
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
