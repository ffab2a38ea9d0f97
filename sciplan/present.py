"""What each command shows: computed results -> a `Grid` (table, markdown, plain, csv) and a
JSON document. Rounding for people happens here and only here; JSON and CSV stay unrounded."""

from __future__ import annotations

from fractions import Fraction

from sciplan.compute.milestones import MilestoneStatus
from sciplan.compute.status import Result, Scorecard
from sciplan.domain import Catalogue, Indicator
from sciplan.numbers import fmt, fmt_gap, places_for, to_json
from sciplan.render import Cell, Column, Grid, Note, Section

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


def _with_unit(text: str, unit: str) -> str:
    return text + unit


# ---- status ---------------------------------------------------------------------------------


def _places(r: Result) -> int:
    cap = 2 if r.indicator.decimals is None else r.indicator.decimals
    resolved = r.resolved
    return places_for(
        resolved.value if resolved else None,
        resolved.stretch if resolved else None,
        r.actual.value if r.actual else None,
        cap=cap,
    )


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
    return marker(r.status) + (", stretch" if r.stretch_met else "")


def status_grid(card: Scorecard, results: list[Result]) -> Grid:
    right = "right"
    grid = Grid(
        title=scorecard_title(card),
        columns=[
            Column("Indicator", "name"),
            Column("id", "id", only="csv"),
            Column("Unit", "unit"),
            Column("Target", "target"),
            Column("Threshold", "threshold", only="csv"),
            Column("Actual", "actual", right),
            Column("Attainment", "attainment", right),
            Column("Gap", "gap", right),
            Column("YoY", "yoy", right),
            Column("Status", "status"),
        ],
    )
    paced = any(r.pace for r in results)
    if paced:
        grid.columns += [Column("Pace", "pace"), Column("pace gap (pp)", "pace_gap", only="csv")]
    grouped = any(r.indicator.group for r in results)
    group = None
    for r in results:
        if grouped and r.indicator.group != group:
            group = r.indicator.group
            grid.rows.append(Section(group or "(no group)"))
        places = _places(r)
        gap_unit = "pp" if r.indicator.percent else ""
        resolved = r.resolved
        grid.rows.append(
            [
                Cell(r.indicator.name),
                Cell(r.indicator.id),
                Cell(r.indicator.unit),
                Cell(target_text(r, places), raw=r.target.text if r.target else ""),
                Cell("", raw=_raw(resolved.value if resolved else None)),
                Cell(actual_text(r, places), raw=_raw(r.actual.value if r.actual else None)),
                Cell("—" if r.attainment is None else fmt(r.attainment, 1) + "%", raw=_raw(r.attainment)),
                Cell("—" if r.gap is None else fmt_gap(r.gap, places) + gap_unit, raw=_raw(r.gap)),
                Cell(yoy_text(r), raw=_raw(r.yoy)),
                Cell(status_text(r), raw=r.status, style=STYLES[r.status]),
            ]
        )
        if paced:
            grid.rows[-1] += [
                Cell(
                    pace_text(r), raw=r.pace.light if r.pace else "", style=LIGHTS.get(r.pace.light) if r.pace else None
                ),
                Cell("", raw=_raw(r.pace.gap) if r.pace else ""),
            ]
    if any(r.actual and r.actual.estimated for r in results):
        grid.notes.append(Note("* estimated (预计数), to be revised", "dim"))
    if any(r.actual and r.actual.derived for r in results):
        grid.notes.append(Note("† computed from the indicator's formula", "dim"))
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
    if status == "unknown" and r.target is not None:
        return status, head + f"{r.target.text.strip()} needs the {r.year - 1} actual, which is not reported"
    if status not in ("near", "short") or r.resolved is None or r.gap is None or r.actual is None:
        return None
    places = _places(r)
    unit = ind.unit
    gap_unit = " pp" if ind.percent else unit
    actual = actual_text(r, places, unit=unit)
    target = f"{SYMBOLS[r.resolved.op]} {fmt(r.resolved.value, places)}{unit}"
    if r.target is not None and r.target.kind != "level":
        target += f" ({r.target.text.strip()})"
    over = "short" if ind.up else "over"
    att = "" if r.attainment is None else f" ({fmt(r.attainment, 1)}%)"
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
        return (
            f"{achieved}，目标{fmt(amount, _decimals(amount))}%，"
            f"{'低' if diff < 0 else '高'}{fmt(abs(diff), 1)}个百分点"
        )
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
    return {
        "region": card.region,
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
        "pace": pace_json(r),
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
            Column("Kind", "kind"),
            Column("Dir.", "direction"),
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
