"""`--format markdown|plain`: tabulate's pipe table (Markdown) and its plain layout.

tabulate measures Chinese characters as two columns wide through wcwidth, so columns line up.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from tabulate import tabulate

from sciplan.render.encoding import fit
from sciplan.render.markdown import block, inline
from sciplan.views import Note, Section, View, text

_TABLEFMT = {"markdown": "pipe", "plain": "simple"}
_ALIGN = {"left": "left", "right": "right", "center": "center"}


def print_text(view: View, fmt: str) -> None:
    markdown = fmt == "markdown"
    encoding = getattr(sys.stdout, "encoding", None)
    columns = view.shown(fmt)
    rows = []
    for row in view.layout(fmt):
        if isinstance(row, Section):
            title = f"**{inline(row.title)}**" if markdown else f"[{row.title}]"
            rows.append([fit(title, encoding)] + [""] * (len(columns) - 1))
        else:  # characters the output lacks are replaced before tabulate measures the columns
            cells = [text(row, c.key) for c in columns]
            rows.append([fit(inline(c) if markdown else c, encoding) for c in cells])
    table = tabulate(
        rows,
        headers=[fit(c.header, encoding) for c in columns],
        tablefmt=_TABLEFMT[fmt],
        colalign=[_ALIGN[c.justify] for c in columns],
        disable_numparse=True,
    )
    out = [f"## {inline(view.title)}" if markdown else view.title, "", table]
    if view.notes:
        out.append("")
        out += _markdown_notes(view.notes) if markdown else [_plain_note(n) for n in view.notes]
    sys.stdout.write(fit("\n".join(out).rstrip("\n") + "\n", encoding))


def _plain_note(note: Note) -> str:
    return f"  {note.text}" if note.kind == "item" else note.text


def _markdown_notes(notes: Sequence[Note]) -> list[str]:
    """Paragraphs, bold headings and lists, each block set off by a blank line (CommonMark)."""
    out: list[str] = []
    previous = None
    for note in notes:
        if out and not (note.kind == "item" and previous == "item"):
            out.append("")
        text = block(note.text)
        out.append(f"**{text}**" if note.kind == "heading" else f"- {text}" if note.kind == "item" else text)
        previous = note.kind
    return out
