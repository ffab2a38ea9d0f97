"""`--format csv`: RFC 4180 (CRLF line ends), UTF-8; `--bom` for Excel and WPS, which otherwise
read Chinese text as garbage; `--encoding gbk` for an old Excel that reads CSV in the system's code
page. Each column's key is the path of its value in the JSON row, and its cells hold exactly that
value: unrounded, without units or thousands separators. `--header zh` writes a header row of words
for people instead of the keys, and the codes in its cells in words too (`short` 未完成, `green` 正常, `true`
是, `pp` 个百分点); numbers stay exact either way.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(…)`,
`=cmd|' /C calc'!A0`), and reads a text such as `+15%` as the number 0.15, so every text cell starting
with one of them (or a tab or CR) gets a leading `'` (OWASP's advice); numbers stay numbers."""

from __future__ import annotations

import csv
import io
import sys

from sciplan.core.i18n import N_, _
from sciplan.core.problem import SciplanError
from sciplan.render.style import CsvStyle
from sciplan.views import Column, View, as_json, csv_value, value_at

# Words for the columns only CSV has (the others have their table header).
CSV_WORDS = {
    "approximate": N_("Approximate (约数)"),
    "derived": N_("Computed (推算)"),
    "estimated": N_("Estimated (预计数)"),
    "group": N_("Group"),
    "id": N_("id"),
    "latest_year": N_("Latest year"),
    "name": N_("Indicator"),
    "pace.gap": N_("Pace gap (pp)"),
    "plan": N_("Plan"),
    "rank.of": N_("Ranked among"),
    "rate_unit": N_("Rate unit"),
    "self": N_("This region"),
    "stage": N_("Stage"),
    "stretch_met": N_("Stretch (力争) met"),
    "target.value": N_("Threshold"),
    "unit": N_("Unit"),
    "yoy_unit": N_("YoY unit"),
}


def _header(column: Column, words: bool) -> str:
    if not words:
        return column.key
    if column.only == "csv":
        return _(CSV_WORDS.get(column.key, column.key))
    return column.header


def rows(view: View, header: str = "key") -> list[list[str]]:
    """The header and the rows, as written: with `--header zh` (for people) the codes in words too."""
    columns = view.shown("csv")
    words = header != "key"
    out = [[_header(c, words) for c in columns]]
    for row in view.rows:
        document = as_json(row)
        if words:
            out.append([cell(in_words(c.key, value_at(document, c.key))) for c in columns])
        else:
            out.append([cell(value_at(document, c.key)) for c in columns])
    return out


def in_words(key: str, value: object) -> object:
    """A code as people read it, for `--header zh`: a status (`short` 未完成), a pace light (`green` 正常), a
    stage (`flash` 快报), a plan's category, a flag (是/否) and the unit `pp` (个百分点); numbers and names
    stay as they are. The default CSV (`--header key`) keeps the codes programs read."""
    from sciplan.views.indicators import KIND_WORDS
    from sciplan.views.plans import CATEGORY_WORDS
    from sciplan.views.sentences import MILESTONE_WORDS
    from sciplan.views.words import LIGHT_WORDS, STAGE_SHORT, STATUS_WORDS

    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if not isinstance(value, str):
        return value
    last = key.rsplit(".", 1)[-1]
    for suffix, words in (
        ("status", {**MILESTONE_WORDS, **STATUS_WORDS}),
        ("light", LIGHT_WORDS),
        ("stage", STAGE_SHORT),
        ("category", CATEGORY_WORDS),
        ("kind", KIND_WORDS),
        ("unit", {"pp": N_("pp")}),
    ):
        if last.endswith(suffix) and value in words:
            return _(words[value])
    return value


def print_csv(view: View, style: CsvStyle) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows(view, style.header))
    text = buffer.getvalue()
    try:
        data = text.encode(style.encoding)
    except UnicodeEncodeError as exc:  # never a '?' in place of a character of a name
        bad = text[exc.start : exc.end]
        fields = {"char": bad, "encoding": style.encoding.upper()}
        raise SciplanError(
            _("{char!r} cannot be written in {encoding}").format(**fields), code="unencodable", **fields
        ) from None
    sys.stdout.flush()
    sys.stdout.buffer.write((b"\xef\xbb\xbf" if style.bom else b"") + data)
    sys.stdout.buffer.flush()


# What a spreadsheet would run as a formula; the full-width forms too, which WPS may take for them.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def safe_cell(text: str) -> str:
    """`text` as a CSV cell no spreadsheet runs or converts: `=1+1` -> `'=1+1`, and a text that
    looks like a number too (a target `+15%`, which Excel and WPS would turn into 0.15): every
    text cell starting so gets the `'`. A number column is written as a number (`cell`), never text."""
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def cell(value: object) -> str:
    """A JSON value as a CSV cell: a number as JSON writes it, text made safe for a spreadsheet."""
    return safe_cell(value) if isinstance(value, str) else csv_value(value)
