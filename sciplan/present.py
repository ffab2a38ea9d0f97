"""What each command shows: computed results -> a `Grid` (table, markdown, plain, csv) and a
JSON document. Rounding for people happens here and only here; JSON and CSV stay unrounded."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from sciplan.render import Cell, Column, Grid, Note, Section
from sciplan.views.display import distinct_places, fmt, fmt_gap, fmt_share, places_for, to_json

if TYPE_CHECKING:  # only for annotations: each command imports just the computations it runs
    from sciplan.compute.milestones import MilestoneStatus
    from sciplan.compute.peers import Comparison
    from sciplan.compute.plans import PlanProgress, PlanRow
    from sciplan.compute.status import Result, Scorecard
    from sciplan.compute.trend import Trend
    from sciplan.compute.units import UnitsView
    from sciplan.records import Catalogue, Indicator, Plan

MARKERS = {
    "met": "✓",
    "near": "~",
    "short": "✗",
    "pending": "…",
    "missing": "!",
    "unknown": "?",
    "untargeted": "·",
}
STYLES = {
    "met": "green",
    "near": "yellow",
    "short": "red",
    "missing": "bold red",
    "pending": "blue",
    "unknown": "magenta",
    "untargeted": "dim",
}
SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


def marker(status: str) -> str:
    return f"{MARKERS[status]} {status}"


def _raw(x: Fraction | None) -> str:
    """An exact number for CSV: as written when it ends, else 15 significant digits."""
    if x is None:
        return ""
    value = to_json(x)
    return str(value) if isinstance(value, int) else repr(value)


# ---- status ---------------------------------------------------------------------------------


def _places(r: Result) -> int:
    """Decimals to show a row's target, actual and gap alike: as written, at most `decimals` (2),
    and more where rounding would make a missed threshold look equal to the actual."""
    cap = 2 if r.indicator.decimals is None else r.indicator.decimals
    resolved = r.resolved
    threshold = resolved.value if resolved else None
    actual = r.actual.value if r.actual else None
    places = places_for(threshold, resolved.stretch if resolved else None, actual, cap=cap)
    return distinct_places(actual, threshold, places)


def target_text(r: Result, places: int | None = None) -> str:
    """`≥ 50`, `≥ 50..60`, `+15% → ≥ 9,016`, `+15% (no 2021 actual)`, `—` without a target."""
    t, resolved = r.target, r.resolved
    if t is None or resolved is None:
        return "—"
    places = _places(r) if places is None else places
    symbol = SYMBOLS[resolved.op]
    if t.kind == "rank":
        return f"rank ≤ {int(t.amount)}"
    if resolved.value is None:
        return f"{t.text.strip()} (no {r.year - 1} actual)"
    level = f"{symbol} {fmt(resolved.value, places)}"
    if resolved.stretch is not None:
        level += f" (力争 {fmt(resolved.stretch, places)})"
    if t.kind == "level":
        return level
    return f"{t.text.strip()} → {level}"


def actual_text(r: Result, places: int | None = None, *, unit: str = "") -> str:
    """`86`, `≈100` (written as 100余 / 近100), `2.58*` (an estimate, 预计数)."""
    if r.actual is None:
        return "—"
    places = _places(r) if places is None else places
    text = fmt(r.actual.value, places) + unit
    if r.actual.approximate:
        text = "≈" + text
    if r.actual.estimated:
        text += " (预计)" if unit else "*"
    if r.actual.derived and not unit:
        text += "†"
    return text


def yoy_text(r: Result) -> str:
    if r.yoy is None:
        return "—"
    if r.indicator.percent:
        return fmt(r.yoy, _places(r), sign=True) + "pp"
    return fmt(r.yoy, 1, sign=True) + "%"


def status_text(r: Result) -> str:
    """`✓ met`; for a range target also whether the stretch (力争) was reached."""
    if r.stretch_met is None:
        return marker(r.status)
    return marker(r.status) + (", stretch" if r.stretch_met else ", below stretch")


def status_grid(card: Scorecard, results: list[Result], *, parts: bool = False) -> Grid:
    """The scorecard table. With `parts`, each total's parts follow it, indented (SPEC 5.7)."""
    right = "right"
    grid = Grid(
        title=scorecard_title(card),
        columns=[
            Column("Indicator", "name"),
            Column("id", "id", only="csv"),
            Column("Unit", "unit"),  # never dropped: "11.80" without 亿元 means nothing
            Column("Target", "target"),
            Column("Threshold", "threshold", only="csv"),
            Column("Actual", "actual", right),
            Column("Attainment", "attainment", right),
            Column("Gap", "gap", right, drop=3),
            Column("YoY", "yoy", right, drop=5),
            Column("Status", "status"),
        ],
    )
    ranked = any(r.rank for r in results)
    if ranked:
        grid.columns.insert(-1, Column("Rank", "rank", right, drop=4))
    paced = any(r.pace for r in results)
    if paced:
        grid.columns += [Column("Pace", "pace", drop=2), Column("pace gap (pp)", "pace_gap", only="csv")]
    grouped = any(r.indicator.group for r in results)
    group = None
    for r, depth in nested(results) if parts else ((r, 0) for r in results):
        if grouped and depth == 0 and r.indicator.group != group:
            group = r.indicator.group
            grid.rows.append(Section(group or "(no group)"))
        cells = _status_cells(r, depth)
        if ranked:
            cells.insert(-1, Cell(rank_text(r), raw=r.rank.position if r.rank else ""))
        if paced:
            cells += [
                Cell(pace_text(r), raw=r.pace.light if r.pace else "", style=LIGHTS[r.pace.light] if r.pace else None),
                Cell("", raw=_raw(r.pace.gap) if r.pace else ""),
            ]
        grid.rows.append(cells)
    if any(r.actual and r.actual.estimated for r in results):
        grid.notes.append(Note("* estimated (预计数), to be revised", "dim"))
    if any(r.actual and r.actual.derived for r in results):
        grid.notes.append(Note("† computed: from its formula, its parts or its sub-units", "dim"))
    if ranked:
        among = "the other units" if card.unit else "the peer regions"
        grid.notes.append(Note(f"Rank: position among {among} (1 is best)", "dim"))
    if paced:
        grid.notes.append(Note(pace_legend(card), "dim"))
    lines = [line for r in card.results if (line := shortfall(r))]
    if lines:
        grid.notes.append(Note("Shortfalls", kind="heading"))
        grid.notes += [Note(text, STYLES[status], kind="item") for status, text in lines]
    if card.milestones:
        grid.notes.append(Note("Milestones", kind="heading"))
        grid.notes += [Note(milestone_line(m), MILESTONE_STYLES[m.status], kind="item") for m in card.milestones]
    grid.notes.append(Note(summary_line(card)))
    return grid


