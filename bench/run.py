"""sciplan's benchmark: whole processes, timed side by side with what they are measured against.

    python bench/run.py              # the full run (a few minutes); writes bench/RESULTS.md
    python bench/run.py --tiny       # a seconds-long smoke run (CI keeps the benchmark working)

Scenarios (issues 6 and 10):
  read      every read command on the demo data, cache warm, from a regular (non-editable) install:
            status 2022 (table and JSON), trend, plan, compare, units, indicators  vs  hledger's budget
            report (`hledger bal --budget -Y`) on a journal of 50 accounts × 10 years of yearly goals
            and actuals; runs alternate with hledger's, and each ratio is of the medians
  start-up  `sciplan status 2022 --no-cache` (a first run, which parses)
  scale     `sciplan check` / `sciplan status` on 500 indicators × 20 years × 20 peers (~210,000
            values, ~5 MB of YAML)  vs  a bare `yaml.load(..., Loader=yaml.CSafeLoader)` of the files
  repeat    the same commands again on unchanged files (served by the cache)
  growth    the scale run at three sizes: time should grow linearly with the number of values
Each is run several times; the median, the spread (min–max) and the peak memory (max RSS of the
process, from wait4) are reported. Timing lives here, never in the test suite.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

BARE_PARSE = (
    "import glob, yaml\n"
    "for f in ['targets.yaml'] + sorted(glob.glob('data/*.yaml')):\n"
    "    with open(f, encoding='utf-8') as fh:\n"
    "        yaml.load(fh, Loader=yaml.CSafeLoader)\n"
)


@dataclass
class Timing:
    label: str
    command: str
    runs: list[float]  # seconds
    rss_mb: float

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def cell(self) -> str:
        return f"{self.median * 1000:,.0f} ms ({min(self.runs) * 1000:,.0f}–{max(self.runs) * 1000:,.0f})"


def run_once(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of one process; its output is discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(argv)}\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024


def measure(label: str, argv: list[str], cwd: Path, env: dict[str, str], repeat: int, warmup: int = 1) -> Timing:
    for _ in range(warmup):
        run_once(argv, cwd, env)
    samples = [run_once(argv, cwd, env) for _ in range(repeat)]
    shown = " ".join(a if " " not in a and "\n" not in a else repr(a) for a in argv)
    return Timing(label, shown, [s[0] for s in samples], max(s[1] for s in samples))


def sciplan_argv() -> list[str]:
    """The installed `sciplan` script beside this Python, as a user runs it."""
    script = Path(sys.executable).with_name("sciplan")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sciplan"]


def regular_install(work: Path, env: dict[str, str]) -> list[str]:
    """sciplan installed as a user installs it (`pip install .`, not editable: byte-compiled, no
    import hooks), beside this Python's dependencies; the argv of its script."""
    target = work / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(REPO)],
        check=True,
        env=env,
    )
    env["PYTHONPATH"] = str(target)
    return [sys.executable, str(target / "bin" / "sciplan")]


READ_COMMANDS = [
    ("status 2022 (table)", ["status", "2022"]),
    ("status 2022 -f json", ["status", "2022", "-f", "json"]),
    ("trend hightech_total", ["trend", "hightech_total"]),
    ("plan", ["plan"]),
    ("compare hightech_total", ["compare", "hightech_total"]),
    ("units 2022", ["units", "2022"]),
    ("indicators", ["indicators"]),
]


def alternating(
    label: str, argv: list[str], ref_label: str, ref: list[str], cwd: Path, ref_cwd: Path, env: dict, repeat: int
) -> tuple[Timing, Timing]:
    """`argv` and the reference run in turn, so a machine's changing load falls on both alike."""
    run_once(argv, cwd, env)  # the first run fills the cache
    run_once(ref, ref_cwd, env)
    ours, theirs = [], []
    for _ in range(repeat):
        ours.append(run_once(argv, cwd, env))
        theirs.append(run_once(ref, ref_cwd, env))
    shown = " ".join(argv)
    return (
        Timing(label, shown, [s[0] for s in ours], max(s[1] for s in ours)),
        Timing(ref_label, " ".join(ref), [s[0] for s in theirs], max(s[1] for s in theirs)),
    )


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


