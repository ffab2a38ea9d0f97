"""Benchmark of the figures commands (issue 20): whole processes, medians of several runs.

  python bench/figures.py            # writes bench/RESULTS-figures.md
  python bench/figures.py --tiny     # a seconds-long smoke run

import   `sciplan import` of a 300-row, 12-column 统计局 月报 (.xlsx, merged two-row header) into a root of
         300 indicators, end to end (written, a roll-over from March to June)          target ≤ 1.0 s
set      `sciplan set` of one figure  vs  `sciplan status` on the same root, alternating (the demo, and a
         generated root of 1,000 indicators)                                                target ≤ 1.5×
writer   the span writer's edit of a 5 MB year file (read, edit, prove, write), in process  target ≤ 0.5 s
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SCIPLAN = [sys.executable, "-m", "sciplan"]


CPU: dict[int, float] = {}  # id of a list of wall times -> the CPU times of the same runs (see cpu())


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _time(command: list[str], cwd: Path, runs: int, before=None) -> list[float]:
    """Wall times of `runs` runs; their CPU times (user + system of the process, what a loaded machine does
    not inflate) in CPU[id(result)]."""
    out, cpu = [], []
    for _ in range(runs):
        if before is not None:
            before()
        start, used = time.perf_counter(), _children_cpu()
        done = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
        out.append(time.perf_counter() - start)
        cpu.append(_children_cpu() - used)
        if done.returncode != 0:
            sys.exit(f"{' '.join(command)} failed: {done.stderr.decode()[-2000:]}")
    CPU[id(out)] = cpu
    return out


def cpu(runs: list[float]) -> list[float]:
    return CPU[id(runs)]


def monthly_root(folder: Path, rows: int = 300) -> tuple[Path, Path]:
    import openpyxl

    root = folder / "root"
    (root / "data").mkdir(parents=True)
    lines = ["region: 基准区", "indicators:"]
    lines += [f"  ind_{n}: {{name: 指标{n}, unit: 万元}}" for n in range(rows)]
    (root / "targets.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "data" / "2022.yaml").write_text(
        "year: 2022\nfinal: true\nactuals:\n" + "".join(f"  ind_{n}: {1000 + n}\n" for n in range(rows)),
        encoding="utf-8",
    )
    (root / "data" / "2023.yaml").write_text(
        "year: 2023\nfinal: false\nas_of: 2023-03-31\nactuals:\n"
        + "".join(f"  ind_{n}: {250 + n}   # 1-3月\n" for n in range(rows)),
        encoding="utf-8",
    )
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "月报"
    ws.append(["2023年1-6月主要经济指标"])
    ws.merge_cells("A1:L1")
    ws.append(["单位：万元"])
    top = ["指标名称", "计量单位", "6月", None, "1-6月累计", None, "去年同期", None, "5月", None, "备注", "序号"]
    ws.append(top)
    ws.append([None, None, "绝对值", "增长%", "绝对值", "增长%", "6月", "1-6月", "绝对值", "增长%", None, None])
    for cells in ("A3:A4", "B3:B4", "C3:D3", "E3:F3", "G3:H3", "I3:J3", "K3:K4", "L3:L4"):
        ws.merge_cells(cells)
    for n in range(rows):
        ws.append([f"指标{n}", "万元", 90 + n, 5.1, 520 + n + 0.25, 6.2, 80 + n, 480 + n, 85, 4.4, None, n + 1])
    sheet = folder / "2023年1-6月主要经济指标.xlsx"
    wb.save(sheet)
    return root, sheet


def bench_import(runs: int, rows: int) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        root, sheet = monthly_root(Path(tmp), rows)
        original = (root / "data" / "2023.yaml").read_bytes()

        def fresh() -> None:
            (root / "data" / "2023.yaml").write_bytes(original)
            shutil.rmtree(root / "import", ignore_errors=True)

        return _time([*SCIPLAN, "import", str(sheet), "--root", str(root)], root, runs, fresh)


def bench_set(runs: int, root: Path, year: str, ident: str, first: int) -> dict[str, list[float]]:
    """`status YEAR` and `set IDENT … --year YEAR` on the same root, alternating: each round a status that
    warms the cache again (the set before changed the file; not timed), a timed status, a timed set — the
    user's round of looking, then writing one figure. Then, no target: sets one after another, each on
    the root the set before it changed (the cache stale: the root is loaded whole)."""
    status_cmd = [*SCIPLAN, "status", year]
    values = iter(range(first, first + 10 * runs))
    out: dict[str, list[float]] = {"status": [], "set": [], "set after set": []}
    cpus: dict[str, list[float]] = {k: [] for k in out}

    def timed(name: str | None, command: list[str]) -> None:
        one = _time(command, root, 1)
        if name is not None:
            out[name] += one
            cpus[name] += cpu(one)

    for _ in range(runs):
        timed(None, status_cmd)
        timed("status", status_cmd)
        timed("set", [*SCIPLAN, "set", ident, str(next(values)), "--year", year])
    for _ in range(runs):
        timed("set after set", [*SCIPLAN, "set", ident, str(next(values)), "--year", year])
    for name, walls in out.items():
        CPU[id(walls)] = cpus[name]
    return out


def demo_root(folder: Path) -> Path:
    root = folder / "demo"
    root.mkdir()
    shutil.copy(REPO / "targets.yaml", root)
    shutil.copytree(REPO / "data", root / "data")
    return root


def generated_root(folder: Path, indicators: int) -> tuple[Path, int]:
    """bench/generate.py's root (N indicators × 10 years × 2 peers) and ind_0001's figure in 2009."""
    sys.path.insert(0, str(HERE))
    from generate import generate

    root = folder / f"gen{indicators}"
    generate(root, indicators, 10, 2)
    line = next(x for x in (root / "data" / "2009.yaml").read_text(encoding="utf-8").splitlines() if "ind_0001:" in x)
    return root, int(Decimal(line.split(":")[1].strip()))


def bench_writer(runs: int, size: int) -> tuple[list[float], int]:
    sys.path.insert(0, str(REPO))
    from sciplan.store.yamledit import Put, YamlFile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "2022.yaml"
        lines = ["year: 2022", "final: false", "as_of: 2022-06-30", "actuals:"]
        n = 0
        total = 0
        while total < size:
            line = f"  ind_{n}: {{value: {n}.5, note: 说明{n}, source: 2022年工作总结}}  # 注释"
            lines.append(line)
            total += len(line.encode()) + 1
            n += 1
        lines += ["months:", "  3: {ind_1: 1.5, ind_2: 2.5}"]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out, used = [], []
        for run in range(runs):
            start, cpu_start = time.perf_counter(), time.process_time()
            doc = YamlFile.read(path, "data/2022.yaml")
            new = doc.edit([Put(("actuals", f"ind_{n // 2}", "value"), Decimal(run)), Put(("months", 3, "ind_3"), 7)])
            doc.write(new)
            out.append(time.perf_counter() - start)
            used.append(time.process_time() - cpu_start)
        CPU[id(out)] = used
        return out, path.stat().st_size if path.exists() else total


def _met(met: bool | None) -> str:
    return "" if met is None else ("yes" if met else "no")


def ms(runs: list[float]) -> str:
    return f"{statistics.median(runs) * 1000:,.0f} ms ({min(runs) * 1000:,.0f}–{max(runs) * 1000:,.0f})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tiny", action="store_true")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--generated", type=int, default=1000, help="indicators of the generated root (0: none)")
    args = parser.parse_args()
    runs = 2 if args.tiny else args.runs
    imported = bench_import(runs, 30 if args.tiny else 300)
    with tempfile.TemporaryDirectory() as tmp:
        demo = bench_set(runs, demo_root(Path(tmp)), "2022", "hightech_total", 270)
        generated = None
        if args.generated and not args.tiny:
            root, figure = generated_root(Path(tmp), args.generated)
            generated = bench_set(runs, root, "2009", "ind_0001", figure)
    written, size = bench_writer(runs, 200_000 if args.tiny else 5 * 1024 * 1024)
    # the targets are judged on CPU time (user + system): on a shared machine the wall time is mostly waiting
    med = {name: statistics.median(cpu(r)) for name, r in (("i", imported), ("w", written))}
    rows = [("import, 300 rows × 12 columns (.xlsx)", imported, "≤ 1.0 s", med["i"] <= 1.0)]
    for label, found in (("demo", demo), (f"generated, {args.generated:,} indicators", generated)):
        if found is None:
            continue
        status, sets, again = found["status"], found["set"], found["set after set"]
        ratio = statistics.median(cpu(sets)) / statistics.median(cpu(status))
        stale = statistics.median(cpu(again)) / statistics.median(cpu(status))
        rows += [
            (f"status (warm cache; {label})", status, "", None),
            (f"set of one figure (after a status; {label})", sets, f"≤ 1.5× status: {ratio:.2f}×", ratio <= 1.5),
            (f"set right after a set (cache stale; {label})", again, f"{stale:.2f}× status (no target)", None),
        ]
    rows.append((f"writer: edit of a {size / 1e6:.1f} MB year file", written, "≤ 0.5 s", med["w"] <= 0.5))
    table = ["| scenario | CPU time, median (min–max) | wall time, median | target (on CPU time) | met |"]
    table += ["|---|---|---|---|---|"]
    table += [
        f"| {a} | {ms(cpu(r))} | {statistics.median(r) * 1000:,.0f} ms | {c} | {_met(d)} |" for a, r, c, d in rows
    ]
    text = "\n".join(table)
    print(text)
    if not args.tiny:
        import os

        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        machine = (
            f"{platform.machine()}, {os.cpu_count()} cores, load average {load} at the end, "
            f"Python {platform.python_version()}, {runs} runs each; status and set alternating"
        )
        (HERE / "RESULTS-figures.md").write_text(
            f"# Figures in: import, set and the span writer\n\n`python bench/figures.py` on {machine}.\n\n{text}\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
