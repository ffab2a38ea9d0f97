"""What `set` does once its command line is read (quick.py calls it straight when a plain command line
needs no parser, figure_commands.py declares it to typer), and the change table `set` and `import` show:
none of it needs typer, whose import was a fifth of a `set` on the demo."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from sciplan.cli.process import print_problems
from sciplan.cli.shared import Where
from sciplan.core.i18n import _
from sciplan.core.problem import UsageError

if TYPE_CHECKING:
    from sciplan.app.recording import Changes


def set_figure(
    indicator: str,
    value: str,
    year: int,
    month: int | None,
    unit: str | None,
    peer: str | None,
    note: str | None,
    source: str | None,
    stage: str | None,
    dry_run: bool,
    *,
    where: Where,
) -> None:
    from sciplan.app import query, recording
    from sciplan.core.records import STAGE_CODES

    if unit is not None and peer is not None:
        raise UsageError(_("--unit and --peer name different figures; give one of them"))
    if stage is not None and stage.strip() not in STAGE_CODES:
        message = _("--stage {stage}: a stage is one of 预计, 快报, 年报, 公报 (or estimate, flash, annual, bulletin)")
        raise UsageError(message.format(stage=stage))
    project, catalogue = query.plan_of(where.root, where.use_cache)
    ind = query.indicator(catalogue, indicator)
    if unit is not None and unit not in catalogue.units:
        known = ", ".join(catalogue.units) or _("none")
        raise UsageError(_("--unit {name}: not a unit of targets.yaml (units: {known})").format(name=unit, known=known))
    figure = recording.Figure(
        ind.id, written(value, ind.unit), unit, peer, note, source, stage=None if stage is None else stage.strip()
    )
    changes = recording.plan(project.root, catalogue, year, [figure], month)
    show(changes)
    if not dry_run:
        said(changes, recording.write(changes))


def written(raw: str, unit: str) -> Any:
    """The value as a user writes it: a number in the indicator's unit bare (`86家` -> 86), another unit kept
    (`5.6亿元`), approximate wording as written; text that is no number is left for the check to locate."""
    from sciplan.core.problem import BadValue
    from sciplan.validate.values import normalize, split_number

    text = raw.strip()
    if text in ("null", "~", "Null", "NULL"):
        return None
    try:
        number, written_unit, approximate = split_number(text)
    except BadValue:
        return text
    if approximate:
        return normalize(text)
    if written_unit in ("", unit):
        return number
    return f"{format(number, 'f')}{written_unit}"


def show(changes: Changes) -> None:
    """The change table on stdout, and one line for what the write does besides."""
    rows = [
        [
            r.name,
            r.period,
            f"{in_unit(r.old, r.unit)} → {in_unit(r.new, r.unit)}" + (f" ({r.stage})" if r.stage else ""),
            r.unit,
            _(r.state),
        ]
        for r in changes.rows
        if r.state != "unchanged" or len(changes.rows) < 50
    ]
    headers = [_("indicator"), _("period"), _("old → new"), _("unit"), _("change")]
    if rows:
        print(simple_table(headers, rows))
    counts = _("{new} new, {changed} changed, {unchanged} unchanged").format(
        new=changes.count("new"), changed=changes.count("changed"), unchanged=changes.count("unchanged")
    )
    print(counts)
    if changes.rolled:
        old, new = changes.rolled
        message = _("as_of {old} → {new}: the figures as of {old} move under months: {month}")
        print(message.format(old=old, new=new, month=int(old[5:7])))
        if changes.emptied:
            message = _(
                "not in the new figures, so not reported as of {new} "
                "(their {old} figures are under months: {month}): {names}"
            )
            print(message.format(new=new, old=old, month=int(old[5:7]), names="、".join(changes.emptied)))
        if changes.stale_source:
            message = _(
                "source: {source!r} was said of the figures as of {old}; "
                "change it if the new figures come from elsewhere"
            )
            print(message.format(source=changes.stale_source, old=old))
    for line in changes.kept:
        print(line, file=sys.stderr)
    print_problems(changes.warnings)


def simple_table(headers: list[str], rows: list[list[str]]) -> str:
    """tabulate's "simple" table of texts (columns two spaces apart, a Chinese character two columns wide,
    a header two wider than its text at least), without importing tabulate and wcwidth: a third of `set`'s
    start-up. tests/test_set.py holds it equal to tabulate's."""
    import unicodedata

    def width(text: str) -> int:
        wide = ("W", "F")
        return sum(
            0 if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf") else
            2 if unicodedata.east_asian_width(c) in wide else 1
            for c in text
        )  # fmt: skip

    rows = [[c.strip() for c in r] for r in rows]  # as tabulate: the cells stripped, the headers not
    widths = [max([width(h) + 2, *(width(r[n]) for r in rows)]) for n, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)])


def in_unit(value: Any, unit: str) -> str:
    """A figure of the change table in the indicator's unit (the table's unit column), as import converts
    it: `0.09亿元` for an indicator in 万元 is shown 900, beside an old 820, though the file keeps what
    the user wrote. Approximate wording stays (`约6040`); text that is no figure is shown as written."""
    from sciplan.core.problem import BadValue
    from sciplan.store.yamledit import scalar_text
    from sciplan.validate.values import parse_value

    if value is None:
        return "—"
    if isinstance(value, str):
        try:
            quantity = parse_value(value, unit)
        except BadValue:
            return value
        text = format(quantity.value, "f")
        return quantity.approximate + text if quantity.approximate in ("近", "约") else text + quantity.approximate
    return scalar_text(value).strip('"')


def said(changes: Changes, written: bool) -> None:
    if written:
        print(_("wrote {file}").format(file=changes.file.file), file=sys.stderr)
    else:
        print(_("{file} unchanged").format(file=changes.file.file), file=sys.stderr)