def compile_package() -> None:
    """Byte-compile sciplan as pip does on install (an editable checkout may not be)."""
    import compileall

    import sciplan

    compileall.compile_dir(Path(sciplan.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark sciplan against hledger and a bare libyaml parse.")
    parser.add_argument("--tiny", action="store_true", help="a quick smoke run; writes nothing")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    tiny = args.tiny

    compile_package()
    work = Path(tempfile.mkdtemp(prefix="sciplan-bench-"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "SCIPLAN_NO_CACHE")}
    env.update(SCIPLAN_CACHE_DIR=str(work / "cache"), NO_COLOR="1", COLUMNS="200")
    cold = {**env, "SCIPLAN_NO_CACHE": "1"}
    sciplan = sciplan_argv()
    reps = 3 if tiny else 15
    big_reps = 1 if tiny else 5
    rows: list[tuple[str, Timing, Timing | None, str]] = []  # (scenario, timing, reference, target)

    # read commands against hledger, from a regular install (the full run; --tiny uses this Python's)
    if not tiny:
        sciplan = regular_install(work, env)
        cold = {**env, "SCIPLAN_NO_CACHE": "1"}
    journal = work / "budget.journal"
    budget_journal(journal)
    hledger_argv = ["hledger", "-f", str(journal), "bal", "--budget", "-Y"]
    if shutil.which("hledger"):
        for label, args_ in READ_COMMANDS:
            ours, theirs = alternating(
                f"sciplan {label}", [*sciplan, *args_], "hledger bal --budget -Y", hledger_argv, REPO, work, env, reps
            )
            rows.append(("read (cache warm)", ours, theirs, "≤ 1.0×"))
    else:
        print("hledger is not installed: the read commands are timed without their reference", file=sys.stderr)
        for label, args_ in READ_COMMANDS:
            rows.append(
                ("read (cache warm)", measure(f"sciplan {label}", [*sciplan, *args_], REPO, env, reps, 1), None, "")
            )
    status_demo_cold = measure(
        "sciplan status 2022 --no-cache", [*sciplan, "status", "2022", "--no-cache"], REPO, env, reps
    )
    rows.append(("start-up", status_demo_cold, None, ""))

    # scale, repeat and growth
    sizes = [(20, 3, 3)] if tiny else [(125, 20, 20), (250, 20, 20), (500, 20, 20)]
    growth = []
    for indicators, years, peers in sizes:
        root = work / f"root-{indicators}"
        values = generate(root, indicators, years, peers)
        size_mb = sum(p.stat().st_size for p in root.rglob("*.yaml")) / 1e6
        last = 2000 + years - 1
        bare = measure("bare yaml.load (CSafeLoader)", [sys.executable, "-c", BARE_PARSE], root, env, big_reps)
        check = measure("sciplan check", [*sciplan, "check"], root, cold, big_reps, 0)
        status = measure(
            f"sciplan status {last} -f json", [*sciplan, "status", str(last), "-f", "json"], root, cold, big_reps, 0
        )
        growth.append((indicators, values, size_mb, bare, check, status))
        if indicators == sizes[-1][0]:
            status_table = measure(
                f"sciplan status {last} (table)", [*sciplan, "status", str(last)], root, cold, big_reps, 0
            )
            check_again = measure("sciplan check, files unchanged", [*sciplan, "check"], root, env, big_reps, 1)
            status_again = measure(
                f"sciplan status {last} -f json, unchanged",
                [*sciplan, "status", str(last), "-f", "json"],
                root,
                env,
                big_reps,
                1,
            )
            label = f"scale: {values:,} values, {size_mb:.1f} MB"
            rows += [
                (label, check, bare, "≤ 1.5×"),
                (label, status, bare, ""),
                (label, status_table, bare, ""),
                ("repeat", check_again, bare, "≤ 0.25×"),
                ("repeat", status_again, bare, "≤ 0.25×"),
            ]

    report = render(rows, growth, tiny)
    print(report)
    if not tiny:
        args.out.write_text(report, encoding="utf-8")
        print(f"wrote {args.out}")
    shutil.rmtree(work, ignore_errors=True)


def render(rows: list, growth: list, tiny: bool) -> str:
    import rich
    import typer
    import yaml

    import sciplan

    def versions() -> str:
        hledger = (
            subprocess.run(["hledger", "--version"], capture_output=True, text=True, check=False).stdout.strip()
            if shutil.which("hledger")
            else "hledger: not installed"
        )
        return (
            f"sciplan {sciplan.__version__}, Python {platform.python_version()}, PyYAML {yaml.__version__} "
            f"(libyaml {'yes' if yaml.__with_libyaml__ else 'no'}), typer {typer.__version__}, "
            f"rich {_version('rich', rich)}; {hledger}"
        )

    lines = [
        "# sciplan benchmark" + (" (tiny smoke run)" if tiny else ""),
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; "
        f"{versions()}.",
        f"Run: `python bench/run.py` on {time.strftime('%Y-%m-%d')}. Times are wall-clock per process: median "
        "(min–max) over repeated runs; memory is the peak RSS of the process.",
        "",
        "| scenario | command | time | peak RSS | reference | ratio | target |",
        "|---|---|---:|---:|---|---:|---|",
    ]
    verdicts = []
    for scenario, t, ref, target in rows:
        ratio = f"{t.median / ref.median:.2f}×" if ref else "n/a"
        ref_cell = f"{ref.label}: {ref.cell()}, {ref.rss_mb:.0f} MB" if ref else "—"
        met = ""
        if ref and target:
            met = " ✓" if t.median / ref.median <= float(target.strip("≤ ×")) else " ✗ missed"
            verdicts.append(f"- {scenario}, `{t.label}`: {ratio} against a target of {target}{met}")
        lines.append(
            f"| {scenario} | `{t.label}` | {t.cell()} | {t.rss_mb:.0f} MB | {ref_cell} | {ratio} | {target}{met} |"
        )
    lines += [
        "",
        "## Targets (issues 6 and 10)",
        "",
        *verdicts,
        "",
        "The read rows run the demo as a user does, from a regular install (`pip install .`) after a first "
        "run has filled the cache, each run alternating with hledger's; output goes to a file, as in a "
        "script or a pipe (a table is then drawn without importing rich). `--no-cache` shows a first "
        "run, which also imports pydantic and parses every file. "
        "Peak memory grows with the data (see below), not with the number of runs.",
        "",
    ]
    lines += [
        "",
        "## Growth",
        "",
        "| indicators | values | YAML | bare parse | check | status -f json | check per 1k values "
        "| peak RSS: check | bare parse |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for indicators, values, size_mb, bare, check, status in growth:
        lines.append(
            f"| {indicators} | {values:,} | {size_mb:.1f} MB | {bare.cell()} | {check.cell()} | "
            f"{status.cell()} | {check.median / values * 1e6:.2f} ms | {check.rss_mb:.0f} MB | {bare.rss_mb:.0f} MB |"
        )
    lines += ["", "## Commands", ""]
    seen = set()
    for _, t, ref, _ in rows:
        for x in (t, ref):
            if x and x.command not in seen:
                seen.add(x.command)
                lines.append(f"- {x.label}: `{relative(x.command)}`")
    return "\n".join(lines) + "\n"


def relative(command: str) -> str:
    """A command as anyone can read it: no path of the machine that ran it."""
    import re

    command = command.replace(sys.executable, "python")
    command = re.sub(r"\S*/sciplan-bench-[^/\s]*/site/bin/sciplan", "sciplan", command)  # the regular install
    command = re.sub(r"\S*/sciplan-bench-[^/\s]*/", "$BENCH/", command)  # the run's temporary folder
    command = command.replace(str(Path(sys.executable).with_name("sciplan")), "sciplan")
    return command.replace(str(REPO) + "/", "").replace(str(REPO), ".")


def _version(name: str, module: object) -> str:
    from importlib.metadata import version

    try:
        return version(name)
    except Exception:
        return getattr(module, "__version__", "?")


if __name__ == "__main__":
    main()
