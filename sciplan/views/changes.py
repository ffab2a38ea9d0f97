"""`sciplan diff` and `sciplan history`: the figures that changed between revisions, and one figure
through its commits, as views every format renders (table, markdown, plain, csv, json)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from sciplan.core.i18n import _
from sciplan.core.numbers import WRITTEN_PLACES, exact, fmt, fmt_change, terminating_places
from sciplan.views import Column, Note, View, as_json
from sciplan.views.words import LIGHT_WORDS, STATUS_WORDS, stage_word, target_words

if TYPE_CHECKING:
    from sciplan.compute.figures import Figure
    from sciplan.compute.history import Log, Revision
    from sciplan.compute.revisions import Comparison
    from sciplan.core.records import Catalogue, Indicator


def _written(x: Fraction | Decimal, decimals: int, *, sign: bool = False) -> str:
    """`x` with at least `decimals` places and every place it has (a figure as written is exact, so
    nothing is rounded away); a value computed from others, with `decimals` places."""
    if isinstance(x, Decimal):
        # trailing zeros are no digits: 5.8000 (as an import wrote it) − … shows as 0.10, never 0.1000
        exponent = x.normalize().as_tuple().exponent if x else 0
        places = max(decimals, -exponent if isinstance(exponent, int) else 0)
        text = format(x.quantize(Decimal(1).scaleb(-places)), "f")
        return ("+" + text) if sign and x > 0 else text
    places = max(decimals, terminating_places(x, WRITTEN_PLACES) or 0)
    return fmt(x, places, sign=sign)


def value_text(value: Fraction | Decimal | None, ind: Indicator | None, *, approximate: bool = False) -> str:
    """`268家`, `3.10亿元`, `2.58%`: in the indicator's unit and decimals, never hiding a digit written."""
    if value is None:
        return "—"
    return ("≈" if approximate else "") + _written(value, ind.decimals or 0 if ind else 0) + (ind.unit if ind else "")


def revision_text(old: Fraction | Decimal, new: Fraction | Decimal, ind: Indicator | None) -> str:
    """`-1.18亿元 (-3.4%)` for an amount; `-0.09pp` for a ratio in %, which changes in points."""
    decimals = ind.decimals or 0 if ind else 0
    if type(old) is not type(new):
        old, new = Fraction(old), Fraction(new)
    if ind is not None and ind.percent:
        return _("{change} pp").format(change=_written(new - old, decimals, sign=True))  # type: ignore[operator]
    change = _written(new - old, decimals, sign=True) + (ind.unit if ind else "")  # type: ignore[operator]
    if old == 0:
        return change
    return _("{change} ({percent}%)").format(change=change, percent=_percent(old, new))


def _percent(old: Fraction | Decimal, new: Fraction | Decimal) -> str:
    """The change in percent with one decimal, more where one would read as no change (`+0.04`)."""
    if isinstance(old, Decimal) and isinstance(new, Decimal):
        exact = (new - old) * 100 / old  # 28 significant digits: ample for one decimal
        for places in range(1, 41):
            shown = exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
            if shown or not exact:
                break
        return ("+" if shown > 0 else "") + format(shown, "f")
    return fmt_change((Fraction(new) / Fraction(old) - 1) * 100, 1)


def _stage(f: Figure | None) -> str | None:
    return None if f is None else f.stage


class DiffRow(NamedTuple):
    kind: str  # figure | target
    id: str
    name: str
    year: int
    where: str  # actuals | months.6 | days.2024-09-15 | units.高新区 | peers.兴化市 | targets
    unit: str
    old: Fraction | None
    new: Fraction | None
    old_target: str | None
    new_target: str | None
    old_stage: str | None
    new_stage: str | None
    old_source: str | None
    new_source: str | None
    old_note: str | None
    new_note: str | None
    renamed_from: str | None
    shown: dict[str, str]
    styles: dict[str, str]


class FlipRow(NamedTuple):
    id: str
    name: str
    year: int
    what: str  # status | pace | rank
    old: str | None
    new: str | None
    text: str