def _status_cells(r: Result, depth: int = 0) -> list[Cell]:
    places = _places(r)
    gap_unit = "pp" if r.indicator.percent else ""
    resolved = r.resolved
    name = ("  " * (depth - 1) + "└ " if depth else "") + r.indicator.name
    return [
        Cell(name, raw=r.indicator.name),
        Cell(r.indicator.id),
        Cell(r.indicator.unit),
        Cell(target_text(r, places), raw=r.target.text if r.target else ""),
        Cell("", raw=_raw(resolved.value if resolved else None)),
        Cell(actual_text(r, places), raw=_raw(r.actual.value if r.actual else None)),
        Cell(fmt_share(r.attainment), raw=_raw(r.attainment)),
        Cell("—" if r.gap is None else fmt_gap(r.gap, places) + gap_unit, raw=_raw(r.gap)),
        Cell(yoy_text(r), raw=_raw(r.yoy)),
        Cell(status_text(r), raw=r.status, style=STYLES[r.status]),
    ]


def nested(results: list[Result]) -> list[tuple[Result, int]]:
    """Results with each total's parts right after it, one level deeper (parts of parts deeper)."""
    by_id = {r.indicator.id: r for r in results}
    inside = {p for r in results for p in r.indicator.parts if p in by_id}
    out: list[tuple[Result, int]] = []

    def add(r: Result, depth: int) -> None:
        out.append((r, depth))
        for part in r.indicator.parts:
            if part in by_id:
                add(by_id[part], depth + 1)

    for r in results:
        if r.indicator.id not in inside:
            add(r, 0)
    return out


def rank_text(r: Result) -> str:
    return "" if r.rank is None else f"{r.rank.position}/{r.rank.of}"


LIGHTS = {"green": "green", "yellow": "yellow", "red": "red"}
MILESTONE_MARKERS = {"done": "✓ done", "done_late": "✓ done late", "overdue": "✗ overdue", "open": "○ open"}
MILESTONE_STYLES = {"done": "green", "done_late": "yellow", "overdue": "red", "open": "blue"}


