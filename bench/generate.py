"""Synthetic data roots for the benchmark: indicators × years × peer regions.

    python bench/generate.py OUT --indicators 500 --years 20 --peers 20

writes OUT/targets.yaml and OUT/data/<YEAR>.yaml with (1 + peers) × indicators × years values,
shaped like real sciplan data (units, money suffixes, provenance mappings, a few formulas), so that
`sciplan check` and `sciplan status` do the work they do on a provincial department's files.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

UNITS = ["家", "件", "个", "亿元", "万元", "%"]
FIRST_YEAR = 2000


def generate(out: Path, indicators: int, years: int, peers: int, seed: int = 1) -> int:
    """Write the root; returns the number of values written."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "data").mkdir(exist_ok=True)
    specs = []
    lines = ["region: 基准市", "indicators:"]
    for i in range(indicators):
        unit = UNITS[i % len(UNITS)]
        kind = "ratio" if unit == "%" else ("stock" if i % 7 == 0 else "flow")
        base = rng.uniform(1, 9) if unit == "%" else rng.uniform(50, 5000)
        specs.append((f"ind_{i:04d}", unit, base))
        lines += [
            f"  ind_{i:04d}:",
            f"    name: 指标{i:04d}",
            f'    unit: "{unit}"',
            f"    kind: {kind}",
            f"    group: 分组{i % 12:02d}",
        ]
        if i % 50 == 49 and unit != "%":  # a few derived indicators
            lines.append(f"    formula: ind_{i - 1:04d} + ind_{i - 2:04d}")
            continue
        lines.append("    targets:")
        for y in range(FIRST_YEAR, FIRST_YEAR + years):
            growth = 1.0 + 0.06 * (y - FIRST_YEAR)
            if unit == "%":
                lines.append(f'      {y}: ">= {base + 0.1 * (y - FIRST_YEAR):.2f}"')
            elif i % 3 == 0:
                lines.append(f'      {y}: "+8%"')
            else:
                lines.append(f'      {y}: {{target: ">= {base * growth:.0f}", source: 工作要点{y}}}')
    (out / "targets.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    regions = [f"邻市{p:02d}" for p in range(peers)]
    count = 0
    for y in range(FIRST_YEAR, FIRST_YEAR + years):
        growth = 1.0 + 0.065 * (y - FIRST_YEAR)
        rows = [f"year: {y}", "final: true", f"source: 统计公报{y}", "actuals:"]
        for n, (ident, unit, base) in enumerate(specs):
            if n % 50 == 49 and unit != "%":
                continue  # derived by its formula
            value = base * growth * rng.uniform(0.9, 1.1)
            count += 1
            if unit == "%":
                rows.append(f"  {ident}: {value:.2f}%")
            elif unit == "亿元" and n % 4 == 0:
                rows.append(f"  {ident}: {value * 10000:.0f}万元")  # converted on reading
            elif n % 5 == 0:
                rows.append(f"  {ident}: {{value: {value:.1f}, source: 统计局}}")
            else:
                rows.append(f"  {ident}: {value:.1f}")
        rows.append("peers:")
        for region in regions:
            rows.append(f"  {region}:")
            for n, (ident, unit, base) in enumerate(specs):
                if n % 50 == 49 and unit != "%":
                    continue
                count += 1
                rows.append(f"    {ident}: {base * growth * rng.uniform(0.7, 1.3):.1f}")
        (out / "data" / f"{y}.yaml").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--indicators", type=int, default=500)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--peers", type=int, default=20)
    args = parser.parse_args()
    n = generate(args.out, args.indicators, args.years, args.peers)
    size = sum(p.stat().st_size for p in args.out.rglob("*.yaml"))
    print(f"{args.out}: {n:,} values, {size / 1e6:.1f} MB of YAML")


if __name__ == "__main__":
    main()