def _where(key: tuple) -> str:
    """The key without its indicator: `actuals`, `months.6`, `units.高新区`, `units.months.6.高新区`."""
    return ".".join(str(k) for k in key[:-1]) if len(key) > 1 and key[0] != "targets" else key[0]


def _where_text(where: str, flow: bool = True) -> str:
    """`actual`, `target`, `1–6月` (a stock or ratio: `6月末`), `高新区`, `高新区 1–6月`."""
    parts = where.split(".")
    if parts[0] == "actuals":
        return _("actual")
    if parts[0] == "targets":
        return _("target")
    if parts[0] in ("months", "days"):
        return _span(parts[0], parts[1], flow)
    if len(parts) >= 4 and parts[1] in ("months", "days"):
        return f"{'.'.join(parts[3:])} " + _span(parts[1], parts[2], flow)
    return ".".join(parts[1:])


def _span(what: str, end: str, flow: bool = True) -> str:
    """A flow's `1–6月` (to a month's end), `1月1日–9月15日` (to an as_of within a month); the level of a
    stock or ratio at `6月末`, `9月15日`."""
    if what == "months":
        return (_("1–{month}月") if flow else _("{month}月末")).format(month=end)
    month, day = end.split("-")[1:]
    return (_("1月1日–{month}月{day}日") if flow else _("{month}月{day}日")).format(month=int(month), day=int(day))


def _flip_word(what: str, code: str | None) -> str:
    if code is None:
        return "—"
    if what == "status":
        return _(STATUS_WORDS[code])
    if what == "pace":
        return _(LIGHT_WORDS[code])
    return code


def diff_view(c: Comparison, catalogue: Catalogue, old_label: str, new_label: str) -> View:
    rows = []
    for ch in c.changes:
        ind = catalogue.indicators.get(ch.ident)
        name = ind.name if ind else ch.ident
        old, new = ch.old, ch.new
        old_v = Fraction(old.value) if old else None
        new_v = Fraction(new.value) if new else None
        if ch.kind == "target":
            shown_old = target_words(ch.old_target, ind) if ch.old_target else "—"
            shown_new, change = target_words(ch.new_target, ind) if ch.new_target else "—", ""
        else:
            shown_old = value_text(old_v, ind, approximate=bool(old and old.approximate))
            shown_new = value_text(new_v, ind, approximate=bool(new and new.approximate))
            change = (
                revision_text(old_v, new_v, ind) if old_v is not None and new_v is not None and old_v != new_v else ""
            )
        stages = (
            "" if _stage(old) == _stage(new) else f"{stage_word(_stage(old)) or '—'} → {stage_word(_stage(new)) or '—'}"
        )
        sources = ""
        if (old.source if old else None) != (new.source if new else None):
            sources = f"{(old.source if old else None) or '—'} → {(new.source if new else None) or '—'}"
        note_change = ""
        if (old.note if old else None) != (new.note if new else None):
            note_change = f"{(old.note if old else None) or '—'} → {(new.note if new else None) or '—'}"
        where = _where(ch.key)
        label = name + (_(" (was {id})").format(id=ch.old_ident) if ch.old_ident else "")
        shown = {
            "year": str(ch.year),
            "name": label,
            "where": _where_text(where, ind is None or ind.kind == "flow"),
            "old": shown_old,
            "new": shown_new,
            "change": change,
            "stage": stages,
            "source": sources,
            "note": note_change,
        }
        rows.append(
            DiffRow(
                ch.kind, ch.ident, name, ch.year, where, ind.unit if ind else "", old_v, new_v,
                ch.old_target, ch.new_target, _stage(old), _stage(new),
                old.source if old else None, new.source if new else None,
                old.note if old else None, new.note if new else None, ch.old_ident, shown, {},
            )
        )  # fmt: skip
    flips = []
    for f in c.flips:
        ind = catalogue.indicators.get(f.ident)
        name = ind.name if ind else f.ident
        words = {"status": "", "pace": _("pace "), "rank": _("rank ")}[f.what]
        text = _("{name} {year}: {what}{old} → {new}").format(
            name=name, year=f.year, what=words, old=_flip_word(f.what, f.old), new=_flip_word(f.what, f.new)
        )
        flips.append(FlipRow(f.ident, name, f.year, f.what, f.old, f.new, text))
    columns = [
        Column("name", _("Indicator")),
        Column("id", "id", only="csv"),
        Column("year", _("Year")),
        Column("where", _("Period")),
        Column("kind", "kind", only="csv"),
        Column("old", _("Old")),
        Column("new", _("New")),
        Column("change", _("Change"), "right", only="people"),
        Column("old_target", "old_target", only="csv"),
        Column("new_target", "new_target", only="csv"),
        Column("stage", _("Stage"), only="people"),
        Column("old_stage", "old_stage", only="csv"),
        Column("new_stage", "new_stage", only="csv"),
        Column("source", _("Source"), only="people", drop=2),
        Column("old_source", "old_source", only="csv"),
        Column("new_source", "new_source", only="csv"),
        Column("note", _("Note"), only="people", drop=3),
    ]
    title = _("Figures changed from {old} to {new}").format(old=old_label, new=new_label)
    notes: list[Note] = []
    if not rows:
        notes.append(Note(_("no figure or target changed")))
    if flips:
        notes.append(Note(_("What flips"), kind="heading"))
        notes += [Note(f.text, kind="item") for f in flips]
    elif rows:
        notes.append(Note(_("no status, pace light or rank flips"), "dim"))

    def document(v: View) -> dict:
        return {
            "from": old_label,
            "to": new_label,
            "renamed": c.renamed,
            "changes": [as_json(r) for r in v.rows],
            "flips": [as_json(f._replace(text=f.text)) for f in flips],
        }

    return View(title, columns, rows, notes, document)