def pace_text(r: Result) -> str:
    """`red -32.5pp`: the light, then how far completion is ahead of (+) or behind (-) 序时进度."""
    if r.pace is None:
        return ""
    return f"{r.pace.light} {fmt(r.pace.gap, 1, sign=True)}pp"


def pace_legend(card: Scorecard) -> str:
    elapsed = card.elapsed
    share = "" if elapsed is None else f" ({fmt(elapsed, 1)}% of the year at {card.as_of.isoformat()})"  # type: ignore[union-attr]
    return f"Pace: completion of the target against 序时进度{share}; profiles shift it for back-loaded work"


def milestone_line(m: MilestoneStatus) -> str:
    ms = m.milestone
    when = f"done {m.done.isoformat()}, " if m.done else ""
    owner = f", {ms.owner}" if ms.owner else ""
    return f"{MILESTONE_MARKERS[m.status]}: {ms.task} ({when}due {ms.due_text}{owner})"


def scorecard_title(card: Scorecard) -> str:
    state = "final" if card.final else "open"
    if card.as_of:
        state += f", as of {card.as_of.isoformat()}"
    if card.elapsed is not None:
        state += f", {fmt(card.elapsed, 1)}% of the year"
    return f"{card.region} · {card.year} scorecard ({state})"


def summary_line(card: Scorecard) -> str:
    counts = card.summary
    parts = [f"{n} {status}" for status, n in counts.items() if n]
    total = len(card.results)
    return f"{total} indicator{'s' if total != 1 else ''}: " + " · ".join(parts)


def shortfall(r: Result) -> tuple[str, str] | None:
    """The shortfall in words, e.g. `全社会研发经费投入强度: 2.65% vs ≥ 2.80% — 0.15 pp short (94.6%)`."""
    ind = r.indicator
    status = r.status
    head = f"{MARKERS[status]} {ind.name}: "
    if status == "missing":
        return status, head + f"no actual reported, and {r.year} is final"
    if status == "unknown" and r.target is not None and r.target.kind != "rank":
        return status, head + f"{r.target.text.strip()} needs the {r.year - 1} actual, which is not reported"
    if status == "unknown" and r.target is not None and r.target.kind == "rank":
        return status, head + f"{r.target.text.strip()} needs the peers' values for {r.year}"
    if status == "short" and r.target is not None and r.target.kind == "rank" and r.rank is not None:
        return status, head + f"rank {r.rank.position} of {r.rank.of} vs rank ≤ {int(r.target.amount)}"
    if status not in ("near", "short") or r.resolved is None or r.gap is None or r.actual is None:
        return None
    places = _places(r)
    unit = ind.unit
    gap_unit = " pp" if ind.percent else unit
    actual = actual_text(r, places, unit=unit)
    target = f"{SYMBOLS[r.resolved.op]} {fmt(r.resolved.value, places)}{unit}"
    if r.target is not None and r.target.kind != "level":
        target += f" ({r.target.text.strip()})"
    over = "short" if r.resolved.op.startswith(">") else "over"  # below an at-least, above an at-most
    att = "" if r.attainment is None else f" ({fmt_share(r.attainment)})"
    text = f"{actual} vs {target} — {fmt(abs(r.gap), places)}{gap_unit} {over}{att}"
    if r.growth is not None and r.target is not None:
        text += "; " + growth_clause(r)
    return status, head + text


def growth_clause(r: Result) -> str:
    """Growth against growth, as a bureau writes it: 增长10.0%，目标15%，低5.0个百分点."""
    t, g = r.target, r.growth
    assert t is not None and g is not None
    amount = Fraction(t.amount)
    if t.kind == "growth":
        diff = g - amount
        achieved = f"增长{fmt(g, 1)}%" if g >= 0 else f"下降{fmt(-g, 1)}%"
        goal = f"{fmt(amount, _decimals(amount))}%" if amount >= 0 else f"下降{fmt(-amount, _decimals(amount))}%"
        return f"{achieved}，目标{goal}，{'低' if diff < 0 else '高'}{fmt(abs(diff), 1)}个百分点"
    places = max(_places(r), _decimals(amount))
    if t.kind == "points":
        diff = g - amount
        achieved = f"提高{fmt(g, places)}个百分点" if g >= 0 else f"下降{fmt(-g, places)}个百分点"
        goal = f"提高{fmt(amount, places)}" if amount >= 0 else f"下降{fmt(-amount, places)}"
        return f"{achieved}，目标{goal}个百分点，{'低' if diff < 0 else '高'}{fmt(abs(diff), places)}个百分点"
    unit = r.indicator.unit
    diff = g - amount
    achieved = f"增加{fmt(g, places)}{unit}" if g >= 0 else f"减少{fmt(-g, places)}{unit}"
    goal = f"增加{fmt(amount, places)}" if amount >= 0 else f"减少{fmt(-amount, places)}"
    return f"{achieved}，目标{goal}{unit}，{'少' if diff < 0 else '多'}{fmt(abs(diff), places)}{unit}"


