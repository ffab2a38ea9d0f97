"""Benchmark of the figures commands (issue 20): whole processes, medians of several runs.

  python bench/figures.py            # writes bench/RESULTS-figures.md
  python bench/figures.py --tiny     # a seconds-long smoke run

import   `sciplan import` of a 300-row, 12-column 统计局 月报 (.xlsx, merged two-row header) into a root of
         300 indicators, end to end (written, a roll-over from March to June)          target ≤ 1.0 s
set      `sciplan set` of one figure on the demo root  vs  `sciplan status 2022` there  target ≤ 1.5×
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


def bench_set(runs: int) -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "demo"
        root.mkdir()
        shutil.copy(REPO / "targets.yaml", root)
        shutil.copytree(REPO / "data", root / "data")
        _time([*SCIPLAN, "status", "2022"], root, 1)  # the cache warm for both
        status = _time([*SCIPLAN, "status", "2022"], root, runs)
        values = iter(range(270, 270 + 10 * runs))
        sets: list[float] = []
        set_cpu: list[float] = []
        for _ in range(runs):
            one = _time([*SCIPLAN, "set", "hightech_total", str(next(values)), "--year", "2022"], root, 1)
            sets += one
            set_cpu += cpu(one)
        CPU[id(sets)] = set_cpu
        return status, sets


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
    args = parser.parse_args()
    runs = 2 if args.tiny else 7
    imported = bench_import(runs, 30 if args.tiny else 300)
    status, sets = bench_set(runs)
    written, size = bench_writer(2 if args.tiny else 3, 200_000 if args.tiny else 5 * 1024 * 1024)
    # the targets are judged on CPU time (user + system): on a shared machine the wall time is mostly waiting
    runs_of = {"i": imported, "st": status, "se": sets, "w": written}
    med = {name: statistics.median(cpu(r)) for name, r in runs_of.items()}
    ratio = med["se"] / med["st"]
    rows = [
        ("import, 300 rows × 12 columns (.xlsx)", imported, "≤ 1.0 s", med["i"] <= 1.0),
        ("status 2022 (demo, cache warm)", status, "", None),
        ("set hightech_total … --year 2022 (demo)", sets, f"≤ 1.5× status: {ratio:.2f}×", ratio <= 1.5),
        (f"writer: edit of a {size / 1e6:.1f} MB year file", written, "≤ 0.5 s", med["w"] <= 0.5),
    ]
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
            f"Python {platform.python_version()}, {runs} runs each (the writer 3)"
        )
        (HERE / "RESULTS-figures.md").write_text(
            f"# Figures in: import, set and the span writer\n\n`python bench/figures.py` on {machine}.\n\n{text}\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
