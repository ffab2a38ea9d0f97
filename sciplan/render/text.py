"""`--format markdown|plain`: tabulate's pipe table (Markdown) and its plain layout.

tabulate measures Chinese characters as two columns wide through wcwidth, so columns line up.
"""

from __future__ import annotations

import sys

from tabulate import tabulate

from sciplan.charset import fit
from sciplan.render import Grid, Note, Section

_TABLEFMT = {"markdown": "pipe", "plain": "simple"}
_ALIGN = {"left": "left", "right": "right", "center": "center"}


def print_text(grid: Grid, fmt: str) -> None:
    markdown = fmt == "markdown"
    encoding = getattr(sys.stdout, "encoding", None)
    columns, shown = grid.shown(fmt)
    rows = []
    for row in shown:
        if isinstance(row, Section):
            title = f"**{row.title}**" if markdown else f"[{row.title}]"
            rows.append([fit(title, encoding)] + [""] * (len(columns) - 1))
        else:  # characters the output lacks are replaced before tabulate measures the columns
            rows.append([fit(_escape(c.text) if markdown else c.text, encoding) for c in row])
    table = tabulate(
        rows,
        headers=[fit(c.header, encoding) for c in columns],
        tablefmt=_TABLEFMT[fmt],
        colalign=[_ALIGN[c.justify] for c in columns],
        disable_numparse=True,
    )
    out = [f"## {grid.title}" if markdown else grid.title, "", table]
    if grid.notes:
        out.append("")
        out += _markdown_notes(grid.notes) if markdown else [_plain_note(n) for n in grid.notes]
    sys.stdout.write(fit("\n".join(out).rstrip("\n") + "\n", encoding))


def _plain_note(note: Note) -> str:
    return f"  {note.text}" if note.kind == "item" else note.text


def _markdown_notes(notes: list[Note]) -> list[str]:
    """Paragraphs, bold headings and lists, each block set off by a blank line (CommonMark)."""
    out: list[str] = []
    previous = None
    for note in notes:
        if out and not (note.kind == "item" and previous == "item"):
            out.append("")
        text = _escape_markdown(note.text)
        out.append(f"**{text}**" if note.kind == "heading" else f"- {text}" if note.kind == "item" else text)
        previous = note.kind
    return out


def _escape_markdown(text: str) -> str:
    """A note may start with * or a marker that Markdown would read as a list or emphasis."""
    text = text.replace("|", "\\|")
    return "\\" + text if text[:1] in "*-+#>" else text


def _escape(text: str) -> str:
    return text.replace("|", "\\|")