def _decimals(x: Fraction) -> int:
    return places_for(x, cap=2)


def status_json(card: Scorecard, results: list[Result] | None = None) -> dict:
    unit = {"unit": card.unit} if card.unit else {}
    return {
        "region": card.region,
        **unit,
        "year": card.year,
        "final": card.final,
        "as_of": card.as_of.isoformat() if card.as_of else None,
        "indicators": [result_json(r) for r in (card.results if results is None else results)],
        "summary": card.summary,
        "milestones": [milestone_json(m) for m in card.milestones],
    }


def milestone_json(m: MilestoneStatus) -> dict:
    ms = m.milestone
    return {
        "id": ms.id,
        "task": ms.task,
        "due": ms.due.isoformat(),
        "due_text": ms.due_text,
        "owner": ms.owner,
        "done": m.done.isoformat() if m.done else None,
        "status": m.status,
    }


def pace_json(r: Result) -> dict | None:
    if r.pace is None:
        return None
    p = r.pace
    return {
        "elapsed": to_json(p.elapsed, integral_as_int=False),
        "expected": to_json(p.expected, integral_as_int=False),
        "completion": to_json(p.completion, integral_as_int=False),
        "gap": to_json(p.gap, integral_as_int=False),
        "light": p.light,
    }


def result_json(r: Result) -> dict:
    ind = r.indicator
    target = None
    if r.target is not None and r.resolved is not None:
        target = {
            "text": r.target.text,
            "op": r.resolved.op,
            "value": to_json(r.resolved.value),
            "stretch": to_json(r.resolved.stretch),
        }
    return {
        "id": ind.id,
        "name": ind.name,
        "unit": ind.unit,
        "kind": ind.kind,
        "direction": ind.direction,
        "target": target,
        "actual": to_json(r.actual.value) if r.actual else None,
        "approximate": bool(r.actual and r.actual.approximate),
        "previous": to_json(r.previous.value) if r.previous else None,
        "attainment": to_json(r.attainment, integral_as_int=False),
        "gap": to_json(r.gap),
        "yoy": to_json(r.yoy, integral_as_int=False),
        "yoy_unit": r.yoy_unit,
        "status": r.status,
        "stretch_met": r.stretch_met,
        "estimated": bool(r.actual and r.actual.estimated),
        "derived": bool(r.actual and r.actual.derived),
        "derived_from": r.actual.via if r.actual else None,
        "pace": pace_json(r),
        "rank": {"position": r.rank.position, "of": r.rank.of} if r.rank else None,
    }


# ---- indicators -----------------------------------------------------------------------------


def indicators_grid(cat: Catalogue) -> Grid:
    years = sorted({y for ind in cat.indicators.values() for y in ind.targets})
    grid = Grid(
        title=f"{cat.region} · {len(cat.indicators)} indicators",
        columns=[
            Column("id", "id"),
            Column("Indicator", "name"),
            Column("Unit", "unit"),
            Column("Kind", "kind", drop=2),
            Column("Dir.", "direction", drop=1),
        ]
        + [Column(str(y), str(y)) for y in years],
    )
    grouped = any(ind.group for ind in cat.indicators.values())
    group = None
    for ind in cat.indicators.values():
        if grouped and ind.group != group:
            group = ind.group
            grid.rows.append(Section(group or "(no group)"))
        grid.rows.append(
            [
                Cell(ind.id),
                Cell(ind.name),
                Cell(ind.unit),
                Cell(ind.kind),
                Cell("↑ up" if ind.up else "↓ down", raw=ind.direction),
            ]
            + [Cell(ind.targets[y].target.text if y in ind.targets else "") for y in years]
        )
    return grid


def indicators_json(cat: Catalogue) -> dict:
    return {
        "region": cat.region,
        "indicators": [indicator_json(ind) for ind in cat.indicators.values()],
    }