class HistoryRow(NamedTuple):
    date: str
    commit: str
    short: str
    author: str
    message: str
    path: str
    value: Fraction | None
    stage: str | None
    source: str | None
    note: str | None
    shown: dict[str, str]
    styles: dict[str, str]


def history_view(
    log: Log, ind: Indicator, catalogue: Catalogue, year: int, month: int | None, day: str | None = None
) -> View:
    def value_of(r: Revision) -> tuple[Fraction | None, str | None]:
        """The figure as the file states it, or as its formula computes it there (value, stage)."""
        if r.figure is not None:
            return Fraction(r.figure.value), r.figure.stage
        return r.derived.get(ind.id, (None, None))

    rows = []
    previous: Fraction | None = None
    for r in log.revisions:
        f = r.figure
        value, stage = value_of(r)
        change = ""
        if previous is not None and value is not None and previous != value:
            change = revision_text(previous, value, ind)
        shown = {  # every column people read, so no row is turned into JSON to be shown
            "date": r.date,
            "short": r.short,
            "author": r.author,
            "message": r.message,
            "value": value_text(value, ind, approximate=bool(f and f.approximate)),
            "stage": stage_word(stage),
            "change": change,
            "source": (f.source or "") if f else "",
            "note": (f.note or "") if f else "",
        }
        rows.append(
            HistoryRow(
                r.date, r.commit, r.short, r.author, r.message, r.path, value,
                stage, f.source if f else None, f.note if f else None, shown, {},
            )
        )  # fmt: skip
        if value is not None:
            previous = value
    columns = [
        Column("date", _("Date")),
        Column("short", _("Commit")),
        Column("commit", "commit", only="csv"),
        Column("author", _("Author"), drop=3),
        Column("message", _("Message"), drop=2),
        Column("value", _("Value"), "right"),
        Column("stage", _("Stage")),
        Column("change", _("Change"), "right", only="people"),
        Column("source", _("Source"), drop=4),
        Column("note", _("Note"), drop=5),
        Column("path", "path", only="csv"),
    ]
    flow = ind.kind == "flow"  # a stock or a ratio is a level at the period's end: 9月末
    if day:
        template = _("{year} 1月1日–{month}月{day}日") if flow else _("{year} {month}月{day}日")
        period = template.format(year=year, month=int(day[5:7]), day=int(day[8:10]))
    elif month:
        period = (_("{year} 1–{month}月") if flow else _("{year} {month}月末")).format(year=year, month=month)
    else:
        period = str(year)
    title = _("{name} ({unit}) · {period} · its revisions").format(name=ind.name, unit=ind.unit, period=period)
    known = [r for r in log.revisions if value_of(r)[0] is not None]
    total = None
    derived_lines: list[dict] = []
    notes: list[Note] = []
    if known and all(r.figure is None for r in known):
        notes.append(Note(_computed_how(ind, catalogue, year, month), "dim"))
    if len(known) >= 2:
        first = next((r for r in known if value_of(r)[1] == "estimate"), known[0])
        last = known[-1]
        (old, fs), (new, ls) = value_of(first), value_of(last)
        assert old is not None and new is not None
        if first is not last and ((old, fs) != (new, ls) or first.figure != last.figure):
            change = revision_text(old, new, ind)
            if fs and ls:
                text = _("{first} → {last}: {change}").format(first=stage_word(fs), last=stage_word(ls), change=change)
            else:
                text = _("{first} → {last}: {change}").format(
                    first=value_text(old, ind), last=value_text(new, ind), change=change
                )
            notes.append(Note(_("Total revision: {text}").format(text=text)))
            total = {
                "from_commit": first.short,
                "to_commit": last.short,
                "from_stage": fs,
                "to_stage": ls,
                "from": as_json(old),
                "to": as_json(new),
                "change": as_json(new - old),
                "change_unit": "pp" if ind.percent else ind.unit,
                "percent": None if ind.percent or old == 0 else exact((new / old - 1) * 100, point=True),
            }
            for other in catalogue.indicators.values():
                if other.formula is None or ind.id not in other.formula.refs:
                    continue
                a, b = first.derived.get(other.id), last.derived.get(other.id)
                if a is None or b is None or a[0] == b[0]:
                    continue
                line = _("{name} {old} → {new} ({change})").format(
                    name=other.name,
                    old=value_text(a[0], other),
                    new=value_text(b[0], other),
                    change=revision_text(a[0], b[0], other).removesuffix(""),
                )
                notes.append(Note(_("Knock-on: {line}").format(line=line)))
                derived_lines.append(
                    {"id": other.id, "name": other.name, "from": as_json(a[0]), "to": as_json(b[0]),
                     "change": as_json(b[0] - a[0]), "change_unit": "pp" if other.percent else other.unit}
                )  # fmt: skip
    if not log.revisions:
        notes.append(Note(_("no commit changed this figure")))
    for short, problem in log.broken:
        notes.append(
            Note(
                _("{commit}: the file could not be read ({problem}); left out").format(commit=short, problem=problem),
                "dim",
            )
        )
    if log.shallow:
        notes.append(Note(_("this clone is shallow: older commits are not here (git fetch --unshallow)"), "dim"))

    def document(v: View) -> dict:
        return {
            "id": ind.id,
            "name": ind.name,
            "unit": ind.unit,
            "year": year,
            "month": month,
            "revisions": [as_json(r) for r in v.rows],
            "total": total,
            "derived": derived_lines,
        }

    return View(title, columns, rows, notes, document)


def _computed_how(ind: Indicator, catalogue: Catalogue, year: int, month: int | None) -> str:
    """How a figure no file states was computed at each commit: by its formula, from its parts, or summed
    from the sub-units' (板块) figures, which `sciplan units` shows one by one."""
    if ind.formula is not None:
        return _("computed at each commit by its formula: {formula}").format(formula=ind.formula)
    if ind.parts:
        names = [catalogue.indicators[p].name if p in catalogue.indicators else p for p in ind.parts]
        return _("computed at each commit as the sum of its parts: {parts}").format(parts=" + ".join(names))
    command = f"sciplan units {year} {ind.id}" + (f" --month {month}" if month else "")
    return _("summed at each commit from the units' figures; each unit's: {command}").format(command=command)
