"""Text charts for the rich table: a bar per row and a sparkline under the table."""

from __future__ import annotations

from fractions import Fraction

SPARKS = "▁▂▃▄▅▆▇█"
BAR_WIDTH = 24


def sparkline(values: list[Fraction | None]) -> str:
    """`▁▃▅█` over the values; a gap where a year has none."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = high - low
    out = []
    for v in values:
        if v is None:
            out.append(" ")
        else:
            step = 0 if span == 0 else int((v - low) / span * (len(SPARKS) - 1) + Fraction(1, 2))
            out.append(SPARKS[step])
    return "".join(out)


def bar(value: Fraction | None, target: Fraction | None, scale: Fraction) -> str:
    """A bar for `value` with `┃` where the target stands, both against `scale` (the largest)."""
    cells = [" "] * BAR_WIDTH
    if value is not None and value > 0 and scale > 0:
        eighths = int(value / scale * BAR_WIDTH * 8 + Fraction(1, 2))
        full, part = divmod(min(eighths, BAR_WIDTH * 8), 8)
        for i in range(full):
            cells[i] = "█"
        if part and full < BAR_WIDTH:
            cells[full] = " ▏▎▍▌▋▊▉"[part]
    if target is not None and target > 0 and scale > 0:
        at = min(int(target / scale * BAR_WIDTH + Fraction(1, 2)), BAR_WIDTH) - 1
        cells[max(at, 0)] = "┃"
    return "".join(cells)