def indicator_json(ind: Indicator) -> dict:
    return {
        "id": ind.id,
        "name": ind.name,
        "name_en": ind.name_en,
        "unit": ind.unit,
        "kind": ind.kind,
        "direction": ind.direction,
        "group": ind.group,
        "note": ind.note,
        "targets": {str(y): {"text": e.target.text, "source": e.source} for y, e in sorted(ind.targets.items())},
    }


# ---- trend ----------------------------------------------------------------------------------

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


def rate_text(rate: float | Fraction | None, unit: str) -> str:
    if rate is None:
        return "—"
    return f"{fmt(Fraction(rate), 2, sign=True)}{' pp' if unit == 'pp' else '%'}/yr"


def trend_grid(t: Trend) -> Grid:
    ind = t.indicator
    right = "right"
    grid = Grid(
        title=f"{ind.name} ({ind.unit}) · {t.start}–{t.end}",
        columns=[
            Column("Year", "year"),
            Column("Target", "target"),
            Column("Threshold", "threshold", only="csv"),
            Column("Actual", "actual", right),
            Column("Attainment", "attainment", right),
            Column("Status", "status"),
            Column("YoY", "yoy", right),
            Column("Chart", "chart", only="table", drop=9),  # the first to go
        ],
    )
    scale = max(
        [r.actual.value for r in t.results if r.actual]
        + [r.resolved.value for r in t.results if r.resolved and r.resolved.value is not None],
        default=Fraction(0),
    )
    for r in t.results:
        places = _places(r)
        resolved = r.resolved
        grid.rows.append(
            [
                Cell(str(r.year)),
                Cell(target_text(r, places), raw=r.target.text if r.target else ""),
                Cell("", raw=_raw(resolved.value if resolved else None)),
                Cell(actual_text(r, places), raw=_raw(r.actual.value if r.actual else None)),
                Cell(fmt_share(r.attainment), raw=_raw(r.attainment)),
                Cell(status_text(r), raw=r.status, style=STYLES[r.status]),
                Cell(yoy_text(r), raw=_raw(r.yoy)),
                Cell(
                    bar(r.actual.value if r.actual else None, resolved.value if resolved else None, scale),
                    style=STYLES[r.status],
                ),
            ]
        )
    values = [r.actual.value if r.actual else None for r in t.results]
    grid.notes.append(Note(f"{sparkline(values)}  {t.start}–{t.end}"))
    if t.span is not None:
        first, last = t.span
        kind = "average change" if t.cagr_unit == "pp" else "compound annual growth (年均增长)"
        grid.notes.append(Note(f"{kind} {first}–{last}: {rate_text(t.cagr, t.cagr_unit)}"))
    else:
        grid.notes.append(Note("compound annual growth: needs actuals in two years"))
    if any(r.actual and r.actual.estimated for r in t.results):
        grid.notes.append(Note("* estimated (预计数), to be revised", "dim"))
    if any(r.actual and r.actual.derived for r in t.results):
        grid.notes.append(Note("† computed from the indicator's formula", "dim"))
    grid.notes.append(Note("chart: █ actual, ┃ target", "dim"))
    return grid


def trend_json(t: Trend) -> dict:
    return {
        "id": t.indicator.id,
        "unit": t.indicator.unit,
        "from": t.start,
        "to": t.end,
        "years": [
            {
                "year": r.year,
                "target": result_json(r)["target"],
                "actual": to_json(r.actual.value) if r.actual else None,
                "attainment": to_json(r.attainment, integral_as_int=False),
                "yoy": to_json(r.yoy, integral_as_int=False),
                "yoy_unit": r.yoy_unit,
                "status": r.status,
            }
            for r in t.results
        ],
        "cagr": to_json(t.cagr, integral_as_int=False) if t.cagr is not None else None,
        "cagr_unit": t.cagr_unit,
        "cagr_span": list(t.span) if t.span else None,
    }


# ---- plans ----------------------------------------------------------------------------------

CATEGORY_MARKERS = {
    "achieved": "✓ achieved",
    "on_track": "✓ on track",
    "accelerate": "~ accelerate",
    "limited": "✗ limited",
    "deteriorating": "✗ deteriorating",
    "insufficient_data": "? insufficient data",
}
CATEGORY_STYLES = {
    "achieved": "green",
    "on_track": "green",
    "accelerate": "yellow",
    "limited": "red",
    "deteriorating": "bold red",
    "insufficient_data": "magenta",
}


def _plan_places(row: PlanRow) -> int:
    cap = 2 if row.indicator.decimals is None else row.indicator.decimals
    values = [row.baseline_value, row.latest_value, row.resolved.value if row.resolved else None]
    written = -row.entry.target.amount.as_tuple().exponent if row.entry.target.kind == "level" else 0
    return min(cap, max(places_for(*values, cap=cap), int(written)))  # ">= 3.0" shows as ≥ 3.0


def plans_grid(region: str, progress: list[PlanProgress]) -> Grid:
    """The plans' rows. One plan: titled by it. Several (for CSV): plans are sections, which
    CSV writes as a `group` column."""
    right = "right"
    single = len(progress) == 1
    grid = Grid(
        title=f"{region} · {_plan_title(progress[0])}" if single else f"{region} · multi-year plans",
        columns=[
            Column("Indicator", "name"),
            Column("id", "id", only="csv"),
            Column("Unit", "unit"),  # never dropped: "11.80" without 亿元 means nothing
            Column("Baseline", "baseline_value", right, drop=5),
            Column("Latest", "latest_value", right),
            Column("year", "latest_year", only="csv"),
            Column("End target", "target"),
            Column("Progress", "progress", right, drop=3),
            Column("Expected", "expected", right, drop=7),  # the same for every row: the note says it
            Column("Rate/yr", "observed_rate", right, drop=4),
            Column("Needed/yr", "required_rate", right, drop=2),
            Column("Ratio", "ratio", right),
            Column("Category", "category"),
            Column("Projected", "projected", right, drop=6),
        ],
    )
    for p in progress:
        if not single:
            grid.rows.append(Section(_plan_title(p)))
        for row in p.rows:
            grid.rows.append(_plan_cells(row, p.plan))
    grid.notes.append(
        Note(
            "Progress: share of the way from baseline to end target; Expected: share of the plan's years gone. "
            "Ratio: observed / needed annual rate (on track ≥ 0.95, accelerate ≥ 0.60).",
            "dim",
        )
    )
    return grid


def _plan_title(p: PlanProgress) -> str:
    stood = f", as it stood in {p.year}" if p.year is not None else ""
    return f"{p.plan.name} ({p.plan.id}): {p.plan.baseline} → {p.plan.end}{stood}"


def _plan_cells(row: PlanRow, plan: Plan) -> list[Cell]:
    places = _plan_places(row)
    resolved = row.resolved
    target = "—"
    if resolved is not None and resolved.value is not None:
        target = f"{SYMBOLS[resolved.op]} {fmt(resolved.value, places)}"
        if row.entry.target.kind != "level":
            target = f"{row.entry.target.text.strip()} → {target}"
    elif row.entry.target.needs_base:
        target = f"{row.entry.target.text.strip()} (no {plan.baseline} actual)"
    latest = "—" if row.latest_value is None else f"{fmt(row.latest_value, places)} ({row.latest_year})"
    projected = None if row.projected is None else Fraction(row.projected)
    return [
        Cell(row.indicator.name),
        Cell(row.indicator.id),
        Cell(row.indicator.unit),
        Cell(fmt(row.baseline_value, places), raw=_raw(row.baseline_value)),
        Cell(latest, raw=_raw(row.latest_value)),
        Cell("", raw=row.latest_year or ""),
        Cell(target, raw=row.entry.target.text),
        Cell(_pct(row.progress), raw=_raw(row.progress)),
        Cell(_pct(row.expected), raw=_raw(row.expected)),
        Cell(_rate(row.observed_rate, row.rate_unit), raw=_raw_rate(row.observed_rate)),
        Cell(_rate(row.required_rate, row.rate_unit), raw=_raw_rate(row.required_rate)),
        Cell("—" if row.ratio is None else f"{float(row.ratio):.2f}", raw=_raw_rate(row.ratio)),
        Cell(CATEGORY_MARKERS[row.category], raw=row.category, style=CATEGORY_STYLES[row.category]),
        Cell(fmt(projected, places), raw=_raw_rate(row.projected)),
    ]


def _rate(rate: float | Fraction | None, unit: str) -> str:
    return "—" if rate is None else f"{fmt(Fraction(rate), 2, sign=True)}{unit}"


def _pct(x: Fraction | None) -> str:
    return "—" if x is None else f"{fmt(x, 1)}%"


def _raw_rate(x: float | Fraction | None) -> str:
    if x is None:
        return ""
    return _raw(x) if isinstance(x, Fraction) else repr(x)


def plans_json(progress: list[PlanProgress]) -> dict:
    return {"plans": [plan_json(p) for p in progress]}


def plan_json(p: PlanProgress) -> dict:
    def number(x: float | Fraction | None) -> float | int | None:
        return None if x is None else float(x)

    plan = p.plan
    return {
        "id": plan.id,
        "name": plan.name,
        "baseline": plan.baseline,
        "end": plan.end,
        "year": p.year,
        "indicators": [
            {
                "id": row.indicator.id,
                "baseline_value": to_json(row.baseline_value),
                "latest_value": to_json(row.latest_value),
                "latest_year": row.latest_year,
                "target": {
                    "text": row.entry.target.text,
                    "op": row.resolved.op if row.resolved else None,
                    "value": to_json(row.resolved.value) if row.resolved else None,
                    "stretch": to_json(row.resolved.stretch) if row.resolved else None,
                },
                "progress": to_json(row.progress, integral_as_int=False),
                "expected": to_json(row.expected, integral_as_int=False),
                "observed_rate": number(row.observed_rate),
                "required_rate": number(row.required_rate),
                "rate_unit": row.rate_unit,
                "ratio": None if row.ratio is None else float(row.ratio),
                "category": row.category,
                "projected": number(row.projected),
            }
            for row in p.rows
        ],
    }


# ---- compare (peers) ------------------------------------------------------------------------


def compare_grid(c: Comparison, region: str) -> Grid:
    ind = c.indicator
    right = "right"
    grid = Grid(
        title=f"{ind.name} ({ind.unit}) · {c.year} · {region} and its peers",
        columns=[
            Column("Region", "region"),
            Column("self", "self", only="csv"),
            Column("Value", "value", right),
            Column("Rank", "rank", right),
            Column("YoY", "yoy", right),
            Column(f"CAGR {c.year - c.years}–{c.year}", "cagr", right),
            Column("Chart", "chart", only="table", drop=9),  # the first to go
        ],
    )
    values = [row.value for row in c.rows if row.value is not None]
    scale = max(values, default=Fraction(0))
    places = places_for(*values, cap=2 if ind.decimals is None else ind.decimals)
    for row in c.rows:
        yoy = (
            "—"
            if row.yoy is None
            else fmt(row.yoy, 2 if ind.percent else 1, sign=True) + ("pp" if ind.percent else "%")
        )
        grid.rows.append(
            [
                Cell(("★ " if row.self else "") + row.region, raw=row.region, style="bold" if row.self else None),
                Cell("", raw="true" if row.self else "false"),
                Cell(fmt(row.value, places), raw=_raw(row.value)),
                Cell("—" if row.rank is None else str(row.rank), raw=row.rank or ""),
                Cell(yoy, raw=_raw(row.yoy)),
                Cell(_rate(row.cagr, c.rate_unit), raw=_raw_rate(row.cagr)),
                Cell(bar(row.value, None, scale), style="cyan" if row.self else None),
            ]
        )
    sentence = comparison_sentence(c)
    if sentence:
        grid.notes.append(Note(sentence))
    grid.notes.append(Note(f"★ {region}; rank 1 is best (ties share a rank)", "dim"))
    return grid


def comparison_sentence(c: Comparison) -> str | None:
    """ "近3年有效期内国家高新技术企业年均增长26.55%，低于兴化市的39.73%和靖江市的32.29%"."""
    own = next((r for r in c.rows if r.self), None)
    if own is None or own.cagr is None:
        return None
    pp = c.rate_unit == "pp"

    def rate(x: float | Fraction) -> str:
        return f"{fmt(Fraction(x), 2)}{'个百分点' if pp else '%'}"

    others = [r for r in c.rows if not r.self and r.cagr is not None]
    higher = sorted((r for r in others if r.cagr > own.cagr), key=lambda r: -r.cagr)
    lower = sorted((r for r in others if r.cagr < own.cagr), key=lambda r: -r.cagr)
    # Chinese reports say 下降 with the size of a fall, and 比上年 rather than 近1年…年均 for one year.
    rose = own.cagr >= 0
    verb = ("提高" if rose else "降低") if pp else ("增长" if rose else "下降")
    span = "比上年" if c.years == 1 else "年均"
    text = f"{'' if c.years == 1 else f'近{c.years}年'}{c.indicator.name}{span}{verb}{rate(abs(own.cagr))}"
    if higher:
        text += "，低于" + "和".join(f"{r.region}的{rate(r.cagr)}" for r in higher)
    if lower:
        text += "，高于" + "和".join(f"{r.region}的{rate(r.cagr)}" for r in lower)
    return text


def compare_json(c: Comparison) -> dict:
    return {
        "id": c.indicator.id,
        "year": c.year,
        "years": c.years,
        "regions": [
            {
                "region": r.region,
                "self": r.self,
                "value": to_json(r.value),
                "rank": r.rank,
                "yoy": to_json(r.yoy, integral_as_int=False),
                "cagr": None if r.cagr is None else float(r.cagr),
            }
            for r in c.rows
        ],
        "rate_unit": c.rate_unit,
    }


# ---- units (乡镇/园区) -----------------------------------------------------------------------


def units_matrix(view: UnitsView, region: str) -> Grid:
    """Units down, indicators across: each cell the actual, its status marker and its rank."""
    grid = Grid(
        title=f"{region} · {view.year} by unit",
        columns=[Column("Unit", "unit")] + [Column(ind.name, ind.id, "right") for ind in view.indicators],
    )
    for unit in view.cards:
        row = [Cell(unit)]
        for ind in view.indicators:
            r = view.cell(unit, ind.id)
            row.append(Cell(_unit_cell(r), raw=r.status, style=STYLES[r.status]))
        grid.rows.append(row)
    total = [Cell(f"{region} (total)", style="bold")]
    for ind in view.indicators:
        r = view.total(ind.id)
        total.append(Cell(_unit_cell(r, ranked=False), raw=r.status, style=STYLES[r.status]))
    grid.rows.append(total)
    grid.notes.append(Note("Each cell: actual / target, status, (rank among the units)", "dim"))
    return grid


def _unit_cell(r: Result, ranked: bool = True) -> str:
    places = _places(r)
    actual = actual_text(r, places) if r.actual else "—"
    target = ""
    if r.resolved is not None and r.resolved.value is not None and r.target is not None and r.target.kind != "rank":
        target = f" / {fmt(r.resolved.value, places)}"
    rank = f" ({r.rank.position})" if ranked and r.rank else ""
    return f"{actual}{target} {MARKERS[r.status]}{rank}"


def units_detail(view: UnitsView, region: str) -> Grid:
    """One row per unit and indicator (and the region's total): the long form, for one indicator
    or for CSV."""
    right = "right"
    single = len(view.indicators) == 1
    title = f"{view.indicators[0].name} ({view.indicators[0].unit}) · " if single else ""
    grid = Grid(
        title=f"{title}{region} · {view.year} by unit",
        columns=[
            Column("Unit", "unit"),
            Column("Indicator", "id") if not single else Column("id", "id", only="csv"),
            Column("Target", "target"),
            Column("Actual", "actual", right),
            Column("Attainment", "attainment", right),
            Column("Status", "status"),
            Column("Rank", "rank", right),
            Column("YoY", "yoy", right),
            Column("Share", "share", right),
        ],
    )
    for ind in view.indicators:
        total = view.total(ind.id)
        for unit in [*view.cards, None]:
            r = total if unit is None else view.cell(unit, ind.id)
            share = None
            if unit is not None and r.actual and total.actual and total.actual.value > 0 and ind.kind != "ratio":
                share = r.actual.value / total.actual.value * 100
            places = _places(r)
            grid.rows.append(
                [
                    Cell(unit or f"{region} (total)", style=None if unit else "bold"),
                    Cell(ind.name if not single else ind.id, raw=ind.id),
                    Cell(target_text(r, places), raw=r.target.text if r.target else ""),
                    Cell(actual_text(r, places), raw=_raw(r.actual.value if r.actual else None)),
                    Cell(fmt_share(r.attainment), raw=_raw(r.attainment)),
                    Cell(status_text(r), raw=r.status, style=STYLES[r.status]),
                    Cell(rank_text(r) if unit else "", raw=r.rank.position if r.rank and unit else ""),
                    Cell(yoy_text(r), raw=_raw(r.yoy)),
                    Cell(_pct(share), raw=_raw(share)),
                ]
            )
    return grid


def units_json(view: UnitsView) -> dict:
    return {
        "year": view.year,
        "indicators": [ind.id for ind in view.indicators],
        "units": [
            {"unit": unit, "results": [result_json(view.cell(unit, ind.id)) for ind in view.indicators]}
            for unit in view.cards
        ],
        "total": [result_json(view.total(ind.id)) for ind in view.indicators],
    }
